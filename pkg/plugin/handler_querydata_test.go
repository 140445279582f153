package plugin_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/auditlens/entraid/pkg/internal/fakeentra"
)

var (
	rangeTo   = time.Date(2026, 11, 20, 11, 0, 0, 0, time.UTC)
	rangeFrom = rangeTo.Add(-time.Hour)
)

func auditEvent(id, at, activity, result string) map[string]any {
	return map[string]any{"id": id, "activityDateTime": at, "activityDisplayName": activity, "result": result,
		"initiatedBy": map[string]any{"user": map[string]any{"userPrincipalName": "admin@contoso.com"}}}
}

func dataQuery(refID, model string) backend.DataQuery {
	return backend.DataQuery{RefID: refID, JSON: []byte(model), Interval: time.Minute, MaxDataPoints: 1000,
		TimeRange: backend.TimeRange{From: rangeFrom, To: rangeTo}}
}

func TestQueryDataAnswersEachQueryOnItsRefID(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	fake.Events = []map[string]any{
		auditEvent("3", "2026-11-20T10:50:00Z", "Add member to role", "failure"),
		auditEvent("2", "2026-11-20T10:40:00Z", "Add member to role", "success"),
		auditEvent("1", "2026-11-20T10:30:00Z", "Add user", "success"),
	}
	ds := newInstance(fake.JSONData(), fakeentra.Secret)
	resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{
		dataQuery("A", `{"refId":"A","format":"alertNumbers","groupBy":"activity","groups":["Delete user"]}`),
		dataQuery("B", `{"refId":"B","format":"alertNumbers","groupBy":"result","filters":[{"field":"result","operator":"eq","values":["failure"]}]}`),
		dataQuery("C", `{"refId":"C","format":"nonsense"}`),
	}})
	if err != nil {
		t.Fatal(err)
	}
	a := resp.Responses["A"]
	if a.Error != nil || len(a.Frames) != 3 {
		t.Fatalf("A: %v %d frames", a.Error, len(a.Frames))
	}
	got := map[string]float64{}
	for _, f := range a.Frames {
		if f.Meta.Type != data.FrameTypeNumericMulti || len(f.Fields) != 1 {
			t.Fatalf("A frame %s is not one numeric field", f.Name)
		}
		v, _ := f.Fields[0].FloatAt(0)
		got[f.Fields[0].Labels["activity"]] = v
		if !strings.Contains(f.Meta.ExecutedQueryString, "/v1.0/auditLogs/directoryAudits?$filter=activityDateTime ge 2026-11-20T10:00:00.000Z") {
			t.Errorf("executed query string %q", f.Meta.ExecutedQueryString)
		}
	}
	if got["Add member to role"] != 2 || got["Add user"] != 1 || got["Delete user"] != 0 {
		t.Errorf("A numbers %v", got)
	}
	b := resp.Responses["B"]
	if b.Error != nil || len(b.Frames) != 1 || b.Frames[0].Fields[0].Labels["result"] != "failure" {
		t.Errorf("B: %v %v", b.Error, b.Frames)
	}
	c := resp.Responses["C"]
	if c.Error == nil || c.ErrorSource != backend.ErrorSourceDownstream || c.Status != backend.StatusBadRequest || !strings.Contains(c.Error.Error(), "unknown query format") {
		t.Errorf("C: %v %v %v", c.Error, c.ErrorSource, c.Status)
	}
}

func TestQueryDataReportsGraphFailuresAsDownstream(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	fake.GraphStatus, fake.GraphCode = 403, "Authentication_MSGraphPermissionMissing"
	resp, _ := newInstance(fake.JSONData(), fakeentra.Secret).QueryData(context.Background(), &backend.QueryDataRequest{
		Queries: []backend.DataQuery{dataQuery("A", `{"refId":"A","format":"alertNumbers"}`)}})
	r := resp.Responses["A"]
	if r.Error == nil || r.Status != backend.StatusForbidden || r.ErrorSource != backend.ErrorSourceDownstream || !strings.Contains(r.Error.Error(), "AuditLog.Read.All") {
		t.Errorf("%v %v %v", r.Error, r.Status, r.ErrorSource)
	}
	if len(r.Frames) != 1 || r.Frames[0].Meta.ExecutedQueryString == "" {
		t.Errorf("the failed query's frame must still show the executed query string")
	}

	resp, _ = newInstance(fake.JSONData(), "bad-secret-123").QueryData(context.Background(), &backend.QueryDataRequest{
		Queries: []backend.DataQuery{dataQuery("A", `{"refId":"A"}`)}})
	if r := resp.Responses["A"]; r.Status != backend.StatusUnauthorized || !strings.Contains(r.Error.Error(), "AADSTS7000215") || strings.Contains(r.Error.Error(), "bad-secret-123") {
		t.Errorf("token failure: %v %v", r.Error, r.Status)
	}
}

