package plan_test

import (
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

func row(field models.FilterField, op models.FilterOperator, value string) models.FilterCondition {
	return models.FilterCondition{Field: field, Operator: op, Values: []string{value}}
}

func outline(t *testing.T, s models.Settings, q models.AuditQuery) (plan.Outline, bool) {
	t.Helper()
	p, err := plan.Build(plan.Input{Query: q.WithDefaults(), Settings: s, From: now.Add(-time.Hour), To: now, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return plan.OutlineOf(p, s.MaxEvents)
}

func TestAWalkWidensAQueryWhoseClausesStrictlyIncludeItsAllElseEqual(t *testing.T) {
	service := row(models.FieldService, models.OperatorEq, "Core Directory")
	updates := row(models.FieldActivity, models.OperatorStartsWith, "Update")
	result := row(models.FieldResult, models.OperatorEq, "failure") // plugin-side: not a clause
	wide, _ := outline(t, settings, models.AuditQuery{Filters: []models.FilterCondition{service}})
	narrow, _ := outline(t, settings, models.AuditQuery{Filters: []models.FilterCondition{updates, service, service}})
	same, _ := outline(t, settings, models.AuditQuery{Filters: []models.FilterCondition{service, result}})
	raw, _ := outline(t, settings, models.AuditQuery{Filters: []models.FilterCondition{updates, service}, RawFilter: " result eq 'success' "})
	beta := settings
	beta.API = models.APIGraphBeta
	otherEndpoint, _ := outline(t, beta, models.AuditQuery{Filters: []models.FilterCondition{updates, service}})
	limited := settings
	limited.MaxEvents = 5000
	otherLimit, _ := outline(t, limited, models.AuditQuery{Filters: []models.FilterCondition{updates, service}})
	for name, c := range map[string]struct {
		wider, narrower plan.Outline
		want            bool
	}{
		"a strict subset":                 {wide, narrow, true},
		"the same clauses":                {wide, same, false},
		"a superset":                      {narrow, wide, false},
		"another raw $filter":             {wide, raw, false},
		"another endpoint":                {wide, otherEndpoint, false},
		"another events limit, page size": {wide, otherLimit, false},
	} {
		if got := c.wider.Widens(c.narrower); got != c.want {
			t.Errorf("%s: Widens = %v, want %v", name, got, c.want)
		}
	}
	if len(narrow.Clauses) != 2 {
		t.Errorf("clauses %v: a repeated row is one clause", narrow.Clauses)
	}
}

func TestTheLegacyAPINeverSharesAWalkAcrossFilters(t *testing.T) {
	legacy := settings
	legacy.API, legacy.TenantID = models.APILegacy, "contoso.onmicrosoft.com"
	if _, ok := outline(t, legacy, models.AuditQuery{}); ok {
		t.Error("a legacy plan has an outline")
	}
}

func TestServerKeepsAnswersOnlyWhenExactAndCaseFoldedComparisonsAgree(t *testing.T) {
	ev := &models.AuditEvent{Service: "Core Directory", Activity: "Update user",
		Targets: []models.AuditTarget{{DisplayName: "", UserPrincipalName: "ada@contoso.com"}}}
	for name, c := range map[string]struct {
		row         models.FilterCondition
		keep, known bool
	}{
		"equal":                    {row(models.FieldService, models.OperatorEq, "Core Directory"), true, true},
		"different":                {row(models.FieldService, models.OperatorEq, "Other"), false, true},
		"equal but for case":       {row(models.FieldService, models.OperatorEq, "core directory"), false, false},
		"prefix":                   {row(models.FieldActivity, models.OperatorStartsWith, "Update"), true, true},
		"prefix but for case":      {row(models.FieldActivity, models.OperatorStartsWith, "update"), false, false},
		"an empty wanted value":    {row(models.FieldService, models.OperatorEq, ""), false, false},
		"target names: UPN unread": {row(models.FieldTargetName, models.OperatorStartsWith, "ada"), false, true},
	} {
		keep, known := plan.ServerKeeps(c.row, ev)
		if keep != c.keep || known != c.known {
			t.Errorf("%s: keep %v known %v, want %v %v", name, keep, known, c.keep, c.known)
		}
	}
	if _, known := plan.KeptByServer([]models.FilterCondition{row(models.FieldService, models.OperatorEq, "x")}, []*models.AuditEvent{nil}); known {
		t.Error("an unreadable event was decided")
	}
}
