package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/engine"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/internal/conformance"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
	"github.com/auditlens/entraid/pkg/store"
)

// The store path against the walking path on generated events: every format, group-by, filters
// with names only Unicode case folding matches, and an events limit that cuts the range.

var (
	walkNow  = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	walkFrom = walkNow.Add(-time.Hour)
)

// foldNames need Unicode case folding: SQLite's lower() and LIKE fold ASCII only.
var foldNames = []string{"İstanbul admins", "istanbul admins", "Straße", "STRASSE", "straße", "ΣΊΣΥΦΟΣ", "σίσυφος", "σίσυφοσ",
	"ｆｕｌｌ ｗｉｄｔｈ", "ＦＵＬＬ ＷＩＤＴＨ", "Kelvin K", "kelvin k", "Add user", "ADD USER"}

// walkEvents renders n directoryAudit objects newest first, several sharing a millisecond.
func walkEvents(n int, seed int64) []map[string]any {
	r := rand.New(rand.NewSource(seed))
	out := make([]map[string]any, n)
	at := walkNow.Add(-time.Second)
	for i := range out {
		if r.Intn(4) > 0 {
			at = at.Add(-time.Duration(r.Intn(90_000)) * time.Millisecond)
		}
		name := foldNames[r.Intn(len(foldNames))]
		initiator := map[string]any{"user": map[string]any{"id": fmt.Sprint("u", i%5), "userPrincipalName": foldNames[r.Intn(len(foldNames))] + "@contoso.com"}, "app": nil}
		if r.Intn(3) == 0 {
			initiator = map[string]any{"user": nil, "app": map[string]any{"appId": "app-1", "displayName": foldNames[r.Intn(len(foldNames))]}}
		}
		var targets []map[string]any
		for t := 0; t < r.Intn(3); t++ {
			targets = append(targets, map[string]any{"id": fmt.Sprint("T-", r.Intn(4)), "displayName": foldNames[r.Intn(len(foldNames))],
				"type": []string{"User", "Group", "ServicePrincipal", "GROUP"}[r.Intn(4)]})
		}
		out[i] = map[string]any{
			"id": fmt.Sprintf("ev-%d", i), "activityDateTime": at.Format("2006-01-02T15:04:05.000Z"), "activityDisplayName": name,
			"category": []string{"UserManagement", "GroupManagement", "İçerik"}[r.Intn(3)], "result": []string{"success", "failure", "FAILURE", "timeout"}[r.Intn(4)],
			"loggedByService": "Core Directory", "operationType": "Add", "correlationId": fmt.Sprint("c-", i%7), "initiatedBy": initiator,
			"targetResources": targets, "additionalDetails": []map[string]any{{"key": "k", "value": name}},
		}
	}
	return out
}

// walkCase is one query over the generated events.
type walkCase struct {
	format    models.QueryFormat
	groupBy   models.GroupBy
	filters   []models.FilterCondition
	maxEvents int
}

func walkCases() []walkCase {
	rows := [][]models.FilterCondition{
		nil,
		{{Field: models.FieldActivity, Operator: models.OperatorEq, Values: []string{"STRASSE"}}},
		{{Field: models.FieldActivity, Operator: models.OperatorEq, Values: []string{"İSTANBUL ADMINS"}}},
		{{Field: models.FieldActivity, Operator: models.OperatorStartsWith, Values: []string{"σίσυφο", "ｆｕｌｌ"}}},
		{{Field: models.FieldTargetName, Operator: models.OperatorStartsWith, Values: []string{"kelvin"}}},
		{{Field: models.FieldCategory, Operator: models.OperatorEq, Values: []string{"i̇çerik"}}, {Field: models.FieldResult, Operator: models.OperatorEq, Values: []string{"Failure"}}},
		{{Field: models.FieldInitiatorUpn, Operator: models.OperatorStartsWith, Values: []string{"STRAßE"}}},
		{{Field: models.FieldTargetType, Operator: models.OperatorEq, Values: []string{"group"}}},
		// The event id is matched in Go only: the store reads the events instead of counting.
		{{Field: models.FieldID, Operator: models.OperatorEq, Values: []string{"EV-3"}}},
	}
	var out []walkCase
	for _, f := range []models.QueryFormat{models.FormatTimeSeries, models.FormatSummary, models.FormatAlertNumbers, models.FormatEvents, models.FormatLogs} {
		groupBys := []models.GroupBy{models.GroupByActivity, models.GroupByTargetType, models.GroupByInitiatedBy, models.GroupByResult}
		if f == models.FormatEvents || f == models.FormatLogs {
			groupBys = groupBys[:1] // these formats do not group
		}
		for _, by := range groupBys {
			for _, r := range rows {
				for _, maxEvents := range []int{1000, 37} {
					out = append(out, walkCase{format: f, groupBy: by, filters: r, maxEvents: maxEvents})
				}
			}
		}
	}
	return out
}

