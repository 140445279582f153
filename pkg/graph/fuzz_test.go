package graph_test

import (
	"testing"

	"github.com/auditlens/entraid/pkg/graph"
)

// FuzzParsePage decodes any body as a Microsoft Graph page and as a legacy Azure AD Graph page:
// nothing may panic, and it yields either a page or an error.
// The seed corpus is in testdata/fuzz/FuzzParsePage. Longer run: see pkg/README.md.
func FuzzParsePage(f *testing.F) {
	f.Add([]byte(`{"value":[{"id":"1","activityDateTime":"2026-11-20T11:30:00.1234567Z"}],"@odata.nextLink":"https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$skiptoken=1"}`), false)
	f.Add([]byte(`{"value":[{"id":"l-1","activityDate":"2026-11-20T10:50:00Z","actor":{"name":"HR Sync"}}]}`), true)
	f.Fuzz(func(t *testing.T, body []byte, legacy bool) {
		if len(body) > 1<<20 {
			t.Skip()
		}
		parse := graph.ParsePage
		if legacy {
			parse = graph.ParseLegacyPage
		}
		page, err := parse(body)
		if (err == nil) == (page == nil) {
			t.Fatalf("a page must come without an error, or an error without a page: %v, %v", page, err)
		}
	})
}
