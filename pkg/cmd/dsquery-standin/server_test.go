package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/internal/fakeentra"
	"github.com/auditlens/entraid/pkg/models"
)

var (
	rangeTo   = time.Date(2026, 11, 20, 11, 0, 0, 0, time.UTC)
	rangeFrom = rangeTo.Add(-time.Hour)
)

func auditEvent(id, at, activity string) map[string]any {
	return map[string]any{"id": id, "activityDateTime": at, "activityDisplayName": activity, "result": "success",
		"initiatedBy": map[string]any{"user": map[string]any{"userPrincipalName": "admin@contoso.com"}}}
}

// serverModeSource is the fake tenant as a Server-mode data source, its secret where the config editor keeps it.
func serverModeSource(t *testing.T, fake *fakeentra.Server, orgID int64, uid string) DataSource {
	t.Helper()
	var jsonData map[string]any
	if err := json.Unmarshal(fake.JSONData(), &jsonData); err != nil {
		t.Fatal(err)
	}
	jsonData["queryMode"] = "server"
	raw, _ := json.Marshal(jsonData)
	parsed, err := models.ParseJSONData(raw)
	if err != nil {
		t.Fatal(err)
	}
	return DataSource{OrgID: orgID, UID: uid, JSONData: raw, SecureJSONData: map[string]string{
		models.ServerSecretKey:        fakeentra.Secret,
		models.ServerSecretBindingKey: models.SecretBinding(models.Resolve(parsed, fakeentra.Secret)),
		"tlsCACert":                   fakeentra.CACertPEM(),
	}}
}

func startStandin(t *testing.T, clk clock.Clock, sources ...DataSource) *httptest.Server {
	t.Helper()
	server := httptest.NewServer(NewServer(sources, clk))
	t.Cleanup(server.Close)
	return server
}

func post(t *testing.T, url string, headers map[string]string, body string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/api/ds/query", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, raw
}

func unescape(t *testing.T, s string) string {
	t.Helper()
	u, err := url.QueryUnescape(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func dsQuery(uid string, queries ...string) string {
	return fmt.Sprintf(`{"from":"%d","to":"%d","queries":[%s]}`, rangeFrom.UnixMilli(), rangeTo.UnixMilli(), strings.Join(queries, ","))
}

func TestDsQueryRoundTripThroughThePluginBackend(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	fake.Events = []map[string]any{
		auditEvent("3", "2026-11-20T10:50:00Z", "Add user"),
		auditEvent("2", "2026-11-20T10:40:00Z", "Add user"),
		auditEvent("1", "2026-11-20T10:30:00Z", "Delete user"),
	}
	standin := startStandin(t, clock.Real{}, serverModeSource(t, fake, 1, "entra"))

	status, raw := post(t, standin.URL, nil, dsQuery("entra",
		`{"refId":"A","datasource":{"uid":"entra"},"format":"alertNumbers","groupBy":"activity","intervalMs":60000,"maxDataPoints":500}`,
		`{"refId":"B","datasource":{"uid":"entra"},"format":"summary","groupBy":"activity"}`))
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, raw)
	}
	var resp backend.QueryDataResponse
	if err := json.Unmarshal(raw, &resp); err != nil {
		t.Fatalf("the answer is not Grafana's {results}: %v: %s", err, raw)
	}
	got := map[string]float64{}
	for _, f := range resp.Responses["A"].Frames {
		v, _ := f.Fields[0].FloatAt(0)
		got[f.Fields[0].Labels["activity"]] = v
	}
	if got["Add user"] != 2 || got["Delete user"] != 1 {
		t.Fatalf("A counts %v, want Add user 2, Delete user 1", got)
	}
	if resp.Responses["B"].Error != nil || len(resp.Responses["B"].Frames) == 0 {
		t.Fatalf("B: %v", resp.Responses["B"].Error)
	}
	// One walk for both queries, over the request's range.
	urls := fake.GraphURLs()
	if len(urls) != 1 || !strings.Contains(unescape(t, urls[0]), "activityDateTime ge 2026-11-20T10:00:00.000Z") {
		t.Fatalf("Graph requests %v, want one over the request's range", urls)
	}
}

func TestDsQueryFailedQueryIsAnsweredOnItsRefIDWith400(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	standin := startStandin(t, clock.Real{}, serverModeSource(t, fake, 1, "entra-bad"))
	status, raw := post(t, standin.URL, nil, dsQuery("entra-bad",
		`{"refId":"A","datasource":{"uid":"entra-bad"},"format":"alertNumbers","groupBy":"activity"}`,
		`{"refId":"C","datasource":{"uid":"entra-bad"},"format":"nonsense"}`))
	if status != http.StatusBadRequest {
		t.Fatalf("status %d, want 400 as Grafana answers when a query failed: %s", status, raw)
	}
	var resp backend.QueryDataResponse
	if err := json.Unmarshal(raw, &resp); err != nil {
		t.Fatal(err)
	}
	if resp.Responses["A"].Error != nil || resp.Responses["C"].Error == nil {
		t.Fatalf("A error %v, C error %v: want only C failed", resp.Responses["A"].Error, resp.Responses["C"].Error)
	}
}

func TestDsQueryFindsDataSourcesByOrganisationAndUID(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	standin := startStandin(t, clock.Real{}, serverModeSource(t, fake, 2, "entra-org2"))
	query := dsQuery("entra-org2", `{"refId":"A","datasource":{"uid":"entra-org2"},"format":"alertNumbers","groupBy":"activity"}`)
	if status, raw := post(t, standin.URL, nil, query); status != http.StatusNotFound {
		t.Fatalf("org 1: status %d, want 404: %s", status, raw)
	}
	if status, raw := post(t, standin.URL, map[string]string{"X-Grafana-Org-Id": "2"}, query); status != http.StatusOK {
		t.Fatalf("org 2: status %d, want 200: %s", status, raw)
	}
}

