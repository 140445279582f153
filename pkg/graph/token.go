package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
)

// tokenMargin renews a cached token this long before Entra ID says it expires.
const tokenMargin = 60 * time.Second

// TokenSource gets app-only v1 tokens for a resource with the client-credentials grant, for the
// legacy Azure AD Graph only: the Azure Identity library (identity.go) asks the v2 endpoint for
// scopes, and Azure AD Graph's token is the v1 endpoint's. It caches each until shortly before it
// expires.
type TokenSource struct {
	HTTP     *http.Client
	Clock    clock.Clock
	LoginURL string
	TenantID string
	ClientID string
	// secret is unexported so no %+v of a TokenSource can print it.
	secret string
	// Resource is the Azure AD Graph URL the token is for.
	Resource string

	mu      sync.Mutex
	token   string
	expires time.Time
}

// NewLegacyTokenSource builds a v1 token source for the legacy API, whose tokens name a resource.
func NewLegacyTokenSource(httpClient *http.Client, clk clock.Clock, loginURL, tenantID, clientID, secret, resource string) *TokenSource {
	return &TokenSource{HTTP: httpClient, Clock: clk, LoginURL: loginURL, TenantID: tenantID, ClientID: clientID, secret: secret, Resource: resource}
}

// TokenURL is the v1 token endpoint; the tenant is path-escaped as well as validated by settings.
func (s *TokenSource) TokenURL() string {
	return s.LoginURL + "/" + url.PathEscape(s.TenantID) + "/oauth2/token"
}

// Token returns a cached token, or requests a new one.
func (s *TokenSource) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.token != "" && s.Clock.Now().Before(s.expires) {
		return s.token, nil
	}
	token, lifetime, err := s.request(ctx)
	if err != nil {
		return "", err
	}
	s.token, s.expires = token, s.Clock.Now().Add(lifetime-tokenMargin)
	return token, nil
}

// Invalidate drops the cached token, e.g. after Graph rejected it with 401.
func (s *TokenSource) Invalidate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.token = ""
}

func (s *TokenSource) request(ctx context.Context) (string, time.Duration, error) {
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {s.ClientID},
		"client_secret": {s.secret},
		"resource":      {s.Resource},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.TokenURL(), strings.NewReader(form.Encode()))
	if err != nil {
		return "", 0, fmt.Errorf("could not build the token request: the login URL is not valid")
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := s.HTTP.Do(req)
	if err != nil {
		return "", 0, &TokenError{Transport: transportCause(err), Host: req.URL.Host}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", 0, &TokenError{Transport: transportCause(err), Host: req.URL.Host}
	}
	var parsed struct {
		AccessToken string          `json:"access_token"`
		ExpiresIn   json.RawMessage `json:"expires_in"`
		Error       string          `json:"error"`
		ErrorCodes  []int           `json:"error_codes"`
		TraceID     string          `json:"trace_id"`
		Correlation string          `json:"correlation_id"`
	}
	decodeErr := json.Unmarshal(body, &parsed)
	if resp.StatusCode != http.StatusOK || decodeErr != nil || parsed.AccessToken == "" {
		return "", 0, &TokenError{Status: resp.StatusCode, Code: parsed.Error, AADSTS: parsed.ErrorCodes, TraceID: parsed.TraceID, CorrelationID: parsed.Correlation, Host: req.URL.Host}
	}
	return parsed.AccessToken, expiresIn(parsed.ExpiresIn), nil
}

// expiresIn reads v2's integer or v1's string seconds (graph-api.md §4.3); unknown means 5 minutes.
func expiresIn(raw json.RawMessage) time.Duration {
	text := strings.Trim(string(raw), `"`)
	if n, err := strconv.ParseFloat(text, 64); err == nil && n > 0 {
		return time.Duration(n * float64(time.Second))
	}
	return 5 * time.Minute
}

// transportCause names a network failure without the request, which could carry form data.
func transportCause(err error) string {
	var urlErr *url.Error
	if ok := asURLError(err, &urlErr); ok {
		return urlErr.Err.Error()
	}
	return err.Error()
}

func asURLError(err error, target **url.Error) bool {
	for err != nil {
		if u, ok := err.(*url.Error); ok {
			*target = u
			return true
		}
		unwrapper, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = unwrapper.Unwrap()
	}
	return false
}
