package graph_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

type answer struct {
	status     int
	retryAfter string
	body       string
}

// scripted is a real HTTP server answering Graph requests from a script and tokens with a counter.
type scripted struct {
	*httptest.Server
	mu      sync.Mutex
	answers []answer
	tokens  int
	auth    []string
}

func newScripted(answers ...answer) *scripted {
	s := &scripted{answers: answers}
	s.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if login(w, r, &s.tokens) {
			return
		}
		s.auth = append(s.auth, r.Header.Get("Authorization"))
		a := answer{status: 500, body: `{"error":{"code":"NoScriptedAnswer"}}`}
		if len(s.answers) > 0 {
			a, s.answers = s.answers[0], s.answers[1:]
		}
		if a.retryAfter != "" {
			w.Header().Set("Retry-After", a.retryAfter)
		}
		w.WriteHeader(a.status)
		fmt.Fprint(w, a.body)
	}))
	return s
}

// login answers the Azure Identity library's requests to the login host, the tenant's OpenID
// metadata and the token, counting tokens; false for any other request.
func login(w http.ResponseWriter, r *http.Request, tokens *int) bool {
	base := "https://" + r.Host
	switch {
	case strings.HasSuffix(r.URL.Path, "/v2.0/.well-known/openid-configuration"):
		tenant := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")[0]
		fmt.Fprintf(w, `{"issuer":"%[1]s/%[2]s/v2.0","token_endpoint":"%[1]s/%[2]s/oauth2/v2.0/token","authorization_endpoint":"%[1]s/%[2]s/oauth2/v2.0/authorize"}`, base, tenant)
		return true
	case r.Method == http.MethodPost:
		*tokens++
		fmt.Fprintf(w, `{"token_type":"Bearer","access_token":"token-%d","expires_in":3599}`, *tokens)
		return true
	}
	return false
}

