package plan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/auditlens/entraid/pkg/models"
)

// UnknownActivities are the activity names an eq row asks for that the activity-names table does
// not know, once per match key, in row order (unknownActivities in src/core/collect/unknownActivities.ts).
func UnknownActivities(rows []models.FilterCondition) []string {
	var unknown []string
	keys := map[string]bool{}
	for _, row := range rows {
		if row.Field != models.FieldActivity || row.Operator != models.OperatorEq || FiltersNothing(row) {
			continue
		}
		for _, v := range row.Values {
			key := MatchKey(v)
			if _, known := spellingsByKey[key]; !known && !keys[key] {
				keys[key] = true
				unknown = append(unknown, v)
			}
		}
	}
	return unknown
}

// UnknownNameNotice says a name is neither in the table nor in the events read, with the nearest names.
func UnknownNameNotice(typed string) models.Notice {
	advice := "Check the name in the Entra admin center's audit log (the Activity column)."
	if nearest := NearestNames(typed); len(nearest) > 0 {
		quoted := make([]string, len(nearest))
		for i, n := range nearest {
			quoted[i] = "'" + n + "'"
		}
		advice = "Did you mean " + strings.Join(quoted, ", ") + "?"
	}
	return models.Notice{Severity: models.SeverityWarning, Text: fmt.Sprintf(
		"No activity named '%s' is among Microsoft's activity names the plugin knows or in the events this query read, so nothing matched. %s", typed, advice)}
}

// NearestNames are the table's names within a few edits of the typed one (on match keys, in code
// points): at most max(2, a quarter of its length); nearest first, then in table order. A name
// whose length differs by more is not compared, so a long value costs no more than its length.
func NearestNames(typed string) []string {
	key := []rune(MatchKey(typed))
	most := max(2, len(key)/4)
	type near struct {
		name            string
		distance, index int
	}
	var found []near
	for i, name := range tableNames {
		other := []rune(MatchKey(name))
		if abs(len(other)-len(key)) > most {
			continue
		}
		if d := editDistance(key, other); d <= most {
			found = append(found, near{name, d, i})
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].distance < found[j].distance })
	out := make([]string, 0, models.MaxSuggestedNames)
	for _, n := range found[:min(len(found), models.MaxSuggestedNames)] {
		out = append(out, n.name)
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// editDistance is the Levenshtein distance between two lists of code points.
func editDistance(a, b []rune) int {
	previous := make([]int, len(b)+1)
	for j := range previous {
		previous[j] = j
	}
	for i := 1; i <= len(a); i++ {
		current := make([]int, len(b)+1)
		current[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			current[j] = min(previous[j]+1, current[j-1]+1, previous[j-1]+cost)
		}
		previous = current
	}
	return previous[len(b)]
}
