package storesync

import (
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/store"
)

// Stopped in the middle of a backfill (the last instance closed its store, or Grafana stopped),
// the next start walks only what the store does not hold, and ends with the exact events.
func TestARestartInTheMiddleOfABackfillWalksOnlyWhatIsMissing(t *testing.T) {
	emu := startEmulator(t, 200)
	dir, key := t.TempDir(), store.Key{OrgID: 1, UID: "audit"}
	h1, err := store.Open(ctx, dir, key)
	if err != nil {
		t.Fatal(err)
	}
	s1, err := Ensure(h1, source(t, emu, emu.Clock, emu.TenantID, ""))
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, s1, "five chunks", func(st Status) bool { return st.Chunks >= 5 })
	_ = h1.Close()
	<-s1.Done()
	before := len(emu.Requests(t))

	h2 := openStore(t, dir, key)
	state, _ := h2.SyncState(ctx)
	held1, _ := h2.Coverage(ctx, store.Span{FromMs: 0, ToMs: emu.Clock.Now().UnixMilli()})
	if len(held1.Covered) != 1 || state.BackfillCursorMs != held1.Covered[0].FromMs {
		t.Fatalf("after the stop the store holds %v with cursor %d, want one span from the cursor", held1.Covered, state.BackfillCursorMs)
	}
	covered := held1.Covered[0]
	if days := time.Duration(covered.ToMs-covered.FromMs) * time.Millisecond / day; days >= 25 {
		t.Fatalf("the backfill was not stopped in the middle (%d days held)", days)
	}
	s2, err := Ensure(h2, source(t, emu, emu.Clock, emu.TenantID, ""))
	if err != nil {
		t.Fatal(err)
	}
	st := waitFor(t, s2, "the rest of the backfill", backfilled)
	if got, want := held(t, h2, st.CoveredFromMs, st.CoveredToMs), emu.Count(t, st.CoveredFromMs, st.CoveredToMs); got != want {
		t.Fatalf("after the restart the store holds %d events, the tenant %d", got, want)
	}
	overlapMs := overlap(s2.src.Settings).Milliseconds()
	for _, r := range chunkRanges(t, emu.Requests(t)[before:]) {
		inside := min(r[1], covered.ToMs) - max(r[0], covered.FromMs) + 1
		if inside > overlapMs+1 {
			t.Errorf("after the restart %v was walked again, %d ms of it held already (overlap %d ms)", r, inside, overlapMs)
		}
	}
}
