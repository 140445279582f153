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
	models.GroupByActivity:           "Activity",
	models.GroupByCategory:           "Category",
	models.GroupByService:            "Service",
	models.GroupByResult:             "Result",
	models.GroupByOperationType:      "Operation type",
	models.GroupByInitiatedBy:        "Initiated by",
	models.GroupByTargetType:         "Target type",
	models.GroupByActivityType:       "Activity type",
	models.GroupByTargetName:         "Target name",
	models.GroupByRoleName:           "Role",
	models.GroupByRoleTemplateID:     "Role template ID",
	models.GroupByKeyType:            "Key type",
	models.GroupByKeyUsage:           "Key usage",
	models.GroupByKeyDescription:     "Key description",
	models.GroupByConsentPermissions: "Consent permissions",
	models.GroupByAdminConsent:       "Admin consent",
	models.GroupByPolicyName:         "Policy",
	models.GroupByPolicyState:        "Policy state",
	models.GroupByGroupName:          "Group",
}

// GroupValue is the group an event falls in. An event with several targets is grouped by its
// first target's type or name (display name, else UPN), so no event is counted twice.
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
	case models.GroupByTargetName:
		if len(ev.Targets) > 0 {
			v = firstNonEmpty(ev.Targets[0].DisplayName, ev.Targets[0].UserPrincipalName)
		}
	default:
		for _, named := range ev.Changes.Named() {
			if models.GroupBy(named[0]) == by {
				v = named[1]
			}
		}
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
	// capped: the series limit, not top N, folded the smallest groups (the caller adds a notice).
	capped bool
}

func (p *groupPlan) assign(group string) string {
	if !p.folded || p.kept[group] {
		return group
	}
	return models.GroupOther
}

// planGroups orders groups by count (then name) and, when topN is set, folds all but the N
// biggest into "other". Groups named in the query always appear, even with no events, so an
// alert rule sees a 0 rather than NoData. At most maxSeries groups come out ("other" included):
// past that, the smallest unnamed ones are folded too (capped). maxSeries <= 0 means no cap.
func planGroups(counts map[string]int, named []string, topN, maxSeries int) *groupPlan {
	ranked := rankGroups(counts, named)
	top, limit := len(ranked), len(ranked)
	if topN > 0 {
		top = min(topN, len(ranked))
	}
	if maxSeries > 0 {
		limit = maxSeries
	}
	if len(ranked) <= min(top, limit) {
		return &groupPlan{groups: ranked}
	}
	wanted := make(map[string]bool, top+len(named))
	for _, g := range ranked[:top] {
		wanted[g] = true
	}
	for _, name := range named {
		wanted[name] = true
	}
	p := &groupPlan{kept: wanted, folded: true}
	if extra := boolInt(folds(ranked, wanted)); len(wanted)+extra > limit {
		// One place stays free for "other".
		p.kept, p.capped = namedThenBiggest(named, ranked[:top], limit-1), true
	}
	for _, g := range ranked {
		if p.kept[g] {
			p.groups = append(p.groups, g)
		}
	}
	if folds(ranked, p.kept) {
		p.groups = append(p.groups, models.GroupOther)
	}
	return p
}

// rankGroups lists every group (counted or named) by count descending, then name.
func rankGroups(counts map[string]int, named []string) []string {
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
	return ranked
}

// folds: some group is not kept, so an "other" series is needed (unless "other" is kept itself).
func folds(ranked []string, kept map[string]bool) bool {
	if kept[models.GroupOther] {
		return false
	}
	for _, g := range ranked {
		if !kept[g] {
			return true
		}
	}
	return false
}

// namedThenBiggest keeps every named group, then the biggest others until size groups are kept.
func namedThenBiggest(named, ranked []string, size int) map[string]bool {
	kept := make(map[string]bool, size)
	for _, name := range named {
		kept[name] = true
	}
	for _, g := range ranked {
		if len(kept) >= size {
			break
		}
		kept[g] = true
	}
	return kept
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
