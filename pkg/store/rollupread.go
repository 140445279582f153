package store

import (
	"context"
	"database/sql"
	"sort"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// filterDims are the filter fields whose value is the group value of a dimension, so a row on
// them can be matched against the rollup's group values. Target type is not one: its filter
// matches any target, its group is the first target's.
var filterDims = map[models.FilterField]rollupDim{
	models.FieldActivity: dimActivity, models.FieldCategory: dimCategory, models.FieldService: dimService,
	models.FieldResult: dimResult, models.FieldOperationType: dimOperationType, models.FieldActivityType: dimActivityType,
	models.FieldInitiatedBy: dimInitiatedBy,
}

// rollupPlan is how a count query is read from the rollup: the dimension, the levels whose
// periods lie whole in one bucket, and the filter rows, on that dimension or on the result.
type rollupPlan struct {
	dim    rollupDim
	levels []int64
	rows   []models.FilterCondition
}

// planRollup says whether the rollup answers q exactly: every row that filters anything is on
// the group-by's own field or on the result (or there is none), and some level divides the
// bucket width.
func planRollup(q CountQuery) (rollupPlan, bool) {
	dim, ok := dimOfGroupBy[q.GroupBy]
	if !ok {
		return rollupPlan{}, false
	}
	p := rollupPlan{dim: dim}
	for _, row := range q.Filters {
		if plan.FiltersNothing(row) {
			continue
		}
		if d, ok := filterDims[row.Field]; !ok || (d != dim && d != dimResult) {
			return rollupPlan{}, false
		}
		p.rows = append(p.rows, row)
	}
	for _, level := range rollupLevels {
		if q.BucketMs == 0 || q.BucketMs%level == 0 {
			p.levels = append(p.levels, level)
		}
	}
	return p, len(p.levels) > 0
}

// segment is a half-open range [fromMs, toMs) read from one level of the rollup, or from the
// events when levelMs is 0.
type segment struct{ levelMs, fromMs, toMs int64 }

// segments splits [fromMs, toMs) into whole periods of the widest level that fit, then of the
// next level on either side, and so on; what is left at the edges is read from the events.
func segments(fromMs, toMs int64, levels []int64) []segment {
	if fromMs >= toMs {
		return nil
	}
	if len(levels) == 0 {
		return []segment{{0, fromMs, toMs}}
	}
	level := levels[0]
	start, end := -floorTo(-fromMs, level), floorTo(toMs, level)
	if start >= end {
		return segments(fromMs, toMs, levels[1:])
	}
	out := segments(fromMs, start, levels[1:])
	out = append(out, segment{level, start, end})
	return append(out, segments(end, toMs, levels[1:])...)
}

// countsFromRollup answers q from the rollup's whole periods and the events at the edges, all
// read in one transaction, so a batch written meanwhile is counted in every part or in none.
func (f *sqliteFile) countsFromRollup(ctx context.Context, q CountQuery, rp rollupPlan) ([]CountRow, error) {
	tx, err := f.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, classify(err, f.path)
	}
	defer func() { _ = tx.Rollback() }()
	merged := map[countKey]*CountRow{}
	add := func(r CountRow) {
		k := countKey{r.BucketStartMs, r.Group}
		if c, ok := merged[k]; ok {
			c.Count += r.Count
			c.Failures += r.Failures
			c.FirstMs, c.LastMs = min(c.FirstMs, r.FirstMs), max(c.LastMs, r.LastMs)
			return
		}
		merged[k] = &r
	}
	for _, s := range segments(q.FromMs, q.ToMs+1, rp.levels) {
		var err error
		if s.levelMs == 0 {
			err = f.countEventsInto(ctx, tx, q, s.fromMs, s.toMs-1, add)
		} else {
			err = f.countPeriodsInto(ctx, tx, q, rp, s, add)
		}
		if err != nil {
			return nil, err
		}
	}
	out := make([]CountRow, 0, len(merged))
	for _, r := range merged {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].BucketStartMs != out[j].BucketStartMs {
			return out[i].BucketStartMs < out[j].BucketStartMs
		}
		return out[i].Group < out[j].Group
	})
	return out, nil
}

type countKey struct {
	bucket int64
	group  string
}

