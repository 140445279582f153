package plugin

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/internal/fakeentra"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/store"
)

// Every open store is reported at a scrape: events, bytes and the time since its last sync.
func TestStoreMetricsReportOpenStores(t *testing.T) {
	dir := t.TempDir()
	h := fill(t, dir, store.Key{OrgID: 3, UID: "metrics"}, 4)
	lastSync := statusNow.Add(-2 * time.Minute).UnixMilli()
	if err := h.SaveSyncState(t.Context(), store.SyncState{LastSuccessMs: lastSync}); err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewPedanticRegistry()
	if err := reg.Register(storeCollector{now: func() time.Time { return statusNow }}); err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(h.Path(), dir+"/")
	want := `
# HELP auditlens_store_events Audit events held in the store.
# TYPE auditlens_store_events gauge
auditlens_store_events{store="` + name + `"} 4
# HELP auditlens_store_sync_lag_seconds Seconds since the store's last successful sync started (absent before the first).
# TYPE auditlens_store_sync_lag_seconds gauge
auditlens_store_sync_lag_seconds{store="` + name + `"} 120
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "auditlens_store_events", "auditlens_store_sync_lag_seconds"); err != nil {
		t.Fatal(err)
	}
	if n, err := testutil.GatherAndCount(reg, "auditlens_store_size_bytes"); err != nil || n != 1 {
		t.Fatalf("size metrics: %d, %v", n, err)
	}
	_ = h.Close()
	if n, _ := testutil.GatherAndCount(reg, "auditlens_store_events"); n != 0 {
		t.Fatalf("a closed store is still reported (%d series)", n)
	}
}

// A query Microsoft throttles shows in the process's 429 count for queries, request for request,
// and leaves the store's counts alone.
func TestGraphMetricsCountThrottledQueries(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	fake.GraphStatus, fake.GraphCode = http.StatusTooManyRequests, "TooManyRequests"
	reg := prometheus.NewPedanticRegistry()
	if err := reg.Register(graphCollector{}); err != nil {
		t.Fatal(err)
	}
	before := graphCounters(t, reg)
	parsed, _ := models.ParseJSONData(fake.JSONData())
	secure := map[string]string{"clientSecret": fakeentra.Secret,
		models.SecretBindingKey: models.SecretBinding(models.Resolve(parsed, fakeentra.Secret))}
	ds := New(fake.JSONData(), secure, fakeentra.HTTPClient(5*time.Second), clock.NewManual(statusNow))
	resp, err := ds.QueryData(t.Context(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{RefID: "A",
		JSON: []byte(`{"refId":"A","format":"alertNumbers"}`), TimeRange: backend.TimeRange{From: statusNow.Add(-time.Hour), To: statusNow}}}})
	if err != nil || resp.Responses["A"].Error == nil {
		t.Fatalf("a query throttled until it gave up answered %v, %v", err, resp.Responses["A"].Error)
	}
	after := graphCounters(t, reg)
	throttled := after["auditlens_graph_throttled_total/queries"] - before["auditlens_graph_throttled_total/queries"]
	requests := after["auditlens_graph_requests_total/queries"] - before["auditlens_graph_requests_total/queries"]
	if throttled < 2 || throttled != requests {
		t.Errorf("%v 429s counted for %v throttled requests", throttled, requests)
	}
	for _, name := range []string{"auditlens_graph_throttled_total/store", "auditlens_graph_requests_total/store"} {
		if after[name] != before[name] {
			t.Errorf("%s moved from %v to %v for a query", name, before[name], after[name])
		}
	}
}

// graphCounters reads the registry's counters as name/work → value.
func graphCounters(t *testing.T, reg *prometheus.Registry) map[string]float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]float64{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			values[f.GetName()+"/"+m.GetLabel()[0].GetValue()] = m.GetCounter().GetValue()
		}
	}
	return values
}
