package store

import (
	"context"
	"database/sql"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// fold is plan.MatchKey, what plan.Matches compares on both sides; the folded columns hold its
// result, so an equality in SQL is exactly the match in Go (SQLite's lower() folds ASCII only).
func fold(s string) string { return plan.MatchKey(s) }

// beforeCommit lets a test kill its process between a batch's writes and its commit.
var beforeCommit func()

const insertEvent = `INSERT OR IGNORE INTO events (id, time_ms, flavour,
	activity, category, service, result, operation_type, activity_type, initiated_by,
	activity_f, category_f, service_f, result_f, operation_type_f, activity_type_f, initiated_by_f,
	initiator_upn_f, initiator_user_id_f, initiator_user_name_f, initiator_app_id_f, initiator_app_name_f,
	correlation_id_f)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

const insertRaw = `INSERT INTO event_raw (seq, raw) VALUES (?, ?)`

const insertTarget = `INSERT INTO targets (event_seq, ord, type, id_f, name_f, type_f) VALUES (?, ?, ?, ?, ?, ?)`

// write applies one batch in one IMMEDIATE transaction: all of it, or (on any error, a full disk
// included) none of it.
func (f *sqliteFile) write(ctx context.Context, b Batch) (WriteResult, error) {
	for _, s := range b.Covered {
		if err := validSpan(s); err != nil {
			return WriteResult{}, err
		}
	}
	decoded, res, err := decodeRecords(b.Records)
	if err != nil {
		return WriteResult{}, err
	}
	tx, err := f.writer.BeginTx(ctx, nil)
	if err != nil {
		return WriteResult{}, classify(err, f.path)
	}
	defer func() { _ = tx.Rollback() }()
	// Only events new to the store are counted into the rollup: a re-sent event is not counted twice.
	agg := rollupAgg{}
	inserted, err := insertNewEvents(ctx, tx, decoded, agg)
	if err != nil {
		return WriteResult{}, classify(err, f.path)
	}
	if err := agg.flush(ctx, tx, 1<<62); err != nil {
		return WriteResult{}, classify(err, f.path)
	}
	for _, s := range b.Covered {
		if err := markCovered(ctx, tx, s); err != nil {
			return WriteResult{}, classify(err, f.path)
		}
	}
	if b.BackfillCursorMs != nil {
		if _, err := tx.ExecContext(ctx, "UPDATE sync_state SET backfill_cursor_ms = ?", *b.BackfillCursorMs); err != nil {
			return WriteResult{}, classify(err, f.path)
		}
	}
	if beforeCommit != nil {
		beforeCommit()
	}
	if err := tx.Commit(); err != nil {
		return WriteResult{}, classify(err, f.path)
	}
	res.Inserted = inserted
	res.Duplicates = len(decoded) - inserted
	return res, nil
}

// storedEvent is a record with its normalised event.
type storedEvent struct {
	raw     []byte
	flavour Flavour
	ev      *models.AuditEvent
}

// insertEvents inserts events without counting them into a rollup (files from before schema v3).
func insertEvents(ctx context.Context, tx *sql.Tx, events []storedEvent) (int, error) {
	return insertNewEvents(ctx, tx, events, nil)
}

// insertNewEvents inserts the events the store does not hold yet and adds those to agg (when not nil).
func insertNewEvents(ctx context.Context, tx *sql.Tx, events []storedEvent, agg rollupAgg) (int, error) {
	if len(events) == 0 {
		return 0, nil
	}
	evStmt, err := tx.PrepareContext(ctx, insertEvent)
	if err != nil {
		return 0, err
	}
	defer evStmt.Close()
	tgStmt, err := tx.PrepareContext(ctx, insertTarget)
	if err != nil {
		return 0, err
	}
	defer tgStmt.Close()
	rawStmt, err := tx.PrepareContext(ctx, insertRaw)
	if err != nil {
		return 0, err
	}
	defer rawStmt.Close()
	inserted := 0
	for _, se := range events {
		res, err := evStmt.ExecContext(ctx, eventArgs(se)...)
		if err != nil {
			return 0, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue // already held: the first copy stays, as Graph sends one event once
		}
		inserted++
		if agg != nil {
			agg.add(rollupEventOf(se.ev))
		}
		seq, err := res.LastInsertId()
		if err != nil {
			return 0, err
		}
		if _, err := rawStmt.ExecContext(ctx, seq, string(se.raw)); err != nil {
			return 0, err
		}
		for i, t := range se.ev.Targets {
			name := t.DisplayName
			if name == "" {
				name = t.UserPrincipalName
			}
			if _, err := tgStmt.ExecContext(ctx, seq, i, t.Type, fold(t.ID), fold(name), fold(t.Type)); err != nil {
				return 0, err
			}
		}
	}
	return inserted, nil
}

func eventArgs(se storedEvent) []any {
	ev := se.ev
	return []any{ev.ID, ev.TimeMs, int(se.flavour),
		ev.Activity, ev.Category, ev.Service, ev.Result, ev.OperationType, ev.ActivityType, ev.InitiatedBy,
		fold(ev.Activity), fold(ev.Category), fold(ev.Service), fold(ev.Result), fold(ev.OperationType),
		fold(ev.ActivityType), fold(ev.InitiatedBy),
		fold(ev.InitiatorUpn), fold(ev.InitiatorUserID), fold(ev.InitiatorUserName), fold(ev.InitiatorAppID),
		fold(ev.InitiatorAppName), fold(ev.CorrelationID)}
}
