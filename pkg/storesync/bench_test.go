package storesync

import (
	"fmt"
	"math"
	"os"
	"strconv"
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
func BenchmarkBackfill30Days(b *testing.B) {
	perDay := envInt("BENCH_EVENTS_PER_DAY", 5000)
	scale := envInt("BENCH_TIME_SCALE", 20)
	for range b.N {
		emu := emulatortest.Start(b, scale, "--now", emulatorNow, "--events-per-day", fmt.Sprint(perDay))
		src := source(b, emu, emu.Clock, emu.TenantID, "")
		h, err := store.Open(ctx, b.TempDir(), store.Key{OrgID: 1, UID: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		startEmu, startReal := emu.Clock.Now(), time.Now()
		s, err := Ensure(h, src)
		if err != nil {
			b.Fatal(err)
		}
		var st Status
		for {
			if st, err = s.Status(ctx); err == nil && backfilled(st) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		emulated, real := emu.Clock.Now().Sub(startEmu), time.Since(startReal)
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
		fmt.Printf("| %d events, %d days | %d requests (%d chunks), %d 429s | emulated %.0f s | floor at share %.2f: %.0f s for these requests (%.2f×), %.0f s for %d full pages (%.2f×) | wall-clock %.1f s at %d× |\n",
			st.Events, 30, pages, st.Chunks, throttled, emulated.Seconds(), src.Settings.StoreBudgetShare,
			floorActual.Seconds(), emulated.Seconds()/floorActual.Seconds(), floorIdeal.Seconds(), fullPages,
			emulated.Seconds()/floorIdeal.Seconds(), real.Seconds(), scale)
	}
}

func envInt(name string, fallback int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return fallback
}
