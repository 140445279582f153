// Package emulatortest starts the tenant emulator (emulator/, a real HTTP server in Node) for Go
// tests and benchmarks, and gives them a clock that runs on the emulator's fast time.
package emulatortest

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
)

// Emulator is one running tenant emulator, as its --json line describes it.
type Emulator struct {
	HTTPURL string `json:"httpUrl"`
	// HTTPSURL is the HTTPS listener, the login URL the Azure Identity library accepts; clients
	// trust it with CACertPEM (a data source's With CA Cert setting) or HTTPClient.
	HTTPSURL   string `json:"httpsUrl"`
	CACertPath string `json:"caCertPath"`
	CACertPEM  string `json:"-"`
	// The demo app's certificate with its key (PEM), and one whose upload has expired.
	ClientCertificatePath  string `json:"clientCertificatePath"`
	RetiredCertificatePath string `json:"retiredCertificatePath"`
	ClientCertificatePEM   string `json:"-"`
	RetiredCertificatePEM  string `json:"-"`
	TenantID               string `json:"tenantId"`
	TenantDomain           string `json:"tenantDomain"`
	ClientID               string `json:"clientId"`
	ClientSecret           string `json:"clientSecret"`
	// Clock runs on the emulator's time: its Now is the emulator's now, its sleeps are scaled.
	Clock *Clock `json:"-"`
}

// repoRoot is two directories above this file's package directory's parent (pkg/internal/…).
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", "..", ".."))
}

// Start spawns `tsx emulator/cli.ts --port 0 --json --inspection …` with the fast clock at
// timeScale emulated ms per real ms, and stops its process group when the test ends.
func Start(t testing.TB, timeScale int, args ...string) *Emulator {
	t.Helper()
	root := repoRoot()
	tsx := filepath.Join(root, "node_modules", ".bin", "tsx")
	if _, err := os.Stat(tsx); err != nil {
		t.Fatalf("tsx is not installed (%v); run npm ci first", err)
	}
	base := []string{"emulator/cli.ts", "--port", "0", "--https-port", "0", "--json", "--inspection", "--latency-ms", "0",
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
		var emu Emulator
		if err := json.Unmarshal([]byte(line), &emu); err != nil || emu.HTTPURL == "" || emu.HTTPSURL == "" {
			t.Fatalf("unexpected emulator output %q: %v", line, err)
		}
		for path, into := range map[string]*string{emu.CACertPath: &emu.CACertPEM, emu.ClientCertificatePath: &emu.ClientCertificatePEM,
			emu.RetiredCertificatePath: &emu.RetiredCertificatePEM} {
			pem, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("the emulator's certificates: %v", err)
			}
			*into = string(pem)
		}
		emu.Clock = emu.syncClock(t, timeScale)
		return &emu
	case <-time.After(90 * time.Second):
		t.Fatalf("the emulator did not start within 90 s: %s", stderr.String())
	}
	return nil
}

// HTTPClient trusts the emulator's CA (and no other) and has the timeout.
func (e *Emulator) HTTPClient(timeout time.Duration) *http.Client {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM([]byte(e.CACertPEM))
	return &http.Client{Timeout: timeout, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
}

// Clock is the emulator's time seen from Go: its Now is the emulator's now, its sleeps are scaled.
type Clock = clock.Scaled

func (e *Emulator) syncClock(t testing.TB, scale int) *Clock {
	var now struct {
		Now string `json:"now"`
	}
	e.Get(t, "/_emulator/now", &now)
	at, err := time.Parse(time.RFC3339Nano, now.Now)
	if err != nil {
		t.Fatal(err)
	}
	return clock.NewScaled(at, float64(scale))
}

// Get decodes the JSON answer of an inspection endpoint.
func (e *Emulator) Get(t testing.TB, path string, into any) {
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

// Send changes the emulator (POST or PUT with a JSON body).
func (e *Emulator) Send(t testing.TB, method, path string, body any) {
	t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, e.HTTPURL+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %s", method, path, resp.Status)
	}
}

// Count is the ground truth: the events the tenant shows now in from..to, both included.
func (e *Emulator) Count(t testing.TB, fromMs, toMs int64) int {
	t.Helper()
	var truth struct {
		Total int `json:"total"`
	}
	e.Get(t, fmt.Sprintf("/_emulator/counts?from=%d&to=%d", fromMs, toMs), &truth)
	return truth.Total
}

// Request is one logged request.
type Request struct {
	API    string `json:"api"`
	Status int    `json:"status"`
	Fault  string `json:"fault"`
	URL    string `json:"url"`
}

// Requests is the emulator's request log.
func (e *Emulator) Requests(t testing.TB) []Request {
	t.Helper()
	var log struct {
		Requests []Request `json:"requests"`
	}
	e.Get(t, "/_emulator/requests", &log)
	return log.Requests
}

// CountTenant is Count for one of the emulator's tenants (GUID or domain).
func (e *Emulator) CountTenant(t testing.TB, tenant string, fromMs, toMs int64) int {
	t.Helper()
	var truth struct {
		Total int `json:"total"`
	}
	e.Get(t, fmt.Sprintf("/_emulator/counts?from=%d&to=%d&tenant=%s", fromMs, toMs, tenant), &truth)
	return truth.Total
}
