package frames

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/auditlens/entraid/pkg/models"
)

type column struct {
	name string
	read func(ev *models.AuditEvent) string
}

// eventColumns are what an admin reads without opening JSON; mirrors src/core/frames/eventsTable.ts.
var eventColumns = []column{
	{"Activity", func(e *models.AuditEvent) string { return e.Activity }},
	{"Category", func(e *models.AuditEvent) string { return e.Category }},
	{"Service", func(e *models.AuditEvent) string { return e.Service }},
	{"Result", func(e *models.AuditEvent) string { return e.Result }},
	{"Result reason", func(e *models.AuditEvent) string { return e.ResultReason }},
	{"Operation type", func(e *models.AuditEvent) string { return e.OperationType }},
	{"Initiated by", func(e *models.AuditEvent) string { return e.InitiatedBy }},
	// The ids investigators pivot on (issue 17); links to the Entra admin center are added by the browser adapter.
	{"Initiator user ID", func(e *models.AuditEvent) string { return e.InitiatorUserID }},
	{"Initiator app ID", func(e *models.AuditEvent) string { return e.InitiatorAppID }},
	{"Initiator service principal ID", func(e *models.AuditEvent) string { return e.InitiatorServicePrincipalID }},
	{"Initiator IP", func(e *models.AuditEvent) string { return e.InitiatorIP }},
	{"User agent", func(e *models.AuditEvent) string { return e.UserAgent }},
	{"Targets", TargetsText},
	{"Target IDs", TargetIDs},
	{"Target UPNs", TargetUPNs},
	{"Changes", ChangesText},
	{"Role", func(e *models.AuditEvent) string { return e.Changes.RoleName }},
	{"Role template ID", func(e *models.AuditEvent) string { return e.Changes.RoleTemplateID }},
	{"Key type", func(e *models.AuditEvent) string { return e.Changes.KeyType }},
	{"Key usage", func(e *models.AuditEvent) string { return e.Changes.KeyUsage }},
	{"Key description", func(e *models.AuditEvent) string { return e.Changes.KeyDescription }},
	{"Consent permissions", func(e *models.AuditEvent) string { return e.Changes.ConsentPermissions }},
	{"Admin consent", func(e *models.AuditEvent) string { return e.Changes.AdminConsent }},
	{"Policy", func(e *models.AuditEvent) string { return e.Changes.PolicyName }},
	{"Policy state", func(e *models.AuditEvent) string { return e.Changes.PolicyState }},
	{"Group", func(e *models.AuditEvent) string { return e.Changes.GroupName }},
	{"Correlation ID", func(e *models.AuditEvent) string { return e.CorrelationID }},
	{"ID", func(e *models.AuditEvent) string { return e.ID }},
}

// jsonColumns hold JSON values (a field of type other), as the TypeScript engine's do: Grafana's
// table renders them as JSON, and nothing Microsoft sent is lost.
var jsonColumns = []struct {
	name string
	read func(ev *models.AuditEvent) any
}{
	{"Additional details", func(e *models.AuditEvent) any { return e.AdditionalDetails }},
	{"Modified properties", func(e *models.AuditEvent) any { return e.ModifiedProperties }},
}

// EventsTable is a row per event, newest first.
func EventsTable(in Input) data.Frames {
	times := make([]time.Time, len(in.Events))
	for i := range in.Events {
		times[i] = time.UnixMilli(in.Events[i].TimeMs).UTC()
	}
	fields := []*data.Field{data.NewField("Time", nil, times)}
	for _, c := range eventColumns {
		values := make([]string, len(in.Events))
		for i := range in.Events {
			values[i] = c.read(&in.Events[i])
		}
		fields = append(fields, data.NewField(c.name, nil, values))
	}
	for _, c := range jsonColumns {
		values := make([]json.RawMessage, len(in.Events))
		for i := range in.Events {
			values[i] = json.RawMessage(jsonText(c.read(&in.Events[i])))
		}
		fields = append(fields, data.NewField(c.name, nil, values))
	}
	f := data.NewFrame("Audit events", fields...)
	f.Meta = &data.FrameMeta{Type: data.FrameTypeTable, TypeVersion: data.FrameTypeVersion{0, 0}, PreferredVisualization: data.VisTypeTable}
	return data.Frames{f}
}

