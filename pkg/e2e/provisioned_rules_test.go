package e2e_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"go.yaml.in/yaml/v3"

	"github.com/auditlens/entraid/pkg/internal/emulatortest"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plugin"
	"github.com/auditlens/entraid/pkg/store"
	"github.com/auditlens/entraid/pkg/walks"
)

// provisionedRules is the part of Grafana's alert-rule provisioning file this test needs.
type provisionedRules struct {
	Groups []struct {
		Rules []struct {
			UID  string `yaml:"uid"`
			Data []struct {
				RefID             string `yaml:"refId"`
				DatasourceUID     string `yaml:"datasourceUid"`
				RelativeTimeRange struct {
					From int `yaml:"from"`
					To   int `yaml:"to"`
				} `yaml:"relativeTimeRange"`
				Model map[string]any `yaml:"model"`
			} `yaml:"data"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

// provisionedSources is the part of Grafana's data-source provisioning files this test needs.
type provisionedSources struct {
	Datasources []struct {
		UID      string         `yaml:"uid"`
		JSONData map[string]any `yaml:"jsonData"`
	} `yaml:"datasources"`
}

// rulesTimeScale: the store's sync runs every emulated minute, 1.2 s here, and an alert rule
// fails once the last sync is 8 emulated minutes old: a slower clock than the other tests'
// keeps a busy machine from making the store look stale.
const rulesTimeScale = 50

// TestProvisionedAlertRulesEvaluate runs every provisioned rule's queries as Grafana's alerting
// does (the FromAlert header, the rule's relative range) against the emulator, through the data
// source the rule names as provisioned: the demo's rules read the audit store (issue 15: alert
// rules do not draw on Microsoft's budget). Each must answer from the store without error, with
// numeric-multi frames whose label is the group, and end before the ingestion delay.
func TestProvisionedAlertRulesEvaluate(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(repoRoot(t), "provisioning", "alerting", "*.y*ml"))
	if len(files) == 0 {
		t.Fatal("no provisioned alert rules in provisioning/alerting")
	}
	emu := emulatortest.Start(t, rulesTimeScale, "--events-per-day", "2000")
	sources := provisionedDataSources(t)
	instances := map[string]*plugin.Datasource{}
	checked := 0
	for _, file := range files {
		for _, group := range readRules(t, file).Groups {
			for _, rule := range group.Rules {
				for _, q := range rule.Data {
					if q.DatasourceUID == "__expr__" {
						continue
					}
					checked++
					if q.RelativeTimeRange.To < 300 {
						t.Errorf("%s/%s: the range ends %d s ago; audit events need 5 minutes to be complete", rule.UID, q.RefID, q.RelativeTimeRange.To)
					}
					jsonData, ok := sources[q.DatasourceUID]
					if !ok || jsonData["queryMode"] != string(models.QueryModeServerStore) {
						t.Errorf("%s/%s: data source %q is not provisioned in Server with store mode (%v); alert rules read the store", rule.UID, q.RefID, q.DatasourceUID, jsonData["queryMode"])
						continue
					}
					if margin := storeMargin(t, jsonData); time.Duration(q.RelativeTimeRange.To)*time.Second < margin {
						t.Errorf("%s/%s: the range ends %d s ago; from the store it must end %s ago (the ingestion delay and three syncs), or a rule evaluated between syncs finds its range's end not yet held", rule.UID, q.RefID, q.RelativeTimeRange.To, margin)
					}
					ds := instances[q.DatasourceUID]
					if ds == nil {
						ds = storeInstance(t, emu, jsonData, q.DatasourceUID)
						instances[q.DatasourceUID] = ds
					}
					checkRuleQuery(t, ds, emu.Clock.Now(), rule.UID, q.RefID, q.DatasourceUID, q.RelativeTimeRange.From, q.RelativeTimeRange.To, q.Model)
				}
			}
		}
	}
	if checked == 0 {
		t.Error("the provisioning files hold no data-source query to check")
	}
}

// storeMargin is how long before now a rule's range on the store must end: the store holds the
// tail up to its last sync less the ingestion delay, and a sync is behind only after three intervals.
func storeMargin(t *testing.T, jsonData map[string]any) time.Duration {
	t.Helper()
	raw, _ := json.Marshal(jsonData)
	parsed, err := models.ParseJSONData(raw)
	if err != nil {
		t.Fatal(err)
	}
	return plugin.StoreStaleAfter(models.Resolve(parsed, ""))
}

func readRules(t *testing.T, file string) provisionedRules {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var rules provisionedRules
	if err := yaml.Unmarshal(raw, &rules); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return rules
}

// provisionedDataSources is every provisioned data source's jsonData by uid.
func provisionedDataSources(t *testing.T) map[string]map[string]any {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(repoRoot(t), "provisioning", "datasources", "*.y*ml"))
	out := map[string]map[string]any{}
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var sources provisionedSources
		if err := yaml.Unmarshal(raw, &sources); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, s := range sources.Datasources {
			out[s.UID] = s.JSONData
		}
	}
	return out
}

// storeInstance is the provisioned data source with its endpoints and app pointed at this test's
// emulator and its store in a temporary directory, once the store's first sync succeeded.
func storeInstance(t *testing.T, emu *emulatortest.Emulator, provisioned map[string]any, uid string) *plugin.Datasource {
	t.Helper()
	settings := map[string]any{}
	for k, v := range provisioned {
		settings[k] = v
	}
	for _, k := range []string{"loginUrl", "graphUrl", "legacyGraphUrl"} {
		settings[k] = emu.HTTPSURL
	}
	settings["tlsAuthWithCACert"] = true
	settings["tenantId"], settings["clientId"] = emu.TenantID, emu.ClientID
	// The rules read the last half hour: a store kept one day backfills in the first sync, so the
	// syncs after it walk only the tail, as a demo's store does once its backfill is done.
	settings["storeRetentionDays"] = 1
	jsonData, _ := json.Marshal(settings)
	parsed, err := models.ParseJSONData(jsonData)
	if err != nil {
		t.Fatal(err)
	}
	secure := map[string]string{models.ServerSecretKey: emu.ClientSecret, "tlsCACert": emu.CACertPEM,
		models.ServerSecretBindingKey: models.SecretBinding(models.Resolve(parsed, emu.ClientSecret))}
	dir := filepath.Join(t.TempDir(), "store")
	ds := plugin.New(jsonData, secure, emu.HTTPClient(30*time.Second), emu.Clock).
		WithRegistry(walks.NewRegistry(walks.DefaultLimits)).
		WithStoreEnv(func(k string) string { return map[string]string{store.DirEnv: dir}[k] })
	t.Cleanup(ds.Dispose)
	// The sync starts with the data source's first request, as after a Grafana restart.
	if h, err := ds.CheckHealth(t.Context(), &backend.CheckHealthRequest{PluginContext: rulesContext(uid)}); err != nil || h.Status != backend.HealthStatusOk {
		t.Fatalf("Save & test of %s: %v %v", uid, h, err)
	}
	waitForSync(t, dir, uid)
	return ds
}

func rulesContext(uid string) backend.PluginContext {
	return backend.PluginContext{OrgID: 1, DataSourceInstanceSettings: &backend.DataSourceInstanceSettings{UID: uid}}
}

// waitForSync polls the store until its first sync cycle succeeded.
func waitForSync(t *testing.T, dir, uid string) {
	t.Helper()
	h, err := store.Open(context.Background(), dir, store.Key{OrgID: 1, UID: uid})
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
			t.Fatalf("the store's first sync did not succeed: %+v %v", st, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// checkRuleQuery evaluates one rule query as Grafana's alerting does and checks its frames.
func checkRuleQuery(t *testing.T, ds *plugin.Datasource, now time.Time, rule, refID, uid string, from, to int, model map[string]any) {
	t.Helper()
	raw, _ := json.Marshal(model)
	resp, err := ds.QueryData(t.Context(), &backend.QueryDataRequest{
		PluginContext: rulesContext(uid),
		Headers:       map[string]string{backend.FromAlertHeaderName: "true"},
		Queries: []backend.DataQuery{{RefID: refID, JSON: raw, Interval: time.Minute, MaxDataPoints: 100,
			TimeRange: backend.TimeRange{From: now.Add(-time.Duration(from) * time.Second), To: now.Add(-time.Duration(to) * time.Second)}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := resp.Responses[refID]
	if r.Error != nil {
		t.Errorf("%s/%s: %v", rule, refID, r.Error)
		return
	}
	groupBy, _ := model["groupBy"].(string)
	for _, f := range r.Frames {
		if f.Meta == nil || !strings.HasPrefix(string(f.Meta.Type), "numeric") {
			t.Errorf("%s/%s: frame %q is not numeric", rule, refID, f.Name)
			continue
		}
		if !strings.Contains(f.Meta.ExecutedQueryString, "audit store") {
			t.Errorf("%s/%s: not answered from the audit store: %q", rule, refID, f.Meta.ExecutedQueryString)
		}
		if len(f.Fields) == 1 && f.Fields[0].Labels[groupBy] == "" {
			t.Errorf("%s/%s: frame %q has no %s label", rule, refID, f.Name, groupBy)
		}
	}
}
