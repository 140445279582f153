package frames

import (
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

// TimeSeries is one timeseries-multi frame per group: buckets aligned to multiples of the width
// since the epoch, zero-filled, the group in the labels. A truncated walk covers only part of its
// oldest bucket, so the chart starts at the first whole one instead of showing an under-count.
func TimeSeries(in Input) (data.Frames, []models.Notice, error) {
	var notices []models.Notice
	requested, width, err := SeriesBucketMs(in)
	if err != nil {
		return nil, nil, err
	}
	if width != requested {
		notices = append(notices, models.Notice{Severity: models.SeverityInfo,
			Text: fmt.Sprintf("Buckets were widened to %s s so the range fits in at most 11,000 points.", trimFloat(float64(width)/1000))})
	}
	first := in.FromMs
	if in.Truncated && plan.BucketOf(in.FromMs, width) < in.FromMs {
		first = plan.BucketOf(in.FromMs, width) + width
	}
	starts := plan.BucketStarts(first, in.ToMs, width)
	var inSeries []Count
	if len(starts) > 0 {
		for _, c := range countsOf(in, width, starts[0], in.ToMs) {
			if c.BucketStartMs >= starts[0] {
				inSeries = append(inSeries, c)
			}
		}
		if in.Truncated && first != in.FromMs {
			notices = append(notices, models.Notice{Severity: models.SeverityInfo,
				Text: fmt.Sprintf("The chart starts at %s, the first bucket the fetched events cover completely.", plan.FormatTime(time.UnixMilli(starts[0])))})
		}
	}
	gp, folded, err := limitedGroups(groupTotals(inSeries), in.Query, int64(len(starts)))
	if err != nil {
		return nil, nil, err
	}
	notices = append(notices, folded...)
	if len(gp.groups) == 0 {
		return data.Frames{emptyFrame(in.Query.RefID, data.FrameTypeTimeSeriesMulti, data.FrameTypeVersion{0, 1})}, notices, nil
	}
	series := make(map[string][]float64, len(gp.groups))
	for _, g := range gp.groups {
		series[g] = make([]float64, len(starts))
	}
	for _, c := range inSeries {
		series[gp.assign(c.Group)][(c.BucketStartMs-starts[0])/width] += float64(c.Events)
	}
	times := make([]time.Time, len(starts))
	for i, s := range starts {
		times[i] = time.UnixMilli(s).UTC()
	}
	frames := make(data.Frames, 0, len(gp.groups))
	for _, g := range gp.groups {
		name := groupDisplayName(in.Query, g)
		value := data.NewField("Value", groupLabels(in.Query, g), series[g])
		value.Config = &data.FieldConfig{DisplayNameFromDS: name}
		f := data.NewFrame(name, data.NewField("Time", nil, append([]time.Time(nil), times...)), value)
		f.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
		frames = append(frames, f)
	}
	return frames, notices, nil
}

// limitedGroups plans the series to chart within "series per response" and "values per response"
// (series × points): past them the smallest fold into "other", with a notice; checked before any
// series is allocated.
func limitedGroups(counts map[string]int, q models.AuditQuery, points int64) (*groupPlan, []models.Notice, error) {
	maxSeries := min(models.MaxSeries, models.MaxValuesPerResponse/max(1, points))
	gp := planGroups(counts, namedGroupKeys(q, counts), q.TopN, int(maxSeries))
	if series := int64(len(gp.groups)); series*points > models.MaxValuesPerResponse {
		return nil, nil, models.TooManyValues(series, points)
	}
	if gp.capped {
		return gp, []models.Notice{models.SeriesFolded(len(gp.groups) - 1)}, nil
	}
	return gp, nil, nil
}

// AlertNumbers is one numeric-multi frame per group holding one number, explicit zeros for the
// named groups, so each group is one alert instance and a quiet group is 0, not NoData.
func AlertNumbers(in Input) (data.Frames, []models.Notice) {
	counts := groupTotals(allCounts(in))
	gp := planGroups(counts, namedGroupKeys(in.Query, counts), in.Query.TopN, models.MaxSeries)
	var notices []models.Notice
	if gp.capped {
		notices = append(notices, models.SeriesFolded(len(gp.groups)-1))
	}
	if len(gp.groups) == 0 {
		return data.Frames{emptyFrame(in.Query.RefID, data.FrameTypeNumericMulti, data.FrameTypeVersion{0, 1})}, notices
	}
	totals := make(map[string]float64, len(gp.groups))
	for g, n := range counts {
		totals[gp.assign(g)] += float64(n)
	}
	frames := make(data.Frames, 0, len(gp.groups))
	for _, g := range gp.groups {
		name := groupDisplayName(in.Query, g)
		value := data.NewField("Value", groupLabels(in.Query, g), []float64{totals[g]})
		value.Config = &data.FieldConfig{DisplayNameFromDS: name}
		f := data.NewFrame(name, value)
		f.Meta = &data.FrameMeta{Type: data.FrameTypeNumericMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
		frames = append(frames, f)
	}
	return frames, notices
}

// Summary is one table row per group: count, failures, first and last seen (empty for a named
// group without events).
func Summary(in Input) data.Frames {
	counted := allCounts(in)
	totals := groupTotals(counted)
	gp := planGroups(totals, namedGroupKeys(in.Query, totals), in.Query.TopN, 0)
	index := make(map[string]int, len(gp.groups))
	for i, g := range gp.groups {
		index[g] = i
	}
	n := len(gp.groups)
	counts, failures := make([]float64, n), make([]float64, n)
	first, last := make([]*time.Time, n), make([]*time.Time, n)
	for _, c := range counted {
		row := index[gp.assign(c.Group)]
		counts[row] += float64(c.Events)
		failures[row] += float64(c.Failures)
		if t := time.UnixMilli(c.FirstMs).UTC(); first[row] == nil || t.Before(*first[row]) {
			first[row] = &t
		}
		if t := time.UnixMilli(c.LastMs).UTC(); last[row] == nil || t.After(*last[row]) {
			last[row] = &t
		}
	}
	f := data.NewFrame("Summary", append(summaryGroupFields(in.Query, gp.groups),
		data.NewField("Count", nil, counts),
		data.NewField("Failures", nil, failures),
		data.NewField("First seen", nil, first),
		data.NewField("Last seen", nil, last),
	)...)
	f.Meta = &data.FrameMeta{Type: data.FrameTypeTable, TypeVersion: data.FrameTypeVersion{0, 0}, PreferredVisualization: data.VisTypeTable}
	return data.Frames{f}
}

// summaryGroupFields is the group column, or (with a second group-by) one column per group key.
func summaryGroupFields(q models.AuditQuery, groups []string) []*data.Field {
	titles := []models.GroupBy{q.GroupBy}
	if q.SecondGroupBy != "" {
		titles = append(titles, q.SecondGroupBy)
	}
	fields := make([]*data.Field, len(titles))
	for i, by := range titles {
		values := make([]string, len(groups))
		for j, g := range groups {
			values[j] = groupColumns(q, g)[i]
		}
		fields[i] = data.NewField(GroupTitles[by], nil, values)
	}
	return fields
}

func trimFloat(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.3f", v), "0"), ".")
}
