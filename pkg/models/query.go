// Package models holds the stored query model, the data source settings and the normalised audit
// event. Each mirrors its TypeScript twin in src/core/model field for field, with the same JSON
// names; the conformance vectors in conformance/vectors hold the two together.
package models

import (
	"fmt"
)

// QueryFormat is what a query returns.
type QueryFormat string

// The formats a query can ask for.
const (
	FormatTimeSeries   QueryFormat = "timeSeries"
	FormatEvents       QueryFormat = "events"
	FormatSummary      QueryFormat = "summary"
	FormatLogs         QueryFormat = "logs"
	FormatAlertNumbers QueryFormat = "alertNumbers"
)

// GroupBy is what events are grouped by: series labels, summary rows, alert instances.
type GroupBy string

// The dimensions events can be grouped by.
const (
	GroupByActivity      GroupBy = "activity"
	GroupByCategory      GroupBy = "category"
	GroupByService       GroupBy = "service"
	GroupByResult        GroupBy = "result"
	GroupByOperationType GroupBy = "operationType"
	GroupByInitiatedBy   GroupBy = "initiatedBy"
	GroupByTargetType    GroupBy = "targetType"
	// GroupByActivityType exists on the legacy Azure AD Graph API only.
	GroupByActivityType GroupBy = "activityType"
	// GroupByTargetName is the first target's display name, else its UPN: "on what".
	GroupByTargetName GroupBy = "targetName"
)

// Group-bys on the named changed values (issue 17; AuditEvent.Changes), named as the filter fields.
const (
	GroupByRoleName           GroupBy = "roleName"
	GroupByRoleTemplateID     GroupBy = "roleTemplateId"
	GroupByKeyType            GroupBy = "keyType"
	GroupByKeyUsage           GroupBy = "keyUsage"
	GroupByKeyDescription     GroupBy = "keyDescription"
	GroupByConsentPermissions GroupBy = "consentPermissions"
	GroupByAdminConsent       GroupBy = "adminConsent"
	GroupByPolicyName         GroupBy = "policyName"
	GroupByPolicyState        GroupBy = "policyState"
	GroupByGroupName          GroupBy = "groupName"
)

// FilterField names a filterable field as the Entra admin center names it, not as one API does.
type FilterField string

// The fields a filter row can test.
const (
	FieldActivity      FilterField = "activity"
	FieldService       FilterField = "service"
	FieldCategory      FilterField = "category"
	FieldResult        FilterField = "result"
	FieldOperationType FilterField = "operationType"
	FieldActivityType  FilterField = "activityType"
	// FieldInitiatedBy is the initiator as a person names it (user UPN, else app name); plugin-side only.
	FieldInitiatedBy       FilterField = "initiatedBy"
	FieldInitiatorUpn      FilterField = "initiatorUpn"
	FieldInitiatorUserID   FilterField = "initiatorUserId"
	FieldInitiatorUserName FilterField = "initiatorUserName"
	FieldInitiatorAppID    FilterField = "initiatorAppId"
	FieldInitiatorAppName  FilterField = "initiatorAppName"
	FieldTargetID          FilterField = "targetId"
	FieldTargetName        FilterField = "targetName"
	FieldTargetType        FilterField = "targetType"
	FieldCorrelationID     FilterField = "correlationId"
	FieldID                FilterField = "id"
)

// Investigation ids and named changed values (issue 17; AuditEvent.Changes): plugin-side only.
const (
	FieldInitiatorServicePrincipalID FilterField = "initiatorServicePrincipalId"
	FieldIPAddress                   FilterField = "ipAddress"
	FieldUserAgent                   FilterField = "userAgent"
	FieldRoleName                    FilterField = "roleName"
	FieldRoleTemplateID              FilterField = "roleTemplateId"
	FieldKeyType                     FilterField = "keyType"
	FieldKeyUsage                    FilterField = "keyUsage"
	FieldKeyDescription              FilterField = "keyDescription"
	FieldConsentPermissions          FilterField = "consentPermissions"
	FieldAdminConsent                FilterField = "adminConsent"
	FieldPolicyName                  FilterField = "policyName"
	FieldPolicyState                 FilterField = "policyState"
	FieldGroupName                   FilterField = "groupName"
)

