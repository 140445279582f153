package frames

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/auditlens/entraid/pkg/models"
)

// Mirrors "series and values per response" in src/core/engineLimits.test.ts.

func TestPlanGroupsFoldsPastTheSeriesLimitKeepingNamedGroups(t *testing.T) {
	counts := make(map[string]int, models.MaxSeries+5)
	for i := range models.MaxSeries + 5 {
		counts[fmt.Sprintf("g%04d", i)] = 10
	}
	p := planGroups(counts, []string{"named"}, 0, models.MaxSeries)
	if !p.capped || len(p.groups) != models.MaxSeries || p.groups[len(p.groups)-1] != models.GroupOther {
		t.Fatalf("capped %v, %d groups, last %q", p.capped, len(p.groups), p.groups[len(p.groups)-1])
	}
	if p.assign("named") != "named" || p.assign("g1004") != models.GroupOther {
		t.Errorf("named → %s, g1004 → %s", p.assign("named"), p.assign("g1004"))
	}
}

func TestTimeSeriesKeepsSeriesTimesPointsWithinTheValuesLimit(t *testing.T) {
	const from, to = 1_795_168_800_000, 1_795_172_400_000 // one hour: 3,601 one-second points
	events := make([]models.AuditEvent, 600)
	for i := range events {
		events[i] = models.AuditEvent{ID: fmt.Sprint(i), TimeMs: from + 1_800_000, Activity: fmt.Sprintf("a%d", i)}
	}
	built, notices, err := TimeSeries(Input{Query: models.AuditQuery{RefID: "A", GroupBy: models.GroupByActivity, Bucket: "1s"},
		Events: events, FromMs: from, ToMs: to, IntervalMs: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(built) != models.MaxValuesPerResponse/3601 || built[len(built)-1].Name != models.GroupOther {
		t.Errorf("%d frames, last %q", len(built), built[len(built)-1].Name)
	}
	if len(notices) != 1 || !strings.Contains(notices[0].Text, "Only 554 series are shown") {
		t.Errorf("notices %v", notices)
	}
}

func TestTimeSeriesRefusesABucketWiderThanItsRange(t *testing.T) {
	_, _, err := TimeSeries(Input{Query: models.AuditQuery{RefID: "A", GroupBy: models.GroupByActivity, Bucket: "99999999999999999999w"},
		FromMs: 0, ToMs: 3_600_000})
	if !errors.Is(err, models.ErrLimitExceeded) {
		t.Errorf("got %v", err)
	}
}
