package walks

import (
	"context"
	"sort"
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
	lastUsed       int64

	flights map[string]*flight
	cache   map[string]*entry
}

// entry is a finished walk kept in memory (never on disk: events hold names, IPs and changes).
// Audit events do not change once Microsoft has them, so the part older than the ingestion delay
// stands for its range; a refresh fetches only from settledTo on.
type entry struct {
	coveredFrom, coveredTo int64
	// settledTo: events up to here were older than the ingestion delay when fetched.
	settledTo int64
	// events are de-duplicated by id, newest first, every fetched one (plugin-side filters apply later).
	events   []*models.AuditEvent
	lastUsed int64
}

// Walk implements engine.Walker: from the cache plus a walk of the newer tail when a kept walk of
// the same request covers the start of the range, otherwise one walk shared with every query
// asking the same first request.
func (s *Source) Walk(ctx context.Context, p *plan.Plan, tail func(from, to time.Time) (*plan.Plan, error),
	onPage func([]*models.AuditEvent, bool) graph.Verdict) (*graph.WalkResult, error) {
	key := s.cacheKey(p)
	if rec, served, err := s.fromCache(ctx, key, p, tail); served {
		if err != nil {
			return nil, err
		}
		return rec.replay(onPage)
	}
	waited, err := s.awaitCovering(ctx, key, p)
	if err != nil {
		return nil, err
	}
	if waited {
		if rec, served, err := s.fromCache(ctx, key, p, tail); served {
			if err != nil {
				return nil, err
			}
			return rec.replay(onPage)
		}
	}
	rec, err := s.shared(ctx, p, key)
	if err != nil {
		return nil, err
	}
	return rec.replay(onPage)
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

func (s *Source) keep(key string, p *plan.Plan, rec *recording) {
	from, to := p.From.UnixMilli(), p.To.UnixMilli()
	settled := max(from, min(to, rec.startedAt.Add(-s.ingestionDelay).UnixMilli()))
	r := s.registry
	r.mu.Lock()
	defer r.mu.Unlock()
	r.uses++
	r.storeEntry(s, key, &entry{coveredFrom: from, coveredTo: to, settledTo: settled, events: eventsOf(rec, from, to), lastUsed: r.uses})
}

// fromCache serves p from a kept walk whose settled part covers the start of p's range, walking
// the newer tail (shared with any other query refreshing it). served is false when no entry
// applies, the tail was cut by the limit or the range holds more than the limit: then the query
// walks in full, as without a cache.
func (s *Source) fromCache(ctx context.Context, key string, p *plan.Plan, tail func(from, to time.Time) (*plan.Plan, error)) (*recording, bool, error) {
	from, to := p.From.UnixMilli(), p.To.UnixMilli()
	r := s.registry
	r.mu.Lock()
	e := s.cache[key]
	if e == nil || from < e.coveredFrom || from > e.settledTo {
		r.mu.Unlock()
		return nil, false, nil
	}
	r.uses++
	e.lastUsed = r.uses
	r.mu.Unlock()
	events, requests := e.events, 0
	if to > e.settledTo {
		tailPlan, err := tail(time.UnixMilli(e.settledTo).UTC(), p.To)
		if err != nil || tailPlan.OutsideRetention {
			return nil, false, nil
		}
		rec, err := s.shared(ctx, tailPlan, "")
		if err != nil {
			return nil, true, err
		}
		if rec.err != nil {
			// The tail's failure (throttled past the give-up bound, refused) is the query's own:
			// walking the whole range would meet it again after spending the budget again.
			return rec, true, nil
		}
		if !rec.complete(s.maxEvents) {
			return nil, false, nil
		}
		events, requests = s.mergeTail(key, e, tailPlan, rec), rec.result.Requests
	}
	inRange := make([]*models.AuditEvent, 0, len(events))
	for _, ev := range events {
		if ev.TimeMs >= from && ev.TimeMs <= to {
			inRange = append(inRange, ev)
		}
	}
	if s.maxEvents > 0 && len(inRange) > s.maxEvents {
		return nil, false, nil
	}
	return &recording{batches: []batch{{items: inRange}}, result: graph.WalkResult{Pages: 1, Requests: requests}}, true, nil
}

// mergeTail joins a tail walk to a kept walk: the tail's range comes from the tail (late events
// picked up), the rest from the entry, de-duplicated by id, so nothing is lost or counted twice
// at the seam (the tail's `ge` meets the kept part at one instant).
func (s *Source) mergeTail(key string, before *entry, tailPlan *plan.Plan, rec *recording) []*models.AuditEvent {
	tailFrom, tailTo := tailPlan.From.UnixMilli(), tailPlan.To.UnixMilli()
	tailEvents := eventsOf(rec, tailFrom, tailTo)
	r := s.registry
	r.mu.Lock()
	defer r.mu.Unlock()
	// Read again: a query sharing this tail may have merged it already; merging twice changes nothing.
	e := before
	if current := s.cache[key]; current != nil {
		e = current
	}
	ids := make(map[string]bool, len(tailEvents))
	for _, ev := range tailEvents {
		if ev.ID != "" {
			ids[ev.ID] = true
		}
	}
	merged := append([]*models.AuditEvent(nil), tailEvents...)
	for _, ev := range e.events {
		if (ev.TimeMs < tailFrom || ev.TimeMs > tailTo) && !(ev.ID != "" && ids[ev.ID]) {
			merged = append(merged, ev)
		}
	}
	sort.SliceStable(merged, func(i, j int) bool { return merged[i].TimeMs > merged[j].TimeMs })
	settled := max(e.settledTo, min(tailTo, rec.startedAt.Add(-s.ingestionDelay).UnixMilli()))
	r.uses++
	r.storeEntry(s, key, &entry{coveredFrom: e.coveredFrom, coveredTo: max(e.coveredTo, tailTo), settledTo: settled, events: merged, lastUsed: r.uses})
	return merged
}

// eventsOf is a walk's events within [from, to], de-duplicated by id, newest first.
func eventsOf(rec *recording, from, to int64) []*models.AuditEvent {
	seen := map[string]bool{}
	var events []*models.AuditEvent
	for _, b := range rec.batches {
		for _, ev := range b.items {
			if ev == nil || ev.TimeMs < from || ev.TimeMs > to || (ev.ID != "" && seen[ev.ID]) {
				continue
			}
			if ev.ID != "" {
				seen[ev.ID] = true
			}
			events = append(events, ev)
		}
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].TimeMs > events[j].TimeMs })
	return events
}
