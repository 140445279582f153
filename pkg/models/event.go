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
	TimeMs             int64
	Activity           string
	Category           string
	Service            string
	Result             string
	ResultReason       string
	OperationType      string
	ActivityType       string
	InitiatedBy        string
	InitiatorUpn       string
	InitiatorUserID    string
	InitiatorUserName  string
	InitiatorAppID     string
	InitiatorAppName   string
	InitiatorIP        string
	Targets            []AuditTarget
	CorrelationID      string
	AdditionalDetails  []AdditionalDetail
	ModifiedProperties []ModifiedProperty
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
