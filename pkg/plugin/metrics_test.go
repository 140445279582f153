package plugin

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

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
