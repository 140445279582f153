package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// decodeChunk is how many stored events are normalised at a time.
const decodeChunk = 1000

// eventColumns maps the filter fields an event row holds to their folded columns; target fields
// live in the targets table; the event id is matched in Go only.
var eventColumns = map[models.FilterField]string{
	models.FieldActivity: "activity_f", models.FieldCategory: "category_f", models.FieldService: "service_f",
	models.FieldResult: "result_f", models.FieldOperationType: "operation_type_f", models.FieldActivityType: "activity_type_f",
	models.FieldInitiatedBy: "initiated_by_f", models.FieldInitiatorUpn: "initiator_upn_f",
	models.FieldInitiatorUserID: "initiator_user_id_f", models.FieldInitiatorUserName: "initiator_user_name_f",
	models.FieldInitiatorAppID: "initiator_app_id_f", models.FieldInitiatorAppName: "initiator_app_name_f",
	models.FieldCorrelationID: "correlation_id_f",
}

var targetColumns = map[models.FilterField]string{
	models.FieldTargetID: "id_f", models.FieldTargetName: "name_f", models.FieldTargetType: "type_f",
}

// whereClause pushes each row it can into SQL; every event plan.Matches keeps passes it, so the
// match in Go afterwards only removes, never misses.
func whereClause(q EventQuery) (string, []any, []models.FilterCondition) {
	clauses := []string{"time_ms >= ? AND time_ms <= ?"}
	args := []any{q.FromMs, q.ToMs}
	var rows []models.FilterCondition
	for _, row := range q.Filters {
		if plan.FiltersNothing(row) {
			continue
		}
		rows = append(rows, row)
		not := ""
		if negated(row.Operator) {
			// ne and notContains keep the events none of whose values match: NOT of eq and contains.
			not = "NOT "
		}
		if col, ok := eventColumns[row.Field]; ok {
			clause, a := valuesClause(col, row)
			clauses, args = append(clauses, not+clause), append(args, a...)
		} else if col, ok := targetColumns[row.Field]; ok {
			clause, a := valuesClause("t."+col, row)
			clauses = append(clauses, not+"EXISTS (SELECT 1 FROM targets t WHERE t.event_seq = events.seq AND "+clause+")")
			args = append(args, a...)
		}
	}
	return strings.Join(clauses, " AND "), args, rows
}

// valuesClause is "any value matches": equality, a prefix as a range over the folded column
// (folded text is valid UTF-8, whose bytes never reach 0xFF, so prefix+"\xff" bounds it), or a
// part of it; for ne and notContains, the eq and contains clause that whereClause negates.
func valuesClause(col string, row models.FilterCondition) (string, []any) {
	parts := make([]string, 0, len(row.Values))
	args := make([]any, 0, 2*len(row.Values))
	for _, v := range row.Values {
		v = fold(v)
		switch row.Operator {
		case models.OperatorStartsWith:
			parts = append(parts, fmt.Sprintf("(%s >= ? AND %s < ?)", col, col))
			args = append(args, v, v+"\xff")
			continue
		case models.OperatorContains, models.OperatorNotContains:
			// Every text contains the empty one (strings.Contains), whatever instr says of it.
			parts = append(parts, fmt.Sprintf("(? = '' OR instr(%s, ?) > 0)", col))
			args = append(args, v, v)
			continue
		}
		parts = append(parts, col+" = ?")
		args = append(args, v)
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// events reads the matching events newest first, at most q.Limit of them.
func (f *sqliteFile) events(ctx context.Context, q EventQuery) (EventsResult, error) {
	if q.FromMs > q.ToMs {
		return EventsResult{}, fmt.Errorf("the range %d..%d is reversed", q.FromMs, q.ToMs)
	}
	where, args, rows := whereClause(q)
	sqlRows, err := f.reader.QueryContext(ctx,
		"SELECT flavour, raw FROM events JOIN event_raw ON event_raw.seq = events.seq WHERE "+where+
			" ORDER BY time_ms DESC, events.seq", args...)
	if err != nil {
		return EventsResult{}, classify(err, f.path)
	}
	defer sqlRows.Close()
	var res EventsResult
	c := &chunk{}
	flush := func() error {
		err := c.decode(rows, &res, q.Limit)
		c.reset()
		return err
	}
	for sqlRows.Next() && !res.Truncated {
		var flavour Flavour
		var raw []byte
		if err := sqlRows.Scan(&flavour, &raw); err != nil {
			return EventsResult{}, classify(err, f.path)
		}
		if len(c.raws) > 0 && (flavour != c.flavour || len(c.raws) >= decodeChunk) {
			if err := flush(); err != nil {
				return EventsResult{}, err
			}
		}
		c.flavour = flavour
		c.raws = append(c.raws, raw)
	}
	if err := sqlRows.Err(); err != nil {
		return EventsResult{}, classify(err, f.path)
	}
	if !res.Truncated {
		if err := flush(); err != nil {
			return EventsResult{}, err
		}
	}
	return res, nil
}

// chunk is raw events of one flavour waiting to be normalised together.
type chunk struct {
	flavour Flavour
	raws    [][]byte
}

func (c *chunk) reset() { c.raws = c.raws[:0] }

func (c *chunk) decode(rows []models.FilterCondition, res *EventsResult, limit int) error {
	if len(c.raws) == 0 {
		return nil
	}
	events, err := parseFlavour(c.flavour, c.raws)
	if err != nil {
		return fmt.Errorf("a stored event no longer decodes (%w); resync the store", err)
	}
	for _, ev := range events {
		if ev == nil || !plan.Matches(ev, rows) {
			continue
		}
		if limit > 0 && len(res.Events) >= limit {
			res.Truncated = true
			return nil
		}
		res.Events = append(res.Events, *ev)
	}
	return nil
}

// negated operators keep the events their positive twin (eq, contains) does not.
func negated(op models.FilterOperator) bool {
	return op == models.OperatorNe || op == models.OperatorNotContains
}
