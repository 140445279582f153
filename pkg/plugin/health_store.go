package plugin

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// withStoreHealth adds the store's state to a successful Save & test in Server with store mode;
// a store that cannot be used turns the result into an error naming the cause and the fix, since
// the mode the admin chose is not what queries get.
func (d *Datasource) withStoreHealth(ctx context.Context, pc backend.PluginContext, res *backend.CheckHealthResult) *backend.CheckHealthResult {
	if res.Status != backend.HealthStatusOk || d.settingsErr != nil || d.settings.QueryMode != models.QueryModeServerStore {
		return res
	}
	st := d.storeStatus(ctx, pc)
	if st.Reason != "" || st.Status == nil {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: res.Message + " Audit store: " + st.Reason,
			JSONDetails: res.JSONDetails}
	}
	return &backend.CheckHealthResult{Status: res.Status, Message: res.Message + " " + storeSummary(st), JSONDetails: res.JSONDetails}
}

// storeSummary is one line on what the store holds and how its sync goes.
func storeSummary(st StoreStatus) string {
	now := time.UnixMilli(st.NowMs)
	var b strings.Builder
	b.WriteString("Audit store: ")
	if st.Events == 0 {
		b.WriteString("no events yet")
	} else {
		fmt.Fprintf(&b, "%s events from %s to %s", thousands(st.Events), utc(st.OldestMs), utc(st.NewestMs))
	}
	fmt.Fprintf(&b, ", backfill %s %%", strconv.FormatFloat(st.BackfillPercent, 'f', -1, 64))
	switch {
	case st.LastSyncMs > 0:
		fmt.Fprintf(&b, ", last sync %s", ago(now.Sub(time.UnixMilli(st.LastSyncMs))))
	default:
		b.WriteString(", never synced")
	}
	if !st.SyncRunning {
		b.WriteString("; the sync starts with the data source's next query")
	}
	if st.LastError != "" {
		b.WriteString("; the last sync failed: " + st.LastError)
	}
	b.WriteString(".")
	return b.String()
}

func utc(ms int64) string { return time.UnixMilli(ms).UTC().Format(time.RFC3339) }

func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "less than a minute ago"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d/time.Hour))
	}
	return fmt.Sprintf("%d days ago", int(d/(24*time.Hour)))
}

// thousands writes n with comma separators, as the config page does.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
