package graph

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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

// Error is the message of the table's rule for the answer (graphAnswers in
// conformance/tables/errors.json), as errorFromResponse in src/core/errors/graphError.ts writes it.
func (e *GraphError) Error() string {
	rule := e.rule()
	message := models.RenderAdvice(rule.Message, map[string]string{
		"status":        strconv.Itoa(e.Status),
		"microsoftSaid": models.MicrosoftSaid(e.Code, e.Message),
	})
	if e.RequestID != "" {
		message += models.RenderAdvice("{requestIdSuffix}", map[string]string{"requestId": e.RequestID})
	}
	return message
}

func (e *GraphError) rule() models.AnswerRule {
	return models.GraphAnswerRule(models.Answer{Status: e.Status, Code: e.Code, Message: e.Message, Legacy: e.Legacy})
}

// maxEchoedBody bounds the text of a body that is not JSON echoed in the message (characters).
const maxEchoedBody = 300

// parseGraphError reads Graph's `error`, the legacy `odata.error`, a plain `message`, or else the
// body's text, as parseErrorBody in src/core/errors/graphError.ts does (keys are case-sensitive there).
func parseGraphError(status int, body []byte) *GraphError {
	e := &GraphError{Status: status}
	var raw map[string]json.RawMessage
	if isJSONObject(body) && json.Unmarshal(body, &raw) == nil {
		if legacy := raw["odata.error"]; isJSONObject(legacy) {
			e.Legacy = true
			e.Code, e.Message, e.RequestID = readErrorObject(legacy, true)
			return e
		}
		if graphErr := raw["error"]; isJSONObject(graphErr) {
			e.Code, e.Message, e.RequestID = readErrorObject(graphErr, false)
			return e
		}
		if message, ok := jsonString(raw["message"]); ok {
			e.Message = message
			return e
		}
	}
	// Not JSON: Grafana's proxy answers some failures in plain text.
	e.Message = truncateRunes(strings.TrimFunc(string(body), isTrimmed), maxEchoedBody)
	return e
}

// readErrorObject reads code, message (the legacy API writes {lang, value}) and request-id
// (Graph: innerError["request-id"] or requestId; legacy: requestId).
func readErrorObject(object json.RawMessage, legacy bool) (code, message, requestID string) {
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(object, &fields)
	code = jsText(fields["code"])
	if m, ok := jsonString(fields["message"]); ok {
		message = m
	} else if isJSONObject(fields["message"]) {
		var inner map[string]json.RawMessage
		_ = json.Unmarshal(fields["message"], &inner)
		message = jsText(inner["value"])
	}
	if legacy {
		requestID, _ = jsonString(fields["requestId"])
		return code, message, requestID
	}
	var inner map[string]json.RawMessage
	if isJSONObject(fields["innerError"]) {
		_ = json.Unmarshal(fields["innerError"], &inner)
	}
	first, _ := jsonString(inner["request-id"])
	second, _ := jsonString(inner["requestId"])
	return code, message, firstNonEmpty(first, second)
}

// isJSONObject is JavaScript's `typeof v === 'object' && v !== null`: an object or an array.
func isJSONObject(raw []byte) bool {
	trimmed := strings.TrimLeft(string(raw), " \t\r\n")
	return strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[")
}

func jsonString(raw json.RawMessage) (string, bool) {
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// jsText is JavaScript's String(v ?? ""): text as is, null or absent as "", numbers and booleans as written.
func jsText(raw json.RawMessage) string {
	if s, ok := jsonString(raw); ok {
		return s
	}
	switch text := strings.TrimSpace(string(raw)); {
	case text == "" || text == "null":
		return ""
	case isJSONObject(raw):
		return "[object Object]"
	default:
		return text
	}
}

// isTrimmed is what JavaScript's String.prototype.trim removes: white space and the byte order mark.
func isTrimmed(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' }

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
