package store

import (
	"context"
)

// Write applies a batch atomically (see Batch).
func (h *Handle) Write(ctx context.Context, b Batch) (WriteResult, error) {
	f, done, err := h.use()
	if err != nil {
		return WriteResult{}, err
	}
	defer done()
	return f.write(ctx, b)
}

// Insert writes records without marking any span covered.
func (h *Handle) Insert(ctx context.Context, records []Record) (WriteResult, error) {
	return h.Write(ctx, Batch{Records: records})
}

// MarkCovered merges one span into the covered spans.
func (h *Handle) MarkCovered(ctx context.Context, s Span) error {
	_, err := h.Write(ctx, Batch{Covered: []Span{s}})
	return err
}

// Coverage splits r into the parts the store holds completely and the gaps, newest first.
func (h *Handle) Coverage(ctx context.Context, r Span) (Coverage, error) {
	if err := validSpan(r); err != nil {
		return Coverage{}, err
	}
	f, done, err := h.use()
	if err != nil {
		return Coverage{}, err
	}
	defer done()
	held, err := heldSpans(ctx, f.reader, r)
	if err != nil {
		return Coverage{}, classify(err, f.path)
	}
	return coverageOf(held, r), nil
}

// Events returns the events of the range that match every filter row, newest first.
func (h *Handle) Events(ctx context.Context, q EventQuery) (EventsResult, error) {
	f, done, err := h.use()
	if err != nil {
		return EventsResult{}, err
	}
	defer done()
	return f.events(ctx, q)
}

// Prune removes events before beforeMs (one at beforeMs stays) and the coverage of that time.
func (h *Handle) Prune(ctx context.Context, beforeMs int64) (int64, error) {
	f, done, err := h.use()
	if err != nil {
		return 0, err
	}
	defer done()
	return f.prune(ctx, beforeMs)
}

// SyncState reads what a sync resumes from.
func (h *Handle) SyncState(ctx context.Context) (SyncState, error) {
	f, done, err := h.use()
	if err != nil {
		return SyncState{}, err
	}
	defer done()
	return f.syncState(ctx, f.reader)
}

// SaveSyncState records a sync attempt's outcome and the backfill cursor.
func (h *Handle) SaveSyncState(ctx context.Context, s SyncState) error {
	f, done, err := h.use()
	if err != nil {
		return err
	}
	defer done()
	return f.saveSyncState(ctx, s)
}

// Stats reports what the store holds, for status and metrics.
func (h *Handle) Stats(ctx context.Context) (Stats, error) {
	f, done, err := h.use()
	if err != nil {
		return Stats{}, err
	}
	defer done()
	return f.stats(ctx)
}
