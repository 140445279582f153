package store

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations[i] takes a file from schema version i to i+1 (PRAGMA user_version). Append only:
// a released step is never edited, since files in the field already ran it.
var migrations = []string{
	// v1: events with the columns queries push down and group by, the raw event, coverage, sync state.
	// Columns ending in _f hold the value folded by fold(), the exact fold plan.Matches applies.
	// The raw event has its own table, so counting and filtering scan narrow rows only.
	`CREATE TABLE events (
		seq INTEGER PRIMARY KEY,
		id TEXT NOT NULL UNIQUE,
		time_ms INTEGER NOT NULL,
		flavour INTEGER NOT NULL,
		activity TEXT NOT NULL,
		category TEXT NOT NULL,
		service TEXT NOT NULL,
		result TEXT NOT NULL,
		operation_type TEXT NOT NULL,
		activity_type TEXT NOT NULL,
		initiated_by TEXT NOT NULL,
		activity_f TEXT NOT NULL,
		category_f TEXT NOT NULL,
		service_f TEXT NOT NULL,
		result_f TEXT NOT NULL,
		operation_type_f TEXT NOT NULL,
		activity_type_f TEXT NOT NULL,
		initiated_by_f TEXT NOT NULL,
		initiator_upn_f TEXT NOT NULL,
		initiator_user_id_f TEXT NOT NULL,
		initiator_user_name_f TEXT NOT NULL,
		initiator_app_id_f TEXT NOT NULL,
		initiator_app_name_f TEXT NOT NULL,
		correlation_id_f TEXT NOT NULL
	);
	CREATE TABLE event_raw (
		seq INTEGER PRIMARY KEY REFERENCES events(seq) ON DELETE CASCADE,
		raw TEXT NOT NULL
	);
	CREATE INDEX events_time ON events(time_ms);
	CREATE TABLE targets (
		event_seq INTEGER NOT NULL REFERENCES events(seq) ON DELETE CASCADE,
		ord INTEGER NOT NULL,
		type TEXT NOT NULL,
		id_f TEXT NOT NULL,
		name_f TEXT NOT NULL,
		type_f TEXT NOT NULL,
		PRIMARY KEY (event_seq, ord)
	) WITHOUT ROWID;
	CREATE TABLE coverage (
		from_ms INTEGER PRIMARY KEY,
		to_ms INTEGER NOT NULL
	);
	CREATE TABLE sync_state (
		one INTEGER PRIMARY KEY CHECK (one = 1),
		backfill_cursor_ms INTEGER NOT NULL DEFAULT 0,
		last_attempt_ms INTEGER NOT NULL DEFAULT 0,
		last_success_ms INTEGER NOT NULL DEFAULT 0,
		last_error TEXT NOT NULL DEFAULT ''
	);
	INSERT INTO sync_state (one) VALUES (1);`,
	// v2: indexes for the pushed-down fields people filter on most, and the key the file belongs
	// to, so a file copied or renamed into another data source's place is refused, not served.
	`CREATE INDEX events_activity ON events(activity_f, time_ms);
	CREATE INDEX events_initiated_by ON events(initiated_by_f, time_ms);
	CREATE INDEX events_correlation ON events(correlation_id_f);
	CREATE INDEX targets_id ON targets(id_f);
	CREATE INDEX targets_name ON targets(name_f);
	CREATE TABLE store_key (
		one INTEGER PRIMARY KEY CHECK (one = 1),
		org_id INTEGER NOT NULL,
		uid TEXT NOT NULL
	);`,
	// v3: counts per period (rollupLevels), group-by dimension (rollupDim), exact group value and
	// exact result,
	// kept in the write transaction with the events and pruned with them, so long-range counts
	// read thousands of rows instead of every event. rollup_pending asks the opening code to
	// fill it from the events a file already holds (rollup.go, fillPendingRollup).
	`CREATE TABLE rollup (
		level_ms INTEGER NOT NULL,
		dim INTEGER NOT NULL,
		period_ms INTEGER NOT NULL,
		value TEXT NOT NULL,
		result TEXT NOT NULL,
		events INTEGER NOT NULL,
		failures INTEGER NOT NULL,
		first_ms INTEGER NOT NULL,
		last_ms INTEGER NOT NULL,
		PRIMARY KEY (level_ms, dim, period_ms, value, result)
	) WITHOUT ROWID;
	CREATE TABLE rollup_pending (one INTEGER PRIMARY KEY CHECK (one = 1));
	INSERT INTO rollup_pending (one) SELECT 1 WHERE EXISTS (SELECT 1 FROM events);`,
	// v4: the folded columns hold plan.MatchKey (white space around a value dropped, every dash of
	// conformance/tables/text-match.json written as '-'), no longer only the lower case v1-v3 wrote.
	// Lower-casing never makes or removes a dash or a space, so folding the folded text again is
	// the same as folding the original. TestTheRefoldMigrationFollowsTheTextMatchTable pins it to the table.
	`UPDATE events SET
		activity_f = trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(activity_f, char(8208), '-'), char(8209), '-'), char(8210), '-'), char(8211), '-'), char(8212), '-'), char(8213), '-'), char(8722), '-'), char(11834), '-'), char(11835), '-'), char(65112), '-'), char(65123), '-'), char(65293), '-'), char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279)),
		category_f = trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(category_f, char(8208), '-'), char(8209), '-'), char(8210), '-'), char(8211), '-'), char(8212), '-'), char(8213), '-'), char(8722), '-'), char(11834), '-'), char(11835), '-'), char(65112), '-'), char(65123), '-'), char(65293), '-'), char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279)),
		service_f = trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(service_f, char(8208), '-'), char(8209), '-'), char(8210), '-'), char(8211), '-'), char(8212), '-'), char(8213), '-'), char(8722), '-'), char(11834), '-'), char(11835), '-'), char(65112), '-'), char(65123), '-'), char(65293), '-'), char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279)),
		result_f = trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(result_f, char(8208), '-'), char(8209), '-'), char(8210), '-'), char(8211), '-'), char(8212), '-'), char(8213), '-'), char(8722), '-'), char(11834), '-'), char(11835), '-'), char(65112), '-'), char(65123), '-'), char(65293), '-'), char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279)),
		operation_type_f = trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(operation_type_f, char(8208), '-'), char(8209), '-'), char(8210), '-'), char(8211), '-'), char(8212), '-'), char(8213), '-'), char(8722), '-'), char(11834), '-'), char(11835), '-'), char(65112), '-'), char(65123), '-'), char(65293), '-'), char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279)),
		activity_type_f = trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(activity_type_f, char(8208), '-'), char(8209), '-'), char(8210), '-'), char(8211), '-'), char(8212), '-'), char(8213), '-'), char(8722), '-'), char(11834), '-'), char(11835), '-'), char(65112), '-'), char(65123), '-'), char(65293), '-'), char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279)),
		initiated_by_f = trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(initiated_by_f, char(8208), '-'), char(8209), '-'), char(8210), '-'), char(8211), '-'), char(8212), '-'), char(8213), '-'), char(8722), '-'), char(11834), '-'), char(11835), '-'), char(65112), '-'), char(65123), '-'), char(65293), '-'), char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279)),
		initiator_upn_f = trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(initiator_upn_f, char(8208), '-'), char(8209), '-'), char(8210), '-'), char(8211), '-'), char(8212), '-'), char(8213), '-'), char(8722), '-'), char(11834), '-'), char(11835), '-'), char(65112), '-'), char(65123), '-'), char(65293), '-'), char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279)),
		initiator_user_id_f = trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(initiator_user_id_f, char(8208), '-'), char(8209), '-'), char(8210), '-'), char(8211), '-'), char(8212), '-'), char(8213), '-'), char(8722), '-'), char(11834), '-'), char(11835), '-'), char(65112), '-'), char(65123), '-'), char(65293), '-'), char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279)),
		initiator_user_name_f = trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(initiator_user_name_f, char(8208), '-'), char(8209), '-'), char(8210), '-'), char(8211), '-'), char(8212), '-'), char(8213), '-'), char(8722), '-'), char(11834), '-'), char(11835), '-'), char(65112), '-'), char(65123), '-'), char(65293), '-'), char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279)),
		initiator_app_id_f = trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(initiator_app_id_f, char(8208), '-'), char(8209), '-'), char(8210), '-'), char(8211), '-'), char(8212), '-'), char(8213), '-'), char(8722), '-'), char(11834), '-'), char(11835), '-'), char(65112), '-'), char(65123), '-'), char(65293), '-'), char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279)),
		initiator_app_name_f = trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(initiator_app_name_f, char(8208), '-'), char(8209), '-'), char(8210), '-'), char(8211), '-'), char(8212), '-'), char(8213), '-'), char(8722), '-'), char(11834), '-'), char(11835), '-'), char(65112), '-'), char(65123), '-'), char(65293), '-'), char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279)),
		correlation_id_f = trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(correlation_id_f, char(8208), '-'), char(8209), '-'), char(8210), '-'), char(8211), '-'), char(8212), '-'), char(8213), '-'), char(8722), '-'), char(11834), '-'), char(11835), '-'), char(65112), '-'), char(65123), '-'), char(65293), '-'), char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279));
	UPDATE targets SET
		id_f = trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(id_f, char(8208), '-'), char(8209), '-'), char(8210), '-'), char(8211), '-'), char(8212), '-'), char(8213), '-'), char(8722), '-'), char(11834), '-'), char(11835), '-'), char(65112), '-'), char(65123), '-'), char(65293), '-'), char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279)),
		name_f = trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(name_f, char(8208), '-'), char(8209), '-'), char(8210), '-'), char(8211), '-'), char(8212), '-'), char(8213), '-'), char(8722), '-'), char(11834), '-'), char(11835), '-'), char(65112), '-'), char(65123), '-'), char(65293), '-'), char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279)),
		type_f = trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(type_f, char(8208), '-'), char(8209), '-'), char(8210), '-'), char(8211), '-'), char(8212), '-'), char(8213), '-'), char(8722), '-'), char(11834), '-'), char(11835), '-'), char(65112), '-'), char(65123), '-'), char(65293), '-'), char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279));`,
}

// SchemaVersion is the version this build writes.
var SchemaVersion = len(migrations)

// migrate brings a file up to the given version, one transaction per step, so a crash between
// steps leaves a file at a known version.
func migrate(ctx context.Context, db *sql.DB, path string, target int) error {
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("cannot read the schema version of %q: %w", path, err)
	}
	if version > len(migrations) {
		return fmt.Errorf("%w: %q is at schema version %d, this plugin knows up to %d; upgrade the plugin, "+
			"or move the file away to start a new store", ErrTooNew, path, version, len(migrations))
	}
	for v := version; v < target; v++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("cannot migrate %q from schema version %d to %d: %w", path, v, v+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			_ = tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("cannot migrate %q from schema version %d to %d: %w", path, v, v+1, err)
		}
	}
	return nil
}
