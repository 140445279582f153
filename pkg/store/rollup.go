package store

import (
	"context"
	"database/sql"
	"sort"
	"strings"

	"github.com/auditlens/entraid/pkg/models"
)

// rollupLevels are the period widths the rollup counts by, widest first. Each divides the next
// wider one and all are aligned to the epoch, as buckets are, so a bucket that is a whole multiple
// of a level is made of whole periods of it: 30-minute periods serve the 30m, 1h … 12h buckets a
// 30-day panel draws, 5-minute ones 10m to 20m, days the summaries and alert numbers of long
// ranges, minutes the rest and the edges of a range. Changing the list needs a migration that
// rebuilds the table.
var rollupLevels = []int64{86_400_000, 1_800_000, 300_000, 60_000}

const dayMs = 86_400_000

// rollupDim is a group-by dimension as stored in rollup.dim. Stored codes: never renumber.
type rollupDim int

const (
	dimAll rollupDim = iota // every event in one group ""
	dimActivity
	dimCategory
	dimService
	dimResult
	dimOperationType
	dimActivityType
	dimInitiatedBy
	dimTargetType // the first target's type, as frames.GroupValue counts an event once
	dimCount
)

var dimOfGroupBy = map[models.GroupBy]rollupDim{
	"": dimAll, models.GroupByActivity: dimActivity, models.GroupByCategory: dimCategory, models.GroupByService: dimService,
	models.GroupByResult: dimResult, models.GroupByOperationType: dimOperationType, models.GroupByActivityType: dimActivityType,
	models.GroupByInitiatedBy: dimInitiatedBy, models.GroupByTargetType: dimTargetType,
}

// rollupEvent is what the rollup needs of one event: its time, its value per dimension (the
// exact stored group values, "" for none) and whether it failed.
type rollupEvent struct {
	timeMs  int64
	values  [dimCount]string
	failure bool
}

func rollupEventOf(ev *models.AuditEvent) rollupEvent {
	re := rollupEvent{timeMs: ev.TimeMs, failure: isFailure(ev.Result)}
	re.values = [dimCount]string{"", ev.Activity, ev.Category, ev.Service, ev.Result, ev.OperationType, ev.ActivityType, ev.InitiatedBy, ""}
	if len(ev.Targets) > 0 {
		re.values[dimTargetType] = ev.Targets[0].Type
	}
	return re
}

// isFailure is the summary's Failures rule (frames.CountEvents).
func isFailure(result string) bool { return strings.EqualFold(result, "failure") }

type rollupKey struct {
	levelMs  int64
	dim      rollupDim
	periodMs int64
	value    string
	// result is the event's exact result, so a row on the result filters any dimension exactly
	// (the result holds a handful of values, so this adds few cells).
	result string
}

type rollupCell struct{ events, failures, firstMs, lastMs int64 }

func (c *rollupCell) add(o rollupCell) {
	if c.events == 0 {
		*c = o
		return
	}
	c.events += o.events
	c.failures += o.failures
	c.firstMs, c.lastMs = min(c.firstMs, o.firstMs), max(c.lastMs, o.lastMs)
}

// rollupAgg adds up events in memory, then merges them into the table in one statement per cell.
type rollupAgg map[rollupKey]*rollupCell

func (a rollupAgg) add(re rollupEvent) {
	one := rollupCell{events: 1, firstMs: re.timeMs, lastMs: re.timeMs}
	if re.failure {
		one.failures = 1
	}
	for _, level := range rollupLevels {
		period := floorTo(re.timeMs, level)
		for d := rollupDim(0); d < dimCount; d++ {
			k := rollupKey{levelMs: level, dim: d, periodMs: period, value: re.values[d], result: re.values[dimResult]}
			if c, ok := a[k]; ok {
				c.add(one)
			} else {
				cell := one
				a[k] = &cell
			}
		}
	}
}

const upsertRollup = `INSERT INTO rollup (level_ms, dim, period_ms, value, result, events, failures, first_ms, last_ms)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (level_ms, dim, period_ms, value, result) DO UPDATE SET events = events + excluded.events,
	failures = failures + excluded.failures, first_ms = min(first_ms, excluded.first_ms), last_ms = max(last_ms, excluded.last_ms)`

