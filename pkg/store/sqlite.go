package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// busyTimeoutMs bounds how long a statement waits for another connection's lock (a checkpoint,
// the writer) before failing; readers never wait for the writer in WAL mode.
const busyTimeoutMs = 5000

// maxReaders is how many queries read one store at once.
const maxReaders = 4

// Page caches per connection, in KiB. SQLite's default (2 MiB) makes a batch re-read the index
// pages it just wrote; with these the writer keeps a backfill's working set (measured in
// docs/store.md), at most (writer + maxReaders × reader) = 64 MiB per open store.
const (
	writerCacheKiB = 32 * 1024
	readerCacheKiB = 8 * 1024
)

// sqliteHeader starts every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// sqliteFile is one open store file: a single writing connection (writes are serialised anyway)
// and a small pool of read-only ones, so queries never queue behind a batch.
type sqliteFile struct {
	path   string
	writer *sql.DB
	reader *sql.DB
	lock   *fileLock
}

// openOptions are for tests: maxPageCount simulates a full disk on the writing connection.
type openOptions struct {
	maxPageCount int
}

// openFile locks, checks, migrates and opens the store file at path for key k.
func openFile(ctx context.Context, path string, k Key, opts openOptions) (*sqliteFile, error) {
	for _, p := range []string{path, path + "-wal", path + "-shm", path + ".lock"} {
		if err := checkRegularFile(p); err != nil {
			return nil, err
		}
	}
	lock, err := acquireLock(path + ".lock")
	if err != nil {
		return nil, err
	}
	f := &sqliteFile{path: path, lock: lock}
	if err := f.open(ctx, k, opts); err != nil {
		_ = f.close()
		return nil, err
	}
	return f, nil
}

func (f *sqliteFile) open(ctx context.Context, k Key, opts openOptions) error {
	if err := createFile(f.path); err != nil {
		return err
	}
	if err := checkHeader(f.path); err != nil {
		return err
	}
	var err error
	if f.writer, err = sql.Open("sqlite", dsn(f.path, false, opts)); err != nil {
		return err
	}
	f.writer.SetMaxOpenConns(1)
	if err := f.check(ctx); err != nil {
		return err
	}
	if err := migrate(ctx, f.writer, f.path, SchemaVersion); err != nil {
		return classify(err, f.path)
	}
	if err := f.claim(ctx, k); err != nil {
		return err
	}
	if err := f.fillPendingRollup(ctx); err != nil {
		return err
	}
	if f.reader, err = sql.Open("sqlite", dsn(f.path, true, opts)); err != nil {
		return err
	}
	f.reader.SetMaxOpenConns(maxReaders)
	return nil
}

// createFile makes a new store file 0600 before SQLite sees it (SQLite would create it 0644, and
// gives its -wal and -shm files the database file's mode).
func createFile(path string) error {
	file, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot create the audit store file %q: %w; check that the Grafana server's user can write to %q",
			path, err, filepath.Dir(path))
	}
	return file.Close()
}

// checkHeader refuses a non-empty file that is not an SQLite database before SQLite touches it.
func checkHeader(path string) error {
	file, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("cannot read the audit store file %q: %w", path, err)
	}
	defer file.Close()
	head := make([]byte, len(sqliteHeader))
	n, err := io.ReadFull(file, head)
	if n == 0 && (err == io.EOF || err == nil) {
		return nil
	}
	if !bytes.Equal(head[:n], sqliteHeader) {
		return corruptError(path, "it is not an SQLite database")
	}
	return nil
}

// check runs SQLite's quick integrity check: a damaged file is refused at open, not served.
func (f *sqliteFile) check(ctx context.Context) error {
	rows, err := f.writer.QueryContext(ctx, "PRAGMA quick_check")
	if err != nil {
		return classify(err, f.path)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return classify(err, f.path)
		}
		if line != "ok" && len(problems) < 3 {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return classify(err, f.path)
	}
	if len(problems) > 0 {
		return corruptError(f.path, strings.Join(problems, "; "))
	}
	return nil
}

// claim records which data source the file belongs to, or refuses a file of another one.
func (f *sqliteFile) claim(ctx context.Context, k Key) error {
	var org int64
	var uid string
	err := f.writer.QueryRowContext(ctx, "SELECT org_id, uid FROM store_key").Scan(&org, &uid)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = f.writer.ExecContext(ctx, "INSERT INTO store_key (one, org_id, uid) VALUES (1, ?, ?)", k.OrgID, k.UID)
		return classify(err, f.path)
	}
	if err != nil {
		return classify(err, f.path)
	}
	if org != k.OrgID || uid != k.UID {
		return fmt.Errorf("%w: %q holds organisation %d, data source %q, not organisation %d, data source %q; "+
			"move the file away", ErrWrongStore, f.path, org, uid, k.OrgID, k.UID)
	}
	return nil
}

func (f *sqliteFile) close() error {
	var errs []error
	for _, db := range []*sql.DB{f.reader, f.writer} {
		if db != nil {
			errs = append(errs, db.Close())
		}
	}
	f.reader, f.writer = nil, nil
	errs = append(errs, f.lock.release())
	return errors.Join(errs...)
}

// dsn is modernc's connection string; the path is escaped as an SQLite URI, so no character of
// the configured directory can add parameters.
func dsn(path string, readOnly bool, opts openOptions) string {
	p := filepath.ToSlash(path)
	if runtime.GOOS == "windows" {
		p = "/" + p
	}
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(busyTimeoutMs))
	q.Set("_auto_vacuum", "INCREMENTAL")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_foreign_keys", "on")
	if readOnly {
		q.Set("_query_only", "on")
		q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", readerCacheKiB))
	} else {
		q.Set("_txlock", "immediate")
		q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", writerCacheKiB))
	}
	if opts.maxPageCount > 0 {
		q.Add("_pragma", fmt.Sprintf("max_page_count(%d)", opts.maxPageCount))
	}
	return "file:" + (&url.URL{Path: p}).EscapedPath() + "?" + q.Encode()
}

// classify turns SQLite's codes into the store's errors, each naming the file and what to do.
func classify(err error, path string) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_FULL:
		return fmt.Errorf("%w: writing %q failed (%v); nothing of this batch was kept and everything stored before is intact. "+
			"Free space on the disk, or shorten the kept retention", ErrFull, path, err)
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return corruptError(path, err.Error())
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM:
		return fmt.Errorf("cannot write the audit store %q (%v); give the Grafana server's user write access to it and its directory", path, err)
	}
	return fmt.Errorf("audit store %q: %w", path, err)
}

func corruptError(path, detail string) error {
	return fmt.Errorf("%w: %q (%s). Move it away with its -wal and -shm files (e.g. `mv %s %s.damaged`); "+
		"until then this data source answers from Microsoft Graph, and a new store is built after the move",
		ErrCorrupt, path, detail, path, path)
}
