package graph_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
)

// At half of Microsoft's 5 per 10 s, background work gets 2.5 requests per 10 s on average and
// never holds more than 3 places, so dashboards always find 2 free.
func TestALaneKeepsBackgroundWorkToItsShare(t *testing.T) {
	start := time.Unix(0, 0)
	clk := clock.NewManual(start)
	p := &graph.Pacer{Clock: clk, Requests: 5, Window: 10 * time.Second}
	lane, err := graph.NewLane(p, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if lane.Places != 3 || lane.Hold != 12*time.Second {
		t.Fatalf("lane of %d places held %v, want 3 held 12 s", lane.Places, lane.Hold)
	}
	ctx := context.Background()
	var grantedAt []time.Duration
	for range 10 {
		slot, err := lane.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		grantedAt = append(grantedAt, clk.Now().Sub(start))
		if len(grantedAt) == 3 {
			// The lane is full: the dashboards' two places are still free now.
			for range 2 {
				fg, err := p.Acquire(ctx)
				if err != nil || clk.Now() != start {
					t.Fatalf("a dashboard request waited for background work (%v, at %v)", err, clk.Now().Sub(start))
				}
				fg.Done(0)
			}
		}
		slot.Done(0)
	}
	if last := grantedAt[9]; last != 36*time.Second {
		t.Errorf("the 10th background request went out at %v, want 36 s (3 per 12 s); all: %v", last, grantedAt)
	}
}

func TestALaneShareHasNamedBounds(t *testing.T) {
	p := &graph.Pacer{Clock: clock.NewManual(time.Unix(0, 0)), Requests: 5, Window: 10 * time.Second}
	for _, share := range []float64{0, graph.MinBudgetShare / 2, graph.MaxBudgetShare + 0.01, 1} {
		if _, err := graph.NewLane(p, share); err == nil {
			t.Errorf("share %v accepted", share)
		}
	}
	lane, err := graph.NewLane(p, graph.MaxBudgetShare)
	if err != nil || lane.Places != 4 || lane.Hold != 10*time.Second {
		t.Errorf("at the highest share the lane must leave one place: %+v %v", lane, err)
	}
}

// A client with a lane waits in the lane: its second request goes out a Hold after the first answer.
func TestAClientWithALaneIsPacedByIt(t *testing.T) {
	s := newScripted(answer{status: 200, body: okPage}, answer{status: 200, body: okPage})
	defer s.Close()
	start := time.Unix(0, 0)
	clk := clock.NewManual(start)
	c := clientFor(t, s, clk, models.RequestBudget{Requests: 2, PerSeconds: 10})
	lane, err := graph.NewLane(c.Pacer, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	c.Lane = lane
	for range 2 {
		if _, _, err := walk(c); err != nil {
			t.Fatal(err)
		}
	}
	if waited := clk.Now().Sub(start); waited != 10*time.Second {
		t.Errorf("two lane requests at 1 per 10 s took %v", waited)
	}
}

// WalkRecords hands each page's value elements exactly as sent, alongside the normalised events.
func TestWalkRecordsKeepsTheRawEvents(t *testing.T) {
	first := `{"id":"1",  "activityDateTime":"2026-11-20T10:00:00Z","extra":{"a":[1,2]}}`
	second := `{"id":"2","activityDateTime":"2026-11-20T09:00:00.1234567Z"}`
	s := newScripted(
		answer{status: 200, body: `{"value":[` + first + `],"@odata.nextLink":"NEXT"}`},
		answer{status: 200, body: `{"value":[ ` + second + ` ]}`},
	)
	defer s.Close()
	s.answers[0].body = `{"value":[` + first + `],"@odata.nextLink":"` + s.URL + `/v1.0/auditLogs/directoryAudits?$skiptoken=x"}`
	c := clientFor(t, s, clock.NewManual(time.Unix(0, 0)), models.RequestBudget{Requests: 100, PerSeconds: 1})
	var raws []string
	var ids []string
	_, err := c.WalkRecords(context.Background(), onePlan(), func(items []*models.AuditEvent, raw []json.RawMessage, _ bool) graph.Verdict {
		for i := range items {
			ids = append(ids, items[i].ID)
			raws = append(raws, string(raw[i]))
		}
		return graph.Continue
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(raws) != 2 || raws[0] != first || raws[1] != second || ids[0] != "1" || ids[1] != "2" {
		t.Errorf("raw %q ids %v", raws, ids)
	}
}
