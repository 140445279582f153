package graph_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/internal/fakeentra"
	"github.com/auditlens/entraid/pkg/models"
)

func fakeSettings(fake *fakeentra.Server, secret string) models.Settings {
	parsed, err := models.ParseJSONData(fake.JSONData())
	if err != nil {
		panic(err)
	}
	return models.Resolve(parsed, secret)
}

func identityTokens(t *testing.T, s models.Settings, httpClient *http.Client, clk clock.Clock) *graph.IdentityTokens {
	t.Helper()
	tokens, err := graph.NewIdentityTokens(s, httpClient, clk)
	if err != nil {
		t.Fatal(err)
	}
	return tokens
}

func TestIdentityTokenIsKeptUntilShortlyBeforeItExpiresAndInvalidateAsksAgain(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	clk := clock.NewManual(time.Unix(0, 0))
	src := identityTokens(t, fakeSettings(fake, fakeentra.Secret), fakeentra.HTTPClient(5*time.Second), clk)
	for _, advance := range []time.Duration{0, time.Minute, 50 * time.Minute} {
		clk.Advance(advance)
		if _, err := src.Token(context.Background()); err != nil {
			t.Fatal(err)
		}
		if fake.TokenRequests() != 1 {
			t.Fatalf("after %s: %d token requests, want 1", advance, fake.TokenRequests())
		}
	}
	src.Invalidate()
	if _, err := src.Token(context.Background()); err != nil || fake.TokenRequests() != 2 {
		t.Errorf("invalidate did not force a new token: %v, %d requests", err, fake.TokenRequests())
	}
	form := fake.TokenForms()[0]
	if form.Get("grant_type") != "client_credentials" || strings.Fields(form.Get("scope"))[0] != fake.URL+"/.default" || form.Get("client_id") != fakeentra.ClientID {
		t.Errorf("the library sent %v", form)
	}
}

// The library's error text holds Microsoft's whole answer (description, trace IDs, request URL);
// only the codes may reach a message, and never the secret.
func TestIdentityTokenErrorsCarryCodesButNeverTheBodyOrTheSecret(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	const secret = "wrong-secret~9Zq"
	src := identityTokens(t, fakeSettings(fake, secret), fakeentra.HTTPClient(5*time.Second), clock.NewManual(time.Unix(0, 0)))
	_, err := src.Token(context.Background())
	var tokenErr *graph.TokenError
	if !errors.As(err, &tokenErr) || tokenErr.AdviceCode() != 7000215 || tokenErr.Status != 401 {
		t.Fatalf("got %v", err)
	}
	msg := err.Error()
	for _, want := range []string{"AADSTS7000215", "invalid_client", "trace ID t-1", "paste the secret's Value"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q: %q", want, msg)
		}
	}
	for _, leak := range []string{secret, "Invalid client secret provided", "error_description", "RESPONSE", "aka.ms", "/oauth2/v2.0/token"} {
		if strings.Contains(msg, leak) {
			t.Errorf("message shows %q: %q", leak, msg)
		}
	}
}

func TestIdentityTokenErrorsName(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	trusting := fakeentra.HTTPClient(5 * time.Second)
	tests := []struct {
		name   string
		adjust func(*models.Settings)
		client *http.Client
		force  int
		want   []string
	}{
		{"an expired secret", nil, trusting, 7000222, []string{"AADSTS7000222", "has expired"}},
		{"an unknown tenant, from the OpenID metadata", func(s *models.Settings) { s.TenantID = "nobody.onmicrosoft.com" }, trusting, 0,
			[]string{"HTTP 400", "AADSTS90002", "tenant was not found"}},
		{"a plain-http login URL", func(s *models.Settings) { s.LoginURL = strings.Replace(s.LoginURL, "https:", "http:", 1) }, trusting, 0,
			[]string{"must use https", "CA certificate"}},
		{"a login host whose CA the server does not trust", nil, &http.Client{Timeout: 5 * time.Second}, 0,
			[]string{"could not reach the Entra ID login endpoint", "x509", "With CA Cert"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake.ForceAADSTS = tc.force
			s := fakeSettings(fake, fakeentra.Secret)
			if tc.adjust != nil {
				tc.adjust(&s)
			}
			_, err := identityTokens(t, s, tc.client, clock.NewManual(time.Unix(0, 0))).Token(context.Background())
			var tokenErr *graph.TokenError
			if !errors.As(err, &tokenErr) {
				t.Fatalf("got %v", err)
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("message lacks %q: %q", want, err.Error())
				}
			}
		})
	}
}

func TestLegacyTokenURLEscapesTheTenant(t *testing.T) {
	src := graph.NewLegacyTokenSource(nil, nil, "https://login.microsoftonline.com", "a/../b?c", "id", "s", "https://graph.windows.net")
	if got := src.TokenURL(); got != "https://login.microsoftonline.com/a%2F..%2Fb%3Fc/oauth2/token" {
		t.Errorf("got %s", got)
	}
}
