package store

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/auditlens/entraid/pkg/models"
)

// Benchmarks run only with -bench (see docs/store.md for the command and the figures).

const benchEvents = 100_000

var benchActivities = []string{"Add user", "Update user", "Delete user", "Add member to group", "Reset password",
	"Add app role assignment to service principal", "Update application", "Consent to application"}

// benchRecords is one day and a bit of a busy tenant, newest first, in Graph-sized pages.
func benchRecords() [][]Record {
	var pages [][]Record
	var page []Record
	for i := 0; i < benchEvents; i++ {
		ev := rawEvent{
			ID: fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i*7919), TimeMs: base - int64(i)*1000,
			Activity: benchActivities[i%len(benchActivities)], Upn: fmt.Sprintf("user%d@contoso.onmicrosoft.com", i%500),
			Targets: []rawTarget{{ID: fmt.Sprintf("%08x-1111-4000-8000-000000000000", i%2000), Name: fmt.Sprintf("Target %d", i%2000), Type: "User",
				Upn: fmt.Sprintf("target%d@contoso.onmicrosoft.com", i%2000)}, {ID: "g-" + fmt.Sprint(i%50), Name: "Group", Type: "Group"}},
		}
		page = append(page, Record{Raw: ev.json(), Flavour: FlavourGraph})
		if len(page) == 1000 {
			pages, page = append(pages, page), nil
		}
	}
	return pages
}

func fillBench(b *testing.B, h *Handle, pages [][]Record) {
	for _, p := range pages {
		if _, err := h.Write(ctx, Batch{Records: p, Covered: []Span{{FromMs: base - benchEvents*1000, ToMs: base}}}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInsert100kEvents(b *testing.B) {
	pages := benchRecords()
	rawBytes := 0
	for _, p := range pages {
		for _, r := range p {
			rawBytes += len(r.Raw)
		}
	}
	var last Stats
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		h, err := NewRegistry().Open(ctx, filepath.Join(b.TempDir(), "s"), Key{OrgID: 1, UID: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		fillBench(b, h, pages)
		b.StopTimer()
		if last, err = h.Stats(ctx); err != nil || last.Events != benchEvents {
			b.Fatalf("stats %+v %v", last, err)
		}
		_ = h.Close()
	}
	b.ReportMetric(float64(last.BytesOnDisk)/benchEvents, "disk-bytes/event")
	b.ReportMetric(float64(rawBytes)/benchEvents, "raw-bytes/event")
}

func benchStore(b *testing.B) *Handle {
	h, err := NewRegistry().Open(ctx, filepath.Join(b.TempDir(), "s"), Key{OrgID: 1, UID: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = h.Close() })
	fillBench(b, h, benchRecords())
	return h
}

func benchRead(b *testing.B, q EventQuery, want int) {
	h := benchStore(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := h.Events(ctx, q)
		if err != nil || len(res.Events) != want {
			b.Fatalf("%d events (%v), want %d", len(res.Events), err, want)
		}
	}
}

// BenchmarkRead100kEvents decodes every event of the range (the engines' 100,000-event limit).
func BenchmarkRead100kEvents(b *testing.B) {
	benchRead(b, EventQuery{FromMs: 0, ToMs: base, Limit: benchEvents}, benchEvents)
}

// BenchmarkReadOneHour is a dashboard's last hour out of the 100k.
func BenchmarkReadOneHour(b *testing.B) {
	benchRead(b, EventQuery{FromMs: base - 3600_000 + 1, ToMs: base}, 3600)
}

// BenchmarkReadPushedDownFilter is one activity (1 in 8) over the whole range.
func BenchmarkReadPushedDownFilter(b *testing.B) {
	benchRead(b, EventQuery{FromMs: 0, ToMs: base, Filters: []models.FilterCondition{
		{Field: models.FieldActivity, Operator: models.OperatorEq, Values: []string{"delete USER"}}}}, benchEvents/8)
}

// BenchmarkReopen100k is a restart: lock, quick_check, migrations check.
func BenchmarkReopen100k(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "s")
	h, err := NewRegistry().Open(ctx, dir, Key{OrgID: 1, UID: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	fillBench(b, h, benchRecords())
	_ = h.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h, err := NewRegistry().Open(ctx, dir, Key{OrgID: 1, UID: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		_ = h.Close()
	}
}

// BenchmarkCounts100kByActivityHourly is a time series panel over the 100k without decoding.
func BenchmarkCounts100kByActivityHourly(b *testing.B) {
	h := benchStore(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rows, err := h.Counts(ctx, CountQuery{FromMs: 0, ToMs: base, GroupBy: models.GroupByActivity, BucketMs: 3600_000})
		if err != nil || len(rows) < 28*len(benchActivities) {
			b.Fatalf("%d rows (%v)", len(rows), err)
		}
	}
}

// BenchmarkCounts100kByTargetType groups by the first target's type (a subquery per event).
func BenchmarkCounts100kByTargetType(b *testing.B) {
	h := benchStore(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := h.Counts(ctx, CountQuery{FromMs: 0, ToMs: base, GroupBy: models.GroupByTargetType}); err != nil {
			b.Fatal(err)
		}
	}
}
