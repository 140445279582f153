package frames

import (
	"errors"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// ErrTruncatedAlert: an alert number from a truncated walk would be an under-count.
var ErrTruncatedAlert = errors.New("the events limit stopped the walk, so an alert number would under-count")

// Input is everything a frame builder needs; nothing here does I/O.
type Input struct {
	Query  models.AuditQuery
	Events []models.AuditEvent
	// FromMs and ToMs bound what the frames cover (both inclusive); FromMs is the truncation
	// edge when the walk stopped early.
	FromMs    int64
	ToMs      int64
	BucketMs  int64
	Truncated bool
	Notices   []models.Notice
	// ExecutedQueryString is the first request's URL, shown in the query inspector.
	ExecutedQueryString string
}

// Build dispatches to the builder for the query's format and stamps meta on every frame.
func Build(in Input) (data.Frames, error) {
	var frames data.Frames
	var err error
	switch in.Query.Format {
	case models.FormatTimeSeries:
		frames, err = TimeSeries(in)
	case models.FormatAlertNumbers:
		if in.Truncated {
			return nil, fmt.Errorf("%w; raise Events per query in the data source settings or narrow the range or filters", ErrTruncatedAlert)
		}
		frames = AlertNumbers(in)
	case models.FormatSummary:
		frames = Summary(in)
	case models.FormatEvents:
		frames = EventsTable(in)
	case models.FormatLogs:
		frames = Logs(in)
	default:
		return nil, fmt.Errorf("%w: %q", models.ErrUnknownFormat, in.Query.Format)
	}
	if err != nil {
		return nil, err
	}
	for _, f := range frames {
		if f.Meta == nil {
			f.Meta = &data.FrameMeta{}
		}
		f.Meta.ExecutedQueryString = in.ExecutedQueryString
		for _, n := range in.Notices {
			f.Meta.Notices = append(f.Meta.Notices, data.Notice{Severity: severity(n.Severity), Text: n.Text})
		}
	}
	return frames, nil
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

// TimeSeries is one timeseries-multi frame per group: buckets aligned to multiples of the width
// since the epoch, zero-filled, the group in the labels.
func TimeSeries(in Input) (data.Frames, error) {
	starts, err := plan.BucketStarts(in.FromMs, in.ToMs, in.BucketMs)
	if err != nil {
		return nil, err
	}
	groups := groupEvents(in.Events, in.Query, true)
	if len(groups) == 0 {
		return data.Frames{emptyFrame(data.FrameTypeTimeSeriesMulti, data.FrameTypeVersion{0, 1})}, nil
	}
	times := make([]time.Time, len(starts))
	for i, s := range starts {
		times[i] = time.UnixMilli(s).UTC()
	}
	first := starts[0]
	frames := make(data.Frames, 0, len(groups))
	for _, g := range groups {
		counts := make([]float64, len(starts))
		for _, t := range g.times {
			counts[(plan.BucketOf(t, in.BucketMs)-first)/in.BucketMs]++
		}
		value := data.NewField("Value", data.Labels{string(in.Query.GroupBy): g.name}, counts)
		value.Config = &data.FieldConfig{DisplayNameFromDS: g.name}
		f := data.NewFrame(g.name, data.NewField("Time", nil, append([]time.Time(nil), times...)), value)
		f.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
		frames = append(frames, f)
	}
	return frames, nil
}

// AlertNumbers is one numeric-multi frame per group holding one number, explicit zeros for the
// named groups, so each group is one alert instance and a quiet group is 0, not NoData.
func AlertNumbers(in Input) data.Frames {
	groups := groupEvents(in.Events, in.Query, true)
	if len(groups) == 0 {
		return data.Frames{emptyFrame(data.FrameTypeNumericMulti, data.FrameTypeVersion{0, 1})}
	}
	frames := make(data.Frames, 0, len(groups))
	for _, g := range groups {
		value := data.NewField("Value", data.Labels{string(in.Query.GroupBy): g.name}, []float64{float64(g.count)})
		value.Config = &data.FieldConfig{DisplayNameFromDS: g.name}
		f := data.NewFrame(g.name, value)
		f.Meta = &data.FrameMeta{Type: data.FrameTypeNumericMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
		frames = append(frames, f)
	}
	return frames
}

// Summary is one table row per group: count, failures, first and last seen.
func Summary(in Input) data.Frames {
	groups := groupEvents(in.Events, in.Query, false)
	names := make([]string, len(groups))
	counts := make([]float64, len(groups))
	failures := make([]float64, len(groups))
	first := make([]time.Time, len(groups))
	last := make([]time.Time, len(groups))
	for i, g := range groups {
		names[i], counts[i], failures[i] = g.name, float64(g.count), float64(g.failures)
		first[i], last[i] = time.UnixMilli(g.firstMs).UTC(), time.UnixMilli(g.lastMs).UTC()
	}
	f := data.NewFrame("summary",
		data.NewField(GroupTitles[in.Query.GroupBy], nil, names),
		data.NewField("Count", nil, counts),
		data.NewField("Failures", nil, failures),
		data.NewField("First seen", nil, first),
		data.NewField("Last seen", nil, last),
	)
	f.Meta = &data.FrameMeta{PreferredVisualization: data.VisTypeTable}
	return data.Frames{f}
}

func emptyFrame(t data.FrameType, v data.FrameTypeVersion) *data.Frame {
	f := data.NewFrame("")
	f.Meta = &data.FrameMeta{Type: t, TypeVersion: v}
	return f
}
