package e2e_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plugin"
)

// datasource is the data source as Grafana makes it (plugin.NewDatasource and the SDK's HTTP
// client options): its TLS setting trusts the emulator's CA, as an admin sets it for a custom cloud.
func (e *emulator) datasource(t *testing.T, jsonData []byte, secret string) *plugin.Datasource {
	t.Helper()
	// As the config editor stores it: the secret bound to the endpoints it was entered for.
	parsed, _ := models.ParseJSONData(jsonData)
	secure := map[string]string{"clientSecret": secret, models.SecretBindingKey: models.SecretBinding(models.Resolve(parsed, secret)), "tlsCACert": e.CACertPEM}
	instance, err := plugin.NewDatasource(context.Background(), backend.DataSourceInstanceSettings{JSONData: jsonData, DecryptedSecureJSONData: secure})
	if err != nil {
		t.Fatal(err)
	}
	return instance.(*plugin.Datasource)
}

func query(t *testing.T, ds *plugin.Datasource, from, to time.Time, model string) backend.DataResponse {
	t.Helper()
	resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
		RefID: "A", JSON: []byte(model), Interval: time.Hour, MaxDataPoints: 1000, TimeRange: backend.TimeRange{From: from, To: to},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Responses["A"]
}

func numbersByLabel(t *testing.T, frames data.Frames, label string) map[string]int {
	t.Helper()
	got := map[string]int{}
	for _, f := range frames {
		if len(f.Fields) == 0 {
			continue
		}
		value := f.Fields[len(f.Fields)-1]
		total := 0.0
		for i := 0; i < value.Len(); i++ {
			v, err := value.FloatAt(i)
			if err != nil {
				t.Fatal(err)
			}
			total += v
		}
		got[value.Labels[label]] = int(total)
	}
	return got
}

// TestQueryDataMatchesGroundTruth walks an emulated day (many pages) with Microsoft's throttle on
// and faults injected (a 503, dropped connections, a truncated body, an empty page that links on),
// and demands the exact per-activity counts, including events placed exactly at `from` and at `to`.
func TestQueryDataMatchesGroundTruth(t *testing.T) {
	// A slower clock than the other tests (1 real second per emulated 10-s window) and a budget of one
	// request per window, so pages arrive faster than the emulated throttle allows however loaded the
	// machine is, and the client must answer 429s by honouring Retry-After.
	emu := startEmulator(t, "--events-per-day", "9000", "--time-scale", "10", "--throttle", "1/10",
		"--fault", "status:503@2", "--fault", "reset%11", "--fault", "truncatedJson@5", "--fault", "emptyPageWithNextLink@7")
	to := time.Now().UTC().Add(-24 * time.Hour).Truncate(time.Minute)
	from := to.Add(-24 * time.Hour)
	for _, at := range []time.Time{from, to} {
		emu.Send(t, "POST", "/_emulator/events", map[string]any{"activityDateTime": at.Format(time.RFC3339Nano), "activityDisplayName": "Add user"})
	}
	ds := emu.datasource(t, emu.jsonData(emu.ClientID, ""), emu.ClientSecret)

	res := query(t, ds, from, to, `{"refId":"A","format":"alertNumbers","groupBy":"activity","groups":["No such activity"]}`)
	if res.Error != nil {
		t.Fatalf("QueryData failed: %v", res.Error)
	}
	var truth groundTruth
	emu.Get(t, "/_emulator/counts?groupBy=activityDisplayName&from="+url.QueryEscape(from.Format(time.RFC3339))+"&to="+url.QueryEscape(to.Format(time.RFC3339)), &truth)
	got := numbersByLabel(t, res.Frames, "activity")
	if got["No such activity"] != 0 {
		t.Errorf("a named group without events must be an explicit 0")
	}
	delete(got, "No such activity")
	total := 0
	for name, want := range truth.Groups {
		if got[name] != want {
			t.Errorf("%s: got %d, ground truth %d", name, got[name], want)
		}
		total += got[name]
	}
	if len(got) != len(truth.Groups) || total != truth.Total {
		t.Errorf("got %d groups / %d events, ground truth %d groups / %d events", len(got), total, len(truth.Groups), truth.Total)
	}

	var log struct {
		Requests []loggedRequest `json:"requests"`
	}
	emu.Get(t, "/_emulator/requests", &log)
	pages, throttled, faulted, emptyPages := 0, 0, 0, 0
	for _, r := range log.Requests {
		if r.API != "graph" {
			continue
		}
		if r.Fault == "emptyPageWithNextLink" {
			emptyPages++
		}
		if !strings.HasPrefix(r.URL, "/v1.0/auditLogs/directoryAudits?") {
			t.Errorf("a request left the audit endpoint: %s", r.URL)
		}
		switch {
		case r.Status == 429:
			throttled++
		case r.Fault != "":
			faulted++
		case r.Status == 200:
			pages++
		}
	}
	t.Logf("%d events over %d pages; %d throttled and %d faulted requests retried or, for %d empty pages, followed", truth.Total, pages, throttled, faulted, emptyPages)
	if emptyPages != 1 {
		t.Errorf("the walk was meant to read on past one empty page with a nextLink; it met %d", emptyPages)
	}
	if pages < 8 || faulted < 2 || throttled == 0 {
		t.Errorf("the walk was meant to cross many pages, faults and throttling: %d pages, %d faults, %d throttled", pages, faulted, throttled)
	}

	// The same walk as a time series: every bucket sums to the same ground truth.
	res = query(t, ds, from, to, `{"refId":"A","format":"timeSeries","groupBy":"result","bucket":"1h"}`)
	if res.Error != nil {
		t.Fatalf("time series failed: %v", res.Error)
	}
	var byResultTruth groundTruth
	emu.Get(t, "/_emulator/counts?groupBy=result&from="+url.QueryEscape(from.Format(time.RFC3339))+"&to="+url.QueryEscape(to.Format(time.RFC3339)), &byResultTruth)
	byResult := numbersByLabel(t, res.Frames, "result")
	if len(byResult) != len(byResultTruth.Groups) {
		t.Errorf("time series groups %v, ground truth %v", byResult, byResultTruth.Groups)
	}
	for name, want := range byResultTruth.Groups {
		if byResult[name] != want {
			t.Errorf("time series %s: got %d, ground truth %d", name, byResult[name], want)
		}
	}
	if n := res.Frames[0].Fields[0].Len(); n != 25 {
		t.Errorf("24 h of 1-h buckets, both edges included, is 25 buckets; got %d", n)
	}
}

