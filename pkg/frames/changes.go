package frames

import (
	"strings"

	"github.com/auditlens/entraid/pkg/models"
)

// ChangesText is every changed property as a person reads it, old → new, values without
// Microsoft's JSON quoting: `Role.DisplayName: "" → "Global Administrator"; …`. Mirrors
// src/core/frames/changes.ts describeChanges.
func ChangesText(ev *models.AuditEvent) string {
	var b strings.Builder
	for i, p := range ev.ModifiedProperties {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.DisplayName + `: "` + models.PlainValue(p.OldValue) + `" → "` + models.PlainValue(p.NewValue) + `"`)
	}
	return b.String()
}

// TargetIDs is the targets' ids, comma-separated in target order, empty ones left out.
func TargetIDs(ev *models.AuditEvent) string {
	return joinTargets(ev, func(t models.AuditTarget) string { return t.ID })
}

// TargetUPNs is the targets' user principal names, comma-separated in target order, empty ones left out.
func TargetUPNs(ev *models.AuditEvent) string {
	return joinTargets(ev, func(t models.AuditTarget) string { return t.UserPrincipalName })
}

func joinTargets(ev *models.AuditEvent, value func(models.AuditTarget) string) string {
	values := make([]string, 0, len(ev.Targets))
	for _, t := range ev.Targets {
		if v := value(t); v != "" {
			values = append(values, v)
		}
	}
	return strings.Join(values, ", ")
}
