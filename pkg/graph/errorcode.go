package graph

import "strings"

// The QueryErrorCode of each failure the client reports (models.CodeOf reads them); the same
// answers get the same codes in errorFromResponse (src/core/errors/graphError.ts).

// ErrorCode of a Graph error answer, by status; a 400 about retention is Graph's only code in prose.
func (e *GraphError) ErrorCode() string {
	switch {
	case e.Status == 401:
		return "authenticationFailed"
	case e.Status == 403:
		return "permissionDenied"
	case e.Status == 400 && !e.Legacy && strings.Contains(strings.ToLower(e.Message), "minimum allowed time for activitydatetime"):
		return "retentionExceeded"
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

// ErrorCode of a refused or unreachable token endpoint: the browser never asks for tokens (Grafana's
// proxy does), so either way the credentials could not be used.
func (e *TokenError) ErrorCode() string { return "authenticationFailed" }

// ErrorCode of a page that is not a page.
func (e *ErrNotAPage) ErrorCode() string { return "invalidResponse" }

// ErrorCode of a dropped connection (a 502 through Grafana's proxy).
func (e *transportError) ErrorCode() string { return "unreachable" }
