package graph_test

import (
	"errors"
	"net/url"
	"testing"

	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/plan"
)

func TestEncodeParamsKeepsEveryCharacterInsideItsValue(t *testing.T) {
	value := "activityDisplayName eq 'a&$top=1#x%20+y'"
	encoded := graph.EncodeParams([]plan.Param{{Name: "$filter", Value: value}, {Name: "$top", Value: "1000"}})
	parsed, err := url.ParseQuery(encoded)
	if err != nil {
		t.Fatal(err)
	}
	if parsed.Get("$filter") != value || parsed.Get("$top") != "1000" || len(parsed) != 2 {
		t.Errorf("decoded %v from %s", parsed, encoded)
	}
	for _, bad := range []string{"+", "#", " "} {
		if contains(encoded, bad) {
			t.Errorf("%q left unencoded in %s", bad, encoded)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestParsePageNormalisesGraphEvents(t *testing.T) {
	body := `{"value":[{"id":"1","activityDateTime":"2024-12-27T10:01:19.5796748Z","activityDisplayName":"Add app role",
		"initiatedBy":{"user":null,"app":{"appId":"a1","displayName":null,"servicePrincipalName":"Sync SP"}},
		"targetResources":[{"id":"t","displayName":null,"Type":"ServicePrincipal","userPrincipalName":null,
			"modifiedProperties":[{"displayName":"AppRole.Value","oldValue":null,"newValue":"\"Reader\""}]}],
		"additionalDetails":[{"key":"User-Agent","value":"x"}]},
		{"id":"2","activityDateTime":"not a time"}],
		"@odata.nextLink":"https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$skiptoken=2"}`
	page, err := graph.ParsePage([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.Items[1] != nil || page.NextLink == "" {
		t.Fatalf("items %v next %q", page.Items, page.NextLink)
	}
	ev := page.Items[0]
	if ev.TimeMs != 1735293679579 {
		t.Errorf("time %d: the 7th digit must be cut, not rounded", ev.TimeMs)
	}
	if ev.InitiatedBy != "Sync SP" || ev.InitiatorAppID != "a1" {
		t.Errorf("initiator %q", ev.InitiatedBy)
	}
	if ev.Targets[0].Type != "ServicePrincipal" {
		t.Errorf("the capital-T Type of Microsoft's sample must be read: %+v", ev.Targets)
	}
	if ev.ModifiedProperties[0].Target != "t" || ev.ModifiedProperties[0].NewValue != `"Reader"` {
		t.Errorf("modified %+v", ev.ModifiedProperties)
	}
}

func TestParseActivityTime(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1970-01-01T00:00:01Z", 1000, true},
		{"1970-01-01T00:00:01.9999999Z", 1999, true},
		{"1970-01-01T00:00:01", 1000, true},
		{"1970-01-01T01:00:01+01:00", 1000, true},
		{"1970-01-01T01:00:01+0100", 1000, true},
		{"yesterday", 0, false},
		{"", 0, false},
	}
	for _, tc := range tests {
		got, ok := graph.ParseActivityTime(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("%q: got %d %v", tc.in, got, ok)
		}
	}
}

func TestParsePageRejectsWhatIsNotAPage(t *testing.T) {
	for _, body := range []string{"<html>", `{"error":{"code":"x"}}`, `{"value":{}}`, ""} {
		_, err := graph.ParsePage([]byte(body))
		var notAPage *graph.ErrNotAPage
		if !errors.As(err, &notAPage) {
			t.Errorf("%q: got %v", body, err)
		}
	}
}