// FilterOperator is how a filter row compares.
type FilterOperator string

// The operators a filter row can use.
const (
	OperatorEq         FilterOperator = "eq"
	OperatorStartsWith FilterOperator = "startsWith"
	OperatorContains   FilterOperator = "contains"
	// OperatorNe and OperatorNotContains are the exact negation of eq and contains: an event none
	// of whose values matches any of the row's values.
	OperatorNe          FilterOperator = "ne"
	OperatorNotContains FilterOperator = "notContains"
)

// AllValues stands for Grafana's "All" option of a variable: the row then filters nothing.
const AllValues = "$__all"

// GroupOther names the group that sums everything outside the top N.
const GroupOther = "other"

// FilterCondition is one filter row: an event matches when Field matches ANY of Values. Rows are ANDed.
type FilterCondition struct {
	Field    FilterField    `json:"field"`
	Operator FilterOperator `json:"operator"`
	Values   []string       `json:"values"`
}

// AuditQuery is the stored query model of a panel, an Explore tab or an alert rule.
type AuditQuery struct {
	RefID   string      `json:"refId"`
	Hide    bool        `json:"hide,omitempty"`
	Format  QueryFormat `json:"format"`
	GroupBy GroupBy     `json:"groupBy"`
	// SecondGroupBy (optional) groups each group again: series and alert labels carry both.
	SecondGroupBy GroupBy           `json:"secondGroupBy,omitempty"`
	Filters       []FilterCondition `json:"filters"`
	RawFilter     string            `json:"rawFilter,omitempty"`
	Bucket        string            `json:"bucket,omitempty"`
	TopN          int               `json:"topN,omitempty"`
	Groups        []string          `json:"groups,omitempty"`
}

var validFormats = map[QueryFormat]bool{
	FormatTimeSeries: true, FormatEvents: true, FormatSummary: true, FormatLogs: true, FormatAlertNumbers: true,
}

var validGroupBys = map[GroupBy]bool{
	GroupByActivity: true, GroupByCategory: true, GroupByService: true, GroupByResult: true,
	GroupByOperationType: true, GroupByInitiatedBy: true, GroupByTargetType: true, GroupByActivityType: true, GroupByTargetName: true,
	GroupByRoleName: true, GroupByRoleTemplateID: true, GroupByKeyType: true, GroupByKeyUsage: true, GroupByKeyDescription: true, GroupByConsentPermissions: true, GroupByAdminConsent: true, GroupByPolicyName: true, GroupByPolicyState: true, GroupByGroupName: true,
}

var validOperators = map[FilterOperator]bool{
	OperatorEq: true, OperatorNe: true, OperatorStartsWith: true, OperatorContains: true, OperatorNotContains: true,
}

var validFields = map[FilterField]bool{
	FieldActivity: true, FieldService: true, FieldCategory: true, FieldResult: true, FieldOperationType: true,
	FieldActivityType: true, FieldInitiatedBy: true, FieldInitiatorUpn: true, FieldInitiatorUserID: true, FieldInitiatorUserName: true,
	FieldInitiatorAppID: true, FieldInitiatorAppName: true, FieldTargetID: true, FieldTargetName: true,
	FieldTargetType: true, FieldCorrelationID: true, FieldID: true,
	FieldInitiatorServicePrincipalID: true, FieldIPAddress: true, FieldUserAgent: true,
	FieldRoleName: true, FieldRoleTemplateID: true, FieldKeyType: true, FieldKeyUsage: true, FieldKeyDescription: true,
	FieldConsentPermissions: true, FieldAdminConsent: true, FieldPolicyName: true, FieldPolicyState: true, FieldGroupName: true,
}

// WithDefaults mirrors withQueryDefaults in src/core/model/query.ts.
func (q AuditQuery) WithDefaults() AuditQuery {
	if q.Format == "" {
		q.Format = FormatTimeSeries
	}
	if q.GroupBy == "" {
		q.GroupBy = GroupByActivity
	}
	if q.Bucket == "" {
		q.Bucket = "auto"
	}
	if q.Filters == nil {
		q.Filters = []FilterCondition{}
	}
	return q
}

