package store

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func renameStore(dir string, from, to Key) error {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		err := os.Rename(filepath.Join(dir, fileName(from))+suffix, filepath.Join(dir, fileName(to))+suffix)
		if err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}

func TestAGarbageFileIsRefusedWithAdvice(t *testing.T) {
	dir := t.TempDir()
	k := Key{OrgID: 1, UID: "ds"}
	path := filepath.Join(dir, fileName(k))
	if err := os.WriteFile(path, []byte("this is not a database, just some text someone put here"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := NewRegistry().Open(ctx, dir, k)
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "mv ") {
		t.Fatalf("got %v, want ErrCorrupt naming %s and how to move it away", err, path)
	}
	if data, _ := os.ReadFile(path); !strings.HasPrefix(string(data), "this is not") {
		t.Fatal("the refused file was changed")
	}
}

func TestADamagedDatabaseIsRefusedAtOpen(t *testing.T) {
	dir := t.TempDir()
	k := Key{OrgID: 1, UID: "ds"}
	h := openIn(t, NewRegistry(), dir, k)
	mustWrite(t, h, Batch{Records: records(seqEvents("e", 2000, base))})
	if err := h.Close(); err != nil { // the last close checkpoints the WAL into the file
		t.Fatal(err)
	}
	path := filepath.Join(dir, fileName(k))
	data, err := os.ReadFile(path)
	if err != nil || len(data) < 40*4096 {
		t.Fatalf("store file is %d bytes (%v)", len(data), err)
	}
	// Scribble over pages in the middle of the file, past the schema.
	for i := 20 * 4096; i < 30*4096; i++ {
		data[i] = byte(i * 7)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = NewRegistry().Open(ctx, dir, k)
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), path) {
		t.Fatalf("got %v, want ErrCorrupt naming %s", err, path)
	}
}

func TestAFullDiskFailsTheBatchAndLosesNothingStored(t *testing.T) {
	dir := t.TempDir()
	k := Key{OrgID: 1, UID: "ds"}
	h := openIn(t, NewRegistry(), dir, k)
	first := seqEvents("first", 50, base)
	mustWrite(t, h, Batch{Records: records(first), Covered: []Span{{base - 49000, base}}})
	f, done, _ := h.use()
	var pages int
	_ = f.writer.QueryRow("PRAGMA page_count").Scan(&pages)
	done()
	_ = h.Close()

	// Reopen with the file allowed only a few more pages: the next big batch cannot fit.
	r := NewRegistry()
	r.opts.maxPageCount = pages + 5
	full := openIn(t, r, dir, k)
	big := seqEvents("big", 3000, base-100000)
	_, err := full.Write(ctx, Batch{Records: records(big), Covered: []Span{{base - 4000000, base - 100000}}})
	if !errors.Is(err, ErrFull) || !strings.Contains(err.Error(), fileName(k)) {
		t.Fatalf("got %v, want ErrFull naming the file", err)
	}
	if n := countEvents(t, full); n != 50 {
		t.Fatalf("%d events after the failed batch, want the 50 stored before", n)
	}
	c, _ := full.Coverage(ctx, Span{base - 4000000, base})
	if len(c.Covered) != 1 || c.Covered[0] != (Span{base - 49000, base}) {
		t.Fatalf("coverage after the failed batch: %+v", c.Covered)
	}
	// A batch that fits still goes in afterwards.
	if res := mustWrite(t, full, Batch{Records: records(seqEvents("small", 2, base+5000))}); res.Inserted != 2 {
		t.Fatalf("small batch after the failure: %+v", res)
	}
}

func TestASymlinkWhereTheStoreFileGoesIsRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	dir, elsewhere := t.TempDir(), t.TempDir()
	k := Key{OrgID: 1, UID: "ds"}
	target := filepath.Join(elsewhere, "grafana.db")
	if err := os.WriteFile(target, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, fileName(k))); err != nil {
		t.Fatal(err)
	}
	if _, err := NewRegistry().Open(ctx, dir, k); !errors.Is(err, ErrUnsafeDir) || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("got %v, want a refusal of the symlink", err)
	}
	if info, _ := os.Stat(target); info.Size() != 0 {
		t.Fatal("the symlink's target was written")
	}
}

func TestADirectoryOthersCanWriteIsRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix modes")
	}
	dir := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	_, err := NewRegistry().Open(ctx, dir, Key{OrgID: 1, UID: "ds"})
	if !errors.Is(err, ErrUnsafeDir) || !strings.Contains(err.Error(), "chmod 700") {
		t.Fatalf("got %v, want ErrUnsafeDir with the chmod to run", err)
	}
	// Through a symlink the check applies to the real directory.
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	if _, err := NewRegistry().Open(ctx, link, Key{OrgID: 1, UID: "ds"}); !errors.Is(err, ErrUnsafeDir) {
		t.Fatalf("through a symlink: %v", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	openIn(t, NewRegistry(), link, Key{OrgID: 1, UID: "ds"})
}
