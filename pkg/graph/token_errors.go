package graph

import "github.com/auditlens/entraid/pkg/models"

// TokenError is a failed client-credentials request. It carries Entra ID's stable codes only:
// error_description is free text Microsoft says not to key on, so it is never echoed.
type TokenError struct {
	Status        int
	Code          string
	AADSTS        []int
	TraceID       string
	CorrelationID string
	Host          string
	// Transport is set when the login endpoint could not be reached at all.
	Transport string
}

// AdviceCode is the first AADSTS code the plugin has advice for (tokenAnswers in
// conformance/tables/errors.json), or the first code at all.
func (e *TokenError) AdviceCode() int { return models.TokenAdviceFor(e.Status, e.AADSTS).AADSTS }

func (e *TokenError) Error() string {
	if e.Transport != "" {
		message, _ := models.TokenUnreachable(e.Host, e.Transport)
		return message
	}
	return models.TokenRefusal{Status: e.Status, AADSTS: e.AADSTS, OAuthCode: e.Code, TraceID: e.TraceID, CorrelationID: e.CorrelationID}.String()
}
