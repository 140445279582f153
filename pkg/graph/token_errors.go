package graph

import (
	"fmt"
	"strings"
)

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

// Unwrap is the cause of a local refusal, e.g. ErrCertificateExpired.
func (e *TokenError) Unwrap() error { return e.cause }

// aadstsAdvice maps the AADSTS codes an administrator meets when setting up the app (graph-api.md §4.3).
var aadstsAdvice = map[int]string{
	7000215: "the client secret is wrong; paste the secret's Value (not its Secret ID) from Certificates & secrets",
	7000222: "the client secret has expired; create a new secret in Certificates & secrets and paste its Value",
	700016:  "the application (client) ID was not found in this tenant; check the Client ID and the Tenant ID",
	90002:   "the tenant was not found; check the Tenant ID and that the cloud is the tenant's cloud",
	900023:  "the tenant ID is neither a GUID nor a valid domain; enter the Directory (tenant) ID",
	70011:   "the scope is not valid; check the Graph URL of a custom cloud",
	7000218: "no client secret was sent; enter the client secret and save",
	700027:  "the certificate is not one the app registration knows, or its upload there has expired; upload the certificate's public part (.cer or .pem) under Certificates & secrets, or paste the certificate whose thumbprint is listed there",
	700024:  "the client assertion is not within its valid time range; check the Grafana server's clock",
	50034:   "the account was not found in this tenant; check the Tenant ID",
}

// AdviceCode is the first AADSTS code the plugin has advice for, or the first code at all.
func (e *TokenError) AdviceCode() int {
	for _, c := range e.AADSTS {
		if _, ok := aadstsAdvice[c]; ok {
			return c
		}
	}
	if len(e.AADSTS) > 0 {
		return e.AADSTS[0]
	}
	return 0
}

func (e *TokenError) Error() string {
	if e.Local != "" {
		return "could not sign in to Entra ID: " + e.Local
	}
	if e.Transport != "" {
		advice := "check the cloud or login URL and the server's network"
		if strings.Contains(e.Transport, "x509") {
			advice = "the server does not trust the login host's certificate; for a custom cloud with a private CA (such as the tenant emulator's), turn on With CA Cert under TLS and paste the CA certificate"
		}
		return fmt.Sprintf("could not reach the Entra ID login endpoint %s: %s; %s", e.Host, e.Transport, advice)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Entra ID refused the token request (HTTP %d", e.Status)
	code := e.AdviceCode()
	if code != 0 {
		fmt.Fprintf(&b, ", AADSTS%d", code)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, ", %s", e.Code)
	}
	b.WriteString("): ")
	if advice, ok := aadstsAdvice[code]; ok {
		b.WriteString(advice)
	} else if e.Status == 404 || (e.Status >= 200 && e.Status < 300) {
		b.WriteString("the login URL did not answer like an Entra ID token endpoint; check the cloud or login URL")
	} else if e.Status >= 500 {
		b.WriteString("Entra ID is unavailable; try again later")
	} else {
		b.WriteString("check the Tenant ID, Client ID and client secret")
	}
	if e.TraceID != "" || e.CorrelationID != "" {
		fmt.Fprintf(&b, " (trace ID %s, correlation ID %s)", e.TraceID, e.CorrelationID)
	}
	return b.String()
}
