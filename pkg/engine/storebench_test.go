package engine_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/engine"
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

// benchFillVersion changes when fillBenchStore writes other events, so a kept store is not reused.
const benchFillVersion = 2

var benchActivityNames = []string{"Add user", "Update user", "Delete user", "Add member to group", "Add member to role",
	"Update application", "Reset password", "Consent to application", "Add service principal", "Update policy"}

// fillBenchStore writes n compact Graph events spread evenly over the range, 10,000 a batch.
// The store is kept in STORE_BENCH_DIR when set, so a second run skips the fill.
func fillBenchStore(b *testing.B, n int, from, to time.Time) store.Store {
	b.Helper()
	dir := os.Getenv("STORE_BENCH_DIR")
	if dir == "" {
		// Kept between runs, keyed by the schema and this fill's version, so only the first run fills.
		dir = filepath.Join(os.TempDir(), fmt.Sprintf("auditlens-store-bench-%d-v%d-s%d", n, benchFillVersion, store.SchemaVersion))
		if err := os.MkdirAll(dir, 0o700); err != nil {
			b.Fatal(err)
		}
	}
	st, err := store.NewRegistry().Open(context.Background(), dir, store.Key{OrgID: 1, UID: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	span := store.Span{FromMs: from.UnixMilli(), ToMs: to.UnixMilli()}
	if stats, _ := st.Stats(context.Background()); stats.Events >= int64(n) {
		return st
	}
	started := time.Now()
	step := to.Sub(from) / time.Duration(n)
	batch := make([]store.Record, 0, 10_000)
	for i := 0; i < n; i++ {
		at := to.Add(-step * time.Duration(i))
		result := "success"
		if i%13 == 0 {
			result = "failure"
		}
		raw := fmt.Sprintf(`{"id":"e-%d","activityDateTime":%q,"activityDisplayName":%q,"category":"UserManagement","result":%q,`+
			`"loggedByService":"Core Directory","operationType":"Update","correlationId":"c-%d",`+
			`"initiatedBy":{"user":{"id":"u-%d","userPrincipalName":"admin%d@contoso.com"},"app":null},`+
			`"targetResources":[{"id":"t-%d","displayName":"Target %d","type":%q}],"additionalDetails":[]}`,
			i, at.Format("2006-01-02T15:04:05.000Z"), benchActivityNames[i%len(benchActivityNames)], result, i, i%50, i%50, i%3000, i%3000,
			[]string{"User", "Group", "ServicePrincipal"}[i%3])
		batch = append(batch, store.Record{Raw: []byte(raw), Flavour: store.FlavourGraph})
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := st.Write(context.Background(), store.Batch{Records: batch, Covered: []store.Span{span}}); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if err := st.SaveSyncState(context.Background(), store.SyncState{LastSuccessMs: to.UnixMilli()}); err != nil {
		b.Fatal(err)
	}
	took := time.Since(started)
	fmt.Printf("filled %d events in %s (%.0f events/s, batches of 10,000, rollup kept) into %s\n", n, took.Round(time.Second),
		float64(n)/took.Seconds(), dir)
	return st
}
