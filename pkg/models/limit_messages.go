package models

import (
	"fmt"
	"strconv"
)

// The words of every limit error and notice. src/core/errors/limitErrors.ts writes the same words,
// so a conformance vector can expect the same text from both engines.

// QueryTooLarge: the raw query JSON is over MaxQueryJSONBytes.
func QueryTooLarge(bytes int) error {
	return &LimitError{fmt.Sprintf("The query is %s bytes of JSON; the limit \"query size\" is %s bytes (256 KB). "+
		"Remove filter values or named groups, or split it into several queries.", FormatCount(int64(bytes)), FormatCount(MaxQueryJSONBytes))}
}

// TooManyNamedGroups: the query names more than MaxNamedGroups groups.
func TooManyNamedGroups(named int) error {
	return &LimitError{fmt.Sprintf("The query names %s groups; the limit \"named groups\" is %s. "+
		"Name fewer groups, or use Top N to keep the biggest and sum the rest as \"other\".", FormatCount(int64(named)), FormatCount(MaxNamedGroups))}
}

// BucketWiderThanRange: a typed bucket is wider than the query's time range.
func BucketWiderThanRange(bucket string, rangeMs int64) error {
	seconds := strconv.FormatFloat(float64(rangeMs)/1000, 'f', -1, 64)
	return &LimitError{"The bucket \"" + bucket + "\" is wider than the query's time range (" + seconds + " s); the limit \"" +
		BucketLimitName + "\" allows at most the range. Choose a narrower bucket, widen the time range, or use auto."}
}

// TooManyValues: series × points would be over MaxValuesPerResponse.
func TooManyValues(series, points int64) error {
	return &LimitError{fmt.Sprintf("The time series would hold %s values (%d series × %d points); "+
		"the limit \"values per response\" is %s. Use a wider bucket or a shorter range, or name fewer groups.",
		FormatCount(series*points), series, points, FormatCount(MaxValuesPerResponse))}
}

// MaxEventsTooHigh: the "Events per query" setting is over MaxEventsPerQuery. A setting refused,
// so it breaks the rule badMaxEvents (Save & test says so) with the limit's words.
func MaxEventsTooHigh(maxEvents int) error {
	return &ruleBreach{rule: ErrBadMaxEvents, text: fmt.Sprintf("\"Events per query\" is %s; the limit \"events per query\" is at most %s. "+
		"Lower Events per query in the data source settings.", FormatCount(int64(maxEvents)), FormatCount(MaxEventsPerQuery))}
}

// SeriesFolded is the notice when the series or values limit summed the smallest series as "other".
func SeriesFolded(kept int) Notice {
	return Notice{Severity: SeverityInfo, Text: fmt.Sprintf("Only %d series are shown (named groups first, then the biggest) and the rest are summed as \"other\": "+
		"a response holds at most %s series (limit \"series per response\") and %s values (limit \"values per response\"). "+
		"Use Top N or filters to choose, or a wider bucket.", kept, FormatCount(MaxSeries), FormatCount(MaxValuesPerResponse))}
}
