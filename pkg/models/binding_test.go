package models_test

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/auditlens/entraid/pkg/models"
)

func TestSecretBindingTable(t *testing.T) {
	raw, err := os.ReadFile("../../conformance/tables/secret-bindings.json")
	if err != nil {
		t.Fatal(err)
	}
	var table struct {
		Cases []struct {
			JSONData json.RawMessage `json:"jsonData"`
			Binding  string          `json:"binding"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(raw, &table); err != nil || len(table.Cases) == 0 {
		t.Fatalf("table: %v", err)
	}
	for _, tc := range table.Cases {
		d, err := models.ParseJSONData(tc.JSONData)
		if err != nil {
			t.Fatal(err)
		}
		if got := models.SecretBinding(models.Resolve(d, "s")); got != tc.Binding {
			t.Errorf("%s: got %q, want %q", tc.JSONData, got, tc.Binding)
		}
	}
}

func TestCheckSecretBinding(t *testing.T) {
	custom := `{"cloud":"custom","loginUrl":"https://login.example.com","graphUrl":"https://graph.example.com","tenantId":"contoso.com","clientId":"c"}`
	tests := []struct {
		name     string
		data     string
		stored   string
		wantErr  error
		wantText string
	}{
		{"bound and unchanged", custom, "custom|login.example.com|contoso.com", nil, ""},
		{"bound, case differs only", custom, "custom|LOGIN.example.com|Contoso.com", nil, ""},
		{"login host changed", custom, "custom|login.contoso.example|contoso.com", models.ErrSecretRebound, `the login host "login.contoso.example", but the settings now name "login.example.com"`},
		{"tenant changed", custom, "custom|login.example.com|fabrikam.com", models.ErrSecretRebound, `the tenant "fabrikam.com"`},
		{"cloud changed", `{"cloud":"usgov","tenantId":"contoso.com","clientId":"c"}`, "azure|login.microsoftonline.com|contoso.com", models.ErrSecretRebound, `the cloud "azure"`},
		{"malformed binding", custom, "custom|login.example.com", models.ErrSecretRebound, "re-enter the client secret"},
		{"named cloud without binding", `{"cloud":"azure","tenantId":"contoso.com","clientId":"c"}`, "", nil, ""},
		{"custom cloud without binding", custom, "", models.ErrSecretUnbound, `provision secureJsonData.clientSecretBinding: "custom|login.example.com|contoso.com"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := models.ParseJSONData([]byte(tc.data))
			err := models.CheckSecretBinding(models.Resolve(d, "the-secret-value"), tc.stored)
			if !errors.Is(err, tc.wantErr) || (err != nil && !strings.Contains(err.Error(), tc.wantText)) {
				t.Errorf("got %v, want %v containing %q", err, tc.wantErr, tc.wantText)
			}
			if err != nil && strings.Contains(err.Error(), "the-secret-value") {
				t.Error("the error quotes the secret")
			}
		})
	}
}
