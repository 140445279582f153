package engine

import (
	"math"
	"sort"

	"github.com/auditlens/entraid/pkg/frames"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// collector turns pages into events as they arrive; it mirrors EventCollector in
// src/core/collect/collectEvents.ts. Every fetched event counts against the limit, duplicates and
// unreadable ones included, and the limit may cut a page in the middle.
type collector struct {
	fromMs, toMs int64
	conditions   []models.FilterCondition
	maxEvents    int

	seen          map[string]bool
	kept          []models.AuditEvent
	fetched       int
	duplicates    int
	unreadable    int
	oldestFetched int64
	// firstUnread is the time of the first event the limit left unread on its page, if readable.
	firstUnread  *int64
	limitReached bool
	// watched: match keys of activity names the table does not know; true once an event read has one.
	watched map[string]bool
}

func newCollector(p *plan.Plan, maxEvents int) *collector {
	return &collector{
		fromMs: p.From.UnixMilli(), toMs: p.To.UnixMilli(), conditions: p.PluginSide, maxEvents: maxEvents,
		seen: make(map[string]bool), oldestFetched: math.MaxInt64,
	}
}

func (c *collector) add(items []*models.AuditEvent, _ bool) graph.Verdict {
	for _, ev := range items {
		if c.fetched >= c.maxEvents {
			c.limitReached = true
			if ev != nil {
				t := ev.TimeMs
				c.firstUnread = &t
			}
			return graph.Stop
		}
		c.fetched++
		if ev == nil {
			c.unreadable++
			continue
		}
		c.oldestFetched = min(c.oldestFetched, ev.TimeMs)
		if ev.ID != "" && c.seen[ev.ID] {
			c.duplicates++
			continue
		}
		if ev.ID != "" {
			c.seen[ev.ID] = true
		}
		// Graph should only send the range; anything outside it would fall outside every bucket.
		inRange := ev.TimeMs >= c.fromMs && ev.TimeMs <= c.toMs
		if inRange && len(c.watched) > 0 {
			c.see(ev.Activity)
		}
		if inRange && plan.Matches(ev, c.conditions) {
			c.kept = append(c.kept, *ev)
		}
	}
	if c.fetched >= c.maxEvents {
		return graph.Stop
	}
	return graph.Continue
}

// watch notes which of these activity names (unknown to the table) the events read carry.
func (c *collector) watch(names []string) {
	c.watched = make(map[string]bool, len(names))
	for _, n := range names {
		c.watched[plan.MatchKey(n)] = false
	}
}

func (c *collector) see(activity string) {
	if seen, watched := c.watched[plan.MatchKey(activity)]; watched && !seen {
		c.watched[plan.MatchKey(activity)] = true
	}
}

// collected is what the frames are built from.
type collected struct {
	events []models.AuditEvent
	// counts stand for events in the counting formats when the store counted them in SQL.
	counts        []frames.Count
	coveredFromMs int64
	truncated     bool
	unreadable    int
	// readActivity tells whether an event read carries an activity name (by match key), when known.
	readActivity func(name string) bool
}

// result shrinks the covered span when the walk was cut, so no millisecond it reports is only
// partly fetched: events sharing the oldest fetched millisecond may sit on the unread side.
func (c *collector) result(walkStoppedEarly bool) collected {
	truncated := c.limitReached || walkStoppedEarly
	coveredFrom := c.fromMs
	if truncated {
		boundary := c.toMs
		if c.oldestFetched != math.MaxInt64 {
			boundary = c.oldestFetched
		}
		coveredFrom = truncatedFrom(c.fromMs, boundary, c.firstUnread)
	}
	events := make([]models.AuditEvent, 0, len(c.kept))
	for _, ev := range c.kept {
		if ev.TimeMs >= coveredFrom {
			events = append(events, ev)
		}
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].TimeMs > events[j].TimeMs })
	readActivity := func(name string) bool { return c.watched[plan.MatchKey(name)] }
	return collected{events: events, coveredFromMs: coveredFrom, truncated: truncated, unreadable: c.unreadable, readActivity: readActivity}
}

// truncatedFrom is where a cut read's covered span starts: the oldest fetched millisecond when
// the first event left unread is older than it, else the millisecond after.
func truncatedFrom(fromMs, oldestFetched int64, firstUnread *int64) int64 {
	if firstUnread != nil && *firstUnread < oldestFetched {
		return max(fromMs, oldestFetched)
	}
	return max(fromMs, oldestFetched+1)
}
