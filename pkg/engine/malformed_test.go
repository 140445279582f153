package engine_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/engine"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
)

// Issue 14, finding 8: a dashboard skips malformed events with a notice (vector 75); an alert
// evaluation (Grafana's FromAlert header) fails whatever its format, rather than under-count.
func TestAlertEvaluationFailsOnMalformedEvents(t *testing.T) {
	v := loadVectors(t)["75-malformed-events-skipped-with-notice.json"]
	jsonData, err := models.ParseJSONData(v.Settings)
	if err != nil {
		t.Fatal(err)
	}
	settings := models.Resolve(jsonData, testSecret)
	base, _ := url.Parse(settings.APIURL())
	login, _ := url.Parse(settings.LoginURL)
	for _, fromAlert := range []bool{false, true} {
		fake := newScriptedGraph(base, login, v.Responses)
		client, err := graph.NewClient(settings, &http.Client{Transport: fake}, clock.NewManual(v.Now))
		if err != nil {
			t.Fatal(err)
		}
		query, err := models.ParseQuery(v.Query)
		if err != nil {
			t.Fatal(err)
		}
		res := engine.Run(context.Background(), client, engine.Request{
			Query: query, Settings: settings, From: v.Range.From, To: v.Range.To,
			Interval: time.Duration(v.IntervalMs) * time.Millisecond, TruncationIsError: fromAlert,
		})
		if got := errors.Is(res.Err, engine.ErrUnreadableForAlert); got != fromAlert {
			t.Errorf("from an alert: %v; got error %v", fromAlert, res.Err)
		}
		if len(fake.Requests()) != 1 {
			t.Errorf("the page with malformed events was requested %d times; it must not be retried", len(fake.Requests()))
		}
	}
}
