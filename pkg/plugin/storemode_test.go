package plugin_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/internal/fakeentra"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plugin"
	"github.com/auditlens/entraid/pkg/store"
	"github.com/auditlens/entraid/pkg/walks"
)

// storeInstance is a Server-with-store data source on the fake, its store directory read from env.
func storeInstance(t *testing.T, fake *fakeentra.Server, env map[string]string, extra string) *plugin.Datasource {
	t.Helper()
	jsonData := []byte(strings.Replace(string(fake.JSONData()), "{", `{"queryMode":"serverStore",`+extra, 1))
	parsed, err := models.ParseJSONData(jsonData)
	if err != nil {
		t.Fatal(err)
	}
	secure := map[string]string{
		models.ServerSecretKey:        fakeentra.Secret,
		models.ServerSecretBindingKey: models.SecretBinding(models.Resolve(parsed, fakeentra.Secret)),
	}
	ds := plugin.New(jsonData, secure, fakeentra.HTTPClient(5*time.Second), clock.NewManual(rangeTo.Add(time.Hour))).
		WithRegistry(walks.NewRegistry(walks.DefaultLimits)).
		WithStoreEnv(func(k string) string { return env[k] })
	t.Cleanup(ds.Dispose)
	return ds
}

func storeDirEnv(t *testing.T) (string, map[string]string) {
	dir := filepath.Join(t.TempDir(), "store")
	return dir, map[string]string{store.DirEnv: dir}
}

func contextOf(org int64) backend.PluginContext {
	return backend.PluginContext{OrgID: org, DataSourceInstanceSettings: &backend.DataSourceInstanceSettings{UID: "entra"}}
}

