// Package plan turns a stored query, the settings and a panel's time range into one request
// plan: the audit path, the exact query parameters, which filters Graph evaluates and which the
// plugin applies after fetching. Pure: no HTTP, no Grafana.
package plan

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/auditlens/entraid/pkg/models"
)

// Errors a plan can fail with.
var (
	ErrEmptyRange = models.ErrBadRange
)

// RetentionNoticeTolerance: "Last 30 days" on a 30-day tenant starts a few milliseconds before the
// retention edge by the time the query runs; that clamp is silent, a real one gets a notice
// (RETENTION_NOTICE_TOLERANCE_MS in src/core/plan/planRequest.ts).
const RetentionNoticeTolerance = time.Minute

// PageSize is the $top sent with the first request; Graph pages at 1,000 at most (graph-api.md §1.4).
const PageSize = 1000

// Param is one query parameter; order is kept so the executed query string reads naturally.
type Param struct {
	Name  string
	Value string
}

// Input is what a plan is made from.
type Input struct {
	Query    models.AuditQuery
	Settings models.Settings
	From     time.Time
	To       time.Time
	Now      time.Time
	// FromStore: the audit store answers, and what it holds (its coverage, its kept retention)
	// decides what is shown, not how long Microsoft keeps events, so the range is not clamped.
	FromStore bool
}

// Plan is one audit query, ready for the client.
type Plan struct {
	// APIPath is relative to the Graph base URL, without a leading slash.
	APIPath string
	Params  []Param
	// From and To bound the events (both inclusive) after the retention clamp.
	From       time.Time
	To         time.Time
	Pushed     []models.FilterCondition
	PluginSide []models.FilterCondition
	// API, the pushed rows' clauses (PushedClauses[i] is Pushed[i]'s) and the trimmed raw clause
	// tell which walks can serve this plan's events (outline.go).
	API           models.APIFlavour
	PushedClauses []string
	RawFilter     string
	Notices       []models.Notice
	// OutsideRetention: the whole range is older than the tenant keeps, so nothing is requested.
	OutsideRetention bool
}

// auditPaths is the fixed map from API flavour to the one path the backend may ever request;
// the legacy path starts with the tenant, which settings validate as a GUID or a domain name.
var auditPaths = map[models.APIFlavour]string{
	models.APIGraphV1:   "v1.0/auditLogs/directoryAudits",
	models.APIGraphBeta: "beta/auditLogs/directoryAudits",
	models.APILegacy:    "activities/audit",
}

// AuditPath returns the path, relative to the API URL, of the one endpoint the backend may request.
func AuditPath(s models.Settings) (string, bool) {
	p, ok := auditPaths[s.API]
	if ok && s.API == models.APILegacy {
		p = url.PathEscape(s.TenantID) + "/" + p
	}
	return p, ok
}

// timeProperty is the property each flavour filters time on.
func timeProperty(api models.APIFlavour) string {
	if api == models.APILegacy {
		return "activityDate"
	}
	return "activityDateTime"
}

// Build makes the plan. The range becomes `activityDateTime ge <from> and activityDateTime le <to>`;
// every row Graph can evaluate joins it; the raw clause is ANDed in parentheses.
func Build(in Input) (*Plan, error) {
	path, ok := AuditPath(in.Settings)
	if !ok {
		return nil, fmt.Errorf("%w: %q", models.ErrUnknownAPI, in.Settings.API)
	}
	from, to := in.From.UTC(), in.To.UTC()
	if from.After(to) {
		return nil, fmt.Errorf("%w: it starts at %s, after its end %s; its start must not be after its end", ErrEmptyRange, FormatTime(from), FormatTime(to))
	}
	p := &Plan{APIPath: path, To: to, API: in.Settings.API}
	from = clampToRetention(in, p, from, to)
	p.From = from

	timeField := timeProperty(in.Settings.API)
	clauses := []string{
		timeField + " ge " + FormatTime(from),
		timeField + " le " + FormatTime(to),
	}
	for _, row := range in.Query.Filters {
		if FiltersNothing(row) {
			continue
		}
		asked, recheck := ServerForm(row)
		clause, ok := "", false
		if asked != nil {
			clause, ok = pushdownClause(in.Settings.API, *asked)
		}
		if ok {
			clauses = append(clauses, clause)
			p.Pushed = append(p.Pushed, *asked)
			p.PushedClauses = append(p.PushedClauses, clause)
		}
		if !ok || recheck || in.Settings.API == models.APILegacy {
			p.PluginSide = append(p.PluginSide, row)
		}
	}
	if raw := models.TrimText(in.Query.RawFilter); raw != "" {
		if err := CheckRawFilter(raw); err != nil {
			return nil, err
		}
		clauses = append(clauses, "("+raw+")")
		p.RawFilter = raw
	}
	if in.Settings.API == models.APILegacy {
		// The legacy API pages at 1,000 on its own, warns that $top is expensive and refuses $orderby;
		// its batches come newest first.
		p.Params = []Param{{Name: "api-version", Value: "beta"}, {Name: "$filter", Value: strings.Join(clauses, " and ")}}
		return p, nil
	}
	p.Params = []Param{
		{Name: "$filter", Value: strings.Join(clauses, " and ")},
		// No bigger page than the events limit: the walk would stop inside it anyway.
		{Name: "$top", Value: fmt.Sprint(min(PageSize, in.Settings.MaxEvents))},
		{Name: "$orderby", Value: "activityDateTime desc"},
	}
	return p, nil
}

// clampToRetention moves the start to the oldest event Microsoft keeps (or, reading the store, keeps it)
// and adds the warning the reader needs when that cuts the range.
func clampToRetention(in Input, p *Plan, from, to time.Time) time.Time {
	edge := in.Now.UTC().Add(-time.Duration(in.Settings.RetentionDays) * 24 * time.Hour)
	if in.FromStore {
		edge = from
	}
	switch {
	case to.Before(edge):
		p.OutsideRetention = true
		p.Notices = append(p.Notices, models.Notice{Severity: models.SeverityWarning, Text: fmt.Sprintf(
			"The whole time range is older than the tenant's %d-day audit retention, so Microsoft holds no events for it.",
			in.Settings.RetentionDays)})
		return edge
	case from.Before(edge):
		if from.Before(edge.Add(-RetentionNoticeTolerance)) {
			p.Notices = append(p.Notices, models.Notice{Severity: models.SeverityWarning, Text: fmt.Sprintf(
				"The time range starts before the tenant's %d-day audit retention; events are shown from %s, the oldest Microsoft keeps.",
				in.Settings.RetentionDays, FormatTime(edge))})
		}
		return edge
	}
	return from
}

// FiltersNothing: an "All" variable, or a row with no values, restricts nothing.
func FiltersNothing(row models.FilterCondition) bool {
	if len(row.Values) == 0 {
		return true
	}
	for _, v := range row.Values {
		if v == models.AllValues {
			return true
		}
	}
	return false
}

// FormatTime writes UTC ISO 8601 with millisecond precision and a Z, as Graph's filter expects.
func FormatTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}
