package e2e_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"go.yaml.in/yaml/v3"
)

// loggedCredentialActivity is the name exactly as tenants log it: an en dash and a trailing space.
const loggedCredentialActivity = "Update application \u2013 Certificates and secrets management "

type ruleStep struct {
	RefID             string `yaml:"refId"`
	DatasourceUID     string `yaml:"datasourceUid"`
	RelativeTimeRange struct {
		From int `yaml:"from"`
		To   int `yaml:"to"`
	} `yaml:"relativeTimeRange"`
	Model map[string]any `yaml:"model"`
}

type provisionedRule struct {
	UID       string     `yaml:"uid"`
	Condition string     `yaml:"condition"`
	Data      []ruleStep `yaml:"data"`
}

func readRule(t *testing.T, uid string) provisionedRule {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot(t), "provisioning", "alerting", "entra-audit-rules.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Groups []struct {
			Rules []provisionedRule `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	for _, g := range file.Groups {
		for _, r := range g.Rules {
			if r.UID == uid {
				return r
			}
		}
	}
	t.Fatalf("no provisioned rule %q", uid)
	return provisionedRule{}
}

// firing evaluates the rule as Grafana does at `now`: its data query through the backend (the
// alerting header, its relative range), then its threshold condition on each numeric frame. It
// returns the labels (by group-by value) of the instances that fire.
func (r provisionedRule) firing(t *testing.T, emu *emulator, now time.Time, model map[string]any) []string {
	t.Helper()
	ds := emu.datasource(t, emu.jsonData(emu.ClientID, ""), emu.ClientSecret)
	values := map[string]map[string]float64{}
	for _, step := range r.Data {
		if step.DatasourceUID == "__expr__" {
			continue
		}
		if model == nil {
			model = step.Model
		}
		body, _ := json.Marshal(model)
		resp, err := ds.QueryData(t.Context(), &backend.QueryDataRequest{
			Headers: map[string]string{backend.FromAlertHeaderName: "true"},
			Queries: []backend.DataQuery{{RefID: step.RefID, JSON: body, Interval: time.Minute, MaxDataPoints: 100, TimeRange: backend.TimeRange{
				From: now.Add(-time.Duration(step.RelativeTimeRange.From) * time.Second),
				To:   now.Add(-time.Duration(step.RelativeTimeRange.To) * time.Second),
			}}},
		})
		if err != nil || resp.Responses[step.RefID].Error != nil {
			t.Fatalf("%s/%s: %v %v", r.UID, step.RefID, err, resp.Responses[step.RefID].Error)
		}
		groupBy, _ := model["groupBy"].(string)
		values[step.RefID] = map[string]float64{}
		for label, n := range numbersByLabel(t, resp.Responses[step.RefID].Frames, groupBy) {
			values[step.RefID][label] = float64(n)
		}
	}
	return r.condition(t, values)
}

// condition applies the rule's threshold expression (the only expression these rules use).
func (r provisionedRule) condition(t *testing.T, values map[string]map[string]float64) []string {
	t.Helper()
	for _, step := range r.Data {
		if step.RefID != r.Condition {
			continue
		}
		var expr struct {
			Type       string
			Expression string
			Conditions []struct {
				Evaluator struct {
					Type   string
					Params []float64
				}
			}
		}
		raw, _ := json.Marshal(step.Model)
		if err := json.Unmarshal(raw, &expr); err != nil || expr.Type != "threshold" || len(expr.Conditions) != 1 {
			t.Fatalf("%s: the condition %s is not one threshold: %s", r.UID, step.RefID, raw)
		}
		evaluator := expr.Conditions[0].Evaluator
		var fired []string
		for label, v := range values[expr.Expression] {
			switch evaluator.Type {
			case "gt":
				if v > evaluator.Params[0] {
					fired = append(fired, label)
				}
			case "lt":
				if v < evaluator.Params[0] {
					fired = append(fired, label)
				}
			default:
				t.Fatalf("%s: threshold %q is not evaluated by this test", r.UID, evaluator.Type)
			}
		}
		return fired
	}
	t.Fatalf("%s: no condition step %q", r.UID, r.Condition)
	return nil
}

// TestTheCredentialRuleFiresOnTheNamesMicrosoftLogs runs the provisioned "Application credentials
// changed" rule against the emulator in windows no generated event reaches (after the emulated
// start, with events injected): it fires on the credential activity named exactly as Microsoft
// logs it (en dash, trailing space), on "Add service principal credentials", and with the name
// typed with a hyphen in lower case; it stays quiet on app creation's "Create application –
// Certificates and secrets management " event with an empty KeyDescription before and after.
func TestTheCredentialRuleFiresOnTheNamesMicrosoftLogs(t *testing.T) {
	rule := readRule(t, "entra-app-credential-change")
	emu := startEmulator(t)
	var clock struct{ Now string }
	emu.Get(t, "/_emulator/now", &clock)
	start, err := time.Parse(time.RFC3339Nano, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	// Rule evaluation instants, a day after the emulated start and an hour apart; each window's
	// event lies 10 minutes before its instant, inside the rule's range (20 to 5 minutes ago).
	at := func(i int) time.Time {
		return start.Add(24*time.Hour + time.Duration(i)*time.Hour).Truncate(time.Minute)
	}
	inject := func(i int, activity string, extra map[string]any) {
		spec := map[string]any{"activityDateTime": at(i).Add(-10 * time.Minute).Format(time.RFC3339), "activityDisplayName": activity}
		for k, v := range extra {
			spec[k] = v
		}
		emu.Send(t, "POST", "/_emulator/events", spec)
	}
	inject(0, loggedCredentialActivity, nil)
	inject(1, "Add service principal credentials", nil)
	emptyKeys := []map[string]string{{"displayName": "KeyDescription", "oldValue": "[]", "newValue": "[]"}}
	inject(2, "Create application \u2013 Certificates and secrets management ", map[string]any{"modifiedProperties": emptyKeys})
	emu.Send(t, "POST", "/_emulator/clock/advance", map[string]int64{"ms": (27 * time.Hour).Milliseconds()})

	if got := rule.firing(t, emu, at(0), nil); len(got) != 1 || got[0] != loggedCredentialActivity {
		t.Errorf("on the logged name the rule fired for %q, want exactly %q", got, loggedCredentialActivity)
	}
	if got := rule.firing(t, emu, at(1), nil); len(got) != 1 || got[0] != "Add service principal credentials" {
		t.Errorf("on a service principal credential the rule fired for %q", got)
	}
	if got := rule.firing(t, emu, at(2), nil); len(got) != 0 {
		t.Errorf("the near-miss (app creation, empty KeyDescription) fired the rule for %q", got)
	}
	typed := map[string]any{"refId": "A", "format": "alertNumbers", "groupBy": "activity", "filters": []map[string]any{
		{"field": "activity", "operator": "eq", "values": []string{"update application - certificates and secrets management"}}}}
	if got := rule.firing(t, emu, at(0), typed); len(got) != 1 || got[0] != loggedCredentialActivity {
		t.Errorf("with the name typed with a hyphen in lower case the rule fired for %q", got)
	}
	if got := rule.firing(t, emu, at(2), typed); len(got) != 0 {
		t.Errorf("the typed name fired on the near-miss for %q", got)
	}
}
