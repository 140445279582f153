package plugin

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/auditlens/entraid/pkg/internal/fakeentra"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/store"
	"github.com/auditlens/entraid/pkg/storesync"
)

func health(t *testing.T, d *Datasource, pc backend.PluginContext) *backend.CheckHealthResult {
	t.Helper()
	res, err := d.CheckHealth(context.Background(), &backend.CheckHealthRequest{PluginContext: pc})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestSaveAndTestReportsTheStore(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	dir := storeDirFor(t)
	h := fill(t, dir, store.Key{OrgID: 1, UID: "audit"}, 12345)
	lastSync := statusNow.Add(-90 * time.Second).UnixMilli()
	if err := h.SaveSyncState(context.Background(), store.SyncState{LastSuccessMs: lastSync, LastAttemptMs: lastSync}); err != nil {
		t.Fatal(err)
	}
	res := health(t, instanceOn(t, fake.JSONData(), models.QueryModeServerStore), pluginContext(1, "audit", "Admin"))
	// Save & test brings the secret, so it starts the sync: the backfill figure is the sync's own.
	want := "Audit store: 12,345 events from 2026-11-11T22:15:00Z to 2026-11-20T11:59:00Z, backfill "
	if res.Status != backend.HealthStatusOk || !strings.Contains(res.Message, want) || !strings.HasPrefix(res.Message, "Connected to tenant") {
		t.Fatalf("%v: %q\nwant it to contain %q", res.Status, res.Message, want)
	}
}

// Save & test starts the sync, whose next cycle may already have cleared an old error, so the
// line that reports one is checked on a status that holds it.
func TestTheStoreLineReportsTheLastSyncError(t *testing.T) {
	line := storeSummary(StoreStatus{Configured: true, SyncRunning: true, NowMs: statusNow.UnixMilli(), Status: &storesync.Status{
		Events: 2, OldestMs: statusNow.Add(-time.Hour).UnixMilli(), NewestMs: statusNow.UnixMilli(),
		LastSyncMs: statusNow.Add(-5 * time.Minute).UnixMilli(), LastError: "Graph answered 503 Service Unavailable",
	}})
	if !strings.HasSuffix(line, "last sync 5 min ago; the last sync failed: Graph answered 503 Service Unavailable.") {
		t.Fatalf("the sync error is missing: %q", line)
	}
}

func TestSaveAndTestFailsWhenTheStoreCannotBeUsed(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	t.Setenv(store.DirEnv, "")
	res := health(t, instanceOn(t, fake.JSONData(), models.QueryModeServerStore), pluginContext(1, "audit", "Admin"))
	if res.Status != backend.HealthStatusError || !strings.Contains(res.Message, "Connected to tenant") ||
		!strings.Contains(res.Message, "the audit store cannot be used, so queries walk Microsoft Graph as in Server mode: the audit store is not configured: add `store_dir") {
		t.Fatalf("%v: %q", res.Status, res.Message)
	}
	res = health(t, instanceOn(t, fake.JSONData(), models.QueryModeServer), pluginContext(1, "audit", "Admin"))
	if res.Status != backend.HealthStatusOk || strings.Contains(res.Message, "store") {
		t.Fatalf("server mode mentions a store: %v %q", res.Status, res.Message)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 12345: "12,345", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