// countPeriodsInto adds the rollup rows of one segment, each in its bucket; a filter row is
// matched against the group value with plan.Matches itself, as it would be against the event.
func (f *sqliteFile) countPeriodsInto(ctx context.Context, db querier, q CountQuery, rp rollupPlan, s segment, add func(CountRow)) error {
	rows, err := db.QueryContext(ctx, `SELECT period_ms, value, result, events, failures, first_ms, last_ms FROM rollup
		WHERE level_ms = ? AND dim = ? AND period_ms >= ? AND period_ms < ?`, s.levelMs, int(rp.dim), s.fromMs, s.toMs)
	if err != nil {
		return classify(err, f.path)
	}
	defer rows.Close()
	var probe models.AuditEvent
	for rows.Next() {
		var period int64
		var r CountRow
		if err := rows.Scan(&period, &r.Group, &probe.Result, &r.Count, &r.Failures, &r.FirstMs, &r.LastMs); err != nil {
			return classify(err, f.path)
		}
		if len(rp.rows) > 0 {
			setDimValue(&probe, rp.dim, r.Group)
			if !plan.Matches(&probe, rp.rows) {
				continue
			}
		}
		r.BucketStartMs = q.FromMs
		if q.BucketMs > 0 {
			r.BucketStartMs = floorTo(period, q.BucketMs)
		}
		add(r)
	}
	return classify(rows.Err(), f.path)
}

// setDimValue puts a group value where plan.Matches reads the field of that dimension.
func setDimValue(ev *models.AuditEvent, d rollupDim, v string) {
	switch d {
	case dimActivity:
		ev.Activity = v
	case dimCategory:
		ev.Category = v
	case dimService:
		ev.Service = v
	case dimResult:
		ev.Result = v
	case dimOperationType:
		ev.OperationType = v
	case dimActivityType:
		ev.ActivityType = v
	case dimInitiatedBy:
		ev.InitiatedBy = v
	}
}

// countEventsInto counts the events of [fromMs, toMs] (both included) in SQL, in q's buckets.
func (f *sqliteFile) countEventsInto(ctx context.Context, db querier, q CountQuery, fromMs, toMs int64, add func(CountRow)) error {
	rows, err := f.countInSQL(ctx, db, q, fromMs, toMs)
	if err != nil {
		return err
	}
	for _, r := range rows {
		add(r)
	}
	return nil
}

// skipByRollup finds, from the rollup's counts per day, the newest day holding the matching event
// after the first skip: newest first, the reader then skips only rest events up to toMs instead
// of skip from q.ToMs. rest < 0: fewer than skip+1 events match. known is false when the rollup
// cannot count q's rows exactly.
func (f *sqliteFile) skipByRollup(ctx context.Context, q EventQuery, skip int) (toMs int64, rest int, known bool, err error) {
	cq := CountQuery{FromMs: q.FromMs, ToMs: q.ToMs, Filters: q.Filters, BucketMs: dayMs}
	for _, row := range q.Filters {
		// Group by the rows' field other than the result, which every dimension can filter on.
		if d, ok := filterDims[row.Field]; ok && !plan.FiltersNothing(row) && (d != dimResult || cq.GroupBy == "") {
			cq.GroupBy = groupByOfDim(d)
		}
	}
	rp, ok := planRollup(cq)
	if !ok {
		return 0, 0, false, nil
	}
	rows, err := f.countsFromRollup(ctx, cq, rp)
	if err != nil {
		return 0, 0, false, err
	}
	perDay := map[int64]int64{}
	for _, r := range rows {
		perDay[r.BucketStartMs] += r.Count
	}
	newer := int64(0)
	for i := len(rows) - 1; i >= 0; i-- {
		day := rows[i].BucketStartMs
		if i < len(rows)-1 && rows[i+1].BucketStartMs == day {
			continue // the day's total was taken with its last row
		}
		if newer+perDay[day] > int64(skip) {
			return min(q.ToMs, day+dayMs-1), skip - int(newer), true, nil
		}
		newer += perDay[day]
	}
	return 0, -1, true, nil
}

func groupByOfDim(d rollupDim) models.GroupBy {
	for by, dim := range dimOfGroupBy {
		if dim == d {
			return by
		}
	}
	return ""
}
