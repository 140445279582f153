package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/auditlens/entraid/pkg/plugin"
)

// dsQueryBody is Grafana's /api/ds/query body: the queries, each with its data source reference,
// and the dashboard's range (epoch milliseconds as strings, or relative like "now-7d").
type dsQueryBody struct {
	Queries []json.RawMessage `json:"queries"`
	From    string            `json:"from"`
	To      string            `json:"to"`
}

// queryHead is the part of one query Grafana reads itself; the plugin gets the whole JSON.
type queryHead struct {
	RefID      string `json:"refId"`
	Datasource *struct {
		UID string `json:"uid"`
	} `json:"datasource"`
	QueryType     string  `json:"queryType"`
	IntervalMs    float64 `json:"intervalMs"`
	MaxDataPoints int64   `json:"maxDataPoints"`
}

// Grafana's defaults for a query that names neither.
const (
	defaultIntervalMs    = 1000
	defaultMaxDataPoints = 100
)

// parse turns the HTTP request into the plugin's QueryDataRequest, or an HTTP status and the cause.
func (s *Server) parse(r *http.Request) (*backend.QueryDataRequest, int, error) {
	var body dsQueryBody
	decoder := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxRequestBytes))
	if err := decoder.Decode(&body); err != nil {
		return nil, http.StatusBadRequest, fmt.Errorf("the body must be {queries, from, to} of at most %d bytes: %w", maxRequestBytes, err)
	}
	if len(body.Queries) == 0 || len(body.Queries) > maxQueriesPerRequest {
		return nil, http.StatusBadRequest, fmt.Errorf("a request holds 1 to %d queries, this one %d", maxQueriesPerRequest, len(body.Queries))
	}
	now := s.clock.Now()
	tr, err := timeRange(body.From, body.To, now)
	if err != nil {
		return nil, http.StatusBadRequest, err
	}
	orgID, err := orgOf(r)
	if err != nil {
		return nil, http.StatusBadRequest, err
	}
	req := &backend.QueryDataRequest{Headers: map[string]string{}}
	uid := ""
	for i, raw := range body.Queries {
		q, queryUID, err := dataQuery(raw, tr, i)
		if err != nil {
			return nil, http.StatusBadRequest, err
		}
		if uid != "" && queryUID != uid {
			return nil, http.StatusBadRequest, errors.New("every query of one request must name the same data source uid (this stand-in has no mixed data source)")
		}
		uid = queryUID
		req.Queries = append(req.Queries, q)
	}
	ds, ok := s.sources[sourceKey{orgID, uid}]
	if !ok {
		return nil, http.StatusNotFound, fmt.Errorf("data source %q not found in organisation %d; add it to the settings file", uid, orgID)
	}
	req.PluginContext = backend.PluginContext{
		OrgID: orgID, PluginID: plugin.PluginID, DataSourceInstanceSettings: ds.instanceSettings(s.updated),
		User: &backend.User{Login: "viewer", Role: "Viewer"},
	}
	// Grafana's alerting marks its evaluations with this header; the stand-in passes it on.
	if v := r.Header.Get(backend.FromAlertHeaderName); v != "" {
		req.Headers[backend.FromAlertHeaderName] = v
	}
	return req, 0, nil
}

func dataQuery(raw json.RawMessage, tr backend.TimeRange, index int) (backend.DataQuery, string, error) {
	var head queryHead
	if err := json.Unmarshal(raw, &head); err != nil {
		return backend.DataQuery{}, "", fmt.Errorf("query %d is not a JSON object: %w", index, err)
	}
	if head.Datasource == nil || head.Datasource.UID == "" {
		return backend.DataQuery{}, "", fmt.Errorf("query %d names no datasource.uid", index)
	}
	if head.IntervalMs <= 0 {
		head.IntervalMs = defaultIntervalMs
	}
	if head.MaxDataPoints <= 0 {
		head.MaxDataPoints = defaultMaxDataPoints
	}
	if head.RefID == "" {
		head.RefID = "A"
	}
	return backend.DataQuery{
		RefID: head.RefID, QueryType: head.QueryType, JSON: raw, TimeRange: tr,
		Interval: time.Duration(head.IntervalMs * float64(time.Millisecond)), MaxDataPoints: head.MaxDataPoints,
	}, head.Datasource.UID, nil
}

var relativeTime = regexp.MustCompile(`^now(?:-(\d{1,6})([smhdw]))?$`)

var relativeUnits = map[string]time.Duration{
	"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour,
}

// instant reads one edge: epoch milliseconds (what Grafana's frontend sends) or now[-N unit].
func instant(raw, name string, now time.Time) (time.Time, error) {
	if ms, err := strconv.ParseInt(raw, 10, 64); err == nil {
		return time.UnixMilli(ms).UTC(), nil
	}
	m := relativeTime.FindStringSubmatch(raw)
	if m == nil {
		return time.Time{}, fmt.Errorf("%s %q is neither epoch milliseconds nor now[-N(s|m|h|d|w)]", name, raw)
	}
	if m[1] == "" {
		return now.UTC(), nil
	}
	n, _ := strconv.Atoi(m[1])
	return now.Add(-time.Duration(n) * relativeUnits[m[2]]).UTC(), nil
}

func timeRange(from, to string, now time.Time) (backend.TimeRange, error) {
	f, err := instant(from, "from", now)
	if err != nil {
		return backend.TimeRange{}, err
	}
	t, err := instant(to, "to", now)
	if err != nil {
		return backend.TimeRange{}, err
	}
	if f.After(t) {
		return backend.TimeRange{}, fmt.Errorf("from (%s) is after to (%s)", f.Format(time.RFC3339), t.Format(time.RFC3339))
	}
	return backend.TimeRange{From: f, To: t}, nil
}
