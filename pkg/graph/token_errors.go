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
	// Local is set when the plugin or the Azure Identity library refused before Entra ID answered
	// (an expired certificate, an http login URL): the problem and its fix, in the plugin's words.
	Local string
	cause error
}

// AdviceCode is the first AADSTS code the plugin has advice for (tokenAnswers in
// conformance/tables/errors.json), or the first code at all.
func (e *TokenError) AdviceCode() int { return models.TokenAdviceFor(e.Status, e.AADSTS).AADSTS }

// Unwrap is the cause of a local refusal, e.g. ErrCertificateExpired.
func (e *TokenError) Unwrap() error { return e.cause }

func (e *TokenError) Error() string {
	if e.Local != "" {
		return "could not sign in to Entra ID: " + e.Local
	}
	if e.Transport != "" {
		message, _ := models.TokenUnreachable(e.Host, e.Transport)
		return message
	}
	return models.TokenRefusal{Status: e.Status, AADSTS: e.AADSTS, OAuthCode: e.Code, TraceID: e.TraceID, CorrelationID: e.CorrelationID}.String()
}
