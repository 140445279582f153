package storesync

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/store"
)

// fullOnce fails its first write as a full disk would.
type fullOnce struct {
	store.Store
	failed bool
}

func (f *fullOnce) Write(ctx context.Context, b store.Batch) (store.WriteResult, error) {
	if !f.failed {
		f.failed = true
		return store.WriteResult{}, fmt.Errorf("%w: test", store.ErrFull)
	}
	return f.Store.Write(ctx, b)
}

// A walk failing in the middle of a chunk (a page answered 503 past every retry, after a
// malformed page retried) and a full disk each fail their cycle, with the error kept in the
// status; nothing of the chunk is written, and later cycles end with exactly the tenant's events.
func TestFaultsFailACycleWithoutWritingHalfAChunk(t *testing.T) {
	emu := startEmulator(t, 3000, "--retention-days", "30")
	src := source(t, emu, emu.Clock, emu.TenantID, `,"retentionDays":3`)
	h := openStore(t, t.TempDir(), store.Key{OrgID: 1, UID: "faults"})
	s := newSync(&fullOnce{Store: h}, h.Path())
	lane, _ := newLaneFor(src)
	s.update(src, lane)
	span := FirstChunk
	// Request 1 (the first chunk) is lost to the full disk, request 2 (the first chunk again) is
	// malformed and retried; the second chunk spans the other days (several pages), its second page fails
	// seven times, past the client's retries.
	emu.Send(t, "PUT", "/_emulator/faults", []map[string]any{
		{"kind": "malformedJson", "nth": 2},
		{"kind": "status", "status": 503, "nth": 5, "count": 7},
	})
	cycle := func(at time.Time) error {
		s.src.Client.Clock = frozen{Clock: emu.Clock, at: at}
		s.bg.Clock = s.src.Client.Clock
		return s.cycle(ctx, &span)
	}
	now := emu.Clock.Now()
	if err := cycle(now); err == nil {
		t.Fatal("a full disk did not fail the cycle")
	}
	if n := held(t, h, 0, now.UnixMilli()); n != 0 {
		t.Fatalf("a failed write left %d events", n)
	}
	err := cycle(now)
	if err == nil {
		t.Fatal("a walk failing past its retries did not fail the cycle")
	}
	midChunk := false
	for _, r := range emu.Requests(t) {
		midChunk = midChunk || (r.Status == 503 && strings.Contains(r.URL, "skiptoken"))
	}
	if !midChunk {
		t.Fatal("the walk did not fail in the middle of a chunk")
	}
	cov, _ := h.Coverage(ctx, store.Span{FromMs: 0, ToMs: now.UnixMilli()})
	if len(cov.Covered) != 1 {
		t.Fatalf("coverage after the failed walk: %v", cov.Covered)
	}
	first := cov.Covered[0]
	if got, want := held(t, h, 0, first.ToMs), emu.Count(t, first.FromMs, first.ToMs); got != want || first.ToMs-first.FromMs > FirstChunk.Milliseconds() {
		t.Fatalf("after the failed walk the store holds %d events in %v, want only the first chunk's %d", got, first, want)
	}
	s.finishCycle(ctx, now, err)
	if st, _ := s.Status(ctx); st.LastError == "" {
		t.Error("the failed cycle's error is not in the status")
	}
	for i := 0; ; i++ {
		err := cycle(now)
		lower, _, upper := window(src.Settings, now)
		cov, _ = h.Coverage(ctx, store.Span{FromMs: lower, ToMs: upper})
		if err == nil && cov.Complete() {
			break
		}
		if i > 20 {
			t.Fatalf("the backfill did not finish after the faults: %v %v", cov.Covered, err)
		}
	}
	all := cov.Covered[0]
	if got, want := held(t, h, 0, all.ToMs), emu.Count(t, all.FromMs, all.ToMs); got != want {
		t.Fatalf("after the faults the store holds %d events, the tenant %d", got, want)
	}
}
