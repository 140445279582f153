package e2e_test

import (
	"context"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func TestCheckHealthAgainstTheEmulator(t *testing.T) {
	emu := startEmulator(t)
	tests := []struct {
		name     string
		clientID string
		secret   string
		tenant   string
		wantOK   bool
		wantText string
	}{
		{"the demo app", emu.ClientID, emu.ClientSecret, "", true, "Connected to tenant"},
		{"the tenant's domain", emu.ClientID, emu.ClientSecret, emu.TenantDomain, true, "directory audits readable"},
		{"a wrong secret", emu.ClientID, "not-the-secret", "", false, "AADSTS7000215"},
		{"an expired secret", expiredClientID, expiredClientSecret, "", false, "AADSTS7000222"},
		{"an unknown app", "99999999-0000-4000-8000-000000000000", "x", "", false, "AADSTS700016"},
		{"an unknown tenant", emu.ClientID, emu.ClientSecret, "00000000-0000-4000-8000-00000000dead", false, "AADSTS90002"},
		{"no audit permission", noAuditClientID, noAuditClientSecret, "", false, "AuditLog.Read.All"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			jsonData := emu.jsonData(tc.clientID, "")
			if tc.tenant != "" {
				jsonData = []byte(strings.Replace(string(jsonData), emu.TenantID, tc.tenant, 1))
			}
			res, err := emu.datasource(t, jsonData, tc.secret).CheckHealth(context.Background(), &backend.CheckHealthRequest{})
			if err != nil {
				t.Fatal(err)
			}
			if (res.Status == backend.HealthStatusOk) != tc.wantOK || !strings.Contains(res.Message, tc.wantText) {
				t.Errorf("status %v message %q", res.Status, res.Message)
			}
			if strings.Contains(res.Message, tc.secret) {
				t.Errorf("the message echoes the secret: %q", res.Message)
			}
		})
	}
}
