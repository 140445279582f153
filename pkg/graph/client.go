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

// Retry policy shared with the TypeScript pager (src/core/walk/retryPolicy.ts).
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
	Tokens Tokens
	Pacer  *Pacer
	// Base is the configured API URL; the only host requests and nextLinks may go to.
	Base *url.URL
	// MaxEvents bounds the pages of one walk (MaxPagesPerWalk); 0 leaves them unbounded.
	MaxEvents int
	// ThrottleGiveUp is how long one page may stay throttled (429 after 429) before the walk fails.
	ThrottleGiveUp time.Duration
	// Lane, when set, paces this client's requests as background work: a share of Pacer's budget
	// (lane.go), so a store's backfill never takes what dashboards and alerts need.
	Lane *Lane
	// Random is the jitter source in [0, 1); rand.Float64 when nil. Tests fix it.
	Random func() float64
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
		HTTP:  httpClient,
		Clock: clk,
		Pacer: &Pacer{Clock: clk, Requests: s.RequestBudget.Requests, Window: window},
		Base:  base,
		parse: ParsePage,

		MaxEvents:      s.MaxEvents,
		ThrottleGiveUp: time.Duration(s.ThrottleGiveUpMinutes) * time.Minute,
	}
	if s.API == models.APILegacy {
		// Azure AD Graph takes v1 tokens for a resource, which the library does not request.
		c.Tokens = NewLegacyTokenSource(httpClient, clk, s.LoginURL, s.TenantID, s.ClientID, s.ClientSecret, s.LegacyGraphURL)
		c.parse = ParseLegacyPage
		return c, nil
	}
	tokens, err := NewIdentityTokens(s, httpClient, clk)
	if err != nil {
		return nil, err
	}
	c.Tokens = tokens
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
	// Wider is set when the events came from another query's walk with a wider $filter (server
	// mode's pkg/walks), which the executed query string then names.
	Wider *plan.WiderWalk
}

// Walk follows every @odata.nextLink from the plan's first URL, handing each page's items to
// onPage. A nextLink outside the audit endpoint or seen twice (compared on canonicalLink), or a
// walk past the page limits (walklimits.go), stops the walk with an error before any request is
// made to it.
func (c *Client) Walk(ctx context.Context, p *plan.Plan, onPage func(items []*models.AuditEvent, hasNext bool) Verdict) (*WalkResult, error) {
	first := c.FirstURL(p)
	seen := map[string]bool{canonicalLink(first): true}
	limits := &pageLimits{}
	if c.MaxEvents > 0 {
		limits.maxPages = MaxPagesPerWalk(c.MaxEvents, min(plan.PageSize, c.MaxEvents))
	}
	res := &WalkResult{}
	next := first
	for {
		page, err := c.fetchPage(ctx, next, &res.Requests, c.throttleGiveUp())
		if err != nil {
			return res, err
		}
		res.Pages++
		hasNext := page.NextLink != ""
		var u *url.URL
		var key string
		// Checked before the page is used, even when the events limit stops the walk on it: a
		// hostile link never produces even a partial result (the same order as walkPages in TypeScript).
		if hasNext {
			if u, err = CheckNextLink(page.NextLink, c.Base, p.APIPath); err != nil {
				return res, err
			}
			if key = canonicalLink(page.NextLink); seen[key] {
				return res, fmt.Errorf("%w (after %d pages)", ErrRepeatedNextLink, res.Pages)
			}
		}
		if onPage(page.Items, hasNext) == Stop {
			res.StoppedEarly = hasNext
			return res, nil
		}
		if !hasNext {
			return res, nil
		}
		if err := limits.beforeNext(len(page.Items)); err != nil {
			return res, err
		}
		seen[key] = true
		next = u.String()
	}
}

