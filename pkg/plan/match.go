package plan

import (
	"strings"

	"github.com/auditlens/entraid/pkg/models"
)

// Matches reports whether an event passes every plugin-side row. Comparisons are on MatchKey:
// they ignore case, which dash was written and the white space around a value. ne and notContains
// negate eq and contains (matchConditions.ts decides the same).
func Matches(ev *models.AuditEvent, rows []models.FilterCondition) bool {
	for _, row := range rows {
		if !matchesRow(ev, row) {
			return false
		}
	}
	return true
}

func matchesRow(ev *models.AuditEvent, row models.FilterCondition) bool {
	positive, negated := row.Operator, false
	switch row.Operator {
	case models.OperatorNe:
		positive, negated = models.OperatorEq, true
	case models.OperatorNotContains:
		positive, negated = models.OperatorContains, true
	}
	return anyValueMatches(ev, row, positive) != negated
}

func anyValueMatches(ev *models.AuditEvent, row models.FilterCondition, op models.FilterOperator) bool {
	for _, candidate := range fieldValues(ev, row.Field) {
		c := MatchKey(candidate)
		for _, v := range row.Values {
			v = MatchKey(v)
			switch {
			case c == v && op == models.OperatorEq,
				op == models.OperatorStartsWith && strings.HasPrefix(c, v),
				op == models.OperatorContains && strings.Contains(c, v):
				return true
			}
		}
	}
	return false
}

// fieldValues lists what a field means on one event; target fields have one value per target.
func fieldValues(ev *models.AuditEvent, field models.FilterField) []string {
	switch field {
	case models.FieldActivity:
		return []string{ev.Activity}
	case models.FieldService:
		return []string{ev.Service}
	case models.FieldCategory:
		return []string{ev.Category}
	case models.FieldResult:
		return []string{ev.Result}
	case models.FieldOperationType:
		return []string{ev.OperationType}
	case models.FieldActivityType:
		return []string{ev.ActivityType}
	case models.FieldInitiatedBy:
		return []string{ev.InitiatedBy}
	case models.FieldInitiatorUpn:
		return []string{ev.InitiatorUpn}
	case models.FieldInitiatorUserID:
		return []string{ev.InitiatorUserID}
	case models.FieldInitiatorUserName:
		return []string{ev.InitiatorUserName}
	case models.FieldInitiatorAppID:
		return []string{ev.InitiatorAppID}
	case models.FieldInitiatorAppName:
		return []string{ev.InitiatorAppName}
	case models.FieldCorrelationID:
		return []string{ev.CorrelationID}
	case models.FieldID:
		return []string{ev.ID}
	case models.FieldInitiatorServicePrincipalID:
		return []string{ev.InitiatorServicePrincipalID}
	case models.FieldIPAddress:
		return []string{ev.InitiatorIP}
	case models.FieldUserAgent:
		return []string{ev.UserAgent}
	}
	if value, ok := changedValue(ev.Changes, field); ok {
		return []string{value}
	}
	values := make([]string, 0, len(ev.Targets))
	for _, t := range ev.Targets {
		switch field {
		case models.FieldTargetID:
			values = append(values, t.ID)
		case models.FieldTargetName:
			values = append(values, firstNonEmpty(t.DisplayName, t.UserPrincipalName))
		case models.FieldTargetType:
			values = append(values, t.Type)
		}
	}
	return values
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// changedValue is a named changed value as a filter field (TypeScript: event.changes[field]).
func changedValue(c models.ChangedValues, field models.FilterField) (string, bool) {
	for _, named := range c.Named() {
		if models.FilterField(named[0]) == field {
			return named[1], true
		}
	}
	return "", false
}