func TestDsQueryRefusesMalformedRequestsWithTheCause(t *testing.T) {
	standin := startStandin(t, clock.Real{})
	cases := map[string]struct{ body, want string }{
		"not JSON":    {`{`, "{queries, from, to}"},
		"no queries":  {`{"from":"1","to":"2","queries":[]}`, "1 to 100 queries"},
		"no uid":      {`{"from":"1","to":"2","queries":[{"refId":"A"}]}`, "names no datasource.uid"},
		"bad range":   {`{"from":"yesterday","to":"now","queries":[{"refId":"A","datasource":{"uid":"x"}}]}`, "neither epoch milliseconds"},
		"inverted":    {`{"from":"2000","to":"1000","queries":[{"refId":"A","datasource":{"uid":"x"}}]}`, "is after to"},
		"mixed":       {`{"from":"1","to":"2","queries":[{"refId":"A","datasource":{"uid":"x"}},{"refId":"B","datasource":{"uid":"y"}}]}`, "same data source uid"},
		"too large":   {`{"from":"1","to":"2","queries":[{"refId":"` + strings.Repeat("a", maxRequestBytes) + `"}]}`, "at most"},
		"unknown uid": {`{"from":"1","to":"2","queries":[{"refId":"A","datasource":{"uid":"x"}}]}`, `not found in organisation 1`},
	}
	for name, c := range cases {
		status, raw := post(t, standin.URL, nil, c.body)
		if status < 400 || !bytes.Contains(raw, []byte(c.want)) {
			t.Errorf("%s: status %d %s, want an error saying %q", name, status, raw, c.want)
		}
	}
}

func TestParsePassesGrafanasFieldsAndTheAlertMarkerOn(t *testing.T) {
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	s := NewServer([]DataSource{{OrgID: 1, UID: "entra", JSONData: json.RawMessage(`{}`)}}, clock.NewManual(now))
	body := `{"from":"now-7d","to":"now","queries":[{"refId":"B","datasource":{"uid":"entra"},"intervalMs":300000,"maxDataPoints":720,"queryType":"q"}]}`
	r := httptest.NewRequest(http.MethodPost, "/api/ds/query", strings.NewReader(body))
	r.Header.Set(backend.FromAlertHeaderName, "true")
	req, _, err := s.parse(r)
	if err != nil {
		t.Fatal(err)
	}
	q := req.Queries[0]
	if !q.TimeRange.From.Equal(now.Add(-7*24*time.Hour)) || !q.TimeRange.To.Equal(now) {
		t.Errorf("range %v..%v, want now-7d..now on the server's clock", q.TimeRange.From, q.TimeRange.To)
	}
	if q.RefID != "B" || q.Interval != 5*time.Minute || q.MaxDataPoints != 720 || q.QueryType != "q" || string(q.JSON) == "" {
		t.Errorf("query %+v lost a field", q)
	}
	if req.Headers[backend.FromAlertHeaderName] != "true" {
		t.Errorf("headers %v, want the FromAlert marker passed on", req.Headers)
	}
	if pc := req.PluginContext; pc.OrgID != 1 || pc.DataSourceInstanceSettings.UID != "entra" {
		t.Errorf("plugin context %+v, want org 1 and uid entra", pc)
	}
}

func TestEmulatorClockRunsOnTheEmulatorsTimeAndScale(t *testing.T) {
	emulatorNow := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	emulator := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/_emulator/now" {
			http.NotFound(w, r)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"now": emulatorNow.Format(time.RFC3339Nano), "timeScale": 1000})
	}))
	defer emulator.Close()
	before := time.Now()
	clk, err := NewEmulatorClock(t.Context(), http.DefaultClient, emulator.URL)
	if err != nil {
		t.Fatal(err)
	}
	got := clk.Now()
	elapsed := time.Since(before)
	if got.Before(emulatorNow) || got.After(emulatorNow.Add(elapsed*1000)) {
		t.Fatalf("now %v, want the emulator's %v plus at most %v scaled by 1000", got, emulatorNow, elapsed)
	}
	// A minute of emulated time is 60 ms of real time at 1000x.
	start := clk.Now()
	if err := clk.Sleep(t.Context(), time.Minute); err != nil {
		t.Fatal(err)
	}
	if slept := clk.Now().Sub(start); slept < time.Minute {
		t.Fatalf("slept %v of emulated time, want at least a minute", slept)
	}
	if _, err := NewEmulatorClock(t.Context(), http.DefaultClient, emulator.URL+"/elsewhere"); err == nil || !strings.Contains(err.Error(), "--inspection") {
		t.Fatalf("error %v, want the advice to start the emulator with --inspection", err)
	}
}

func TestAResourceIsAnsweredByThePluginAsAViewerOfTheOrganisation(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	server := startStandin(t, clock.NewManual(rangeTo), serverModeSource(t, fake, 1, "entra"))
	get := func(path string) (int, string) {
		resp, err := http.Get(server.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(raw)
	}
	// A Server-mode data source keeps no store: the plugin itself says so.
	if status, body := get("/api/datasources/uid/entra/resources/store/status"); status != http.StatusOK || !strings.Contains(body, "keeps no store") {
		t.Errorf("store/status: %d %s", status, body)
	}
	if status, body := get("/api/datasources/uid/other/resources/store/status"); status != http.StatusNotFound || !strings.Contains(body, "not found") {
		t.Errorf("an unknown uid: %d %s", status, body)
	}
	resp, err := http.Post(server.URL+"/api/datasources/uid/entra/resources/store/resync", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST store/resync: %d, want 405 (actions are not served)", resp.StatusCode)
	}
}
