package plugin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/auditlens/entraid/pkg/internal/emulatortest"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plugin"
	"github.com/auditlens/entraid/pkg/store"
	"github.com/auditlens/entraid/pkg/walks"
)

// emulatorInstance is a data source on the emulator in mode, at Microsoft's budget, syncing its
// store once an emulated hour so a test sees the first cycle's backfill and nothing after it.
func emulatorInstance(t *testing.T, emu *emulatortest.Emulator, mode models.QueryMode, env map[string]string) *plugin.Datasource {
	t.Helper()
	jsonData := []byte(fmt.Sprintf(`{"queryMode":%q,"cloud":"custom","loginUrl":%q,"graphUrl":%q,"tenantId":%q,"clientId":%q,`+
		`"ingestionDelayMinutes":1,"requestBudget":{"requests":5,"perSeconds":10},"storeRetentionDays":1,"storeSyncSeconds":3600}`,
		mode, emu.HTTPSURL, emu.HTTPSURL, emu.TenantID, emu.ClientID))
	parsed, err := models.ParseJSONData(jsonData)
	if err != nil {
		t.Fatal(err)
	}
	secure := map[string]string{
		models.ServerSecretKey:        emu.ClientSecret,
		models.ServerSecretBindingKey: models.SecretBinding(models.Resolve(parsed, emu.ClientSecret)),
	}
	ds := plugin.New(jsonData, secure, emu.HTTPClient(30*time.Second), emu.Clock).
		WithRegistry(walks.NewRegistry(walks.DefaultLimits)).
		WithStoreEnv(func(k string) string { return env[k] })
	t.Cleanup(ds.Dispose)
	return ds
}

// graphRequests counts the audit requests the emulator has served.
func graphRequests(t *testing.T, emu *emulatortest.Emulator) int {
	n := 0
	for _, r := range emu.Requests(t) {
		if strings.Contains(r.URL, "auditLogs") {
			n++
		}
	}
	return n
}

// panels is a dashboard over from..to in every format that counts or lists.
func panels(from, to time.Time) *backend.QueryDataRequest {
	var queries []backend.DataQuery
	for refID, format := range map[string]string{"A": "timeSeries", "B": "summary", "C": "events", "D": "alertNumbers", "E": "logs"} {
		queries = append(queries, backend.DataQuery{RefID: refID, Interval: 5 * time.Minute, MaxDataPoints: 1000,
			JSON:      []byte(`{"refId":"` + refID + `","format":"` + format + `","groupBy":"activity"}`),
			TimeRange: backend.TimeRange{From: from, To: to}})
	}
	return &backend.QueryDataRequest{PluginContext: contextOf(1), Queries: queries}
}

// framesWithoutMeta is the frames as JSON with the executed query string and notices left out:
// those say where the answer came from; the data must be the same.
func framesWithoutMeta(t *testing.T, r backend.DataResponse) string {
	t.Helper()
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	var out []string
	for _, f := range r.Frames {
		copied := *f
		copied.Meta = nil
		raw, err := json.Marshal(&copied)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(raw))
	}
	return strings.Join(out, "\n")
}

func TestStoreModeAnswersFromTheStoreWithServerModesFramesAndNoGraphRequest(t *testing.T) {
	emu := emulatortest.Start(t, 100, "--now", "2026-11-20T06:00:00Z", "--events-per-day", "2000")
	dir := filepath.Join(t.TempDir(), "store")
	ds := emulatorInstance(t, emu, models.QueryModeServerStore, map[string]string{store.DirEnv: dir})
	if h := health(t, ds, 1); h.Status != backend.HealthStatusOk {
		t.Fatalf("Save & test: %q", h.Message)
	}
	waitForFirstSync(t, dir)

	now := emu.Clock.Now().Truncate(time.Minute)
	from, to := now.Add(-3*time.Hour), now.Add(-30*time.Minute)
	before := graphRequests(t, emu)
	first := queryAll(t, ds, panels(from, to))
	second := queryAll(t, ds, panels(from, to))
	if after := graphRequests(t, emu); after != before {
		t.Fatalf("two dashboard loads from the store made %d Graph requests", after-before)
	}
	truth := emu.Count(t, from.UnixMilli(), to.UnixMilli())
	if truth < 100 {
		t.Fatalf("the tenant holds only %d events in the range; the test needs a few pages", truth)
	}
	if got := summaryTotal(t, first); got != float64(truth) || first.Responses["C"].Frames[0].Rows() != truth {
		t.Fatalf("the store answered %v events (%d rows), the tenant holds %d", got, first.Responses["C"].Frames[0].Rows(), truth)
	}
	if !strings.Contains(first.Responses["A"].Frames[0].Meta.ExecutedQueryString, "audit store") {
		t.Errorf("not answered from the store: %q", first.Responses["A"].Frames[0].Meta.ExecutedQueryString)
	}

	server := emulatorInstance(t, emu, models.QueryModeServer, nil)
	walked := queryAll(t, server, panels(from, to))
	for refID := range first.Responses {
		if a, b := framesWithoutMeta(t, first.Responses[refID]), framesWithoutMeta(t, walked.Responses[refID]); a != b {
			t.Errorf("%s: the store's frames differ from Server mode's:\n%s\n%s", refID, a, b)
		}
		if a, b := framesWithoutMeta(t, first.Responses[refID]), framesWithoutMeta(t, second.Responses[refID]); a != b {
			t.Errorf("%s: a second load answered differently", refID)
		}
	}

	// Older than the kept day: answered at once from what the store holds, saying so.
	before = graphRequests(t, emu)
	old := queryAll(t, ds, panels(now.Add(-30*time.Hour), now.Add(-20*time.Hour)))
	if notice := noticesOf(old.Responses["A"]); !strings.Contains(notice, "does not hold this whole range yet") {
		t.Errorf("an uncovered range: notices %q", notice)
	}
	if old.Responses["D"].Error == nil || !strings.Contains(old.Responses["D"].Error.Error(), "does not hold the whole range") {
		t.Errorf("alert numbers over an uncovered range: %v", old.Responses["D"].Error)
	}
	if after := graphRequests(t, emu); after != before {
		t.Errorf("an uncovered range made %d Graph requests", after-before)
	}
}

func queryAll(t *testing.T, ds *plugin.Datasource, req *backend.QueryDataRequest) *backend.QueryDataResponse {
	t.Helper()
	resp, err := ds.QueryData(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// waitForFirstSync polls the store (through the process's registry, as the instance holds it)
// until its first cycle succeeded: at one sync an emulated hour, that cycle is the whole backfill.
func waitForFirstSync(t *testing.T, dir string) {
	t.Helper()
	h, err := store.Open(context.Background(), dir, store.Key{OrgID: 1, UID: "entra"})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	deadline := time.Now().Add(60 * time.Second)
	for {
		st, err := h.SyncState(context.Background())
		if err == nil && st.LastSuccessMs != 0 {
			return
		}
		if err == nil && st.LastError != "" || time.Now().After(deadline) {
			t.Fatalf("the first sync did not succeed: %+v %v", st, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
