package plan

import (
	"reflect"
	"strings"
	"testing"

	"github.com/auditlens/entraid/pkg/models"
)

func activityRow(v string, op models.FilterOperator) models.FilterCondition {
	return models.FilterCondition{Field: models.FieldActivity, Operator: op, Values: []string{v}}
}

// For every logged spelling, typed in lower case, capitals, with a hyphen or with spaces around,
// the pushed row keeps the logged event when compared exactly (as the emulator compares).
func TestServerFormNeverKeepsFewerThanThePlugin(t *testing.T) {
	for key, spellings := range spellingsByKey {
		for _, logged := range spellings {
			hyphen := strings.NewReplacer("\u2013", "-", "\u2014", "-").Replace(logged)
			for _, typed := range []string{logged, strings.ToLower(logged), strings.ToUpper(logged), strings.TrimSpace(hyphen), " " + strings.ToLower(hyphen) + "\t"} {
				asked, recheck := ServerForm(activityRow(typed, models.OperatorEq))
				if asked == nil {
					t.Errorf("%q (%s): not pushed", typed, key)
					continue
				}
				v := asked.Values[0]
				kept := (asked.Operator == models.OperatorEq && logged == v) || (asked.Operator == models.OperatorStartsWith && strings.HasPrefix(logged, v))
				if !kept || (!recheck && MatchKey(v) != MatchKey(typed)) {
					t.Errorf("%q asks %s %q (recheck %v): Graph would not keep %q", typed, asked.Operator, v, recheck, logged)
				}
			}
		}
	}
}

func TestServerFormCases(t *testing.T) {
	for _, c := range []struct {
		typed   string
		op      models.FilterOperator
		asked   *models.FilterCondition
		recheck bool
	}{
		{"update application - certificates and secrets management", models.OperatorEq, ptr(activityRow(loggedCredential, models.OperatorEq)), false},
		{"add conditional access policy", models.OperatorEq, ptr(activityRow("Add ", models.OperatorStartsWith)), true},
		{"add servce principal", models.OperatorEq, ptr(activityRow("Add", models.OperatorStartsWith)), true},
		{"upd", models.OperatorStartsWith, ptr(activityRow("Upd", models.OperatorStartsWith)), true},
		{"Update", models.OperatorStartsWith, ptr(activityRow("Update", models.OperatorStartsWith)), false},
		{"365 - export", models.OperatorEq, ptr(activityRow("365", models.OperatorStartsWith)), true},
		{"GroupLifecyclePolicies_Get", models.OperatorEq, nil, true},
		{"\u00dcnknown \u2013 T\u00e4tigkeit", models.OperatorEq, nil, true},
	} {
		asked, recheck := ServerForm(activityRow(c.typed, c.op))
		if !reflect.DeepEqual(asked, c.asked) || recheck != c.recheck {
			t.Errorf("%q %s: asked %+v recheck %v, want %+v %v", c.typed, c.op, asked, recheck, c.asked, c.recheck)
		}
	}
}

const loggedCredential = "Update application \u2013 Certificates and secrets management "

func ptr(c models.FilterCondition) *models.FilterCondition { return &c }

func TestNearestNamesAndTheUnknownNameNotice(t *testing.T) {
	if got := NearestNames("add servce principal"); !reflect.DeepEqual(got, []string{"Add service principal"}) {
		t.Errorf("nearest names: %q", got)
	}
	if got := NearestNames(strings.Repeat("x", 200_000)); len(got) != 0 {
		t.Errorf("a long value found names: %q", got)
	}
	rows := []models.FilterCondition{activityRow("Zzqx wvvk", models.OperatorEq), activityRow("update application - certificates and secrets management", models.OperatorEq)}
	if got := UnknownActivities(rows); !reflect.DeepEqual(got, []string{"Zzqx wvvk"}) {
		t.Errorf("unknown activities: %q", got)
	}
	if n := UnknownNameNotice("Zzqx wvvk"); !strings.Contains(n.Text, "Check the name") || n.Severity != models.SeverityWarning {
		t.Errorf("notice: %+v", n)
	}
}
