package store

import (
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/auditlens/entraid/pkg/frames"
	"github.com/auditlens/entraid/pkg/models"
)

func TestCountsInSQLEqualCountingDecodedEventsInGo(t *testing.T) {
	h, _ := openTest(t, Key{OrgID: 1, UID: "ds"})
	corpus := filterCorpus()
	corpus = append(corpus, rawEvent{ID: "no-targets", TimeMs: base - 100, Activity: "Add user"},
		rawEvent{ID: "failed", TimeMs: base - 200, Activity: "Add user", Result: "failure"},
		rawEvent{ID: "failed-upper", TimeMs: base - 3200, Activity: "Add user", Result: "FAILURE"},
		rawEvent{ID: "failed-dotted", TimeMs: base - 3300, Activity: "Add user", Result: "faİlure"})
	mustWrite(t, h, Batch{Records: records(corpus)})
	filterSets := [][]models.FilterCondition{
		nil,
		{{Field: models.FieldActivity, Operator: models.OperatorStartsWith, Values: []string{"add", "straße"}}},
		{{Field: models.FieldTargetType, Operator: models.OperatorEq, Values: []string{"user", "GROUP"}}},
		{{Field: models.FieldCategory, Operator: models.OperatorEq, Values: []string{models.AllValues}}},
	}
	groupBys := []models.GroupBy{"", models.GroupByActivity, models.GroupByInitiatedBy, models.GroupByTargetType, models.GroupByResult}
	for _, filters := range filterSets {
		for _, by := range groupBys {
			for _, bucket := range []int64{0, 3000, 7000} {
				q := CountQuery{FromMs: base - 12_500, ToMs: base, Filters: filters, GroupBy: by, BucketMs: bucket}
				got, err := h.Counts(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if want := countInGo(t, h, q); !reflect.DeepEqual(got, want) {
					t.Errorf("%+v:\n SQL %v\n Go  %v", q, got, want)
				}
			}
		}
	}
}

// countInGo decodes the events and counts them with the frames' own counting.
func countInGo(t *testing.T, h *Handle, q CountQuery) []CountRow {
	res, err := h.Events(ctx, EventQuery{FromMs: q.FromMs, ToMs: q.ToMs, Filters: q.Filters})
	if err != nil {
		t.Fatal(err)
	}
	var out []CountRow
	for _, c := range frames.CountEvents(res.Events, q.GroupBy, q.BucketMs, q.FromMs, q.ToMs) {
		row := CountRow{BucketStartMs: c.BucketStartMs, Group: c.Group, Count: c.Events, Failures: c.Failures, FirstMs: c.FirstMs, LastMs: c.LastMs}
		if q.BucketMs == 0 {
			row.BucketStartMs = q.FromMs
		}
		if row.Group == frames.NoGroup {
			row.Group = ""
		}
		out = append(out, row)
	}
	sortRows(out)
	return out
}

func sortRows(rows []CountRow) {
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].BucketStartMs != rows[j].BucketStartMs {
			return rows[i].BucketStartMs < rows[j].BucketStartMs
		}
		return rows[i].Group < rows[j].Group
	})
}

// TestFailureFoldsASCIIOnly proves SQLite's ASCII-only NOCASE equals strings.EqualFold against
// "failure": no rune outside ASCII folds to one of its letters.
func TestFailureFoldsASCIIOnly(t *testing.T) {
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f < 0x80 && strings.ContainsRune("failureFAILURE", f) {
				t.Errorf("%U folds to %q: counting failures in SQL would differ from the frames", r, f)
			}
		}
	}
}

func TestCountsRefuseWhatOnlyGoCanMatch(t *testing.T) {
	h, _ := openTest(t, Key{OrgID: 1, UID: "ds"})
	_, err := h.Counts(ctx, CountQuery{FromMs: 0, ToMs: base, Filters: []models.FilterCondition{
		{Field: models.FieldID, Operator: models.OperatorEq, Values: []string{"x"}}}})
	if !errors.Is(err, ErrNotPushable) {
		t.Fatalf("got %v, want ErrNotPushable", err)
	}
}
