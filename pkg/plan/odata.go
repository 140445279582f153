package plan

import (
	"fmt"
	"strings"

	"github.com/auditlens/entraid/pkg/models"
)

// Literal quotes s as an OData string literal. Doubling the quote is the only escape OData
// has, and it is enough: no value can end its literal early, whatever else it contains.
func Literal(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

type graphField struct {
	path       string
	startsWith bool
	// contains: the legacy API documents contains here and compares without case (actor/name only).
	contains bool
	// anyTarget: the property lives on each targetResource, so the clause is a lambda.
	anyTarget bool
}

// graphFilterable lists what Microsoft Graph filters on server-side (graph-api.md §1.3), with eq
// and (where marked) startswith; everything else, and ne, contains and notContains on every field
// (Graph documents no ne, not or contains here), is filtered by the plugin after fetching.
var graphFilterable = map[models.FilterField]graphField{
	models.FieldActivity:          {path: "activityDisplayName", startsWith: true},
	models.FieldService:           {path: "loggedByService"},
	models.FieldInitiatorUpn:      {path: "initiatedBy/user/userPrincipalName", startsWith: true},
	models.FieldInitiatorUserID:   {path: "initiatedBy/user/id"},
	models.FieldInitiatorUserName: {path: "initiatedBy/user/displayName"},
	models.FieldInitiatorAppID:    {path: "initiatedBy/app/appId"},
	models.FieldInitiatorAppName:  {path: "initiatedBy/app/displayName"},
	models.FieldTargetID:          {path: "id", anyTarget: true},
	models.FieldTargetName:        {path: "displayName", startsWith: true, anyTarget: true},
	models.FieldCorrelationID:     {path: "correlationId"},
	models.FieldID:                {path: "id"},
}

// legacyNamespace prefixes the typed paths the legacy API requires for startswith on UPNs.
const legacyNamespace = "Microsoft.ActiveDirectory.DataService.PublicApi.Model.Reporting.AuditLog"

// legacyFilterable lists the retired Azure AD Graph API's filters (graph-api.md §5.3). `actor/name`
// matches users and apps alike, so it is only used for a user's name, and every pushed legacy row is
// also applied by the plugin (the API compares `activity` case-sensitively, the plugin does not, so
// the plugin's check never removes what the API kept, and removes what `actor/name` over-matched).
var legacyFilterable = map[models.FilterField]graphField{
	models.FieldActivity:     {path: "activity", startsWith: true},
	models.FieldCategory:     {path: "category"},
	models.FieldActivityType: {path: "activityType"},
	// contains only on actor/name, documented case-insensitive: activity compares with case and no
	// case rule is documented for target names, so a pushed contains there could keep fewer events
	// than the plugin's (legacyPushdown.ts decides the same).
	models.FieldInitiatorUserName: {path: "actor/name", startsWith: true, contains: true},
	models.FieldInitiatorUserID:   {path: "actor/objectId"},
	models.FieldInitiatorUpn:      {path: "actor/upn", startsWith: true},
	models.FieldTargetID:          {path: "objectId", anyTarget: true},
	models.FieldTargetName:        {path: "name", startsWith: true, anyTarget: true},
}

// supports: eq always; startswith and contains where listed; never ne or notContains.
func (f graphField) supports(op models.FilterOperator) bool {
	switch op {
	case models.OperatorEq:
		return true
	case models.OperatorStartsWith:
		return f.startsWith
	case models.OperatorContains:
		return f.contains
	}
	return false
}

// legacyStatus maps a result to the legacy API's numeric activityStatus filter.
var legacyStatus = map[string]string{"success": "0", "failure": "-1"}

// pushdownClause returns the $filter clause for a row the API can evaluate, or false when the
// plugin must filter it: unsupported field or operator, or an OR of several values.
func pushdownClause(api models.APIFlavour, c models.FilterCondition) (string, bool) {
	if len(c.Values) != 1 {
		return "", false
	}
	if api == models.APILegacy {
		return legacyClause(c)
	}
	f, ok := graphFilterable[c.Field]
	if !ok || !f.supports(c.Operator) {
		return "", false
	}
	value := Literal(c.Values[0])
	subject := f.path
	if f.anyTarget {
		subject = "t/" + f.path
	}
	var clause string
	if c.Operator == models.OperatorStartsWith {
		clause = fmt.Sprintf("startswith(%s, %s)", subject, value)
	} else {
		clause = fmt.Sprintf("%s eq %s", subject, value)
	}
	if f.anyTarget {
		clause = fmt.Sprintf("targetResources/any(t: %s)", clause)
	}
	return clause, true
}

func legacyClause(c models.FilterCondition) (string, bool) {
	if c.Field == models.FieldResult {
		status, ok := legacyStatus[strings.ToLower(c.Values[0])]
		if !ok || c.Operator != models.OperatorEq {
			return "", false
		}
		return "activityStatus eq " + status, true
	}
	f, ok := legacyFilterable[c.Field]
	if !ok || !f.supports(c.Operator) {
		return "", false
	}
	value := Literal(c.Values[0])
	subject := f.path
	switch {
	case f.anyTarget:
		subject = "t/" + f.path
	case c.Field == models.FieldInitiatorUpn && c.Operator == models.OperatorStartsWith:
		// The documented startswith form needs the typed path; eq takes the short one.
		subject = "actor/" + legacyNamespace + ".ActorUserEntity/userPrincipalName"
	}
	clause := subject + " eq " + value
	if c.Operator != models.OperatorEq {
		clause = fmt.Sprintf("%s(%s, %s)", strings.ToLower(string(c.Operator)), subject, value)
	}
	if f.anyTarget {
		clause = fmt.Sprintf("targets/any(t: %s)", clause)
	}
	return clause, true
}

// CheckRawFilter proves an expert's clause stays inside the parentheses it is wrapped in:
// quotes closed and parentheses balanced outside literals, so `x) or (true` cannot widen the range.
func CheckRawFilter(raw string) error {
	depth := 0
	inLiteral := false
	for i := 0; i < len(raw); i++ {
		ch := raw[i]
		if inLiteral {
			if ch == '\'' {
				if i+1 < len(raw) && raw[i+1] == '\'' {
					i++
					continue
				}
				inLiteral = false
			}
			continue
		}
		switch ch {
		case '\'':
			inLiteral = true
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return fmt.Errorf("%w: a ')' at character %d closes a parenthesis it did not open", models.ErrBadRawFilter, i+1)
			}
		}
	}
	if inLiteral {
		return fmt.Errorf("%w: a quoted text is not closed; write a quote inside text as ''", models.ErrBadRawFilter)
	}
	if depth != 0 {
		return fmt.Errorf("%w: %d parenthesis(es) are not closed", models.ErrBadRawFilter, depth)
	}
	return nil
}
