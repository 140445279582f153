package models

import (
	"slices"
	"strings"
)

// The values the Go model accepts, as the code uses them, for the drift tests.

func ValidationRules() []*RuleError { return validationRules }

func AcceptedFormats() []string      { return sortedKeys(validFormats) }
func AcceptedGroupBys() []string     { return sortedKeys(validGroupBys) }
func AcceptedOperators() []string    { return sortedKeys(validOperators) }
func AcceptedFilterFields() []string { return sortedKeys(validFields) }

func sortedKeys[K ~string](m map[K]bool) []string {
	var keys []string
	for k, ok := range m {
		if ok {
			keys = append(keys, string(k))
		}
	}
	slices.SortFunc(keys, strings.Compare)
	return keys
}
