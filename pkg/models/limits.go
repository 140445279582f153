package models

import (
	"errors"
	"strconv"
)

// The named limits: how much one query, one response and the settings may ask for. Any Viewer can
// post any query JSON to the backend, so each is checked before anything is allocated or requested,
// and its error names the limit, its number and the change that helps. This is the one Go
// definition; src/core/model/limits.ts is the TypeScript one (drift_test.go holds them equal).
const (
	// MinBucketMs is the narrowest bucket a time series may have.
	MinBucketMs = 1000
	// MaxBuckets bounds a series' points; more widen the bucket to a whole multiple, with a notice.
	MaxBuckets = 11_000
	// MaxNamedGroups bounds the groups a query names (each is zero-filled, so each costs a series).
	MaxNamedGroups = 500
	// MaxSeries bounds the series (alert instances) of a response; the smallest others become "other".
	MaxSeries = 1000
	// MaxValuesPerResponse bounds series × points of a time series, checked before allocating them.
	MaxValuesPerResponse = 2_000_000
	// MaxQueryJSONBytes bounds one query's raw JSON, measured before it is decoded.
	MaxQueryJSONBytes = 262_144
	// MaxEventsPerQuery is the highest "Events per query" setting and so the most rows in one frame.
	MaxEventsPerQuery = 1_000_000
	// MaxUnknownNameNotices: activity names a 0-row answer says are unknown (one notice each).
	MaxUnknownNameNotices = 3
	// MaxSuggestedNames: catalogue names one such notice suggests.
	MaxSuggestedNames = 3
)

// BucketLimitName names the rule that a typed bucket is at most the query's time range.
const BucketLimitName = "bucket at most the range"

// ErrLimitExceeded is what every limit error wraps (limitExceeded in TypeScript).
var ErrLimitExceeded = errors.New("a named limit was exceeded")

// LimitError carries the message both engines share, word for word, and unwraps to ErrLimitExceeded.
type LimitError struct{ Message string }

func (e *LimitError) Error() string { return e.Message }

// Unwrap lets errors.Is(err, ErrLimitExceeded) find every limit.
func (e *LimitError) Unwrap() error { return ErrLimitExceeded }

// FormatCount writes 2000000 as "2,000,000", as both engines write a limit's number.
func FormatCount(n int64) string {
	digits := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, digits = "-", digits[1:]
	}
	out := make([]byte, 0, len(digits)+len(digits)/3)
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, digits[i])
	}
	return sign + string(out)
}
