package plugin_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/internal/emulatortest"
	"github.com/auditlens/entraid/pkg/internal/storebench"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/store"
)

// restartPanels is a dashboard over the store: every format, 6 panels in one request.
var restartPanels = []string{
	`{"refId":"A","format":"timeSeries","groupBy":"activity","bucket":"auto"}`,
	`{"refId":"B","format":"summary","groupBy":"activity"}`,
	`{"refId":"C","format":"summary","groupBy":"initiatedBy"}`,
	`{"refId":"D","format":"alertNumbers","groupBy":"activity"}`,
	`{"refId":"E","format":"timeSeries","groupBy":"result","bucket":"1h","filters":[{"field":"result","operator":"eq","values":["failure"]}]}`,
	`{"refId":"F","format":"summary","groupBy":"targetType"}`,
}

// BenchmarkRestartWith1MStored is benchmark (e): disk bytes and resident memory of the plugin
// process holding 1M stored events, and how long after a restart it serves a 30-day dashboard
// from the store (29 days it holds), with the Graph requests it made meanwhile. Each iteration is one restart of
// pkg/cmd/dsquery-standin (the plugin's backend through the SDK, as Grafana runs it) on a store
// filled once by pkg/internal/storebench (the same one BenchmarkStoreQueries1M reads). Not part of
// the test command; the first run fills the store (a minute or two):
//
//	go test -run '^$' -bench RestartWith1MStored -benchtime 3x ./pkg/plugin/
func BenchmarkRestartWith1MStored(b *testing.B) {
	const events = 1_000_000
	to := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	dir := storebench.Dir(b, events)
	h := storebench.Fill(b, store.NewRegistry(), dir, events, to.Add(-30*24*time.Hour), to)
	stats, err := h.Stats(context.Background())
	_ = h.Close()
	if err != nil {
		b.Fatal(err)
	}
	binary := buildStandin(b)
	// A real-time emulator at the store's newest instant: the restarted sync walks only its tail.
	emu := emulatortest.Start(b, 1, "--now", to.Format(time.RFC3339))
	settings := restartSettings(b, emu)
	// 29 days the store holds, ending at its newest covered instant.
	covered := store.Span{FromMs: to.Add(-29 * 24 * time.Hour).UnixMilli(), ToMs: to.UnixMilli()}
	var runs []restartRun
	for range b.N {
		runs = append(runs, restartOnce(b, binary, settings, emu, dir, covered))
	}
	printRestart(stats, runs)
}

type restartRun struct {
	listening, firstPanel, dashboard time.Duration
	rssKB, peakKB                    int
	requests                         int
}

func restartOnce(b *testing.B, binary, settings string, emu *emulatortest.Emulator, dir string, covered store.Span) restartRun {
	before := auditRequests(b, emu)
	started := time.Now()
	cmd := exec.Command(binary, "--settings", settings, "--emulator-clock", emu.HTTPURL)
	cmd.Env = append(os.Environ(), store.DirEnv+"="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "listening on ") {
		b.Fatalf("stand-in: %q %v", line, err)
	}
	url := strings.TrimSpace(strings.TrimPrefix(line, "listening on "))
	run := restartRun{listening: time.Since(started)}
	postFromStore(b, url, covered, restartPanels[:1])
	run.firstPanel = time.Since(started)
	postFromStore(b, url, covered, restartPanels)
	run.dashboard = time.Since(started)
	run.rssKB, run.peakKB = residentKB(b, cmd.Process.Pid)
	run.requests = auditRequests(b, emu) - before
	return run
}

