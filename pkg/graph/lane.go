package graph

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/auditlens/entraid/pkg/models"
)

// Bounds of a background share of the request budget.
const (
	// MinBudgetShare keeps background work moving at all; MaxBudgetShare leaves dashboards and alert
	// rules at least a tenth of the budget whatever the setting says (storeBudgetShare's bounds).
	MinBudgetShare = models.MinStoreBudgetShare
	MaxBudgetShare = models.MaxStoreBudgetShare
)

// Lane paces background work (a store's backfill and sync) at a share of a Pacer's budget, so
// dashboards and alert rules always keep the rest. Every lane request also takes a place in the
// Pacer, so Microsoft's window is never overrun and a 429 pauses the lane with everyone else.
//
// The lane holds at most Places places, each from sending until Hold after its answer. Places is
// the share's requests per window rounded up, and Hold stretches the window so that Places per Hold
// is the share: 0.5 of 5 per 10 s is 3 places held 12 s, 2.5 requests per 10 s. Hold is never
// shorter than the window and Places never all of the Pacer's, so the others always have at least
// Requests - Places places to themselves (2 of 5 at 0.5); at a share above (Requests-1)/Requests
// the lane stays at Requests-1 per window, a little under the share.
type Lane struct {
	pacer  *Pacer
	Places int
	Hold   time.Duration

	mu      sync.Mutex
	held    []*place
	changed chan struct{}
}

// NewLane gives background work share (MinBudgetShare to MaxBudgetShare) of p's budget. With
// pacing off (no budget) the lane does not limit either.
func NewLane(p *Pacer, share float64) (*Lane, error) {
	if math.IsNaN(share) || share < MinBudgetShare || share > MaxBudgetShare {
		return nil, fmt.Errorf("the background share of the request budget is %v; use %v to %v", share, MinBudgetShare, MaxBudgetShare)
	}
	l := &Lane{pacer: p}
	if p == nil || p.Requests <= 0 || p.Window <= 0 {
		return l, nil
	}
	perWindow := share * float64(p.Requests)
	l.Places = min(int(math.Ceil(perWindow)), max(1, p.Requests-1))
	l.Hold = max(p.Window, time.Duration(float64(p.Window)*float64(l.Places)/perWindow))
	return l, nil
}

// Acquire returns once the lane and the Pacer both have a place; Done on the slot releases both.
func (l *Lane) Acquire(ctx context.Context) (*Slot, error) {
	if l.Places <= 0 {
		return l.pacer.Acquire(ctx)
	}
	mine, err := l.take(ctx)
	if err != nil {
		return nil, err
	}
	slot, err := l.pacer.Acquire(ctx)
	if err != nil {
		l.release(mine)
		return nil, err
	}
	slot.afterDone = func() { l.release(mine) }
	return slot, nil
}

func (l *Lane) take(ctx context.Context) (*place, error) {
	for {
		l.mu.Lock()
		if l.changed == nil {
			l.changed = make(chan struct{})
		}
		wait, granted := l.tryTake(l.pacer.Clock.Now())
		changed := l.changed
		l.mu.Unlock()
		if granted != nil {
			return granted, nil
		}
		if err := l.pacer.await(ctx, wait, changed); err != nil {
			return nil, err
		}
	}
}

// tryTake grants a lane place now, or says how long to wait (negative: until one in flight answers).
func (l *Lane) tryTake(now time.Time) (time.Duration, *place) {
	l.held = stillHeld(l.held, l.Hold, now)
	if len(l.held) < l.Places {
		granted := &place{}
		l.held = append(l.held, granted)
		return 0, granted
	}
	return untilOneFrees(l.held, l.Hold, now), nil
}

func (l *Lane) release(pl *place) {
	l.mu.Lock()
	defer l.mu.Unlock()
	pl.answered, pl.answeredAt = true, l.pacer.Clock.Now()
	if l.changed != nil {
		close(l.changed)
	}
	l.changed = make(chan struct{})
}

// acquire takes a request's place: in the lane when the client does background work.
func (c *Client) acquire(ctx context.Context) (*Slot, error) {
	if c.Lane != nil {
		return c.Lane.Acquire(ctx)
	}
	return c.Pacer.Acquire(ctx)
}
