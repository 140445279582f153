package engine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/engine"
	"github.com/auditlens/entraid/pkg/internal/conformance"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/store"
)

// storeDiffers lists the vectors whose answer from the audit store must differ from a walk's,
// and why; conformance/README.md has the same table. Every other vector must give the same
// frames (or error) and notices from the store as from the walk.
// Why a vector's answer from the store differs from a walk's.
const (
	differsGraphError      = "an error answer from Graph ends the walk; the store makes no request and answers from what it holds"
	differsNextLink        = "a next-page link check of a walk; the store has no pages"
	differsPagingLimit     = "a paging limit of a walk; the store has no pages"
	differsThrottling      = "throttling of a walk; the store makes no request"
	differsRawClause       = "a raw $filter clause is evaluated by Graph only: the store answers ErrNotFromStore and the caller walks Graph"
	differsCut             = "the walk stops at the events limit with a next page unread; the store holds the whole range, which has exactly maxEvents events, so nothing is cut"
	differsRetention       = "no retention clamp: what the store holds (its coverage, its kept retention) decides, so no retention notice"
	differsUnreadable      = "the store does not keep unreadable events (no id or time, or malformed), so it has none to report"
	differsUnreadableAlert = "the store does not keep unreadable events, so it has none to fail an alert on"
)

var storeDiffers = map[string]string{
	"12-alert-numbers-truncated-is-error.json":             differsCut,
	"20-paging-truncation-timeseries.json":                 differsCut,
	"21-paging-repeated-nextlink.json":                     differsNextLink,
	"28-filter-raw-clause-anded.json":                      differsRawClause,
	"33-crafted-foreign-nextlink.json":                     differsNextLink,
	"34-crafted-nextlink-other-api.json":                   differsNextLink,
	"35-crafted-nextlink-dot-segments.json":                differsNextLink,
	"36-crafted-nextlink-http-downgrade.json":              differsNextLink,
	"37-crafted-nextlink-userinfo.json":                    differsNextLink,
	"38-retention-clamp.json":                              differsRetention,
	"39-retention-whole-range-too-old.json":                differsRetention,
	"42-faults-retries-exhausted.json":                     differsGraphError,
	"43-graph-permission-missing.json":                     differsGraphError,
	"44-graph-bad-request-not-retried.json":                differsGraphError,
	"49-unreadable-event-reported.json":                    differsUnreadableAlert,
	"51-throttle-retry-after-too-long.json":                differsThrottling,
	"56-legacy-nextlink-other-tenant.json":                 differsNextLink,
	"57-legacy-retired-403.json":                           differsGraphError,
	"59-legacy-numeric-status-raw-clause-recheck.json":     differsRawClause,
	"60-legacy-throttle-then-bad-request.json":             differsGraphError,
	"68-limit-values-at-limit-requested.json":              differsGraphError,
	"75-malformed-events-skipped-with-notice.json":         differsUnreadable,
	"76-malformed-events-fail-alert-numbers.json":          differsUnreadableAlert,
	"77-legacy-malformed-activities-skipped.json":          differsUnreadable,
	"90-paging-repeated-nextlink-reencoded.json":           differsNextLink,
	"91-paging-empty-pages-limit.json":                     differsPagingLimit,
	"92-paging-pages-per-walk-limit.json":                  differsPagingLimit,
	"94-throttle-give-up-bound.json":                       differsThrottling,
	"98-auth-401-twice-fails.json":                         differsGraphError,
	"99-nextlink-foreign-on-the-page-the-limit-stops.json": differsNextLink,
	"100-nextlink-not-text-retried-then-invalid.json":      differsGraphError,
}

