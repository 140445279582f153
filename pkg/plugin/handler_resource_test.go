package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/internal/fakeentra"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/store"
)

var statusNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// instanceIn builds a data source instance in the given query mode with valid settings.
func instanceIn(t *testing.T, mode models.QueryMode) *Datasource {
	t.Helper()
	return instanceOn(t, []byte(`{"tenantId":"contoso.onmicrosoft.com","clientId":"11111111-2222-3333-4444-555555555555"}`), mode)
}

// instanceOn is instanceIn on the endpoints of jsonData (a fake Entra ID's).
func instanceOn(t *testing.T, base []byte, mode models.QueryMode) *Datasource {
	t.Helper()
	jsonData := []byte(strings.Replace(string(base), "{", `{"queryMode":"server","retentionDays":30,"ingestionDelayMinutes":0,`, 1))
	parsed, err := models.ParseJSONData(jsonData)
	if err != nil {
		t.Fatal(err)
	}
	secure := map[string]string{
		models.ServerSecretKey:        fakeentra.Secret,
		models.ServerSecretBindingKey: models.SecretBinding(models.Resolve(parsed, fakeentra.Secret)),
	}
	d := New(jsonData, secure, fakeentra.HTTPClient(0), clock.NewManual(statusNow))
	if d.settingsErr != nil {
		t.Fatal(d.settingsErr)
	}
	d.settings.QueryMode = mode
	// Save & test holds the store (and starts its sync) as queries do; release it as Grafana would.
	t.Cleanup(d.Dispose)
	return d
}

// storeDirFor points the plugin's server-level setting at a fresh directory.
func storeDirFor(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv(store.DirEnv, dir)
	return dir
}

func pluginContext(org int64, uid, role string) backend.PluginContext {
	pc := backend.PluginContext{OrgID: org, DataSourceInstanceSettings: &backend.DataSourceInstanceSettings{UID: uid}}
	if role != "" {
		pc.User = &backend.User{Login: "someone", Role: role}
	}
	return pc
}

// call sends one resource request through the SDK's types and returns the answer.
func call(t *testing.T, d *Datasource, method, path string, pc backend.PluginContext) (*backend.CallResourceResponse, map[string]any) {
	t.Helper()
	var got *backend.CallResourceResponse
	err := d.CallResource(context.Background(), &backend.CallResourceRequest{PluginContext: pc, Method: method, Path: path},
		backend.CallResourceResponseSenderFunc(func(r *backend.CallResourceResponse) error { got = r; return nil }))
	if err != nil || got == nil {
		t.Fatalf("%s %s: %v (answer %v)", method, path, err, got)
	}
	body := map[string]any{}
	if err := json.Unmarshal(got.Body, &body); err != nil {
		t.Fatalf("%s %s answered no JSON: %q", method, path, got.Body)
	}
	return got, body
}

// fill writes n events, one a minute back from statusNow, and covers the last three days.
func fill(t *testing.T, dir string, k store.Key, n int) *store.Handle {
	t.Helper()
	h, err := store.Open(context.Background(), dir, k)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	recs := make([]store.Record, n)
	for i := range recs {
		at := statusNow.Add(-time.Duration(i+1) * time.Minute).Format(time.RFC3339)
		recs[i] = store.Record{Raw: []byte(fmt.Sprintf(`{"id":"e%d","activityDateTime":%q,"activityDisplayName":"Add user","result":"success","initiatedBy":{}}`, i, at))}
	}
	covered := store.Span{FromMs: statusNow.Add(-3 * 24 * time.Hour).UnixMilli(), ToMs: statusNow.UnixMilli()}
	if _, err := h.Write(context.Background(), store.Batch{Records: recs, Covered: []store.Span{covered}}); err != nil {
		t.Fatal(err)
	}
	return h
}

func TestStatusOfAConfiguredStoreWithEvents(t *testing.T) {
	dir := storeDirFor(t)
	d := instanceIn(t, models.QueryModeServerStore)
	fill(t, dir, store.Key{OrgID: 2, UID: "audit"}, 3)
	resp, body := call(t, d, "GET", "store/status", pluginContext(2, "audit", "Viewer"))
	if resp.Status != http.StatusOK || body["configured"] != true || body["reason"] != nil {
		t.Fatalf("status %d %v", resp.Status, body)
	}
	want := map[string]any{
		"events": 3.0, "newestMs": float64(statusNow.Add(-time.Minute).UnixMilli()), "oldestMs": float64(statusNow.Add(-3 * time.Minute).UnixMilli()),
		"backfillPercent": 10.0, "coveredSpans": 1.0, "syncRunning": false, "inProgress": false, "nowMs": float64(statusNow.UnixMilli()),
	}
	for k, v := range want {
		if body[k] != v {
			t.Errorf("%s = %v, want %v", k, body[k], v)
		}
	}
	if bytes, _ := body["bytesOnDisk"].(float64); bytes <= 0 {
		t.Errorf("bytesOnDisk = %v", body["bytesOnDisk"])
	}
	if p, _ := body["path"].(string); !strings.HasPrefix(p, "org2-audit-") || strings.Contains(p, dir) {
		t.Errorf("a Viewer sees the path %q; want the file name only", p)
	}
	_, admin := call(t, d, "GET", "/store/status/", pluginContext(2, "audit", "Admin"))
	if p, _ := admin["path"].(string); !strings.HasPrefix(p, dir) {
		t.Errorf("an Admin sees the path %q; want the full path in %s", p, dir)
	}
}

