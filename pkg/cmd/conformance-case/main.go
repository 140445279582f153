// Command conformance-case runs conformance cases through the Go engine for the differential test
// (conformance/differential.test.ts): one case per line of JSON on stdin (a conformance vector without
// "expect"), one line of JSON per case on stdout, {"outcome": …} or {"crash": "…"}. A case that panics
// is a crash; one that holds more than -max-heap-mb or runs longer than -case-timeout is a crash too,
// and the command exits after reporting it, since the engine may still hold the memory or the CPU.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"

	"github.com/auditlens/entraid/pkg/internal/conformance"
)

type reply struct {
	Outcome *conformance.Outcome `json:"outcome,omitempty"`
	Crash   string               `json:"crash,omitempty"`
}

func main() {
	maxHeapMB := flag.Int64("max-heap-mb", 512, "a case holding more live heap than this is reported as a crash")
	caseTimeout := flag.Duration("case-timeout", 20*time.Second, "a case running longer than this is reported as a crash")
	flag.Parse()
	maxHeap := uint64(*maxHeapMB) << 20
	// Collect early, so the watchdog sees live memory rather than garbage.
	debug.SetMemoryLimit(int64(maxHeap / 2))
	out := bufio.NewWriter(os.Stdout)
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	for {
		line, err := in.ReadBytes('\n')
		if len(line) > 0 {
			write(out, runGuarded(line, maxHeap, *caseTimeout))
		}
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "reading cases:", err)
			os.Exit(2)
		}
	}
}

func write(out *bufio.Writer, r reply) {
	b, err := json.Marshal(r)
	if err != nil {
		b, _ = json.Marshal(reply{Crash: "the outcome is not JSON: " + err.Error()})
	}
	out.Write(append(b, '\n'))
	out.Flush()
}

// runGuarded runs one case on its own goroutine and watches it; a runaway case ends the process
// after its crash line is written, as nothing else can stop a goroutine.
func runGuarded(line []byte, maxHeap uint64, timeout time.Duration) reply {
	done := make(chan reply, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- reply{Crash: fmt.Sprintf("panic: %v\n%s", p, debug.Stack())}
			}
		}()
		var c conformance.Case
		if err := json.Unmarshal(line, &c); err != nil {
			done <- reply{Crash: "the case is not JSON: " + err.Error()}
			return
		}
		outcome := conformance.Run(c)
		done <- reply{Outcome: &outcome}
	}()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case r := <-done:
			return r
		case <-deadline.C:
			exitWith(reply{Crash: fmt.Sprintf("the case ran longer than %s", timeout)})
		case <-tick.C:
			if heap := liveHeap(); heap > maxHeap {
				exitWith(reply{Crash: fmt.Sprintf("the case held %d MB of heap (limit %d MB)", heap>>20, maxHeap>>20)})
			}
		}
	}
}

func exitWith(r reply) {
	write(bufio.NewWriter(os.Stdout), r)
	os.Exit(3)
}

func liveHeap() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	return sample[0].Value.Uint64()
}