// logLabels is each log line's labels, in the order the TypeScript engine writes them: the fields
// every line has, then the ids, the changes and the named changed values, each only when logged.
type logLabels struct {
	Activity                    string `json:"activity"`
	Category                    string `json:"category"`
	Service                     string `json:"service"`
	Result                      string `json:"result"`
	OperationType               string `json:"operationType"`
	InitiatedBy                 string `json:"initiatedBy"`
	CorrelationID               string `json:"correlationId"`
	InitiatorUserID             string `json:"initiatorUserId,omitempty"`
	InitiatorAppID              string `json:"initiatorAppId,omitempty"`
	InitiatorServicePrincipalID string `json:"initiatorServicePrincipalId,omitempty"`
	IPAddress                   string `json:"ipAddress,omitempty"`
	UserAgent                   string `json:"userAgent,omitempty"`
	TargetIDs                   string `json:"targetIds,omitempty"`
	TargetUPNs                  string `json:"targetUpns,omitempty"`
	Changes                     string `json:"changes,omitempty"`
	RoleName                    string `json:"roleName,omitempty"`
	RoleTemplateID              string `json:"roleTemplateId,omitempty"`
	KeyType                     string `json:"keyType,omitempty"`
	KeyUsage                    string `json:"keyUsage,omitempty"`
	KeyDescription              string `json:"keyDescription,omitempty"`
	ConsentPermissions          string `json:"consentPermissions,omitempty"`
	AdminConsent                string `json:"adminConsent,omitempty"`
	PolicyName                  string `json:"policyName,omitempty"`
	PolicyState                 string `json:"policyState,omitempty"`
	GroupName                   string `json:"groupName,omitempty"`
}

func labelsOf(ev *models.AuditEvent) logLabels {
	c := ev.Changes
	return logLabels{
		ev.Activity, ev.Category, ev.Service, ev.Result, ev.OperationType, ev.InitiatedBy, ev.CorrelationID,
		ev.InitiatorUserID, ev.InitiatorAppID, ev.InitiatorServicePrincipalID, ev.InitiatorIP, ev.UserAgent,
		TargetIDs(ev), TargetUPNs(ev), ChangesText(ev),
		c.RoleName, c.RoleTemplateID, c.KeyType, c.KeyUsage, c.KeyDescription, c.ConsentPermissions,
		c.AdminConsent, c.PolicyName, c.PolicyState, c.GroupName,
	}
}

// Logs is a log-lines frame (data-plane logs contract), newest first, the severity from the result.
func Logs(in Input) data.Frames {
	n := len(in.Events)
	times, bodies, levels, ids := make([]time.Time, n), make([]string, n), make([]string, n), make([]string, n)
	labels := make([]json.RawMessage, n)
	for i := range in.Events {
		ev := &in.Events[i]
		times[i], bodies[i], levels[i], ids[i] = time.UnixMilli(ev.TimeMs).UTC(), LogBody(ev), Severity(ev.Result), ev.ID
		labels[i] = json.RawMessage(jsonText(labelsOf(ev)))
	}
	f := data.NewFrame("Audit log",
		data.NewField("timestamp", nil, times),
		data.NewField("body", nil, bodies),
		data.NewField("severity", nil, levels),
		data.NewField("id", nil, ids),
		data.NewField("labels", nil, labels),
	)
	f.Meta = &data.FrameMeta{Type: data.FrameTypeLogLines, TypeVersion: data.FrameTypeVersion{0, 0}, PreferredVisualization: data.VisTypeLogs}
	return data.Frames{f}
}

// LogBody reads as a line: `Delete user: failure, by admin@contoso.com, on Alice (User), reason: Not allowed`.
func LogBody(ev *models.AuditEvent) string {
	activity, result := ev.Activity, ev.Result
	if activity == "" {
		activity = "(unnamed activity)"
	}
	if result == "" {
		result = "unknown result"
	}
	parts := []string{activity + ": " + result}
	if ev.InitiatedBy != "" {
		parts = append(parts, "by "+ev.InitiatedBy)
	}
	if t := TargetsText(ev); t != "" {
		parts = append(parts, "on "+t)
	}
	if ev.ResultReason != "" && strings.ToLower(ev.Result) != "success" {
		parts = append(parts, "reason: "+ev.ResultReason)
	}
	return strings.Join(parts, ", ")
}

// Severity maps a result to Grafana's log levels: a failed change is an error, a timeout a warning.
func Severity(result string) string {
	switch strings.ToLower(result) {
	case "success":
		return "info"
	case "failure":
		return "error"
	case "timeout":
		return "warning"
	}
	return "unknown"
}

// TargetsText names each target with its type: `Alice (User), Finance (Group)`.
func TargetsText(ev *models.AuditEvent) string {
	names := make([]string, len(ev.Targets))
	for i, t := range ev.Targets {
		name := firstNonEmpty(t.DisplayName, t.UserPrincipalName, t.ID)
		if t.Type != "" {
			name += " (" + t.Type + ")"
		}
		names[i] = name
	}
	return strings.Join(names, ", ")
}

// jsonText encodes like JSON.stringify: no HTML escaping, so `<` and `&` stay readable.
func jsonText(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
