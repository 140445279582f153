package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// PluginID is the section name of the plugin's settings in grafana.ini.
const PluginID = "auditlens-entraid-datasource"

// DirSetting is the key in grafana.ini's [plugin.auditlens-entraid-datasource] section.
const DirSetting = "store_dir"

// DirEnv is how Grafana hands that key to the plugin process: GF_PLUGIN_ + the key upper-cased
// (grafana/grafana pkg/services/pluginsintegration/pluginconfig/envvars.go, pluginSettingsEnvVars).
const DirEnv = "GF_PLUGIN_STORE_DIR"

// uidPrefixLen bounds the readable part of a file name; the hash makes the name unique.
const uidPrefixLen = 24

// DirFromEnv returns the store directory from the plugin's environment, or an error saying what
// to put in grafana.ini. A directory inside the plugin's own (replaced by every upgrade) is refused.
func DirFromEnv(getenv func(string) string) (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("cannot locate the plugin executable to keep the store out of its directory: %w", err)
	}
	return dirFromEnv(getenv, exe)
}

func dirFromEnv(getenv func(string) string, executable string) (string, error) {
	dir := strings.TrimSpace(getenv(DirEnv))
	if dir == "" {
		return "", fmt.Errorf("%w: add `%s = /var/lib/grafana/auditlens` (a directory only the Grafana server's user can write) "+
			"to the [plugin.%s] section of grafana.ini and restart Grafana (Grafana forwards only the keys that section lists; "+
			"%s in the server's environment overrides the value only once the line is there)",
			ErrNotConfigured, DirSetting, PluginID, DirEnv)
	}
	if !filepath.IsAbs(dir) {
		return "", fmt.Errorf("%w: %s = %q is relative; give an absolute path in [plugin.%s] of grafana.ini", ErrUnsafeDir, DirSetting, dir, PluginID)
	}
	dir = filepath.Clean(dir)
	pluginDir := resolveExisting(filepath.Dir(executable))
	if within(resolveExisting(dir), pluginDir) || within(dir, filepath.Dir(executable)) {
		return "", fmt.Errorf("%w: %s = %q is inside the plugin's own directory %q, which every plugin upgrade replaces; "+
			"choose a directory outside it, e.g. /var/lib/grafana/auditlens", ErrUnsafeDir, DirSetting, dir, pluginDir)
	}
	return dir, nil
}

// resolveExisting follows symlinks in the longest existing prefix of path.
func resolveExisting(path string) string {
	rest := ""
	for p := path; ; p = filepath.Dir(p) {
		if resolved, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(resolved, rest)
		}
		if filepath.Dir(p) == p {
			return path
		}
		rest = filepath.Join(filepath.Base(p), rest)
	}
}

func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// prepareDir creates the directory 0700 when missing and refuses one others can write to.
func prepareDir(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("cannot create the audit store directory %q: %w; create it for the Grafana server's user with mode 0700", dir, err)
	}
	resolved, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", fmt.Errorf("cannot resolve the audit store directory %q: %w", dir, err)
	}
	info, err := os.Stat(resolved)
	if err != nil {
		return "", fmt.Errorf("cannot read the audit store directory %q: %w", dir, err)
	}
	if !info.IsDir() {
		return "", fmt.Errorf("%w: %q is not a directory; point %s at a directory", ErrUnsafeDir, dir, DirSetting)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o022 != 0 {
		return "", fmt.Errorf("%w: %q (%s) can be written by other users, who could replace the audit history; "+
			"run `chmod 700 %s`", ErrUnsafeDir, resolved, info.Mode().Perm(), resolved)
	}
	return resolved, nil
}

// fileName is readable where it can be and safe whatever the uid holds: the uid's letters and
// digits (at most uidPrefixLen of them), then a hash of the exact uid.
func fileName(k Key) string {
	var readable strings.Builder
	for _, r := range k.UID {
		if readable.Len() >= uidPrefixLen {
			break
		}
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == '-' || r == '_' {
			readable.WriteRune(r)
		}
	}
	sum := sha256.Sum256([]byte(k.UID))
	return fmt.Sprintf("org%d-%s-%s.sqlite", k.OrgID, readable.String(), hex.EncodeToString(sum[:12]))
}

// checkRegularFile refuses a symlink or anything but a regular file where the store's file goes,
// so nobody can point the plugin's writes at another file; a missing file is fine.
func checkRegularFile(path string) error {
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot read %q: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%w: %q is a %s, not a regular file; remove it so the store can be created", ErrUnsafeDir, path, describeMode(info.Mode()))
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		if err := os.Chmod(path, 0o600); err != nil {
			return fmt.Errorf("cannot restrict %q to mode 0600: %w", path, err)
		}
	}
	return nil
}

func describeMode(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	case m.IsDir():
		return "directory"
	default:
		return "special file"
	}
}
