package store

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// fileLock is an OS lock on a sidecar file: one writer per store across processes (two Grafana
// servers sharing a directory, a second plugin process during an upgrade). The OS drops it when
// the process dies, so a crash never leaves the store locked.
type fileLock struct {
	f *os.File
}

// acquireLock takes the lock without waiting, or says which process holds it.
func acquireLock(path string) (*fileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot open the audit store's lock file %q: %w", path, err)
	}
	held, err := tryLock(f)
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("cannot lock %q: %w", path, err)
	}
	if !held {
		owner := readOwner(path)
		_ = f.Close()
		return nil, fmt.Errorf("%w (%s): one Grafana server process writes each store; stop the other process "+
			"or give each Grafana server its own store directory", ErrInUse, owner)
	}
	// The pid is for the message above; the lock, not the text, is what excludes.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &fileLock{f: f}, nil
}

func readOwner(path string) string {
	data, err := os.ReadFile(path)
	pid := strings.TrimSpace(string(data))
	if err != nil || pid == "" {
		return "lock " + path
	}
	return "process " + pid + " holds " + path
}

func (l *fileLock) release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := unlock(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}
