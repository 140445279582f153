package plan

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/auditlens/entraid/conformance/tables"
	"github.com/auditlens/entraid/pkg/models"
)

// activityNames is conformance/tables/activity-names.json, read by src/core/plan/activitySpellings.ts too.
type activityNames struct {
	Activities []struct {
		Name         string   `json:"name"`
		AlsoLoggedAs []string `json:"alsoLoggedAs"`
	} `json:"activities"`
}

// spellingsByKey: every spelling of each activity, found by its match key; firstWords: the first
// word of every spelling (up to a dash or white space) as tenants log it; tableNames: each
// activity's name, in table order, for "did you mean".
var spellingsByKey, firstWords, tableNames = loadActivityNames()

func loadActivityNames() (map[string][]string, []string, []string) {
	var t activityNames
	if err := json.Unmarshal(tables.ActivityNames, &t); err != nil {
		panic("conformance/tables/activity-names.json is not the activity-names table: " + err.Error())
	}
	byKey := map[string][]string{}
	var words, all []string
	for _, a := range t.Activities {
		spellings := append([]string{a.Name}, a.AlsoLoggedAs...)
		for _, spelling := range spellings {
			key := MatchKey(spelling)
			for _, s := range spellings {
				if !contains(byKey[key], s) {
					byKey[key] = append(byKey[key], s)
				}
			}
			if word := firstWord(spelling); word != "" && !contains(words, word) {
				words = append(words, word)
			}
		}
		all = append(all, a.Name)
	}
	return byKey, words, all
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// LoggedSpellings are the spellings tenants log for a name as typed (none when the table does not know it).
func LoggedSpellings(typed string) []string { return spellingsByKey[MatchKey(typed)] }

// ServerForm is what an activity row asks Graph for (serverForm in src/core/plan/activitySpellings.ts):
// a name of the activity-names table as the spelling tenants log (eq), several spellings as their
// common start (startswith), any other value as its first word spelled as the table's names start
// (startswith); recheck: the plugin applies the row as typed after fetching (not when Graph is
// asked exactly what was typed). A nil row leaves the
// row to the plugin alone: the start's letter case is unknown. Pushed rows never keep fewer events
// than the plugin's match would.
func ServerForm(row models.FilterCondition) (asked *models.FilterCondition, recheck bool) {
	// Only is and starts with have a spelling to ask for; the other operators never reach Graph.
	positive := row.Operator == models.OperatorEq || row.Operator == models.OperatorStartsWith
	if row.Field != models.FieldActivity || len(row.Values) != 1 || !positive {
		return &row, false
	}
	var spellings []string
	if row.Operator == models.OperatorEq {
		spellings = LoggedSpellings(row.Values[0])
	}
	if len(spellings) == 1 {
		return &models.FilterCondition{Field: models.FieldActivity, Operator: models.OperatorEq, Values: []string{spellings[0]}}, false
	}
	start := spelledStart(row.Values[0])
	if len(spellings) > 1 {
		start = commonStart(spellings)
	}
	if start == "" {
		return nil, true
	}
	// Asked exactly as typed, Graph keeps what the plugin would: nothing to check again.
	recheck = row.Operator != models.OperatorStartsWith || start != row.Values[0]
	return &models.FilterCondition{Field: models.FieldActivity, Operator: models.OperatorStartsWith, Values: []string{start}}, recheck
}

// firstWord is the text before the first dash or white space, after the white space that leads.
func firstWord(text string) string {
	text = strings.TrimLeftFunc(text, IsMatchSpace)
	if i := strings.IndexFunc(text, func(r rune) bool { return IsDash(r) || IsMatchSpace(r) }); i >= 0 {
		return text[:i]
	}
	return text
}

// spelledStart is the typed value's first word as the table's names spell their start, or as
// typed when it is ASCII with no letter (nothing in it has a case); "" when neither is known.
func spelledStart(typed string) string {
	word := firstWord(typed)
	if word == "" {
		return ""
	}
	length := utf8.RuneCountInString(word)
	key := MatchKey(word)
	var starts []string
	for _, w := range firstWords {
		if strings.HasPrefix(MatchKey(w), key) {
			if start := string([]rune(w)[:min(length, utf8.RuneCountInString(w))]); !contains(starts, start) {
				starts = append(starts, start)
			}
		}
	}
	if len(starts) == 1 {
		return starts[0]
	}
	if len(starts) == 0 && caselessASCII(word) {
		return word
	}
	return ""
}

func caselessASCII(word string) bool {
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c < 0x21 || c > 0x7e || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// commonStart is the longest start, in code points, every spelling shares.
func commonStart(spellings []string) string {
	first := []rune(spellings[0])
	length := len(first)
	for _, other := range spellings[1:] {
		o := []rune(other)
		i := 0
		for i < length && i < len(o) && o[i] == first[i] {
			i++
		}
		length = i
	}
	return string(first[:length])
}
