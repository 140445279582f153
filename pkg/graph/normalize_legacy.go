package graph

import (
	"math"
	"regexp"
	"strings"

	"github.com/auditlens/entraid/pkg/models"
)

// Microsoft never documented the legacy response entity; these names follow its filter names and
// what third-party consumers read (graph-api.md §5.4), as the tenant emulator serves them.
type rawLegacyActivity struct {
	ID                        string   `json:"id"`
	ActivityDate              string   `json:"activityDate"`
	ActivityDateInMillis      *float64 `json:"activityDateInMillis"`
	Category                  string   `json:"category"`
	ActivityType              string   `json:"activityType"`
	Activity                  string   `json:"activity"`
	ActivityOperationType     string   `json:"activityOperationType"`
	ActivityResultStatus      string   `json:"activityResultStatus"`
	ActivityStatus            *float64 `json:"activityStatus"`
	ActivityResultDescription string   `json:"activityResultDescription"`
	CorrelationID             string   `json:"correlationId"`
	IPAddress                 string   `json:"ipAddress"`
	Actor                     *struct {
		ODataType         string `json:"@odata.type"`
		Name              string `json:"name"`
		ObjectID          string `json:"objectId"`
		UserPrincipalName string `json:"userPrincipalName"`
		AppID             string `json:"appId"`
		IPAddress         string `json:"ipAddress"`
	} `json:"actor"`
	Targets []struct {
		ODataType          string `json:"@odata.type"`
		Name               string `json:"name"`
		ObjectID           string `json:"objectId"`
		UserPrincipalName  string `json:"userPrincipalName"`
		ModifiedProperties []struct {
			Name     string `json:"name"`
			OldValue string `json:"oldValue"`
			NewValue string `json:"newValue"`
		} `json:"modifiedProperties"`
	} `json:"targets"`
	TargetResourceType string `json:"targetResourceType"`
	AdditionalDetails  []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"additionalDetails"`
}

// targetEntityType reads `…TargetResourceUserEntity` as `User`.
var targetEntityType = regexp.MustCompile(`TargetResource(\w+?)Entity$`)

// ParseLegacyPage decodes one batch of the retired Azure AD Graph `activities/audit` API into the
// same normalised events as Microsoft Graph pages.
func ParseLegacyPage(body []byte) (*Page, error) {
	return parsePage(body, normalizeLegacy)
}

func normalizeLegacy(r *rawLegacyActivity) *models.AuditEvent {
	// Numbers are read as JSON numbers (1e3 is 1000), then must be whole, as in TypeScript.
	if !wholeOrAbsent(r.ActivityDateInMillis) || !wholeOrAbsent(r.ActivityStatus) {
		return nil
	}
	timeMs, ok := ParseActivityTime(r.ActivityDate)
	if !ok {
		if r.ActivityDateInMillis == nil {
			return nil
		}
		timeMs = int64(*r.ActivityDateInMillis)
	}
	ev := &models.AuditEvent{
		ID:            r.ID,
		TimeMs:        timeMs,
		Activity:      r.Activity,
		Category:      r.Category,
		Result:        legacyResult(r),
		ResultReason:  r.ActivityResultDescription,
		OperationType: r.ActivityOperationType,
		ActivityType:  r.ActivityType,
		CorrelationID: r.CorrelationID,
		InitiatorIP:   r.IPAddress,
	}
	if a := r.Actor; a != nil {
		if strings.HasSuffix(a.ODataType, "ActorUserEntity") || (a.ODataType == "" && a.UserPrincipalName != "") {
			ev.InitiatorUpn, ev.InitiatorUserName, ev.InitiatorUserID = a.UserPrincipalName, a.Name, a.ObjectID
			ev.InitiatorIP = firstNonEmpty(a.IPAddress, r.IPAddress)
		} else {
			ev.InitiatorAppName, ev.InitiatorAppID = a.Name, a.AppID
		}
	}
	ev.InitiatedBy = firstNonEmpty(ev.InitiatorUpn, ev.InitiatorAppName, ev.InitiatorUserName, ev.InitiatorUserID, ev.InitiatorAppID)
	ev.Targets = make([]models.AuditTarget, 0, len(r.Targets))
	ev.ModifiedProperties = []models.ModifiedProperty{}
	for i, t := range r.Targets {
		kind := ""
		if m := targetEntityType.FindStringSubmatch(t.ODataType); m != nil {
			kind = m[1]
		} else if i == 0 {
			kind = r.TargetResourceType
		}
		ev.Targets = append(ev.Targets, models.AuditTarget{ID: t.ObjectID, DisplayName: t.Name, Type: kind, UserPrincipalName: t.UserPrincipalName})
		name := firstNonEmpty(t.Name, t.UserPrincipalName, t.ObjectID)
		for _, mp := range t.ModifiedProperties {
			ev.ModifiedProperties = append(ev.ModifiedProperties, models.ModifiedProperty{Target: name, DisplayName: mp.Name, OldValue: mp.OldValue, NewValue: mp.NewValue})
		}
	}
	ev.AdditionalDetails = make([]models.AdditionalDetail, 0, len(r.AdditionalDetails))
	for _, d := range r.AdditionalDetails {
		ev.AdditionalDetails = append(ev.AdditionalDetails, models.AdditionalDetail{Key: d.Name, Value: d.Value})
	}
	// The legacy API names no service principal and has no userAgent field.
	ev.UserAgent = detailValue(ev.AdditionalDetails, "user-agent")
	ev.Changes = changedValuesOf(ev.ModifiedProperties, ev.Targets)
	return ev
}

// wholeOrAbsent: a number both engines hold exactly (Number.isSafeInteger), or none.
func wholeOrAbsent(n *float64) bool {
	return n == nil || (*n == math.Trunc(*n) && math.Abs(*n) <= 1<<53-1)
}

// legacyResult reads "Success"/"Failure" (what consumers saw) or the filter's 0/-1, as Graph's
// lower-case values so groups and filters mean the same on both APIs.
func legacyResult(r *rawLegacyActivity) string {
	if r.ActivityResultStatus != "" {
		return strings.ToLower(r.ActivityResultStatus)
	}
	if r.ActivityStatus != nil {
		if *r.ActivityStatus == 0 {
			return "success"
		}
		return "failure"
	}
	return ""
}
