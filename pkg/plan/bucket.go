package plan

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/auditlens/entraid/pkg/models"
)

// ErrBadBucket is a bucket width the plan cannot read.
var ErrBadBucket = models.ErrBadBucket

// MaxBuckets bounds a series; a wider bucket is chosen (with a notice) rather than stall a panel.
const MaxBuckets = models.MaxBuckets

var bucketPattern = regexp.MustCompile(`^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$`)

var bucketUnitMs = map[string]float64{"ms": 1, "s": 1e3, "m": 6e4, "h": 36e5, "d": 864e5, "w": 6048e5}

// BucketWidthMs reads `30s`, `5m`, `1.5h`, `1d`…: at least a second and at most rangeMs, the query's
// time range (the limit "bucket at most the range"), compared while the width is still a float, so
// no typed value can overflow int64. `auto` or empty follows the panel's interval (a minute when
// the panel gave none), clamped to the same bounds. Mirrors parseBucket in TypeScript.
func BucketWidthMs(bucket string, interval time.Duration, rangeMs int64) (int64, error) {
	widest := max(models.MinBucketMs, rangeMs)
	text := strings.TrimSpace(bucket)
	if text == "" || text == "auto" {
		ms := interval.Milliseconds()
		if ms == 0 {
			ms = 60_000
		}
		return min(widest, max(models.MinBucketMs, ms)), nil
	}
	m := bucketPattern.FindStringSubmatch(text)
	if m == nil {
		return 0, fmt.Errorf("%w: %q; use e.g. 30s, 5m, 1h or 1d, or auto", ErrBadBucket, text)
	}
	n, _ := strconv.ParseFloat(m[1], 64)
	ms := n * bucketUnitMs[m[2]]
	if ms < models.MinBucketMs {
		return 0, fmt.Errorf("%w: %q; use e.g. 30s, 5m, 1h or 1d, or auto", ErrBadBucket, text)
	}
	if ms > float64(widest) {
		return 0, models.BucketWiderThanRange(text, widest)
	}
	return int64(math.Round(ms)), nil
}

// BucketCount is how many buckets hold fromMs to toMs, both included (0 when from > to).
func BucketCount(fromMs, toMs, widthMs int64) int64 {
	if fromMs > toMs {
		return 0
	}
	return floorDiv(toMs, widthMs) - floorDiv(fromMs, widthMs) + 1
}

// FitBucket widens the bucket to a whole multiple when the range would need too many.
func FitBucket(fromMs, toMs, widthMs int64) int64 {
	count := BucketCount(fromMs, toMs, widthMs)
	if count <= MaxBuckets {
		return widthMs
	}
	return widthMs * ((count + MaxBuckets - 1) / MaxBuckets)
}

// BucketStarts lists the bucket starts from the one holding from to the one holding to, aligned to
// multiples of the width since the Unix epoch, so an event exactly at `to` counts; none when from > to.
// Counted first, so no start is ever computed past `to` (where adding the width could overflow).
func BucketStarts(fromMs, toMs, widthMs int64) []int64 {
	count := BucketCount(fromMs, toMs, widthMs)
	if count == 0 {
		return nil
	}
	first := BucketOf(fromMs, widthMs)
	starts := make([]int64, count)
	for i := range starts {
		starts[i] = first + int64(i)*widthMs
	}
	return starts
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
