package storesync

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/store"
)

// A store whose sync does not run reports what it holds and how much of the window it covers.
func TestIdleStatusReadsTheStoreWithoutASync(t *testing.T) {
	h := openStore(t, t.TempDir(), store.Key{OrgID: 1, UID: "idle"})
	d, err := models.ParseJSONData([]byte(`{"tenantId":"t","clientId":"c","retentionDays":30,"ingestionDelayMinutes":0}`))
	if err != nil {
		t.Fatal(err)
	}
	settings := models.Resolve(d, "s")
	now := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	covered := store.Span{FromMs: now.Add(-3 * day).UnixMilli(), ToMs: now.UnixMilli()}
	raw := `{"id":"e1","activityDateTime":"2026-03-30T12:00:00Z","activityDisplayName":"Add user","category":"UserManagement","result":"success","initiatedBy":{}}`
	if _, err := h.Write(ctx, store.Batch{Records: []store.Record{{Raw: []byte(raw)}}, Covered: []store.Span{covered}}); err != nil {
		t.Fatal(err)
	}
	st, err := IdleStatus(ctx, h, settings, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, running := Running(h); running {
		t.Fatal("reading the status started a sync")
	}
	if st.Events != 1 || st.BackfillPercent != 10 || st.CoveredFromMs != covered.FromMs || st.BytesOnDisk == 0 || st.InProgress {
		t.Fatalf("idle status = %+v, want 1 event, 10 %% of 30 days covered from %d", st, covered.FromMs)
	}
}

// A re-sync walks the whole window again at once: the running sync backfills it anew, and the
// store still holds each event once.
func TestResyncWalksTheWindowAgainWithoutDoubling(t *testing.T) {
	emu := startEmulator(t, 100)
	src := source(t, emu, emu.Clock, emu.TenantID, "")
	h := openStore(t, t.TempDir(), store.Key{OrgID: 1, UID: "resync"})
	s, err := Ensure(h, src)
	if err != nil {
		t.Fatal(err)
	}
	first := waitFor(t, s, "the backfill", backfilled)
	running, err := Resync(ctx, h, src.Settings, emu.Clock.Now())
	if err != nil || !running {
		t.Fatalf("resync: running %v, %v", running, err)
	}
	again := waitFor(t, s, "the backfill again", func(st Status) bool { return st.Chunks >= 2*first.Chunks && backfilled(st) })
	if got, want := held(t, h, first.CoveredFromMs, first.CoveredToMs), emu.Count(t, first.CoveredFromMs, first.CoveredToMs); got != want {
		t.Fatalf("after the re-sync the store holds %d events of the first window, the tenant %d", got, want)
	}
	if again.Requests < 2*first.Requests-2 {
		t.Fatalf("the re-sync made %d requests in all, the first backfill %d: the window was not walked again", again.Requests, first.Requests)
	}
}

type recordingLogger struct {
	mu    sync.Mutex
	lines []string
}

func (l *recordingLogger) Warn(msg string, args ...any) { l.add("warn", msg, args) }
func (l *recordingLogger) Info(msg string, args ...any) { l.add("info", msg, args) }
func (l *recordingLogger) add(level, msg string, args []any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprint(level, " ", msg, args))
}

// A failing sync logs its error once, not every cycle, and logs when it recovers.
func TestSyncErrorsAreLoggedOncePerChange(t *testing.T) {
	l := &recordingLogger{}
	SetLogger(l)
	t.Cleanup(func() { logger.Store(nil) })
	boom := errors.New("Graph answered 503")
	logOutcome("/s/org1.sqlite", "", boom)
	logOutcome("/s/org1.sqlite", boom.Error(), boom)
	logOutcome("/s/org1.sqlite", boom.Error(), nil)
	logOutcome("/s/org1.sqlite", "", nil)
	got := strings.Join(l.lines, "\n")
	if len(l.lines) != 2 || !strings.HasPrefix(l.lines[0], "warn audit store sync failed") || !strings.Contains(l.lines[0], "503") ||
		!strings.HasPrefix(l.lines[1], "info audit store sync recovered") {
		t.Fatalf("log lines:\n%s", got)
	}
}
