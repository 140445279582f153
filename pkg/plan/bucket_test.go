package plan_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
)

func TestBucketWidth(t *testing.T) {
	tests := []struct {
		bucket   string
		interval time.Duration
		want     int64
		wantErr  bool
	}{
		{"auto", 20 * time.Minute, 1_200_000, false},
		{"", 0, 60_000, false},
		{"auto", 10 * time.Millisecond, 1000, false},
		{"30s", 0, 30_000, false},
		{"1.5h", 0, 5_400_000, false},
		{"1d", 0, 86_400_000, false},
		{"2w", 0, 1_209_600_000, false},
		{"1500ms", 0, 1500, false},
		{"500ms", 0, 0, true},
		{"5 minutes", 0, 0, true},
		{"-5m", 0, 0, true},
	}
	for _, tc := range tests {
		got, err := plan.BucketWidthMs(tc.bucket, tc.interval, 30*86_400_000)
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("%q: got %d, %v", tc.bucket, got, err)
		}
		if err != nil && !errors.Is(err, plan.ErrBadBucket) {
			t.Errorf("%q: not ErrBadBucket", tc.bucket)
		}
	}
}

func TestBucketStartsAlignToTheEpochAndHoldTo(t *testing.T) {
	got := plan.BucketStarts(1_000_500, 1_003_000, 1000)
	if !reflect.DeepEqual(got, []int64{1_000_000, 1_001_000, 1_002_000, 1_003_000}) {
		t.Errorf("got %v", got)
	}
	if plan.BucketStarts(5, 4, 1) != nil {
		t.Error("a reversed span has no buckets")
	}
	if plan.BucketOf(-1, 1000) != -1000 {
		t.Error("buckets before the epoch floor downwards")
	}
}

func TestFitBucketWidensToAWholeMultiple(t *testing.T) {
	day := int64(86_400_000)
	if w := plan.FitBucket(0, 30*day, 1000); w != 236_000 {
		t.Errorf("got %d", w)
	}
	if w := plan.FitBucket(0, day, 60_000); w != 60_000 {
		t.Errorf("got %d", w)
	}
}

func TestBucketWidthStaysWithinOneSecondAndTheRange(t *testing.T) {
	hour := int64(3_600_000)
	if w, err := plan.BucketWidthMs("1h", 0, hour); err != nil || w != hour {
		t.Errorf("a bucket equal to the range: %d, %v", w, err)
	}
	for _, bucket := range []string{"3601s", "300000w", "99999999999999999999w"} {
		if _, err := plan.BucketWidthMs(bucket, 0, hour); !errors.Is(err, models.ErrLimitExceeded) {
			t.Errorf("%s: got %v, want the limit %q", bucket, err, models.BucketLimitName)
		}
	}
	if w, _ := plan.BucketWidthMs("auto", 24*time.Hour, hour); w != hour {
		t.Errorf("auto is clamped to the range: got %d", w)
	}
	if w, _ := plan.BucketWidthMs("1s", 0, 0); w != 1000 {
		t.Errorf("a range under a second still allows one second: got %d", w)
	}
}

func TestBucketStartsNeverStepPastTheLastInt64(t *testing.T) {
	const last = int64(9_223_372_036_854_775_807)
	got := plan.BucketStarts(last-2500, last, 1000)
	if len(got) != 3 || got[2] > last || got[2] < got[1] {
		t.Errorf("got %v", got)
	}
}
