package frames

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/auditlens/entraid/pkg/models"
)

// Mirrors src/core/frames/groupKeys.test.ts.

var testPairs = [][2]string{{"a", "b"}, {"a\x00", "b"}, {"a", "\x00b"}, {"a\x00\x00b", ""}, {"", "x"}, {"ab", "a"}, {"a", "bb"}}

func TestPairKeysAreDistinctAndReadBack(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range testPairs {
		key := pairKey(p[0], p[1])
		seen[key] = true
		if first, second, ok := splitKey(key); !ok || first != p[0] || second != p[1] {
			t.Errorf("%q → %q → (%q, %q, %v)", p, key, first, second, ok)
		}
	}
	if len(seen) != len(testPairs) {
		t.Errorf("%d keys for %d pairs", len(seen), len(testPairs))
	}
	if first, _, ok := splitKey(models.GroupOther); ok || first != models.GroupOther {
		t.Errorf("other reads as a pair")
	}
}

func TestPairKeysSortAsThePairs(t *testing.T) {
	byPair, byKey := slices.Clone(testPairs), slices.Clone(testPairs)
	slices.SortFunc(byPair, func(x, y [2]string) int {
		if c := strings.Compare(x[0], y[0]); c != 0 {
			return c
		}
		return strings.Compare(x[1], y[1])
	})
	slices.SortFunc(byKey, func(x, y [2]string) int { return strings.Compare(pairKey(x[0], x[1]), pairKey(y[0], y[1])) })
	if !slices.Equal(byPair, byKey) {
		t.Errorf("by pair %q, by key %q", byPair, byKey)
	}
}

func TestSecondGroupByFoldsPairsPastTheSeriesLimit(t *testing.T) {
	events := make([]models.AuditEvent, 1200)
	for i := range events {
		events[i] = models.AuditEvent{ID: fmt.Sprint(i), TimeMs: 1_795_170_600_000, Activity: fmt.Sprintf("a%d", i%2), InitiatedBy: fmt.Sprintf("user%d", i)}
	}
	q := models.AuditQuery{RefID: "A", Format: models.FormatAlertNumbers, GroupBy: models.GroupByActivity, SecondGroupBy: models.GroupByInitiatedBy}
	built, notices := AlertNumbers(Input{Query: q, Events: events, FromMs: 1_795_168_800_000, ToMs: 1_795_172_400_000})
	if len(built) != models.MaxSeries || len(notices) != 1 {
		t.Fatalf("%d frames, notices %v", len(built), notices)
	}
	last := built[len(built)-1].Fields[0]
	if last.Labels["activity"] != models.GroupOther || len(last.Labels) != 1 || last.At(0) != 201.0 {
		t.Errorf("last labels %v, value %v", last.Labels, last.At(0))
	}
}
