package graph

import (
	"context"
	"sync"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
)

// Pacer keeps one data source within Microsoft's per-app, per-tenant report budget
// (5 requests per 10 s): a sliding window over the last N request starts, shared by every query.
type Pacer struct {
	Clock    clock.Clock
	Requests int
	Window   time.Duration

	mu     sync.Mutex
	starts []time.Time
}

// Wait returns once one more request fits in the budget.
func (p *Pacer) Wait(ctx context.Context) error {
	if p == nil || p.Requests <= 0 || p.Window <= 0 {
		return nil
	}
	for {
		p.mu.Lock()
		now := p.Clock.Now()
		cut := 0
		for cut < len(p.starts) && !p.starts[cut].After(now.Add(-p.Window)) {
			cut++
		}
		p.starts = p.starts[cut:]
		if len(p.starts) < p.Requests {
			p.starts = append(p.starts, now)
			p.mu.Unlock()
			return nil
		}
		wait := p.starts[0].Add(p.Window).Sub(now)
		p.mu.Unlock()
		if err := p.Clock.Sleep(ctx, wait); err != nil {
			return err
		}
	}
}
