package plan

import (
	"strings"

	"github.com/auditlens/entraid/pkg/models"
)

// NoRequestOutsideRetention is the executed query string of a range older than the tenant keeps.
const NoRequestOutsideRetention = "No request: the time range is older than the tenant keeps audit events."

// Describe is the executed query string every frame carries, the same text as describePlan in
// src/core/plan/planRequest.ts (the conformance vectors compare them): the first request with its
// parameters unencoded, the rows the plugin applies after fetching, and that every page is followed.
func Describe(p *Plan, endpoint string, api models.APIFlavour) string {
	if p.OutsideRetention {
		return NoRequestOutsideRetention
	}
	params := make([]string, len(p.Params))
	for i, param := range p.Params {
		params[i] = param.Name + "=" + param.Value
	}
	lines := []string{"GET " + endpoint + "?" + strings.Join(params, "&")}
	if len(p.PluginSide) > 0 {
		what := "Filtered by the plugin"
		if api == models.APILegacy && len(p.Pushed) > 0 {
			what = "Filtered (or checked again) by the plugin"
		}
		rows := make([]string, len(p.PluginSide))
		for i, row := range p.PluginSide {
			rows[i] = describeCondition(row)
		}
		lines = append(lines, what+" after fetching: "+strings.Join(rows, " and "))
	}
	lines = append(lines, "Every @odata.nextLink page is followed.")
	return strings.Join(lines, "\n")
}

// describeCondition mirrors describeCondition in src/core/plan/pushdown.ts.
func describeCondition(row models.FilterCondition) string {
	values := make([]string, len(row.Values))
	for i, v := range row.Values {
		values[i] = Literal(v)
	}
	join := " or "
	if row.Operator == models.OperatorNe || row.Operator == models.OperatorNotContains {
		// A negative row keeps events matching none of its values.
		join = " nor "
	}
	return string(row.Field) + " " + string(row.Operator) + " " + strings.Join(values, join)
}

// DescribeRows writes filter rows as the executed query string shows them, joined by "and".
func DescribeRows(rows []models.FilterCondition) string {
	described := make([]string, len(rows))
	for i, row := range rows {
		described[i] = describeCondition(row)
	}
	return strings.Join(described, " and ")
}
