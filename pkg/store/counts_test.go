package store

import (
	"errors"
	"reflect"
	"testing"

	"github.com/auditlens/entraid/pkg/frames"
	"github.com/auditlens/entraid/pkg/models"
)

func TestCountsInSQLEqualCountingDecodedEventsInGo(t *testing.T) {
	h, _ := openTest(t, Key{OrgID: 1, UID: "ds"})
	corpus := filterCorpus()
	corpus = append(corpus, rawEvent{ID: "no-targets", TimeMs: base - 100, Activity: "Add user"})
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

// countInGo decodes the events and groups them as the frames do.
func countInGo(t *testing.T, h *Handle, q CountQuery) []CountRow {
	res, err := h.Events(ctx, EventQuery{FromMs: q.FromMs, ToMs: q.ToMs, Filters: q.Filters})
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		start int64
		group string
	}
	counts := map[key]int64{}
	for i := range res.Events {
		ev := &res.Events[i]
		start := q.FromMs
		if q.BucketMs > 0 {
			start = ev.TimeMs - ev.TimeMs%q.BucketMs
		}
		group := ""
		if q.GroupBy != "" {
			if group = frames.GroupValue(ev, q.GroupBy); group == frames.NoGroup {
				group = ""
			}
		}
		counts[key{start, group}]++
	}
	var out []CountRow
	for k, n := range counts {
		out = append(out, CountRow{BucketStartMs: k.start, Group: k.group, Count: n})
	}
	sortRows(out)
	return out
}

func sortRows(rows []CountRow) {
	for i := 1; i < len(rows); i++ {
		for j := i; j > 0 && (rows[j].BucketStartMs < rows[j-1].BucketStartMs ||
			rows[j].BucketStartMs == rows[j-1].BucketStartMs && rows[j].Group < rows[j-1].Group); j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
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
