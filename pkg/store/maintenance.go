package store

import (
	"context"
	"database/sql"
	"os"
)

// prune removes events older than beforeMs and trims the coverage to match, in one transaction,
// then returns freed pages to the file system.
func (f *sqliteFile) prune(ctx context.Context, beforeMs int64) (int64, error) {
	tx, err := f.writer.BeginTx(ctx, nil)
	if err != nil {
		return 0, classify(err, f.path)
	}
	defer func() { _ = tx.Rollback() }()
	// Targets go with their events (ON DELETE CASCADE).
	res, err := tx.ExecContext(ctx, "DELETE FROM events WHERE time_ms < ?", beforeMs)
	if err != nil {
		return 0, classify(err, f.path)
	}
	pruned, _ := res.RowsAffected()
	if err := pruneRollup(ctx, tx, beforeMs); err != nil {
		return 0, classify(err, f.path)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM coverage WHERE to_ms < ?", beforeMs); err != nil {
		return 0, classify(err, f.path)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE coverage SET from_ms = ? WHERE from_ms < ?", beforeMs, beforeMs); err != nil {
		return 0, classify(err, f.path)
	}
	if err := tx.Commit(); err != nil {
		return 0, classify(err, f.path)
	}
	if pruned > 0 {
		if _, err := f.writer.ExecContext(ctx, "PRAGMA incremental_vacuum"); err != nil {
			return pruned, classify(err, f.path)
		}
	}
	return pruned, nil
}

func (f *sqliteFile) syncState(ctx context.Context, q querier) (SyncState, error) {
	var s SyncState
	err := q.QueryRowContext(ctx,
		"SELECT backfill_cursor_ms, last_attempt_ms, last_success_ms, last_error FROM sync_state").
		Scan(&s.BackfillCursorMs, &s.LastAttemptMs, &s.LastSuccessMs, &s.LastError)
	return s, classify(err, f.path)
}

func (f *sqliteFile) saveSyncState(ctx context.Context, s SyncState) error {
	_, err := f.writer.ExecContext(ctx,
		"UPDATE sync_state SET backfill_cursor_ms = ?, last_attempt_ms = ?, last_success_ms = ?, last_error = ?",
		s.BackfillCursorMs, s.LastAttemptMs, s.LastSuccessMs, s.LastError)
	return classify(err, f.path)
}

func (f *sqliteFile) stats(ctx context.Context) (Stats, error) {
	st := Stats{Path: f.path, SchemaVersion: SchemaVersion}
	var oldest, newest sql.NullInt64
	err := f.reader.QueryRowContext(ctx, "SELECT count(*), min(time_ms), max(time_ms) FROM events").
		Scan(&st.Events, &oldest, &newest)
	if err != nil {
		return Stats{}, classify(err, f.path)
	}
	st.OldestMs, st.NewestMs = oldest.Int64, newest.Int64
	if err := f.reader.QueryRowContext(ctx, "SELECT count(*) FROM coverage").Scan(&st.CoveredSpans); err != nil {
		return Stats{}, classify(err, f.path)
	}
	if st.Sync, err = f.syncState(ctx, f.reader); err != nil {
		return Stats{}, err
	}
	for _, p := range []string{f.path, f.path + "-wal", f.path + "-shm"} {
		if info, err := os.Stat(p); err == nil {
			st.BytesOnDisk += info.Size()
		}
	}
	return st, nil
}

// removeFiles deletes a closed store's database files; the caller removes the lock file after
// releasing the lock.
func removeFiles(path string) error {
	var firstErr error
	for _, p := range []string{path + "-wal", path + "-shm", path} {
		if err := removeFile(p); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

func removeFile(p string) error {
	if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
		return err
	}
	return nil
}