// flush merges the cells with a period before keepBefore into the table, in key order (fewer
// page changes), and empties the aggregate.
func (a rollupAgg) flush(ctx context.Context, tx *sql.Tx, keepBefore int64) error {
	if len(a) == 0 {
		return nil
	}
	keys := make([]rollupKey, 0, len(a))
	for k := range a {
		if k.periodMs < keepBefore {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].less(keys[j]) })
	stmt, err := tx.PrepareContext(ctx, upsertRollup)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, k := range keys {
		c := a[k]
		if _, err := stmt.ExecContext(ctx, k.levelMs, int(k.dim), k.periodMs, k.value, k.result, c.events, c.failures, c.firstMs, c.lastMs); err != nil {
			return err
		}
	}
	clear(a)
	return nil
}

func (k rollupKey) less(o rollupKey) bool {
	if k.levelMs != o.levelMs {
		return k.levelMs < o.levelMs
	}
	if k.dim != o.dim {
		return k.dim < o.dim
	}
	if k.periodMs != o.periodMs {
		return k.periodMs < o.periodMs
	}
	if k.value != o.value {
		return k.value < o.value
	}
	return k.result < o.result
}

// rebuildRollup adds the stored events in [fromMs, toMs) to the rollup, keeping only the cells
// of periods before keepBefore, one day at a time, so memory holds one day's cells.
func rebuildRollup(ctx context.Context, tx *sql.Tx, fromMs, toMs, keepBefore int64) error {
	for cursor := fromMs; cursor < toMs; {
		var next sql.NullInt64
		if err := tx.QueryRowContext(ctx, "SELECT min(time_ms) FROM events WHERE time_ms >= ? AND time_ms < ?", cursor, toMs).Scan(&next); err != nil {
			return err
		}
		if !next.Valid {
			return nil
		}
		dayEnd := min(toMs, floorTo(next.Int64, dayMs)+dayMs)
		agg, err := rollupOfStored(ctx, tx, next.Int64, dayEnd)
		if err != nil {
			return err
		}
		if err := agg.flush(ctx, tx, keepBefore); err != nil {
			return err
		}
		cursor = dayEnd
	}
	return nil
}

// rollupOfStored adds up the stored events in [fromMs, toMs) from their columns.
func rollupOfStored(ctx context.Context, tx *sql.Tx, fromMs, toMs int64) (rollupAgg, error) {
	rows, err := tx.QueryContext(ctx, `SELECT time_ms, activity, category, service, result, operation_type, activity_type, initiated_by,
		coalesce((SELECT t.type FROM targets t WHERE t.event_seq = events.seq AND t.ord = 0), '')
		FROM events WHERE time_ms >= ? AND time_ms < ?`, fromMs, toMs)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	agg := rollupAgg{}
	for rows.Next() {
		var re rollupEvent
		v := &re.values
		if err := rows.Scan(&re.timeMs, &v[dimActivity], &v[dimCategory], &v[dimService], &v[dimResult], &v[dimOperationType],
			&v[dimActivityType], &v[dimInitiatedBy], &v[dimTargetType]); err != nil {
			return nil, err
		}
		re.failure = isFailure(v[dimResult])
		agg.add(re)
	}
	return agg, rows.Err()
}

// pruneRollup removes the rollup of events older than beforeMs, after those events were deleted:
// every period starting before it goes, and the periods holding beforeMs (all within its day,
// since the levels nest in days) are counted again from the events kept.
func pruneRollup(ctx context.Context, tx *sql.Tx, beforeMs int64) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM rollup WHERE period_ms < ?", beforeMs); err != nil {
		return err
	}
	day := floorTo(beforeMs, dayMs)
	return rebuildRollup(ctx, tx, day, day+dayMs, beforeMs)
}

// fillPendingRollup counts the events a file held before it had a rollup (schema v3), in one
// transaction with clearing the request, so a crash leaves it to do again from scratch.
func (f *sqliteFile) fillPendingRollup(ctx context.Context) error {
	var pending int
	if err := f.writer.QueryRowContext(ctx, "SELECT count(*) FROM rollup_pending").Scan(&pending); err != nil || pending == 0 {
		return classify(err, f.path)
	}
	tx, err := f.writer.BeginTx(ctx, nil)
	if err != nil {
		return classify(err, f.path)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, "DELETE FROM rollup"); err != nil {
		return classify(err, f.path)
	}
	if err := rebuildRollup(ctx, tx, -1<<62, 1<<62, 1<<62); err != nil {
		return classify(err, f.path)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM rollup_pending"); err != nil {
		return classify(err, f.path)
	}
	return classify(tx.Commit(), f.path)
}

// floorTo is the start of the period of width w holding t (floor division, right before 1970).
func floorTo(t, w int64) int64 {
	q := t / w
	if t%w != 0 && t < 0 {
		q--
	}
	return q * w
}
