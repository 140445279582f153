package walks

import (
	"context"
	"sort"
	"time"

	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// entry is a finished walk kept in memory (never on disk: events hold names, IPs and changes).
// Audit events do not change once Microsoft has them, so the part older than the ingestion delay
// stands for its range; a refresh fetches only from settledTo on. For the reuse window after its
// newest part was fetched, it also stands for the rest of its range, as a walk then in flight would.
type entry struct {
	coveredFrom, coveredTo int64
	// settledTo: events up to here were older than the ingestion delay when fetched.
	settledTo int64
	// freshUntil: until then the whole covered range is answered without a request.
	freshUntil int64
	// events are de-duplicated by id, newest first, every fetched one (plugin-side filters apply later).
	events   []*models.AuditEvent
	lastUsed int64
	// q is the query that walked it: its outline lets narrower queries read it, its planner plans the tail.
	q query
}

func (e *entry) covers(from int64) bool { return e.coveredFrom <= from && from <= e.settledTo }

// answersTo is how far the entry answers without a request at now.
func (e *entry) answersTo(now int64) int64 {
	if now < e.freshUntil {
		return max(e.settledTo, e.coveredTo)
	}
	return e.settledTo
}

// fromCache serves q from its own kept walk or the narrowest kept walk of a wider $filter covering
// the start of q's range. A wider walk serves unless q's own answers with no request at all: its
// tail is the one the wider query's refresh walks, so the two share it (and it must be settled as
// far as q's own, less an ingestion delay, or its longer tail would cost more than it saves).
func (s *Source) fromCache(ctx context.Context, q query) (*recording, *plan.WiderWalk, bool, error) {
	from, to := q.p.From.UnixMilli(), q.p.To.UnixMilli()
	now := s.Client.Clock.Now().UnixMilli()
	r := s.registry
	r.mu.Lock()
	own := s.cache[q.key]
	if own != nil && !own.covers(from) {
		own = nil
	}
	var wider *entry
	if q.shares && !(own != nil && to <= own.answersTo(now)) {
		for _, e := range s.cache {
			if e.q.shares && e.covers(from) && e.q.outline.Widens(q.outline) &&
				(own == nil || e.settledTo >= own.settledTo-s.ingestionDelay.Milliseconds()) &&
				(wider == nil || len(e.q.outline.Clauses) > len(wider.q.outline.Clauses)) {
				wider = e
			}
		}
	}
	r.mu.Unlock()
	if wider != nil {
		if rec, use, served, err := s.fromWider(ctx, q, wider); served || err != nil {
			return rec, use, served, err
		}
	}
	if own == nil {
		return nil, nil, false, nil
	}
	rec, served, err := s.fromEntry(ctx, q.key, own, q.p, nil)
	return rec, nil, served, err
}

// fromWider serves q from a kept walk with a wider $filter, its tail planned as the wider query.
func (s *Source) fromWider(ctx context.Context, q query, wider *entry) (*recording, *plan.WiderWalk, bool, error) {
	widerPlan, err := wider.q.planFor(q.p.From, q.p.To)
	if err != nil || widerPlan.OutsideRetention {
		return nil, nil, false, nil
	}
	use := &plan.WiderWalk{Filter: widerPlan.Filter(), Extra: plan.ExtraConditions(q.p, wider.q.outline)}
	rec, served, err := s.fromEntry(ctx, wider.q.key, wider, widerPlan, narrowKept(use.Extra))
	return rec, use, served, err
}

// fromEntry is p's range from a kept walk plus the tail after the part it answers (a walk shared
// with every query needing it, up to now so that queries whose ranges end milliseconds apart share
// one), through narrow when given. served is false when the tail was cut or unreadable, narrow
// cannot tell, or the range holds more than the limit: the query then walks, as without a cache.
func (s *Source) fromEntry(ctx context.Context, key string, e *entry, p *plan.Plan,
	narrow func([]*models.AuditEvent) ([]*models.AuditEvent, bool)) (*recording, bool, error) {
	from, to := p.From.UnixMilli(), p.To.UnixMilli()
	now := s.Client.Clock.Now()
	r := s.registry
	r.mu.Lock()
	r.uses++
	e.lastUsed = r.uses
	r.mu.Unlock()
	requests := 0
	if to > e.answersTo(now.UnixMilli()) {
		f, err := s.tail(ctx, key, e, to, now)
		if f == nil || err != nil {
			return nil, false, err
		}
		if f.rec.err != nil {
			// The tail's failure (throttled past the give-up bound, refused) is the query's own:
			// walking the whole range would meet it again after spending the budget again.
			return f.rec, true, nil
		}
		if f.merged == nil {
			return nil, false, nil
		}
		e, requests = f.merged, f.rec.result.Requests
	}
	inRange := make([]*models.AuditEvent, 0, len(e.events))
	for _, ev := range e.events {
		if ev.TimeMs >= from && ev.TimeMs <= to {
			inRange = append(inRange, ev)
		}
	}
	if narrow != nil {
		var known bool
		if inRange, known = narrow(inRange); !known {
			return nil, false, nil
		}
	}
	if s.maxEvents > 0 && len(inRange) > s.maxEvents {
		return nil, false, nil
	}
	return &recording{batches: []batch{{items: inRange}}, result: graph.WalkResult{Pages: 1, Requests: requests}}, true, nil
}

// tail joins the walk in flight of key's tail that reaches to, or starts one from the entry's
// settled part to now (or to, when later); nil when the tail cannot be planned.
func (s *Source) tail(ctx context.Context, key string, e *entry, to int64, now time.Time) (*flight, error) {
	r := s.registry
	r.mu.Lock()
	// A tail that finished since e was read may have answered already.
	if current := s.cache[key]; current != nil && current != e && current.coveredFrom <= e.coveredFrom && to <= current.answersTo(now.UnixMilli()) {
		r.mu.Unlock()
		return &flight{rec: &recording{}, merged: current}, nil
	}
	var f *flight
	for _, t := range s.flights {
		if t.tail && t.key == key && t.from <= e.settledTo && t.to >= to {
			f = t
			f.waiters++
			break
		}
	}
	r.mu.Unlock()
	if f == nil {
		tailTo := time.UnixMilli(max(to, now.UnixMilli())).UTC()
		tailPlan, err := e.q.planFor(time.UnixMilli(e.settledTo).UTC(), tailTo)
		if err != nil || tailPlan.OutsideRetention {
			return nil, nil
		}
		q := e.q
		q.p, q.url = tailPlan, s.Client.FirstURL(tailPlan)
		r.mu.Lock()
		f = s.start(ctx, q, key)
		if f.base == nil {
			f.base = e
		}
		r.mu.Unlock()
	}
	if err := s.await(ctx, f); err != nil {
		return nil, err
	}
	return f, nil
}

// keep stores a complete walk. Called with the registry's lock held.
func (s *Source) keep(key string, q query, rec *recording) {
	from, to := q.p.From.UnixMilli(), q.p.To.UnixMilli()
	settled := max(from, min(to, rec.startedAt.Add(-s.ingestionDelay).UnixMilli()))
	r := s.registry
	r.uses++
	r.storeEntry(s, key, &entry{coveredFrom: from, coveredTo: to, settledTo: settled, events: eventsOf(rec, from, to),
		freshUntil: s.Client.Clock.Now().Add(s.reuseWindow).UnixMilli(), lastUsed: r.uses, q: q})
}

// mergeTail joins a complete tail walk to the walk kept under key: the tail's range comes from the
// tail (late events picked up), the rest from the entry, de-duplicated by id, so nothing is lost or
// counted twice at the seam (the tail's `ge` meets the kept part at one instant). Called with the
// registry's lock held; base is the walk the tail was planned from, the one under key now (a
// fresher merge) when there is one.
func (s *Source) mergeTail(key string, base *entry, tailPlan *plan.Plan, rec *recording) *entry {
	e := base
	if current := s.cache[key]; current != nil {
		e = current
	}
	tailFrom, tailTo := tailPlan.From.UnixMilli(), tailPlan.To.UnixMilli()
	tailEvents := eventsOf(rec, tailFrom, tailTo)
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
	r := s.registry
	r.uses++
	next := &entry{coveredFrom: e.coveredFrom, coveredTo: max(e.coveredTo, tailTo), settledTo: settled, events: merged,
		freshUntil: s.Client.Clock.Now().Add(s.reuseWindow).UnixMilli(), lastUsed: r.uses, q: e.q}
	r.storeEntry(s, key, next)
	return next
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
