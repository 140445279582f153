package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/auditlens/entraid/pkg/models"
)

// ErrNotPushable: a filter row is matched in Go only (the event id), so counting in SQL would
// over-count; read Events and count in Go instead.
var ErrNotPushable = errors.New("the filters cannot all be evaluated by the store")

// groupColumns are the stored group-by values as sent (not folded): groups are exact strings.
// A target type is the first target's, as frames.GroupValue counts an event once.
var groupColumns = map[models.GroupBy]string{
	models.GroupByActivity: "activity", models.GroupByCategory: "category", models.GroupByService: "service",
	models.GroupByResult: "result", models.GroupByOperationType: "operation_type", models.GroupByInitiatedBy: "initiated_by",
	models.GroupByActivityType: "activity_type",
	models.GroupByTargetType:   "coalesce((SELECT t.type FROM targets t WHERE t.event_seq = events.seq AND t.ord = 0), '')",
}

// CountQuery counts matching events per bucket and group without decoding them: time series,
// summaries and alert numbers over long ranges.
type CountQuery struct {
	FromMs, ToMs int64
	Filters      []models.FilterCondition
	// GroupBy "" counts all events in one group "".
	GroupBy models.GroupBy
	// BucketMs > 0 splits counts into buckets aligned to multiples of it since the epoch (as
	// plan.BucketStarts); 0 counts the whole range as one bucket starting at FromMs.
	BucketMs int64
}

// CountRow is one bucket's count of one group; Group "" is an event without that property
// (the frames show it as frames.NoGroup).
type CountRow struct {
	BucketStartMs int64
	Group         string
	Count         int64
	// Failures have the result "failure" ignoring case (as the summary's Failures column);
	// FirstMs and LastMs are the oldest and newest event's time.
	Failures        int64
	FirstMs, LastMs int64
}

// counts answers from the rollup when it can do so exactly, else by counting the events in SQL;
// rows come ordered by bucket, then group.
func (f *sqliteFile) counts(ctx context.Context, q CountQuery) ([]CountRow, error) {
	if q.FromMs > q.ToMs {
		return nil, fmt.Errorf("the range %d..%d is reversed", q.FromMs, q.ToMs)
	}
	if err := pushable(EventQuery{Filters: q.Filters}); err != nil {
		return nil, err
	}
	if _, ok := groupColumns[q.GroupBy]; !ok && q.GroupBy != "" {
		// Target names (display name else UPN) and changed values (parsed from the raw event) have no
		// column: they are counted in Go from the stored events.
		return nil, fmt.Errorf("%w: group by %q", ErrNotPushable, q.GroupBy)
	}
	if rp, ok := planRollup(q); ok {
		return f.countsFromRollup(ctx, q, rp)
	}
	return f.countInSQL(ctx, f.reader, q, q.FromMs, q.ToMs)
}

// countInSQL counts q's events between fromMs and toMs (both included) from the events table,
// in q's buckets (with no bucket width, the one bucket starts at q.FromMs).
func (f *sqliteFile) countInSQL(ctx context.Context, db querier, q CountQuery, fromMs, toMs int64) ([]CountRow, error) {
	group := "''"
	if q.GroupBy != "" {
		group = groupColumns[q.GroupBy]
	}
	bucket := "?"
	bucketArgs := []any{q.FromMs}
	if q.BucketMs > 0 {
		// Floor division that stays right for times before 1970 as well.
		bucket = "(time_ms - (((time_ms % ?) + ?) % ?))"
		bucketArgs = []any{q.BucketMs, q.BucketMs, q.BucketMs}
	}
	where, whereArgs, _ := whereClause(EventQuery{FromMs: fromMs, ToMs: toMs, Filters: q.Filters})
	// COLLATE NOCASE folds ASCII only, which is strings.EqualFold against the ASCII word "failure":
	// no other rune folds to one of its letters (TestFailureFoldsASCIIOnly).
	query := fmt.Sprintf("SELECT %s AS b, %s AS g, count(*), sum(result = 'failure' COLLATE NOCASE), min(time_ms), max(time_ms) "+
		"FROM events WHERE %s GROUP BY b, g ORDER BY b, g", bucket, group, where)
	rows, err := db.QueryContext(ctx, query, append(bucketArgs, whereArgs...)...)
	if err != nil {
		return nil, classify(err, f.path)
	}
	defer rows.Close()
	var out []CountRow
	for rows.Next() {
		var r CountRow
		if err := rows.Scan(&r.BucketStartMs, &r.Group, &r.Count, &r.Failures, &r.FirstMs, &r.LastMs); err != nil {
			return nil, classify(err, f.path)
		}
		out = append(out, r)
	}
	return out, classify(rows.Err(), f.path)
}

// Counts counts matching events per bucket and group in SQL (see CountQuery); ErrNotPushable
// when a filter row can only be matched in Go.
func (h *Handle) Counts(ctx context.Context, q CountQuery) ([]CountRow, error) {
	f, done, err := h.use()
	if err != nil {
		return nil, err
	}
	defer done()
	return f.counts(ctx, q)
}