func TestAlertEvaluationsNeverSeeAnUnderCount(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	for i := 0; i < 3; i++ {
		fake.Events = append(fake.Events, auditEvent(fmt.Sprint(i), fmt.Sprintf("2026-11-20T10:5%d:00Z", i), "Add user", "success"))
	}
	jsonData := strings.Replace(string(fake.JSONData()), `"requestBudget"`, `"maxEvents":2,"requestBudget"`, 1)
	// Three events on the page and a limit of two: the limit cuts the page, so the walk is truncated.
	ds := newInstance([]byte(jsonData), fakeentra.Secret)
	req := &backend.QueryDataRequest{
		Headers: map[string]string{backend.FromAlertHeaderName: "true"},
		Queries: []backend.DataQuery{dataQuery("A", `{"refId":"A","format":"timeSeries","bucket":"15m"}`)},
	}
	resp, _ := ds.QueryData(context.Background(), req)
	if r := resp.Responses["A"]; r.Error == nil || !strings.Contains(r.Error.Error(), "events limit") {
		t.Errorf("an alert evaluation of a truncated walk must fail: %v", r.Error)
	}
	req.Headers = nil
	resp, _ = ds.QueryData(context.Background(), req)
	if r := resp.Responses["A"]; r.Error != nil || len(r.Frames) == 0 || len(r.Frames[0].Meta.Notices) == 0 {
		t.Errorf("a dashboard gets frames with a notice: %v", r.Error)
	}
}

// TestCraftedQueriesNeverLeaveTheAuditEndpoint sends what a Viewer could send to /api/ds/query:
// path tricks, OData injection and control characters. Every request that reaches the tenant must
// be the audit endpoint with exactly the three planned parameters.
func TestCraftedQueriesNeverLeaveTheAuditEndpoint(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	fake.Events = []map[string]any{auditEvent("1", "2026-11-20T10:30:00Z", "Add user", "success")}
	crafted := []string{
		`{"refId":"A","format":"alertNumbers","filters":[{"field":"activity","operator":"eq","values":["../../users"]}]}`,
		`{"refId":"A","format":"alertNumbers","filters":[{"field":"activity","operator":"eq","values":["x' or 1 eq 1 or activityDisplayName eq 'y"]}]}`,
		`{"refId":"A","format":"alertNumbers","filters":[{"field":"targetName","operator":"startsWith","values":["a&$top=999&$select=*#frag"]}]}`,
		`{"refId":"A","format":"alertNumbers","filters":[{"field":"initiatorUpn","operator":"eq","values":["%2e%2e%2fusers%3f\"quoted\""]}]}`,
		`{"refId":"A","format":"alertNumbers","rawFilter":"x eq 'a') or (activityDateTime ge 2000-01-01T00:00:00Z"}`,
		`{"refId":"A","format":"alertNumbers","rawFilter":"id eq 'x'\r\nX-Injected: 1"}`,
		`{"refId":"A","format":"alertNumbers","filters":[{"field":"../signIns","operator":"eq","values":["x"]}]}`,
		`{"refId":"A","format":"alertNumbers","groupBy":"../../users"}`,
		`{"refId":"A","format":"alertNumbers","url":"https://evil.example/","path":"/v1.0/users","graphUrl":"https://evil.example"}`,
		`{"refId":"A","format":"alertNumbers","rawFilter":"activityDisplayName eq '&$top=1#'"}`,
	}
	ds := newInstance(fake.JSONData(), fakeentra.Secret)
	for _, model := range crafted {
		if _, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{dataQuery("A", model)}}); err != nil {
			t.Fatal(err)
		}
	}
	requests := fake.GraphURLs()
	if len(requests) == 0 {
		t.Fatal("no crafted query reached the tenant; the test proves nothing")
	}
	for _, raw := range requests {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		if u.Path != "/v1.0/auditLogs/directoryAudits" || len(q) != 3 || q.Get("$top") != "1000" || q.Get("$orderby") != "activityDateTime desc" ||
			!strings.HasPrefix(q.Get("$filter"), "activityDateTime ge 2026-11-20T10:00:00.000Z and activityDateTime le 2026-11-20T11:00:00.000Z") {
			t.Errorf("a crafted query produced %s", raw)
		}
	}
}

func TestErrorStatusesFollowTheCause(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	tests := []struct {
		name     string
		jsonData []byte
		status   int
		code     string
		want     backend.Status
	}{
		{"Graph unavailable after every retry", fake.JSONData(), 404, "Request_ResourceNotFound", backend.StatusNotFound},
		{"bad request", fake.JSONData(), 400, "BadRequest", backend.StatusBadRequest},
		{"login endpoint unreachable", []byte(`{"cloud":"custom","loginUrl":"https://127.0.0.1:1","graphUrl":"https://127.0.0.1:1","tenantId":"contoso.com","clientId":"c"}`), 0, "", backend.StatusBadGateway},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake.GraphStatus, fake.GraphCode = tc.status, tc.code
			resp, _ := newInstance(tc.jsonData, fakeentra.Secret).QueryData(context.Background(), &backend.QueryDataRequest{
				Queries: []backend.DataQuery{dataQuery("A", `{"refId":"A"}`)}})
			if r := resp.Responses["A"]; r.Status != tc.want || r.ErrorSource != backend.ErrorSourceDownstream {
				t.Errorf("status %v source %v: %v", r.Status, r.ErrorSource, r.Error)
			}
		})
	}
}
