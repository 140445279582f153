package plugin_test

import (
	"context"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/internal/fakeentra"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plugin"
	"github.com/auditlens/entraid/pkg/walks"
)

// gate holds every Graph request until opened, so the test decides when walks overlap.
// gate holds Graph requests (not token requests) until the test opens it, so every query of a
// round has joined its walk before any walk can finish.
type gate struct {
	mu   sync.Mutex
	open chan struct{}
}

func (g *gate) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.Contains(r.URL.Path, "/auditLogs/") {
		g.mu.Lock()
		open := g.open
		g.mu.Unlock()
		<-open
	}
	return fakeTransport.RoundTrip(r)
}

// fakeTransport reaches the fake Entra ID over HTTPS (fakeentra's CA).
var fakeTransport = fakeentra.Transport()

// rearm closes the gate again for the next round.
func (g *gate) rearm() {
	g.mu.Lock()
	g.open = make(chan struct{})
	g.mu.Unlock()
}

func (g *gate) release() {
	g.mu.Lock()
	close(g.open)
	g.mu.Unlock()
}

var sharedNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// serverInstance is a server-mode data source on the fake, with its own registry and clock.
func serverInstance(t *testing.T, fake *fakeentra.Server, transport http.RoundTripper, clk clock.Clock) (*plugin.Datasource, *walks.Registry) {
	t.Helper()
	jsonData := []byte(strings.Replace(string(fake.JSONData()), "{", `{"queryMode":"server",`, 1))
	parsed, err := models.ParseJSONData(jsonData)
	if err != nil {
		t.Fatal(err)
	}
	secure := map[string]string{
		models.ServerSecretKey:        fakeentra.Secret,
		models.ServerSecretBindingKey: models.SecretBinding(models.Resolve(parsed, fakeentra.Secret)),
	}
	registry := walks.NewRegistry(walks.DefaultLimits)
	ds := plugin.New(jsonData, secure, &http.Client{Transport: transport, Timeout: 5 * time.Second}, clk).WithRegistry(registry)
	return ds, registry
}

// dashboard is one viewer's request: three panels over the last hour, same filter, three formats.
func dashboard(to time.Time) *backend.QueryDataRequest {
	pc := backend.PluginContext{OrgID: 1, DataSourceInstanceSettings: &backend.DataSourceInstanceSettings{UID: "entra"}}
	var queries []backend.DataQuery
	for refID, format := range map[string]string{"A": "timeSeries", "B": "summary", "C": "events"} {
		queries = append(queries, backend.DataQuery{RefID: refID, Interval: time.Minute, MaxDataPoints: 1000,
			JSON:      []byte(`{"refId":"` + refID + `","format":"` + format + `","groupBy":"activity"}`),
			TimeRange: backend.TimeRange{From: to.Add(-time.Hour), To: to}})
	}
	return &backend.QueryDataRequest{PluginContext: pc, Queries: queries}
}

func summaryTotal(t *testing.T, resp *backend.QueryDataResponse) float64 {
	t.Helper()
	b := resp.Responses["B"]
	if b.Error != nil || len(b.Frames) != 1 {
		t.Fatalf("summary: %v, %d frames", b.Error, len(b.Frames))
	}
	total := 0.0
	count := b.Frames[0].Fields[1]
	for i := 0; i < count.Len(); i++ {
		v, _ := count.FloatAt(i)
		total += v
	}
	return total
}

func TestViewersOfOneDashboardShareOneWalkAndARefreshAsksOnlyTheTail(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	fake.Events = []map[string]any{
		auditEvent("3", "2026-11-20T11:58:00Z", "Add member to role", "failure"),
		auditEvent("2", "2026-11-20T11:30:00Z", "Add member to role", "success"),
		auditEvent("1", "2026-11-20T11:10:00Z", "Add user", "success"),
	}
	g := &gate{open: make(chan struct{})}
	clk := clock.NewManual(sharedNow)
	ds, registry := serverInstance(t, fake, g, clk)

	const viewers = 5
	answers := make([]*backend.QueryDataResponse, viewers)
	var wg sync.WaitGroup
	for i := range viewers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := ds.QueryData(context.Background(), dashboard(sharedNow))
			if err != nil {
				t.Error(err)
			}
			answers[i] = resp
		}()
	}
	waitFor(t, registry, viewers*3)
	g.release()
	wg.Wait()
	if got := len(fake.GraphURLs()); got != 1 {
		t.Fatalf("%d viewers × 3 panels made %d Graph requests, want 1 shared walk: %v", viewers, got, fake.GraphURLs())
	}
	if fake.TokenRequests() != 1 {
		t.Errorf("token requests: %d, want 1", fake.TokenRequests())
	}
	for i, resp := range answers {
		for refID, answer := range resp.Responses {
			if answer.Error != nil {
				t.Errorf("viewer %d, panel %s: %v", i, refID, answer.Error)
			}
		}
		if total := summaryTotal(t, resp); total != 3 {
			t.Errorf("viewer %d counted %v events, want 3", i, total)
		}
	}

	// A minute later one late event arrived inside the ingestion delay; the refresh asks only for
	// what is newer than the settled part (now − 5 min then), once for all three panels.
	clk.Advance(time.Minute)
	fake.Events = append([]map[string]any{auditEvent("4", "2026-11-20T11:57:00Z", "Add user", "success")}, fake.Events...)
	g.rearm()
	refreshed := make(chan *backend.QueryDataResponse)
	go func() {
		resp, err := ds.QueryData(context.Background(), dashboard(sharedNow.Add(time.Minute)))
		if err != nil {
			t.Error(err)
		}
		refreshed <- resp
	}()
	waitFor(t, registry, 3)
	g.release()
	resp := <-refreshed
	urls := fake.GraphURLs()
	if len(urls) != 2 {
		t.Fatalf("the refresh made %d Graph requests, want 1: %v", len(urls)-1, urls[1:])
	}
	if !strings.Contains(urls[1], "activityDateTime%20ge%202026-11-20T11%3A55%3A00.000Z") {
		t.Errorf("the refresh did not start at the settled edge (11:55): %s", urls[1])
	}
	if total := summaryTotal(t, resp); total != 4 {
		t.Errorf("after the refresh: %v events, want 4 (the late one once, none twice)", total)
	}
}

