package store

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// base is a fixed instant; tests never read the clock.
var base = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC).UnixMilli()

// rawEvent is one Microsoft Graph directoryAudit as Graph sends it.
type rawEvent struct {
	ID        string
	TimeMs    int64
	Activity  string
	Category  string
	Result    string
	Upn       string
	AppName   string
	Targets   []rawTarget
	ExtraJSON string // appended verbatim inside the object, to test that raw bytes are kept
}

type rawTarget struct{ ID, Name, Type, Upn string }

func (e rawEvent) json() json.RawMessage {
	activity, category, result := orDefault(e.Activity, "Add user"), orDefault(e.Category, "UserManagement"), orDefault(e.Result, "success")
	initiator := `{"user":null,"app":{"appId":"11111111-2222-3333-4444-555555555555","displayName":` + quote(e.AppName) + `,"servicePrincipalName":null}}`
	if e.Upn != "" {
		initiator = `{"user":{"id":"u-` + e.ID + `","displayName":"Someone","userPrincipalName":` + quote(e.Upn) + `,"ipAddress":"10.0.0.1"},"app":null}`
	}
	targets := "["
	for i, t := range e.Targets {
		if i > 0 {
			targets += ","
		}
		targets += fmt.Sprintf(`{"id":%s,"displayName":%s,"type":%s,"userPrincipalName":%s,"modifiedProperties":[{"displayName":"AccountEnabled","oldValue":"[false]","newValue":"[true]"}]}`,
			quote(t.ID), quote(t.Name), quote(t.Type), quote(t.Upn))
	}
	targets += "]"
	s := fmt.Sprintf(`{"id":%s,"category":%s,"correlationId":"c-%s","result":%s,"resultReason":"","activityDisplayName":%s,`+
		`"activityDateTime":%s,"loggedByService":"Core Directory","operationType":"Add","initiatedBy":%s,`+
		`"targetResources":%s,"additionalDetails":[{"key":"UserType","value":"Member"}]%s}`,
		quote(e.ID), quote(category), e.ID, quote(result), quote(activity),
		quote(time.UnixMilli(e.TimeMs).UTC().Format("2006-01-02T15:04:05.000Z")), initiator, targets, e.ExtraJSON)
	return json.RawMessage(s)
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// seq makes n events, one per second going back from newestMs, ids prefix-0 … prefix-(n-1).
func seqEvents(prefix string, n int, newestMs int64) []rawEvent {
	out := make([]rawEvent, n)
	for i := range out {
		out[i] = rawEvent{ID: fmt.Sprintf("%s-%d", prefix, i), TimeMs: newestMs - int64(i)*1000, Upn: "admin@contoso.com"}
	}
	return out
}

func records(events []rawEvent) []Record {
	out := make([]Record, len(events))
	for i, e := range events {
		out[i] = Record{Raw: e.json(), Flavour: FlavourGraph}
	}
	return out
}

// openTest opens a store in a fresh directory through its own registry.
func openTest(t *testing.T, k Key) (*Handle, string) {
	t.Helper()
	dir := t.TempDir()
	return openIn(t, NewRegistry(), dir, k), dir
}

func openIn(t *testing.T, r *Registry, dir string, k Key) *Handle {
	t.Helper()
	h, err := r.Open(context.Background(), dir, k)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { _ = h.Close() })
	return h
}

func mustWrite(t *testing.T, h *Handle, b Batch) WriteResult {
	t.Helper()
	res, err := h.Write(context.Background(), b)
	if err != nil {
		t.Fatalf("write: %v", err)
	}
	return res
}

func countEvents(t *testing.T, h *Handle) int64 {
	t.Helper()
	st, err := h.Stats(context.Background())
	if err != nil {
		t.Fatalf("stats: %v", err)
	}
	return st.Events
}

func allEvents(t *testing.T, h *Handle) EventsResult {
	t.Helper()
	res, err := h.Events(context.Background(), EventQuery{FromMs: 0, ToMs: 1 << 62})
	if err != nil {
		t.Fatalf("events: %v", err)
	}
	return res
}