// postFromStore posts panels over span and fails unless each was answered from the store.
func postFromStore(b *testing.B, url string, span store.Span, panels []string) {
	queries := make([]string, len(panels))
	for i, p := range panels {
		queries[i] = strings.Replace(p, "{", `{"datasource":{"uid":"`+storebench.Key.UID+`"},"intervalMs":1800000,"maxDataPoints":1500,`, 1)
	}
	body := fmt.Sprintf(`{"from":"%d","to":"%d","queries":[%s]}`, span.FromMs, span.ToMs, strings.Join(queries, ","))
	resp, err := http.Post(url+"/api/ds/query", "application/json", strings.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var answer struct {
		Results map[string]json.RawMessage `json:"results"`
	}
	if err := json.Unmarshal(raw, &answer); err != nil || resp.StatusCode != http.StatusOK || len(answer.Results) != len(panels) {
		b.Fatalf("HTTP %d, %d results: %.500s", resp.StatusCode, len(answer.Results), raw)
	}
	for refID, r := range answer.Results {
		if !bytes.Contains(r, []byte("audit store")) {
			b.Fatalf("%s was not answered from the store: %.500s", refID, r)
		}
	}
}

// residentKB reads the process's resident set and its peak (VmRSS, VmHWM) from /proc.
func residentKB(b *testing.B, pid int) (rss, peak int) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatalf("resident memory needs Linux's /proc: %v", err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		_, _ = fmt.Sscanf(line, "VmRSS: %d kB", &rss)
		_, _ = fmt.Sscanf(line, "VmHWM: %d kB", &peak)
	}
	return rss, peak
}

func buildStandin(b *testing.B) string {
	binary := filepath.Join(b.TempDir(), "dsquery-standin")
	build := exec.Command("go", "build", "-o", binary, "../cmd/dsquery-standin")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return binary
}

// restartSettings is the stand-in's settings file: the store's data source in Server with store mode.
func restartSettings(b *testing.B, emu *emulatortest.Emulator) string {
	jsonData := fmt.Sprintf(`{"queryMode":"serverStore","cloud":"custom","loginUrl":%q,"graphUrl":%q,"tenantId":%q,"clientId":%q,"retentionDays":30,"maxEvents":1000000}`,
		emu.HTTPURL, emu.HTTPURL, emu.TenantID, emu.ClientID)
	parsed, err := models.ParseJSONData([]byte(jsonData))
	if err != nil {
		b.Fatal(err)
	}
	secure, _ := json.Marshal(map[string]string{models.ServerSecretKey: emu.ClientSecret,
		models.ServerSecretBindingKey: models.SecretBinding(models.Resolve(parsed, emu.ClientSecret))})
	file := filepath.Join(b.TempDir(), "datasources.json")
	content := fmt.Sprintf(`{"datasources":[{"orgId":%d,"uid":%q,"jsonData":%s,"secureJsonData":%s}]}`,
		storebench.Key.OrgID, storebench.Key.UID, jsonData, secure)
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		b.Fatal(err)
	}
	return file
}

func printRestart(stats store.Stats, runs []restartRun) {
	median := func(pick func(restartRun) float64) float64 {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = pick(r)
		}
		sort.Float64s(v)
		return v[len(v)/2]
	}
	requests := make([]string, len(runs))
	for i, r := range runs {
		requests[i] = fmt.Sprint(r.requests)
	}
	fmt.Printf("| %d events held | disk %d bytes (%.0f per event) | RSS %.0f MB, peak %.0f MB | listening %.2f s, first panel %.2f s, 29-day dashboard (6 panels) %.2f s after the restart (wall-clock medians of %d) | Graph requests per restart: %s (the sync's tail; every panel from the store) |\n",
		stats.Events, stats.BytesOnDisk, float64(stats.BytesOnDisk)/float64(stats.Events),
		median(func(r restartRun) float64 { return float64(r.rssKB) / 1024 }), median(func(r restartRun) float64 { return float64(r.peakKB) / 1024 }),
		median(func(r restartRun) float64 { return r.listening.Seconds() }), median(func(r restartRun) float64 { return r.firstPanel.Seconds() }),
		median(func(r restartRun) float64 { return r.dashboard.Seconds() }), len(runs), strings.Join(requests, ", "))
}

// auditRequests counts the audit requests the emulator has served.
func auditRequests(b *testing.B, emu *emulatortest.Emulator) int {
	n := 0
	for _, r := range emu.Requests(b) {
		if strings.Contains(r.URL, "auditLogs") {
			n++
		}
	}
	return n
}
