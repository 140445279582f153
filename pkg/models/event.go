package models

// AuditTarget is one resource an audit event acted on.
type AuditTarget struct {
	ID                string
	DisplayName       string
	Type              string
	UserPrincipalName string
}

// AdditionalDetail is one key/value pair as Microsoft sent it.
type AdditionalDetail struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// ModifiedProperty is one changed property of one target; values are JSON-encoded strings as sent.
type ModifiedProperty struct {
	Target      string `json:"target"`
	DisplayName string `json:"displayName"`
	OldValue    string `json:"oldValue"`
	NewValue    string `json:"newValue"`
}

// AuditEvent is one audit event normalised from either API flavour; mirrors src/core/model/event.ts.
type AuditEvent struct {
	ID string
	// TimeMs is epoch milliseconds; Graph's sub-millisecond digits are dropped.
	TimeMs            int64
	Activity          string
	Category          string
	Service           string
	Result            string
	ResultReason      string
	OperationType     string
	ActivityType      string
	InitiatedBy       string
	InitiatorUpn      string
	InitiatorUserID   string
	InitiatorUserName string
	InitiatorAppID    string
	InitiatorAppName  string
	InitiatorIP       string
	// InitiatorServicePrincipalID is the initiating app's service principal (object) id.
	InitiatorServicePrincipalID string
	// UserAgent is beta's userAgent, else the User-Agent additional detail.
	UserAgent          string
	Targets            []AuditTarget
	CorrelationID      string
	AdditionalDetails  []AdditionalDetail
	ModifiedProperties []ModifiedProperty
	// Changes are the changed values detection rules key on, parsed from ModifiedProperties.
	Changes ChangedValues
}

// ChangedValues are named changed values (pkg/graph/changes.go; TypeScript:
// src/core/normalize/changedValues.ts). Each is the new value, else the old one, as a person
// reads it (JSON quotes and brackets removed); "" when the event does not log it.
type ChangedValues struct {
	RoleName           string // Role.DisplayName, RoleDefinition.DisplayName, or the Role target's name
	RoleTemplateID     string // Role.TemplateId or RoleDefinition.TemplateId
	KeyType            string // from KeyDescription: the added keys' KeyType, else the removed keys'
	KeyUsage           string // from KeyDescription: KeyUsage (Verify marks a credential)
	KeyDescription     string // from KeyDescription: the key's DisplayName
	ConsentPermissions string // the scopes in ConsentAction.Permissions, space-separated
	AdminConsent       string // ConsentContext.IsAdminConsent as true / false
	PolicyName         string // the Conditional Access policy's displayName, or the Policy target's name
	PolicyState        string // the policy's state
	GroupName          string // Group.DisplayName, or the Group target's name
}

// Named returns the values in the order frames show them, with the names TypeScript uses.
func (c ChangedValues) Named() [10][2]string {
	return [10][2]string{
		{"roleName", c.RoleName}, {"roleTemplateId", c.RoleTemplateID}, {"keyType", c.KeyType},
		{"keyUsage", c.KeyUsage}, {"keyDescription", c.KeyDescription},
		{"consentPermissions", c.ConsentPermissions}, {"adminConsent", c.AdminConsent},
		{"policyName", c.PolicyName}, {"policyState", c.PolicyState}, {"groupName", c.GroupName},
	}
}

// Notice is a message shown on a query's frames (meta.notices).
type Notice struct {
	Severity string `json:"severity"`
	Text     string `json:"text"`
}

// Notice severities, as Grafana names them.
const (
	SeverityInfo    = "info"
	SeverityWarning = "warning"
)
