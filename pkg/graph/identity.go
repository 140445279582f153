package graph

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/models"
)

// Tokens are what a Client needs of a token source: a bearer token, and a way to drop one that
// Graph refused.
type Tokens interface {
	Token(ctx context.Context) (string, error)
	Invalidate()
}

// IdentityTokens gets app-only tokens for Microsoft Graph through Microsoft's Azure Identity
// library (azidentity), with a client secret or a client certificate. The token is kept until
// shortly before it expires on the plugin's clock; Invalidate also drops the library's credential,
// whose own cache runs on the wall clock, so the next token is a new one.
type IdentityTokens struct {
	clock     clock.Clock
	scope     string
	host      string
	cert      *ClientCertificate
	transport *recordingTransport
	build     func(policy.Transporter) (azcore.TokenCredential, error)

	mu      sync.Mutex
	cred    azcore.TokenCredential
	token   string
	expires time.Time
}

// NewIdentityTokens builds the token source of resolved, validated settings; a certificate that
// cannot be read fails here, so Save & test names it before any request.
func NewIdentityTokens(s models.Settings, httpClient *http.Client, clk clock.Clock) (*IdentityTokens, error) {
	login, err := url.Parse(s.LoginURL)
	if err != nil {
		return nil, err
	}
	t := &IdentityTokens{clock: clk, scope: s.GraphURL + "/.default", host: login.Host, transport: &recordingTransport{client: httpClient}}
	if s.AuthMethod == models.AuthClientCertificate {
		if t.cert, err = ParseClientCertificate(s.ClientCertificate); err != nil {
			return nil, err
		}
	}
	t.build = func(transport policy.Transporter) (azcore.TokenCredential, error) {
		return newCredential(s, t.cert, transport)
	}
	return t, nil
}

// newCredential makes the library's credential for the settings' method. Custom clouds skip
// instance discovery, which asks Microsoft's public login host about hosts it does not know.
func newCredential(s models.Settings, cert *ClientCertificate, transport policy.Transporter) (azcore.TokenCredential, error) {
	options := azcore.ClientOptions{
		Cloud:     cloud.Configuration{ActiveDirectoryAuthorityHost: s.LoginURL + "/"},
		Transport: transport,
		// The pacer and the walk decide retries; a token request is tried once, as before.
		Retry: policy.RetryOptions{MaxRetries: -1},
	}
	custom := s.Cloud == models.CloudCustom
	if cert != nil {
		return azidentity.NewClientCertificateCredential(s.TenantID, s.ClientID, cert.Chain, cert.Key,
			&azidentity.ClientCertificateCredentialOptions{ClientOptions: options, DisableInstanceDiscovery: custom})
	}
	return azidentity.NewClientSecretCredential(s.TenantID, s.ClientID, s.ClientSecret,
		&azidentity.ClientSecretCredentialOptions{ClientOptions: options, DisableInstanceDiscovery: custom})
}

// Token returns the kept token, or asks the library for a new one.
func (t *IdentityTokens) Token(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token != "" && t.clock.Now().Before(t.expires) {
		return t.token, nil
	}
	if t.cert != nil {
		if err := t.cert.checkValidity(t.clock.Now()); err != nil {
			return "", err
		}
	}
	if t.cred == nil {
		cred, err := t.build(t.transport)
		if err != nil {
			return "", t.describe(err)
		}
		t.cred = cred
	}
	t.transport.reset()
	token, err := t.cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{t.scope}})
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", t.describe(err)
	}
	lifetime := time.Until(token.ExpiresOn)
	t.token, t.expires = token.Token, t.clock.Now().Add(lifetime-tokenMargin)
	return t.token, nil
}

// Invalidate drops the token and the credential, e.g. after Graph rejected the token with 401.
func (t *IdentityTokens) Invalidate() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.token, t.cred = "", nil
}

// describe turns the library's error into a TokenError carrying Entra ID's stable codes only. The
// library's own text holds Microsoft's whole response body (descriptions, trace IDs, the request
// URL), so it is never kept, logged or shown.
func (t *IdentityTokens) describe(err error) error {
	if cause := t.transport.failure(); cause != nil {
		return &TokenError{Transport: transportCause(cause), Host: t.host}
	}
	var failed *azidentity.AuthenticationFailedError
	if errors.As(err, &failed) && failed.RawResponse != nil {
		return tokenErrorOf(failed.RawResponse, t.host)
	}
	return &TokenError{Local: libraryProblem(err), Host: t.host}
}

// tokenErrorOf reads an error answer of the token or OpenID metadata endpoint.
func tokenErrorOf(resp *http.Response, host string) *TokenError {
	var parsed struct {
		Error       string `json:"error"`
		ErrorCodes  []int  `json:"error_codes"`
		TraceID     string `json:"trace_id"`
		Correlation string `json:"correlation_id"`
	}
	if body, err := runtime.Payload(resp); err == nil {
		_ = json.Unmarshal(body, &parsed)
	}
	return &TokenError{Status: resp.StatusCode, Code: parsed.Error, AADSTS: parsed.ErrorCodes, TraceID: parsed.TraceID, CorrelationID: parsed.Correlation, Host: host}
}

// libraryProblem names what went wrong when no answer came with the error. It matches the
// library's wording only to choose advice; none of that text is passed on.
func libraryProblem(err error) string {
	text := err.Error()
	switch {
	case strings.Contains(text, "without https"):
		return "the login URL must use https: the Azure Identity library sends credentials over HTTPS only; for a custom cloud, enter its https:// login URL and, for a private CA such as the tenant emulator's, add its CA certificate under TLS"
	case strings.Contains(text, "issuer"):
		return "the login URL's OpenID metadata names another issuer; the login URL must be the authority itself (scheme, host and port, no path), as its /<tenant>/v2.0/.well-known/openid-configuration says"
	case strings.Contains(text, "tenant"):
		return "the Azure Identity library refused the tenant ID; enter the Directory (tenant) ID GUID or a verified domain"
	}
	return "the Azure Identity library could not get a token, and Entra ID sent no answer to explain it; check the cloud or login URL, the tenant ID and the credentials"
}

// recordingTransport sends the library's requests through the plugin's HTTP client (proxy, TLS
// and no redirects, so a secret never follows a 3xx) and keeps the last network failure, which
// the library reports only as text.
type recordingTransport struct {
	client *http.Client

	mu   sync.Mutex
	last error
}

// Do sends one request.
func (r *recordingTransport) Do(req *http.Request) (*http.Response, error) {
	resp, err := r.client.Do(req)
	if err != nil {
		r.mu.Lock()
		r.last = err
		r.mu.Unlock()
	}
	return resp, err
}

func (r *recordingTransport) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last = nil
}

func (r *recordingTransport) failure() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}
