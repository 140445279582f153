package store

import (
	"context"
	"fmt"

	"github.com/auditlens/entraid/pkg/plan"
)

// pushable refuses rows only Go can match (the event id): a count or a cut in SQL would be wrong.
func pushable(q EventQuery) error {
	for _, row := range q.Filters {
		if plan.FiltersNothing(row) {
			continue
		}
		if _, ok := eventColumns[row.Field]; ok {
			continue
		}
		if _, ok := targetColumns[row.Field]; !ok {
			return fmt.Errorf("%w: %s", ErrNotPushable, row.Field)
		}
	}
	return nil
}

// newestTimes reads the times of the matching events newest first, skipping the first skip,
// at most q.Limit of them: where a newest-first read limited to skip events would stop.
func (f *sqliteFile) newestTimes(ctx context.Context, q EventQuery, skip int) ([]int64, error) {
	if q.FromMs > q.ToMs {
		return nil, fmt.Errorf("the range %d..%d is reversed", q.FromMs, q.ToMs)
	}
	if err := pushable(q); err != nil {
		return nil, err
	}
	if skip > 0 {
		toMs, rest, known, err := f.skipByRollup(ctx, q, skip)
		if err != nil || (known && rest < 0) {
			return nil, err
		}
		if known {
			q.ToMs, skip = toMs, rest
		}
	}
	where, args, _ := whereClause(q)
	limit := int64(q.Limit)
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := f.reader.QueryContext(ctx, "SELECT time_ms FROM events WHERE "+where+" ORDER BY time_ms DESC LIMIT ? OFFSET ?",
		append(args, limit, max(0, skip))...)
	if err != nil {
		return nil, classify(err, f.path)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var t int64
		if err := rows.Scan(&t); err != nil {
			return nil, classify(err, f.path)
		}
		out = append(out, t)
	}
	return out, classify(rows.Err(), f.path)
}

// NewestTimes returns the times of the events matching q newest first, after skipping the first
// skip, at most q.Limit (0: all): a query with an events limit asks it where its read would stop
// without reading the events. ErrNotPushable when a filter row can only be matched in Go.
func (h *Handle) NewestTimes(ctx context.Context, q EventQuery, skip int) ([]int64, error) {
	f, done, err := h.use()
	if err != nil {
		return nil, err
	}
	defer done()
	return f.newestTimes(ctx, q, skip)
}
