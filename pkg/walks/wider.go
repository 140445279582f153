package walks

import (
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// Wider walks (src/core/README.md "Wider walks", src/core/pages/widerWalks.ts): a Graph query
// whose pushed-down clauses strictly include a walk's, with the same endpoint, page size, events
// limit and raw $filter clause, takes its events from that walk, the narrowest such walk, applying
// the clauses it lacks as Graph would (plan.KeptByServer). The walk does not serve, and the query
// walks itself, when it was cut by the events limit, had unreadable events, or holds an event
// whose fate depends on letter case; a failed wider walk's failure is the query's own.

// widerFlight is the narrowest walk in flight over exactly q's range whose $filter is wider.
func (s *Source) widerFlight(q query) *flight {
	var best *flight
	for _, f := range s.flights {
		if f.tail || f.switched || !q.shares || !f.q.shares || f.from != q.p.From.UnixMilli() || f.to != q.p.To.UnixMilli() {
			continue
		}
		if f.q.outline.Widens(q.outline) && (best == nil || len(f.q.outline.Clauses) > len(best.q.outline.Clauses)) {
			best = f
		}
	}
	return best
}

// coveringFlight is a whole walk in flight, of q's request or the narrowest of a wider $filter,
// whose kept walk will hold the start of q's range in its settled part: viewers whose ranges
// differ by the milliseconds between their clicks read one walk and ask only for the newer tail.
func (s *Source) coveringFlight(q query) *flight {
	from := q.p.From.UnixMilli()
	var best *flight
	for _, f := range s.flights {
		if !f.covers(from) {
			continue
		}
		if f.key == q.key {
			return f
		}
		if q.shares && f.q.shares && f.q.outline.Widens(q.outline) &&
			(best == nil || len(f.q.outline.Clauses) > len(best.q.outline.Clauses)) {
			best = f
		}
	}
	return best
}

// narrowed is the finished wider walk f as q's own walk would have ended; ok is false when it
// cannot stand in. A switched walk gives a nil recording: q asks again.
func (s *Source) narrowed(q query, f *flight) (*recording, *plan.WiderWalk, bool) {
	rec := f.rec
	if rec.switched {
		return nil, nil, true
	}
	use := &plan.WiderWalk{Filter: f.q.p.Filter(), Extra: plan.ExtraConditions(q.p, f.q.outline)}
	if rec.err != nil {
		// Throttled past the give-up bound, refused: q's own walk would meet the same answer after
		// spending the budget all over again.
		return rec, use, true
	}
	if !rec.complete(s.maxEvents) {
		return nil, nil, false
	}
	narrow := &recording{result: rec.result, startedAt: rec.startedAt}
	for _, b := range rec.batches {
		kept, known := plan.KeptByServer(use.Extra, b.items)
		if !known {
			return nil, nil, false
		}
		narrow.batches = append(narrow.batches, batch{items: kept, hasNext: b.hasNext})
		narrow.fetched += len(kept)
	}
	return narrow, use, true
}

// narrowKept applies the rows a kept wider walk lacks to its events in q's range.
func narrowKept(extra []models.FilterCondition) func([]*models.AuditEvent) ([]*models.AuditEvent, bool) {
	return func(events []*models.AuditEvent) ([]*models.AuditEvent, bool) {
		return plan.KeptByServer(extra, events)
	}
}
