package store

import (
	"math"
	"reflect"
	"testing"
)

func TestMergeSpansJoinsOverlappingAndAdjacentSpansOnly(t *testing.T) {
	cases := []struct {
		name string
		in   []Span
		want []Span
	}{
		{"empty", nil, nil},
		{"overlap", []Span{{10, 20}, {15, 30}}, []Span{{10, 30}}},
		{"adjacent milliseconds join", []Span{{21, 30}, {10, 20}}, []Span{{10, 30}}},
		{"a one-millisecond hole stays", []Span{{10, 20}, {22, 30}}, []Span{{10, 20}, {22, 30}}},
		{"contained", []Span{{10, 50}, {20, 30}}, []Span{{10, 50}}},
		{"single millisecond spans", []Span{{5, 5}, {6, 6}, {8, 8}}, []Span{{5, 6}, {8, 8}}},
		{"bridge", []Span{{0, 9}, {20, 29}, {10, 19}}, []Span{{0, 29}}},
		{"int64 edges do not wrap", []Span{{math.MaxInt64 - 1, math.MaxInt64}, {math.MinInt64, math.MinInt64 + 1}},
			[]Span{{math.MinInt64, math.MinInt64 + 1}, {math.MaxInt64 - 1, math.MaxInt64}}},
	}
	for _, c := range cases {
		if got := mergeSpans(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: mergeSpans(%v) = %v, want %v", c.name, c.in, got, c.want)
		}
	}
}

func TestCoverageOfSplitsARangeIntoCoveredPartsAndGapsNewestFirst(t *testing.T) {
	held := []Span{{10, 19}, {30, 39}, {50, 59}}
	cases := []struct {
		name          string
		r             Span
		covered, gaps []Span
	}{
		{"inside one span", Span{12, 15}, []Span{{12, 15}}, nil},
		{"exactly one span", Span{10, 19}, []Span{{10, 19}}, nil},
		{"across a hole", Span{15, 35}, []Span{{30, 35}, {15, 19}}, []Span{{20, 29}}},
		{"gaps on both sides", Span{0, 65}, []Span{{50, 59}, {30, 39}, {10, 19}}, []Span{{60, 65}, {40, 49}, {20, 29}, {0, 9}}},
		{"nothing held there", Span{70, 80}, nil, []Span{{70, 80}}},
		{"one millisecond before a span", Span{9, 9}, nil, []Span{{9, 9}}},
		{"first millisecond of a span", Span{10, 10}, []Span{{10, 10}}, nil},
		{"ends on a span's last millisecond", Span{0, 19}, []Span{{10, 19}}, []Span{{0, 9}}},
	}
	for _, c := range cases {
		got := coverageOf(held, c.r)
		if !reflect.DeepEqual(got.Covered, c.covered) || !reflect.DeepEqual(got.Gaps, c.gaps) {
			t.Errorf("%s: coverage of %v = covered %v gaps %v; want covered %v gaps %v", c.name, c.r, got.Covered, got.Gaps, c.covered, c.gaps)
		}
		if got.Complete() != (len(c.gaps) == 0) {
			t.Errorf("%s: Complete() = %v", c.name, got.Complete())
		}
	}
	if got := coverageOf([]Span{{0, math.MaxInt64}}, Span{5, math.MaxInt64}); !got.Complete() {
		t.Errorf("a span to the end of time leaves gaps %v", got.Gaps)
	}
}

func TestMarkCoveredMergesInTheFile(t *testing.T) {
	h, _ := openTest(t, Key{OrgID: 1, UID: "ds"})
	for _, s := range []Span{{100, 199}, {300, 399}, {500, 599}, {200, 299}, {150, 160}} {
		if err := h.MarkCovered(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	got, err := h.Coverage(ctx, Span{0, 1000})
	if err != nil {
		t.Fatal(err)
	}
	want := Coverage{Covered: []Span{{500, 599}, {100, 399}}, Gaps: []Span{{600, 1000}, {400, 499}, {0, 99}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("coverage %+v, want %+v", got, want)
	}
	if st, _ := h.Stats(ctx); st.CoveredSpans != 2 {
		t.Fatalf("%d spans stored, want the 2 merged ones", st.CoveredSpans)
	}
	if err := h.MarkCovered(ctx, Span{10, 5}); err == nil {
		t.Fatal("a reversed span was accepted")
	}
}

func TestABatchMarksItsSpanOnlyWithItsEvents(t *testing.T) {
	h, _ := openTest(t, Key{OrgID: 1, UID: "ds"})
	events := seqEvents("e", 10, base)
	span := Span{base - 9000, base}
	// A reversed span fails the whole batch: no events either.
	if _, err := h.Write(ctx, Batch{Records: records(events), Covered: []Span{span, {2, 1}}}); err == nil {
		t.Fatal("a batch with a reversed span was accepted")
	}
	if n := countEvents(t, h); n != 0 {
		t.Fatalf("a failed batch left %d events", n)
	}
	mustWrite(t, h, Batch{Records: records(events), Covered: []Span{span}})
	c, _ := h.Coverage(ctx, span)
	if !c.Complete() || countEvents(t, h) != 10 {
		t.Fatalf("coverage %+v with %d events", c, countEvents(t, h))
	}
}

func TestPruneKeepsAnEventExactlyAtTheEdgeAndTrimsCoverage(t *testing.T) {
	h, _ := openTest(t, Key{OrgID: 1, UID: "ds"})
	edge := base - 5000
	events := []rawEvent{
		{ID: "before-edge", TimeMs: edge - 1, Targets: []rawTarget{{ID: "t", Name: "n", Type: "User"}}},
		{ID: "at-edge", TimeMs: edge, Targets: []rawTarget{{ID: "t", Name: "n", Type: "User"}}},
		{ID: "after-edge", TimeMs: edge + 1},
		{ID: "old", TimeMs: edge - 100000},
	}
	mustWrite(t, h, Batch{Records: records(events), Covered: []Span{{edge - 200000, edge - 150000}, {edge - 100000, base}}})
	pruned, err := h.Prune(ctx, edge)
	if err != nil || pruned != 2 {
		t.Fatalf("pruned %d (%v), want 2", pruned, err)
	}
	got := allEvents(t, h).Events
	if len(got) != 2 || got[0].ID != "after-edge" || got[1].ID != "at-edge" {
		t.Fatalf("kept %+v", got)
	}
	c, _ := h.Coverage(ctx, Span{0, base})
	if !reflect.DeepEqual(c.Covered, []Span{{edge, base}}) {
		t.Fatalf("coverage after prune %+v, want only %d..%d", c.Covered, edge, base)
	}
	f, done, _ := h.use()
	defer done()
	var orphans int
	if err := f.reader.QueryRow("SELECT count(*) FROM targets WHERE event_seq NOT IN (SELECT seq FROM events)").Scan(&orphans); err != nil || orphans != 0 {
		t.Fatalf("%d targets outlived their events (%v)", orphans, err)
	}
	var kept, raws int
	_ = f.reader.QueryRow("SELECT count(*) FROM targets").Scan(&kept)
	_ = f.reader.QueryRow("SELECT count(*) FROM event_raw").Scan(&raws)
	if kept != 1 || raws != 2 {
		t.Fatalf("%d targets and %d raw events kept, want the at-edge event's one target and 2 raw events", kept, raws)
	}
	if again, _ := h.Prune(ctx, edge); again != 0 {
		t.Fatalf("second prune removed %d", again)
	}
}