// fetchPage gets one page, retrying throttling, server errors, dropped connections (a 502, as
// through Grafana's proxy) and a 200 whose body is not a page. A 429 waits as Microsoft asks
// (ThrottleDelay), pausing every query of the data source, for as long as ThrottleGiveUp allows;
// other faults get MaxRetries retries, Retry-After (fractional seconds or an HTTP date) winning over
// the backoff. A Retry-After longer than the cap fails rather than hold an alert.
func (c *Client) fetchPage(ctx context.Context, rawURL string, requests *int, giveUp time.Duration) (*Page, error) {
	reauthorised := false
	throttle := &throttleRun{clock: c.Clock, giveUp: giveUp, random: c.random()}
	for faults := 0; ; {
		page, retryAfter, err := c.tryPage(ctx, rawURL, requests, throttle)
		if err == nil {
			return page, nil
		}
		var graphErr *GraphError
		if errors.As(err, &graphErr) && graphErr.Status == http.StatusUnauthorized && !reauthorised {
			// A revoked or expired token: get a fresh one once, then report Graph's answer.
			c.Tokens.Invalidate()
			reauthorised = true
			continue
		}
		if !retryable(err) {
			return nil, err
		}
		throttled := graphErr != nil && graphErr.Status == http.StatusTooManyRequests
		if !throttled && faults >= MaxRetries {
			return nil, fmt.Errorf("%w (%d attempts): %w", ErrRetriesExhausted, faults+1, err)
		}
		if retryAfter.asked > MaxRetryAfter {
			return nil, fmt.Errorf("%w: Microsoft Graph asked to wait %d s before the next request (%v); retry later, narrow the time range or refresh less often",
				ErrThrottled, int(retryAfter.asked.Round(time.Second).Seconds()), err)
		}
		delay := retryAfter.asked
		if throttled {
			delay = retryAfter.throttleWait
			if err := throttle.check(delay, err); err != nil {
				return nil, err
			}
		} else {
			if delay < 0 {
				delay = backoff(faults)
			}
			faults++
		}
		if err := c.Clock.Sleep(ctx, delay); err != nil {
			return nil, err
		}
	}
}

// waits is what an answer asked: Retry-After (negative when absent), and for a 429 the wait the
// whole data source pauses for.
type waits struct {
	asked        time.Duration
	throttleWait time.Duration
}

// tryPage makes one request, holding a place in the pacer's window from sending until the answer.
func (c *Client) tryPage(ctx context.Context, rawURL string, requests *int, throttle *throttleRun) (*Page, waits, error) {
	none := waits{asked: -1}
	token, err := c.Tokens.Token(ctx)
	if err != nil {
		return nil, none, err
	}
	slot, err := c.acquire(ctx)
	if err != nil {
		return nil, none, err
	}
	pause := time.Duration(0)
	defer func() { slot.Done(pause) }()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, none, fmt.Errorf("could not build the Graph request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	*requests++
	c.countRequest()
	resp, err := c.HTTP.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, none, ctx.Err()
		}
		return nil, none, &transportError{cause: transportCause(err)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxPageBytes+1))
	if err != nil {
		return nil, none, &transportError{cause: transportCause(err)}
	}
	if len(body) > maxPageBytes {
		return nil, none, ErrPageTooLarge
	}
	got := waits{asked: parseRetryAfter(resp.Header.Get("Retry-After"), c.Clock.Now())}
	if resp.StatusCode == http.StatusTooManyRequests {
		c.countThrottled()
		// Everyone of this data source waits with this walk: asking sooner is throttled again.
		got.throttleWait = throttle.nextWait(got.asked)
		pause = got.throttleWait
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, got, parseGraphError(resp.StatusCode, body)
	}
	page, err := c.parse(body)
	return page, got, err
}

func (c *Client) throttleGiveUp() time.Duration {
	if c.ThrottleGiveUp > 0 {
		return c.ThrottleGiveUp
	}
	return models.DefaultThrottleGiveUpMinutes * time.Minute
}

func (c *Client) random() func() float64 {
	if c.Random != nil {
		return c.Random
	}
	return rand.Float64
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
