package walks

import (
	"context"
	"strings"
	"time"

	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// Source is one data source's shared state. Its maps are guarded by the registry's lock.
type Source struct {
	registry *Registry
	key      Key
	// Client is the data source's Graph client: its token cache and (shared) pacer serve every query.
	Client         *graph.Client
	maxEvents      int
	ingestionDelay time.Duration
	reuseWindow    time.Duration
	lastUsed       int64

	flights map[string]*flight
	cache   map[string]*entry
}

// query is one Walk call: its plan, how to plan the same query over another range, its first
// request, its cache key and its outline (shares is false for the legacy API, whose walks never
// serve another filter).
type query struct {
	p       *plan.Plan
	planFor func(from, to time.Time) (*plan.Plan, error)
	url     string
	key     string
	outline plan.Outline
	shares  bool
}

func (s *Source) newQuery(p *plan.Plan, planFor func(from, to time.Time) (*plan.Plan, error)) query {
	q := query{p: p, planFor: planFor, url: s.Client.FirstURL(p), key: s.cacheKey(p)}
	q.outline, q.shares = plan.OutlineOf(p, s.maxEvents)
	return q
}

// Walk implements engine.Walker. In order: a kept walk of the same request or of a wider $filter
// covering the start of the range (plus a walk of the newer tail, shared); a walk in flight of
// the same first request; one of a wider $filter over the same range; one that will be kept
// covering the range's start (waited for, then the cache answers); else a walk of its own.
func (s *Source) Walk(ctx context.Context, p *plan.Plan, tail func(from, to time.Time) (*plan.Plan, error),
	onPage func([]*models.AuditEvent, bool) graph.Verdict) (*graph.WalkResult, error) {
	q := s.newQuery(p, tail)
	for {
		rec, wider, err := s.serve(ctx, q)
		if err != nil {
			return nil, err
		}
		if rec == nil || rec.switched {
			continue // what it waited for was switched or kept: ask again
		}
		res, err := rec.replay(onPage)
		res.Wider = wider
		return res, err
	}
}

// serve answers q once; a nil recording means it waited for a walk and must ask again.
func (s *Source) serve(ctx context.Context, q query) (*recording, *plan.WiderWalk, error) {
	if rec, wider, served, err := s.fromCache(ctx, q); served || err != nil {
		return rec, wider, err
	}
	r := s.registry
	r.mu.Lock()
	if f := s.flights[q.url]; f != nil {
		f.waiters++
		r.mu.Unlock()
		return s.joined(ctx, f)
	}
	if f := s.widerFlight(q); f != nil {
		f.waiters++
		r.mu.Unlock()
		if err := s.await(ctx, f); err != nil {
			return nil, nil, err
		}
		if rec, wider, ok := s.narrowed(q, f); ok {
			return rec, wider, nil
		}
		r.mu.Lock()
	} else if f := s.coveringFlight(q); f != nil {
		f.waiters++
		r.mu.Unlock()
		return nil, nil, s.await(ctx, f)
	}
	f := s.start(ctx, q, "")
	r.mu.Unlock()
	return s.joined(ctx, f)
}

func (s *Source) joined(ctx context.Context, f *flight) (*recording, *plan.WiderWalk, error) {
	if err := s.await(ctx, f); err != nil {
		return nil, nil, err
	}
	return f.rec, nil, nil
}

// cacheKey is the first request with the range's two instants taken out (endpoint, pushed-down
// filter, page size): walks of one request over different ranges share an entry.
func (s *Source) cacheKey(p *plan.Plan) string {
	url := s.Client.FirstURL(p)
	url = strings.ReplaceAll(url, encodedTime(p.From), "{from}")
	return strings.ReplaceAll(url, encodedTime(p.To), "{to}")
}

func encodedTime(t time.Time) string {
	return strings.TrimPrefix(graph.EncodeParams([]plan.Param{{Value: plan.FormatTime(t)}}), "=")
}
