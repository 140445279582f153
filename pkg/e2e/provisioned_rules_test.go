package e2e_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"go.yaml.in/yaml/v3"
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

// TestProvisionedAlertRulesEvaluate runs every provisioned rule's queries as Grafana's alerting
// does (the FromAlert header, the rule's relative range) against the emulator: each must answer
// without error, with numeric-multi frames whose label is the group, and end before the ingestion delay.
func TestProvisionedAlertRulesEvaluate(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(repoRoot(t), "provisioning", "alerting", "*.y*ml"))
	if len(files) == 0 {
		t.Fatal("no provisioned alert rules in provisioning/alerting")
	}
	emu := startEmulator(t)
	ds := emu.datasource(t, emu.jsonData(emu.ClientID, ""), emu.ClientSecret)
	checked := 0
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var rules provisionedRules
		if err := yaml.Unmarshal(raw, &rules); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, group := range rules.Groups {
			for _, rule := range group.Rules {
				for _, q := range rule.Data {
					if q.DatasourceUID == "__expr__" {
						continue
					}
					checked++
					if q.RelativeTimeRange.To < 300 {
						t.Errorf("%s/%s: the range ends %d s ago; audit events need 5 minutes to be complete", rule.UID, q.RefID, q.RelativeTimeRange.To)
					}
					model, _ := json.Marshal(q.Model)
					now := time.Now()
					resp, err := ds.QueryData(t.Context(), &backend.QueryDataRequest{
						Headers: map[string]string{backend.FromAlertHeaderName: "true"},
						Queries: []backend.DataQuery{{RefID: q.RefID, JSON: model, Interval: time.Minute, MaxDataPoints: 100,
							TimeRange: backend.TimeRange{
								From: now.Add(-time.Duration(q.RelativeTimeRange.From) * time.Second),
								To:   now.Add(-time.Duration(q.RelativeTimeRange.To) * time.Second),
							}}},
					})
					if err != nil {
						t.Fatal(err)
					}
					r := resp.Responses[q.RefID]
					if r.Error != nil {
						t.Errorf("%s/%s: %v", rule.UID, q.RefID, r.Error)
						continue
					}
					groupBy, _ := q.Model["groupBy"].(string)
					for _, f := range r.Frames {
						if f.Meta == nil || !strings.HasPrefix(string(f.Meta.Type), "numeric") {
							t.Errorf("%s/%s: frame %q is not numeric", rule.UID, q.RefID, f.Name)
						}
						if len(f.Fields) == 1 && f.Fields[0].Labels[groupBy] == "" {
							t.Errorf("%s/%s: frame %q has no %s label", rule.UID, q.RefID, f.Name, groupBy)
						}
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Error("the provisioning files hold no data-source query to check")
	}
}
