package plugin_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/internal/fakeentra"
	"github.com/auditlens/entraid/pkg/plugin"
)

// The secret was entered for one login host; jsonData was then changed (through the API or a
// provisioning file, without the editor) to send it elsewhere. Nothing may reach the new host.
func TestTheSecretNeverFollowsAChangedEndpoint(t *testing.T) {
	saved, moved := fakeentra.New(), fakeentra.New()
	defer saved.Close()
	defer moved.Close()
	// Written literally (not through models.SecretBinding): the stored format is a contract.
	bindingFor := func(f *fakeentra.Server, tenant string) string {
		return "custom|" + strings.TrimPrefix(f.URL, "https://") + "|" + tenant
	}
	tests := []struct {
		name     string
		jsonData []byte
		binding  string
		want     string
	}{
		{"login host changed", moved.JSONData(), bindingFor(saved, fakeentra.Tenant), `the login host "` + strings.TrimPrefix(saved.URL, "https://")},
		{"tenant changed", moved.JSONData(), bindingFor(moved, "fabrikam.onmicrosoft.com"), `the tenant "fabrikam.onmicrosoft.com"`},
		{"cloud changed", moved.JSONData(), "azure|login.microsoftonline.com|" + fakeentra.Tenant, `the cloud "azure"`},
		{"custom cloud with no binding", moved.JSONData(), "", "provision secureJsonData.clientSecretBinding"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			secure := map[string]string{"clientSecret": fakeentra.Secret}
			if tc.binding != "" {
				secure["clientSecretBinding"] = tc.binding
			}
			ds := plugin.New(tc.jsonData, secure, fakeentra.HTTPClient(5*time.Second), clock.NewManual(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)))
			health, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
			resp, _ := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
				RefID: "A", JSON: []byte(`{"format":"table"}`), TimeRange: backend.TimeRange{From: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 20, 11, 0, 0, 0, time.UTC)},
			}}})
			if moved.TokenRequests() != 0 || saved.TokenRequests() != 0 {
				t.Fatalf("the secret was posted: %d token requests to the new host", moved.TokenRequests())
			}
			if health == nil || health.Status == backend.HealthStatusOk || !strings.Contains(health.Message, tc.want) {
				t.Errorf("health %+v lacks %q", health, tc.want)
			}
			if resp == nil || resp.Responses["A"].Error == nil || !strings.Contains(resp.Responses["A"].Error.Error(), "re-enter the client secret") {
				t.Errorf("query answer %+v does not say how to fix it", resp)
			}
			for _, text := range []string{health.Message, string(health.JSONDetails), resp.Responses["A"].Error.Error()} {
				if strings.Contains(text, fakeentra.Secret) {
					t.Errorf("output carries the secret: %s", text)
				}
			}
		})
	}
}
