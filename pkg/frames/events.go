package frames

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/auditlens/entraid/pkg/models"
)

// EventsTable is a row per event, newest first, with readable columns; additional details and
// modified properties are JSON text so nothing Microsoft sent is lost.
func EventsTable(in Input) data.Frames {
	events := newestFirst(in.Events)
	n := len(events)
	cols := struct {
		time                                                                      []time.Time
		activity, category, service, result, reason, initiator, targets, corr, id []string
		details, modified                                                         []string
	}{time: make([]time.Time, n)}
	for _, p := range []*[]string{&cols.activity, &cols.category, &cols.service, &cols.result, &cols.reason, &cols.initiator, &cols.targets, &cols.corr, &cols.id, &cols.details, &cols.modified} {
		*p = make([]string, n)
	}
	for i := range events {
		ev := &events[i]
		cols.time[i] = time.UnixMilli(ev.TimeMs).UTC()
		cols.activity[i], cols.category[i], cols.service[i] = ev.Activity, ev.Category, ev.Service
		cols.result[i], cols.reason[i], cols.initiator[i] = ev.Result, ev.ResultReason, ev.InitiatedBy
		cols.targets[i], cols.corr[i], cols.id[i] = TargetsText(ev), ev.CorrelationID, ev.ID
		cols.details[i], cols.modified[i] = jsonText(ev.AdditionalDetails), jsonText(ev.ModifiedProperties)
	}
	f := data.NewFrame("events",
		data.NewField("Time", nil, cols.time),
		data.NewField("Activity", nil, cols.activity),
		data.NewField("Category", nil, cols.category),
		data.NewField("Service", nil, cols.service),
		data.NewField("Result", nil, cols.result),
		data.NewField("Result reason", nil, cols.reason),
		data.NewField("Initiated by", nil, cols.initiator),
		data.NewField("Targets", nil, cols.targets),
		data.NewField("Correlation ID", nil, cols.corr),
		data.NewField("ID", nil, cols.id),
		data.NewField("Additional details", nil, cols.details),
		data.NewField("Modified properties", nil, cols.modified),
	)
	f.Meta = &data.FrameMeta{PreferredVisualization: data.VisTypeTable}
	return data.Frames{f}
}

// Logs is a log-lines frame, newest first, the severity from the result.
func Logs(in Input) data.Frames {
	events := newestFirst(in.Events)
	n := len(events)
	times, bodies, levels, ids := make([]time.Time, n), make([]string, n), make([]string, n), make([]string, n)
	for i := range events {
		ev := &events[i]
		times[i], bodies[i], levels[i], ids[i] = time.UnixMilli(ev.TimeMs).UTC(), LogBody(ev), Severity(ev.Result), ev.ID
	}
	f := data.NewFrame("logs",
		data.NewField("timestamp", nil, times),
		data.NewField("body", nil, bodies),
		data.NewField("severity", nil, levels),
		data.NewField("id", nil, ids),
	)
	f.Meta = &data.FrameMeta{Type: data.FrameTypeLogLines, TypeVersion: data.FrameTypeVersion{0, 0}, PreferredVisualization: data.VisTypeLogs}
	return data.Frames{f}
}

// LogBody reads as a sentence: `Add user (success) by admin@contoso.com on alice@contoso.com: reason`.
func LogBody(ev *models.AuditEvent) string {
	var b strings.Builder
	b.WriteString(ev.Activity)
	b.WriteString(" (" + ev.Result + ") by ")
	if ev.InitiatedBy != "" {
		b.WriteString(ev.InitiatedBy)
	} else {
		b.WriteString("unknown")
	}
	if t := TargetsText(ev); t != "" {
		b.WriteString(" on " + t)
	}
	if ev.ResultReason != "" {
		b.WriteString(": " + ev.ResultReason)
	}
	return b.String()
}

// Severity maps a result to Grafana's log levels.
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

// TargetsText names each target as a person would (UPN, else display name, else id).
func TargetsText(ev *models.AuditEvent) string {
	names := make([]string, 0, len(ev.Targets))
	for _, t := range ev.Targets {
		if name := firstNonEmpty(t.UserPrincipalName, t.DisplayName, t.ID); name != "" {
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}

func newestFirst(events []models.AuditEvent) []models.AuditEvent {
	sorted := append([]models.AuditEvent(nil), events...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].TimeMs > sorted[j].TimeMs })
	return sorted
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