// Validate rejects formats, groupings, fields and operators the model does not know.
func (q AuditQuery) Validate() error {
	return q.validate(&queryShape{})
}

// validate checks in the order of validateQuery in src/core/plan/validateQuery.ts, so a query
// with several problems fails with the same rule in both engines.
func (q AuditQuery) validate(shape *queryShape) error {
	if err := firstOf(shape.format, q.checkFormat, shape.groupBy, q.checkGroupBy, shape.secondGroupBy, q.checkSecondGroupBy, shape.filters); err != nil {
		return err
	}
	if err := q.checkFilters(shape.rows); err != nil {
		return err
	}
	if err := firstOf(shape.topN, q.checkTopN, shape.groups, shape.rawFilter); err != nil {
		return err
	}
	if hasControlCharacter(q.RawFilter) {
		return fmt.Errorf("%w: it holds a control character (a line break, tab or similar); write the clause on one line", ErrBadRawFilter)
	}
	return firstOf(shape.bucket, shape.refID)
}

// firstOf returns the first error among errors and checks, in order.
func firstOf(steps ...any) error {
	for _, step := range steps {
		switch s := step.(type) {
		case error:
			if s != nil {
				return s
			}
		case func() error:
			if err := s(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (q AuditQuery) checkFormat() error {
	if !validFormats[q.Format] {
		return fmt.Errorf("%w: %q; use one of timeSeries, events, summary, logs, alertNumbers", ErrUnknownFormat, q.Format)
	}
	return nil
}

func (q AuditQuery) checkGroupBy() error {
	if !validGroupBys[q.GroupBy] {
		return fmt.Errorf("%w: %q; use one of %s", ErrUnknownGroupBy, q.GroupBy, groupByList)
	}
	return nil
}

const groupByList = "activity, category, service, result, operationType, initiatedBy, targetType, activityType, targetName"

// checkSecondGroupBy: none, or a known grouping other than the first (validateSecondGroupBy in TypeScript).
func (q AuditQuery) checkSecondGroupBy() error {
	switch {
	case q.SecondGroupBy == "":
		return nil
	case !validGroupBys[q.SecondGroupBy]:
		return fmt.Errorf("%w: the second group by %q; use one of %s, or leave it empty", ErrUnknownGroupBy, q.SecondGroupBy, groupByList)
	case q.SecondGroupBy == q.GroupBy:
		return fmt.Errorf("%w: the second group by repeats the first (%s); choose another grouping, or leave it empty", ErrUnknownGroupBy, q.GroupBy)
	}
	return nil
}

func (q AuditQuery) checkTopN() error {
	if q.TopN < 0 || q.TopN > MaxTopN {
		return fmt.Errorf("%w: %d; use 0 for every group or a whole number up to %d", ErrBadTopN, q.TopN, MaxTopN)
	}
	return nil
}

func (q AuditQuery) checkFilters(rows []rowShape) error {
	for i, f := range q.Filters {
		var s rowShape
		if i < len(rows) {
			s = rows[i]
		}
		if s.field != nil {
			return s.field
		}
		if !validFields[f.Field] {
			return fmt.Errorf("%w: row %d has field %q", ErrUnknownFilterField, i+1, f.Field)
		}
		if s.operator != nil {
			return s.operator
		}
		if !validOperators[f.Operator] {
			return fmt.Errorf("%w: row %d has operator %q; use one of eq, ne, startsWith, contains, notContains", ErrUnknownOperator, i+1, f.Operator)
		}
		if s.values != nil {
			return s.values
		}
	}
	return nil
}

// hasControlCharacter (C0, DEL and C1): a raw clause is one line of OData; a control character can only smuggle
// something into the request (the same rule as rawFilterProblem's in TypeScript).
func hasControlCharacter(text string) bool {
	for _, r := range text {
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) {
			return true
		}
	}
	return false
}
