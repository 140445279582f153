package graph

import (
	"regexp"
	"strings"
	"time"

	jsoniter "github.com/json-iterator/go"

	"github.com/auditlens/entraid/pkg/models"
)

// Page is one decoded page of directory audits.
type Page struct {
	// Items keeps Graph's order; nil marks an event with no readable activityDateTime, which is
	// counted (it was fetched) but cannot be placed in time.
	Items    []*models.AuditEvent
	NextLink string
}

// encoding/json matches keys case-insensitively, which also covers the `Type` vs `type`
// casing seen in Microsoft's own samples (graph-api.md §1.2). Nulls decode to "".
// rawPage is one page of either API flavour: the events as sent, and the link to the next page.
type rawPage[T any] struct {
	Value    *[]T   `json:"value"`
	NextLink string `json:"@odata.nextLink"`
}

type rawAudit struct {
	ID                  string `json:"id"`
	ActivityDateTime    string `json:"activityDateTime"`
	ActivityDisplayName string `json:"activityDisplayName"`
	Category            string `json:"category"`
	CorrelationID       string `json:"correlationId"`
	LoggedByService     string `json:"loggedByService"`
	OperationType       string `json:"operationType"`
	Result              string `json:"result"`
	ResultReason        string `json:"resultReason"`
	UserAgent           string `json:"userAgent"`
	InitiatedBy         struct {
		User *struct {
			ID                string `json:"id"`
			DisplayName       string `json:"displayName"`
			UserPrincipalName string `json:"userPrincipalName"`
			IPAddress         string `json:"ipAddress"`
		} `json:"user"`
		App *struct {
			AppID                string `json:"appId"`
			DisplayName          string `json:"displayName"`
			ServicePrincipalName string `json:"servicePrincipalName"`
			ServicePrincipalID   string `json:"servicePrincipalId"`
		} `json:"app"`
	} `json:"initiatedBy"`
	TargetResources []struct {
		ID                 string `json:"id"`
		DisplayName        string `json:"displayName"`
		Type               string `json:"type"`
		ODataType          string `json:"@odata.type"`
		UserPrincipalName  string `json:"userPrincipalName"`
		ModifiedProperties []struct {
			DisplayName string `json:"displayName"`
			OldValue    string `json:"oldValue"`
			NewValue    string `json:"newValue"`
		} `json:"modifiedProperties"`
	} `json:"targetResources"`
	AdditionalDetails []struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	} `json:"additionalDetails"`
}

// pageJSON decodes pages with encoding/json's semantics (case-insensitive keys, nulls as zero
// values) at several times its speed; a 100k-event walk spends most of its CPU here.
var pageJSON = jsoniter.ConfigCompatibleWithStandardLibrary

// ErrNotAPage is a 200 whose body is not a directory-audit page (treated as transient).
type ErrNotAPage struct{ Cause string }

func (e *ErrNotAPage) Error() string {
	return "Microsoft Graph sent a page that is not valid JSON: " + e.Cause
}

// ParsePage decodes one page of Microsoft Graph directory audits into normalised events.
func ParsePage(body []byte) (*Page, error) {
	return parsePage(body, normalize)
}

// parsePage decodes a page of raw events of either flavour and normalises each one.
func parsePage[T any](body []byte, normalizeEvent func(*T) *models.AuditEvent) (*Page, error) {
	var raw rawPage[T]
	if err := pageJSON.Unmarshal(body, &raw); err != nil {
		return parseEventByEvent(body, normalizeEvent)
	}
	if raw.Value == nil {
		return nil, &ErrNotAPage{Cause: "it has no \"value\" array"}
	}
	page := &Page{NextLink: raw.NextLink, Items: make([]*models.AuditEvent, len(*raw.Value))}
	for i := range *raw.Value {
		page.Items[i] = normalizeEvent(&(*raw.Value)[i])
	}
	return page, nil
}

// parseEventByEvent reads a page that did not decode as a whole: when it is a page, each event is
// decoded on its own and one with a field of the wrong kind is malformed (nil, counted as
// unreadable), as TypeScript's normalisers read it (MALFORMED_EVENT in src/core/normalize/rawJson.ts),
// instead of failing the page, retrying it and failing the query (issue 14, finding 8).
func parseEventByEvent[T any](body []byte, normalizeEvent func(*T) *models.AuditEvent) (*Page, error) {
	var raw rawPage[jsoniter.RawMessage]
	if err := pageJSON.Unmarshal(body, &raw); err != nil {
		return nil, &ErrNotAPage{Cause: err.Error()}
	}
	if raw.Value == nil {
		return nil, &ErrNotAPage{Cause: "it has no \"value\" array"}
	}
	page := &Page{NextLink: raw.NextLink, Items: make([]*models.AuditEvent, len(*raw.Value))}
	for i, item := range *raw.Value {
		var event T
		if err := pageJSON.Unmarshal(item, &event); err == nil {
			page.Items[i] = normalizeEvent(&event)
		}
	}
	return page, nil
}

