package graph_test

import (
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/graph"
)

// The plugin's metrics read the process's requests and 429s, apart for queries and the store's
// sync: a walk throttled twice counts three requests and two 429s for its kind of work only.
func TestRequestsAndThrottlesAreCountedByKindOfWork(t *testing.T) {
	for _, work := range []graph.Work{graph.WorkQueries, graph.WorkStore} {
		t.Run(work.String(), func(t *testing.T) {
			s := newScripted(append(throttled(2, "1"), answer{200, "", okPage})...)
			defer s.Close()
			client := clientFor(t, s, clock.NewManual(time.Unix(0, 0)), unpaced)
			if work == graph.WorkStore {
				lane, err := graph.NewLane(client.Pacer, 0.5)
				if err != nil {
					t.Fatal(err)
				}
				client.Lane = lane
			}
			other := graph.WorkQueries + graph.WorkStore - work
			before, otherBefore := graph.ProcessCounts(work), graph.ProcessCounts(other)
			if _, _, err := walk(client); err != nil {
				t.Fatal(err)
			}
			after := graph.ProcessCounts(work)
			if got := (graph.Counts{Requests: after.Requests - before.Requests, Throttled: after.Throttled - before.Throttled}); got != (graph.Counts{Requests: 3, Throttled: 2}) {
				t.Errorf("%s counted %+v, want 3 requests and 2 throttled", work, got)
			}
			if graph.ProcessCounts(other) != otherBefore {
				t.Errorf("a %s walk was counted as %s", work, other)
			}
		})
	}
}
