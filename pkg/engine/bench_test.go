package engine

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/frames"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// Benchmarks for parsing and framing 100k events (`mage bench`, or
// `go test -run '^$' -bench . -benchmem ./pkg/engine`); never part of the test command.

const benchEvents = 100_000

var (
	benchTo   = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	benchFrom = benchTo.Add(-7 * 24 * time.Hour)
)

var benchActivities = []string{"Add user", "Update user", "Delete user", "Add member to group", "Add member to role",
	"Update application – Certificates and secrets management", "Reset password (by admin)", "Consent to application"}

// benchPages renders 100 pages of 1,000 realistic directoryAudit objects, newest first.
func benchPages(b *testing.B) [][]byte {
	b.Helper()
	span := benchTo.Sub(benchFrom)
	pages := make([][]byte, 0, benchEvents/1000)
	for p := 0; p < benchEvents/1000; p++ {
		value := make([]map[string]any, 1000)
		for i := range value {
			n := p*1000 + i
			at := benchTo.Add(-time.Duration(int64(span) / benchEvents * int64(n)))
			result := "success"
			if n%17 == 0 {
				result = "failure"
			}
			value[i] = map[string]any{
				"id": fmt.Sprintf("Directory_%08d_%d", n, n*7), "category": "UserManagement", "correlationId": fmt.Sprintf("c-%d", n),
				"result": result, "resultReason": "", "activityDisplayName": benchActivities[n%len(benchActivities)],
				"activityDateTime": at.Format("2006-01-02T15:04:05.0000000Z"), "loggedByService": "Core Directory", "operationType": "Update",
				"initiatedBy": map[string]any{"app": nil, "user": map[string]any{"id": "u", "displayName": nil, "userPrincipalName": fmt.Sprintf("admin%d@contoso.com", n%40), "ipAddress": "10.0.0.1"}},
				"targetResources": []map[string]any{{"id": "t", "displayName": "Alice", "type": "User", "userPrincipalName": "alice@contoso.com",
					"modifiedProperties": []map[string]any{{"displayName": "AccountEnabled", "oldValue": "[true]", "newValue": "[false]"}}}},
				"additionalDetails": []map[string]any{{"key": "UserType", "value": "Member"}},
			}
		}
		body, err := json.Marshal(map[string]any{"value": value, "@odata.nextLink": "https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$skiptoken=x"})
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, body)
	}
	return pages
}

func benchPlan() *plan.Plan {
	return &plan.Plan{From: benchFrom, To: benchTo}
}

func parseAll(b *testing.B, pages [][]byte) collected {
	col := newCollector(benchPlan(), benchEvents)
	for _, body := range pages {
		page, err := graph.ParsePage(body)
		if err != nil {
			b.Fatal(err)
		}
		col.add(page.Items, true)
	}
	got := col.result(false)
	if len(got.events) != benchEvents {
		b.Fatalf("%d events", len(got.events))
	}
	return got
}

func BenchmarkParse100k(b *testing.B) {
	pages := benchPages(b)
	bytes := 0
	for _, p := range pages {
		bytes += len(p)
	}
	b.SetBytes(int64(bytes))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		parseAll(b, pages)
	}
	b.ReportMetric(float64(benchEvents*b.N)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkFrame100k(b *testing.B) {
	got := parseAll(b, benchPages(b))
	for _, format := range []models.QueryFormat{models.FormatTimeSeries, models.FormatAlertNumbers, models.FormatSummary, models.FormatEvents, models.FormatLogs} {
		b.Run(string(format), func(b *testing.B) {
			q := models.AuditQuery{RefID: "A", Format: format, GroupBy: models.GroupByActivity, Bucket: "1h"}
			for i := 0; i < b.N; i++ {
				if _, _, err := frames.Build(frames.Input{Query: q, Events: got.events, FromMs: benchFrom.UnixMilli(), ToMs: benchTo.UnixMilli(), IntervalMs: 3_600_000}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(benchEvents*b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

func BenchmarkParseAndFrameTimeSeries100k(b *testing.B) {
	pages := benchPages(b)
	q := models.AuditQuery{RefID: "A", Format: models.FormatTimeSeries, GroupBy: models.GroupByActivity, Bucket: "5m"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		got := parseAll(b, pages)
		if _, _, err := frames.Build(frames.Input{Query: q, Events: got.events, FromMs: benchFrom.UnixMilli(), ToMs: benchTo.UnixMilli()}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchEvents*b.N)/b.Elapsed().Seconds(), "events/s")
}
