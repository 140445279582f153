package walks_test

import (
	"strings"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/engine"
	"github.com/auditlens/entraid/pkg/models"
)

// lateEvents adds events of the last minutes, which Microsoft may still be adding to.
func lateEvents() []map[string]any {
	return append(threeHoursOfEvents(),
		auditEvent("8", "2026-11-20T11:57:00Z", "Core Directory", "Update user"),
		auditEvent("9", "2026-11-20T11:58:00Z", "Self-service Password Management", "Reset password"))
}

func TestAJustFinishedWalkAnswersItsRangeForTheReuseWindowThenOnlyItsTailIsWalked(t *testing.T) {
	r := newRig(t, newTenant(t, lateEvents()...), nil)
	from := now.Add(-3 * time.Hour)
	r.run(allEvents, from, now)
	again := r.run(allEvents, from, now)
	narrower := r.run(coreDir, from, now)
	if n := len(r.tenant.graphRequests()); n != 1 {
		t.Fatalf("Graph requests: %d, want 1: the same range and a narrower query within the reuse window cost none", n)
	}
	r.sameAsAlone(again, allEvents, from, now)
	r.sameAsAlone(narrower, coreDir, from, now)
	r.clock.Advance(walks30s + time.Second)
	later := r.clock.Now()
	refreshed := r.run(coreDir, from, later)
	wider := r.run(allEvents, from, later)
	filters := filtersOf(r.tenant.graphRequests())
	if len(filters) != 2 || strings.Contains(filters[1], "loggedByService") || !strings.Contains(filters[1], "ge 2026-11-20T11:55:00.000Z") {
		t.Fatalf("Graph requests: %v, want one more: the wider walk's tail from its settled part (11:55), which the wider panel's refresh shares", filters)
	}
	r.sameAsAlone(refreshed, coreDir, from, later)
	r.sameAsAlone(wider, allEvents, from, later)
}

const walks30s = 30 * time.Second

func TestViewersWhoseRangesEndMillisecondsApartShareOneWalkAndOneTail(t *testing.T) {
	r := newRig(t, newTenant(t, lateEvents()...), nil)
	panels := []models.AuditQuery{allEvents, coreDir, updates}
	ends := []time.Time{now.Add(-80 * time.Millisecond), now.Add(-40 * time.Millisecond), now}
	r.tenant.hold = true
	results := make([][]engine.Result, len(ends))
	done := make(chan struct{})
	for v, to := range ends {
		results[v] = make([]engine.Result, len(panels))
		for p, q := range panels {
			go func() {
				results[v][p] = r.run(q, to.Add(-3*time.Hour), to)
				done <- struct{}{}
			}()
			if v == 0 && p == 0 {
				<-r.tenant.arrived
			}
		}
	}
	for r.registry.Waiting() < len(ends)*len(panels) {
		runtimeYield()
	}
	// The walk ends a second after the last viewer asked: the tail reaches that now, not a viewer's end.
	r.clock.Advance(time.Second)
	close(r.tenant.release)
	for range len(ends) * len(panels) {
		<-done
	}
	filters := filtersOf(r.tenant.graphRequests())
	if len(filters) != 2 || strings.Contains(filters[1], "loggedByService") || !strings.Contains(filters[1], "le 2026-11-20T12:00:01.000Z") {
		t.Fatalf("Graph requests: %v, want the first viewer's unfiltered walk and one tail up to now for everyone", filters)
	}
	for v, to := range ends {
		for p, q := range panels {
			r.sameAsAlone(results[v][p], q, to.Add(-3*time.Hour), to)
		}
	}
}
