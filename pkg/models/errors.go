package models

import "errors"

// RuleError is the sentinel of one validation rule. Code is the QueryErrorCode of
// src/core/errors/queryError.ts (invalidSettings or invalidQuery) and Rule the stable key both
// engines give the same bad input (ValidationRule in src/core/model/validationRule.ts); the
// validation vectors in conformance/validation compare both. Text names the cause; the wrapping
// error adds the value and the fix.
type RuleError struct {
	Code string
	Rule string
	Text string
}

func (e *RuleError) Error() string { return e.Text }

// validationRules is every rule made below, so the drift test compares all of them with TypeScript.
var validationRules []*RuleError

func settingsRule(rule, text string) *RuleError {
	return newRule(&RuleError{Code: "invalidSettings", Rule: rule, Text: text})
}

func queryRule(rule, text string) *RuleError {
	return newRule(&RuleError{Code: "invalidQuery", Rule: rule, Text: text})
}

func newRule(r *RuleError) *RuleError {
	validationRules = append(validationRules, r)
	return r
}

// ruleBreach breaks a rule with its own words (a named limit's message rather than the rule's text).
type ruleBreach struct {
	rule *RuleError
	text string
}

func (e *ruleBreach) Error() string { return e.text }

// Unwrap leads to the rule and to ErrLimitExceeded: the number passed a named limit.
func (e *ruleBreach) Unwrap() []error { return []error{e.rule, ErrLimitExceeded} }

// RuleOf finds the validation rule an error broke, if any.
func RuleOf(err error) (*RuleError, bool) {
	var rule *RuleError
	if errors.As(err, &rule) {
		return rule, true
	}
	return nil, false
}

// Sentinel errors for bad settings or queries.
var (
	ErrQueryJSON          = queryRule("queryJson", "the query is not valid JSON")
	ErrBadRefID           = queryRule("badRefId", "the query's refId is not text")
	ErrUnknownFormat      = queryRule("unknownFormat", "unknown query format")
	ErrUnknownGroupBy     = queryRule("unknownGroupBy", "unknown group by")
	ErrBadFilters         = queryRule("badFilters", "the query's filters are not a list of filter rows")
	ErrUnknownFilterField = queryRule("unknownFilterField", "unknown filter field")
	ErrUnknownOperator    = queryRule("unknownOperator", "unknown filter operator")
	ErrBadFilterValues    = queryRule("badFilterValues", "a filter row's values are not a list of text")
	ErrBadTopN            = queryRule("badTopN", "top N is not a whole number of groups")
	ErrBadGroups          = queryRule("badGroups", "the named groups are not a list of group names")
	ErrBadRawFilter       = queryRule("badRawFilter", "the raw $filter is not allowed")
	ErrBadBucket          = queryRule("badBucket", "the bucket is not a duration of at least one second")
	ErrBadRange           = queryRule("badRange", "the time range is reversed")

	ErrSettingsJSON      = settingsRule("settingsJson", "the data source settings are not valid JSON")
	ErrUnknownCloud      = settingsRule("unknownCloud", "unknown cloud")
	ErrUnknownAPI        = settingsRule("unknownApi", "unknown API")
	ErrMissingTenant     = settingsRule("missingTenant", "the tenant ID is missing")
	ErrBadTenant         = settingsRule("badTenant", "the tenant ID is neither a GUID nor a domain name")
	ErrMissingClientID   = settingsRule("missingClientId", "the client ID is missing")
	ErrBadClientID       = settingsRule("badClientId", "the client ID is not text")
	ErrMissingSecret     = settingsRule("missingSecret", "the client secret is missing")
	ErrBadEndpoint       = settingsRule("badEndpoint", "an endpoint URL is not allowed")
	ErrBadMaxEvents      = settingsRule("badMaxEvents", "Events per query is not a whole number from 1 to the limit \"events per query\"")
	ErrBadRetentionDays  = settingsRule("badRetentionDays", "the audit retention is not a whole number of days in range")
	ErrBadIngestionDelay = settingsRule("badIngestionDelay", "the ingestion delay is not a whole number of minutes in range")
	ErrBadRequestBudget  = settingsRule("badRequestBudget", "the request budget is not a number of requests per number of seconds in range")
	ErrBadThrottleGiveUp = settingsRule("badThrottleGiveUpMinutes", "\"Give up after throttling\" (throttleGiveUpMinutes) is not a whole number of minutes in range")
	ErrUnknownQueryMode  = settingsRule("unknownQueryMode", "unknown query mode")
)
