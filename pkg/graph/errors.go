package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/auditlens/entraid/pkg/models"
)

// Errors the client stops a query with.
var (
	ErrForeignNextLink  = models.NewCodedError("foreignNextLink", "Microsoft Graph sent a next-page link outside the configured audit endpoint; the walk was stopped and the link was not requested")
	ErrRepeatedNextLink = models.NewCodedError("repeatedNextLink", "Microsoft Graph sent the same next-page link twice; the walk was stopped so no page is counted twice")
	ErrThrottled        = models.NewCodedError("throttled", "throttled")
	// ErrRetriesExhausted carries no code: the last failure it wraps decides it.
	ErrRetriesExhausted = errors.New("Microsoft Graph kept failing after every retry")
	ErrPageTooLarge     = models.NewCodedError("invalidResponse", "a Microsoft Graph page is larger than the plugin accepts")
)

// GraphError is a Microsoft Graph error answer, parsed from its structured body.
type GraphError struct {
	Status    int
	Code      string
	Message   string
	RequestID string
	// Legacy: the answer came from the retired Azure AD Graph.
	Legacy bool
}

func (e *GraphError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Microsoft Graph answered %d", e.Status)
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", strings.TrimRight(e.Message, ". "))
	}
	b.WriteString(". ")
	b.WriteString(e.Advice())
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request-id %s)", e.RequestID)
	}
	return b.String()
}

// Advice says what to do about the error, keyed on Graph's stable code, never on its message text,
// except for the retention error that only exists as message text (graph-api.md §4.2).
func (e *GraphError) Advice() string {
	if e.Legacy && e.Status == 403 {
		return "Azure AD Graph is retired: since 2025 Microsoft answers 403 to every app. Switch the data source's API to Microsoft Graph, or grant Directory.Read.All where the API still runs."
	}
	switch e.Code {
	case "Authentication_MSGraphPermissionMissing", "Authentication_ApplicationHasNoReadAuditLogDataAccess":
		return "Grant the app registration the AuditLog.Read.All application permission and admin consent in Entra ID."
	case "Authentication_ApplicationHasNoDirectoryReadAccess", "Authorization_RequestDenied":
		return "Grant the app registration the AuditLog.Read.All and Directory.Read.All application permissions and admin consent in Entra ID."
	case "InvalidAuthenticationToken":
		return "The token was rejected; check that the cloud in the data source settings is the tenant's cloud."
	case "TooManyRequests":
		return "The tenant's report budget (5 requests per 10 s per app) is used up; lower dashboard refresh rates or narrow the range."
	}
	if e.Code == "Request_ThrottledTemporarily" {
		return "The tenant's report budget is used up; lower dashboard refresh rates or narrow the range."
	}
	if strings.Contains(e.Message, "Minimum allowed time") {
		return "The range starts before the tenant's audit retention; lower Retention (days) in the data source settings."
	}
	switch {
	case e.Status == 403:
		return "Grant the app registration the AuditLog.Read.All and Directory.Read.All application permissions and admin consent in Entra ID."
	case e.Status == 404:
		return "The audit endpoint was not found; check the Graph URL and API version (China serves directory audits on beta only)."
	case e.Status == 400:
		return "Graph rejected the request; check the raw $filter clause and the filter values."
	case e.Status == 429 || e.Status >= 500:
		return "Microsoft Graph is throttling or unavailable; the plugin retried and gave up. Try again later."
	}
	return "Check the data source settings."
}

func parseGraphError(status int, body []byte) *GraphError {
	e := &GraphError{Status: status}
	var raw struct {
		// The legacy Azure AD Graph writes `odata.error` with message {lang, value} (graph-api.md §5.6).
		Legacy *struct {
			Code    string `json:"code"`
			Message struct {
				Value string `json:"value"`
			} `json:"message"`
			RequestID string `json:"requestId"`
		} `json:"odata.error"`
		Error struct {
			Code       string `json:"code"`
			Message    string `json:"message"`
			InnerError struct {
				RequestID  string `json:"request-id"`
				RequestID2 string `json:"requestId"`
			} `json:"innerError"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &raw) == nil {
		e.Code, e.Message = raw.Error.Code, raw.Error.Message
		e.RequestID = firstNonEmpty(raw.Error.InnerError.RequestID, raw.Error.InnerError.RequestID2)
		if l := raw.Legacy; l != nil {
			e.Code, e.Message, e.RequestID, e.Legacy = l.Code, l.Message.Value, l.RequestID, true
		}
	}
	return e
}
