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
	"strconv"
	"strings"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// Retry policy shared with the TypeScript pager.
const (
	MaxRetries    = 4
	backoffBase   = time.Second
	backoffCap    = 30 * time.Second
	retryAfterCap = 120 * time.Second
	maxPageBytes  = 64 << 20
)

// Client talks to one tenant's audit endpoint. One per data source instance, shared by queries.
type Client struct {
	HTTP   *http.Client
	Clock  clock.Clock
	Tokens *TokenSource
	Pacer  *Pacer
	// Base is the configured Graph URL; the only host requests and nextLinks may go to.
	Base *url.URL
}

// NewClient builds a client from resolved, validated settings.
func NewClient(s models.Settings, httpClient *http.Client, clk clock.Clock) (*Client, error) {
	base, err := url.Parse(s.GraphURL)
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("%w: the Graph URL %q is not an absolute URL", models.ErrBadEndpoint, s.GraphURL)
	}
	window := time.Duration(s.RequestBudget.PerSeconds * float64(time.Second))
	return &Client{
		HTTP:   httpClient,
		Clock:  clk,
		Tokens: NewTokenSource(httpClient, clk, s.LoginURL, s.TenantID, s.ClientID, s.ClientSecret, s.GraphURL),
		Pacer:  &Pacer{Clock: clk, Requests: s.RequestBudget.Requests, Window: window},
		Base:   base,
	}, nil
}

// FirstURL is the first request of a plan, built from the fixed audit path and the encoder.
func (c *Client) FirstURL(p *plan.Plan) string {
	return strings.TrimRight(c.Base.String(), "/") + "/" + p.APIPath + "?" + EncodeParams(p.Params)
}

// Walk is the outcome of following every page of one plan.
type Walk struct {
	// Events are de-duplicated by id, newest first as Graph sent them.
	Events   []models.AuditEvent
	Requests int
	// Truncated: the events limit stopped the walk; only (OldestMs, plan.To] is complete.
	Truncated bool
	// CoveredFromMs is where complete coverage starts (plan.From unless truncated).
	CoveredFromMs int64
}

// Walk follows every page newest first. When maxEvents stops it early, the events at the oldest
// fetched millisecond are dropped (the next page could hold more of them) and CoveredFromMs says
// where the complete span begins: a short count is always reported, never silent.
func (c *Client) Walk(ctx context.Context, p *plan.Plan, maxEvents int) (*Walk, error) {
	w := &Walk{CoveredFromMs: p.From.UnixMilli()}
	seen := make(map[string]bool)
	visited := make(map[string]bool)
	next := c.FirstURL(p)
	for {
		page, err := c.fetchPage(ctx, next)
		w.Requests++
		if err != nil {
			return w, err
		}
		for _, ev := range page.Events {
			if ev.ID != "" && seen[ev.ID] {
				continue
			}
			seen[ev.ID] = true
			w.Events = append(w.Events, ev)
		}
		if page.NextLink == "" {
			return w, nil
		}
		if maxEvents > 0 && len(w.Events) >= maxEvents {
			c.truncate(w)
			return w, nil
		}
		if visited[page.NextLink] {
			return w, ErrRepeatedNextLink
		}
		visited[page.NextLink] = true
		u, err := CheckNextLink(page.NextLink, c.Base, p.APIPath)
		if err != nil {
			return w, err
		}
		next = u.String()
	}
}

func (c *Client) truncate(w *Walk) {
	w.Truncated = true
	oldest := int64(math.MaxInt64)
	for _, ev := range w.Events {
		oldest = min(oldest, ev.TimeMs)
	}
	kept := w.Events[:0]
	for _, ev := range w.Events {
		if ev.TimeMs > oldest {
			kept = append(kept, ev)
		}
	}
	w.Events = kept
	w.CoveredFromMs = oldest + 1
}

// fetchPage gets one page, retrying throttling, server errors, transport failures and a 200
// whose body is not JSON; Retry-After (fractional seconds) wins over the exponential backoff.
func (c *Client) fetchPage(ctx context.Context, rawURL string) (*Page, error) {
	var lastErr error
	reauthorised := false
	for attempt := 0; ; attempt++ {
		page, retryAfter, err := c.tryPage(ctx, rawURL)
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
		lastErr = err
		if attempt >= MaxRetries {
			return nil, fmt.Errorf("%w (%d attempts): %w", ErrRetriesExhausted, attempt+1, lastErr)
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
func (c *Client) tryPage(ctx context.Context, rawURL string) (*Page, time.Duration, error) {
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
	retryAfter := parseRetryAfter(resp.Header.Get("Retry-After"))
	if resp.StatusCode != http.StatusOK {
		return nil, retryAfter, parseGraphError(resp.StatusCode, body)
	}
	page, err := ParsePage(body)
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
	return errors.As(err, &notAPage) || errors.As(err, &transport)
}

func parseRetryAfter(header string) time.Duration {
	seconds, err := strconv.ParseFloat(strings.TrimSpace(header), 64)
	if err != nil || seconds < 0 || math.IsNaN(seconds) {
		return -1
	}
	return min(time.Duration(seconds*float64(time.Second)), retryAfterCap)
}

// backoff is capped exponential with jitter: half fixed, half random, so concurrent walks spread out.
func backoff(attempt int) time.Duration {
	d := min(backoffBase<<attempt, backoffCap)
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}
