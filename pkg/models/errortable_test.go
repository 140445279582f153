package models_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"testing"

	"github.com/auditlens/entraid/pkg/models"
)

// The table gives every code TypeScript's QUERY_ERROR_CODES names, and internal, a status and a source.
func TestErrorTableCodesMatchTypeScript(t *testing.T) {
	source := readSource(t, "../../src/core/errors/queryError.ts")
	list := regexp.MustCompile(`(?s)QUERY_ERROR_CODES = \[(.*?)\] as const`).FindStringSubmatch(source)
	if list == nil {
		t.Fatal("QUERY_ERROR_CODES not found in queryError.ts")
	}
	ts := []string{models.CodeInternal}
	for _, v := range regexp.MustCompile(`'([^']+)'`).FindAllStringSubmatch(list[1], -1) {
		ts = append(ts, v[1])
	}
	slices.Sort(ts)
	if got := models.ErrorCodes(); !reflect.DeepEqual(got, ts) {
		t.Errorf("the table has %v, TypeScript %v", got, ts)
	}
}

// Only an error without a code is the plugin's; the user's input and Microsoft's answers are downstream.
func TestUncodedErrorsArePluginErrors(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want models.CodeEntry
	}{
		{errors.New("index out of range"), models.CodeEntry{Status: 500, Source: "plugin"}},
		{fmt.Errorf("settings: %w", models.ErrBadTenant), models.CodeEntry{Status: 400, Source: "downstream"}},
		{fmt.Errorf("walk: %w", context.Canceled), models.CodeEntry{Status: 500, Source: "downstream"}},
		{&models.LimitError{Message: "x"}, models.CodeEntry{Status: 400, Source: "downstream"}},
	} {
		if got := models.EntryOf(tc.err); got != tc.want {
			t.Errorf("%v: got %+v, want %+v", tc.err, got, tc.want)
		}
	}
	if models.CodeEntryOf("noSuchCode") != models.CodeEntryOf(models.CodeInternal) {
		t.Error("an unknown code must answer as internal")
	}
}

// Token advice keys on Entra ID's stable AADSTS codes; a client built on another library calls the same function.
func TestTokenAdviceFollowsTheTable(t *testing.T) {
	for _, tc := range []struct {
		status int
		aadsts []int
		want   models.TokenAdvice
	}{
		{401, []int{9999, 7000222}, models.TokenAdvice{AADSTS: 7000222, Code: "authenticationFailed",
			Advice: "the client secret has expired; create a new secret in Certificates & secrets and paste its Value"}},
		{400, []int{9999}, models.TokenAdvice{AADSTS: 9999, Code: "authenticationFailed", Advice: "check the Tenant ID, Client ID and client secret"}},
		{200, nil, models.TokenAdvice{Code: "authenticationFailed", Advice: "the login URL did not answer like an Entra ID token endpoint; check the cloud or login URL"}},
		{503, nil, models.TokenAdvice{Code: "unavailable", Advice: "Entra ID is unavailable; try again later"}},
	} {
		if got := models.TokenAdviceFor(tc.status, tc.aadsts); got != tc.want {
			t.Errorf("%d %v: got %+v", tc.status, tc.aadsts, got)
		}
	}
	refusal := models.TokenRefusal{Status: 401, AADSTS: []int{7000215}, OAuthCode: "invalid_client", TraceID: "t-1", CorrelationID: "c-1"}
	want := "Entra ID refused the token request (HTTP 401, AADSTS7000215, invalid_client): the client secret is wrong; " +
		"paste the secret's Value (not its Secret ID) from Certificates & secrets (trace ID t-1, correlation ID c-1)"
	if got := refusal.String(); got != want {
		t.Errorf("got %q", got)
	}
	if got, code := models.TokenUnreachable("login.example", "dial tcp: refused"); code != "unreachable" ||
		got != "could not reach the Entra ID login endpoint login.example: dial tcp: refused; check the cloud or login URL and the server's network" {
		t.Errorf("got %s %q", code, got)
	}
}

// A value from Microsoft is inserted once: braces in it never name another text of the table.
func TestRenderAdviceInsertsValuesOnce(t *testing.T) {
	if got := models.MicrosoftSaid("X", "{grantSteps}"); got != ` Microsoft said: "X: {grantSteps}".` {
		t.Errorf("got %q", got)
	}
	if models.MicrosoftSaid("", "") != "" {
		t.Error("an empty body says nothing")
	}
}
