package frames

import (
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/auditlens/entraid/pkg/models"
)

// Input is everything a frame builder needs; nothing here does I/O.
type Input struct {
	Query models.AuditQuery
	// Events are de-duplicated, filtered and newest first.
	Events []models.AuditEvent
	// Counts, when not nil, stand for Events in the counting formats (time series, alert
	// numbers, summary): counted by the audit store, bucketed by SeriesBucketMs for a series.
	Counts []Count
	// FromMs and ToMs bound what the frames cover (both inclusive); FromMs is the truncation
	// edge when the walk stopped early.
	FromMs     int64
	ToMs       int64
	IntervalMs int64
	// RangeMs is the query's whole time range, which bounds the bucket; ToMs - FromMs when 0.
	RangeMs   int64
	Truncated bool
}

// rangeMs is the query's whole time range: RangeMs, or the span the frames cover when unset.
func (in Input) rangeMs() int64 {
	if in.RangeMs != 0 {
		return in.RangeMs
	}
	return in.ToMs - in.FromMs
}

// Build dispatches to the builder for the query's format; it returns the frames and the notices
// the builder adds (a widened bucket, a chart starting at its first whole bucket).
func Build(in Input) (data.Frames, []models.Notice, error) {
	switch in.Query.Format {
	case models.FormatTimeSeries:
		return TimeSeries(in)
	case models.FormatAlertNumbers:
		// A truncated walk never gets here: the engine refuses it first (pkg/engine finish).
		built, notices := AlertNumbers(in)
		return built, notices, nil
	case models.FormatSummary:
		return Summary(in), nil, nil
	case models.FormatEvents:
		return EventsTable(in), nil, nil
	case models.FormatLogs:
		return Logs(in), nil, nil
	}
	return nil, nil, fmt.Errorf("%w: %q", models.ErrUnknownFormat, in.Query.Format)
}

// Stamp puts the executed query string on every frame and the notices on the first, as the
// TypeScript engine does, so a panel shows each notice once.
func Stamp(frames data.Frames, executed string, notices []models.Notice) {
	for i, f := range frames {
		if f.Meta == nil {
			f.Meta = &data.FrameMeta{}
		}
		f.Meta.ExecutedQueryString = executed
		if i == 0 {
			for _, n := range notices {
				f.Meta.Notices = append(f.Meta.Notices, data.Notice{Severity: severity(n.Severity), Text: n.Text})
			}
		}
	}
}

func severity(s string) data.NoticeSeverity {
	switch s {
	case models.SeverityWarning:
		return data.NoticeSeverityWarning
	case "error":
		return data.NoticeSeverityError
	}
	return data.NoticeSeverityInfo
}

// emptyFrame is data-plane "no data": one typed frame without fields, named after the query.
func emptyFrame(name string, t data.FrameType, v data.FrameTypeVersion) *data.Frame {
	f := data.NewFrame(name)
	f.Meta = &data.FrameMeta{Type: t, TypeVersion: v}
	return f
}
