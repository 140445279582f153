package plan_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

var (
	now      = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	settings = models.Settings{API: models.APIGraphV1, MaxEvents: 100_000, RetentionDays: 30}
)

func build(t *testing.T, q models.AuditQuery, from, to time.Time) *plan.Plan {
	t.Helper()
	p, err := plan.Build(plan.Input{Query: q.WithDefaults(), Settings: settings, From: from, To: to, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func param(p *plan.Plan, name string) string {
	for _, kv := range p.Params {
		if kv.Name == name {
			return kv.Value
		}
	}
	return ""
}

func TestRangeBecomesAnInclusiveMillisecondFilter(t *testing.T) {
	from := time.Date(2026, 11, 20, 10, 0, 0, 123_456_789, time.FixedZone("CET", 3600))
	p := build(t, models.AuditQuery{}, from, from.Add(time.Hour))
	want := "activityDateTime ge 2026-11-20T09:00:00.123Z and activityDateTime le 2026-11-20T10:00:00.123Z"
	if got := param(p, "$filter"); got != want {
		t.Errorf("got %q", got)
	}
	if p.APIPath != "v1.0/auditLogs/directoryAudits" || param(p, "$top") != "1000" || param(p, "$orderby") != "activityDateTime desc" {
		t.Errorf("got %+v", p)
	}
}

func TestFiltersSplitBetweenGraphAndPlugin(t *testing.T) {
	q := models.AuditQuery{Filters: []models.FilterCondition{
		{Field: models.FieldActivity, Operator: models.OperatorEq, Values: []string{"Add user"}},
		{Field: models.FieldCategory, Operator: models.OperatorEq, Values: []string{"UserManagement"}},
		{Field: models.FieldService, Operator: models.OperatorStartsWith, Values: []string{"Core"}},
		{Field: models.FieldInitiatorUpn, Operator: models.OperatorEq, Values: []string{"a@x", "b@x"}},
		{Field: models.FieldResult, Operator: models.OperatorEq, Values: []string{models.AllValues}},
		{Field: models.FieldTargetID, Operator: models.OperatorEq, Values: nil},
	}, RawFilter: " id eq 'x' "}
	p := build(t, q, now.Add(-time.Hour), now)
	if !strings.HasSuffix(param(p, "$filter"), " and activityDisplayName eq 'Add user' and (id eq 'x')") {
		t.Errorf("filter %q", param(p, "$filter"))
	}
	if len(p.Pushed) != 1 || len(p.PluginSide) != 3 {
		t.Errorf("pushed %v plugin-side %v", p.Pushed, p.PluginSide)
	}
}

func TestLiteralsCannotBreakOut(t *testing.T) {
	for _, v := range []string{"O'Brien", "' or 1 eq 1 or '", "''", "a'b'c"} {
		lit := plan.Literal(v)
		inner := lit[1 : len(lit)-1]
		if strings.Contains(strings.ReplaceAll(inner, "''", ""), "'") {
			t.Errorf("%q escaped to %q leaves a lone quote", v, lit)
		}
	}
}

func TestRawFilterMustStayInsideItsParentheses(t *testing.T) {
	tests := []struct {
		raw string
		ok  bool
	}{
		{"category eq 'x'", true},
		{"(a eq 'x)') or (b eq '(')", true},
		{"a eq 'it''s'", true},
		{"a eq 'x') or (activityDateTime ge 2000-01-01T00:00:00Z", false},
		{"a eq 'x", false},
		{"((a eq 'x')", false},
		{"a eq 'x' )(", false},
	}
	for _, tc := range tests {
		err := plan.CheckRawFilter(tc.raw)
		if (err == nil) != tc.ok {
			t.Errorf("%q: got %v", tc.raw, err)
		}
		if err != nil && !errors.Is(err, models.ErrBadRawFilter) {
			t.Errorf("%q: not ErrBadRawFilter: %v", tc.raw, err)
		}
	}
}

func TestRetention(t *testing.T) {
	s := settings
	s.RetentionDays = 7
	p, err := plan.Build(plan.Input{Query: models.AuditQuery{}.WithDefaults(), Settings: s, From: now.AddDate(0, 0, -10), To: now, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if !p.From.Equal(now.AddDate(0, 0, -7)) || p.OutsideRetention || len(p.Notices) != 1 || !strings.Contains(p.Notices[0].Text, "7-day") {
		t.Errorf("clamp: from %s notices %v", p.From, p.Notices)
	}
	p, err = plan.Build(plan.Input{Query: models.AuditQuery{}.WithDefaults(), Settings: s, From: now.AddDate(0, 0, -10), To: now.AddDate(0, 0, -8), Now: now})
	if err != nil || !p.OutsideRetention {
		t.Errorf("outside: %v %+v", err, p)
	}
}

func TestReversedRangeIsAnError(t *testing.T) {
	_, err := plan.Build(plan.Input{Query: models.AuditQuery{}.WithDefaults(), Settings: settings, From: now, To: now.Add(-time.Second), Now: now})
	if !errors.Is(err, plan.ErrEmptyRange) {
		t.Errorf("got %v", err)
	}
}

func TestPageSizeNeverExceedsTheEventsLimit(t *testing.T) {
	s := settings
	s.MaxEvents = 250
	p, _ := plan.Build(plan.Input{Query: models.AuditQuery{}.WithDefaults(), Settings: s, From: now.Add(-time.Hour), To: now, Now: now})
	if param(p, "$top") != "250" {
		t.Errorf("got %s", param(p, "$top"))
	}
}

func TestMatchesIsCaseInsensitiveAndOrsValues(t *testing.T) {
	ev := &models.AuditEvent{Activity: "Add user", Category: "UserManagement", Targets: []models.AuditTarget{{Type: "Group"}, {Type: "User", UserPrincipalName: "alice@x"}}}
	rows := func(f models.FilterField, op models.FilterOperator, v ...string) []models.FilterCondition {
		return []models.FilterCondition{{Field: f, Operator: op, Values: v}}
	}
	cases := []struct {
		rows []models.FilterCondition
		want bool
	}{
		{rows(models.FieldCategory, models.OperatorEq, "usermanagement"), true},
		{rows(models.FieldActivity, models.OperatorEq, "Delete user", "ADD USER"), true},
		{rows(models.FieldActivity, models.OperatorStartsWith, "add"), true},
		{rows(models.FieldActivity, models.OperatorEq, "add"), false},
		{rows(models.FieldTargetType, models.OperatorEq, "user"), true},
		{rows(models.FieldTargetName, models.OperatorEq, "ALICE@x"), true},
		{rows(models.FieldResult, models.OperatorEq, "failure"), false},
	}
	for i, c := range cases {
		if got := plan.Matches(ev, c.rows); got != c.want {
			t.Errorf("case %d: got %v", i, got)
		}
	}
}
