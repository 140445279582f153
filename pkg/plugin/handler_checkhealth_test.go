package plugin_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/internal/fakeentra"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plugin"
)

func newInstance(jsonData []byte, secret string) *plugin.Datasource {
	secure := map[string]string{}
	if secret != "" {
		secure["clientSecret"] = secret
		// As the config editor stores it: bound to the endpoints the secret was entered for.
		parsed, _ := models.ParseJSONData(jsonData)
		secure[models.SecretBindingKey] = models.SecretBinding(models.Resolve(parsed, secret))
	}
	return plugin.New(jsonData, secure, fakeentra.HTTPClient(5*time.Second), clock.NewManual(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)))
}

func TestCheckHealth(t *testing.T) {
	event := map[string]any{"id": "e1", "activityDateTime": "2026-11-20T11:00:00Z", "activityDisplayName": "Add user"}
	tests := []struct {
		name        string
		setup       func(f *fakeentra.Server) (jsonData []byte, secret string)
		wantOK      bool
		wantStep    string
		wantCode    string
		wantMessage string
	}{
		{"success", func(f *fakeentra.Server) ([]byte, string) {
			f.Events = []map[string]any{event}
			return f.JSONData(), fakeentra.Secret
		},
			true, "", "", "the newest event is from 2026-11-20T11:00:00Z"},
		{"success on an empty tenant", func(f *fakeentra.Server) ([]byte, string) { return f.JSONData(), fakeentra.Secret },
			true, "", "", "no events yet"},
		{"missing secret", func(f *fakeentra.Server) ([]byte, string) { return f.JSONData(), "" },
			false, "settings", "", "Value (not its ID)"},
		{"wrong secret", func(f *fakeentra.Server) ([]byte, string) { return f.JSONData(), "wrong-secret" },
			false, "token", "AADSTS7000215", "not its Secret ID"},
		{"expired secret", func(f *fakeentra.Server) ([]byte, string) {
			f.ForceAADSTS = 7000222
			return f.JSONData(), fakeentra.Secret
		},
			false, "token", "AADSTS7000222", "has expired"},
		{"unknown client", func(f *fakeentra.Server) ([]byte, string) {
			return []byte(strings.Replace(string(f.JSONData()), fakeentra.ClientID, "99999999-0000-0000-0000-000000000000", 1)), fakeentra.Secret
		}, false, "token", "AADSTS700016", "client) ID was not found"},
		{"unknown tenant", func(f *fakeentra.Server) ([]byte, string) {
			return []byte(strings.Replace(string(f.JSONData()), fakeentra.Tenant, "fabrikam.onmicrosoft.com", 1)), fakeentra.Secret
		}, false, "token", "AADSTS90002", "tenant's cloud"},
		{"malformed tenant", func(f *fakeentra.Server) ([]byte, string) {
			f.ForceAADSTS = 900023
			return f.JSONData(), fakeentra.Secret
		},
			false, "token", "AADSTS900023", "neither a GUID nor a valid domain"},
		{"missing audit permission", func(f *fakeentra.Server) ([]byte, string) {
			f.GraphStatus, f.GraphCode = 403, "Authentication_MSGraphPermissionMissing"
			return f.JSONData(), fakeentra.Secret
		}, false, "audit log", "Authentication_MSGraphPermissionMissing", "application permissions AuditLog.Read.All and Directory.Read.All"},
		{"missing directory permission", func(f *fakeentra.Server) ([]byte, string) {
			f.GraphStatus, f.GraphCode = 403, "Authorization_RequestDenied"
			return f.JSONData(), fakeentra.Secret
		}, false, "audit log", "Authorization_RequestDenied", "Directory.Read.All"},
		{"token rejected by Graph", func(f *fakeentra.Server) ([]byte, string) {
			f.GraphStatus, f.GraphCode = 401, "InvalidAuthenticationToken"
			return f.JSONData(), fakeentra.Secret
		}, false, "audit log", "InvalidAuthenticationToken", "cloud in the data source settings"},
		{"login endpoint unreachable", func(f *fakeentra.Server) ([]byte, string) {
			return []byte(`{"cloud":"custom","loginUrl":"https://127.0.0.1:1","graphUrl":"https://127.0.0.1:1","tenantId":"contoso.com","clientId":"c"}`), fakeentra.Secret
		}, false, "token", "", "could not reach the Entra ID login endpoint"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := fakeentra.New()
			defer fake.Close()
			jsonData, secret := tc.setup(fake)
			res, err := newInstance(jsonData, secret).CheckHealth(context.Background(), &backend.CheckHealthRequest{})
			if err != nil {
				t.Fatal(err)
			}
			if (res.Status == backend.HealthStatusOk) != tc.wantOK {
				t.Fatalf("status %v: %s", res.Status, res.Message)
			}
			if !strings.Contains(res.Message, tc.wantMessage) {
				t.Errorf("message %q lacks %q", res.Message, tc.wantMessage)
			}
			if tc.wantCode != "" && !strings.Contains(res.Message, tc.wantCode) {
				t.Errorf("message %q lacks the code %q", res.Message, tc.wantCode)
			}
			if !tc.wantOK {
				var details map[string]string
				if err := json.Unmarshal(res.JSONDetails, &details); err != nil || details["step"] != tc.wantStep || details["code"] != tc.wantCode {
					t.Errorf("details %s", res.JSONDetails)
				}
			}
			for _, secretish := range []string{fakeentra.Secret, "wrong-secret", "fake-entra-access-token", "client_secret"} {
				if strings.Contains(res.Message+string(res.JSONDetails), secretish) {
					t.Errorf("health result echoes %q: %s", secretish, res.Message)
				}
			}
		})
	}
}

func TestTokenIsRequestedOnceAndCached(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	ds := newInstance(fake.JSONData(), fakeentra.Secret)
	for i := 0; i < 3; i++ {
		if res, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{}); res.Status != backend.HealthStatusOk {
			t.Fatal(res.Message)
		}
	}
	if fake.TokenRequests() != 1 {
		t.Errorf("%d token requests, want 1", fake.TokenRequests())
	}
	form := fake.TokenForms()[0]
	if strings.Fields(form.Get("scope"))[0] != fake.URL+"/.default" || form.Get("grant_type") != "client_credentials" || form.Get("client_id") != fakeentra.ClientID {
		t.Errorf("token form %v", form)
	}
}
