package storesync

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/store"
)

// Running returns the store's sync if one runs in this process, without starting one (status
// pages read it; only a data source's query brings the secret a sync needs).
func Running(h *store.Handle) (*Sync, bool) {
	c, ok := h.Companion(companionName)
	if !ok {
		return nil, false
	}
	s, ok := c.(*Sync)
	return s, ok
}

// Wake starts the next cycle now instead of at the end of the sync interval.
func (s *Sync) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// IdleStatus is Status for a store whose sync is not running: what the store holds, and the
// backfill percentage of the window the settings ask for at now.
func IdleStatus(ctx context.Context, st store.Store, settings models.Settings, now time.Time) (Status, error) {
	stats, err := st.Stats(ctx)
	if err != nil {
		return Status{}, err
	}
	lower, _, upper := window(settings, now)
	var p progress
	if lower <= upper {
		cov, err := st.Coverage(ctx, store.Span{FromMs: lower, ToMs: upper})
		if err != nil {
			return Status{}, err
		}
		p.covered(cov, lower, upper)
	}
	return Status{
		Path: stats.Path, Events: stats.Events, OldestMs: stats.OldestMs, NewestMs: stats.NewestMs,
		BytesOnDisk: stats.BytesOnDisk, BackfillPercent: p.percent,
		CoveredFromMs: p.newest.FromMs, CoveredToMs: p.newest.ToMs, CoveredSpans: stats.CoveredSpans,
		LastSyncMs: stats.Sync.LastSuccessMs, LastAttemptMs: stats.Sync.LastAttemptMs, LastError: stats.Sync.LastError,
	}, nil
}

// Resync makes the sync walk the whole window the settings ask for again (the admin's re-sync):
// the store forgets it covers that time, keeps its events (a walk adds only those missing), and a
// running sync starts at once. It reports whether a sync runs; if none does, the next query of the
// data source starts one.
func Resync(ctx context.Context, h *store.Handle, settings models.Settings, now time.Time) (bool, error) {
	lower, _, _ := window(settings, now)
	if err := h.Uncover(ctx, lower); err != nil {
		return false, err
	}
	s, running := Running(h)
	if running {
		s.Wake()
	}
	return running, nil
}

// Logger is where a sync reports a failed cycle; the SDK's backend.Logger satisfies it.
type Logger interface {
	Warn(msg string, args ...any)
	Info(msg string, args ...any)
}

var logger atomic.Pointer[Logger]

// SetLogger sends the syncs' cycle errors to l (the plugin passes the SDK's logger).
func SetLogger(l Logger) { logger.Store(&l) }

// logOutcome reports a cycle that failed with a new error, or succeeded after one, once each, so
// a sync failing every minute does not flood the log. Errors name no secret (graph's errors omit it).
func logOutcome(path, previous string, cycleErr error) {
	l := logger.Load()
	if l == nil {
		return
	}
	switch {
	case cycleErr != nil && cycleErr.Error() != previous:
		(*l).Warn("audit store sync failed", "store", path, "error", cycleErr.Error())
	case cycleErr == nil && previous != "":
		(*l).Info("audit store sync recovered", "store", path, "previousError", previous)
	}
}
