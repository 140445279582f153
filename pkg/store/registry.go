package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sync"
)

// Registry hands out one open file per store to the whole process. Grafana's SDK creates a
// data-source instance on the first request and disposes it on every settings change (the old one
// lingers a few seconds), so several instances of one data source hold the same store at once;
// the file stays open, locked and written by one connection until the last of them closes.
type Registry struct {
	mu    sync.Mutex
	files map[string]*shared
	opts  openOptions
}

// shared is one open file and how many handles hold it.
type shared struct {
	// inUse is held shared by every operation and exclusively to close the file, so the last
	// Close or a Delete never pulls the file from under a running query.
	inUse sync.RWMutex
	file  *sqliteFile
	refs  int
	// deleted: the files are gone; every handle still held answers ErrClosed.
	deleted bool
	// attached are the store's process-wide companions (its one sync), closed before the file.
	attached map[string]io.Closer
}

// NewRegistry makes an empty registry; the plugin uses the process's, through Open.
func NewRegistry() *Registry {
	return &Registry{files: make(map[string]*shared)}
}

var processRegistry = NewRegistry()

// Open returns a handle on the store of key k in dir (see DirFromEnv), through the process's
// registry. Close the handle when the data-source instance is disposed.
func Open(ctx context.Context, dir string, k Key) (*Handle, error) {
	return processRegistry.Open(ctx, dir, k)
}

// Open returns a handle on the store of key k in dir, opening the file if no handle holds it.
func (r *Registry) Open(ctx context.Context, dir string, k Key) (*Handle, error) {
	if !filepath.IsAbs(dir) {
		return nil, fmt.Errorf("%w: the store directory %q is not absolute", ErrUnsafeDir, dir)
	}
	resolved, err := prepareDir(dir)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(resolved, fileName(k))
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.files[path]; ok {
		s.refs++
		return &Handle{registry: r, path: path, shared: s}, nil
	}
	file, err := openFile(ctx, path, k, r.opts)
	if err != nil {
		return nil, err
	}
	s := &shared{file: file, refs: 1}
	r.files[path] = s
	return &Handle{registry: r, path: path, shared: s}, nil
}

// Handle is one holder's use of a store; it implements Store.
type Handle struct {
	registry *Registry
	path     string
	mu       sync.Mutex
	shared   *shared // nil once this handle is closed
	// unowned handles (companion.go) do not count as holders.
	unowned bool
}

var _ Store = (*Handle)(nil)

// Path is the store's file, for status pages and for the manual removal the docs describe.
func (h *Handle) Path() string { return h.path }

// use returns the open file and a release to call when the operation ends, or ErrClosed once
// this handle was closed or the store deleted.
func (h *Handle) use() (*sqliteFile, func(), error) {
	h.mu.Lock()
	s := h.shared
	h.mu.Unlock()
	if s == nil {
		return nil, nil, fmt.Errorf("%w: %q", ErrClosed, h.path)
	}
	s.inUse.RLock()
	if s.file.writer == nil {
		s.inUse.RUnlock()
		return nil, nil, fmt.Errorf("%w: %q was deleted", ErrClosed, h.path)
	}
	return s.file, s.inUse.RUnlock, nil
}

// Close releases this handle; closing twice is harmless (instances are disposed freely).
func (h *Handle) Close() error {
	h.mu.Lock()
	s := h.shared
	h.shared = nil
	h.mu.Unlock()
	if s == nil || h.unowned {
		return nil
	}
	r := h.registry
	r.mu.Lock()
	defer r.mu.Unlock()
	s.refs--
	if s.refs > 0 || s.deleted {
		return nil
	}
	delete(r.files, h.path)
	detachErr := s.detachAll()
	s.inUse.Lock()
	defer s.inUse.Unlock()
	return errors.Join(detachErr, s.file.close())
}

// Delete closes the store for every holder and removes its files (the admin's "delete store";
// Grafana never tells a plugin that a data source was deleted).
func (h *Handle) Delete() error {
	h.mu.Lock()
	s := h.shared
	h.mu.Unlock()
	if s == nil {
		return fmt.Errorf("%w: %q", ErrClosed, h.path)
	}
	r := h.registry
	r.mu.Lock()
	defer r.mu.Unlock()
	if s.deleted {
		return nil
	}
	s.deleted = true
	delete(r.files, h.path)
	detachErr := s.detachAll()
	// Remove the files while the lock is held, so no other process opens them half-removed.
	s.inUse.Lock()
	defer s.inUse.Unlock()
	lock := s.file.lock
	s.file.lock = nil
	err := errors.Join(detachErr, s.file.close(), removeFiles(h.path), lock.release())
	if rmErr := removeFile(h.path + ".lock"); err == nil {
		err = rmErr
	}
	return err
}

// Attached returns the companion named name of this store, created by create on first use, one
// per open store in the process whatever the number of handles: the store's sync lives here, so
// instances created and disposed by the SDK never start a second one. Companions are closed, in
// no particular order, when the last handle closes or the store is deleted, before the file.
func (h *Handle) Attached(name string, create func() io.Closer) (io.Closer, error) {
	h.mu.Lock()
	s := h.shared
	h.mu.Unlock()
	if s == nil {
		return nil, fmt.Errorf("%w: %q", ErrClosed, h.path)
	}
	h.registry.mu.Lock()
	defer h.registry.mu.Unlock()
	if s.deleted {
		return nil, fmt.Errorf("%w: %q was deleted", ErrClosed, h.path)
	}
	if c, ok := s.attached[name]; ok {
		return c, nil
	}
	if s.attached == nil {
		s.attached = make(map[string]io.Closer)
	}
	c := create()
	s.attached[name] = c
	return c, nil
}

// detachAll closes the companions; called with the registry locked, before the file closes.
func (s *shared) detachAll() error {
	var errs []error
	for name, c := range s.attached {
		errs = append(errs, c.Close())
		delete(s.attached, name)
	}
	return errors.Join(errs...)
}
