package store

import (
	"io"
	"testing"
)

// A re-sync forgets coverage from the edge on (clipping a straddling span), keeps older coverage
// and every event, and resets the backfill cursor.
func TestUncoverForgetsCoverageFromTheEdgeAndKeepsEvents(t *testing.T) {
	h, _ := openTest(t, Key{OrgID: 1, UID: "ds"})
	cursor := base - 10_000
	mustWrite(t, h, Batch{Records: records(seqEvents("e", 5, base)), Covered: []Span{{base - 10_000, base}}, BackfillCursorMs: &cursor})
	mustWrite(t, h, Batch{Covered: []Span{{base - 50_000, base - 40_000}}})
	if err := h.Uncover(ctx, base-5_000); err != nil {
		t.Fatal(err)
	}
	cov, err := h.Coverage(ctx, Span{base - 60_000, base})
	if err != nil {
		t.Fatal(err)
	}
	want := []Span{{base - 10_000, base - 5_001}, {base - 50_000, base - 40_000}}
	if len(cov.Covered) != 2 || cov.Covered[0] != want[0] || cov.Covered[1] != want[1] {
		t.Fatalf("covered after uncover = %v, want %v", cov.Covered, want)
	}
	if n := countEvents(t, h); n != 5 {
		t.Fatalf("uncover removed events: %d left of 5", n)
	}
	st, err := h.SyncState(ctx)
	if err != nil || st.BackfillCursorMs != 0 {
		t.Fatalf("backfill cursor after uncover = %d (%v), want 0", st.BackfillCursorMs, err)
	}
}

type closer struct{}

func (closer) Close() error { return nil }

// Companion finds a running companion without starting one, and none once the store is deleted.
func TestCompanionLooksUpWithoutStarting(t *testing.T) {
	h, _ := openTest(t, Key{OrgID: 1, UID: "ds"})
	if _, ok := h.Companion("sync"); ok {
		t.Fatal("a companion was found before any started")
	}
	if _, ok := h.Companion("sync"); ok {
		t.Fatal("looking up started a companion")
	}
	_, _ = h.Attached("sync", func() io.Closer { return closer{} })
	if _, ok := h.Companion("sync"); !ok {
		t.Fatal("the running companion was not found")
	}
	_ = h.Delete()
	if _, ok := h.Companion("sync"); ok {
		t.Fatal("a deleted store's companion was found")
	}
}
