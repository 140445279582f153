package models

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// MaxTopN bounds topN: it can never need to exceed the events of one query, and the server store
// of the next issue holds at most 1,000,000 of them. Shared with src/core/plan/validateQuery.ts.
const MaxTopN = 1_000_000

// queryShape holds the stored values that were of the wrong JSON kind, so Validate reports them in
// the same order as validateQuery in TypeScript, where they surface as the rule of their field.
type queryShape struct {
	format, groupBy, secondGroupBy, filters, topN, groups, rawFilter, bucket, refID error
	// rows[i] holds the first kind error of filter row i, by field, operator, values.
	rows []rowShape
}

type rowShape struct{ field, operator, values error }

// ParseQuery decodes a stored query with the exact keys of the model (a mis-cased key is ignored),
// fills what an older or partial query lacks and rejects values no editor can produce, naming the
// field and the fix.
func ParseQuery(raw []byte) (AuditQuery, error) {
	var q AuditQuery
	shape := &queryShape{}
	// Measured before decoding: a Viewer can post any query JSON (the limit "query size").
	if len(raw) > MaxQueryJSONBytes {
		return q, QueryTooLarge(len(raw))
	}
	if len(bytes.TrimSpace(raw)) > 0 {
		obj, err := readObject(raw)
		if err != nil {
			return q, fmt.Errorf("%w: %v", ErrQueryJSON, err)
		}
		decodeQuery(obj, &q, shape)
	}
	q = q.WithDefaults()
	return q, q.validate(shape)
}

func decodeQuery(obj jsonObject, q *AuditQuery, shape *queryShape) {
	text := func(key string, rule *RuleError, dst *string) error {
		s, ok := readText(obj[key])
		if !ok {
			return fmt.Errorf("%w: %s holds %s, not text", rule, key, shortJSON(obj[key]))
		}
		*dst = s
		return nil
	}
	var format, groupBy, secondGroupBy string
	shape.refID = text("refId", ErrBadRefID, &q.RefID)
	shape.format = text("format", ErrUnknownFormat, &format)
	shape.groupBy = text("groupBy", ErrUnknownGroupBy, &groupBy)
	shape.secondGroupBy = text("secondGroupBy", ErrUnknownGroupBy, &secondGroupBy)
	shape.rawFilter = text("rawFilter", ErrBadRawFilter, &q.RawFilter)
	shape.bucket = text("bucket", ErrBadBucket, &q.Bucket)
	q.Format, q.GroupBy, q.SecondGroupBy = QueryFormat(format), GroupBy(groupBy), GroupBy(secondGroupBy)
	q.Hide = bytes.Equal(bytes.TrimSpace(obj["hide"]), []byte("true"))
	if raw, ok := obj["topN"]; ok && !isNull(raw) {
		n, whole := readWhole(raw, 0, MaxTopN)
		if !whole {
			shape.topN = fmt.Errorf("%w: %s; use 0 for every group or a whole number up to %d", ErrBadTopN, shortJSON(raw), MaxTopN)
		}
		q.TopN = n
	}
	groups, ok := readTextList(obj["groups"])
	if !ok {
		shape.groups = fmt.Errorf("%w: list the group names as text, e.g. [\"Add user\"]", ErrBadGroups)
	}
	q.Groups = groups
	decodeFilters(obj["filters"], q, shape)
}

func decodeFilters(raw json.RawMessage, q *AuditQuery, shape *queryShape) {
	if isNull(raw) {
		return
	}
	var rows []json.RawMessage
	if err := json.Unmarshal(raw, &rows); err != nil {
		shape.filters = fmt.Errorf("%w; \"filters\" must be a list of {field, operator, values} rows", ErrBadFilters)
		return
	}
	q.Filters = make([]FilterCondition, len(rows))
	shape.rows = make([]rowShape, len(rows))
	for i, rowJSON := range rows {
		row, err := readObject(rowJSON)
		if err != nil {
			// TypeScript reads a row that is not an object as one without a field.
			row = jsonObject{}
		}
		var field, operator string
		s := &shape.rows[i]
		if v, ok := readText(row["field"]); ok {
			field = v
		} else {
			s.field = fmt.Errorf("%w: row %d has field %s", ErrUnknownFilterField, i+1, shortJSON(row["field"]))
		}
		if v, ok := readText(row["operator"]); ok {
			operator = v
		} else {
			s.operator = fmt.Errorf("%w: row %d has operator %s; use one of eq, ne, startsWith, contains, notContains", ErrUnknownOperator, i+1, shortJSON(row["operator"]))
		}
		values, ok := readTextList(row["values"])
		if !ok {
			s.values = fmt.Errorf("%w: row %d; list its values as text, e.g. [\"Add user\"]", ErrBadFilterValues, i+1)
		}
		q.Filters[i] = FilterCondition{Field: FilterField(field), Operator: FilterOperator(operator), Values: values}
	}
}
