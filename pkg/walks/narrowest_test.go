package walks

import (
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// Of several walks in flight with a wider $filter, a query reads the one with the most clauses:
// the fewest events to read through.
func TestTheNarrowestWiderWalkInFlightIsChosen(t *testing.T) {
	to := time.Date(2026, 11, 20, 11, 0, 0, 0, time.UTC)
	service := models.FilterCondition{Field: models.FieldService, Operator: models.OperatorEq, Values: []string{"Core Directory"}}
	updates := models.FilterCondition{Field: models.FieldActivity, Operator: models.OperatorStartsWith, Values: []string{"Update"}}
	settings := models.Settings{API: models.APIGraphV1, MaxEvents: 100_000, RetentionDays: 30}
	queryOf := func(name string, rows ...models.FilterCondition) query {
		p, err := plan.Build(plan.Input{Query: models.AuditQuery{Filters: rows}.WithDefaults(), Settings: settings,
			From: to.Add(-time.Hour), To: to, Now: to})
		if err != nil {
			t.Fatal(err)
		}
		o, shares := plan.OutlineOf(p, settings.MaxEvents)
		return query{p: p, url: name, key: name, outline: o, shares: shares}
	}
	s := &Source{flights: map[string]*flight{}}
	// Both orders of the map, several times: the choice must not depend on iteration order.
	for range 20 {
		for _, q := range []query{queryOf("all"), queryOf("service", service)} {
			s.flights[q.url] = &flight{url: q.url, q: q, key: q.key, from: q.p.From.UnixMilli(), to: q.p.To.UnixMilli(), settledTo: q.p.To.UnixMilli()}
		}
		narrow := queryOf("service and updates", service, updates)
		if f := s.widerFlight(narrow); f == nil || f.url != "service" {
			t.Fatalf("in flight over the same range: got %v, want the walk filtered by service", f)
		}
		if f := s.coveringFlight(narrow); f == nil || f.url != "service" {
			t.Fatalf("covering the range's start: got %v, want the walk filtered by service", f)
		}
	}
}