func queryOne(t *testing.T, ds *plugin.Datasource, org int64, model string, fromAlert bool) backend.DataResponse {
	t.Helper()
	req := &backend.QueryDataRequest{PluginContext: contextOf(org), Queries: []backend.DataQuery{dataQuery("A", model)}}
	if fromAlert {
		req.Headers = map[string]string{backend.FromAlertHeaderName: "true"}
	}
	resp, err := ds.QueryData(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return resp.Responses["A"]
}

func noticesOf(r backend.DataResponse) string {
	var texts []string
	for _, f := range r.Frames {
		if f.Meta != nil {
			for _, n := range f.Meta.Notices {
				texts = append(texts, n.Text)
			}
		}
	}
	return strings.Join(texts, "\n")
}

func health(t *testing.T, ds *plugin.Datasource, org int64) *backend.CheckHealthResult {
	t.Helper()
	res, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{PluginContext: contextOf(org)})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func fakeWithEvents() *fakeentra.Server {
	fake := fakeentra.New()
	fake.Events = []map[string]any{auditEvent("2", "2026-11-20T10:30:00Z", "Add user", "success"), auditEvent("1", "2026-11-20T10:10:00Z", "Add user", "failure")}
	return fake
}

func TestStoreModeWithoutStoreDirWalksGraphAndSaysWhichGrafanaIniLineToAdd(t *testing.T) {
	fake := fakeWithEvents()
	defer fake.Close()
	ds := storeInstance(t, fake, map[string]string{}, "")
	answer := queryOne(t, ds, 1, `{"format":"events"}`, false)
	if answer.Error != nil || answer.Frames[0].Rows() != 2 {
		t.Fatalf("the fallback walk did not answer: %v", answer.Error)
	}
	notice := noticesOf(answer)
	for _, want := range []string{"Walked Microsoft Graph", "store_dir = ", "[plugin.auditlens-entraid-datasource]", "grafana.ini"} {
		if !strings.Contains(notice, want) {
			t.Errorf("the notice %q does not say %q", notice, want)
		}
	}
	if len(fake.GraphURLs()) == 0 {
		t.Error("no request reached Graph")
	}
	h := health(t, ds, 1)
	if h.Status != backend.HealthStatusError || !strings.Contains(h.Message, "store_dir = ") || !strings.Contains(h.Message, "Connected to tenant") {
		t.Errorf("Save & test: %v %q", h.Status, h.Message)
	}
}

func TestStoreModeWithADamagedStoreFileWalksGraphAndSaveAndTestSaysWhatToDo(t *testing.T) {
	fake := fakeWithEvents()
	defer fake.Close()
	fake.GraphStatus, fake.GraphCode = http.StatusForbidden, "Authorization_RequestDenied" // no sync while the file is made
	dir, env := storeDirEnv(t)
	first := storeInstance(t, fake, env, "")
	queryOne(t, first, 1, `{"format":"events"}`, false)
	first.Dispose()
	files, _ := filepath.Glob(filepath.Join(dir, "org1-entra-*.sqlite"))
	if len(files) != 1 {
		t.Fatalf("store files: %v", files)
	}
	for _, f := range append(files, files[0]+"-wal", files[0]+"-shm") {
		_ = os.Remove(f)
	}
	if err := os.WriteFile(files[0], []byte(strings.Repeat("not a database ", 400)), 0o600); err != nil {
		t.Fatal(err)
	}
	fake.GraphStatus = 0
	ds := storeInstance(t, fake, env, "")
	answer := queryOne(t, ds, 1, `{"format":"events"}`, false)
	if answer.Error != nil || answer.Frames[0].Rows() != 2 {
		t.Fatalf("the fallback walk did not answer: %v", answer.Error)
	}
	if notice := noticesOf(answer); !strings.Contains(notice, "damaged") || !strings.Contains(notice, files[0]) {
		t.Errorf("the notice does not name the damaged file: %q", notice)
	}
	if h := health(t, ds, 1); h.Status != backend.HealthStatusError || !strings.Contains(h.Message, "damaged") {
		t.Errorf("Save & test: %v %q", h.Status, h.Message)
	}
}

func TestStoreModeHeldByAnotherProcessWalksGraphUntilReleased(t *testing.T) {
	fake := fakeWithEvents()
	defer fake.Close()
	dir, env := storeDirEnv(t)
	ds := storeInstance(t, fake, env, "")
	// A second registry opens its own file descriptor, as another process would.
	other, err := store.NewRegistry().Open(context.Background(), dir, store.Key{OrgID: 1, UID: "entra"})
	if err != nil {
		t.Fatal(err)
	}
	answer := queryOne(t, ds, 1, `{"format":"events"}`, false)
	if notice := noticesOf(answer); answer.Error != nil || !strings.Contains(notice, "in use by another process") {
		t.Fatalf("%v; notice %q", answer.Error, notice)
	}
	_ = other.Close()
	if h := health(t, ds, 1); h.Status != backend.HealthStatusOk || !strings.Contains(h.Message, "Audit store: ") {
		t.Errorf("Save & test once the other process let go: %v %q", h.Status, h.Message)
	}
	// The instance holds the store now: another process is kept out until Dispose releases it.
	if _, err := store.NewRegistry().Open(context.Background(), dir, store.Key{OrgID: 1, UID: "entra"}); !errors.Is(err, store.ErrInUse) {
		t.Fatalf("while the instance holds the store: %v", err)
	}
	ds.Dispose()
	again, err := store.NewRegistry().Open(context.Background(), dir, store.Key{OrgID: 1, UID: "entra"})
	if err != nil {
		t.Fatalf("Dispose did not release the store: %v", err)
	}
	_ = again.Close()
}

func TestStoreModeWalksGraphForARawFilter(t *testing.T) {
	fake := fakeWithEvents()
	defer fake.Close()
	_, env := storeDirEnv(t)
	ds := storeInstance(t, fake, env, "")
	answer := queryOne(t, ds, 1, `{"format":"events","rawFilter":"result eq 'failure'"}`, false)
	if answer.Error != nil {
		t.Fatal(answer.Error)
	}
	if notice := noticesOf(answer); !strings.Contains(notice, "raw $filter") {
		t.Errorf("notice %q", notice)
	}
	walked := false
	for _, u := range fake.GraphURLs() {
		decoded, _ := url.QueryUnescape(u)
		walked = walked || strings.Contains(decoded, "(result eq 'failure')")
	}
	if !walked {
		t.Errorf("the raw filter never reached Graph: %v", fake.GraphURLs())
	}
}

func TestStoreModeAlertOnAStoreThatNeverSyncedFailsAsBehind(t *testing.T) {
	fake := fakeWithEvents()
	defer fake.Close()
	fake.GraphStatus, fake.GraphCode = http.StatusForbidden, "Authorization_RequestDenied"
	_, env := storeDirEnv(t)
	ds := storeInstance(t, fake, env, "")
	alert := queryOne(t, ds, 1, `{"format":"alertNumbers"}`, true)
	if alert.Error == nil || !strings.Contains(alert.Error.Error(), "behind") {
		t.Fatalf("an alert on a store that is behind answered: %v", alert.Error)
	}
	dashboard := queryOne(t, ds, 1, `{"format":"timeSeries"}`, false)
	if dashboard.Error != nil || !strings.Contains(noticesOf(dashboard), "does not hold this whole range yet") {
		t.Fatalf("a dashboard on an empty store: %v, notices %q", dashboard.Error, noticesOf(dashboard))
	}
}

func TestTwoOrganisationsWithTheSameUIDUseTwoStores(t *testing.T) {
	fake := fakeWithEvents()
	defer fake.Close()
	dir, env := storeDirEnv(t)
	one, two := storeInstance(t, fake, env, ""), storeInstance(t, fake, env, "")
	for org, ds := range map[int64]*plugin.Datasource{1: one, 2: two} {
		if h := health(t, ds, org); h.Status != backend.HealthStatusOk {
			t.Fatalf("org %d: %q", org, h.Message)
		}
	}
	for _, org := range []string{"org1", "org2"} {
		if files, _ := filepath.Glob(filepath.Join(dir, org+"-entra-*.sqlite")); len(files) != 1 {
			t.Errorf("%s: store files %v", org, files)
		}
	}
}

func TestStoreStaleAfterIsThreeSyncsAndTheIngestionDelay(t *testing.T) {
	s := models.Settings{StoreSyncSeconds: 60, IngestionDelayMinutes: 5}
	if got := plugin.StoreStaleAfter(s); got != 8*time.Minute {
		t.Errorf("StoreStaleAfter = %v", got)
	}
}
