package models

import (
	"fmt"
	"strconv"
	"strings"
)

// The token advice of the error table (tokenAnswers): what a refused client-credentials request
// means, keyed on Entra ID's stable AADSTS codes, never on error_description (free text Microsoft
// says not to key on). Whatever client asks for tokens calls TokenAdviceFor and TokenRefusal.

type tokenAnswers struct {
	AADSTS      map[string]string `json:"aadsts"`
	Unreachable AnswerRule        `json:"unreachable"`
	// UntrustedCertificate is Unreachable when TLS refused the login host's certificate (x509).
	UntrustedCertificate AnswerRule   `json:"untrustedCertificate"`
	Refused              string       `json:"refused"`
	Trace                string       `json:"trace"`
	ByStatus             []AnswerRule `json:"byStatus"`
}

// TokenAdvice is what to do about a refused token request.
type TokenAdvice struct {
	// AADSTS is the first code the table has advice for, else the first code, else 0.
	AADSTS int
	// Advice names the cause and the fix, lower case: it follows the refusal's status and codes.
	Advice string
	// Code is the QueryErrorCode: authenticationFailed, or unavailable when Entra ID failed.
	Code string
}

// TokenAdviceFor is the advice for a token endpoint's answer with status and the AADSTS codes of
// its error_codes, in order.
func TokenAdviceFor(status int, aadsts []int) TokenAdvice {
	for _, c := range aadsts {
		if advice, ok := table.TokenAnswers.AADSTS[strconv.Itoa(c)]; ok {
			return TokenAdvice{AADSTS: c, Advice: advice, Code: "authenticationFailed"}
		}
	}
	rule := matchAnswer(table.TokenAnswers.ByStatus, Answer{Status: status})
	out := TokenAdvice{Advice: rule.Message, Code: rule.Code}
	if len(aadsts) > 0 {
		out.AADSTS = aadsts[0]
	}
	return out
}

// TokenRefusal is the whole message of a refused token request: status, codes, advice, and the
// trace and correlation IDs Microsoft's support asks for.
type TokenRefusal struct {
	Status        int
	AADSTS        []int
	OAuthCode     string
	TraceID       string
	CorrelationID string
}

func (r TokenRefusal) String() string {
	advice := TokenAdviceFor(r.Status, r.AADSTS)
	values := map[string]string{"status": strconv.Itoa(r.Status), "advice": advice.Advice, "aadsts": "", "oauthCode": "", "trace": ""}
	if advice.AADSTS != 0 {
		values["aadsts"] = fmt.Sprintf(", AADSTS%d", advice.AADSTS)
	}
	if r.OAuthCode != "" {
		values["oauthCode"] = ", " + r.OAuthCode
	}
	if r.TraceID != "" || r.CorrelationID != "" {
		values["trace"] = RenderAdvice(table.TokenAnswers.Trace, map[string]string{"traceId": r.TraceID, "correlationId": r.CorrelationID})
	}
	return RenderAdvice(table.TokenAnswers.Refused, values)
}

// TokenUnreachable is the message when the login endpoint at host could not be reached, and its code.
func TokenUnreachable(host, transport string) (message, code string) {
	rule := table.TokenAnswers.Unreachable
	if strings.Contains(transport, "x509") {
		rule = table.TokenAnswers.UntrustedCertificate
	}
	return RenderAdvice(rule.Message, map[string]string{"host": host, "transport": transport}), rule.Code
}
