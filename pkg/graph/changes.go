package graph

import (
	"encoding/json"
	"strings"

	"github.com/auditlens/entraid/pkg/models"
)

// changedValuesOf reads the changed values detection rules key on (names compared ignoring
// ASCII case, as Sentinel's =~ does; detections.md §3). A value is the new one, else the old
// one: a role removal logs the role's name only as the old value.
func changedValuesOf(properties []models.ModifiedProperty, targets []models.AuditTarget) models.ChangedValues {
	byName, any := knownProperties(properties)
	if !any && !anyTargetNamesAChange(targets) {
		return models.ChangedValues{}
	}
	current := func(name int) string {
		if p := byName[name]; p != nil {
			return firstNonEmpty(models.PlainValue(p.NewValue), models.PlainValue(p.OldValue))
		}
		return ""
	}
	keys := credentialKeys(byName[knownKeyDescription])
	var policyName, policyState string
	// Only a policy change logs a policy document; elsewhere an object with state means something else.
	if anyTargetOfType(targets, "policy") {
		policyName, policyState = policyDocument(properties)
	}
	return models.ChangedValues{
		RoleName:           firstNonEmpty(current(knownRoleName), current(knownRoleDefinitionName), targetName(targets, "role")),
		RoleTemplateID:     firstNonEmpty(current(knownRoleTemplateID), current(knownRoleDefinitionTemplateID)),
		KeyType:            keyPart(keys, "KeyType"),
		KeyUsage:           keyPart(keys, "KeyUsage"),
		KeyDescription:     keyPart(keys, "DisplayName"),
		ConsentPermissions: consentScopes(current(knownConsentPermissions)),
		AdminConsent:       booleanText(current(knownAdminConsent)),
		PolicyName:         firstNonEmpty(policyName, targetName(targets, "policy")),
		PolicyState:        policyState,
		GroupName:          firstNonEmpty(current(knownGroupName), targetName(targets, "group")),
	}
}

// The property names read, folded to lower case (TypeScript: KNOWN_PROPERTIES).
const (
	knownRoleName = iota
	knownRoleDefinitionName
	knownRoleTemplateID
	knownRoleDefinitionTemplateID
	knownKeyDescription
	knownConsentPermissions
	knownAdminConsent
	knownGroupName
)

var knownPropertyNames = [...]string{
	knownRoleName: "role.displayname", knownRoleDefinitionName: "roledefinition.displayname",
	knownRoleTemplateID: "role.templateid", knownRoleDefinitionTemplateID: "roledefinition.templateid",
	knownKeyDescription: "keydescription", knownConsentPermissions: "consentaction.permissions",
	knownAdminConsent: "consentcontext.isadminconsent", knownGroupName: "group.displayname",
}

// knownProperties finds the first property of each known name, and whether there was any: most
// events change other properties, and comparing only names of a known length keeps them cheap.
func knownProperties(properties []models.ModifiedProperty) (found [len(knownPropertyNames)]*models.ModifiedProperty, any bool) {
	for i := range properties {
		name := properties[i].DisplayName
		for k, known := range knownPropertyNames {
			if found[k] == nil && asciiEqualFold(name, known) {
				found[k], any = &properties[i], true
				break
			}
		}
	}
	return found, any
}

