package graph

import (
	"context"
	"sync"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
)

// Pacer keeps one data source within Microsoft's per-app, per-tenant report budget (5 requests
// per 10 s), shared by every query; it mirrors RequestBudget in src/core/coordinate/requestBudget.ts.
//   - A request holds its place from when it is sent until Window after its answer arrived: Graph
//     counts it somewhere in between, so counting from the answer never overruns Graph's window
//     however long the request took.
//   - A 429 (another instance, browser or tool spent the shared budget) pauses every request of
//     the data source until the wait it asked for has passed: asking sooner is throttled again
//     and counts against the budget.
type Pacer struct {
	Clock    clock.Clock
	Requests int
	Window   time.Duration

	mu          sync.Mutex
	places      []*place
	pausedUntil time.Time
	// changed is closed (and replaced) when a place is released, so waiters look again.
	changed chan struct{}
}

type place struct {
	answered   bool
	answeredAt time.Time
}

// Slot is one request's place in the window.
type Slot struct {
	pacer *Pacer
	place *place
	once  sync.Once
	// afterDone releases what a Lane holds with the place (lane.go); nil otherwise.
	afterDone func()
}

// Done tells the pacer the answer arrived (or the request failed); throttledFor > 0 pauses
// everyone for that long. Calling it again does nothing.
func (s *Slot) Done(throttledFor time.Duration) {
	if s == nil {
		return
	}
	s.once.Do(func() {
		if s.pacer != nil {
			s.pacer.release(s.place, throttledFor)
		}
		if s.afterDone != nil {
			s.afterDone()
		}
	})
}

// Acquire returns once one more request fits in the budget, holding its place until Done.
func (p *Pacer) Acquire(ctx context.Context) (*Slot, error) {
	if p == nil || p.Requests <= 0 || p.Window <= 0 {
		return &Slot{}, ctx.Err()
	}
	for {
		p.mu.Lock()
		if p.changed == nil {
			p.changed = make(chan struct{})
		}
		wait, granted := p.tryTake(p.Clock.Now())
		changed := p.changed
		p.mu.Unlock()
		if granted != nil {
			return &Slot{pacer: p, place: granted}, nil
		}
		if err := p.await(ctx, wait, changed); err != nil {
			return nil, err
		}
	}
}

// tryTake grants a place now, or says how long to wait (negative: until a request in flight answers).
func (p *Pacer) tryTake(now time.Time) (time.Duration, *place) {
	p.places = stillHeld(p.places, p.Window, now)
	if now.Before(p.pausedUntil) {
		return p.pausedUntil.Sub(now), nil
	}
	if len(p.places) < p.Requests {
		granted := &place{}
		p.places = append(p.places, granted)
		return 0, granted
	}
	return untilOneFrees(p.places, p.Window, now), nil
}

// stillHeld keeps the places that still count against the window: in flight, or answered less
// than hold ago. It reuses the slice's array.
func stillHeld(places []*place, hold time.Duration, now time.Time) []*place {
	kept := places[:0]
	for _, pl := range places {
		if !pl.answered || pl.answeredAt.Add(hold).After(now) {
			kept = append(kept, pl)
		}
	}
	return kept
}

// untilOneFrees is how long until the first answered place leaves the window; negative when
// none is answered yet (then only an answer frees one).
func untilOneFrees(places []*place, hold time.Duration, now time.Time) time.Duration {
	wait := time.Duration(-1)
	for _, pl := range places {
		if until := pl.answeredAt.Add(hold).Sub(now); pl.answered && (wait < 0 || until < wait) {
			wait = until
		}
	}
	return wait
}

func (p *Pacer) await(ctx context.Context, wait time.Duration, changed chan struct{}) error {
	if wait >= 0 {
		return p.Clock.Sleep(ctx, wait)
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-changed:
		return nil
	}
}

func (p *Pacer) release(pl *place, throttledFor time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.Clock.Now()
	pl.answered, pl.answeredAt = true, now
	if throttledFor > 0 && now.Add(throttledFor).After(p.pausedUntil) {
		p.pausedUntil = now.Add(throttledFor)
	}
	if p.changed != nil {
		close(p.changed)
	}
	p.changed = make(chan struct{})
}

// PausedFor is how long the budget stays paused after a 429, or 0.
func (p *Pacer) PausedFor() time.Duration {
	if p == nil {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return max(0, p.pausedUntil.Sub(p.Clock.Now()))
}
