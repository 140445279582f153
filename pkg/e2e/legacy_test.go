package e2e_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// legacyJSONData points the legacy flavour at the emulator, which serves activities/audit too.
func (e *emulator) legacyJSONData() []byte {
	return []byte(strings.Replace(string(e.jsonData(e.ClientID, `,"legacyGraphUrl":"`+e.HTTPURL+`"`)), `"cloud":"custom"`, `"cloud":"custom","api":"legacy"`, 1))
}

// TestLegacyMatchesGroundTruth walks the retired Azure AD Graph API (v1 token for the resource,
// activityDate filters, its own schema) with faults on, and demands the exact per-activity counts.
func TestLegacyMatchesGroundTruth(t *testing.T) {
	emu := startEmulator(t, "--fault", "status:502@2", "--fault", "reset%9")
	to := time.Now().UTC().Add(-3 * time.Hour).Truncate(time.Minute)
	from := to.Add(-36 * time.Hour)
	ds := emu.datasource(t, emu.legacyJSONData(), emu.ClientSecret)

	if res, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{}); err != nil || res.Status != backend.HealthStatusOk {
		t.Fatalf("legacy CheckHealth: %v %s", err, res.Message)
	}
	res := query(t, ds, from, to, `{"refId":"A","format":"alertNumbers","groupBy":"activity"}`)
	if res.Error != nil {
		t.Fatalf("legacy QueryData: %v", res.Error)
	}
	var truth groundTruth
	emu.Get(t, "/_emulator/counts?groupBy=activityDisplayName&from="+url.QueryEscape(from.Format(time.RFC3339))+"&to="+url.QueryEscape(to.Format(time.RFC3339)), &truth)
	got := numbersByLabel(t, res.Frames, "activity")
	total := 0
	for name, want := range truth.Groups {
		if got[name] != want {
			t.Errorf("%s: got %d, ground truth %d", name, got[name], want)
		}
		total += got[name]
	}
	if len(got) != len(truth.Groups) || total != truth.Total || total < 2000 {
		t.Errorf("got %d groups / %d events, ground truth %d groups / %d events", len(got), total, len(truth.Groups), truth.Total)
	}

	// result eq failure is pushed as activityStatus eq -1; the legacy API reports a timeout as a failure.
	res = query(t, ds, from, to, `{"refId":"A","format":"alertNumbers","groupBy":"result","groups":["failure"],
		"filters":[{"field":"result","operator":"eq","values":["failure"]}]}`)
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	var failures groundTruth
	emu.Get(t, "/_emulator/counts?filter="+url.QueryEscape("result ne 'success'")+"&from="+url.QueryEscape(from.Format(time.RFC3339))+"&to="+url.QueryEscape(to.Format(time.RFC3339)), &failures)
	if byResult := numbersByLabel(t, res.Frames, "result"); byResult["failure"] != failures.Total || len(byResult) != 1 {
		t.Errorf("failures: got %v, ground truth %d", byResult, failures.Total)
	}
}
