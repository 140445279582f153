package plan

import (
	"strings"

	"github.com/auditlens/entraid/pkg/models"
)

// ServerKeeps reports whether Microsoft Graph's `$filter` would keep ev for row (a pushed-down
// row: one value, eq or startsWith); known is false when that cannot be told from the event alone.
// It mirrors serverKeeps in src/core/filter/serverSemantics.ts.
//
// Graph does not document whether directoryAudits compares strings case-sensitively, and the
// emulator compares them exactly, while the plugin's own matcher ignores case. Rather than bet on
// either, the answer is given only when both rules agree: a value that equals (or starts with) the
// wanted text except for letter case is undecided, and so is an empty wanted value (Graph never
// matches a missing property, which normalising turns into ""). Target names compare displayName
// only, as `targetResources/any(t: t/displayName ...)` does.
func ServerKeeps(row models.FilterCondition, ev *models.AuditEvent) (keep, known bool) {
	return serverTest(row)(ev)
}

func serverTest(row models.FilterCondition) func(ev *models.AuditEvent) (bool, bool) {
	if len(row.Values) != 1 || row.Values[0] == "" {
		return func(*models.AuditEvent) (bool, bool) { return false, false }
	}
	wanted := row.Values[0]
	foldedWanted := strings.ToLower(wanted)
	test := func(actual, expected string) bool { return actual == expected }
	if row.Operator == models.OperatorStartsWith {
		test = strings.HasPrefix
	}
	valuesOf := func(ev *models.AuditEvent) []string { return fieldValues(ev, row.Field) }
	if row.Field == models.FieldTargetName {
		valuesOf = func(ev *models.AuditEvent) []string {
			names := make([]string, len(ev.Targets))
			for i, t := range ev.Targets {
				names[i] = t.DisplayName
			}
			return names
		}
	}
	return func(ev *models.AuditEvent) (bool, bool) {
		exact, folded := false, false
		for _, value := range valuesOf(ev) {
			exact = exact || test(value, wanted)
			folded = folded || test(strings.ToLower(value), foldedWanted)
		}
		return exact, exact == folded
	}
}

// KeptByServer is the events Graph would keep for every row (rows ANDed); known is false when any
// event is undecided for any row (see ServerKeeps). Unreadable (nil) events are undecided too.
func KeptByServer(rows []models.FilterCondition, events []*models.AuditEvent) (kept []*models.AuditEvent, known bool) {
	tests := make([]func(*models.AuditEvent) (bool, bool), len(rows))
	for i, row := range rows {
		tests[i] = serverTest(row)
	}
	kept = make([]*models.AuditEvent, 0, len(events))
	for _, ev := range events {
		if ev == nil {
			return nil, false
		}
		keep := true
		for _, test := range tests {
			verdict, decided := test(ev)
			if !decided {
				return nil, false
			}
			if !verdict {
				keep = false
				break
			}
		}
		if keep {
			kept = append(kept, ev)
		}
	}
	return kept, true
}
