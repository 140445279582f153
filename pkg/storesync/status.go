package storesync

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/auditlens/entraid/pkg/store"
)

// Status is what the config page and Save & test show about a store and its sync.
type Status struct {
	Path        string `json:"path"`
	Events      int64  `json:"events"`
	OldestMs    int64  `json:"oldestMs"` // 0 when empty
	NewestMs    int64  `json:"newestMs"` // 0 when empty
	BytesOnDisk int64  `json:"bytesOnDisk"`
	// BackfillPercent is the share of the window the store should hold (the kept or the tenant's
	// retention, whichever is shorter, up to the ingestion delay) that it holds completely.
	BackfillPercent float64 `json:"backfillPercent"`
	// CoveredFromMs..CoveredToMs is the newest span held completely (0 when none).
	CoveredFromMs int64 `json:"coveredFromMs"`
	CoveredToMs   int64 `json:"coveredToMs"`
	// CoveredSpans counts the separate spans held completely (1 once a backfill is done).
	CoveredSpans int `json:"coveredSpans"`
	// LastSyncMs is when the last cycle that ended without an error started; LastError is the
	// last cycle's error ("" when it succeeded), LastAttemptMs when that cycle started.
	LastSyncMs    int64  `json:"lastSyncMs"`
	LastAttemptMs int64  `json:"lastAttemptMs"`
	LastError     string `json:"lastError"`
	// InProgress: a cycle is walking or writing now.
	InProgress bool `json:"inProgress"`
	// Requests and EventsWritten count this process's Graph requests and new events since start.
	Requests      int64 `json:"requests"`
	EventsWritten int64 `json:"eventsWritten"`
	Chunks        int64 `json:"chunks"`
}

// progress is the loop's in-memory side of Status.
type progress struct {
	ctx context.Context

	mu            sync.Mutex
	inProgress    bool
	percent       float64
	newest        store.Span
	requests      int64
	eventsWritten int64
	chunks        int64
}

func (p *progress) begin(time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inProgress = true
}

func (p *progress) covered(cov store.Coverage, lower, upper int64) {
	held := int64(0)
	for _, s := range cov.Covered {
		held += s.ToMs - s.FromMs + 1
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.percent = math.Floor(1000*float64(held)/float64(upper-lower+1)) / 10
	p.newest = store.Span{}
	if len(cov.Covered) > 0 {
		p.newest = cov.Covered[0]
	}
}

func (p *progress) walked(requests int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests += int64(requests)
}

func (p *progress) wrote(res store.WriteResult) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.eventsWritten += int64(res.Inserted)
	p.chunks++
}

// finishCycle records the cycle's outcome in the store, where it survives a restart.
func (s *Sync) finishCycle(ctx context.Context, started time.Time, cycleErr error) {
	s.progress.mu.Lock()
	s.progress.inProgress = false
	s.progress.mu.Unlock()
	st, err := s.st.SyncState(ctx)
	if err != nil {
		return // the store itself fails; the next cycle reports it
	}
	logOutcome(s.path, st.LastError, cycleErr)
	st.LastAttemptMs = started.UnixMilli()
	st.LastError = ""
	if cycleErr != nil {
		st.LastError = cycleErr.Error()
	} else {
		st.LastSuccessMs = started.UnixMilli()
	}
	_ = s.st.SaveSyncState(ctx, st)
}

// Status reads the store's figures and the loop's progress.
func (s *Sync) Status(ctx context.Context) (Status, error) {
	stats, err := s.st.Stats(ctx)
	if err != nil {
		return Status{Path: s.path}, err
	}
	p := &s.progress
	p.mu.Lock()
	defer p.mu.Unlock()
	return Status{
		Path: stats.Path, Events: stats.Events, OldestMs: stats.OldestMs, NewestMs: stats.NewestMs,
		BytesOnDisk: stats.BytesOnDisk, BackfillPercent: p.percent,
		CoveredFromMs: p.newest.FromMs, CoveredToMs: p.newest.ToMs, CoveredSpans: stats.CoveredSpans,
		LastSyncMs: stats.Sync.LastSuccessMs, LastAttemptMs: stats.Sync.LastAttemptMs, LastError: stats.Sync.LastError,
		InProgress: p.inProgress, Requests: p.requests, EventsWritten: p.eventsWritten, Chunks: p.chunks,
	}, nil
}
