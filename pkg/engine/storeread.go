package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/frames"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
	"github.com/auditlens/entraid/pkg/store"
)

// ErrNotFromStore: the store cannot answer this query (an expert's raw $filter clause is
// evaluated by Microsoft Graph only); the caller walks Graph instead.
var ErrNotFromStore = errors.New("this query cannot be answered from the audit store")

// StoreRead is the Source that reads the audit store instead of walking Graph: no request to
// Microsoft, the same plan, limit, truncation and frames. Time series, summaries and alert
// numbers are counted in SQL when every filter row can be (all but the event id); the other
// formats decode the stored raw events through the walk's own normaliser.
type StoreRead struct {
	Store store.Store
	// Clock tells how old the last successful sync is.
	Clock clock.Clock
	// StaleAfter: an alert evaluation fails when the last successful sync is older than this
	// (DefaultStaleAfter when 0). Keep it above the sync interval.
	StaleAfter time.Duration
}

// DefaultStaleAfter is how old the last successful sync may be before alert evaluations fail:
// five missed syncs at the default interval of a minute.
const DefaultStaleAfter = 5 * time.Minute

// RunFromStore executes one query from the data source's audit store.
func RunFromStore(ctx context.Context, st store.Store, clk clock.Clock, req Request) Result {
	return RunFrom(ctx, StoreRead{Store: st, Clock: clk}, req)
}

func (s StoreRead) plan(req Request) (*plan.Plan, error) {
	return plan.Build(plan.Input{Query: req.Query, Settings: req.Settings, From: req.From, To: req.To, Now: s.Clock.Now(), FromStore: true})
}

func (s StoreRead) describe(p *plan.Plan, req Request) string {
	text := fmt.Sprintf("Answered from the audit store, no request to Microsoft Graph: events from %s to %s", plan.FormatTime(p.From), plan.FormatTime(p.To))
	if rows := activeRows(req.Query.Filters); len(rows) > 0 {
		text += " where " + plan.DescribeRows(rows)
	}
	return text + "."
}

func (s StoreRead) read(ctx context.Context, p *plan.Plan, req Request, col *collector) readResult {
	if raw := models.TrimText(req.Query.RawFilter); raw != "" {
		return readResult{err: fmt.Errorf("%w: its raw $filter clause is evaluated by Microsoft Graph only, so it is walked there", ErrNotFromStore)}
	}
	span := store.Span{FromMs: p.From.UnixMilli(), ToMs: p.To.UnixMilli()}
	cov, err := s.Store.Coverage(ctx, span)
	if err != nil {
		return readResult{err: err}
	}
	out := readResult{described: []string{describeCoverage(cov, span)}}
	if evaluatesAlert(req) {
		out.err = s.checkAlertCanCount(ctx, cov, span)
	} else if !cov.Complete() {
		out.notices = append(out.notices, coverageNotice(cov))
	}
	if out.err != nil {
		return out
	}
	if counted(req) {
		got, line, err := s.count(ctx, p, req)
		if !errors.Is(err, store.ErrNotPushable) {
			out.got, out.err = got, err
			out.described = append(out.described, line)
			return out
		}
	}
	out.got, out.err = s.decode(ctx, p, req, col)
	out.described = append(out.described, fmt.Sprintf("Read newest first from the stored events, at most %d (Events per query).", req.Settings.MaxEvents))
	return out
}

// evaluatesAlert: an alert evaluation, or alert numbers, must never under-count.
func evaluatesAlert(req Request) bool {
	return req.TruncationIsError || req.Query.Format == models.FormatAlertNumbers
}

// counted formats need counts per bucket and group, not the events themselves; a second group-by
// is counted in Go from the events (the store counts one grouping).
func counted(req Request) bool {
	if req.Query.SecondGroupBy != "" {
		return false
	}
	switch req.Query.Format {
	case models.FormatTimeSeries, models.FormatSummary, models.FormatAlertNumbers:
		return true
	}
	return false
}

