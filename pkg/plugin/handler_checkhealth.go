package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
)

// CheckHealth is Save & test: the settings, a token request, then a one-event probe of the audit
// endpoint. Each failure names its step and Entra's or Graph's exact code with what to do.
func (d *Datasource) CheckHealth(ctx context.Context, req *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	var pc backend.PluginContext
	if req != nil {
		pc = req.PluginContext
	}
	src, err := d.sourceOrErr(pc)
	if err != nil {
		return healthError("settings", "", err), nil
	}
	client := src.Client
	if _, err := client.Tokens.Token(ctx); err != nil {
		var tokenErr *graph.TokenError
		code := ""
		if errors.As(err, &tokenErr) && tokenErr.AdviceCode() != 0 {
			code = fmt.Sprintf("AADSTS%d", tokenErr.AdviceCode())
		}
		return healthError("token", code, err), nil
	}
	ev, err := client.Probe(ctx, d.settings)
	if err != nil {
		var graphErr *graph.GraphError
		code := ""
		if errors.As(err, &graphErr) {
			code = graphErr.Code
		}
		return healthError("audit log", code, err), nil
	}
	latest := "the audit log has no events yet"
	if ev != nil {
		latest = "the newest event is from " + time.UnixMilli(ev.TimeMs).UTC().Format(time.RFC3339)
	}
	connected := fmt.Sprintf("Connected to tenant %s: token issued and directory audits readable (%s).", d.settings.TenantID, latest)
	if d.settings.QueryMode == models.QueryModeServerStore {
		return d.storeHealth(ctx, pc, src, connected), nil
	}
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: connected}, nil
}

func healthError(step, code string, err error) *backend.CheckHealthResult {
	details, _ := json.Marshal(map[string]string{"step": step, "code": code})
	return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: err.Error(), JSONDetails: details}
}