func clientFor(t *testing.T, s *scripted, clk clock.Clock, budget models.RequestBudget) *graph.Client {
	t.Helper()
	settings := models.Settings{Cloud: models.CloudCustom, API: models.APIGraphV1, TenantID: "contoso.com", ClientID: "c", ClientSecret: "s",
		LoginURL: s.URL, GraphURL: s.URL, MaxEvents: 1000, RetentionDays: 30, RequestBudget: budget}
	c, err := graph.NewClient(settings, s.Client(), clk)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func onePlan() *plan.Plan {
	return &plan.Plan{APIPath: "v1.0/auditLogs/directoryAudits", Params: []plan.Param{{Name: "$top", Value: "1"}}}
}

const okPage = `{"value":[{"id":"1","activityDateTime":"2026-11-20T10:00:00Z"}]}`

func walk(c *graph.Client) (int, *graph.WalkResult, error) {
	n := 0
	res, err := c.Walk(context.Background(), onePlan(), func(items []*models.AuditEvent, _ bool) graph.Verdict {
		n += len(items)
		return graph.Continue
	})
	return n, res, err
}

var unpaced = models.RequestBudget{Requests: 1000, PerSeconds: 1}

func TestRetryAfterIsHonouredAndBackoffUsedOtherwise(t *testing.T) {
	s := newScripted(
		answer{429, "2.128", `{"error":{"code":"TooManyRequests"}}`},
		answer{503, "", ""},
		answer{200, "", "<html>"},
		answer{503, "Fri, 20 Nov 2026 12:00:30 GMT", ""},
		answer{200, "", okPage},
	)
	defer s.Close()
	clk := clock.NewManual(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
	n, res, err := walk(clientFor(t, s, clk, unpaced))
	if err != nil || n != 1 || res.Requests != 5 {
		t.Fatalf("n %d requests %d err %v", n, res.Requests, err)
	}
	sleeps := clk.Sleeps()
	if len(sleeps) != 4 || sleeps[0] != 2128*time.Millisecond {
		t.Fatalf("sleeps %v", sleeps)
	}
	// 429s have their own schedule (throttle_test.go): the 503 is the first fault, backing off from 1 s.
	if sleeps[1] < 500*time.Millisecond || sleeps[1] > 1*time.Second || sleeps[2] < 1*time.Second || sleeps[2] > 2*time.Second {
		t.Errorf("backoff outside its jitter window: %v", sleeps)
	}
	// The HTTP date is 30 s after the clock's now at that point (12:00:00 + the earlier sleeps).
	elapsed := sleeps[0] + sleeps[1] + sleeps[2]
	if want := 30*time.Second - elapsed; sleeps[3] != want {
		t.Errorf("HTTP-date Retry-After: slept %s, want %s", sleeps[3], want)
	}
}

func TestRetriesAreCapped(t *testing.T) {
	answers := make([]answer, graph.MaxRetries+1)
	for i := range answers {
		answers[i] = answer{502, "0", ""}
	}
	s := newScripted(answers...)
	defer s.Close()
	_, res, err := walk(clientFor(t, s, clock.NewManual(time.Unix(0, 0)), unpaced))
	if !errors.Is(err, graph.ErrRetriesExhausted) || res.Requests != graph.MaxRetries+1 {
		t.Errorf("requests %d err %v", res.Requests, err)
	}
}

func TestALongRetryAfterFailsInsteadOfWaiting(t *testing.T) {
	s := newScripted(answer{429, "121", `{"error":{"code":"TooManyRequests"}}`})
	defer s.Close()
	clk := clock.NewManual(time.Unix(0, 0))
	_, _, err := walk(clientFor(t, s, clk, unpaced))
	if !errors.Is(err, graph.ErrThrottled) || !strings.Contains(err.Error(), "asked to wait 121 s") || len(clk.Sleeps()) != 0 {
		t.Errorf("err %v sleeps %v", err, clk.Sleeps())
	}
}

func TestA401GetsOneFreshToken(t *testing.T) {
	s := newScripted(answer{401, "", `{"error":{"code":"InvalidAuthenticationToken"}}`}, answer{200, "", okPage})
	defer s.Close()
	n, _, err := walk(clientFor(t, s, clock.NewManual(time.Unix(0, 0)), unpaced))
	if err != nil || n != 1 || !reflect.DeepEqual(s.auth, []string{"Bearer token-1", "Bearer token-2"}) {
		t.Errorf("n %d err %v auth %v", n, err, s.auth)
	}

	s2 := newScripted(answer{401, "", `{"error":{"code":"InvalidAuthenticationToken"}}`}, answer{401, "", `{"error":{"code":"InvalidAuthenticationToken"}}`})
	defer s2.Close()
	_, res, err := walk(clientFor(t, s2, clock.NewManual(time.Unix(0, 0)), unpaced))
	var graphErr *graph.GraphError
	if !errors.As(err, &graphErr) || graphErr.Status != 401 || res.Requests != 2 {
		t.Errorf("a second 401 must be reported, not retried forever: %v", err)
	}
}

func TestPacerKeepsToTheRequestBudget(t *testing.T) {
	clk := clock.NewManual(time.Unix(0, 0))
	p := &graph.Pacer{Clock: clk, Requests: 5, Window: 10 * time.Second}
	var starts []time.Duration
	for i := 0; i < 12; i++ {
		slot, err := p.Acquire(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		starts = append(starts, clk.Now().Sub(time.Unix(0, 0)))
		slot.Done(0)
	}
	for i := 5; i < len(starts); i++ {
		if starts[i]-starts[i-5] < 10*time.Second {
			t.Fatalf("6 requests within 10 s: %v", starts)
		}
	}
	if starts[11] != 20*time.Second {
		t.Errorf("the pacer waited longer than needed: %v", starts)
	}
}

func TestCancellationStopsAWait(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (clock.Real{}).Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v", err)
	}
}

// TestRedirectsAreNeverFollowed: a 3xx from Graph or the login endpoint must not send anything to
// the host it names, least of all the token request's body with the secret (a 307 repeats it).
func TestRedirectsAreNeverFollowed(t *testing.T) {
	var elsewhere int
	evil := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere++ }))
	defer evil.Close()
	for _, target := range []string{"graph", "token"} {
		t.Run(target, func(t *testing.T) {
			tokens := 0
			s := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if target == "graph" && login(w, r, &tokens) {
					return
				}
				http.Redirect(w, r, evil.URL+r.URL.Path, http.StatusTemporaryRedirect)
			}))
			defer s.Close()
			_, _, err := walk(clientFor(t, &scripted{Server: s}, clock.NewManual(time.Unix(0, 0)), unpaced))
			// A redirect is an answer like any other: typed, with its status and the table's code.
			var graphErr *graph.GraphError
			var tokenErr *graph.TokenError
			typed := target == "graph" && errors.As(err, &graphErr) && graphErr.Status == 307 ||
				target == "token" && errors.As(err, &tokenErr) && tokenErr.Status == 307
			if !typed || !strings.Contains(err.Error(), "307") || models.EntryOf(err).Source != "downstream" {
				t.Errorf("got %#v (code %s)", err, models.CodeOf(err))
			}
		})
	}
	if elsewhere != 0 {
		t.Errorf("%d requests followed a redirect to another host", elsewhere)
	}
}

// A hostile or broken upstream cannot make the backend hold an unbounded page: the body is read
// through a limit and refused past 64 MB, whatever Content-Length says.
func TestAPageOverTheSizeLimitIsRefused(t *testing.T) {
	pages := 0
	tokens := 0
	s := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if login(w, r, &tokens) {
			return
		}
		pages++
		chunk := bytes.Repeat([]byte(" "), 1<<20)
		fmt.Fprint(w, `{"value":[`)
		for range 64 {
			_, _ = w.Write(chunk)
		}
		fmt.Fprint(w, `]}`)
	}))
	defer s.Close()
	c := clientFor(t, &scripted{Server: s}, clock.NewManual(time.Unix(0, 0)), unpaced)
	n, _, err := walk(c)
	if !errors.Is(err, graph.ErrPageTooLarge) {
		t.Fatalf("got %v", err)
	}
	if n != 0 || pages != graph.MaxRetries+1 {
		t.Errorf("events %d, pages %d", n, pages)
	}
}
