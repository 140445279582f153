package storesync

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/internal/emulatortest"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/store"
)

// timeScale: emulated ms per real ms. Microsoft's 10-s window lasts 0.1 s; a one-minute sync 0.6 s.
const timeScale = 100

// emulatorNow is far from midnight, so the emulator's retention floor (now - retention, floored
// to midnight) stays put while a test runs.
const emulatorNow = "2026-11-20T06:00:00Z"

var ctx = context.Background()

func startEmulator(t *testing.T, eventsPerDay int, args ...string) *emulatortest.Emulator {
	t.Helper()
	return emulatortest.Start(t, timeScale, append([]string{"--now", emulatorNow, "--events-per-day", fmt.Sprint(eventsPerDay)}, args...)...)
}

// source is a data source on the emulator at Microsoft's budget, with the store settings given.
func source(t testing.TB, emu *emulatortest.Emulator, clk clock.Clock, tenant string, extra string) Source {
	t.Helper()
	raw := fmt.Sprintf(`{"cloud":"custom","loginUrl":%q,"graphUrl":%q,"tenantId":%q,"clientId":%q,"ingestionDelayMinutes":1,"requestBudget":{"requests":5,"perSeconds":10}%s}`,
		emu.HTTPSURL, emu.HTTPSURL, tenant, emu.ClientID, extra)
	d, err := models.ParseJSONData([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	s := models.Resolve(d, emu.ClientSecret)
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	c, err := graph.NewClient(s, emu.HTTPClient(30*time.Second), clk)
	if err != nil {
		t.Fatal(err)
	}
	return Source{Settings: s, Client: c, Updated: time.Unix(1, 0)}
}

func openStore(t *testing.T, dir string, k store.Key) *store.Handle {
	t.Helper()
	h, err := store.Open(ctx, dir, k)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	return h
}

// waitFor polls the sync's status until done says so, failing after a real-time bound.
func waitFor(t *testing.T, s *Sync, what string, done func(Status) bool) Status {
	t.Helper()
	deadline := time.Now().Add(40 * time.Second)
	for {
		st, err := s.Status(ctx)
		if err == nil && done(st) {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s: %+v (%v)", what, st, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func backfilled(st Status) bool { return st.BackfillPercent == 100 && !st.InProgress }

// held counts the store's events in from..to, both included.
func held(t *testing.T, h store.Store, fromMs, toMs int64) int {
	t.Helper()
	rows, err := h.Counts(ctx, store.CountQuery{FromMs: fromMs, ToMs: toMs})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows {
		n += int(r.Count)
	}
	return n
}

// frozen is a clock stopped at one instant that sleeps on another clock: one cycle run by hand
// sees one "now".
type frozen struct {
	clock.Clock
	at time.Time
}

func (f frozen) Now() time.Time { return f.at }

// insideRetention is where ground-truth comparisons start: a day inside the covered span. The
// tenant's own retention edge moves on with the emulator's fast clock while a test runs, and
// events past it leave the tenant but not the store.
func insideRetention(st Status) int64 {
	return st.CoveredFromMs + (24 * time.Hour).Milliseconds()
}
