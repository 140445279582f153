// Package tables holds the decision tables both engines read at run time; TypeScript imports the
// same JSON files (src/core/errors/errorTable.ts).
package tables

import _ "embed"

// Errors is errors.json: the status and source of each error code and the advice for each answer.
//
//go:embed errors.json
var Errors []byte
