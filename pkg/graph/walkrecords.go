package graph

import (
	"context"
	"encoding/json"

	jsoniter "github.com/json-iterator/go"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// WalkRecords is Walk for a consumer that keeps events as Microsoft sent them (the audit store):
// onPage gets each page's normalised events and, index for index, the page's "value" elements
// byte for byte. Requests, retries, pacing and limits are Walk's.
func (c *Client) WalkRecords(ctx context.Context, p *plan.Plan,
	onPage func(items []*models.AuditEvent, raw []json.RawMessage, hasNext bool) Verdict) (*WalkResult, error) {
	walker := *c
	var raw []json.RawMessage
	walker.parse = func(body []byte) (*Page, error) {
		page, err := c.parse(body)
		if err != nil {
			return nil, err
		}
		if raw, err = pageValues(body, len(page.Items)); err != nil {
			return nil, err
		}
		return page, nil
	}
	return walker.Walk(ctx, p, func(items []*models.AuditEvent, hasNext bool) Verdict {
		return onPage(items, raw, hasNext)
	})
}

// pageValues splits a page that parsed into its "value" elements, copied out of the body.
func pageValues(body []byte, want int) ([]json.RawMessage, error) {
	var page rawPage[jsoniter.RawMessage]
	if err := pageJSON.Unmarshal(body, &page); err != nil || page.Value == nil {
		return nil, &ErrNotAPage{Cause: "its \"value\" array cannot be split into events"}
	}
	if len(*page.Value) != want {
		return nil, &ErrNotAPage{Cause: "its \"value\" array did not split into as many events as it holds"}
	}
	out := make([]json.RawMessage, len(*page.Value))
	for i, v := range *page.Value {
		out[i] = append(json.RawMessage(nil), v...)
	}
	return out, nil
}
