package frames

import (
	"reflect"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/auditlens/entraid/pkg/models"
)

func TestPlanGroupsRanksFoldsAndKeepsNamedGroups(t *testing.T) {
	counts := map[string]int{"a": 5, "b": 3, "c": 3, "d": 1, "e": 1}
	tests := []struct {
		name   string
		named  []string
		topN   int
		want   []string
		folded map[string]string
	}{
		{"no top N keeps every group by count then name", nil, 0, []string{"a", "b", "c", "d", "e"}, map[string]string{"e": "e"}},
		{"top 2 folds the rest into other", nil, 2, []string{"a", "b", "other"}, map[string]string{"c": "other", "e": "other"}},
		{"a named group survives the fold in rank order", []string{"d", "zero"}, 2, []string{"a", "b", "d", "zero", "other"}, map[string]string{"d": "d", "c": "other"}},
		{"nothing to fold means no other", []string{"zero"}, 6, []string{"a", "b", "c", "d", "e", "zero"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := planGroups(counts, tc.named, tc.topN, 0)
			if !reflect.DeepEqual(p.groups, tc.want) {
				t.Errorf("groups %v, want %v", p.groups, tc.want)
			}
			for from, to := range tc.folded {
				if got := p.assign(from); got != to {
					t.Errorf("assign(%s) = %s, want %s", from, got, to)
				}
			}
		})
	}
}

func TestTimeSeriesCountsEveryEventOnce(t *testing.T) {
	events := []models.AuditEvent{{TimeMs: 3_600_000, Activity: "x"}, {TimeMs: 1_800_000, Activity: "y"}, {TimeMs: 0, Activity: "x"}}
	frames, _, err := TimeSeries(Input{Query: models.AuditQuery{RefID: "A", GroupBy: models.GroupByActivity, Bucket: "30m", TopN: 1},
		Events: events, FromMs: 0, ToMs: 3_600_000})
	if err != nil {
		t.Fatal(err)
	}
	total := 0.0
	for _, f := range frames {
		if f.Meta.Type != data.FrameTypeTimeSeriesMulti {
			t.Errorf("frame %s type %s", f.Name, f.Meta.Type)
		}
		for i := 0; i < f.Fields[1].Len(); i++ {
			v, _ := f.Fields[1].FloatAt(i)
			total += v
		}
	}
	if len(frames) != 2 || frames[1].Name != models.GroupOther || total != 3 {
		t.Errorf("%d frames, total %v", len(frames), total)
	}
}

func TestLogBodyAndTargets(t *testing.T) {
	ev := &models.AuditEvent{Activity: "Add member to role", Result: "failure", ResultReason: "Not allowed", InitiatedBy: "admin@x",
		Targets: []models.AuditTarget{{DisplayName: "Alice", Type: "User"}, {ID: "r-1"}}}
	if got := LogBody(ev); got != "Add member to role: failure, by admin@x, on Alice (User), r-1, reason: Not allowed" {
		t.Errorf("got %q", got)
	}
	ev.Result, ev.InitiatedBy, ev.Targets = "success", "", nil
	if got := LogBody(ev); got != "Add member to role: success" {
		t.Errorf("got %q", got)
	}
	if Severity("Timeout") != "warning" || Severity("unknownFutureValue") != "unknown" {
		t.Error("severity mapping")
	}
}
