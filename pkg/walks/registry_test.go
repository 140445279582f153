package walks_test

import (
	"context"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/internal/fakeentra"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
	"github.com/auditlens/entraid/pkg/walks"
)

var now = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func settingsFor(t *testing.T, fake *fakeentra.Server) models.Settings {
	t.Helper()
	parsed, err := models.ParseJSONData(fake.JSONData())
	if err != nil {
		t.Fatal(err)
	}
	return models.Resolve(parsed, fakeentra.Secret)
}

func source(t *testing.T, r *walks.Registry, key walks.Key, s models.Settings) *walks.Source {
	t.Helper()
	src, err := r.Source(key, s, func() (*graph.Client, error) {
		return graph.NewClient(s, fakeentra.HTTPClient(5*time.Second), clock.NewManual(now))
	})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// walk runs the events of [from, to] through src, as the engine would, and counts what it read.
func walk(t *testing.T, src *walks.Source, s models.Settings, from, to time.Time) int {
	t.Helper()
	planFor := func(from, to time.Time) (*plan.Plan, error) {
		return plan.Build(plan.Input{Query: models.AuditQuery{RefID: "A", Format: models.FormatEvents}, Settings: s, From: from, To: to, Now: now})
	}
	p, err := planFor(from, to)
	if err != nil {
		t.Fatal(err)
	}
	read := 0
	if _, err := src.Walk(context.Background(), p, planFor, func(items []*models.AuditEvent, _ bool) graph.Verdict {
		read += len(items)
		return graph.Continue
	}); err != nil {
		t.Fatal(err)
	}
	return read
}

func event(id, at string) map[string]any {
	return map[string]any{"id": id, "activityDateTime": at, "activityDisplayName": "Add user", "result": "success"}
}

func TestTwoOrganisationsWithTheSameUIDNeverShareASource(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	fake.Events = []map[string]any{event("1", "2026-11-20T10:30:00Z")}
	s := settingsFor(t, fake)
	r := walks.NewRegistry(walks.DefaultLimits)
	one := source(t, r, walks.Key{OrgID: 1, UID: "entra", Settings: walks.SettingsKey(s)}, s)
	two := source(t, r, walks.Key{OrgID: 2, UID: "entra", Settings: walks.SettingsKey(s)}, s)
	if one == two {
		t.Fatal("org 2 got org 1's source")
	}
	walk(t, one, s, now.Add(-2*time.Hour), now.Add(-time.Hour))
	walk(t, two, s, now.Add(-2*time.Hour), now.Add(-time.Hour))
	if got := len(fake.GraphURLs()); got != 2 {
		t.Errorf("Graph requests: %d, want one per organisation (2)", got)
	}
	if one.Client.Pacer != two.Client.Pacer {
		t.Error("two data sources of one app and tenant got two pacers: Microsoft counts one budget")
	}
}

func TestASettingsChangeReplacesTheSourceAndItsCache(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	fake.Events = []map[string]any{event("1", "2026-11-20T10:30:00Z")}
	s := settingsFor(t, fake)
	r := walks.NewRegistry(walks.DefaultLimits)
	before := source(t, r, walks.Key{OrgID: 1, UID: "entra", Settings: walks.SettingsKey(s)}, s)
	walk(t, before, s, now.Add(-2*time.Hour), now.Add(-time.Hour))
	if r.HeldEvents() != 1 {
		t.Fatalf("held events: %d, want 1", r.HeldEvents())
	}
	changed := s
	changed.MaxEvents = 50_000
	after := source(t, r, walks.Key{OrgID: 1, UID: "entra", Settings: walks.SettingsKey(changed)}, changed)
	if after == before || r.HeldEvents() != 0 {
		t.Errorf("after a settings change: same source %v, %d events still held", after == before, r.HeldEvents())
	}
	if walks.SettingsKey(s) == walks.SettingsKey(models.Resolve(models.JSONData{}, "other")) {
		t.Error("the settings key ignores the settings")
	}
}

func TestTheCacheKeepsAtMostItsEventsLeastRecentlyUsedFirst(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	fake.Events = []map[string]any{event("2", "2026-11-20T10:40:00Z"), event("1", "2026-11-20T10:30:00Z")}
	s := settingsFor(t, fake)
	r := walks.NewRegistry(walks.Limits{MaxCachedEvents: 3, MaxCachedWalks: 50, MaxDataSources: 64})
	src := source(t, r, walks.Key{OrgID: 1, UID: "entra", Settings: walks.SettingsKey(s)}, s)
	walk(t, src, s, now.Add(-2*time.Hour), now.Add(-time.Hour))
	// Another request (a raw $filter: no other walk serves it) is another walk; both do not fit in 3 events.
	other := s
	planFiltered := func(from, to time.Time) (*plan.Plan, error) {
		q := models.AuditQuery{RefID: "B", Format: models.FormatEvents, RawFilter: "result eq 'success'"}
		return plan.Build(plan.Input{Query: q, Settings: other, From: from, To: to, Now: now})
	}
	p, _ := planFiltered(now.Add(-2*time.Hour), now.Add(-time.Hour))
	if _, err := src.Walk(context.Background(), p, planFiltered, func([]*models.AuditEvent, bool) graph.Verdict { return graph.Continue }); err != nil {
		t.Fatal(err)
	}
	if r.HeldEvents() != 2 {
		t.Fatalf("held events: %d, want only the newest walk's 2", r.HeldEvents())
	}
	// The first walk was dropped: asking it again walks Graph again.
	requests := len(fake.GraphURLs())
	if read := walk(t, src, s, now.Add(-2*time.Hour), now.Add(-time.Hour)); read != 2 || len(fake.GraphURLs()) != requests+1 {
		t.Errorf("read %d, Graph requests %d → %d; want 2 events from one new request", read, requests, len(fake.GraphURLs()))
	}
	// The same range again is served from the cache with no request at all (settled: older than the delay).
	requests = len(fake.GraphURLs())
	if read := walk(t, src, s, now.Add(-2*time.Hour), now.Add(-time.Hour)); read != 2 || len(fake.GraphURLs()) != requests {
		t.Errorf("a settled range again: read %d with %d requests, want 2 with none", read, len(fake.GraphURLs())-requests)
	}
}