var isoWithFraction = regexp.MustCompile(`^(?i)(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$`)

// ParseActivityTime reads Graph's timestamps: digits past the millisecond are dropped, never
// rounded (rounding up could push an event past `to`); no zone means UTC.
func ParseActivityTime(value string) (int64, bool) {
	// Fast path for Graph's usual form; the nanoseconds are kept exactly and UnixMilli floors them.
	if strings.HasSuffix(value, "Z") && len(value) >= 20 && value[10] == 'T' {
		if t, err := time.Parse(time.RFC3339Nano, value); err == nil {
			return t.UnixMilli(), true
		}
	}
	m := isoWithFraction.FindStringSubmatch(strings.TrimSpace(value))
	if m == nil {
		return 0, false
	}
	millis := (m[2] + "000")[:3]
	zone := strings.ToUpper(m[3])
	if zone == "" {
		zone = "Z"
	} else if zone != "Z" && !strings.Contains(zone, ":") {
		zone = zone[:3] + ":" + zone[3:]
	}
	t, err := time.Parse("2006-01-02T15:04:05.000Z07:00", m[1]+"."+millis+zone)
	if err != nil {
		return 0, false
	}
	return t.UnixMilli(), true
}

func normalize(r *rawAudit) *models.AuditEvent {
	timeMs, ok := ParseActivityTime(r.ActivityDateTime)
	if !ok {
		return nil
	}
	ev := &models.AuditEvent{
		ID:            r.ID,
		TimeMs:        timeMs,
		Activity:      r.ActivityDisplayName,
		Category:      r.Category,
		Service:       r.LoggedByService,
		Result:        r.Result,
		ResultReason:  r.ResultReason,
		OperationType: r.OperationType,
		CorrelationID: r.CorrelationID,
	}
	if u := r.InitiatedBy.User; u != nil {
		ev.InitiatorUpn, ev.InitiatorUserID, ev.InitiatorUserName, ev.InitiatorIP = u.UserPrincipalName, u.ID, u.DisplayName, u.IPAddress
	}
	servicePrincipalName := ""
	if a := r.InitiatedBy.App; a != nil {
		ev.InitiatorAppID, ev.InitiatorAppName, servicePrincipalName = a.AppID, a.DisplayName, a.ServicePrincipalName
		ev.InitiatorServicePrincipalID = a.ServicePrincipalID
	}
	ev.InitiatedBy = firstNonEmpty(ev.InitiatorUpn, ev.InitiatorAppName, ev.InitiatorUserName, ev.InitiatorUserID, servicePrincipalName, ev.InitiatorAppID)
	ev.Targets = make([]models.AuditTarget, 0, len(r.TargetResources))
	ev.ModifiedProperties = []models.ModifiedProperty{}
	for _, tr := range r.TargetResources {
		typ := tr.Type
		if typ == "" {
			typ = typeFromODataType(tr.ODataType)
		}
		ev.Targets = append(ev.Targets, models.AuditTarget{ID: tr.ID, DisplayName: tr.DisplayName, Type: typ, UserPrincipalName: tr.UserPrincipalName})
		name := firstNonEmpty(tr.DisplayName, tr.UserPrincipalName, tr.ID)
		for _, mp := range tr.ModifiedProperties {
			ev.ModifiedProperties = append(ev.ModifiedProperties, models.ModifiedProperty{Target: name, DisplayName: mp.DisplayName, OldValue: mp.OldValue, NewValue: mp.NewValue})
		}
	}
	ev.AdditionalDetails = make([]models.AdditionalDetail, 0, len(r.AdditionalDetails))
	for _, d := range r.AdditionalDetails {
		ev.AdditionalDetails = append(ev.AdditionalDetails, models.AdditionalDetail{Key: d.Key, Value: d.Value})
	}
	ev.UserAgent = firstNonEmpty(r.UserAgent, detailValue(ev.AdditionalDetails, "user-agent"))
	ev.Changes = changedValuesOf(ev.ModifiedProperties, ev.Targets)
	return ev
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
