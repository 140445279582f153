package models_test

import (
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/auditlens/entraid/pkg/models"
)

// endpointTable is shared with jest (src/core/model/endpointRule.test.ts): the rule is decided once.
const endpointTable = "../../conformance/tables/endpoints.json"

func TestEndpointRuleTable(t *testing.T) {
	raw, err := os.ReadFile(endpointTable)
	if err != nil {
		t.Fatal(err)
	}
	var table struct {
		Cases []struct {
			Value   string  `json:"value"`
			Problem *string `json:"problem"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(raw, &table); err != nil {
		t.Fatal(err)
	}
	if len(table.Cases) < 20 {
		t.Fatalf("only %d cases read", len(table.Cases))
	}
	for _, tc := range table.Cases {
		want := ""
		if tc.Problem != nil {
			want = *tc.Problem
		}
		if got := string(models.CheckEndpointURL(tc.Value)); got != want {
			t.Errorf("%q: got %q, want %q", tc.Value, got, want)
		}
		// Through Validate too, as the login URL of a custom cloud.
		s := customCloud(tc.Value, "https://graph.example.com")
		if err := s.Validate(); (want == "") != (err == nil) || (err != nil && !errors.Is(err, models.ErrBadEndpoint)) {
			t.Errorf("%q through Validate: got %v, want problem %q", tc.Value, err, want)
		}
	}
}

func TestEndpointErrorNamesTheSettingAndTheFix(t *testing.T) {
	s := customCloud("https://login.example.com?", "https://graph.example.com")
	err := s.Validate()
	want := "an endpoint URL is not allowed: the login URL has a query (?): remove the ? and everything after it"
	if err == nil || err.Error() != want {
		t.Errorf("got %v", err)
	}
}

// customCloud resolves settings of a custom cloud as stored, so every other setting takes its default.
// The login URL is set after Resolve: Resolve trims it, and the rule must see it as stored.
func customCloud(loginURL, graphURL string) models.Settings {
	s := models.Resolve(models.JSONData{Cloud: models.CloudCustom, API: models.APIGraphV1, TenantID: "contoso.com", ClientID: "c", GraphURL: graphURL}, "s")
	s.LoginURL = loginURL
	return s
}
