// Package frames turns normalised audit events into Grafana data frames, one builder per
// format. Pure: no I/O, no HTTP.
package frames

import (
	"sort"

	"github.com/auditlens/entraid/pkg/models"
)

// NoGroup labels events whose grouping property is empty.
const NoGroup = "(none)"

// GroupTitles are the column titles of each grouping in tables.
var GroupTitles = map[models.GroupBy]string{
	models.GroupByActivity:      "Activity",
	models.GroupByCategory:      "Category",
	models.GroupByService:       "Service",
	models.GroupByResult:        "Result",
	models.GroupByOperationType: "Operation type",
	models.GroupByInitiatedBy:   "Initiated by",
	models.GroupByTargetType:    "Target type",
	models.GroupByActivityType:  "Activity type",
}

// GroupValue is the group an event falls in. An event with several targets is grouped by its
// first target's type, so no event is counted twice.
func GroupValue(ev *models.AuditEvent, by models.GroupBy) string {
	var v string
	switch by {
	case models.GroupByActivity:
		v = ev.Activity
	case models.GroupByCategory:
		v = ev.Category
	case models.GroupByService:
		v = ev.Service
	case models.GroupByResult:
		v = ev.Result
	case models.GroupByOperationType:
		v = ev.OperationType
	case models.GroupByInitiatedBy:
		v = ev.InitiatedBy
	case models.GroupByTargetType:
		if len(ev.Targets) > 0 {
			v = ev.Targets[0].Type
		}
	case models.GroupByActivityType:
		v = ev.ActivityType
	}
	if v == "" {
		return NoGroup
	}
	return v
}

// groupPlan is the output groups in order (biggest first, named groups included, "other" last)
// and where each event group goes. Mirrors planGroups in src/core/frames/groups.ts.
type groupPlan struct {
	groups []string
	kept   map[string]bool
	folded bool
}

func (p *groupPlan) assign(group string) string {
	if !p.folded || p.kept[group] {
		return group
	}
	return models.GroupOther
}

func countByGroup(events []models.AuditEvent, by models.GroupBy) map[string]int {
	counts := make(map[string]int)
	for i := range events {
		counts[GroupValue(&events[i], by)]++
	}
	return counts
}

// planGroups orders groups by count (then name) and, when topN is set, folds all but the N
// biggest into "other". Groups named in the query always appear, even with no events, so an
// alert rule sees a 0 rather than NoData.
func planGroups(counts map[string]int, named []string, topN int) *groupPlan {
	all := make(map[string]int, len(counts)+len(named))
	for g, n := range counts {
		all[g] = n
	}
	for _, name := range named {
		if _, ok := all[name]; !ok {
			all[name] = 0
		}
	}
	ranked := make([]string, 0, len(all))
	for g := range all {
		ranked = append(ranked, g)
	}
	sort.Slice(ranked, func(i, j int) bool {
		if all[ranked[i]] != all[ranked[j]] {
			return all[ranked[i]] > all[ranked[j]]
		}
		return ranked[i] < ranked[j]
	})
	if topN <= 0 || len(ranked) <= topN {
		return &groupPlan{groups: ranked}
	}
	kept := make(map[string]bool, topN+len(named))
	for _, g := range ranked[:topN] {
		kept[g] = true
	}
	for _, name := range named {
		kept[name] = true
	}
	p := &groupPlan{kept: kept, folded: true}
	anyFolded := false
	for _, g := range ranked {
		if kept[g] {
			p.groups = append(p.groups, g)
		} else {
			anyFolded = true
		}
	}
	if anyFolded && !kept[models.GroupOther] {
		p.groups = append(p.groups, models.GroupOther)
	}
	return p
}
