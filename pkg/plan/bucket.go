package plan

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// ErrBadBucket is a bucket width the plan cannot read.
var ErrBadBucket = errors.New("the bucket width is not valid")

// MaxBuckets bounds a time series so a 1s bucket over 30 days cannot exhaust memory.
const MaxBuckets = 50_000

var bucketPattern = regexp.MustCompile(`^(\d+)(ms|s|m|h|d|w)$`)

var bucketUnits = map[string]time.Duration{
	"ms": time.Millisecond, "s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour,
}

// BucketWidth reads `5m`, `1h`, `1d`…; `auto` or empty follows the panel's interval.
func BucketWidth(bucket string, interval time.Duration) (time.Duration, error) {
	if bucket == "" || bucket == "auto" {
		if interval <= 0 {
			return time.Minute, nil
		}
		return interval, nil
	}
	m := bucketPattern.FindStringSubmatch(bucket)
	if m == nil {
		return 0, fmt.Errorf("%w: %q; write a number and a unit, e.g. 30s, 5m, 1h, 1d, or auto", ErrBadBucket, bucket)
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%w: %q; the number must be positive", ErrBadBucket, bucket)
	}
	return time.Duration(n) * bucketUnits[m[2]], nil
}

// BucketStarts lists the bucket starts covering [from, to], aligned to multiples of width since
// the Unix epoch; the bucket holding `to` is the last one, so an event exactly at `to` counts.
func BucketStarts(fromMs, toMs, widthMs int64) ([]int64, error) {
	first, last := floorDiv(fromMs, widthMs)*widthMs, floorDiv(toMs, widthMs)*widthMs
	n := (last-first)/widthMs + 1
	if n > MaxBuckets {
		return nil, fmt.Errorf("%w: %d buckets is more than %d; choose a wider bucket or a shorter range", ErrBadBucket, n, MaxBuckets)
	}
	starts := make([]int64, 0, n)
	for t := first; t <= last; t += widthMs {
		starts = append(starts, t)
	}
	return starts, nil
}

// BucketOf returns the start of the bucket holding t.
func BucketOf(tMs, widthMs int64) int64 { return floorDiv(tMs, widthMs) * widthMs }

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
