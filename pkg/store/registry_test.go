package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
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

type companion struct{ closed *int }

func (c companion) Close() error { *c.closed++; return nil }

func TestOneCompanionPerStoreClosedWithTheLastHandle(t *testing.T) {
	dir := t.TempDir()
	r := NewRegistry()
	k := Key{OrgID: 1, UID: "ds"}
	a, b := openIn(t, r, dir, k), openIn(t, r, dir, k)
	created, closed := 0, 0
	create := func() io.Closer { created++; return companion{closed: &closed} }
	for _, h := range []*Handle{a, b, a} {
		if _, err := h.Attached("sync", create); err != nil {
			t.Fatal(err)
		}
	}
	if created != 1 {
		t.Fatalf("%d companions created for one store", created)
	}
	_ = a.Close()
	if closed != 0 {
		t.Fatal("the companion closed while a handle still holds the store")
	}
	_ = b.Close()
	if closed != 1 {
		t.Fatalf("companion closed %d times after the last handle", closed)
	}
	if _, err := b.Attached("sync", create); !errors.Is(err, ErrClosed) {
		t.Fatalf("a closed handle attached: %v", err)
	}
	c := openIn(t, r, dir, k)
	if _, err := c.Attached("sync", create); err != nil || created != 2 {
		t.Fatalf("reopened store: %v, %d created", err, created)
	}
	if err := c.Delete(); err != nil || closed != 2 {
		t.Fatalf("delete: %v, closed %d", err, closed)
	}
}

func TestQueriesReadWhileABatchIsWritten(t *testing.T) {
	dir := t.TempDir()
	r := NewRegistry()
	k := Key{OrgID: 1, UID: "ds"}
	writer, reader := openIn(t, r, dir, k), openIn(t, r, dir, k)
	events := seqEvents("e", 2000, base)
	errs := make(chan error, 8)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < len(events); i += 100 {
			if _, err := writer.Write(ctx, Batch{Records: records(events[i : i+100])}); err != nil {
				errs <- err
				return
			}
		}
	}()
	for g := 0; g < 3; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				res, err := reader.Events(ctx, EventQuery{FromMs: 0, ToMs: base})
				if err != nil {
					errs <- err
					return
				}
				// A reader sees whole batches only.
				if len(res.Events)%100 != 0 {
					errs <- fmt.Errorf("a reader saw %d events, part of a batch", len(res.Events))
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := countEvents(t, reader); n != 2000 {
		t.Fatalf("%d events", n)
	}
}
