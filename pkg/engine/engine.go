// Package engine runs one stored query end to end: plan → walk every page → plugin-side
// filters → frames. It is what QueryData calls per query and what the conformance vectors drive;
// it mirrors runQuery in src/core/engine.ts.
package engine

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/auditlens/entraid/pkg/frames"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// TruncatedAlertError: the events limit cut the walk, so an alert would evaluate an under-count.
// Its message is the error table's (texts.eventsLimit in conformance/tables/errors.json).
type TruncatedAlertError struct{ MaxEvents int }

func (e *TruncatedAlertError) Error() string {
	return models.RenderAdvice("{eventsLimit}", map[string]string{"maxEvents": strconv.Itoa(e.MaxEvents)})
}

// ErrorCode is eventsLimit, as in TypeScript.
func (e *TruncatedAlertError) ErrorCode() string { return "eventsLimit" }

// ErrUnreadableForAlert: an alert evaluation met events it cannot read, so its numbers would be too low.
var ErrUnreadableForAlert = models.NewCodedError("invalidResponse", "Microsoft Graph sent events the plugin cannot read")

// unreadableNotice is the text of unreadableNotice in src/core/engine.ts: the vectors compare it.
func unreadableNotice(count int) string {
	return fmt.Sprintf("%d events could not be read (a field of the wrong kind, or no readable activityDateTime) and are not counted.", count)
}

// Request is one query with its panel context.
type Request struct {
	Query    models.AuditQuery
	Settings models.Settings
	From     time.Time
	To       time.Time
	Interval time.Duration
	// TruncationIsError fails every format on a truncated walk (alert evaluations), not only alert numbers.
	TruncationIsError bool
	// Walker walks the plan's pages; nil walks with the client alone. The backend's server mode
	// passes pkg/walks, which shares walks and keeps finished ones for every user of a data source.
	Walker Walker
}

// Walker walks a plan's pages into onPage, as graph.Client.Walk does; tail plans the same query
// over another range (the part of a range newer than a kept walk).
type Walker interface {
	Walk(ctx context.Context, p *plan.Plan, tail func(from, to time.Time) (*plan.Plan, error), onPage func(items []*models.AuditEvent, hasNext bool) graph.Verdict) (*graph.WalkResult, error)
}

// Result is what a query produced. Err is set instead of frames when the query failed.
type Result struct {
	Frames              data.Frames
	Notices             []models.Notice
	ExecutedQueryString string
	Requests            int
	Err                 error
}

// Run executes one query through the client: its events come from a walk of Microsoft Graph.
func Run(ctx context.Context, client *graph.Client, req Request) Result {
	return RunFrom(ctx, GraphWalk{Client: client}, req)
}

// GraphWalk is the Source that walks Microsoft Graph page by page through the client.
type GraphWalk struct{ Client *graph.Client }

func (g GraphWalk) plan(req Request) (*plan.Plan, error) {
	return plan.Build(plan.Input{Query: req.Query, Settings: req.Settings, From: req.From, To: req.To, Now: g.Client.Clock.Now()})
}

func (g GraphWalk) describe(p *plan.Plan, req Request) string {
	endpoint, _, _ := strings.Cut(g.Client.FirstURL(p), "?")
	return plan.Describe(p, endpoint, req.Settings.API)
}

func (g GraphWalk) read(ctx context.Context, p *plan.Plan, req Request, col *collector) readResult {
	if p.OutsideRetention {
		return readResult{got: col.result(false)}
	}
	var walk *graph.WalkResult
	var err error
	if req.Walker != nil {
		tail := func(from, to time.Time) (*plan.Plan, error) {
			return plan.Build(plan.Input{Query: req.Query, Settings: req.Settings, From: from, To: to, Now: g.Client.Clock.Now()})
		}
		walk, err = req.Walker.Walk(ctx, p, tail, col.add)
	} else {
		walk, err = g.Client.Walk(ctx, p, col.add)
	}
	var out readResult
	if walk != nil {
		out.requests, out.wider = walk.Requests, walk.Wider
	}
	if err != nil {
		out.err = err
		return out
	}
	out.got = col.result(walk.StoppedEarly)
	return out
}

func (res Result) finish(req Request, got collected) Result {
	if got.truncated {
		// The one truncation check, as in TypeScript: an alert never shows notices, so a cut walk
		// would fire (or not) on an under-count.
		if req.TruncationIsError || req.Query.Format == models.FormatAlertNumbers {
			return res.fail(&TruncatedAlertError{MaxEvents: req.Settings.MaxEvents})
		}
		res.Notices = append(res.Notices, models.Notice{Severity: models.SeverityWarning, Text: fmt.Sprintf(
			"Stopped at the limit of %d events per query: results cover only %s to %s, not the whole range. Narrow the range, add filters, or raise \"Events per query\" in the data source settings.",
			req.Settings.MaxEvents, plan.FormatTime(time.UnixMilli(got.coveredFromMs)), plan.FormatTime(req.To))})
	}
	if got.unreadable > 0 {
		// A dashboard shows the other events with a notice; an alert would count too few and never say so.
		if req.TruncationIsError || req.Query.Format == models.FormatAlertNumbers {
			return res.fail(fmt.Errorf("%w: %s An alert would count too few events, so the evaluation fails instead. Check the events in the audit log (Entra admin center) or report the response to Microsoft",
				ErrUnreadableForAlert, unreadableNotice(got.unreadable)))
		}
		res.Notices = append(res.Notices, models.Notice{Severity: models.SeverityWarning, Text: unreadableNotice(got.unreadable)})
	}
	built, notices, err := frames.Build(frameInput(req, got))
	if err != nil {
		return res.fail(err)
	}
	res.Notices = append(res.Notices, notices...)
	res.Notices = append(res.Notices, unknownActivityNotices(req.Query.Filters, got)...)
	frames.Stamp(built, res.ExecutedQueryString, res.Notices)
	res.Frames = built
	return res
}

// fail keeps the executed query string (the panel's query inspector shows it) and drops the
// notices: a failed query shows its error alone, as in TypeScript.
func (res Result) fail(err error) Result {
	res.Err = err
	res.Notices = nil
	return res
}

// unknownActivityNotices: on an answer with no rows, a notice for each activity name the table does
// not know (at most MaxUnknownNameNotices) that no event read carries either, as in
// src/core/collect/unknownActivities.ts.
func unknownActivityNotices(rows []models.FilterCondition, got collected) []models.Notice {
	if got.rows() > 0 {
		return nil
	}
	var notices []models.Notice
	for _, name := range plan.UnknownActivities(rows) {
		if len(notices) == models.MaxUnknownNameNotices {
			break
		}
		if got.readActivity == nil || !got.readActivity(name) {
			notices = append(notices, plan.UnknownNameNotice(name))
		}
	}
	return notices
}

// rows is how many events the answer holds: the events kept, or the events counted.
func (got collected) rows() int {
	n := len(got.events)
	for _, c := range got.counts {
		n += int(c.Events)
	}
	return n
}
