package store

import (
	"errors"
	"testing"
)

// A companion writes through an unowned handle: it neither keeps the store open nor closes it.
func TestAnUnownedHandleNeitherKeepsNorClosesTheStore(t *testing.T) {
	dir := t.TempDir()
	r := NewRegistry()
	k := Key{OrgID: 1, UID: "ds"}
	a, b := openIn(t, r, dir, k), openIn(t, r, dir, k)
	companion, err := a.Unowned()
	if err != nil {
		t.Fatal(err)
	}
	_ = a.Close() // the instance that started the companion goes; the other still holds the store
	mustWrite(t, companion, Batch{Records: records(seqEvents("e", 3, base))})
	if err := companion.Close(); err != nil {
		t.Fatal(err)
	}
	if n := countEvents(t, b); n != 3 {
		t.Fatalf("closing the unowned handle closed the store: %d events read", n)
	}
	other, _ := b.Unowned()
	_ = b.Close()
	if len(r.files) != 0 {
		t.Fatalf("an unowned handle kept the store open")
	}
	if _, err := other.Stats(ctx); !errors.Is(err, ErrClosed) {
		t.Fatalf("an unowned handle answered after the store closed: %v", err)
	}
	if _, err := a.Unowned(); !errors.Is(err, ErrClosed) {
		t.Fatalf("a closed handle gave an unowned one: %v", err)
	}
}
