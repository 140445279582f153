package models

import "errors"

// Sentinel errors for bad settings or queries. Each message names the cause; the wrapping
// error adds the value and the fix.
var (
	ErrQueryJSON          = errors.New("the query is not valid JSON")
	ErrUnknownFormat      = errors.New("unknown query format")
	ErrUnknownGroupBy     = errors.New("unknown group by")
	ErrUnknownFilterField = errors.New("unknown filter field")
	ErrUnknownOperator    = errors.New("unknown filter operator")
	ErrBadTopN            = errors.New("top N must not be negative")
	ErrBadRawFilter       = errors.New("the raw $filter is not allowed")

	ErrSettingsJSON    = errors.New("the data source settings are not valid JSON")
	ErrUnknownCloud    = errors.New("unknown cloud")
	ErrUnknownAPI      = errors.New("unknown API")
	ErrMissingTenant   = errors.New("the tenant ID is missing")
	ErrBadTenant       = errors.New("the tenant ID is neither a GUID nor a domain name")
	ErrMissingClientID = errors.New("the client ID is missing")
	ErrMissingSecret   = errors.New("the client secret is missing")
	ErrBadEndpoint     = errors.New("an endpoint URL is not allowed")
)
