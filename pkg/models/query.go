// Package models holds the stored query model, the data source settings and the normalised audit
// event. Each mirrors its TypeScript twin in src/core/model field for field, with the same JSON
// names; the conformance vectors in conformance/vectors hold the two together.
package models

import (
	"encoding/json"
	"fmt"
	"strings"
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

// FilterOperator is how a filter row compares.
type FilterOperator string

// The operators a filter row can use.
const (
	OperatorEq         FilterOperator = "eq"
	OperatorStartsWith FilterOperator = "startsWith"
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
	RefID     string            `json:"refId"`
	Hide      bool              `json:"hide,omitempty"`
	Format    QueryFormat       `json:"format"`
	GroupBy   GroupBy           `json:"groupBy"`
	Filters   []FilterCondition `json:"filters"`
	RawFilter string            `json:"rawFilter,omitempty"`
	Bucket    string            `json:"bucket,omitempty"`
	TopN      int               `json:"topN,omitempty"`
	Groups    []string          `json:"groups,omitempty"`
}

var validFormats = map[QueryFormat]bool{
	FormatTimeSeries: true, FormatEvents: true, FormatSummary: true, FormatLogs: true, FormatAlertNumbers: true,
}

var validGroupBys = map[GroupBy]bool{
	GroupByActivity: true, GroupByCategory: true, GroupByService: true, GroupByResult: true,
	GroupByOperationType: true, GroupByInitiatedBy: true, GroupByTargetType: true, GroupByActivityType: true,
}

var validFields = map[FilterField]bool{
	FieldActivity: true, FieldService: true, FieldCategory: true, FieldResult: true, FieldOperationType: true,
	FieldActivityType: true, FieldInitiatedBy: true, FieldInitiatorUpn: true, FieldInitiatorUserID: true, FieldInitiatorUserName: true,
	FieldInitiatorAppID: true, FieldInitiatorAppName: true, FieldTargetID: true, FieldTargetName: true,
	FieldTargetType: true, FieldCorrelationID: true, FieldID: true,
}

// ParseQuery decodes a stored query, fills what an older or partial query lacks and rejects
// values no editor can produce, naming the field and the fix.
func ParseQuery(raw []byte) (AuditQuery, error) {
	var q AuditQuery
	// Measured before decoding: a Viewer can post any query JSON (the limit "query size").
	if len(raw) > MaxQueryJSONBytes {
		return q, QueryTooLarge(len(raw))
	}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &q); err != nil {
			return q, fmt.Errorf("%w: %v", ErrQueryJSON, err)
		}
	}
	q = q.WithDefaults()
	return q, q.Validate()
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
	if !validFormats[q.Format] {
		return fmt.Errorf("%w: %q; use one of timeSeries, events, summary, logs, alertNumbers", ErrUnknownFormat, q.Format)
	}
	if !validGroupBys[q.GroupBy] {
		return fmt.Errorf("%w: %q; use one of activity, category, service, result, operationType, initiatedBy, targetType", ErrUnknownGroupBy, q.GroupBy)
	}
	if q.TopN < 0 {
		return fmt.Errorf("%w: %d; use 0 for every group or a positive number", ErrBadTopN, q.TopN)
	}
	for i, f := range q.Filters {
		if !validFields[f.Field] {
			return fmt.Errorf("%w: row %d has field %q", ErrUnknownFilterField, i+1, f.Field)
		}
		if f.Operator != OperatorEq && f.Operator != OperatorStartsWith {
			return fmt.Errorf("%w: row %d has operator %q; use eq or startsWith", ErrUnknownOperator, i+1, f.Operator)
		}
	}
	if strings.ContainsAny(q.RawFilter, "\x00\r\n") {
		return fmt.Errorf("%w: control characters are not allowed", ErrBadRawFilter)
	}
	return nil
}
