package store

import (
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
)

// writeV1File makes a store file as the first released schema left it, with one event.
func writeV1File(t *testing.T, dir string, k Key) string {
	t.Helper()
	path := filepath.Join(dir, fileName(k))
	if err := createFile(path); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", dsn(path, false, openOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := migrate(ctx, db, path, 1); err != nil {
		t.Fatal(err)
	}
	ev := rawEvent{ID: "from-v1", TimeMs: base, Activity: "Add user"}
	decoded, _, err := decodeRecords(records([]rawEvent{ev}))
	if err != nil {
		t.Fatal(err)
	}
	tx, _ := db.Begin()
	if _, err := insertEvents(ctx, tx, decoded); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("INSERT INTO coverage (from_ms, to_ms) VALUES (?, ?)", base-1000, base); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAVersion1FileIsMigratedAndKeepsItsEvents(t *testing.T) {
	dir := t.TempDir()
	k := Key{OrgID: 3, UID: "old"}
	writeV1File(t, dir, k)
	h := openIn(t, NewRegistry(), dir, k)
	f, done, _ := h.use()
	var version int
	_ = f.reader.QueryRow("PRAGMA user_version").Scan(&version)
	var indexes int
	_ = f.reader.QueryRow("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'events_activity'").Scan(&indexes)
	done()
	if version != SchemaVersion || indexes != 1 {
		t.Fatalf("schema version %d with %d activity index after opening, want %d with 1", version, indexes, SchemaVersion)
	}
	got := allEvents(t, h).Events
	c, _ := h.Coverage(ctx, Span{base - 1000, base})
	if len(got) != 1 || got[0].ID != "from-v1" || !c.Complete() {
		t.Fatalf("after migration: events %+v, coverage %+v", got, c)
	}
	// The migration claimed the file for its key: another key's name on it is refused.
	_ = h.Close()
	if err := renameStore(dir, k, Key{OrgID: 4, UID: "old"}); err != nil {
		t.Fatal(err)
	}
	if _, err := NewRegistry().Open(ctx, dir, Key{OrgID: 4, UID: "old"}); !errors.Is(err, ErrWrongStore) {
		t.Fatalf("a file of org 3 opened as org 4: %v", err)
	}
}

func TestAFileFromANewerPluginIsRefused(t *testing.T) {
	dir := t.TempDir()
	k := Key{OrgID: 1, UID: "ds"}
	h := openIn(t, NewRegistry(), dir, k)
	f, done, _ := h.use()
	if _, err := f.writer.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	done()
	_ = h.Close()
	_, err := NewRegistry().Open(ctx, dir, k)
	if !errors.Is(err, ErrTooNew) {
		t.Fatalf("got %v, want ErrTooNew", err)
	}
}
