package graph

import "github.com/auditlens/entraid/pkg/models"

// The QueryErrorCode of each failure the client reports (models.CodeOf reads them); the same
// answers get the same codes in errorFromResponse (src/core/errors/graphError.ts).

// ErrorCode of a Graph error answer: its rule's code (graphAnswers in conformance/tables/errors.json).
func (e *GraphError) ErrorCode() string { return e.rule().Code }

// ErrorCode of a refused or unreachable token endpoint (tokenAnswers): the browser never asks for
// tokens (Grafana's proxy does), so a refusal is authenticationFailed in both engines.
func (e *TokenError) ErrorCode() string {
	if e.Transport != "" {
		_, code := models.TokenUnreachable(e.Host, e.Transport)
		return code
	}
	return models.TokenAdviceFor(e.Status, e.AADSTS).Code
}

// ErrorCode of a page that is not a page.
func (e *ErrNotAPage) ErrorCode() string { return "invalidResponse" }

// ErrorCode of a dropped connection (a 502 through Grafana's proxy).
func (e *transportError) ErrorCode() string { return "unreachable" }
