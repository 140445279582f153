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
)

func TestTokenIsCachedUntilShortlyBeforeItExpires(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	clk := clock.NewManual(time.Unix(0, 0))
	src := graph.NewTokenSource(http.DefaultClient, clk, fake.URL, fakeentra.Tenant, fakeentra.ClientID, fakeentra.Secret, fake.URL)
	for _, step := range []struct {
		advance time.Duration
		want    int
	}{{0, 1}, {time.Minute, 1}, {3599*time.Second - 61*time.Second - time.Minute, 1}, {2 * time.Second, 2}} {
		clk.Advance(step.advance)
		if _, err := src.Token(context.Background()); err != nil {
			t.Fatal(err)
		}
		if fake.TokenRequests() != step.want {
			t.Fatalf("after %s: %d token requests, want %d", step.advance, fake.TokenRequests(), step.want)
		}
	}
	src.Invalidate()
	if _, err := src.Token(context.Background()); err != nil || fake.TokenRequests() != 3 {
		t.Errorf("invalidate did not force a new token: %v", err)
	}
}

func TestTokenErrorsCarryCodesButNeverTheDescriptionOrSecret(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	src := graph.NewTokenSource(http.DefaultClient, clock.NewManual(time.Unix(0, 0)), fake.URL, fakeentra.Tenant, fakeentra.ClientID, "wrong-secret", fake.URL)
	_, err := src.Token(context.Background())
	var tokenErr *graph.TokenError
	if !errors.As(err, &tokenErr) || tokenErr.AdviceCode() != 7000215 || tokenErr.Status != 401 {
		t.Fatalf("got %v", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "AADSTS7000215") || !strings.Contains(msg, "invalid_client") || !strings.Contains(msg, "trace ID t-1") {
		t.Errorf("message %q", msg)
	}
	if strings.Contains(msg, "wrong-secret") || strings.Contains(msg, "Invalid client secret provided") {
		t.Errorf("message echoes the secret or Microsoft's free-text description: %q", msg)
	}
}

func TestTokenURLEscapesTheTenant(t *testing.T) {
	src := graph.NewTokenSource(nil, nil, "https://login.microsoftonline.com", "a/../b?c", "id", "s", "https://graph.microsoft.com")
	if got := src.TokenURL(); got != "https://login.microsoftonline.com/a%2F..%2Fb%3Fc/oauth2/v2.0/token" {
		t.Errorf("got %s", got)
	}
}
