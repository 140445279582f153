package conformance

import (
	"errors"
	"strings"

	"github.com/auditlens/entraid/pkg/frames"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

var settingsErrors = []error{
	models.ErrSettingsJSON, models.ErrUnknownCloud, models.ErrUnknownAPI, models.ErrMissingTenant,
	models.ErrBadTenant, models.ErrMissingClientID, models.ErrMissingSecret, models.ErrBadEndpoint,
}

var queryErrors = []error{
	models.ErrQueryJSON, models.ErrUnknownFormat, models.ErrUnknownGroupBy, models.ErrUnknownFilterField,
	models.ErrUnknownOperator, models.ErrBadTopN, models.ErrBadRawFilter, plan.ErrBadBucket, plan.ErrEmptyRange,
}

// ErrorCode names a Go engine error with the TypeScript engine's QueryErrorCode
// (src/core/errors/queryError.ts), so the differential test can tell a refusal from a failure.
// An error it cannot place is "internal", which the TypeScript engine never gives for a QueryError.
func ErrorCode(err error) string {
	for _, e := range settingsErrors {
		if errors.Is(err, e) {
			return "invalidSettings"
		}
	}
	for _, e := range queryErrors {
		if errors.Is(err, e) {
			return "invalidQuery"
		}
	}
	var graphErr *graph.GraphError
	var notAPage *graph.ErrNotAPage
	var tokenErr *graph.TokenError
	switch {
	case errors.As(err, &tokenErr):
		// The browser never asks for tokens (Grafana's proxy does); a refused token is a credentials failure.
		return "authenticationFailed"
	case errors.Is(err, graph.ErrForeignNextLink):
		return "foreignNextLink"
	case errors.Is(err, graph.ErrRepeatedNextLink):
		return "repeatedNextLink"
	case errors.Is(err, frames.ErrTruncatedAlert):
		return "eventsLimit"
	case errors.Is(err, graph.ErrThrottled):
		return "throttled"
	case errors.As(err, &graphErr):
		return graphErrorCode(graphErr)
	case errors.As(err, &notAPage), errors.Is(err, graph.ErrPageTooLarge):
		return "invalidResponse"
	case errors.Is(err, graph.ErrRetriesExhausted):
		return "unreachable" // a dropped connection on every attempt
	}
	return "internal"
}

// graphErrorCode mirrors errorFromResponse in src/core/errors/graphError.ts.
func graphErrorCode(e *graph.GraphError) string {
	switch {
	case e.Status == 401:
		return "authenticationFailed"
	case e.Status == 403:
		return "permissionDenied"
	case e.Status == 400 && !e.Legacy && containsFold(e.Message, "Minimum allowed time for activityDateTime"):
		return "retentionExceeded"
	case e.Status == 400:
		return "badRequest"
	case e.Status == 404:
		return "notFound"
	case e.Status == 429:
		return "throttled"
	case e.Status == 502 || e.Status == 504:
		return "unreachable"
	case e.Status >= 500:
		return "unavailable"
	}
	return "badRequest"
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
