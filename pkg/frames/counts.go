package frames

import (
	"math"
	"strings"
	"time"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// Count is the events of one group in one bucket, with what a summary shows of them. The
// counting formats (time series, alert numbers, summary) are built from counts, whether the
// events were counted here or by the audit store in SQL, so both give the same frames.
type Count struct {
	BucketStartMs int64
	// Group is GroupValue's answer: NoGroup for an event without the property.
	Group  string
	Events int64
	// Failures have the result "failure", ignoring case.
	Failures int64
	FirstMs  int64
	LastMs   int64
}

// CountEvents counts the events between fromMs and toMs (both included) per group and per
// bucket of widthMs aligned to the epoch; widthMs 0 puts every event in one bucket starting at 0.
func CountEvents(events []models.AuditEvent, by models.GroupBy, widthMs, fromMs, toMs int64) []Count {
	return countEventsBy(events, func(ev *models.AuditEvent) string { return GroupValue(ev, by) }, widthMs, fromMs, toMs)
}

// countEventsBy is CountEvents with the group of an event given by groupOf (one value or a pair key).
func countEventsBy(events []models.AuditEvent, groupOf func(*models.AuditEvent) string, widthMs, fromMs, toMs int64) []Count {
	type key struct {
		bucket int64
		group  string
	}
	index := make(map[key]int)
	var out []Count
	for i := range events {
		ev := &events[i]
		if ev.TimeMs < fromMs || ev.TimeMs > toMs {
			continue
		}
		k := key{group: groupOf(ev)}
		if widthMs > 0 {
			k.bucket = plan.BucketOf(ev.TimeMs, widthMs)
		}
		at, ok := index[k]
		if !ok {
			at = len(out)
			index[k] = at
			out = append(out, Count{BucketStartMs: k.bucket, Group: k.group, FirstMs: ev.TimeMs, LastMs: ev.TimeMs})
		}
		c := &out[at]
		c.Events++
		if strings.EqualFold(ev.Result, "failure") {
			c.Failures++
		}
		c.FirstMs, c.LastMs = min(c.FirstMs, ev.TimeMs), max(c.LastMs, ev.TimeMs)
	}
	return out
}

// SeriesBucketMs is the bucket a time series of in is drawn with: the requested width, widened
// to a whole multiple when the range would need too many points. Counts given in Input.Counts
// for a time series must be bucketed by it.
func SeriesBucketMs(in Input) (requested, width int64, err error) {
	requested, err = plan.BucketWidthMs(in.Query.Bucket, time.Duration(in.IntervalMs)*time.Millisecond, in.rangeMs())
	if err != nil {
		return 0, 0, err
	}
	return requested, plan.FitBucket(in.FromMs, in.ToMs, requested), nil
}

// countsOf is in.Counts, or the events between fromMs and toMs counted per bucket of widthMs.
func countsOf(in Input, widthMs, fromMs, toMs int64) []Count {
	if in.Counts != nil {
		return in.Counts
	}
	q := in.Query
	return countEventsBy(in.Events, func(ev *models.AuditEvent) string { return GroupKey(ev, q) }, widthMs, fromMs, toMs)
}

// allCounts is every event of in counted per group, in one bucket.
func allCounts(in Input) []Count { return countsOf(in, 0, math.MinInt64, math.MaxInt64) }

// groupTotals adds the counts of each group over every bucket.
func groupTotals(counts []Count) map[string]int {
	totals := make(map[string]int)
	for _, c := range counts {
		totals[c.Group] += int(c.Events)
	}
	return totals
}