// decode reads the events matching the rows a walk would send Graph, newest first, one past
// the limit, and hands them to the collector, which applies the plugin-side rows, the limit and
// truncation exactly as on a walk.
func (s StoreRead) decode(ctx context.Context, p *plan.Plan, req Request, col *collector) (collected, error) {
	res, err := s.Store.Events(ctx, store.EventQuery{FromMs: p.From.UnixMilli(), ToMs: p.To.UnixMilli(), Filters: p.Pushed, Limit: req.Settings.MaxEvents + 1})
	if err != nil {
		return collected{}, err
	}
	items := make([]*models.AuditEvent, len(res.Events))
	for i := range res.Events {
		items[i] = &res.Events[i]
	}
	col.add(items, false)
	return col.result(false), nil
}

// count counts in SQL. Where a walk would stop is found first, from the times alone: the limit
// counts the events matching the rows Graph evaluates (plan.Pushed), as a walk fetches them.
func (s StoreRead) count(ctx context.Context, p *plan.Plan, req Request) (collected, string, error) {
	fromMs, toMs := p.From.UnixMilli(), p.To.UnixMilli()
	cut, err := s.Store.NewestTimes(ctx, store.EventQuery{FromMs: fromMs, ToMs: toMs, Filters: p.Pushed, Limit: 2}, req.Settings.MaxEvents-1)
	if err != nil {
		return collected{}, "", err
	}
	got := collected{coveredFromMs: fromMs, counts: []frames.Count{}}
	if len(cut) == 2 {
		got.truncated = true
		got.coveredFromMs = truncatedFrom(fromMs, cut[0], &cut[1])
	}
	got.readActivity = s.readActivity(ctx, p, got.coveredFromMs)
	q := store.CountQuery{FromMs: got.coveredFromMs, ToMs: toMs, Filters: req.Query.Filters, GroupBy: req.Query.GroupBy}
	if req.Query.Format == models.FormatTimeSeries {
		if _, q.BucketMs, err = frames.SeriesBucketMs(frameInput(req, got)); err != nil {
			return collected{}, "", err
		}
	}
	rows, err := s.Store.Counts(ctx, q)
	if err != nil {
		return collected{}, "", err
	}
	for _, r := range rows {
		group := r.Group
		if group == "" {
			group = frames.NoGroup
		}
		got.counts = append(got.counts, frames.Count{BucketStartMs: r.BucketStartMs, Group: group, Events: r.Count,
			Failures: r.Failures, FirstMs: r.FirstMs, LastMs: r.LastMs})
	}
	return got, describeCount(q, req.Settings.MaxEvents), nil
}

func describeCount(q store.CountQuery, maxEvents int) string {
	by := "in one group"
	if q.GroupBy != "" {
		by = "by " + string(q.GroupBy)
	}
	if q.BucketMs > 0 {
		by += fmt.Sprintf(" per %d ms", q.BucketMs)
	}
	return fmt.Sprintf("Counted in the store %s, within %d events (Events per query).", by, maxEvents)
}

// activeRows drops the rows that filter nothing (no values, or Grafana's "All").
func activeRows(rows []models.FilterCondition) []models.FilterCondition {
	var out []models.FilterCondition
	for _, row := range rows {
		all := len(row.Values) == 0
		for _, v := range row.Values {
			all = all || v == models.AllValues
		}
		if !all {
			out = append(out, row)
		}
	}
	return out
}

// readActivity tells whether an event a walk would have read (the rows Graph evaluates, in the
// covered span) carries an activity name, by match key, as the walk's collector notes it.
func (s StoreRead) readActivity(ctx context.Context, p *plan.Plan, fromMs int64) func(string) bool {
	return func(name string) bool {
		rows := append(append([]models.FilterCondition(nil), p.Pushed...),
			models.FilterCondition{Field: models.FieldActivity, Operator: models.OperatorEq, Values: []string{name}})
		res, err := s.Store.Events(ctx, store.EventQuery{FromMs: fromMs, ToMs: p.To.UnixMilli(), Filters: rows, Limit: 1})
		return err == nil && len(res.Events) > 0
	}
}
