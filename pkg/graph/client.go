// Package graph is the Microsoft Graph side of the backend: the token, the requests with their
// retries and pacing, the walk over every @odata.nextLink page, and parsing pages into events.
package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// Retry policy shared with the TypeScript pager (src/core/pages/retryPolicy.ts).
const (
	MaxRetries    = 6
	MaxRetryAfter = 120 * time.Second
	backoffBase   = time.Second
	backoffCap    = 30 * time.Second
	maxPageBytes  = 64 << 20
)

// Client talks to one tenant's audit endpoint. One per data source instance, shared by queries.
type Client struct {
	HTTP   *http.Client
	Clock  clock.Clock
	Tokens *TokenSource
	Pacer  *Pacer
	// Base is the configured API URL; the only host requests and nextLinks may go to.
	Base *url.URL
	// parse reads one page of the configured flavour.
	parse func([]byte) (*Page, error)
}

// NewClient builds a client from resolved, validated settings.
func NewClient(s models.Settings, httpClient *http.Client, clk clock.Clock) (*Client, error) {
	base, err := url.Parse(s.APIURL())
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("%w: the %s %q is not an absolute URL", models.ErrBadEndpoint, s.APIURLName(), s.APIURL())
	}
	httpClient = withoutRedirects(httpClient)
	window := time.Duration(s.RequestBudget.PerSeconds * float64(time.Second))
	c := &Client{
		HTTP:   httpClient,
		Clock:  clk,
		Tokens: NewTokenSource(httpClient, clk, s.LoginURL, s.TenantID, s.ClientID, s.ClientSecret, s.GraphURL),
		Pacer:  &Pacer{Clock: clk, Requests: s.RequestBudget.Requests, Window: window},
		Base:   base,
		parse:  ParsePage,
	}
	if s.API == models.APILegacy {
		c.Tokens = NewLegacyTokenSource(httpClient, clk, s.LoginURL, s.TenantID, s.ClientID, s.ClientSecret, s.LegacyGraphURL)
		c.parse = ParseLegacyPage
	}
	return c, nil
}

// withoutRedirects copies the client so it never follows a redirect: a 3xx from Graph or the
// login endpoint would otherwise send the next request (for a 307, the token request's body with
// the client secret) to a host the settings never named. A 3xx becomes an error answer instead.
func withoutRedirects(c *http.Client) *http.Client {
	if c == nil {
		c = http.DefaultClient
	}
	copied := *c
	copied.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &copied
}

// FirstURL is the first request of a plan, built from the fixed audit path and the encoder.
func (c *Client) FirstURL(p *plan.Plan) string {
	return strings.TrimRight(c.Base.String(), "/") + "/" + p.APIPath + "?" + EncodeParams(p.Params)
}

// Verdict is what a page consumer tells the walk.
type Verdict int

// The verdicts: keep walking, or stop (the events limit).
const (
	Continue Verdict = iota
	Stop
)

// WalkResult counts what a walk did.
type WalkResult struct {
	Pages    int
	Requests int
	// StoppedEarly: onPage stopped the walk while Graph still had pages.
	StoppedEarly bool
}

// Walk follows every @odata.nextLink from the plan's first URL, handing each page's items to
// onPage. A nextLink outside the audit endpoint or seen twice stops the walk with an error
// before any request is made to it.
func (c *Client) Walk(ctx context.Context, p *plan.Plan, onPage func(items []*models.AuditEvent, hasNext bool) Verdict) (*WalkResult, error) {
	first := c.FirstURL(p)
	seen := map[string]bool{first: true}
	res := &WalkResult{}
	next := first
	for {
		page, err := c.fetchPage(ctx, next, &res.Requests)
		if err != nil {
			return res, err
		}
		res.Pages++
		hasNext := page.NextLink != ""
		if onPage(page.Items, hasNext) == Stop {
			res.StoppedEarly = hasNext
			return res, nil
		}
		if !hasNext {
			return res, nil
		}
		u, err := CheckNextLink(page.NextLink, c.Base, p.APIPath)
		if err != nil {
			return res, err
		}
		if seen[page.NextLink] {
			return res, fmt.Errorf("%w (after %d pages)", ErrRepeatedNextLink, res.Pages)
		}
		seen[page.NextLink] = true
		next = u.String()
	}
}

