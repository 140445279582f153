package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/engine"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/store"
)

// storeWith holds the generated events of walkEvents, the given spans marked covered, and a
// last successful sync at syncedAt (none when zero).
func storeWith(t *testing.T, covered []store.Span, syncedAt time.Time) store.Store {
	t.Helper()
	st := openStore(t)
	var recs []store.Record
	for _, ev := range walkEvents(200, 7) {
		raw, _ := json.Marshal(ev)
		recs = append(recs, store.Record{Raw: raw, Flavour: store.FlavourGraph})
	}
	if _, err := st.Write(context.Background(), store.Batch{Records: recs, Covered: covered}); err != nil {
		t.Fatal(err)
	}
	if !syncedAt.IsZero() {
		if err := st.SaveSyncState(context.Background(), store.SyncState{LastSuccessMs: syncedAt.UnixMilli()}); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func alertRequest(t *testing.T, format models.QueryFormat) engine.Request {
	req := walkRequest(t, walkCase{format: format, groupBy: models.GroupByActivity, maxEvents: 1000})
	req.TruncationIsError = true
	return req
}

var lastHalfHour = store.Span{FromMs: walkNow.Add(-30 * time.Minute).UnixMilli(), ToMs: walkNow.UnixMilli()}

func TestAPartlyCoveredRangeIsAnsweredFromWhatTheStoreHoldsWithANotice(t *testing.T) {
	st := storeWith(t, []store.Span{lastHalfHour}, walkNow)
	res := engine.RunFromStore(context.Background(), st, clock.NewManual(walkNow), walkRequest(t, walkCase{format: models.FormatSummary, groupBy: models.GroupByActivity, maxEvents: 1000}))
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	want := "The audit store does not hold this whole range yet: it holds only 2026-11-20T11:30:00.000Z to 2026-11-20T12:00:00.000Z."
	if len(res.Notices) != 1 || !strings.HasPrefix(res.Notices[0].Text, want) || res.Notices[0].Severity != models.SeverityWarning {
		t.Errorf("notices %v, want one starting %q", res.Notices, want)
	}
	if !strings.Contains(res.ExecutedQueryString, "The store holds only 2026-11-20T11:30:00.000Z to 2026-11-20T12:00:00.000Z (of 2026-11-20T11:00:00.000Z to 2026-11-20T12:00:00.000Z).") {
		t.Errorf("executed query string does not say what was covered: %s", res.ExecutedQueryString)
	}
	if res.Requests != 0 || len(res.Frames) != 1 {
		t.Errorf("%d requests, %d frames", res.Requests, len(res.Frames))
	}
}

func TestAlertsFailRatherThanUnderCount(t *testing.T) {
	whole := store.Span{FromMs: walkFrom.UnixMilli(), ToMs: walkNow.UnixMilli()}
	tests := []struct {
		name     string
		covered  []store.Span
		syncedAt time.Time
		want     error
		contains string
	}{
		{"range not covered", []store.Span{lastHalfHour}, walkNow, engine.ErrStoreNotCovering, "the store holds only 2026-11-20T11:30:00.000Z to 2026-11-20T12:00:00.000Z"},
		{"nothing covered", nil, walkNow, engine.ErrStoreNotCovering, "the store holds none of it"},
		{"last sync too old", []store.Span{whole}, walkNow.Add(-6 * time.Minute), engine.ErrStoreBehind, "the store is 6 minutes behind"},
		{"never synced", []store.Span{whole}, time.Time{}, engine.ErrStoreBehind, "has not completed a sync"},
	}
	for _, tc := range tests {
		st := storeWith(t, tc.covered, tc.syncedAt)
		for _, req := range []engine.Request{alertRequest(t, models.FormatAlertNumbers), alertRequest(t, models.FormatTimeSeries)} {
			res := engine.RunFromStore(context.Background(), st, clock.NewManual(walkNow), req)
			if !errors.Is(res.Err, tc.want) || !strings.Contains(res.Err.Error(), tc.contains) {
				t.Errorf("%s, %s: got %v, want %v containing %q", tc.name, req.Query.Format, res.Err, tc.want, tc.contains)
			}
		}
	}
	fresh := storeWith(t, []store.Span{whole}, walkNow.Add(-4*time.Minute))
	if res := engine.RunFromStore(context.Background(), fresh, clock.NewManual(walkNow), alertRequest(t, models.FormatAlertNumbers)); res.Err != nil || len(res.Frames) == 0 {
		t.Errorf("a covered range synced 4 minutes ago: %v", res.Err)
	}
}

func TestStaleAfterIsTheCallersThreshold(t *testing.T) {
	whole := store.Span{FromMs: walkFrom.UnixMilli(), ToMs: walkNow.UnixMilli()}
	st := storeWith(t, []store.Span{whole}, walkNow.Add(-4*time.Minute))
	src := engine.StoreRead{Store: st, Clock: clock.NewManual(walkNow), StaleAfter: 3 * time.Minute}
	if res := engine.RunFrom(context.Background(), src, alertRequest(t, models.FormatAlertNumbers)); !errors.Is(res.Err, engine.ErrStoreBehind) {
		t.Errorf("got %v, want ErrStoreBehind", res.Err)
	}
}

func TestARawClauseIsLeftToGraph(t *testing.T) {
	st := storeWith(t, nil, walkNow)
	req := walkRequest(t, walkCase{format: models.FormatEvents, maxEvents: 1000})
	req.Query.RawFilter = "result eq 'failure'"
	if res := engine.RunFromStore(context.Background(), st, clock.NewManual(walkNow), req); !errors.Is(res.Err, engine.ErrNotFromStore) {
		t.Errorf("got %v, want ErrNotFromStore", res.Err)
	}
}

// TestTheStoreKeepsWhatMicrosoftNoLongerDoes: a range older than the tenant's retention is
// answered from the store's coverage, not clamped to Microsoft's edge.
func TestTheStoreKeepsWhatMicrosoftNoLongerDoes(t *testing.T) {
	st := storeWith(t, []store.Span{{FromMs: walkFrom.UnixMilli(), ToMs: walkNow.UnixMilli()}}, walkNow)
	req := walkRequest(t, walkCase{format: models.FormatAlertNumbers, groupBy: models.GroupByActivity, maxEvents: 1000})
	req.Settings.RetentionDays = 1
	later := walkNow.Add(40 * 24 * time.Hour)
	res := engine.RunFrom(context.Background(), engine.StoreRead{Store: st, Clock: clock.NewManual(later), StaleAfter: 50 * 24 * time.Hour}, req)
	if res.Err != nil || len(res.Notices) != 0 || len(res.Frames) < 2 {
		t.Errorf("a 40-day-old range the store holds: err %v, notices %v, %d frames", res.Err, res.Notices, len(res.Frames))
	}
}
