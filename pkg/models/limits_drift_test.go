package models_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/auditlens/entraid/pkg/models"
)

// The named limits are defined once per language: src/core/model/limits.ts and limits.go. Both
// engines must refuse (or fold) at the same number, so the numbers are read from the TypeScript
// file and compared here; a limit added to one file and not the other fails too.
func TestLimitsMatchTypeScript(t *testing.T) {
	source := readTS(t, "limits.ts")
	goLimits := map[string]int64{
		"MIN_BUCKET_MS":            models.MinBucketMs,
		"MAX_BUCKETS":              models.MaxBuckets,
		"MAX_NAMED_GROUPS":         models.MaxNamedGroups,
		"MAX_SERIES":               models.MaxSeries,
		"MAX_VALUES_PER_RESPONSE":  models.MaxValuesPerResponse,
		"MAX_QUERY_JSON_BYTES":     models.MaxQueryJSONBytes,
		"MAX_EVENTS_PER_QUERY":     models.MaxEventsPerQuery,
		"MAX_UNKNOWN_NAME_NOTICES": models.MaxUnknownNameNotices,
		"MAX_SUGGESTED_NAMES":      models.MaxSuggestedNames,
	}
	tsLimits := map[string]int64{}
	for _, m := range regexp.MustCompile(`export const (\w+) = ([\d_]+);`).FindAllStringSubmatch(source, -1) {
		n, err := strconv.ParseInt(strings.ReplaceAll(m[2], "_", ""), 10, 64)
		if err != nil {
			t.Fatalf("%s: %v", m[1], err)
		}
		tsLimits[m[1]] = n
	}
	for name, want := range goLimits {
		if got, ok := tsLimits[name]; !ok || got != want {
			t.Errorf("%s: TypeScript has %d (found: %v), Go has %d", name, got, ok, want)
		}
	}
	for name := range tsLimits {
		if _, ok := goLimits[name]; !ok {
			t.Errorf("%s is a limit in limits.ts with no Go twin in limits.go", name)
		}
	}
	if !strings.Contains(source, `BUCKET_LIMIT_NAME = '`+models.BucketLimitName+`'`) {
		t.Errorf("BUCKET_LIMIT_NAME differs from %q", models.BucketLimitName)
	}
}

func TestFormatCountGroupsThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 262_144: "262,144", 2_000_000: "2,000,000", -1234: "-1,234"} {
		if got := models.FormatCount(n); got != want {
			t.Errorf("FormatCount(%d) = %q, want %q", n, got, want)
		}
	}
}
