package plan

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/auditlens/entraid/pkg/models"
)

// Outline is what decides which events a walk returns, so that a walk with a wider server filter
// can serve a narrower query: Graph ANDs the `$filter` clauses, so the narrower query's events are
// the wider walk's events that also pass the clauses the wider walk lacks. It mirrors WalkOutline
// in src/core/pages/widerWalks.ts.
type Outline struct {
	// Family is everything that must be equal: endpoint, page size, events limit, the raw clause.
	Family string
	// Clauses are the pushed-down clauses as the plan writes them (canonical text), sorted, distinct.
	Clauses []string
}

// OutlineOf is p's outline, false for the legacy API: it compares some fields in ways its events
// do not show (apps under `actor/name`, case), so its queries never serve or take from another
// query's walk.
func OutlineOf(p *Plan, maxEvents int) (Outline, bool) {
	if p.API == models.APILegacy {
		return Outline{}, false
	}
	top := ""
	for _, param := range p.Params {
		if param.Name == "$top" {
			top = param.Value
		}
	}
	family, _ := json.Marshal([]any{p.APIPath, top, maxEvents, p.RawFilter})
	clauses := slices.Compact(slices.Sorted(slices.Values(p.PushedClauses)))
	return Outline{Family: string(family), Clauses: clauses}, true
}

// Widens: o's clauses are a strict subset of narrower's, all else equal (the range aside).
func (o Outline) Widens(narrower Outline) bool {
	if o.Family != narrower.Family || len(o.Clauses) >= len(narrower.Clauses) {
		return false
	}
	for _, clause := range o.Clauses {
		if !slices.Contains(narrower.Clauses, clause) {
			return false
		}
	}
	return true
}

// ExtraConditions are p's pushed-down rows a walk outlined by wider did not send to Graph.
func ExtraConditions(p *Plan, wider Outline) []models.FilterCondition {
	var extra []models.FilterCondition
	for i, row := range p.Pushed {
		if !slices.Contains(wider.Clauses, p.PushedClauses[i]) {
			extra = append(extra, row)
		}
	}
	return extra
}

// Filter is the plan's whole `$filter`, as the executed query string shows it.
func (p *Plan) Filter() string {
	for _, param := range p.Params {
		if param.Name == "$filter" {
			return param.Value
		}
	}
	return ""
}

// WiderWalk says which walk served a query that sent no request of its own.
type WiderWalk struct {
	// Filter is the wider walk's `$filter` over the served query's range.
	Filter string
	// Extra are the rows the plugin applied to that walk's events, comparing as Graph does.
	Extra []models.FilterCondition
}

// DescribeWiderWalk is the executed query string of a query served from a wider walk, the text of
// describeWiderWalk in src/core/pages/widerWalks.ts: why no request of its own shows.
func DescribeWiderWalk(own string, use WiderWalk) string {
	return strings.Join([]string{
		"No request of this query's own: served from another query's walk (in flight or kept in memory) with the wider $filter=" + use.Filter,
		"Applied by the plugin to that walk's events, comparing as Graph does: " + DescribeRows(use.Extra),
		"What this query sends when it walks alone:",
		own,
	}, "\n")
}
