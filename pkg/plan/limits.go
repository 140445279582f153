package plan

import (
	"time"

	"github.com/auditlens/entraid/pkg/models"
)

// CheckLimits holds a query to the limits known before any request: "events per query" (the
// setting), "named groups", the bucket's bounds and, for a time series, "values per response" for
// the named groups alone (the series found in the events are checked again before they are
// allocated). Mirrors checkQueryLimits in src/core/plan/checkLimits.ts.
func CheckLimits(q models.AuditQuery, s models.Settings, from, to time.Time, interval time.Duration) error {
	if s.MaxEvents > models.MaxEventsPerQuery {
		return models.MaxEventsTooHigh(s.MaxEvents)
	}
	if len(q.Groups) > models.MaxNamedGroups {
		return models.TooManyNamedGroups(len(q.Groups))
	}
	if q.Format != models.FormatTimeSeries {
		return nil
	}
	fromMs, toMs := from.UnixMilli(), to.UnixMilli()
	width, err := BucketWidthMs(q.Bucket, interval, RangeMs(from, to))
	if err != nil {
		return err
	}
	points := BucketCount(fromMs, toMs, FitBucket(fromMs, toMs, width))
	distinct := make(map[string]bool, len(q.Groups))
	for _, g := range q.Groups {
		distinct[g] = true
	}
	if series := int64(len(distinct)); series*points > models.MaxValuesPerResponse {
		return models.TooManyValues(series, points)
	}
	return nil
}

// RangeMs is the length of a time range in milliseconds, saturating rather than overflowing.
func RangeMs(from, to time.Time) int64 { return to.Sub(from).Milliseconds() }
