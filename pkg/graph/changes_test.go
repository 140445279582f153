package graph

import (
	"encoding/json"
	"testing"

	"github.com/auditlens/entraid/pkg/models"
)

func quoted(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func prop(name, oldValue, newValue string) models.ModifiedProperty {
	return models.ModifiedProperty{DisplayName: name, OldValue: oldValue, NewValue: newValue}
}

func TestPlainValueReadsQuotingAndKeepsTheRestAsSent(t *testing.T) {
	cases := map[string]string{
		quoted("Global Administrator"):   "Global Administrator",
		quoted([]string{"Sales", "Ops"}): "Sales, Ops",
		"[]":                             "",
	}
	for _, odd := range []string{"[true]", `{"a":1}`, `"unterminated`, `["a", ]`, "plain text", "", `[["a"]]`, `["a", null]`} {
		cases[odd] = odd
	}
	for in, want := range cases {
		if got := models.PlainValue(in); got != want {
			t.Errorf("PlainValue(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestChangedValuesOf(t *testing.T) {
	k1 := "[KeyIdentifier=1,KeyType=Password,KeyUsage=Verify,DisplayName=ci, prod]"
	k2 := "[KeyIdentifier=2,KeyType=AsymmetricX509Cert,KeyUsage=Sign,DisplayName=old]"
	policy := func(state string) string {
		return quoted(map[string]string{"displayName": "Require MFA", "state": state})
	}
	permissions := "[[Id: g, ConsentType: AllPrincipals, Scope:  User.Read Mail.Read, CreatedDateTime: ]]"
	cases := []struct {
		name    string
		props   []models.ModifiedProperty
		targets []models.AuditTarget
		want    models.ChangedValues
	}{
		{"role, names ignoring case", []models.ModifiedProperty{prop("ROLE.displayName", "", quoted("Global Administrator")), prop("Role.TemplateId", "", quoted("62e9"))}, nil,
			models.ChangedValues{RoleName: "Global Administrator", RoleTemplateID: "62e9"}},
		{"role removal reads the old value", []models.ModifiedProperty{prop("Role.DisplayName", quoted("User Administrator"), "")}, nil,
			models.ChangedValues{RoleName: "User Administrator"}},
		{"added key", []models.ModifiedProperty{prop("KeyDescription", quoted([]string{k2}), quoted([]string{k2, k1}))}, nil,
			models.ChangedValues{KeyType: "Password", KeyUsage: "Verify", KeyDescription: "ci, prod"}},
		{"removed key", []models.ModifiedProperty{prop("KeyDescription", quoted([]string{k1, k2}), quoted([]string{k1}))}, nil,
			models.ChangedValues{KeyType: "AsymmetricX509Cert", KeyUsage: "Sign", KeyDescription: "old"}},
		{"keys unchanged", []models.ModifiedProperty{prop("KeyDescription", "[]", "[]")}, nil, models.ChangedValues{}},
		{"consent", []models.ModifiedProperty{prop("ConsentContext.IsAdminConsent", "", quoted("True")), prop("ConsentAction.Permissions", "", quoted(permissions))}, nil,
			models.ChangedValues{ConsentPermissions: "User.Read Mail.Read", AdminConsent: "true"}},
		{"policy on a policy target", []models.ModifiedProperty{prop("ConditionalAccessPolicy", policy("enabled"), policy("disabled"))}, []models.AuditTarget{{Type: "Policy", DisplayName: "Require MFA"}},
			models.ChangedValues{PolicyName: "Require MFA", PolicyState: "disabled"}},
		{"no policy elsewhere", []models.ModifiedProperty{prop("ConditionalAccessPolicy", policy("enabled"), policy("disabled"))}, []models.AuditTarget{{Type: "User"}},
			models.ChangedValues{}},
		{"group", []models.ModifiedProperty{prop("Group.DisplayName", "", quoted("Tier 0"))}, nil, models.ChangedValues{GroupName: "Tier 0"}},
	}
	for _, c := range cases {
		if got := changedValuesOf(c.props, c.targets); got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestInvestigationFieldsOnBeta(t *testing.T) {
	page := `{"value":[{"activityDateTime":"2026-11-20T10:00:00Z","userAgent":"Edge",
		"initiatedBy":{"app":{"appId":"a","servicePrincipalId":"sp","displayName":"Bot"}},
		"additionalDetails":[{"key":"User-Agent","value":"detail"}],
		"targetResources":[{"@odata.type":"#microsoft.graph.TargetResourceGroup","id":"g"},{"@odata.type":"#microsoft.graph.targetResource","id":"x"}]}]}`
	p, err := ParsePage([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	ev := p.Items[0]
	if ev.UserAgent != "Edge" || ev.InitiatorServicePrincipalID != "sp" || ev.Targets[0].Type != "Group" || ev.Targets[1].Type != "" {
		t.Errorf("got user agent %q, service principal %q, target types %q %q", ev.UserAgent, ev.InitiatorServicePrincipalID, ev.Targets[0].Type, ev.Targets[1].Type)
	}
}