// asciiEqualFold compares ignoring A-Z case only, without allocating; lower is already lower case.
func asciiEqualFold(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

func anyTargetNamesAChange(targets []models.AuditTarget) bool {
	for _, t := range targets {
		if asciiEqualFold(t.Type, "role") || asciiEqualFold(t.Type, "policy") || asciiEqualFold(t.Type, "group") {
			return true
		}
	}
	return false
}

func anyTargetOfType(targets []models.AuditTarget, kind string) bool {
	for _, t := range targets {
		if asciiEqualFold(t.Type, kind) {
			return true
		}
	}
	return false
}

func targetName(targets []models.AuditTarget, kind string) string {
	for _, t := range targets {
		if t.DisplayName != "" && asciiEqualFold(t.Type, kind) {
			return t.DisplayName
		}
	}
	return ""
}

// credentialKeys are the keys a credential change added (new items not in the old list), else the
// ones it removed; none when both lists hold the same keys (creating an app logs [] → []).
func credentialKeys(p *models.ModifiedProperty) []string {
	if p == nil {
		return nil
	}
	before, _ := models.StringItems(p.OldValue)
	after, _ := models.StringItems(p.NewValue)
	if added := missingFrom(after, before); len(added) > 0 {
		return added
	}
	return missingFrom(before, after)
}

func missingFrom(items, other []string) []string {
	var missing []string
	for _, item := range items {
		if !contains(other, item) {
			missing = append(missing, item)
		}
	}
	return missing
}

func contains(items []string, item string) bool {
	for _, i := range items {
		if i == item {
			return true
		}
	}
	return false
}

// keyPart reads `KeyType=Password` from `[KeyIdentifier=…,KeyType=Password,KeyUsage=Verify,DisplayName=…]`, per key.
func keyPart(keys []string, part string) string {
	var values []string
	for _, key := range keys {
		if v := keyAttribute(key, part); v != "" && !contains(values, v) {
			values = append(values, v)
		}
	}
	return strings.Join(values, ", ")
}

func keyAttribute(key, part string) string {
	marker := part + "="
	at := strings.Index(key, marker)
	// `KeyType=` must start an attribute, not end another one's name.
	for at > 0 && key[at-1] != ',' && key[at-1] != '[' && key[at-1] != ' ' {
		next := strings.Index(key[at+1:], marker)
		if next < 0 {
			at = -1
			break
		}
		at += 1 + next
	}
	if at < 0 {
		return ""
	}
	start := at + len(marker)
	// The description is the last attribute and may hold commas: it runs to the last bracket.
	end := -1
	if part == "DisplayName" {
		end = strings.LastIndex(key, "]")
	} else {
		end = firstOf(key, start, ",", "]")
	}
	if end < start {
		end = len(key)
	}
	return trimBlanks(key[start:end])
}

// firstOf is the first index at or after from of any of stops, or -1.
func firstOf(text string, from int, stops ...string) int {
	first := -1
	for _, stop := range stops {
		if found := strings.Index(text[from:], stop); found >= 0 && (first < 0 || from+found < first) {
			first = from + found
		}
	}
	return first
}

func trimBlanks(value string) string {
	return strings.Trim(value, " \t\n\r")
}

// asciiLower folds A-Z only: property and type names are ASCII, and Go and JavaScript fold other letters differently.
func asciiLower(value string) string {
	for i := 0; i < len(value); i++ {
		if c := value[i]; c >= 'A' && c <= 'Z' {
			b := []byte(value)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return value
}

const scopeMarker = "Scope:"

// consentScopes reads ConsentAction.Permissions, which is not JSON:
// `[[Id: …, ConsentType: AllPrincipals, Scope: User.Read Mail.Read, CreatedDateTime: …]]`. The
// scopes of every grant, space-separated and each once; the text as sent when it names no scope.
func consentScopes(text string) string {
	at := strings.Index(text, scopeMarker)
	if at < 0 {
		return trimBlanks(text)
	}
	var scopes []string
	for at >= 0 {
		start := at + len(scopeMarker)
		end := firstOf(text, start, ",", "]")
		if end < 0 {
			end = len(text)
		}
		for _, scope := range strings.Split(text[start:end], " ") {
			if scope != "" && !contains(scopes, scope) {
				scopes = append(scopes, scope)
			}
		}
		next := strings.Index(text[end:], scopeMarker)
		if next < 0 {
			break
		}
		at = end + next
	}
	return strings.Join(scopes, " ")
}

// booleanText writes Microsoft's True/False as true/false, so a filter has one spelling.
func booleanText(value string) string {
	if folded := asciiLower(trimBlanks(value)); folded == "true" || folded == "false" {
		return folded
	}
	return value
}

// policyDocument reads a Conditional Access change, which logs the whole policy as JSON (old and
// new) with displayName and state: the first property holding such an object, the new policy
// else the old one (a deletion).
func policyDocument(properties []models.ModifiedProperty) (displayName, state string) {
	for _, p := range properties {
		if name, st, ok := policyFields(p.NewValue); ok {
			return name, st
		}
		if name, st, ok := policyFields(p.OldValue); ok {
			return name, st
		}
	}
	return "", ""
}

func policyFields(value string) (displayName, state string, ok bool) {
	var fields map[string]json.RawMessage
	if models.FirstNonBlank(value) != '{' || json.Unmarshal([]byte(value), &fields) != nil {
		return "", "", false
	}
	state, ok = jsonText(fields["state"])
	if !ok {
		return "", "", false
	}
	displayName, _ = jsonText(fields["displayName"])
	return displayName, state, true
}

func jsonText(raw json.RawMessage) (string, bool) {
	var text string
	if models.FirstNonBlank(string(raw)) != '"' || json.Unmarshal(raw, &text) != nil {
		return "", false
	}
	return text, true
}

// detailValue is the value of the first additional detail whose key is lowerKey ignoring ASCII case.
func detailValue(details []models.AdditionalDetail, lowerKey string) string {
	for _, d := range details {
		if len(d.Key) == len(lowerKey) && asciiLower(d.Key) == lowerKey {
			return d.Value
		}
	}
	return ""
}
