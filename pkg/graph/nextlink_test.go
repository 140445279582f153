package graph_test

import (
	"errors"
	"net/url"
	"testing"

	"github.com/auditlens/entraid/pkg/graph"
)

func TestNextLinkMustStayOnTheAuditEndpoint(t *testing.T) {
	base, _ := url.Parse("https://graph.microsoft.com")
	path := "v1.0/auditLogs/directoryAudits"
	tests := []struct {
		link string
		ok   bool
	}{
		{"https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$top=1000&$skiptoken=abc", true},
		{"https://GRAPH.microsoft.com/v1.0/auditLogs/directoryAudits?%24skiptoken=abc", true},
		{"https://evil.example/v1.0/auditLogs/directoryAudits?$skiptoken=x", false},
		{"http://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$skiptoken=x", false},
		{"https://graph.microsoft.com:8443/v1.0/auditLogs/directoryAudits?$skiptoken=x", false},
		{"https://graph.microsoft.com@evil.example/v1.0/auditLogs/directoryAudits", false},
		{"https://user:pw@graph.microsoft.com/v1.0/auditLogs/directoryAudits", false},
		{"https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=x", false},
		{"https://graph.microsoft.com/v1.0/auditLogs/directoryAudits/../signIns", false},
		{"https://graph.microsoft.com/v1.0/auditLogs/directoryAudits/%2e%2e/signIns", false},
		{"https://graph.microsoft.com/v1.0/auditLogs%2FdirectoryAudits?x=1", false},
		{"https://graph.microsoft.com//v1.0/auditLogs/directoryAudits", false},
		{"https://graph.microsoft.com/v1.0/auditLogs/directoryAudits#frag", false},
		{"https://graph.microsoft.com/beta/auditLogs/directoryAudits", false},
		{"/v1.0/auditLogs/directoryAudits?$skiptoken=x", false},
		{"javascript:alert(1)", false},
		{"", false},
	}
	for _, tc := range tests {
		_, err := graph.CheckNextLink(tc.link, base, path)
		if (err == nil) != tc.ok {
			t.Errorf("%q: got %v", tc.link, err)
		}
		if err != nil && !errors.Is(err, graph.ErrForeignNextLink) {
			t.Errorf("%q: not ErrForeignNextLink: %v", tc.link, err)
		}
	}
}

func TestNextLinkHonoursABasePath(t *testing.T) {
	base, _ := url.Parse("http://127.0.0.1:9000/graph")
	if _, err := graph.CheckNextLink("http://127.0.0.1:9000/graph/beta/auditLogs/directoryAudits?$skiptoken=1", base, "beta/auditLogs/directoryAudits"); err != nil {
		t.Error(err)
	}
	if _, err := graph.CheckNextLink("http://127.0.0.1:9000/beta/auditLogs/directoryAudits?$skiptoken=1", base, "beta/auditLogs/directoryAudits"); err == nil {
		t.Error("a link outside the base path was accepted")
	}
}
