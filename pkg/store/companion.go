package store

import "fmt"

// Unowned returns a handle on the same open store that does not keep it open, for a companion
// (Attached): the sync writes through it, and the store still closes when the last data-source
// instance closes its handle, closing the companion first. Its Close only ends its own use; once
// the store closed or was deleted it answers ErrClosed like any handle.
func (h *Handle) Unowned() (*Handle, error) {
	h.mu.Lock()
	s := h.shared
	h.mu.Unlock()
	if s == nil {
		return nil, fmt.Errorf("%w: %q", ErrClosed, h.path)
	}
	return &Handle{registry: h.registry, path: h.path, shared: s, unowned: true}, nil
}