func TestStatusSaysWhatToConfigure(t *testing.T) {
	t.Setenv(store.DirEnv, "")
	_, body := call(t, instanceIn(t, models.QueryModeServerStore), "GET", "store/status", pluginContext(1, "audit", "Viewer"))
	if body["configured"] != false || !strings.Contains(fmt.Sprint(body["reason"]), "store_dir = /var/lib/grafana/auditlens") || body["events"] != nil {
		t.Fatalf("without store_dir: %v", body)
	}
	storeDirFor(t)
	_, body = call(t, instanceIn(t, models.QueryModeServer), "GET", "store/status", pluginContext(1, "audit", "Viewer"))
	if body["configured"] != false || body["reason"] != notStoreMode {
		t.Fatalf("in server mode: %v", body)
	}
}

func TestStoreActionsAreForAdminsOnly(t *testing.T) {
	dir := storeDirFor(t)
	d := instanceIn(t, models.QueryModeServerStore)
	h := fill(t, dir, store.Key{OrgID: 1, UID: "audit"}, 2)
	for _, path := range []string{"store/resync", "store/delete"} {
		for _, role := range []string{"Viewer", "Editor", ""} {
			resp, body := call(t, d, "POST", path, pluginContext(1, "audit", role))
			if resp.Status != http.StatusForbidden || !strings.Contains(fmt.Sprint(body["message"]), "only an Admin of this organisation") {
				t.Errorf("%s by %q: %d %v", path, role, resp.Status, body)
			}
		}
	}
	if st, err := h.Stats(context.Background()); err != nil || st.Events != 2 || st.CoveredSpans != 1 {
		t.Fatalf("a refused action changed the store: %+v %v", st, err)
	}
}

func TestAnAdminResyncForgetsCoverageAndKeepsEvents(t *testing.T) {
	dir := storeDirFor(t)
	d := instanceIn(t, models.QueryModeServerStore)
	fill(t, dir, store.Key{OrgID: 1, UID: "audit"}, 2)
	resp, body := call(t, d, "POST", "store/resync", pluginContext(1, "audit", "Admin"))
	if resp.Status != http.StatusOK || !strings.Contains(fmt.Sprint(body["message"]), "next query") {
		t.Fatalf("resync: %d %v", resp.Status, body)
	}
	_, status := call(t, d, "GET", "store/status", pluginContext(1, "audit", "Viewer"))
	if status["backfillPercent"] != 0.0 || status["events"] != 2.0 {
		t.Fatalf("after a resync: %v", status)
	}
	resp, _ = call(t, instanceIn(t, models.QueryModeServer), "POST", "store/resync", pluginContext(1, "audit", "Admin"))
	if resp.Status != http.StatusBadRequest {
		t.Fatalf("resync of a data source without a store answered %d", resp.Status)
	}
}

func TestAnAdminDeleteRemovesTheFiles(t *testing.T) {
	dir := storeDirFor(t)
	d := instanceIn(t, models.QueryModeServerStore)
	other := fill(t, dir, store.Key{OrgID: 7, UID: "audit"}, 1) // same uid, another organisation
	h := fill(t, dir, store.Key{OrgID: 1, UID: "audit"}, 2)
	path := h.Path()
	resp, body := call(t, d, "POST", "store/delete", pluginContext(1, "audit", "Admin"))
	if resp.Status != http.StatusOK || !strings.Contains(fmt.Sprint(body["message"]), "deleted") {
		t.Fatalf("delete: %d %v", resp.Status, body)
	}
	left, _ := filepath.Glob(path + "*")
	if len(left) != 0 {
		t.Fatalf("files left after delete: %v", left)
	}
	if _, err := os.Stat(other.Path()); err != nil || mustEvents(t, other) != 1 {
		t.Fatalf("deleting org 1's store touched org 7's: %v", err)
	}
	_, status := call(t, d, "GET", "store/status", pluginContext(1, "audit", "Viewer"))
	if status["configured"] != true || status["events"] != 0.0 || status["oldestMs"] != 0.0 {
		t.Fatalf("status after delete: %v", status)
	}
}

func mustEvents(t *testing.T, h *store.Handle) int64 {
	t.Helper()
	st, err := h.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st.Events
}

func TestUnknownResourcesAndMethodsAreRefused(t *testing.T) {
	storeDirFor(t)
	d := instanceIn(t, models.QueryModeServerStore)
	admin := pluginContext(1, "audit", "Admin")
	for _, path := range []string{"", "store", "store/../../etc/passwd", "store/status/x", "metrics"} {
		if resp, body := call(t, d, "GET", path, admin); resp.Status != http.StatusNotFound || !strings.Contains(fmt.Sprint(body["message"]), "GET store/status") {
			t.Errorf("GET %q: %d %v", path, resp.Status, body)
		}
	}
	for _, c := range [][2]string{{"POST", "store/status"}, {"GET", "store/delete"}, {"DELETE", "store/delete"}, {"GET", "store/resync"}} {
		if resp, _ := call(t, d, c[0], c[1], admin); resp.Status != http.StatusMethodNotAllowed || len(resp.Headers["Allow"]) != 1 {
			t.Errorf("%s %s: %d", c[0], c[1], resp.Status)
		}
	}
}
