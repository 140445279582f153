package conformance

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// Answer is one answer of the fake Graph: a JSON body, a raw text body, or a dropped connection.
type Answer struct {
	Status       int               `json:"status"`
	Headers      map[string]string `json:"headers"`
	Body         json.RawMessage   `json:"body"`
	BodyText     *string           `json:"bodyText"`
	NetworkError bool              `json:"networkError"`
}

const openIDSuffix = "/v2.0/.well-known/openid-configuration"

// AccessToken is what the fake login endpoint issues; it must never appear in a result.
const AccessToken = "conformance-access-token"

// ScriptedGraph is an http.RoundTripper that answers token requests itself and every other
// request with the next scripted answer, recording each in canonical form.
type ScriptedGraph struct {
	mu       sync.Mutex
	base     *url.URL
	login    *url.URL
	answers  []Answer
	requests []Request
	overrun  []string
}

// NewScriptedGraph answers requests below base with answers, in order, and token requests to login.
func NewScriptedGraph(base, login *url.URL, answers []Answer) *ScriptedGraph {
	return &ScriptedGraph{base: base, login: login, answers: answers}
}

// Requests returns the Graph requests made so far, in canonical form (never nil).
func (g *ScriptedGraph) Requests() []Request {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]Request{}, g.requests...)
}

// Overrun returns the URLs requested after the script ran out.
func (g *ScriptedGraph) Overrun() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.overrun...)
}

// RoundTrip answers one request.
func (g *ScriptedGraph) RoundTrip(req *http.Request) (*http.Response, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if req.Method == http.MethodPost && req.URL.Host == g.login.Host && (strings.HasSuffix(req.URL.Path, "/oauth2/v2.0/token") || strings.HasSuffix(req.URL.Path, "/oauth2/token")) {
		return jsonResponse(200, nil, `{"token_type":"Bearer","expires_in":3599,"access_token":"`+AccessToken+`"}`), nil
	}
	// The Azure Identity library asks a named cloud's login host about itself (instance discovery)
	// and reads the tenant's OpenID metadata before its first token.
	if req.Method == http.MethodGet && req.URL.Host == g.login.Host && req.URL.Path == "/common/discovery/instance" {
		return jsonResponse(200, nil, fmt.Sprintf(`{"tenant_discovery_endpoint":%q,"api-version":"1.1","metadata":[{"preferred_network":%q,"preferred_cache":%q,"aliases":[%q]}]}`,
			strings.TrimSuffix(req.URL.Query().Get("authorization_endpoint"), "/oauth2/v2.0/authorize")+openIDSuffix, req.URL.Host, req.URL.Host, req.URL.Host)), nil
	}
	if req.Method == http.MethodGet && req.URL.Host == g.login.Host && strings.HasSuffix(req.URL.Path, openIDSuffix) {
		authority := req.URL.Scheme + "://" + req.URL.Host + strings.TrimSuffix(req.URL.Path, openIDSuffix)
		return jsonResponse(200, nil, fmt.Sprintf(`{"issuer":%q,"token_endpoint":%q,"authorization_endpoint":%q}`,
			authority+"/v2.0", authority+"/oauth2/v2.0/token", authority+"/oauth2/v2.0/authorize")), nil
	}
	g.requests = append(g.requests, RequestOf(req.Method, req.URL, g.base))
	if len(g.answers) == 0 {
		g.overrun = append(g.overrun, req.URL.String())
		return jsonResponse(500, nil, `{"error":{"code":"NoScriptedAnswer"}}`), nil
	}
	a := g.answers[0]
	g.answers = g.answers[1:]
	if a.NetworkError {
		return nil, fmt.Errorf("connection reset by peer")
	}
	body := string(a.Body)
	if a.BodyText != nil {
		body = *a.BodyText
	}
	status := a.Status
	if status == 0 {
		status = http.StatusOK // as the jest runner: an answer without a status is a 200
	}
	return jsonResponse(status, a.Headers, body), nil
}

func jsonResponse(status int, headers map[string]string, body string) *http.Response {
	h := http.Header{"Content-Type": {"application/json"}}
	for k, v := range headers {
		h.Set(k, v)
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body))}
}
