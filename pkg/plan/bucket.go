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
const MaxBuckets = 11_000

var bucketPattern = regexp.MustCompile(`^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$`)

var bucketUnitMs = map[string]float64{"ms": 1, "s": 1e3, "m": 6e4, "h": 36e5, "d": 864e5, "w": 6048e5}

// BucketWidthMs reads `30s`, `5m`, `1.5h`, `1d`…; `auto` or empty follows the panel's interval
// (at least a second, a minute when the panel gave none). Mirrors parseBucket in TypeScript.
func BucketWidthMs(bucket string, interval time.Duration) (int64, error) {
	text := strings.TrimSpace(bucket)
	if text == "" || text == "auto" {
		ms := interval.Milliseconds()
		if ms == 0 {
			ms = 60_000
		}
		return max(1000, ms), nil
	}
	m := bucketPattern.FindStringSubmatch(text)
	if m == nil {
		return 0, fmt.Errorf("%w: %q; use e.g. 30s, 5m, 1h or 1d, or auto", ErrBadBucket, text)
	}
	n, _ := strconv.ParseFloat(m[1], 64)
	ms := n * bucketUnitMs[m[2]]
	if ms < 1000 || math.IsInf(ms, 0) {
		return 0, fmt.Errorf("%w: %q; use e.g. 30s, 5m, 1h or 1d, or auto", ErrBadBucket, text)
	}
	return int64(math.Round(ms)), nil
}

// FitBucket widens the bucket to a whole multiple when the range would need too many.
func FitBucket(fromMs, toMs, widthMs int64) int64 {
	count := floorDiv(toMs, widthMs) - floorDiv(fromMs, widthMs) + 1
	if count <= MaxBuckets {
		return widthMs
	}
	return widthMs * ((count + MaxBuckets - 1) / MaxBuckets)
}

// BucketStarts lists the bucket starts from the one holding from to the one holding to, aligned to
// multiples of the width since the Unix epoch, so an event exactly at `to` counts; none when from > to.
func BucketStarts(fromMs, toMs, widthMs int64) []int64 {
	if fromMs > toMs {
		return nil
	}
	var starts []int64
	for t := BucketOf(fromMs, widthMs); t <= toMs; t += widthMs {
		starts = append(starts, t)
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
