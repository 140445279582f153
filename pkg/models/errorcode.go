package models

import "errors"

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

// CodeOf is the code of the first error in err's chain that carries one; CodeInternal when none does.
func CodeOf(err error) string {
	var coded Coded
	if errors.As(err, &coded) {
		return coded.ErrorCode()
	}
	return CodeInternal
}
