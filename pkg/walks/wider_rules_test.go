package walks_test

import (
	"strings"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/engine"
	"github.com/auditlens/entraid/pkg/models"
)

var (
	settledFrom, settledTo = now.Add(-3 * time.Hour), now.Add(-30 * time.Minute)
)

func TestANarrowerPanelReadsTheWiderWalkInFlight(t *testing.T) {
	r := newRig(t, newTenant(t, threeHoursOfEvents()...), nil)
	got := r.together(3, settledFrom, settledTo, allEvents, coreDir, updates)
	if urls := r.tenant.graphRequests(); len(urls) != 1 {
		t.Fatalf("Graph requests: %d (%v), want the unfiltered walk's one", len(urls), filtersOf(urls))
	}
	for i, q := range []models.AuditQuery{allEvents, coreDir, updates} {
		r.sameAsAlone(got[i], q, settledFrom, settledTo)
	}
	for _, res := range got[1:] {
		if !strings.HasPrefix(res.ExecutedQueryString, servedPrefix+"activityDateTime ge 2026-11-20T09:00:00.000Z and activityDateTime le 2026-11-20T11:30:00.000Z\n") {
			t.Errorf("executed query string:\n%s", res.ExecutedQueryString)
		}
	}
	if want := "Applied by the plugin to that walk's events, comparing as Graph does: service eq 'Core Directory'\nWhat this query sends when it walks alone:\nGET "; !strings.Contains(got[1].ExecutedQueryString, want) {
		t.Errorf("executed query string:\n%s\nwant it to contain %q", got[1].ExecutedQueryString, want)
	}
	if strings.HasPrefix(got[0].ExecutedQueryString, "No request") {
		t.Error("the walking query says it was served by another")
	}
}

func TestANarrowerWalkStartedFirstIsSwitchedToTheWiderOne(t *testing.T) {
	r := newRig(t, newTenant(t, threeHoursOfEvents()...), nil)
	got := r.together(2, settledFrom, settledTo, coreDir, allEvents)
	filters := filtersOf(r.tenant.graphRequests())
	if len(filters) != 2 || !strings.Contains(filters[0], "loggedByService") || strings.Contains(filters[1], "loggedByService") {
		t.Fatalf("Graph requests: %v, want the narrower walk's first (spent) and the wider walk's", filters)
	}
	r.sameAsAlone(got[0], coreDir, settledFrom, settledTo)
	r.sameAsAlone(got[1], allEvents, settledFrom, settledTo)
	if !strings.HasPrefix(got[0].ExecutedQueryString, servedPrefix) {
		t.Errorf("executed query string:\n%s", got[0].ExecutedQueryString)
	}
}

func TestAKeptWiderWalkServesNarrowerQueriesAndTheNarrowestIsChosen(t *testing.T) {
	r := newRig(t, newTenant(t, threeHoursOfEvents()...), nil)
	r.run(allEvents, settledFrom, settledTo)
	r.run(coreDir, settledFrom.Add(-time.Hour), settledTo) // starts before the kept walk: walks itself
	before := len(r.tenant.graphRequests())
	if before != 2 {
		t.Fatalf("Graph requests: %d, want 2", before)
	}
	narrower := r.run(updates, settledFrom.Add(time.Hour), settledTo)
	narrowest := r.run(coreDirUpdates, settledFrom, settledTo)
	if n := len(r.tenant.graphRequests()); n != before {
		t.Errorf("Graph requests: %d more, want none", n-before)
	}
	r.sameAsAlone(narrower, updates, settledFrom.Add(time.Hour), settledTo)
	r.sameAsAlone(narrowest, coreDirUpdates, settledFrom, settledTo)
	if !strings.HasPrefix(narrowest.ExecutedQueryString, servedPrefix) ||
		!strings.Contains(strings.SplitN(narrowest.ExecutedQueryString, "\n", 2)[0], "and loggedByService eq 'Core Directory'") {
		t.Errorf("not served from the narrowest kept walk (service):\n%s", narrowest.ExecutedQueryString)
	}
}

func TestAWiderWalkWithACaseDependentEventDoesNotServe(t *testing.T) {
	events := append(threeHoursOfEvents(), auditEvent("7", "2026-11-20T11:00:00Z", "core directory", "Add user"))
	inFlight := newRig(t, newTenant(t, events...), nil)
	got := inFlight.together(2, settledFrom, settledTo, allEvents, coreDir)
	kept := newRig(t, newTenant(t, events...), nil)
	kept.run(allEvents, settledFrom, settledTo)
	fromKept := kept.run(coreDir, settledFrom, settledTo)
	for _, c := range []struct {
		r   *rig
		res engine.Result
	}{{inFlight, got[1]}, {kept, fromKept}} {
		filters := filtersOf(c.r.tenant.graphRequests())
		if len(filters) != 2 || !strings.Contains(filters[1], "loggedByService") {
			t.Errorf("Graph requests: %v, want the wider walk's, then the narrower query's own", filters)
		}
		c.r.sameAsAlone(c.res, coreDir, settledFrom, settledTo)
		if strings.HasPrefix(c.res.ExecutedQueryString, "No request") {
			t.Error("served despite an event whose fate depends on letter case")
		}
	}
}

func TestAWiderWalkCutByTheLimitOrWithUnreadableEventsDoesNotServe(t *testing.T) {
	unreadable := map[string]any{"id": "bad", "activityDateTime": "2026-11-20T10:40:00Z", "loggedByService": "Core Directory", "activityDisplayName": 42}
	for name, c := range map[string]struct {
		events []map[string]any
		tweak  func(*models.Settings)
	}{
		"cut by the events limit": {threeHoursOfEvents(), func(s *models.Settings) { s.MaxEvents = 5 }},
		"unreadable events":       {append(threeHoursOfEvents(), unreadable), nil},
	} {
		t.Run(name, func(t *testing.T) {
			r := newRig(t, newTenant(t, c.events...), c.tweak)
			got := r.together(2, settledFrom, settledTo, allEvents, coreDir)
			filters := filtersOf(r.tenant.graphRequests())
			if len(filters) < 2 || !strings.Contains(filters[len(filters)-1], "loggedByService") {
				t.Fatalf("Graph requests: %v, want the narrower query's own walk last", filters)
			}
			r.sameAsAlone(got[1], coreDir, settledFrom, settledTo)
		})
	}
}

func TestAFailedWiderWalkFailsTheNarrowerQueryWithoutAWalkOfItsOwn(t *testing.T) {
	tn := newTenant(t, threeHoursOfEvents()...)
	tn.status = 403
	r := newRig(t, tn, nil)
	got := r.together(2, settledFrom, settledTo, allEvents, coreDir)
	if n := len(r.tenant.graphRequests()); n != 1 {
		t.Errorf("Graph requests: %d, want the wider walk's one", n)
	}
	if got[1].Err == nil || errText(got[1].Err) != errText(got[0].Err) {
		t.Errorf("narrower query: %v, want the wider walk's error %v", got[1].Err, got[0].Err)
	}
	r.sameAsAlone(got[1], coreDir, settledFrom, settledTo)
	if !strings.HasPrefix(got[1].ExecutedQueryString, servedPrefix) {
		t.Errorf("executed query string:\n%s", got[1].ExecutedQueryString)
	}
}
