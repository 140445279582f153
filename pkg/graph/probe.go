package graph

import (
	"context"
	"strings"
	"time"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// ProbeThrottleGiveUp bounds how long Save & test waits out 429s: someone is at the settings page.
const ProbeThrottleGiveUp = time.Minute

// Probe asks for one event, newest first, to prove the token works and the app may read audits.
// It returns the event when there is one.
func (c *Client) Probe(ctx context.Context, s models.Settings) (*models.AuditEvent, error) {
	path, ok := plan.AuditPath(s)
	if !ok {
		return nil, models.ErrUnknownAPI
	}
	params := []plan.Param{{Name: "$top", Value: "1"}, {Name: "$orderby", Value: "activityDateTime desc"}}
	if s.API == models.APILegacy {
		params = []plan.Param{{Name: "api-version", Value: "beta"}, {Name: "$top", Value: "1"}}
	}
	requests := 0
	page, err := c.fetchPage(ctx, strings.TrimRight(c.Base.String(), "/")+"/"+path+"?"+EncodeParams(params), &requests, ProbeThrottleGiveUp)
	if err != nil {
		return nil, err
	}
	for _, ev := range page.Items {
		if ev != nil {
			return ev, nil
		}
	}
	return nil, nil
}
