package engine_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/engine"
	"github.com/auditlens/entraid/pkg/internal/storebench"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/store"
)

// BenchmarkStoreQueries1M answers a 30-day dashboard from a store holding 1M events, one
// sub-benchmark per format, and reports p50 and p95 wall-clock per query. Filling the store
// takes a few minutes; run it alone (docs/store.md has the command and figures):
//
//	go test -run '^$' -bench StoreQueries1M -benchtime 20x ./pkg/engine
func BenchmarkStoreQueries1M(b *testing.B) {
	const events = 1_000_000
	to := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	from := to.Add(-30 * 24 * time.Hour)
	st := fillBenchStore(b, events, from, to)
	settings := models.Resolve(models.JSONData{TenantID: "contoso.onmicrosoft.com", ClientID: "11111111-2222-3333-4444-555555555555"}, "s")
	settings.MaxEvents = models.MaxEventsPerQuery
	withDefaultLimit := settings
	withDefaultLimit.MaxEvents = 100_000
	cases := []struct {
		name     string
		query    models.AuditQuery
		settings models.Settings
		from     time.Time
	}{
		{"timeSeries-30d-by-activity", models.AuditQuery{RefID: "A", Format: models.FormatTimeSeries, GroupBy: models.GroupByActivity, Bucket: "auto"}, settings, from},
		{"timeSeries-30d-failures-by-targetType", models.AuditQuery{RefID: "A", Format: models.FormatTimeSeries, GroupBy: models.GroupByTargetType, Bucket: "auto",
			Filters: []models.FilterCondition{{Field: models.FieldResult, Operator: models.OperatorEq, Values: []string{"failure"}}}}, settings, from},
		{"timeSeries-30d-one-activity", models.AuditQuery{RefID: "A", Format: models.FormatTimeSeries, GroupBy: models.GroupByActivity, Bucket: "1h",
			Filters: []models.FilterCondition{{Field: models.FieldActivity, Operator: models.OperatorEq, Values: []string{"add member to ROLE"}}}}, settings, from},
		{"timeSeries-30d-by-initiatedBy-10m", models.AuditQuery{RefID: "A", Format: models.FormatTimeSeries, GroupBy: models.GroupByInitiatedBy, Bucket: "10m"}, settings, from},
		{"summary-30d-by-activity", models.AuditQuery{RefID: "A", Format: models.FormatSummary, GroupBy: models.GroupByActivity}, settings, from},
		{"summary-30d-by-initiatedBy", models.AuditQuery{RefID: "A", Format: models.FormatSummary, GroupBy: models.GroupByInitiatedBy}, settings, from},
		{"alertNumbers-30d-by-activity", models.AuditQuery{RefID: "A", Format: models.FormatAlertNumbers, GroupBy: models.GroupByActivity}, settings, from},
		{"alertNumbers-15m-one-activity", models.AuditQuery{RefID: "A", Format: models.FormatAlertNumbers, GroupBy: models.GroupByActivity,
			Filters: []models.FilterCondition{{Field: models.FieldActivity, Operator: models.OperatorEq, Values: []string{"Add member to role"}}}}, settings, to.Add(-15 * time.Minute)},
		{"events-30d-100k-limit", models.AuditQuery{RefID: "A", Format: models.FormatEvents}, withDefaultLimit, from},
		{"events-1h", models.AuditQuery{RefID: "A", Format: models.FormatEvents}, withDefaultLimit, to.Add(-time.Hour)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			req := engine.Request{Query: c.query, Settings: c.settings, From: c.from, To: to, Interval: 30 * time.Minute}
			src := engine.StoreRead{Store: st, Clock: clock.NewManual(to)}
			took := make([]time.Duration, 0, b.N)
			for i := 0; i < b.N; i++ {
				start := time.Now()
				if res := engine.RunFrom(context.Background(), src, req); res.Err != nil || len(res.Frames) == 0 {
					b.Fatalf("%v", res.Err)
				}
				took = append(took, time.Since(start))
			}
			sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
			b.ReportMetric(float64(took[len(took)/2].Milliseconds()), "p50-ms")
			b.ReportMetric(float64(took[(len(took)*95+99)/100-1].Milliseconds()), "p95-ms")
		})
	}
}

// fillBenchStore is the 1M-event store pkg/internal/storebench keeps between runs (STORE_BENCH_DIR
// or the system's temporary directory), filled on the first run.
func fillBenchStore(b *testing.B, n int, from, to time.Time) store.Store {
	b.Helper()
	st := storebench.Fill(b, store.NewRegistry(), storebench.Dir(b, n), n, from, to)
	b.Cleanup(func() { _ = st.Close() })
	return st
}
