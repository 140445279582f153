package storesync

import (
	"context"
	"errors"
	"time"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/store"
)

// run syncs every storeSyncSeconds until Close: each cycle prunes, then walks the store's gaps
// newest first (the tail, then the backfill) until none is left or the next cycle is due.
func (s *Sync) run() {
	defer close(s.done)
	ctx := s.progress.ctx
	span := FirstChunk
	for ctx.Err() == nil {
		settings, client := s.current()
		started := client.Clock.Now()
		err := s.cycle(ctx, &span)
		if ctx.Err() != nil {
			return
		}
		s.finishCycle(ctx, started, err)
		wait := time.Duration(settings.StoreSyncSeconds)*time.Second - client.Clock.Now().Sub(started)
		s.sleep(ctx, client.Clock, wait)
	}
}

// sleep waits for the next cycle, or less when Ensure brought new settings.
func (s *Sync) sleep(ctx context.Context, clk interface {
	Sleep(context.Context, time.Duration) error
}, wait time.Duration) {
	if wait <= 0 {
		return
	}
	sleepCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-s.wake:
			cancel()
		case <-sleepCtx.Done():
		}
	}()
	_ = clk.Sleep(sleepCtx, wait)
}

// window is the part of time the store should hold completely at now: from the newer of the
// tenant's retention edge and the kept retention, to now less the ingestion delay.
func window(st models.Settings, now time.Time) (lower, keepEdge, upper int64) {
	keepEdge = now.Add(-time.Duration(st.StoreRetentionDays) * day).UnixMilli()
	graphEdge := now.Add(-time.Duration(st.RetentionDays) * day).UnixMilli()
	upper = now.Add(-time.Duration(st.IngestionDelayMinutes) * time.Minute).UnixMilli()
	return max(keepEdge, graphEdge), keepEdge, upper
}

// cycle prunes, then fills gaps newest first, one chunk per store batch.
func (s *Sync) cycle(ctx context.Context, span *time.Duration) error {
	settings, client := s.current()
	now := client.Clock.Now()
	s.progress.begin(now)
	lower, keepEdge, upper := window(settings, now)
	if _, err := s.st.Prune(ctx, keepEdge); err != nil {
		return err
	}
	due := now.Add(time.Duration(settings.StoreSyncSeconds) * time.Second)
	for lower <= upper {
		cov, err := s.st.Coverage(ctx, store.Span{FromMs: lower, ToMs: upper})
		if err != nil {
			return err
		}
		s.progress.covered(cov, lower, upper)
		if cov.Complete() {
			return nil
		}
		c := nextChunk(cov.Gaps[0], lower, upper, now, *span, overlap(settings))
		if err := s.fill(ctx, c, now, span); err != nil {
			return err
		}
		settings, client = s.current()
		if !client.Clock.Now().Before(due) {
			return nil // the tail first: the next cycle starts from the newest gap again
		}
	}
	return nil
}

// fill walks one chunk and writes it, its span and the backfill cursor in one batch.
func (s *Sync) fill(ctx context.Context, c chunk, now time.Time, span *time.Duration) error {
	settings, client := s.current()
	w, err := walkChunk(ctx, client, settings, c, now)
	s.progress.walked(w.Requests)
	if errors.Is(err, errChunkTooBig) {
		*span = max(MinChunk, *span/4)
	}
	if err != nil {
		return err
	}
	cursor := w.Covered.FromMs
	if st, err := s.st.SyncState(ctx); err == nil && st.BackfillCursorMs != 0 {
		cursor = min(cursor, st.BackfillCursorMs)
	}
	res, err := s.st.Write(ctx, store.Batch{Records: w.Records, Covered: []store.Span{w.Covered}, BackfillCursorMs: &cursor})
	if err != nil {
		return err
	}
	s.progress.wrote(res)
	*span = nextSpan(*span, w)
	return nil
}

// overlap is how far before the newest covered time a sync walks again.
func overlap(st models.Settings) time.Duration {
	return max(MinOverlap, time.Duration(st.IngestionDelayMinutes)*time.Minute)
}

// nextChunk is the newest part of gap at most span long. The part that closes a gap whose older
// side is already covered reaches overlap into it, so late events there are picked up; the tail
// (ending at upper) is walked up to now, though covered only to upper.
func nextChunk(gap store.Span, lower, upper int64, now time.Time, span, overlap time.Duration) chunk {
	c := chunk{WalkFrom: max(gap.FromMs, gap.ToMs-span.Milliseconds()+1), WalkTo: gap.ToMs, CoverTo: gap.ToMs}
	if c.WalkFrom == gap.FromMs && gap.FromMs > lower {
		c.WalkFrom = max(lower, gap.FromMs-overlap.Milliseconds())
	}
	if gap.ToMs == upper {
		c.WalkTo = max(upper, now.UnixMilli())
	}
	return c
}

// nextSpan aims the next chunk at ChunkTargetEvents from the density just walked.
func nextSpan(span time.Duration, w walked) time.Duration {
	covered := time.Duration(w.Covered.ToMs-w.Covered.FromMs+1) * time.Millisecond
	if w.Events == 0 || covered <= 0 {
		return min(MaxChunk, span*4)
	}
	next := time.Duration(float64(covered) * ChunkTargetEvents / float64(w.Events))
	return min(MaxChunk, max(MinChunk, next))
}
