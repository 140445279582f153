package walks

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
)

// switchablePages: a walk that has read at most this many pages when a walk covering its range
// starts (a wider $filter, or the same request from an earlier instant) is switched to that walk.
// Panels of one dashboard reach the backend as separate requests in any order, milliseconds
// apart: the narrower panel's walk must not go on spending the budget on pages the wider walk
// reads anyway. Its requests already sent are spent; a walk further along finishes as it is.
const switchablePages = 1

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
	// switched: the walk was stopped for a walk covering its range; its queries ask again.
	switched bool
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

// flight is a walk in progress: a whole walk of a query's range, kept under its cache key when
// complete, or the tail of a kept walk, merged into it. It runs on its own context, cancelled only
// when every query waiting on it has gone (or it is switched), so one viewer closing a dashboard
// never fails the others.
type flight struct {
	url     string
	done    chan struct{}
	rec     *recording
	waiters int
	cancel  context.CancelFunc
	pages   atomic.Int32

	// key is the cache key its events are kept (or, for a tail, merged) under; from, to and
	// settledTo the range it covers and how much of it will be settled.
	key                 string
	tail                bool
	from, to, settledTo int64
	q                   query
	switched            bool
	// base is the kept walk a tail extends (merged into the current one under key if replaced);
	// merged is that walk after merging the finished tail (nil when the tail was incomplete).
	base, merged *entry
}

// covers: a complete walk of f will hold the start of [from, …] in its settled part.
func (f *flight) covers(from int64) bool {
	return !f.tail && !f.switched && f.from <= from && from <= f.settledTo
}

// start begins q's own walk, or joins one of its first request started meanwhile, switching
// young walks that this one covers. Called with the registry's lock held; the caller awaits.
func (s *Source) start(ctx context.Context, q query, tailOf string) *flight {
	if f := s.flights[q.url]; f != nil {
		f.waiters++
		return f
	}
	// The values (Grafana's FromAlert header, tracing) stay; the cancellation is the flight's own.
	walkCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	from, to := q.p.From.UnixMilli(), q.p.To.UnixMilli()
	settled := max(from, min(to, s.Client.Clock.Now().Add(-s.ingestionDelay).UnixMilli()))
	f := &flight{url: q.url, done: make(chan struct{}), cancel: cancel, waiters: 1, key: q.key,
		tail: tailOf != "", from: from, to: to, settledTo: settled, q: q}
	if f.tail {
		f.key = tailOf
	} else {
		s.switchTo(f)
	}
	s.flights[q.url] = f
	go s.run(walkCtx, f)
	return f
}

// switchTo stops the young walks f covers whose events f will hold: the same request, or one
// with a narrower $filter of the same outline family.
func (s *Source) switchTo(f *flight) {
	for url, other := range s.flights {
		if other.tail || other.pages.Load() > switchablePages || !f.covers(other.from) {
			continue
		}
		if other.key == f.key || (f.q.shares && other.q.shares && f.q.outline.Widens(other.q.outline)) {
			other.switched = true
			other.cancel()
			delete(s.flights, url)
		}
	}
}

// await waits for f to finish, or leaves it when ctx ends (the last waiter to leave cancels it).
func (s *Source) await(ctx context.Context, f *flight) error {
	select {
	case <-f.done:
		return nil
	case <-ctx.Done():
		r := s.registry
		r.mu.Lock()
		f.waiters--
		if f.waiters == 0 {
			f.cancel()
			if s.flights[f.url] == f {
				delete(s.flights, f.url)
			}
		}
		r.mu.Unlock()
		return ctx.Err()
	}
}

func (s *Source) run(ctx context.Context, f *flight) {
	rec := &recording{startedAt: s.Client.Clock.Now()}
	res, err := s.Client.Walk(ctx, f.q.p, func(items []*models.AuditEvent, hasNext bool) graph.Verdict {
		f.pages.Add(1)
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
	complete := rec.complete(s.maxEvents)
	r := s.registry
	r.mu.Lock()
	switch {
	case f.tail && complete:
		f.merged = s.mergeTail(f.key, f.base, f.q.p, rec)
	case !f.tail && complete:
		s.keep(f.key, f.q, rec)
	}
	if s.flights[f.url] == f {
		delete(s.flights, f.url)
	}
	rec.switched = f.switched
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
