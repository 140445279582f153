package storesync

import (
	"fmt"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/store"
)

func recordAt(id string, ms int64) store.Record {
	at := time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
	return store.Record{Raw: []byte(fmt.Sprintf(`{"id":%q,"activityDateTime":%q,"activityDisplayName":"Add user"}`, id, at))}
}

// Each cycle prunes what is older than storeRetentionDays: an event a millisecond older goes, one
// at the edge stays, and the coverage starts at the edge.
func TestEachCyclePrunesBeyondTheKeptRetention(t *testing.T) {
	emu := startEmulator(t, 300)
	src := source(t, emu, emu.Clock, emu.TenantID, `,"storeRetentionDays":2`)
	h := openStore(t, t.TempDir(), store.Key{OrgID: 1, UID: "prune"})
	s := newSync(h, h.Path())
	lane, _ := newLaneFor(src)
	s.update(src, lane)
	runUntilComplete := func(at time.Time) (lower, upper int64) {
		t.Helper()
		s.src.Client.Clock = frozen{Clock: emu.Clock, at: at}
		s.bg.Clock = s.src.Client.Clock
		span := FirstChunk
		lower, _, upper = window(src.Settings, at)
		for i := 0; ; i++ {
			err := s.cycle(ctx, &span)
			cov, _ := h.Coverage(ctx, store.Span{FromMs: lower, ToMs: upper})
			if err == nil && cov.Complete() {
				return lower, upper
			}
			if i > 20 {
				t.Fatalf("no complete coverage: %v %v", cov, err)
			}
		}
	}
	now := emu.Clock.Now()
	_, edge, _ := window(src.Settings, now)
	if _, err := h.Insert(ctx, []store.Record{recordAt("older", edge-1), recordAt("at-edge", edge), recordAt("after-edge", edge+1)}); err != nil {
		t.Fatal(err)
	}
	lower, upper := runUntilComplete(now)
	if lower != edge {
		t.Fatalf("the window starts at %d, the kept retention's edge is %d", lower, edge)
	}
	if got, want := held(t, h, 0, upper), emu.Count(t, lower, upper)+2; got != want {
		t.Fatalf("the store holds %d events up to %d, want the tenant's from the edge plus the 2 at and after it (%d)", got, upper, want)
	}

	later := now.Add(day)
	lower, upper = runUntilComplete(later)
	stats, _ := h.Stats(ctx)
	cov, _ := h.Coverage(ctx, store.Span{FromMs: 0, ToMs: upper})
	if stats.OldestMs < lower || cov.Covered[len(cov.Covered)-1].FromMs != lower {
		t.Fatalf("a day later the store holds events from %d and coverage %v, the edge is %d", stats.OldestMs, cov.Covered, lower)
	}
	if got, want := held(t, h, 0, upper), emu.Count(t, lower, upper); got != want {
		t.Fatalf("a day later the store holds %d events, the tenant %d in the kept window", got, want)
	}
}
