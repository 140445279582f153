package models

import (
	"context"
	"errors"
)

// An error's QueryErrorCode (src/core/errors/queryError.ts) is decided where the error is made: each
// sentinel or error type that ends a query carries its code, and CodeOf reads it. Nothing maps
// errors to codes by hand, so a new error without a code shows as "internal" in the differential
// test and the fuzz targets instead of borrowing another's.

// CodeInternal is the code of an error that carries none: a bug, never a refusal or an upstream failure.
const CodeInternal = "internal"

// Coded is an error that names its QueryErrorCode.
type Coded interface {
	error
	ErrorCode() string
}

// CodedError is a sentinel with its code.
type CodedError struct {
	Code string
	Text string
}

func (e *CodedError) Error() string { return e.Text }

// ErrorCode is the QueryErrorCode of the sentinel.
func (e *CodedError) ErrorCode() string { return e.Code }

// NewCodedError makes a sentinel that carries code.
func NewCodedError(code, text string) *CodedError {
	return &CodedError{Code: code, Text: text}
}

// ErrorCode is the rule's code: invalidSettings or invalidQuery.
func (e *RuleError) ErrorCode() string { return e.Code }

// ErrorCode of every named limit.
func (e *LimitError) ErrorCode() string { return "limitExceeded" }

// CodeCancelled is the code of a query whose context ended: the viewer left, or Grafana's timeout.
const CodeCancelled = "cancelled"

// CodeOf is the code of the first error in err's chain that carries one; CodeCancelled when the
// context ended; CodeInternal when none does.
func CodeOf(err error) string {
	var coded Coded
	switch {
	case errors.As(err, &coded):
		return coded.ErrorCode()
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return CodeCancelled
	}
	return CodeInternal
}

// EntryOf is the status and source Grafana answers for err (codes in conformance/tables/errors.json):
// an error without a code is a plugin bug, answered 500, never blamed on the user or Microsoft.
func EntryOf(err error) CodeEntry { return CodeEntryOf(CodeOf(err)) }
