package graph

import (
	"fmt"
	"math"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
)

// Waiting out 429s; mirrors throttleDelay in src/core/walk/retryPolicy.ts.
const (
	// ThrottleFirstWait: Microsoft's Graph SDK waits 3 s before retrying a 429 that names no
	// Retry-After (RetryHandlerOptions.DEFAULT_DELAY); a retry inside the throttle window is
	// throttled again and counts against the budget.
	ThrottleFirstWait = 3 * time.Second
	// ThrottleMaxStep: the wait between throttled tries stops doubling here (before jitter).
	ThrottleMaxStep = 60 * time.Second
)

// ThrottleDelay is the wait after a page's throttles-th 429 in a row (0 for the first), for a
// random number in [0, 1). Retry-After (negative when absent) is honoured as asked the first time;
// when 429s keep coming someone else spends the budget, so the walk asks less and less often.
func ThrottleDelay(throttles int, retryAfter time.Duration, random float64) time.Duration {
	backoff := func(n int) time.Duration {
		step := math.Min(float64(ThrottleMaxStep), float64(ThrottleFirstWait)*math.Pow(2, float64(n)))
		return time.Duration(math.Round(step*(1+random*0.5)/1e6)) * time.Millisecond
	}
	if retryAfter < 0 {
		return backoff(throttles)
	}
	if throttles == 0 {
		return retryAfter
	}
	return max(retryAfter, backoff(throttles-1))
}

// throttleRun is one page's run of 429s: how long to wait next, and whether it may still wait.
type throttleRun struct {
	clock     clock.Clock
	giveUp    time.Duration
	random    func() float64
	throttles int
	since     time.Time
}

func (r *throttleRun) nextWait(retryAfter time.Duration) time.Duration {
	if r.throttles == 0 {
		r.since = r.clock.Now()
	}
	wait := ThrottleDelay(r.throttles, retryAfter, r.random())
	r.throttles++
	return wait
}

// check fails when waiting would take the page past the give-up bound.
func (r *throttleRun) check(wait time.Duration, cause error) error {
	now := r.clock.Now()
	if now.Add(wait).Sub(r.since) <= r.giveUp {
		return nil
	}
	return fmt.Errorf("%w: Microsoft Graph kept throttling the query (HTTP 429) for %d s after %d tries; it gives up after %s (\"Give up after throttling\", throttleGiveUpMinutes in the data source settings). Other viewers, alert rules or tools using the same app registration share Microsoft's budget (5 report requests per 10 s): retry later, refresh less often, or raise the setting (%v)",
		ErrThrottled, int(now.Sub(r.since).Round(time.Second).Seconds()), r.throttles, minutes(r.giveUp), cause)
}

func minutes(d time.Duration) string {
	n := int(d.Round(time.Minute).Minutes())
	if n == 1 {
		return "1 minute"
	}
	return fmt.Sprintf("%d minutes", n)
}
