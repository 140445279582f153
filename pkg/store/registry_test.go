package store

import (
	"errors"
	"os"
	"testing"
)

func TestInstancesOfOneDataSourceShareOneOpenFile(t *testing.T) {
	dir := t.TempDir()
	r := NewRegistry()
	k := Key{OrgID: 1, UID: "ds"}
	old := openIn(t, r, dir, k)
	replacement := openIn(t, r, dir, k) // a settings change: the new instance opens before the old one goes
	mustWrite(t, old, Batch{Records: records(seqEvents("e", 3, base))})
	if len(r.files) != 1 {
		t.Fatalf("%d files open, want 1", len(r.files))
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatalf("a second close: %v", err)
	}
	if _, err := old.Stats(ctx); !errors.Is(err, ErrClosed) {
		t.Fatalf("a closed handle answered: %v", err)
	}
	if n := countEvents(t, replacement); n != 3 {
		t.Fatalf("the remaining handle reads %d events", n)
	}
	_ = replacement.Close()
	if len(r.files) != 0 {
		t.Fatalf("%d files still open after the last close", len(r.files))
	}
	again := openIn(t, r, dir, k)
	if n := countEvents(t, again); n != 3 {
		t.Fatalf("reopened store holds %d events", n)
	}
}

func TestDeleteRemovesTheFilesForEveryHolder(t *testing.T) {
	dir := t.TempDir()
	r := NewRegistry()
	k := Key{OrgID: 1, UID: "ds"}
	a, b := openIn(t, r, dir, k), openIn(t, r, dir, k)
	mustWrite(t, a, Batch{Records: records(seqEvents("e", 3, base))})
	if err := a.Delete(); err != nil {
		t.Fatal(err)
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 0 {
		t.Fatalf("files left after delete: %v", left)
	}
	if _, err := b.Events(ctx, EventQuery{ToMs: base}); !errors.Is(err, ErrClosed) {
		t.Fatalf("the other holder still reads: %v", err)
	}
	if err := b.Close(); err != nil {
		t.Fatalf("closing a deleted store's handle: %v", err)
	}
	fresh := openIn(t, r, dir, k)
	if n := countEvents(t, fresh); n != 0 {
		t.Fatalf("a new store after delete holds %d events", n)
	}
}
