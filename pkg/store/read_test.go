package store

import (
	"fmt"
	"testing"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// names mixes ASCII and what SQLite's lower() and LIKE do not fold: Turkish dotted I, German
// sharp s, the Kelvin sign (lower-cases to an ASCII k), final sigma, full-width letters.
var names = []string{"Add user", "ADD USER", "add User", "İstanbul admin", "i̇stanbul admin", "Straße", "STRASSE",
	"\u212Aelvin", "kelvin", "ΟΔΥΣΣΕΥΣ", "οδυσσευς", "Ｆｕｌｌ", "ｆｕｌｌ", "Zoë", "ZOË", ""}

func filterCorpus() []rawEvent {
	var out []rawEvent
	for i, n := range names {
		out = append(out, rawEvent{
			ID: fmt.Sprintf("ev-%d", i), TimeMs: base - int64(i)*1000, Activity: n, Category: names[(i+3)%len(names)],
			Upn:     map[bool]string{true: n + "@contoso.com", false: ""}[i%2 == 0],
			AppName: n,
			Targets: []rawTarget{{ID: fmt.Sprintf("T-%d", i), Name: names[(i+5)%len(names)], Type: []string{"User", "Group", "Device"}[i%3]},
				{ID: fmt.Sprintf("t-%d", i+1), Upn: n + "@contoso.com", Type: "ServicePrincipal"}},
		})
	}
	return out
}

func TestPushedDownFiltersKeepExactlyWhatPlanMatchesKeeps(t *testing.T) {
	h, _ := openTest(t, Key{OrgID: 1, UID: "ds"})
	corpus := filterCorpus()
	mustWrite(t, h, Batch{Records: records(corpus)})
	all := allEvents(t, h).Events

	fields := []models.FilterField{models.FieldActivity, models.FieldCategory, models.FieldInitiatedBy, models.FieldInitiatorUpn,
		models.FieldInitiatorAppName, models.FieldTargetName, models.FieldTargetID, models.FieldTargetType, models.FieldID,
		models.FieldResult, models.FieldCorrelationID}
	values := append(append([]string{}, names...), "add", "İ", "i", "k", "STRA", "οδυσ", "ｆ", "t-1", "T-1", "user", "GROUP", "EV-3", "success")
	checked := 0
	for _, field := range fields {
		for _, op := range []models.FilterOperator{models.OperatorEq, models.OperatorStartsWith} {
			for _, v := range values {
				rows := []models.FilterCondition{{Field: field, Operator: op, Values: []string{v}}}
				compare(t, h, all, rows)
				checked++
			}
		}
	}
	// Several values in a row (any), several rows (all), and rows that filter nothing.
	compare(t, h, all, []models.FilterCondition{
		{Field: models.FieldActivity, Operator: models.OperatorEq, Values: []string{"straße", "kelvin"}},
		{Field: models.FieldTargetType, Operator: models.OperatorStartsWith, Values: []string{"u", "d"}},
	})
	compare(t, h, all, []models.FilterCondition{
		{Field: models.FieldActivity, Operator: models.OperatorEq, Values: []string{models.AllValues}},
		{Field: models.FieldResult, Operator: models.OperatorEq, Values: nil},
	})
	if checked < 100 {
		t.Fatalf("only %d filters checked", checked)
	}
}

// compare checks the store's answer against plan.Matches over every stored event.
func compare(t *testing.T, h *Handle, all []models.AuditEvent, rows []models.FilterCondition) {
	t.Helper()
	var kept []models.FilterCondition
	for _, r := range rows {
		if !plan.FiltersNothing(r) {
			kept = append(kept, r)
		}
	}
	var want []string
	for i := range all {
		if plan.Matches(&all[i], kept) {
			want = append(want, all[i].ID)
		}
	}
	res, err := h.Events(ctx, EventQuery{FromMs: 0, ToMs: base, Filters: rows})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range res.Events {
		got = append(got, ev.ID)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("filters %+v: store kept %v, plan.Matches keeps %v", rows, got, want)
	}
}

func TestEventsAreNewestFirstWithinTheRangeBothEndsIncluded(t *testing.T) {
	h, _ := openTest(t, Key{OrgID: 1, UID: "ds"})
	mustWrite(t, h, Batch{Records: records(seqEvents("e", 10, base))}) // base, base-1s, …, base-9s
	res, err := h.Events(ctx, EventQuery{FromMs: base - 5000, ToMs: base - 2000})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, ev := range res.Events {
		ids = append(ids, ev.ID)
	}
	if fmt.Sprint(ids) != "[e-2 e-3 e-4 e-5]" || res.Truncated {
		t.Fatalf("got %v truncated=%v", ids, res.Truncated)
	}
	if _, err := h.Events(ctx, EventQuery{FromMs: 2, ToMs: 1}); err == nil {
		t.Fatal("a reversed range was accepted")
	}
}

func TestLimitKeepsTheNewestMatchesAndSaysItTruncated(t *testing.T) {
	h, _ := openTest(t, Key{OrgID: 1, UID: "ds"})
	events := seqEvents("e", 2500, base)
	for i := range events {
		if i%2 == 1 {
			events[i].Activity = "Delete user"
		}
	}
	mustWrite(t, h, Batch{Records: records(events)})
	// The id row is matched in Go only: the limit must count matches, not rows read.
	idRow := models.FilterCondition{Field: models.FieldID, Operator: models.OperatorStartsWith, Values: []string{"E-1"}}
	res, err := h.Events(ctx, EventQuery{FromMs: 0, ToMs: base, Limit: 300, Filters: []models.FilterCondition{idRow,
		{Field: models.FieldActivity, Operator: models.OperatorEq, Values: []string{"delete USER"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) != 300 || !res.Truncated || res.Events[0].ID != "e-1" || res.Events[1].ID != "e-11" {
		t.Fatalf("%d events, truncated=%v, first %s %s", len(res.Events), res.Truncated, res.Events[0].ID, res.Events[1].ID)
	}
	exact, _ := h.Events(ctx, EventQuery{FromMs: 0, ToMs: base, Limit: 1250,
		Filters: []models.FilterCondition{{Field: models.FieldActivity, Operator: models.OperatorEq, Values: []string{"Delete user"}}}})
	if len(exact.Events) != 1250 || exact.Truncated {
		t.Fatalf("exactly the limit: %d events, truncated=%v", len(exact.Events), exact.Truncated)
	}
}
