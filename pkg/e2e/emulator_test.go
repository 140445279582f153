// Package e2e_test runs the backend against the tenant emulator (emulator/, a real HTTP server in
// Node) on a fast clock, and compares what QueryData answers with the emulator's ground truth.
package e2e_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// emulator is one running tenant emulator, as its --json line describes it.
type emulator struct {
	HTTPURL      string `json:"httpUrl"`
	TenantID     string `json:"tenantId"`
	TenantDomain string `json:"tenantDomain"`
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret"`
}

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

// startEmulator spawns `tsx emulator/cli.ts --port 0 --json …` from the repository root, reads the
// one JSON line it prints and stops the whole process group when the test ends.
func startEmulator(t *testing.T, args ...string) *emulator {
	t.Helper()
	root := repoRoot(t)
	if _, err := os.Stat(filepath.Join(root, "emulator", "cli.ts")); err != nil {
		t.Fatalf("the tenant emulator is missing (%v); the end-to-end tests need emulator/cli.ts", err)
	}
	tsx := filepath.Join(root, "node_modules", ".bin", "tsx")
	if _, err := os.Stat(tsx); err != nil {
		t.Fatalf("tsx is not installed (%v); run npm ci first", err)
	}
	base := []string{"emulator/cli.ts", "--port", "0", "--https-port", "off", "--json", "--inspection", "--latency-ms", "0",
		"--time-scale", fmt.Sprint(timeScale)}
	cmd := exec.Command(tsx, append(base, args...)...)
	cmd.Dir = root
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		_ = cmd.Wait()
	})
	lines := make(chan string, 1)
	go func() {
		scanner := bufio.NewScanner(stdout)
		if scanner.Scan() {
			lines <- scanner.Text()
		}
		close(lines)
	}()
	select {
	case line, ok := <-lines:
		if !ok {
			t.Fatalf("the emulator exited before printing its JSON line: %s", stderr.String())
		}
		var emu emulator
		if err := json.Unmarshal([]byte(line), &emu); err != nil || emu.HTTPURL == "" {
			t.Fatalf("unexpected emulator output %q: %v", line, err)
		}
		return &emu
	case <-time.After(90 * time.Second):
		t.Fatalf("the emulator did not start within 90 s: %s", stderr.String())
	}
	return nil
}

// jsonData points a custom cloud at the emulator. Pacing is off so the emulator's own throttle
// (Microsoft's 5 requests per 10 s) answers 429 and the client's Retry-After handling is exercised.
func (e *emulator) jsonData(clientID string, extra string) []byte {
	return []byte(fmt.Sprintf(`{"cloud":"custom","loginUrl":%q,"graphUrl":%q,"tenantId":%q,"clientId":%q,"requestBudget":{"requests":100000,"perSeconds":0.001}%s}`,
		e.HTTPURL, e.HTTPURL, e.TenantID, clientID, extra))
}

func (e *emulator) get(t *testing.T, path string, into any) {
	t.Helper()
	resp, err := http.Get(e.HTTPURL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		t.Fatal(err)
	}
}

func (e *emulator) post(t *testing.T, path string, body any) {
	t.Helper()
	raw, _ := json.Marshal(body)
	resp, err := http.Post(e.HTTPURL+path, "application/json", bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		t.Fatalf("POST %s: %s", path, resp.Status)
	}
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
