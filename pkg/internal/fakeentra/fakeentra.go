// Package fakeentra is a small Entra ID token endpoint and Microsoft Graph audit endpoint on a real
// httptest server, for the backend's own tests: it answers with Microsoft's documented error bodies
// (AADSTS codes, Graph error codes) so each mapped failure can be produced on demand. The tenant
// emulator in emulator/ is the full-size stand-in; this one needs no Node.
package fakeentra

import (
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
)

// Tenant, ClientID and Secret are the credentials the fake accepts.
const (
	Tenant   = "contoso.onmicrosoft.com"
	ClientID = "11111111-2222-3333-4444-555555555555"
	Secret   = "fake-entra-secret~value"
	token    = "fake-entra-access-token"
)

// Server is the fake. Set the fields before requests arrive; read the counters after.
type Server struct {
	*httptest.Server

	mu sync.Mutex
	// ForceAADSTS makes the token endpoint fail with this code (e.g. 7000222).
	ForceAADSTS int
	// GraphStatus and GraphCode make every audit request fail.
	GraphStatus int
	GraphCode   string
	// Events are served newest first, as one page.
	Events []map[string]any

	tokenRequests int
	graphURLs     []string
	tokenForms    []url.Values
}

// New starts a fake on a free local port, over HTTPS (tls.go): clients trust it through
// Transport, HTTPClient or a data source's CA setting with CACertPEM.
func New() *Server {
	s := &Server{}
	mux := http.NewServeMux()
	mux.HandleFunc("/", s.route)
	s.Server = httptest.NewUnstartedServer(mux)
	pkiOnce.Do(makePKI)
	s.Server.TLS = &tls.Config{Certificates: []tls.Certificate{serverTLS}, MinVersion: tls.VersionTLS12}
	s.Server.StartTLS()
	return s
}

// JSONData is stored jsonData pointing a custom cloud at the fake; with secureJsonData.tlsCACert
// set to CACertPEM, Grafana's HTTP client options trust it.
func (s *Server) JSONData() []byte {
	return []byte(fmt.Sprintf(`{"cloud":"custom","loginUrl":%q,"graphUrl":%q,"tlsAuthWithCACert":true,"tenantId":%q,"clientId":%q,"requestBudget":{"requests":1000,"perSeconds":1}}`,
		s.URL, s.URL, Tenant, ClientID))
}

// TokenRequests counts token requests.
func (s *Server) TokenRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokenRequests
}

// GraphURLs lists every Graph request's URL path and query, in order.
func (s *Server) GraphURLs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.graphURLs...)
}

// TokenForms lists every token request's form.
func (s *Server) TokenForms() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]url.Values(nil), s.tokenForms...)
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, metadataSuffix) {
		s.metadata(w, strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), metadataSuffix))
		return
	}
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/oauth2/v2.0/token") {
		s.tokenRequests++
		s.token(w, r)
		return
	}
	s.graphURLs = append(s.graphURLs, r.URL.RequestURI())
	s.graph(w, r)
}

// metadataSuffix ends the OpenID metadata path the Azure Identity library reads before a token.
const metadataSuffix = "/v2.0/.well-known/openid-configuration"

// metadata is Entra ID's OpenID configuration of the tenant: its issuer is the authority itself.
func (s *Server) metadata(w http.ResponseWriter, tenant string) {
	if tenant != Tenant {
		writeJSON(w, 400, map[string]any{"error": "invalid_tenant", "error_description": "AADSTS90002: Tenant not found.",
			"error_codes": []int{90002}, "trace_id": "t-1", "correlation_id": "c-1"})
		return
	}
	writeJSON(w, 200, map[string]any{
		"issuer":                 s.URL + "/" + Tenant + "/v2.0",
		"token_endpoint":         s.URL + "/" + Tenant + "/oauth2/v2.0/token",
		"authorization_endpoint": s.URL + "/" + Tenant + "/oauth2/v2.0/authorize",
	})
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	s.tokenForms = append(s.tokenForms, r.PostForm)
	tenant := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), "/oauth2/v2.0/token")
	fail := func(status, code int, oauthErr, description string) {
		writeJSON(w, status, map[string]any{
			"error": oauthErr, "error_description": fmt.Sprintf("AADSTS%d: %s\r\nTrace ID: t-1\r\nCorrelation ID: c-1", code, description),
			"error_codes": []int{code}, "trace_id": "t-1", "correlation_id": "c-1",
		})
	}
	switch {
	case s.ForceAADSTS == 7000222:
		fail(401, 7000222, "invalid_client", "The provided client secret keys for app are expired.")
	case s.ForceAADSTS == 900023:
		fail(400, 900023, "invalid_request", "Specified tenant identifier is neither a valid DNS name, nor a valid external domain.")
	case s.ForceAADSTS != 0:
		fail(400, s.ForceAADSTS, "invalid_request", "forced")
	case tenant != Tenant:
		fail(400, 90002, "invalid_tenant", "Tenant not found.")
	case r.PostForm.Get("client_id") != ClientID:
		fail(400, 700016, "unauthorized_client", "Application was not found in the directory.")
	case r.PostForm.Get("client_secret") != Secret:
		// The real error_description names the app, never the secret; so does this one.
		fail(401, 7000215, "invalid_client", "Invalid client secret provided.")
	case resourceScope(r.PostForm.Get("scope")) != s.URL+"/.default" || r.PostForm.Get("grant_type") != "client_credentials":
		fail(400, 70011, "invalid_scope", "The provided value for the input parameter 'scope' is not valid.")
	default:
		writeJSON(w, 200, map[string]any{"token_type": "Bearer", "expires_in": 3599, "access_token": token})
	}
}

// resourceScope is the scope without the OpenID Connect scopes MSAL adds to every request, which
// Entra ID accepts beside a resource's /.default.
func resourceScope(scope string) string {
	var kept []string
	for _, s := range strings.Fields(scope) {
		if s != "openid" && s != "offline_access" && s != "profile" {
			kept = append(kept, s)
		}
	}
	return strings.Join(kept, " ")
}

func (s *Server) graph(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+token {
		writeJSON(w, 401, graphError("InvalidAuthenticationToken", "Access token is empty or invalid."))
		return
	}
	if s.GraphStatus != 0 {
		writeJSON(w, s.GraphStatus, graphError(s.GraphCode, "forced by the test"))
		return
	}
	if r.URL.Path != "/v1.0/auditLogs/directoryAudits" && r.URL.Path != "/beta/auditLogs/directoryAudits" {
		writeJSON(w, 404, graphError("Request_ResourceNotFound", "no such resource"))
		return
	}
	events := s.Events
	if r.URL.Query().Get("$top") == "1" && len(events) > 1 {
		events = events[:1]
	}
	writeJSON(w, 200, map[string]any{"value": append([]map[string]any{}, events...)})
}

func graphError(code, message string) map[string]any {
	return map[string]any{"error": map[string]any{"code": code, "message": message, "innerError": map[string]any{"request-id": "r-1"}}}
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
