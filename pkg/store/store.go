// Package store keeps a data source's audit events on the Grafana server's disk, so every viewer,
// alert rule and variable of that data source reads one copy instead of walking Microsoft Graph on
// its own. One SQLite file per (organisation id, data source uid), written by one process at a time.
//
// The store knows nothing about Graph requests or Grafana requests: a sync (elsewhere) writes
// batches of raw events with the spans they cover; queries read events back as the engines'
// normalised models.AuditEvent, decoded by pkg/graph's normaliser from the raw JSON kept as
// Microsoft sent it, so a stored event and a walked event are the same value.
package store

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/auditlens/entraid/pkg/models"
)

// Key names one store: a data source uid is unique only within its organisation.
type Key struct {
	OrgID int64
	UID   string
}

// Flavour is the API schema a raw event was sent in; it picks the normaliser on reading.
type Flavour int

// The schemas a raw event can be in.
const (
	FlavourGraph  Flavour = 0 // Microsoft Graph directoryAudits, v1.0 and beta
	FlavourLegacy Flavour = 1 // the retired Azure AD Graph activities/audit
)

// Record is one event as Microsoft sent it: one element of a page's "value" array.
type Record struct {
	Raw     json.RawMessage
	Flavour Flavour
}

// Span is a closed interval of epoch milliseconds, both ends included (as query ranges are).
type Span struct {
	FromMs int64
	ToMs   int64
}

// Batch is one all-or-nothing write: events, the spans they prove complete, the backfill cursor.
// Marking a span in the batch that fetched it means a crash never leaves a span covered without
// its events.
type Batch struct {
	Records []Record
	// Covered spans are merged into the covered spans after the records are in.
	Covered []Span
	// BackfillCursorMs, when set, records how far back the backfill has walked.
	BackfillCursorMs *int64
}

// WriteResult counts what one batch did.
type WriteResult struct {
	// Inserted events were new; Duplicates were already held (by id) or repeated in the batch.
	Inserted   int
	Duplicates int
	// Unreadable records had no id or no readable time and cannot be stored or placed in time.
	Unreadable int
}

// Coverage splits a range into what the store holds completely and what it does not.
type Coverage struct {
	Covered []Span // newest first, clipped to the range
	Gaps    []Span // newest first
}

// Complete reports whether the whole range is covered.
func (c Coverage) Complete() bool { return len(c.Gaps) == 0 }

// EventQuery selects events: the range (both ends included), the query's filter rows (ANDed;
// a row matches when any value matches, ignoring case as plan.Matches does) and a limit.
type EventQuery struct {
	FromMs  int64
	ToMs    int64
	Filters []models.FilterCondition
	// Limit caps the events returned; 0 means no limit.
	Limit int
}

// EventsResult is the matching events, newest first; ties in the order they were stored, which
// for events a sync stores page by page is the order Graph sent them in, as a walk reads them.
type EventsResult struct {
	Events []models.AuditEvent
	// Truncated: more events matched than Limit; the oldest ones were left out.
	Truncated bool
}

// SyncState is what a sync needs to resume after a restart, and what status shows.
type SyncState struct {
	// BackfillCursorMs is the oldest time the backfill has reached; 0 before the first batch.
	BackfillCursorMs int64
	LastAttemptMs    int64
	LastSuccessMs    int64
	// LastError is the last attempt's error, "" when it succeeded.
	LastError string
}

// Stats is what status pages show about one store.
type Stats struct {
	Path          string
	Events        int64
	OldestMs      int64 // 0 when empty
	NewestMs      int64 // 0 when empty
	BytesOnDisk   int64
	CoveredSpans  int
	SchemaVersion int
	Sync          SyncState
}

// Store is what the plugin needs from a store; the SQLite file is one implementation, a shared
// database for several Grafana replicas could be another.
type Store interface {
	// Write applies a batch atomically: every record inserted or ignored by id, spans merged.
	Write(ctx context.Context, b Batch) (WriteResult, error)
	// Insert writes records alone (a batch without spans).
	Insert(ctx context.Context, records []Record) (WriteResult, error)
	// MarkCovered merges one span into the covered spans.
	MarkCovered(ctx context.Context, s Span) error
	Coverage(ctx context.Context, r Span) (Coverage, error)
	Events(ctx context.Context, q EventQuery) (EventsResult, error)
	// Counts counts matching events per bucket and group without decoding them.
	Counts(ctx context.Context, q CountQuery) ([]CountRow, error)
	// NewestTimes lists matching events' times newest first after skipping skip, at most q.Limit.
	NewestTimes(ctx context.Context, q EventQuery, skip int) ([]int64, error)
	// Prune removes events and coverage older than beforeMs; an event at beforeMs is kept.
	Prune(ctx context.Context, beforeMs int64) (pruned int64, err error)
	SyncState(ctx context.Context) (SyncState, error)
	SaveSyncState(ctx context.Context, s SyncState) error
	Stats(ctx context.Context) (Stats, error)
	// Close releases this holder's use; the file closes when its last holder closes.
	Close() error
	// Delete closes the store for every holder and removes its files.
	Delete() error
}

// Errors a store can fail with; each wraps into an error naming the file and what to do.
var (
	ErrNotConfigured = errors.New("the audit store is not configured")
	ErrInUse         = errors.New("the audit store is in use by another process")
	ErrCorrupt       = errors.New("the audit store file is damaged")
	ErrUnsafeDir     = errors.New("the audit store directory is not safe to use")
	ErrTooNew        = errors.New("the audit store was written by a newer plugin version")
	ErrFull          = errors.New("the disk holding the audit store is full")
	ErrClosed        = errors.New("the audit store is closed")
	ErrWrongStore    = errors.New("the audit store file belongs to another data source")
)
