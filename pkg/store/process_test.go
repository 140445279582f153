package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// A test re-runs its own binary as a child process (STORE_TEST_CHILD names the part it plays):
// a second Grafana server process, or one killed in the middle of a write.
const childEnv = "STORE_TEST_CHILD"

func TestMain(m *testing.M) {
	if role := os.Getenv(childEnv); role != "" {
		os.Exit(runChild(role, os.Getenv("STORE_TEST_DIR")))
	}
	os.Exit(m.Run())
}

var childKey = Key{OrgID: 1, UID: "shared"}

func runChild(role, dir string) int {
	h, err := Open(context.Background(), dir, childKey)
	if err != nil {
		fmt.Println("open failed:", err)
		return 2
	}
	switch role {
	case "hold":
		fmt.Println("ready")
		_, _ = io.Copy(io.Discard, os.Stdin) // hold the store until the parent closes stdin
		return 0
	case "crash":
		if _, err := h.Write(context.Background(), Batch{Records: records(seqEvents("e", 100, base)), Covered: []Span{{base - 99000, base}}}); err != nil {
			fmt.Println("first batch:", err)
			return 2
		}
		beforeCommit = func() { os.Exit(3) } // dies with the second batch written but not committed
		_, _ = h.Write(context.Background(), Batch{Records: records(seqEvents("e", 300, base)), Covered: []Span{{base - 299000, base}}})
		return 4
	}
	return 5
}

func startChild(t *testing.T, role, dir string) (*exec.Cmd, io.WriteCloser, *bufio.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+role, "STORE_TEST_DIR="+dir)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = stdin.Close(); _ = cmd.Wait() })
	return cmd, stdin, bufio.NewReader(stdout)
}

func TestASecondProcessIsToldTheStoreIsInUse(t *testing.T) {
	dir := t.TempDir()
	cmd, stdin, out := startChild(t, "hold", dir)
	if line, _ := out.ReadString('\n'); strings.TrimSpace(line) != "ready" {
		t.Fatalf("child: %q", line)
	}
	_, err := NewRegistry().Open(ctx, dir, childKey)
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "process "+strconv.Itoa(cmd.Process.Pid)) {
		t.Fatalf("got %v, want ErrInUse naming process %d", err, cmd.Process.Pid)
	}
	// A different data source in the same directory is not held.
	openIn(t, NewRegistry(), dir, Key{OrgID: 2, UID: "shared"})

	// The lock goes with the process, however it ends.
	_ = stdin.Close()
	_ = cmd.Wait()
	openIn(t, NewRegistry(), dir, childKey)
}

func TestAProcessKilledMidWriteLeavesTheStoreConsistent(t *testing.T) {
	dir := t.TempDir()
	cmd, _, out := startChild(t, "crash", dir)
	rest, _ := io.ReadAll(out)
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 3 {
		t.Fatalf("child ended with %v (%s), want exit 3 before its commit", err, rest)
	}
	h := openIn(t, NewRegistry(), dir, childKey)
	if n := countEvents(t, h); n != 100 {
		t.Fatalf("%d events after the crash, want the 100 committed", n)
	}
	c, _ := h.Coverage(ctx, Span{base - 299000, base})
	if len(c.Covered) != 1 || c.Covered[0] != (Span{base - 99000, base}) {
		t.Fatalf("coverage after the crash %+v: the unfinished batch's span must not be covered", c.Covered)
	}
	res := mustWrite(t, h, Batch{Records: records(seqEvents("e", 300, base)), Covered: []Span{{base - 299000, base}}})
	if res.Inserted != 200 || res.Duplicates != 100 || countEvents(t, h) != 300 {
		t.Fatalf("re-inserting after the crash: %+v, %d held; want 200 new, 300 held", res, countEvents(t, h))
	}
}
