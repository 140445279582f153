// Package tables holds the decision tables both engines read at run time; TypeScript imports the
// same JSON files (src/core/errors/errorTable.ts).
package tables

import _ "embed"

// Errors is errors.json: the status and source of each error code and the advice for each answer.
//
//go:embed errors.json
var Errors []byte

// TextMatch is text-match.json: the dashes and white space plugin-side matching treats as one.
//
//go:embed text-match.json
var TextMatch []byte

// ActivityNames is activity-names.json: Microsoft's activity names exactly as tenants log them.
//
//go:embed activity-names.json
var ActivityNames []byte
