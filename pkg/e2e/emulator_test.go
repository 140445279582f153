// Package e2e_test runs the backend against the tenant emulator (emulator/, a real HTTP server in
// Node) on a fast clock, and compares what QueryData answers with the emulator's ground truth.
package e2e_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/auditlens/entraid/pkg/internal/emulatortest"
)

// emulator is one running tenant emulator (started by pkg/internal/emulatortest), with the
// helpers these tests share.
type emulator struct{ *emulatortest.Emulator }

// The emulator's other demo apps (emulator/config.ts): one without AuditLog.Read.All, one whose
// only secret has expired. Their secrets are the emulator's own demo values, not real credentials.
const (
	noAuditClientID     = "a0d17000-0000-4000-8000-000000000002"
	noAuditClientSecret = "emulator-no-audit-secret"
	expiredClientID     = "a0d17000-0000-4000-8000-000000000003"
	expiredClientSecret = "emulator-expired-secret"
	// timeScale: emulated milliseconds per real millisecond; Microsoft's 10-s throttle window lasts 10 ms.
	timeScale = 1000
)

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// startEmulator starts the emulator on the fast clock with these tests' extra arguments.
func startEmulator(t *testing.T, args ...string) *emulator {
	t.Helper()
	return &emulator{emulatortest.Start(t, timeScale, args...)}
}

// jsonData points a custom cloud at the emulator's HTTPS listener, trusting its CA (datasource). Pacing is off so the emulator's own throttle
// (Microsoft's 5 requests per 10 s) answers 429 and the client's Retry-After handling is exercised.
func (e *emulator) jsonData(clientID string, extra string) []byte {
	return []byte(fmt.Sprintf(`{"cloud":"custom","loginUrl":%q,"graphUrl":%q,"tlsAuthWithCACert":true,"tenantId":%q,"clientId":%q,"requestBudget":{"requests":100000,"perSeconds":0.001}%s}`,
		e.HTTPSURL, e.HTTPSURL, e.TenantID, clientID, extra))
}

type groundTruth struct {
	Total  int            `json:"total"`
	Groups map[string]int `json:"groups"`
}

type loggedRequest struct {
	API    string `json:"api"`
	Status int    `json:"status"`
	Fault  string `json:"fault"`
	URL    string `json:"url"`
}
