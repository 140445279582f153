package graph_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/graph"
)

// hookedClock runs a hook before each sleep, so a test can look at the pacer while a walk waits.
type hookedClock struct {
	*clock.Manual
	beforeSleep func(time.Duration)
}

func (c hookedClock) Sleep(ctx context.Context, d time.Duration) error {
	c.beforeSleep(d)
	return c.Manual.Sleep(ctx, d)
}

func throttled(n int, retryAfter string) []answer {
	answers := make([]answer, n)
	for i := range answers {
		answers[i] = answer{429, retryAfter, `{"error":{"code":"TooManyRequests"}}`}
	}
	return answers
}

// Finding 12: through Grafana no 429 shows Retry-After; the first retry came after 0.5 to 1 s.
func TestAHeaderless429WaitsAsLongAsTheGraphSDKAndPausesEveryone(t *testing.T) {
	s := newScripted(append(throttled(1, ""), answer{200, "", okPage})...)
	defer s.Close()
	manual := clock.NewManual(time.Unix(0, 0))
	var client *graph.Client
	var pausedWhileWaiting []time.Duration
	clk := hookedClock{Manual: manual, beforeSleep: func(time.Duration) {
		pausedWhileWaiting = append(pausedWhileWaiting, client.Pacer.PausedFor())
	}}
	client = clientFor(t, s, clk, unpaced)
	client.Random = func() float64 { return 0 }
	if _, _, err := walk(client); err != nil {
		t.Fatal(err)
	}
	if sleeps := manual.Sleeps(); len(sleeps) != 1 || sleeps[0] < graph.ThrottleFirstWait || graph.ThrottleFirstWait < 3*time.Second {
		t.Errorf("first retry after %v; Microsoft's SDK waits at least 3 s", sleeps)
	}
	if !reflect.DeepEqual(pausedWhileWaiting, []time.Duration{graph.ThrottleFirstWait}) {
		t.Errorf("while the walk waited, the data source was paused for %v, want %v", pausedWhileWaiting, graph.ThrottleFirstWait)
	}
}

// Finding 13: when someone else spends the budget, the walk slows down instead of failing.
func TestPersistent429sAreWaitedOutWithGrowingWaits(t *testing.T) {
	s := newScripted(append(throttled(9, ""), answer{200, "", okPage})...)
	defer s.Close()
	clk := clock.NewManual(time.Unix(0, 0))
	client := clientFor(t, s, clk, unpaced)
	client.Random = func() float64 { return 0 }
	n, res, err := walk(client)
	if err != nil || n != 1 || res.Requests != 10 {
		t.Fatalf("n %d requests %d err %v", n, res.Requests, err)
	}
	want := []time.Duration{3, 6, 12, 24, 48, 60, 60, 60, 60}
	for i := range want {
		want[i] *= time.Second
	}
	if !reflect.DeepEqual(clk.Sleeps(), want) {
		t.Errorf("waits %v, want %v", clk.Sleeps(), want)
	}
}

func TestARetryAfterThatDidNotHelpIsFollowedByLongerWaits(t *testing.T) {
	s := newScripted(append(throttled(3, "1"), answer{200, "", okPage})...)
	defer s.Close()
	clk := clock.NewManual(time.Unix(0, 0))
	client := clientFor(t, s, clk, unpaced)
	client.Random = func() float64 { return 0 }
	if _, _, err := walk(client); err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{time.Second, 3 * time.Second, 6 * time.Second}; !reflect.DeepEqual(clk.Sleeps(), want) {
		t.Errorf("waits %v, want %v", clk.Sleeps(), want)
	}
}

func TestThrottlingFailsOnlyAtTheGiveUpBound(t *testing.T) {
	s := newScripted(throttled(100, "")...)
	defer s.Close()
	start := time.Unix(0, 0)
	clk := clock.NewManual(start)
	client := clientFor(t, s, clk, unpaced)
	client.ThrottleGiveUp = 10 * time.Minute
	_, res, err := walk(client)
	if !errors.Is(err, graph.ErrThrottled) || !strings.Contains(err.Error(), "gives up after 10 minutes") || !strings.Contains(err.Error(), "throttleGiveUpMinutes") {
		t.Fatalf("err %v", err)
	}
	if waited := clk.Now().Sub(start); waited > 10*time.Minute || waited < 8*time.Minute || res.Requests >= 20 {
		t.Errorf("gave up after %v and %d requests", waited, res.Requests)
	}
}

func TestAPacerHoldsAPlaceUntilAWindowAfterTheAnswer(t *testing.T) {
	start := time.Unix(0, 0)
	clk := clock.NewManual(start)
	p := &graph.Pacer{Clock: clk, Requests: 1, Window: 10 * time.Second}
	first, err := p.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	granted := make(chan time.Duration)
	go func() {
		slot, err := p.Acquire(context.Background())
		if err != nil {
			t.Error(err)
		}
		granted <- clk.Now().Sub(start)
		slot.Done(0)
	}()
	select {
	case at := <-granted:
		t.Fatalf("a second request went out at %v while the first was still in flight", at)
	case <-time.After(20 * time.Millisecond):
	}
	clk.Advance(7 * time.Second) // the first answer takes 7 s
	first.Done(0)
	if at := <-granted; at != 17*time.Second {
		t.Errorf("the second request went out at %v, want 10 s after the first answer (17 s)", at)
	}
}

func TestA429PausesEveryRequestOfThePacer(t *testing.T) {
	start := time.Unix(0, 0)
	clk := clock.NewManual(start)
	p := &graph.Pacer{Clock: clk, Requests: 5, Window: 10 * time.Second}
	slot, _ := p.Acquire(context.Background())
	slot.Done(4 * time.Second)
	if _, err := p.Acquire(context.Background()); err != nil || clk.Now().Sub(start) != 4*time.Second {
		t.Errorf("after a 429 asking 4 s, the next request went out at %v (%v)", clk.Now().Sub(start), err)
	}
}

func TestACancelledWaitForAPlaceReturns(t *testing.T) {
	p := &graph.Pacer{Clock: clock.NewManual(time.Unix(0, 0)), Requests: 1, Window: 10 * time.Second}
	if _, err := p.Acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Acquire(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v", err)
	}
}
