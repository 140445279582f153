// Package engine runs one stored query end to end: plan → walk every page → plugin-side
// filters → frames. It is what QueryData calls per query and what the conformance vectors drive.
package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/auditlens/entraid/pkg/frames"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// Request is one query with its panel context.
type Request struct {
	Query    models.AuditQuery
	Settings models.Settings
	From     time.Time
	To       time.Time
	Interval time.Duration
	// TruncationIsError fails every format on a truncated walk (alert evaluations), not only alert numbers.
	TruncationIsError bool
}

// Result is what a query produced. Err is set instead of frames when the query failed.
type Result struct {
	Frames              data.Frames
	Notices             []models.Notice
	ExecutedQueryString string
	Requests            int
	Err                 error
}

// Run executes one query through the client.
func Run(ctx context.Context, client *graph.Client, req Request) Result {
	p, err := plan.Build(plan.Input{Query: req.Query, Settings: req.Settings, From: req.From, To: req.To, Now: client.Clock.Now()})
	if err != nil {
		return Result{Err: err}
	}
	res := Result{ExecutedQueryString: client.FirstURL(p), Notices: append([]models.Notice(nil), p.Notices...)}
	var bucket time.Duration
	if req.Query.Format == models.FormatTimeSeries {
		if bucket, err = plan.BucketWidth(req.Query.Bucket, req.Interval); err != nil {
			res.Err = err
			return res
		}
		if _, err = plan.BucketStarts(p.From.UnixMilli(), p.To.UnixMilli(), bucket.Milliseconds()); err != nil {
			res.Err = err
			return res
		}
	}
	walk, err := client.Walk(ctx, p, req.Settings.MaxEvents)
	if walk != nil {
		res.Requests = walk.Requests
	}
	if err != nil {
		res.Err = err
		return res
	}
	fromMs, toMs := walk.CoveredFromMs, p.To.UnixMilli()
	if walk.Truncated && req.TruncationIsError {
		res.Err = fmt.Errorf("%w; raise Events per query in the data source settings or narrow the range or filters", frames.ErrTruncatedAlert)
		return res
	}
	if walk.Truncated {
		res.Notices = append(res.Notices, models.Notice{Severity: models.SeverityWarning, Text: fmt.Sprintf(
			"Stopped at the limit of %d events per query: these results cover only %s to %s, not the whole range. Raise Events per query in the data source settings or narrow the range or filters.",
			req.Settings.MaxEvents, plan.FormatTime(time.UnixMilli(fromMs)), plan.FormatTime(p.To))})
	}
	events := make([]models.AuditEvent, 0, len(walk.Events))
	for i := range walk.Events {
		ev := &walk.Events[i]
		// Graph should only send the range; an event outside it would fall outside every bucket.
		if ev.TimeMs < fromMs || ev.TimeMs > toMs || !plan.Matches(ev, p.PluginSide) {
			continue
		}
		events = append(events, *ev)
	}
	res.Frames, res.Err = frames.Build(frames.Input{
		Query: req.Query, Events: events, FromMs: fromMs, ToMs: toMs, BucketMs: bucket.Milliseconds(),
		Truncated: walk.Truncated, Notices: res.Notices, ExecutedQueryString: res.ExecutedQueryString,
	})
	return res
}
