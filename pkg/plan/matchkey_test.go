package plan

import (
	"testing"

	"github.com/auditlens/entraid/pkg/models"
)

func TestMatchKeyReadsTheLoggedAndTheTypedNameAlike(t *testing.T) {
	logged := "Update application \u2013 Certificates and secrets management "
	want := "update application - certificates and secrets management"
	for _, s := range []string{logged, "update application - certificates and secrets management", "UPDATE APPLICATION \u2014 CERTIFICATES AND SECRETS MANAGEMENT\u00a0", "\ufeffUpdate application \u2212 Certificates and secrets management"} {
		if got := MatchKey(s); got != want {
			t.Errorf("MatchKey(%q) = %q, want %q", s, got, want)
		}
	}
	if got := MatchKey("A\u301cB  C"); got != "a\u301cb  c" {
		t.Errorf("a wave dash or inner space changed: %q", got)
	}
}

// The white space the table lists is what settings are trimmed of (models.TrimText), no more.
func TestMatchSpacesAreTheSettingsWhiteSpace(t *testing.T) {
	for r := rune(0); r <= 0xFFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		if trimmed := models.TrimText(string(r)+"x") == "x"; trimmed != IsMatchSpace(r) {
			t.Errorf("U+%04X: TrimText trims it %v, the table %v", r, trimmed, IsMatchSpace(r))
		}
	}
}

func TestMatchesIgnoresDashesAndSurroundingSpace(t *testing.T) {
	ev := &models.AuditEvent{Activity: "Update application \u2013 Certificates and secrets management "}
	rows := []models.FilterCondition{{Field: models.FieldActivity, Operator: models.OperatorEq, Values: []string{"update application - certificates and secrets management"}}}
	if !Matches(ev, rows) {
		t.Error("the typed spelling does not match the logged name")
	}
	rows[0].Operator, rows[0].Values = models.OperatorStartsWith, []string{"UPDATE APPLICATION -"}
	if !Matches(ev, rows) {
		t.Error("a typed prefix with a hyphen does not match the logged name")
	}
}
