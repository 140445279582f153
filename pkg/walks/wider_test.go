package walks_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/engine"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/internal/fakeentra"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/walks"
)

const servedPrefix = "No request of this query's own: served from another query's walk (in flight or kept in memory) with the wider $filter="

var (
	allEvents = models.AuditQuery{RefID: "A", Format: models.FormatEvents}
	coreDir   = models.AuditQuery{RefID: "D", Format: models.FormatEvents, Filters: []models.FilterCondition{
		{Field: models.FieldService, Operator: models.OperatorEq, Values: []string{"Core Directory"}}}}
	updates = models.AuditQuery{RefID: "F", Format: models.FormatSummary, GroupBy: "activity", Filters: []models.FilterCondition{
		{Field: models.FieldActivity, Operator: models.OperatorStartsWith, Values: []string{"Update"}}}}
	coreDirUpdates = models.AuditQuery{RefID: "G", Format: models.FormatEvents, Filters: append(coreDir.Filters, updates.Filters...)}
)

// threeHoursOfEvents: two services, two activities, all older than the ingestion delay at `now`.
func threeHoursOfEvents() []map[string]any {
	return []map[string]any{
		auditEvent("1", "2026-11-20T09:10:00Z", "Core Directory", "Add user"),
		auditEvent("2", "2026-11-20T09:40:00Z", "Core Directory", "Update user"),
		auditEvent("3", "2026-11-20T10:05:00Z", "Self-service Password Management", "Update password"),
		auditEvent("4", "2026-11-20T10:30:00Z", "Core Directory", "Delete user"),
		auditEvent("5", "2026-11-20T10:50:00Z", "Core Directory", "Update group"),
		auditEvent("6", "2026-11-20T11:20:00Z", "Self-service Password Management", "Reset password"),
	}
}

type rig struct {
	t        *testing.T
	tenant   *tenant
	settings models.Settings
	clock    *clock.Manual
	registry *walks.Registry
	source   *walks.Source
}

func newRig(t *testing.T, tn *tenant, tweak func(*models.Settings)) *rig {
	fake := fakeentra.New() // its settings only: every request goes to tn
	t.Cleanup(fake.Close)
	s := settingsFor(t, fake)
	if tweak != nil {
		tweak(&s)
	}
	r := &rig{t: t, tenant: tn, settings: s, clock: clock.NewManual(now), registry: walks.NewRegistry(walks.DefaultLimits)}
	src, err := r.registry.Source(walks.Key{OrgID: 1, UID: "entra", Settings: walks.SettingsKey(s)}, s,
		func() (*graph.Client, error) { return graph.NewClient(s, &http.Client{Transport: tn}, r.clock) })
	if err != nil {
		t.Fatal(err)
	}
	r.source = src
	return r
}

func (r *rig) run(q models.AuditQuery, from, to time.Time) engine.Result {
	return engine.Run(context.Background(), r.source.Client, engine.Request{Query: q.WithDefaults(), Settings: r.settings,
		From: from, To: to, Interval: time.Minute, Walker: r.source})
}

// alone is q walked by a client of its own on another tenant holding the same events.
func (r *rig) alone(q models.AuditQuery, from, to time.Time) engine.Result {
	tn := newTenant(r.t, r.tenant.events...)
	tn.status = r.tenant.status
	client, err := graph.NewClient(r.settings, &http.Client{Transport: tn}, clock.NewManual(r.clock.Now()))
	if err != nil {
		r.t.Fatal(err)
	}
	return engine.Run(context.Background(), client, engine.Request{Query: q.WithDefaults(), Settings: r.settings,
		From: from, To: to, Interval: time.Minute})
}

// sameAsAlone: frames (executed query string aside) and error equal q walked alone.
func (r *rig) sameAsAlone(got engine.Result, q models.AuditQuery, from, to time.Time) {
	r.t.Helper()
	want := r.alone(q, from, to)
	if outcome(got) != outcome(want) {
		r.t.Errorf("%s differs from walking alone:\n got %s\nwant %s", q.RefID, outcome(got), outcome(want))
	}
}

func outcome(res engine.Result) string {
	for _, f := range res.Frames {
		if f.Meta != nil {
			f.Meta.ExecutedQueryString = ""
		}
	}
	frames, _ := json.Marshal(res.Frames)
	return string(frames) + " error: " + errText(res.Err)
}

func errText(err error) string {
	if err == nil {
		return "none"
	}
	return err.Error()
}

// together runs the first query, holds its first request until the others have joined a walk
// (waiting is how many queries then wait on walks), then lets Graph answer.
func (r *rig) together(waiting int, from, to time.Time, queries ...models.AuditQuery) []engine.Result {
	r.tenant.hold = true
	results := make([]engine.Result, len(queries))
	var wg sync.WaitGroup
	for i, q := range queries {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = r.run(q, from, to)
		}()
		if i == 0 {
			<-r.tenant.arrived
		}
	}
	for r.registry.Waiting() < waiting {
		runtimeYield()
	}
	close(r.tenant.release)
	wg.Wait()
	return results
}

func filtersOf(urls []string) []string {
	var filters []string
	for _, u := range urls {
		parsed, _ := url.Parse(u)
		filters = append(filters, parsed.Query().Get("$filter"))
	}
	return filters
}

// runtimeYield lets the queries' goroutines run until they wait on a walk (no time passes).
func runtimeYield() { runtime.Gosched() }
