package engine

import (
	"context"

	"github.com/auditlens/entraid/pkg/frames"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// Source is where a planned query's events come from: GraphWalk walks Microsoft Graph page by
// page, StoreRead reads the audit store. Every query runs the same stages,
//
//	plan → walk (Graph, or read the store) → collect (limit, truncation) → frames,
//
// and only the read differs, so both answer with the same frames. Its methods are the
// package's own: the two sources are the only ones.
type Source interface {
	// plan makes the query's one plan (Graph clamps the range to the tenant's retention).
	plan(req Request) (*plan.Plan, error)
	// describe is the start of the executed query string; read may add lines.
	describe(p *plan.Plan, req Request) string
	// read delivers the planned range's events into col, or their counts.
	read(ctx context.Context, p *plan.Plan, req Request, col *collector) readResult
}

// readResult is what a source read: what the frames are built from, and what it has to say.
type readResult struct {
	got      collected
	requests int
	notices  []models.Notice
	// described lines go after the source's description in the executed query string.
	described []string
	// wider names the walk with a wider $filter the events came from, when not the query's own.
	wider *plan.WiderWalk
	err   error
}

// RunFrom runs one query with its events from src.
func RunFrom(ctx context.Context, src Source, req Request) Result {
	p, err := src.plan(req)
	if err == nil {
		err = plan.CheckLimits(req.Query, req.Settings, req.From, req.To, req.Interval)
	}
	if err != nil {
		return Result{Err: err}
	}
	res := Result{ExecutedQueryString: src.describe(p, req), Notices: append([]models.Notice(nil), p.Notices...)}
	col := newCollector(p, req.Settings.MaxEvents)
	col.watch(plan.UnknownActivities(req.Query.Filters))
	read := src.read(ctx, p, req, col)
	res.Requests = read.requests
	if read.wider != nil {
		res.ExecutedQueryString = plan.DescribeWiderWalk(res.ExecutedQueryString, *read.wider)
	}
	for _, line := range read.described {
		res.ExecutedQueryString += "\n" + line
	}
	if read.err != nil {
		return res.fail(read.err)
	}
	res.Notices = append(res.Notices, read.notices...)
	return res.finish(req, read.got)
}

// frameInput is what the frames of a read are built from.
func frameInput(req Request, got collected) frames.Input {
	return frames.Input{
		Query: req.Query, Events: got.events, Counts: got.counts, FromMs: got.coveredFromMs, ToMs: req.To.UnixMilli(),
		IntervalMs: req.Interval.Milliseconds(), RangeMs: plan.RangeMs(req.From, req.To), Truncated: got.truncated,
	}
}