// fetchPage gets one page, retrying throttling, server errors, dropped connections (a 502, as
// through Grafana's proxy) and a 200 whose body is not a page. Retry-After (fractional seconds or
// an HTTP date) wins over the backoff; one longer than the cap fails rather than hold an alert.
func (c *Client) fetchPage(ctx context.Context, rawURL string, requests *int) (*Page, error) {
	reauthorised := false
	for attempt := 0; ; attempt++ {
		page, retryAfter, err := c.tryPage(ctx, rawURL, requests)
		if err == nil {
			return page, nil
		}
		var graphErr *GraphError
		if errors.As(err, &graphErr) && graphErr.Status == http.StatusUnauthorized && !reauthorised {
			// A revoked or expired token: get a fresh one once, then report Graph's answer.
			c.Tokens.Invalidate()
			reauthorised = true
			attempt--
			continue
		}
		if !retryable(err) {
			return nil, err
		}
		if attempt >= MaxRetries {
			return nil, fmt.Errorf("%w (%d attempts): %w", ErrRetriesExhausted, attempt+1, err)
		}
		if retryAfter > MaxRetryAfter {
			return nil, fmt.Errorf("%w: Microsoft Graph asked to wait %d s before the next request (%v); retry later, narrow the time range or refresh less often",
				ErrThrottled, int(retryAfter.Round(time.Second).Seconds()), err)
		}
		delay := retryAfter
		if delay < 0 {
			delay = backoff(attempt)
		}
		if err := c.Clock.Sleep(ctx, delay); err != nil {
			return nil, err
		}
	}
}

// tryPage makes one request; retryAfter is negative when the answer did not say how long to wait.
func (c *Client) tryPage(ctx context.Context, rawURL string, requests *int) (*Page, time.Duration, error) {
	token, err := c.Tokens.Token(ctx)
	if err != nil {
		return nil, -1, err
	}
	if err := c.Pacer.Wait(ctx); err != nil {
		return nil, -1, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, -1, fmt.Errorf("could not build the Graph request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	*requests++
	resp, err := c.HTTP.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, -1, ctx.Err()
		}
		return nil, -1, &transportError{cause: transportCause(err)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxPageBytes+1))
	if err != nil {
		return nil, -1, &transportError{cause: transportCause(err)}
	}
	if len(body) > maxPageBytes {
		return nil, -1, ErrPageTooLarge
	}
	retryAfter := parseRetryAfter(resp.Header.Get("Retry-After"), c.Clock.Now())
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, retryAfter, parseGraphError(resp.StatusCode, body)
	}
	page, err := c.parse(body)
	return page, retryAfter, err
}

type transportError struct{ cause string }

func (e *transportError) Error() string {
	return "could not reach Microsoft Graph: " + e.cause
}

func retryable(err error) bool {
	var graphErr *GraphError
	if errors.As(err, &graphErr) {
		switch graphErr.Status {
		case 429, 500, 502, 503, 504:
			return true
		}
		return false
	}
	var notAPage *ErrNotAPage
	var transport *transportError
	return errors.As(err, &notAPage) || errors.As(err, &transport) || errors.Is(err, ErrPageTooLarge)
}

var retryAfterSeconds = regexp.MustCompile(`^\d+(\.\d+)?$`)

// parseRetryAfter reads delta-seconds (fractional allowed, e.g. 2.128) rounded up to the
// millisecond, or an HTTP date; -1 when absent or unreadable.
func parseRetryAfter(header string, now time.Time) time.Duration {
	text := strings.TrimSpace(header)
	if text == "" {
		return -1
	}
	if retryAfterSeconds.MatchString(text) {
		seconds, _ := strconv.ParseFloat(text, 64)
		return time.Duration(math.Ceil(seconds*1000)) * time.Millisecond
	}
	if at, err := http.ParseTime(text); err == nil {
		return max(0, at.Sub(now))
	}
	return -1
}

// backoff is capped exponential with jitter: half fixed, half random, so concurrent walks spread out.
func backoff(attempt int) time.Duration {
	d := min(backoffBase<<attempt, backoffCap)
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}