func TestStoreAnswersAsTheWalkDoes(t *testing.T) {
	events := walkEvents(400, 15)
	st := openStore(t)
	recs := make([]store.Record, len(events))
	for i, ev := range events {
		raw, _ := json.Marshal(ev)
		recs[i] = store.Record{Raw: raw, Flavour: store.FlavourGraph}
	}
	span := store.Span{FromMs: walkFrom.UnixMilli(), ToMs: walkNow.UnixMilli()}
	if _, err := st.Write(context.Background(), store.Batch{Records: recs, Covered: []store.Span{span}}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveSyncState(context.Background(), store.SyncState{LastSuccessMs: walkNow.UnixMilli()}); err != nil {
		t.Fatal(err)
	}
	for _, c := range walkCases() {
		req := walkRequest(t, c)
		walked := walk(t, req, events)
		stored := engine.RunFromStore(context.Background(), st, clock.NewManual(walkNow), req)
		if fmt.Sprint(walked.Err) != fmt.Sprint(stored.Err) {
			t.Errorf("%+v: error walked %v, stored %v", c, walked.Err, stored.Err)
			continue
		}
		if w, s := frameJSON(t, walked), frameJSON(t, stored); w != s {
			t.Errorf("%+v: frames differ\n walked: %.2000s\n stored: %.2000s", c, w, s)
		}
		if !reflect.DeepEqual(walked.Notices, stored.Notices) {
			t.Errorf("%+v: notices differ\n walked: %v\n stored: %v", c, walked.Notices, stored.Notices)
		}
	}
}

func walkRequest(t *testing.T, c walkCase) engine.Request {
	t.Helper()
	settings := models.Resolve(models.JSONData{TenantID: "contoso.onmicrosoft.com", ClientID: "11111111-2222-3333-4444-555555555555"}, testSecret)
	settings.MaxEvents = c.maxEvents
	if err := settings.Validate(); err != nil {
		t.Fatal(err)
	}
	q := models.AuditQuery{RefID: "A", Format: c.format, GroupBy: c.groupBy, Filters: c.filters, Bucket: "5m"}
	return engine.Request{Query: q, Settings: settings, From: walkFrom, To: walkNow, Interval: time.Minute}
}

// walk answers req through a fake Graph that sends, in one page, the events matching the rows
// Graph evaluates within the range (its own filtering, with the engines' case folding).
func walk(t *testing.T, req engine.Request, events []map[string]any) engine.Result {
	t.Helper()
	p, err := plan.Build(plan.Input{Query: req.Query, Settings: req.Settings, From: req.From, To: req.To, Now: walkNow})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := json.Marshal(map[string]any{"value": events})
	parsed, err := graph.ParsePage(page)
	if err != nil {
		t.Fatal(err)
	}
	var sent []map[string]any
	for i, ev := range parsed.Items {
		if ev.TimeMs >= p.From.UnixMilli() && ev.TimeMs <= p.To.UnixMilli() && plan.Matches(ev, p.Pushed) {
			sent = append(sent, events[i])
		}
	}
	body, _ := json.Marshal(map[string]any{"value": sent})
	fake := conformance.NewScriptedGraph(mustURL(req.Settings.APIURL()), mustURL(req.Settings.LoginURL), []conformance.Answer{{Status: 200, Body: body}})
	client, err := graph.NewClient(req.Settings, &http.Client{Transport: fake}, clock.NewManual(walkNow))
	if err != nil {
		t.Fatal(err)
	}
	return engine.Run(context.Background(), client, req)
}

func mustURL(raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	return u
}
