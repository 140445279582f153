package store

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func envWith(value string) func(string) string {
	return func(name string) string {
		if name == DirEnv {
			return value
		}
		return ""
	}
}

func TestDirFromEnvSaysWhatToConfigure(t *testing.T) {
	exe := filepath.Join(t.TempDir(), "plugins", PluginID, "gpx_entraid_linux_amd64")
	_, err := dirFromEnv(envWith(""), exe)
	if !errors.Is(err, ErrNotConfigured) {
		t.Fatalf("got %v, want ErrNotConfigured", err)
	}
	for _, want := range []string{"[plugin." + PluginID + "]", DirSetting + " = ", "grafana.ini", DirEnv} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q: %v", want, err)
		}
	}
}

func TestDirFromEnvRefusesRelativePathsAndThePluginsOwnDirectory(t *testing.T) {
	root := t.TempDir()
	pluginDir := filepath.Join(root, "plugins", PluginID)
	if err := os.MkdirAll(pluginDir, 0o755); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(pluginDir, "gpx_entraid_linux_amd64")
	for _, bad := range []string{"store", "./store", pluginDir, filepath.Join(pluginDir, "data"), filepath.Join(pluginDir, "a", "..", "b")} {
		if _, err := dirFromEnv(envWith(bad), exe); !errors.Is(err, ErrUnsafeDir) {
			t.Errorf("%q: got %v, want ErrUnsafeDir", bad, err)
		}
	}
	if runtime.GOOS != "windows" {
		// A symlink elsewhere that leads into the plugin directory is the plugin directory.
		link := filepath.Join(root, "innocent")
		if err := os.Symlink(pluginDir, link); err != nil {
			t.Fatal(err)
		}
		if _, err := dirFromEnv(envWith(filepath.Join(link, "store")), exe); !errors.Is(err, ErrUnsafeDir) {
			t.Errorf("a symlink into the plugin directory: got %v", err)
		}
	}
	good := filepath.Join(root, "auditlens")
	got, err := dirFromEnv(envWith("  "+good+string(filepath.Separator)+"  "), exe)
	if err != nil || got != good {
		t.Fatalf("got %q, %v; want %q", got, err, good)
	}
	// A sibling whose name starts like the plugin directory is not inside it.
	sibling := pluginDir + "-store"
	if _, err := dirFromEnv(envWith(sibling), exe); err != nil {
		t.Fatalf("sibling %q refused: %v", sibling, err)
	}
}
