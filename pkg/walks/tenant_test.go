package walks_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// tenant answers the token endpoint and directoryAudits in memory, as a RoundTripper: Graph's
// $filter clauses that the tests' queries send are evaluated exactly as the emulator does (strings
// compared exactly), paged by $top with a $skiptoken nextLink. Held requests wait for release.
type tenant struct {
	t      *testing.T
	mu     sync.Mutex
	events []map[string]any
	urls   []string
	// status, when set, answers every Graph request with this error.
	status int
	// hold: Graph requests wait until release is closed (or their context ends).
	hold    bool
	release chan struct{}
	arrived chan string
}

func newTenant(t *testing.T, events ...map[string]any) *tenant {
	sort.SliceStable(events, func(i, j int) bool {
		return events[i]["activityDateTime"].(string) > events[j]["activityDateTime"].(string)
	})
	return &tenant{t: t, events: events, release: make(chan struct{}), arrived: make(chan string, 100)}
}

func auditEvent(id, at, service, activity string) map[string]any {
	return map[string]any{"id": id, "activityDateTime": at, "loggedByService": service, "activityDisplayName": activity,
		"category": "UserManagement", "result": "success"}
}

// graphRequests are the Graph URLs asked so far.
func (tn *tenant) graphRequests() []string {
	tn.mu.Lock()
	defer tn.mu.Unlock()
	return append([]string(nil), tn.urls...)
}

func (tn *tenant) RoundTrip(req *http.Request) (*http.Response, error) {
	if tenantPath, ok := strings.CutSuffix(req.URL.Path, "/v2.0/.well-known/openid-configuration"); ok {
		// The Azure Identity library reads the authority's OpenID metadata before its first token.
		authority := req.URL.Scheme + "://" + req.URL.Host + tenantPath
		return answer(200, map[string]any{"issuer": authority + "/v2.0", "token_endpoint": authority + "/oauth2/v2.0/token",
			"authorization_endpoint": authority + "/oauth2/v2.0/authorize"}), nil
	}
	if !strings.Contains(req.URL.Path, "auditLogs/directoryAudits") {
		return answer(200, map[string]any{"token_type": "Bearer", "expires_in": 3599, "access_token": "token"}), nil
	}
	tn.mu.Lock()
	tn.urls = append(tn.urls, req.URL.String())
	hold, status := tn.hold, tn.status
	tn.mu.Unlock()
	select {
	case tn.arrived <- req.URL.String():
	default:
	}
	if hold {
		select {
		case <-tn.release:
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
	}
	if status != 0 {
		return answer(status, map[string]any{"error": map[string]any{"code": "Authorization_RequestDenied", "message": "denied"}}), nil
	}
	return answer(200, tn.page(req.URL)), nil
}

func (tn *tenant) page(u *url.URL) map[string]any {
	query := u.Query()
	top, _ := strconv.Atoi(query.Get("$top"))
	skip, _ := strconv.Atoi(query.Get("$skiptoken"))
	var matching []map[string]any
	for _, ev := range tn.events {
		if tn.keeps(query.Get("$filter"), ev) {
			matching = append(matching, ev)
		}
	}
	end := min(len(matching), skip+top)
	body := map[string]any{"value": matching[min(skip, end):end]}
	if end < len(matching) {
		query.Set("$skiptoken", fmt.Sprint(end))
		next := *u
		next.RawQuery = query.Encode()
		body["@odata.nextLink"] = next.String()
	}
	return body
}

// keeps evaluates the clauses the tests send, ANDed, comparing exactly.
func (tn *tenant) keeps(filter string, ev map[string]any) bool {
	text := func(key string) string { s, _ := ev[key].(string); return s }
	for _, clause := range strings.Split(filter, " and ") {
		var value string
		switch {
		case scan(clause, "activityDateTime ge ", &value):
			if !timeAtLeast(text("activityDateTime"), value) {
				return false
			}
		case scan(clause, "activityDateTime le ", &value):
			if !timeAtLeast(value, text("activityDateTime")) {
				return false
			}
		case scan(clause, "loggedByService eq ", &value):
			if text("loggedByService") != unquote(value) {
				return false
			}
		case scan(clause, "startswith(activityDisplayName, ", &value):
			if !strings.HasPrefix(text("activityDisplayName"), unquote(strings.TrimSuffix(value, ")"))) {
				return false
			}
		default:
			tn.t.Errorf("the test tenant cannot evaluate the clause %q", clause)
			return false
		}
	}
	return true
}

func scan(clause, prefix string, value *string) bool {
	*value = strings.TrimPrefix(clause, prefix)
	return strings.HasPrefix(clause, prefix)
}

func unquote(literal string) string {
	return strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(literal, "'"), "'"), "''", "'")
}

func timeAtLeast(a, b string) bool {
	ta, errA := time.Parse(time.RFC3339Nano, a)
	tb, errB := time.Parse(time.RFC3339Nano, b)
	return errA == nil && errB == nil && !ta.Before(tb)
}

func answer(status int, body any) *http.Response {
	raw, _ := json.Marshal(body)
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(raw))}
}
