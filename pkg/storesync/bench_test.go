package storesync

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/internal/emulatortest"
	"github.com/auditlens/entraid/pkg/store"
)

// BenchmarkBackfill30Days backfills a 30-day tenant on the emulator with Microsoft's throttle on
// (5 requests per 10 s) at the default budget share, and compares the emulated time with the
// floor the share allows. Not part of the test command:
//
//	BENCH_EVENTS_PER_DAY=5000 BENCH_TIME_SCALE=20 go test -run '^$' -bench Backfill30Days -benchtime 1x ./pkg/storesync/
//
// BENCH_DAYS (default 30) shortens the tenant's retention, so a dense tenant's ratio to the floor
// can be measured on a part of the month (the floor is per page, so the ratio carries over).
func BenchmarkBackfill30Days(b *testing.B) {
	perDay := envInt("BENCH_EVENTS_PER_DAY", 5000)
	scale := envInt("BENCH_TIME_SCALE", 20)
	days := envInt("BENCH_DAYS", 30)
	for range b.N {
		emu := emulatortest.Start(b, scale, "--now", emulatorNow, "--events-per-day", fmt.Sprint(perDay), "--retention-days", fmt.Sprint(days))
		src := source(b, emu, emu.Clock, emu.TenantID, fmt.Sprintf(`,"retentionDays":%d`, days))
		h, err := store.Open(ctx, b.TempDir(), store.Key{OrgID: 1, UID: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		startEmu, startReal, startCPU := emu.Clock.Now(), time.Now(), processCPU()
		s, err := Ensure(h, src)
		if err != nil {
			b.Fatal(err)
		}
		// The loop's own progress, not Status: Status counts the store's events (a scan of the
		// whole table), which every 20 ms took a third of the process's CPU from the backfill.
		for !backfilledSoFar(s) {
			time.Sleep(20 * time.Millisecond)
		}
		emulated, real, cpu := emu.Clock.Now().Sub(startEmu), time.Since(startReal), processCPU()-startCPU
		st, err := s.Status(ctx)
		if err != nil {
			b.Fatal(err)
		}
		_ = h.Close()
		pages, throttled := 0, 0
		for _, r := range emu.Requests(b) {
			switch {
			case r.API != "graph":
			case r.Status == 429:
				throttled++
			default:
				pages++
			}
		}
		lane, _ := newLaneFor(src)
		perRequest := lane.Hold / time.Duration(lane.Places)
		floorActual := time.Duration(pages-1) * perRequest
		fullPages := int(math.Ceil(float64(st.Events) / 1000))
		floorIdeal := time.Duration(fullPages-1) * perRequest
		b.ReportMetric(emulated.Seconds(), "emulated-s")
		b.ReportMetric(float64(pages), "requests")
		b.ReportMetric(float64(throttled), "429s")
		fmt.Printf("| %d events, %d days | %d requests (%d chunks), %d 429s | emulated %.0f s | floor at share %.2f: %.0f s for these requests (%.2f×), %.0f s for %d full pages (%.2f×) | wall-clock %.1f s at %d×, this process's CPU %.1f s |\n",
			st.Events, days, pages, st.Chunks, throttled, emulated.Seconds(), src.Settings.StoreBudgetShare,
			floorActual.Seconds(), emulated.Seconds()/floorActual.Seconds(), floorIdeal.Seconds(), fullPages,
			emulated.Seconds()/floorIdeal.Seconds(), real.Seconds(), scale, cpu.Seconds())
	}
}

// processCPU is the user and system CPU this process has used (the sync and the store; the
// emulator is another process).
func processCPU() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// backfilledSoFar is backfilled(Status) read from the loop's progress alone.
func backfilledSoFar(s *Sync) bool {
	s.progress.mu.Lock()
	defer s.progress.mu.Unlock()
	return s.progress.percent == 100 && !s.progress.inProgress
}

func envInt(name string, fallback int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return fallback
}