// TestFiltersMatchGroundTruth: a pushed-down activity filter and a plugin-side result filter.
func TestFiltersMatchGroundTruth(t *testing.T) {
	emu := startEmulator(t)
	to := time.Now().UTC().Add(-2 * time.Hour).Truncate(time.Minute)
	from := to.Add(-5 * 24 * time.Hour)
	ds := emu.datasource(t, emu.jsonData(emu.ClientID, ""), emu.ClientSecret)
	res := query(t, ds, from, to, `{"refId":"A","format":"alertNumbers","groupBy":"result","groups":["failure"],
		"filters":[{"field":"activity","operator":"eq","values":["Update user"]},{"field":"result","operator":"eq","values":["failure"]}]}`)
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	var truth groundTruth
	filter := "activityDisplayName eq 'Update user' and result eq 'failure'"
	emu.Get(t, "/_emulator/counts?filter="+url.QueryEscape(filter)+"&from="+url.QueryEscape(from.Format(time.RFC3339))+"&to="+url.QueryEscape(to.Format(time.RFC3339)), &truth)
	got := numbersByLabel(t, res.Frames, "result")
	if len(got) != 1 || got["failure"] != truth.Total {
		t.Errorf("got %v, ground truth %d", got, truth.Total)
	}
}

// TestTruncationIsNeverSilent: a low events limit makes alert numbers fail and dashboards say so.
func TestTruncationIsNeverSilent(t *testing.T) {
	emu := startEmulator(t)
	to := time.Now().UTC().Add(-time.Hour).Truncate(time.Minute)
	from := to.Add(-24 * time.Hour)
	ds := emu.datasource(t, emu.jsonData(emu.ClientID, `,"maxEvents":1500`), emu.ClientSecret)
	if res := query(t, ds, from, to, `{"refId":"A","format":"alertNumbers"}`); res.Error == nil || !strings.Contains(res.Error.Error(), "events limit") {
		t.Errorf("alert numbers from a truncated walk: %v", res.Error)
	}
	res := query(t, ds, from, to, `{"refId":"A","format":"summary"}`)
	if res.Error != nil || len(res.Frames) != 1 || len(res.Frames[0].Meta.Notices) == 0 || !strings.Contains(res.Frames[0].Meta.Notices[0].Text, "limit of 1500 events") {
		t.Errorf("a truncated summary must carry the notice: %v %+v", res.Error, res.Frames)
	}
}

// TestARepeatedNextLinkStopsTheWalk: a page pointing back at itself would count its events twice.
func TestARepeatedNextLinkStopsTheWalk(t *testing.T) {
	emu := startEmulator(t, "--fault", "repeatNextLink@3")
	to := time.Now().UTC().Add(-time.Hour).Truncate(time.Minute)
	ds := emu.datasource(t, emu.jsonData(emu.ClientID, ""), emu.ClientSecret)
	res := query(t, ds, to.Add(-24*time.Hour), to, `{"refId":"A","format":"alertNumbers"}`)
	if res.Error == nil || !strings.Contains(res.Error.Error(), "same next-page link twice") {
		t.Errorf("got %v", res.Error)
	}
}
