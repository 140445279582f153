// Package frames turns normalised audit events into Grafana data frames, one builder per
// format. Pure: no I/O, no HTTP.
package frames

import (
	"sort"
	"strings"

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

// group accumulates one group's events.
type group struct {
	name     string
	count    int64
	failures int64
	firstMs  int64
	lastMs   int64
	// events holds the group's event times, for bucketing.
	times []int64
}

func (g *group) add(ev *models.AuditEvent) {
	if g.count == 0 || ev.TimeMs < g.firstMs {
		g.firstMs = ev.TimeMs
	}
	if g.count == 0 || ev.TimeMs > g.lastMs {
		g.lastMs = ev.TimeMs
	}
	g.count++
	if strings.EqualFold(ev.Result, "failure") {
		g.failures++
	}
	g.times = append(g.times, ev.TimeMs)
}

func (g *group) merge(o *group) {
	if o.count == 0 {
		return
	}
	if g.count == 0 || o.firstMs < g.firstMs {
		g.firstMs = o.firstMs
	}
	if g.count == 0 || o.lastMs > g.lastMs {
		g.lastMs = o.lastMs
	}
	g.count += o.count
	g.failures += o.failures
	g.times = append(g.times, o.times...)
}

// groupEvents groups events, adds the named groups with zero counts when asked, orders groups by
// count (descending) then name, and folds everything past the top N into "other" (named groups
// are always kept: an alert rule names them for a reason).
func groupEvents(events []models.AuditEvent, q models.AuditQuery, includeNamed bool) []*group {
	byName := make(map[string]*group)
	var groups []*group
	get := func(name string) *group {
		g, ok := byName[name]
		if !ok {
			g = &group{name: name}
			byName[name] = g
			groups = append(groups, g)
		}
		return g
	}
	for i := range events {
		get(GroupValue(&events[i], q.GroupBy)).add(&events[i])
	}
	named := make(map[string]bool)
	if includeNamed {
		for _, name := range q.Groups {
			if name != "" && name != models.AllValues {
				named[name] = true
				get(name)
			}
		}
	}
	sortGroups(groups)
	if q.TopN <= 0 || len(groups) <= q.TopN {
		return groups
	}
	kept := make([]*group, 0, q.TopN+1)
	other := &group{name: models.GroupOther}
	for i, g := range groups {
		switch {
		case g.name == models.GroupOther:
			other.merge(g)
		case i < q.TopN || named[g.name]:
			kept = append(kept, g)
		default:
			other.merge(g)
		}
	}
	if other.count > 0 || named[models.GroupOther] {
		kept = append(kept, other)
	}
	return kept
}

func sortGroups(groups []*group) {
	sort.SliceStable(groups, func(i, j int) bool {
		if groups[i].count != groups[j].count {
			return groups[i].count > groups[j].count
		}
		return groups[i].name < groups[j].name
	})
}
