package plugin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/auditlens/entraid/pkg/engine"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
)

// Grafana answers each error with the status and source its code has in conformance/tables/errors.json:
// the user's input and Microsoft's answers are downstream; an error without a code is the plugin's bug.
func TestErrorResponsesTakeStatusAndSourceFromTheTable(t *testing.T) {
	downstream, plugin := backend.ErrorSourceDownstream, backend.ErrorSourcePlugin
	for _, tc := range []struct {
		name   string
		err    error
		status backend.Status
		source backend.ErrorSource
	}{
		{"a missing permission", &graph.GraphError{Status: 403, Code: "Authorization_RequestDenied"}, backend.StatusForbidden, downstream},
		{"Graph failing after every retry", fmt.Errorf("%w: %w", graph.ErrRetriesExhausted, &graph.GraphError{Status: 503}), backend.StatusBadGateway, downstream},
		{"the retention edge", &graph.GraphError{Status: 400, Message: "Minimum allowed time for activityDateTime is x"}, backend.StatusBadRequest, downstream},
		{"an unexpected Graph status", &graph.GraphError{Status: 409}, backend.StatusBadRequest, downstream},
		{"a refused secret", &graph.TokenError{Status: 401, AADSTS: []int{7000215}}, backend.StatusUnauthorized, downstream},
		{"an unreachable login endpoint", &graph.TokenError{Host: "login.example", Transport: "connection refused"}, backend.StatusBadGateway, downstream},
		{"Entra ID failing", &graph.TokenError{Status: 503}, backend.StatusBadGateway, downstream},
		{"a foreign next link", graph.ErrForeignNextLink, backend.StatusBadGateway, downstream},
		{"an unknown format", fmt.Errorf("%w: %q", models.ErrUnknownFormat, "x"), backend.StatusBadRequest, downstream},
		{"a named limit", &models.LimitError{Message: "too many"}, backend.StatusBadRequest, downstream},
		{"a truncated alert", &engine.TruncatedAlertError{MaxEvents: 10}, backend.StatusBadRequest, downstream},
		{"a cancelled query", fmt.Errorf("walk: %w", context.Canceled), backend.StatusUnknown, downstream},
		{"a bug", errors.New("assignment to entry in nil map"), backend.StatusInternal, plugin},
		{"a bug in a wrapped error", fmt.Errorf("frames: %w", io.ErrUnexpectedEOF), backend.StatusInternal, plugin},
	} {
		r := errorResponse(tc.err, "GET x")
		if r.Status != tc.status || r.ErrorSource != tc.source || r.Error == nil || r.Error.Error() != tc.err.Error() {
			t.Errorf("%s: status %d source %q error %v, want %d %q", tc.name, r.Status, r.ErrorSource, r.Error, tc.status, tc.source)
		}
		if len(r.Frames) != 1 || r.Frames[0].Meta.ExecutedQueryString != "GET x" {
			t.Errorf("%s: the executed query string is lost", tc.name)
		}
	}
}
