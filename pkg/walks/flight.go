package walks

import (
	"context"
	"time"

	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// recording is one walk's pages as Graph sent them, for every query that waited on it to read
// into its own collector: the events limit stops every such collector on the same page, because
// they all count every fetched event and share the data source's limit.
type recording struct {
	batches    []batch
	result     graph.WalkResult
	err        error
	fetched    int
	unreadable bool
	startedAt  time.Time
}

type batch struct {
	items   []*models.AuditEvent
	hasNext bool
}

// complete: the walk read its whole range, so its events may stand for that range later.
func (r *recording) complete(maxEvents int) bool {
	return r.err == nil && !r.result.StoppedEarly && !r.unreadable && r.fetched <= maxEvents
}

// replay hands the recorded pages to a query's onPage, as the walk itself would have.
func (r *recording) replay(onPage func([]*models.AuditEvent, bool) graph.Verdict) (*graph.WalkResult, error) {
	res := r.result
	res.StoppedEarly = false
	for _, b := range r.batches {
		if onPage(b.items, b.hasNext) == graph.Stop {
			res.StoppedEarly = b.hasNext
			break
		}
	}
	return &res, r.err
}

// flight is a walk in progress. It runs on its own context, cancelled only when every query
// waiting on it has gone, so one viewer closing a dashboard never fails the others.
type flight struct {
	done    chan struct{}
	rec     *recording
	waiters int
	cancel  context.CancelFunc
	// keepAs is the cache key a complete walk is kept under before its waiters wake (empty for a
	// tail walk, which fromCache merges itself); from and settledTo are the range it will cover.
	keepAs          string
	from, settledTo int64
}

// shared walks p once for every query that asks the same first request while it runs; keepAs is
// the cache key its complete walk is kept under (empty: not kept).
func (s *Source) shared(ctx context.Context, p *plan.Plan, keepAs string) (*recording, error) {
	url := s.Client.FirstURL(p)
	r := s.registry
	r.mu.Lock()
	f := s.flights[url]
	if f == nil {
		// The values (Grafana's FromAlert header, tracing) stay; the cancellation is the flight's own.
		walkCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		from, to := p.From.UnixMilli(), p.To.UnixMilli()
		settled := max(from, min(to, s.Client.Clock.Now().Add(-s.ingestionDelay).UnixMilli()))
		f = &flight{done: make(chan struct{}), cancel: cancel, keepAs: keepAs, from: from, settledTo: settled}
		s.flights[url] = f
		go s.run(walkCtx, url, f, p)
	}
	f.waiters++
	r.mu.Unlock()
	if err := s.await(ctx, url, f); err != nil {
		return nil, err
	}
	return f.rec, nil
}

// awaitCovering waits for a walk in flight of the same request (cache key) over another range
// when the walk it will keep covers the start of [from, …] in its settled part: viewers whose
// ranges differ by the milliseconds between their clicks then read one walk and ask only for
// their own newer tail. It reports whether it waited.
func (s *Source) awaitCovering(ctx context.Context, key string, p *plan.Plan) (bool, error) {
	own, from := s.Client.FirstURL(p), p.From.UnixMilli()
	r := s.registry
	r.mu.Lock()
	for url, f := range s.flights {
		// A walk of the very same request is shared as it is (shared), pages and all.
		if url != own && f.keepAs == key && f.from <= from && from <= f.settledTo {
			f.waiters++
			r.mu.Unlock()
			return true, s.await(ctx, url, f)
		}
	}
	r.mu.Unlock()
	return false, nil
}

// await waits for f to finish, or leaves it when ctx ends (the last waiter to leave cancels it).
func (s *Source) await(ctx context.Context, url string, f *flight) error {
	select {
	case <-f.done:
		return nil
	case <-ctx.Done():
		r := s.registry
		r.mu.Lock()
		f.waiters--
		if f.waiters == 0 {
			f.cancel()
			if s.flights[url] == f {
				delete(s.flights, url)
			}
		}
		r.mu.Unlock()
		return ctx.Err()
	}
}

func (s *Source) run(ctx context.Context, url string, f *flight, p *plan.Plan) {
	rec := &recording{startedAt: s.Client.Clock.Now()}
	res, err := s.Client.Walk(ctx, p, func(items []*models.AuditEvent, hasNext bool) graph.Verdict {
		rec.batches = append(rec.batches, batch{items: items, hasNext: hasNext})
		rec.fetched += len(items)
		for _, ev := range items {
			rec.unreadable = rec.unreadable || ev == nil
		}
		if s.maxEvents > 0 && rec.fetched >= s.maxEvents {
			return graph.Stop
		}
		return graph.Continue
	})
	if res != nil {
		rec.result = *res
	}
	rec.err = err
	if f.keepAs != "" && rec.complete(s.maxEvents) {
		s.keep(f.keepAs, p, rec)
	}
	r := s.registry
	r.mu.Lock()
	if s.flights[url] == f {
		delete(s.flights, url)
	}
	f.rec = rec
	r.mu.Unlock()
	f.cancel()
	close(f.done)
}

// InFlight counts the walks running and the queries waiting on them (for tests and metrics).
func (s *Source) InFlight() (walks, waiters int) {
	s.registry.mu.Lock()
	defer s.registry.mu.Unlock()
	for _, f := range s.flights {
		walks++
		waiters += f.waiters
	}
	return walks, waiters
}

// Waiting counts the queries waiting on walks in flight across every data source (tests, metrics).
func (r *Registry) Waiting() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	waiting := 0
	for _, src := range r.sources {
		for _, f := range src.flights {
			waiting += f.waiters
		}
	}
	return waiting
}
