package models_test

import (
	"errors"
	"testing"

	"github.com/auditlens/entraid/pkg/models"
)

func TestResolveAppliesTheCloudTableAndDefaults(t *testing.T) {
	tests := []struct {
		name      string
		data      string
		wantAPI   models.APIFlavour
		wantGraph string
		wantLogin string
	}{
		{"empty means Azure global on v1.0", `{}`, models.APIGraphV1, "https://graph.microsoft.com", "https://login.microsoftonline.com"},
		{"China defaults to beta", `{"cloud":"china"}`, models.APIGraphBeta, "https://microsoftgraph.chinacloudapi.cn", "https://login.chinacloudapi.cn"},
		{"an explicit API wins in China", `{"cloud":"china","api":"msgraph-v1"}`, models.APIGraphV1, "https://microsoftgraph.chinacloudapi.cn", "https://login.chinacloudapi.cn"},
		{"a named cloud ignores stored custom URLs", `{"cloud":"usgovdod","graphUrl":"https://evil.example"}`, models.APIGraphV1, "https://dod-graph.microsoft.us", "https://login.microsoftonline.us"},
		{"custom URLs lose trailing slashes", `{"cloud":"custom","graphUrl":" http://127.0.0.1:8080/ ","loginUrl":"http://localhost:8080//"}`, models.APIGraphV1, "http://127.0.0.1:8080", "http://localhost:8080"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := models.ParseJSONData([]byte(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			s := models.Resolve(d, "x")
			if s.API != tc.wantAPI || s.GraphURL != tc.wantGraph || s.LoginURL != tc.wantLogin {
				t.Errorf("got api %s graph %s login %s", s.API, s.GraphURL, s.LoginURL)
			}
			if s.MaxEvents != models.DefaultMaxEvents || s.RetentionDays != models.DefaultRetentionDays || s.IngestionDelayMinutes != 5 || s.RequestBudget.Requests != 5 {
				t.Errorf("defaults not applied: %+v", s.RequestBudget)
			}
		})
	}
}

func TestResolveKeepsAZeroIngestionDelay(t *testing.T) {
	d, _ := models.ParseJSONData([]byte(`{"ingestionDelayMinutes":0,"requestBudget":{"requests":2,"perSeconds":1}}`))
	s := models.Resolve(d, "")
	if s.IngestionDelayMinutes != 0 || s.MaxEvents != models.DefaultMaxEvents || s.RequestBudget.Requests != 2 {
		t.Errorf("got %+v", s)
	}
}

func TestValidateNamesTheSettingToFix(t *testing.T) {
	valid := `{"tenantId":"contoso.onmicrosoft.com","clientId":"c"}`
	tests := []struct {
		name    string
		data    string
		secret  string
		wantErr error
	}{
		{"valid", valid, "s", nil},
		{"a GUID tenant", `{"tenantId":"c0de0000-0000-4000-8000-000000000001","clientId":"c"}`, "s", nil},
		{"missing tenant", `{"clientId":"c"}`, "s", models.ErrMissingTenant},
		{"a tenant that smuggles a path", `{"tenantId":"../common/oauth2","clientId":"c"}`, "s", models.ErrBadTenant},
		{"a tenant with a query", `{"tenantId":"contoso.com?x=1","clientId":"c"}`, "s", models.ErrBadTenant},
		{"missing client", `{"tenantId":"contoso.com"}`, "s", models.ErrMissingClientID},
		{"missing secret", valid, "", models.ErrMissingSecret},
		{"unknown cloud", `{"cloud":"mars","tenantId":"contoso.com","clientId":"c"}`, "s", models.ErrUnknownCloud},
		{"unknown api", `{"api":"v2","tenantId":"contoso.com","clientId":"c"}`, "s", models.ErrUnknownAPI},
		{"legacy on Azure global", `{"api":"legacy","tenantId":"contoso.com","clientId":"c"}`, "s", nil},
		{"legacy needs its own custom URL", `{"cloud":"custom","api":"legacy","loginUrl":"https://l.example","graphUrl":"https://g.example","tenantId":"contoso.com","clientId":"c"}`, "s", models.ErrBadEndpoint},
		{"custom http off localhost", `{"cloud":"custom","loginUrl":"https://l.example","graphUrl":"http://g.example","tenantId":"contoso.com","clientId":"c"}`, "s", models.ErrBadEndpoint},
		{"custom http on localhost", `{"cloud":"custom","loginUrl":"http://localhost:1","graphUrl":"http://127.0.0.1:2","tenantId":"contoso.com","clientId":"c"}`, "s", nil},
		{"custom look-alike localhost", `{"cloud":"custom","loginUrl":"http://localhost.evil.example","graphUrl":"https://g.example","tenantId":"contoso.com","clientId":"c"}`, "s", models.ErrBadEndpoint},
		{"custom URL with credentials", `{"cloud":"custom","loginUrl":"https://u:p@l.example","graphUrl":"https://g.example","tenantId":"contoso.com","clientId":"c"}`, "s", models.ErrBadEndpoint},
		{"custom URL missing", `{"cloud":"custom","loginUrl":"https://l.example","tenantId":"contoso.com","clientId":"c"}`, "s", models.ErrBadEndpoint},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := models.ParseJSONData([]byte(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			err = models.Resolve(d, tc.secret).Validate()
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("got %v, want %v", err, tc.wantErr)
			}
		})
	}
}

func TestParseJSONDataRejectsBrokenJSON(t *testing.T) {
	if _, err := models.ParseJSONData([]byte(`{"cloud":`)); !errors.Is(err, models.ErrSettingsJSON) {
		t.Errorf("got %v", err)
	}
}

// Issue 14, finding 7: a retention that overflows a Go duration once made every range "outside
// retention"; it is refused whether it comes from stored JSON or from settings built in code.
func TestRetentionBeyondItsNamedMaximumIsRefused(t *testing.T) {
	if _, err := models.ParseJSONData([]byte(`{"retentionDays":1000000000}`)); !errors.Is(err, models.ErrBadRetentionDays) {
		t.Errorf("stored: got %v", err)
	}
	s := models.Resolve(models.JSONData{TenantID: "contoso.onmicrosoft.com", ClientID: "c", RetentionDays: 1_000_000_000}, "s")
	if err := s.Validate(); !errors.Is(err, models.ErrBadRetentionDays) {
		t.Errorf("built in code: got %v", err)
	}
}

func TestThrottleGiveUpMinutesDefaultsAndIsCapped(t *testing.T) {
	for stored, want := range map[int]int{0: models.DefaultThrottleGiveUpMinutes, -3: models.DefaultThrottleGiveUpMinutes, 25: 25, 100_000: models.MaxThrottleGiveUpMinutes} {
		if got := models.Resolve(models.JSONData{ThrottleGiveUpMinutes: stored}, "").ThrottleGiveUpMinutes; got != want {
			t.Errorf("throttleGiveUpMinutes %d resolved to %d, want %d", stored, got, want)
		}
	}
}