func TestAViewerLeavingDoesNotFailTheOthersOnTheSameWalk(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	fake.Events = []map[string]any{auditEvent("1", "2026-11-20T11:10:00Z", "Add user", "success")}
	g := &gate{open: make(chan struct{})}
	ds, registry := serverInstance(t, fake, g, clock.NewManual(sharedNow))

	leaving, leave := context.WithCancel(context.Background())
	left := make(chan *backend.QueryDataResponse)
	go func() {
		resp, _ := ds.QueryData(leaving, dashboard(sharedNow))
		left <- resp
	}()
	stayed := make(chan *backend.QueryDataResponse)
	go func() {
		resp, _ := ds.QueryData(context.Background(), dashboard(sharedNow))
		stayed <- resp
	}()
	waitFor(t, registry, 6)
	leave()
	if resp := <-left; resp.Responses["B"].Error == nil {
		t.Error("the viewer who left got an answer, want its context's error")
	}
	close(g.open)
	if total := summaryTotal(t, <-stayed); total != 1 {
		t.Errorf("the viewer who stayed counted %v, want 1", total)
	}
	if got := len(fake.GraphURLs()); got != 1 {
		t.Errorf("Graph requests: %d, want 1: %v", got, fake.GraphURLs())
	}
}

// waitFor yields until n queries wait on walks in flight; the walks are held by the gate, so no
// clock is involved, only the scheduler.
func waitFor(t *testing.T, registry *walks.Registry, n int) {
	t.Helper()
	for i := 0; registry.Waiting() < n; i++ {
		if i > 5_000_000 {
			t.Fatalf("%d queries wait on walks, want %d", registry.Waiting(), n)
		}
		runtime.Gosched()
	}
}

// In server mode the backend reads the secret from backendClientSecret only: a clientSecret left
// over from browser mode (the key the proxy routes template) is never used.
func TestServerModeReadsTheSecretNoRouteTemplates(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	jsonData := []byte(strings.Replace(string(fake.JSONData()), "{", `{"queryMode":"server",`, 1))
	parsed, _ := models.ParseJSONData(jsonData)
	binding := models.SecretBinding(models.Resolve(parsed, fakeentra.Secret))
	leftover := plugin.New(jsonData, map[string]string{models.BrowserSecretKey: fakeentra.Secret, models.SecretBindingKey: binding},
		fakeentra.HTTPClient(5*time.Second), clock.NewManual(sharedNow)).WithRegistry(walks.NewRegistry(walks.DefaultLimits))
	res, _ := leftover.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if res.Status != backend.HealthStatusError || !strings.Contains(res.Message, "client secret is missing") {
		t.Errorf("server mode with only clientSecret: %v %q, want the missing secret", res.Status, res.Message)
	}
	ds, _ := serverInstance(t, fake, fakeTransport, clock.NewManual(sharedNow))
	if res, _ := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{}); res.Status != backend.HealthStatusOk {
		t.Errorf("server mode with backendClientSecret: %v %q", res.Status, res.Message)
	}
	if forms := fake.TokenForms(); len(forms) != 1 || forms[0].Get("client_secret") != fakeentra.Secret {
		t.Errorf("token requests: %d, want the one from backendClientSecret", len(forms))
	}
}

// Two viewers open the dashboard a few milliseconds apart, so their ranges differ: the second
// reads the first's walk once it is kept and asks only for its own newer tail, instead of walking
// the whole range again.
func TestViewersMillisecondsApartShareOneWalkAndAskOnlyTheirTail(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	fake.Events = []map[string]any{auditEvent("1", "2026-11-20T11:10:00Z", "Add user", "success")}
	g := &gate{open: make(chan struct{})}
	ds, registry := serverInstance(t, fake, g, clock.NewManual(sharedNow))

	answers := make(chan *backend.QueryDataResponse, 2)
	for i, opened := range []time.Time{sharedNow, sharedNow.Add(5 * time.Millisecond)} {
		go func() {
			resp, err := ds.QueryData(context.Background(), dashboard(opened))
			if err != nil {
				t.Error(err)
			}
			answers <- resp
		}()
		waitFor(t, registry, 3*(i+1))
	}
	g.release()
	for range 2 {
		if total := summaryTotal(t, <-answers); total != 1 {
			t.Errorf("a viewer counted %v events, want 1", total)
		}
	}
	urls := fake.GraphURLs()
	if len(urls) != 2 || !strings.Contains(urls[1], "ge%202026-11-20T11%3A55%3A00.000Z") {
		t.Fatalf("want one walk and one tail from the settled edge (11:55), got %d requests: %v", len(urls), urls)
	}
}
