package storesync

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/internal/emulatortest"
	"github.com/auditlens/entraid/pkg/store"
)

// The backfill fills the whole window with exactly the tenant's events, the newest day first;
// then each sync takes the tail and, through the overlap, an event Microsoft reported late.
func TestBackfillThenSyncMatchGroundTruthWithLateEvents(t *testing.T) {
	emu := startEmulator(t, 200)
	src := source(t, emu, emu.Clock, emu.TenantID, "")
	h := openStore(t, t.TempDir(), store.Key{OrgID: 1, UID: "audit"})
	s, err := Ensure(h, src)
	if err != nil {
		t.Fatal(err)
	}
	st := waitFor(t, s, "the backfill", backfilled)
	from := insideRetention(st)
	if want := emu.Count(t, from, st.CoveredToMs); held(t, h, from, st.CoveredToMs) != want || want < 5000 {
		t.Fatalf("after the backfill the store holds %d events of %d..%d, the tenant %d", held(t, h, from, st.CoveredToMs), from, st.CoveredToMs, want)
	}
	if days := time.Duration(st.CoveredToMs-st.CoveredFromMs) * time.Millisecond / day; days < 29 {
		t.Fatalf("the backfill covers %d days, want the tenant's 30", days)
	}
	// On a loaded machine the fast clock moves on between cycles, so a sync of the tail (ending
	// after the first chunk) may come between backfill chunks: the backfill is the rest.
	walks := chunkRanges(t, emu.Requests(t))
	backfill := walks[:min(1, len(walks))]
	for _, w := range walks[min(1, len(walks)):] {
		if w[1] <= walks[0][1] {
			backfill = append(backfill, w)
		}
	}
	if len(backfill) < 3 || backfill[0][1] < st.CoveredToMs-int64(5*time.Minute/time.Millisecond) ||
		backfill[1][1] >= backfill[0][0] || backfill[2][1] >= backfill[1][0] {
		t.Fatalf("the backfill did not walk newest first, starting at now: %v", backfill[:min(3, len(backfill))])
	}

	// A late event: 1 minute before the covered end, shown 3 minutes after its time (the data
	// source's ingestion delay is 1 minute); and an on-time one after the covered end.
	late := time.UnixMilli(st.CoveredToMs).Add(-time.Minute)
	emu.Send(t, "POST", "/_emulator/events", []map[string]any{
		{"activityDateTime": late.Format(time.RFC3339Nano), "activityDisplayName": "Add user", "ingestionDelayMs": 3 * 60_000},
		{"activityDateTime": time.UnixMilli(st.CoveredToMs).Add(30 * time.Second).Format(time.RFC3339Nano), "activityDisplayName": "Delete user"},
	})
	visible := late.Add(3 * time.Minute)
	after := waitFor(t, s, "a sync after the late event shows", func(st Status) bool {
		return st.LastSyncMs > visible.Add(time.Minute).UnixMilli() && !st.InProgress
	})
	if got, want := held(t, h, from, after.CoveredToMs), emu.Count(t, from, after.CoveredToMs); got != want {
		t.Fatalf("after syncs the store holds %d events, the tenant %d (late event missed or doubled)", got, want)
	}
	if after.LastError != "" {
		t.Errorf("last error %q", after.LastError)
	}
}

var filterRange = regexp.MustCompile(`activityDateTime ge (\S+) and activityDateTime le (\S+)`)

// chunkRanges lists the distinct ranges the Graph requests asked for, in order, as epoch ms.
func chunkRanges(t *testing.T, log []emulatortest.Request) [][2]int64 {
	t.Helper()
	var out [][2]int64
	seen := map[[2]int64]bool{}
	for _, r := range log {
		if r.API != "graph" {
			continue
		}
		u, err := url.Parse(r.URL)
		if err != nil {
			t.Fatal(err)
		}
		m := filterRange.FindStringSubmatch(u.Query().Get("$filter"))
		if m == nil || strings.Contains(r.URL, "skiptoken") {
			continue
		}
		from, _ := time.Parse(time.RFC3339Nano, m[1])
		to, _ := time.Parse(time.RFC3339Nano, m[2])
		key := [2]int64{from.UnixMilli(), to.UnixMilli()}
		if !seen[key] {
			seen[key] = true
			out = append(out, key)
		}
	}
	return out
}