// TestConformanceVectorsFromTheStore loads each vector's scripted pages into a fresh store, as a
// sync covering the vector's range would, and answers the query from it.
func TestConformanceVectorsFromTheStore(t *testing.T) {
	vectors := loadVectors(t)
	for file := range storeDiffers {
		if _, ok := vectors[file]; !ok {
			t.Errorf("storeDiffers names %s, which is not a vector", file)
		}
	}
	for file, v := range vectors {
		t.Run(file, func(t *testing.T) {
			if len(v.Engines) > 0 && !slices.Contains(v.Engines, "go") {
				t.Skipf("this case applies to %v only", v.Engines)
			}
			diffs := compareFromStore(t, v)
			reason, listed := storeDiffers[file]
			switch {
			case listed && len(diffs) == 0:
				t.Errorf("listed as differing from the store (%s), but the store gives the walk's answer: remove it from storeDiffers", reason)
			case !listed && len(diffs) > 0:
				t.Errorf("the store's answer differs from the walk's:\n%s", strings.Join(diffs, "\n"))
			}
		})
	}
}

// compareFromStore answers v from a store and lists how the answer differs from v's expectation.
func compareFromStore(t *testing.T, v vector) []string {
	res := runFromStore(t, v)
	var diffs []string
	if v.Expect.Error != nil {
		if res.Err == nil || !strings.Contains(res.Err.Error(), v.Expect.Error.Contains) {
			diffs = append(diffs, "error: got "+errText(res.Err)+", want one containing "+v.Expect.Error.Contains)
		}
	} else if res.Err != nil {
		diffs = append(diffs, "unexpected error: "+res.Err.Error())
	} else {
		var want, got any
		if err := json.Unmarshal(v.Expect.Frames, &want); err != nil {
			t.Fatalf("expect.frames: %v", err)
		}
		if err := json.Unmarshal([]byte(frameJSON(t, res)), &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			diffs = append(diffs, "frames:\n got: "+mustJSON(got)+"\nwant: "+mustJSON(want))
		}
	}
	gotNotices := []canonicalNotice{}
	for _, n := range res.Notices {
		gotNotices = append(gotNotices, canonicalNotice{Severity: n.Severity, Text: n.Text})
	}
	if v.Expect.Notices != nil && !reflect.DeepEqual(gotNotices, v.Expect.Notices) {
		diffs = append(diffs, "notices:\n got: "+mustJSON(gotNotices)+"\nwant: "+mustJSON(v.Expect.Notices))
	}
	if res.Requests != 0 {
		diffs = append(diffs, "the store path made requests")
	}
	if res.ExecutedQueryString != "" && !strings.HasPrefix(res.ExecutedQueryString, "Answered from the audit store") {
		diffs = append(diffs, "executed query string does not say the store answered: "+res.ExecutedQueryString)
	}
	return diffs
}

func errText(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}

// runFromStore validates as runVector does, then fills a store from the scripted pages and runs
// the query from it.
func runFromStore(t *testing.T, v vector) engine.Result {
	jsonData, err := models.ParseJSONData(v.Settings)
	settings := models.Resolve(jsonData, testSecret)
	if err == nil {
		err = settings.Validate()
	}
	var compactQuery bytes.Buffer
	if cerr := json.Compact(&compactQuery, v.Query); cerr != nil {
		t.Fatalf("query: %v", cerr)
	}
	query, queryErr := models.ParseQuery(compactQuery.Bytes())
	if err == nil {
		err = queryErr
	}
	if err != nil {
		return engine.Result{Err: err}
	}
	st := openStore(t)
	span := store.Span{FromMs: v.Range.From.UnixMilli(), ToMs: v.Range.To.UnixMilli()}
	if span.FromMs <= span.ToMs {
		if err := conformance.FillStore(context.Background(), st, v.Responses, settings.API, span, v.Now.UnixMilli()); err != nil {
			t.Fatal(err)
		}
	}
	return engine.RunFromStore(context.Background(), st, clock.NewManual(v.Now), engine.Request{
		Query: query, Settings: settings, From: v.Range.From, To: v.Range.To,
		Interval: time.Duration(v.IntervalMs) * time.Millisecond,
	})
}

func openStore(t *testing.T) *store.Handle {
	t.Helper()
	h, err := store.NewRegistry().Open(context.Background(), t.TempDir(), store.Key{OrgID: 1, UID: "conformance"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	return h
}
