package engine

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/models"
)

// A walk the events limit cut fails an alert (alert numbers, or any format Grafana's alerting
// evaluates) with the typed eventsLimit error, and only shows a notice on a dashboard. The check
// sits in finish alone, as in TypeScript's runQuery.
func TestAlertNumbersRefuseATruncatedWalk(t *testing.T) {
	to := time.Date(2026, 11, 20, 11, 0, 0, 0, time.UTC)
	cut := collected{truncated: true, coveredFromMs: to.Add(-time.Minute).UnixMilli()}
	for _, tc := range []struct {
		name      string
		format    models.QueryFormat
		fromAlert bool
		refused   bool
	}{
		{"alert numbers", models.FormatAlertNumbers, false, true},
		{"a time series an alert rule evaluates", models.FormatTimeSeries, true, true},
		{"a dashboard's time series", models.FormatTimeSeries, false, false},
		{"a dashboard's events table", models.FormatEvents, false, false},
	} {
		req := Request{
			Query:    models.AuditQuery{RefID: "A", Format: tc.format, GroupBy: models.GroupByActivity},
			Settings: models.Settings{MaxEvents: 2500}, From: to.Add(-time.Hour), To: to, Interval: time.Minute,
			TruncationIsError: tc.fromAlert,
		}
		res := Result{ExecutedQueryString: "GET x"}.finish(req, cut)
		var truncated *TruncatedAlertError
		if !tc.refused {
			if res.Err != nil || len(res.Notices) != 1 || !strings.Contains(res.Notices[0].Text, "limit of 2500 events per query") {
				t.Errorf("%s: err %v, notices %v", tc.name, res.Err, res.Notices)
			}
			continue
		}
		if !errors.As(res.Err, &truncated) || truncated.MaxEvents != 2500 || models.CodeOf(res.Err) != "eventsLimit" ||
			models.EntryOf(res.Err) != (models.CodeEntry{Status: 400, Source: "downstream"}) {
			t.Fatalf("%s: got %#v (code %s)", tc.name, res.Err, models.CodeOf(res.Err))
		}
		want := "The events limit (2500 per query) stopped the walk before the whole range was read, so these counts would be too low for an alert. " +
			"Narrow the range, add filters, or raise \"Events per query\" in the data source settings."
		if res.Err.Error() != want || res.Frames != nil || res.Notices != nil || res.ExecutedQueryString != "GET x" {
			t.Errorf("%s: %q, frames %v, notices %v, executed %q", tc.name, res.Err, res.Frames, res.Notices, res.ExecutedQueryString)
		}
	}
}
