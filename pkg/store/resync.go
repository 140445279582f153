package store

import (
	"context"
	"io"
)

// Uncover forgets that the store holds the time from fromMs on completely, and resets the backfill
// cursor, so the sync walks that time again (the admin's "re-sync"). The events stay: a walk adds
// only those missing, by id. A covered span that straddles fromMs keeps its older part.
func (h *Handle) Uncover(ctx context.Context, fromMs int64) error {
	f, done, err := h.use()
	if err != nil {
		return err
	}
	defer done()
	tx, err := f.writer.BeginTx(ctx, nil)
	if err != nil {
		return classify(err, f.path)
	}
	defer func() { _ = tx.Rollback() }()
	steps := []struct {
		sql  string
		args []any
	}{
		{"DELETE FROM coverage WHERE from_ms >= ?", []any{fromMs}},
		{"UPDATE coverage SET to_ms = ? WHERE to_ms >= ?", []any{addSat(fromMs, -1), fromMs}},
		{"UPDATE sync_state SET backfill_cursor_ms = 0", nil},
	}
	for _, s := range steps {
		if _, err := tx.ExecContext(ctx, s.sql, s.args...); err != nil {
			return classify(err, f.path)
		}
	}
	return classify(tx.Commit(), f.path)
}

// Companion returns the companion named name if one runs (Attached starts one), so a status page
// can read the store's sync without starting it.
func (h *Handle) Companion(name string) (io.Closer, bool) {
	h.mu.Lock()
	s := h.shared
	h.mu.Unlock()
	if s == nil {
		return nil, false
	}
	h.registry.mu.Lock()
	defer h.registry.mu.Unlock()
	c, ok := s.attached[name]
	return c, ok && !s.deleted
}

// EachOpen calls fn with an unowned handle on every store open in this process, for metrics: a
// handle that neither keeps the store open nor closes it.
func EachOpen(fn func(h *Handle)) {
	processRegistry.mu.Lock()
	handles := make([]*Handle, 0, len(processRegistry.files))
	for path, s := range processRegistry.files {
		handles = append(handles, &Handle{registry: processRegistry, path: path, shared: s, unowned: true})
	}
	processRegistry.mu.Unlock()
	for _, h := range handles {
		fn(h)
	}
}
