package store

import (
	"fmt"
	"math/rand"
	"reflect"
	"sort"
	"testing"

	"github.com/auditlens/entraid/pkg/frames"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// rollupCorpus is n events at random times over three days around base (so every rollup level
// has whole periods and edges), with the Unicode names, results in mixed case and no targets.
func rollupCorpus(n int, seed int64) []rawEvent {
	r := rand.New(rand.NewSource(seed))
	results := []string{"success", "failure", "FAILURE", "Failure", "faİlure", "timeout"}
	out := make([]rawEvent, n)
	for i := range out {
		name := names[r.Intn(len(names))]
		ev := rawEvent{ID: fmt.Sprintf("r-%d", i), TimeMs: base - r.Int63n(3*dayMs), Activity: name,
			Category: names[r.Intn(len(names))], Result: results[r.Intn(len(results))]}
		if r.Intn(2) == 0 {
			ev.Upn = name + "@contoso.com"
		} else {
			ev.AppName = names[r.Intn(len(names))]
		}
		if r.Intn(4) > 0 {
			ev.Targets = []rawTarget{{ID: "t", Name: name, Type: []string{"User", "Group", ""}[r.Intn(3)]}}
		}
		if i%97 == 0 {
			ev.TimeMs = floorTo(ev.TimeMs, dayMs) // exactly on a period start at every level
		}
		out[i] = ev
	}
	return out
}

// kept is the decoded events plan.Matches keeps (rows that filter nothing dropped, as the store does).
func kept(all []models.AuditEvent, filters []models.FilterCondition) []models.AuditEvent {
	var rows []models.FilterCondition
	for _, row := range filters {
		if !plan.FiltersNothing(row) {
			rows = append(rows, row)
		}
	}
	var out []models.AuditEvent
	for i := range all {
		if plan.Matches(&all[i], rows) {
			out = append(out, all[i])
		}
	}
	return out
}

// countTruth counts the kept events with the frames' own counting.
func countTruth(kept []models.AuditEvent, q CountQuery) []CountRow {
	out := []CountRow{}
	for _, c := range frames.CountEvents(kept, q.GroupBy, q.BucketMs, q.FromMs, q.ToMs) {
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

// rollupFilterSets are the filter sets checked for one group-by: none, rows that filter nothing,
// rows on the group's own field with Unicode and mixed-case values and on the result (answered
// from the rollup), and for activity a row on another field (counted from the events).
func rollupFilterSets(by models.GroupBy) [][]models.FilterCondition {
	sets := [][]models.FilterCondition{nil, {{Field: models.FieldActivity, Operator: models.OperatorEq, Values: []string{models.AllValues}}}}
	for field, d := range filterDims {
		if dimOfGroupBy[by] != d {
			continue
		}
		sets = append(sets,
			[]models.FilterCondition{{Field: field, Operator: models.OperatorEq, Values: []string{"add user", "STRASSE", "ｆｕｌｌ", "FAİLURE", "kelvin@contoso.com", ""}}},
			[]models.FilterCondition{{Field: field, Operator: models.OperatorStartsWith, Values: []string{"i", "\u212A", "οδυσ", "fa", "zo"}}})
	}
	failed := models.FilterCondition{Field: models.FieldResult, Operator: models.OperatorEq, Values: []string{"failure"}}
	sets = append(sets, []models.FilterCondition{failed},
		[]models.FilterCondition{{Field: models.FieldResult, Operator: models.OperatorStartsWith, Values: []string{"FA", "time"}}})
	if by == models.GroupByActivity {
		sets = append(sets, []models.FilterCondition{{Field: models.FieldTargetType, Operator: models.OperatorEq, Values: []string{"user"}}},
			[]models.FilterCondition{{Field: models.FieldActivity, Operator: models.OperatorStartsWith, Values: []string{"add", "i"}}, failed})
	}
	return sets
}

var rollupGroupBys = []models.GroupBy{"", models.GroupByActivity, models.GroupByCategory, models.GroupByService, models.GroupByResult,
	models.GroupByOperationType, models.GroupByActivityType, models.GroupByInitiatedBy, models.GroupByTargetType}

var rollupBuckets = []int64{0, 60_000, 300_000, 3_600_000, dayMs, 90_000}

// compareCounts checks every group-by, filter set and bucket width over a few ranges (whole
// periods, odd edges, one inside a minute) against counting the decoded events; it returns how
// many queries the rollup answered.
func compareCounts(t *testing.T, h *Handle, ranges []Span) int {
	t.Helper()
	all := allEvents(t, h).Events
	fromRollup := 0
	for _, by := range rollupGroupBys {
		for _, filters := range rollupFilterSets(by) {
			truth := kept(all, filters)
			for _, r := range ranges {
				for _, bucket := range rollupBuckets {
					q := CountQuery{FromMs: r.FromMs, ToMs: r.ToMs, Filters: filters, GroupBy: by, BucketMs: bucket}
					got, err := h.Counts(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if got == nil {
						got = []CountRow{}
					}
					if want := countTruth(truth, q); !reflect.DeepEqual(got, want) {
						t.Fatalf("%+v:\n store %v\n truth %v", q, got, want)
					}
					if _, ok := planRollup(q); ok {
						fromRollup++
					}
				}
			}
		}
	}
	return fromRollup
}

func rollupRanges() []Span {
	return []Span{
		{FromMs: base - 3*dayMs, ToMs: base},
		{FromMs: base - 2*dayMs - 3_723_456, ToMs: base - 1_234_567},
		{FromMs: floorTo(base-dayMs, dayMs), ToMs: floorTo(base, dayMs) - 1},
		{FromMs: base - 45_500, ToMs: base - 20_250},
	}
}

func TestRollupCountsEqualCountingTheEvents(t *testing.T) {
	h, _ := openTest(t, Key{OrgID: 1, UID: "ds"})
	corpus := rollupCorpus(800, 1)
	// Pages arrive in batches, some twice, with duplicates inside a batch: nothing counts twice.
	for i := 0; i < len(corpus); i += 200 {
		batch := records(corpus[i:min(i+200, len(corpus))])
		batch = append(batch, batch[:7]...)
		mustWrite(t, h, Batch{Records: batch})
		if i%400 == 0 {
			if res := mustWrite(t, h, Batch{Records: batch}); res.Inserted != 0 {
				t.Fatalf("a re-sent batch inserted %d events", res.Inserted)
			}
		}
	}
	if n := compareCounts(t, h, rollupRanges()); n == 0 {
		t.Fatal("no query was answered from the rollup")
	}
	assertRollupIsARebuild(t, h)
}

func TestRollupFollowsPruning(t *testing.T) {
	h, _ := openTest(t, Key{OrgID: 1, UID: "ds"})
	mustWrite(t, h, Batch{Records: records(rollupCorpus(600, 2))})
	// Inside a minute, then on a minute that is not a five-minute one, then on a day.
	for _, before := range []int64{base - 2*dayMs - 3_723_456, base - 2*dayMs + 60_000*7, floorTo(base-dayMs, dayMs)} {
		if _, err := h.Prune(ctx, before); err != nil {
			t.Fatal(err)
		}
		compareCounts(t, h, []Span{rollupRanges()[1], {FromMs: before - 1, ToMs: before + 90_001}})
		assertRollupIsARebuild(t, h)
	}
}

func TestAFileWithEventsButNoRollupIsCountedAtOpen(t *testing.T) {
	dir := t.TempDir()
	k := Key{OrgID: 3, UID: "old"}
	writeV1File(t, dir, k)
	h := openIn(t, NewRegistry(), dir, k)
	mustWrite(t, h, Batch{Records: records(rollupCorpus(300, 3))})
	compareCounts(t, h, rollupRanges()[:1])
	assertRollupIsARebuild(t, h)
}

// assertRollupIsARebuild checks the rollup kept batch by batch equals one counted afresh from the events.
func assertRollupIsARebuild(t *testing.T, h *Handle) {
	t.Helper()
	f, done, err := h.use()
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	kept := rollupTable(t, f)
	tx, err := f.writer.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.Exec("DELETE FROM rollup"); err != nil {
		t.Fatal(err)
	}
	if err := rebuildRollup(ctx, tx, -1<<62, 1<<62, 1<<62); err != nil {
		t.Fatal(err)
	}
	fresh := map[rollupKey]rollupCell{}
	rows, err := tx.Query("SELECT level_ms, dim, period_ms, value, events, failures, first_ms, last_ms FROM rollup")
	if err != nil {
		t.Fatal(err)
	}
	scanRollup(t, rows, fresh)
	if !reflect.DeepEqual(kept, fresh) {
		t.Fatalf("the rollup kept (%d cells) differs from one counted afresh (%d cells)", len(kept), len(fresh))
	}
}

func rollupTable(t *testing.T, f *sqliteFile) map[rollupKey]rollupCell {
	rows, err := f.writer.Query("SELECT level_ms, dim, period_ms, value, events, failures, first_ms, last_ms FROM rollup")
	if err != nil {
		t.Fatal(err)
	}
	out := map[rollupKey]rollupCell{}
	scanRollup(t, rows, out)
	return out
}

func scanRollup(t *testing.T, rows interface {
	Next() bool
	Scan(...any) error
	Close() error
}, into map[rollupKey]rollupCell) {
	t.Helper()
	defer rows.Close()
	for rows.Next() {
		var k rollupKey
		var c rollupCell
		if err := rows.Scan(&k.levelMs, &k.dim, &k.periodMs, &k.value, &c.events, &c.failures, &c.firstMs, &c.lastMs); err != nil {
			t.Fatal(err)
		}
		into[k] = c
	}
}

func TestSegmentsCoverTheRangeOnceWithWholePeriods(t *testing.T) {
	from, to := int64(-7_000_123), int64(3*dayMs+61_001)
	segs := segments(from, to, rollupLevels)
	at, days := from, 0
	for _, s := range segs {
		if s.levelMs == dayMs {
			days++
		}
		if s.fromMs != at || s.fromMs >= s.toMs {
			t.Fatalf("segments %v leave a gap or overlap at %d", segs, at)
		}
		if s.levelMs > 0 && (floorTo(s.fromMs, s.levelMs) != s.fromMs || floorTo(s.toMs, s.levelMs) != s.toMs) {
			t.Fatalf("segment %v is not whole periods", s)
		}
		at = s.toMs
	}
	if at != to || days != 1 {
		t.Fatalf("segments %v", segs)
	}
}

func TestNewestTimesSkippedWithTheRollupEqualTheEventsTimes(t *testing.T) {
	h, _ := openTest(t, Key{OrgID: 1, UID: "ds"})
	mustWrite(t, h, Batch{Records: records(rollupCorpus(600, 4))})
	all := allEvents(t, h).Events
	for _, filters := range append(rollupFilterSets(models.GroupByActivity), rollupFilterSets(models.GroupByResult)...) {
		truth := kept(all, filters)
		for _, r := range rollupRanges() {
			var times []int64
			for _, ev := range truth {
				if ev.TimeMs >= r.FromMs && ev.TimeMs <= r.ToMs {
					times = append(times, ev.TimeMs)
				}
			}
			sort.Slice(times, func(i, j int) bool { return times[i] > times[j] })
			for _, skip := range []int{0, 1, 17, len(times) / 3, len(times) - 2, len(times) - 1, len(times), len(times) + 4} {
				got, err := h.NewestTimes(ctx, EventQuery{FromMs: r.FromMs, ToMs: r.ToMs, Filters: filters, Limit: 2}, skip)
				if err != nil {
					t.Fatal(err)
				}
				want := times[min(max(skip, 0), len(times)):min(max(skip, 0)+2, len(times))]
				if len(got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got, want)) {
					t.Fatalf("%v %v skip %d: got %v, want %v", filters, r, skip, got, want)
				}
			}
		}
	}
}
