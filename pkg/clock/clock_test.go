package clock_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
)

func TestManualClockJumpsAndRecordsSleeps(t *testing.T) {
	start := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	c := clock.NewManual(start)
	_ = c.Sleep(context.Background(), 2128*time.Millisecond)
	c.Advance(time.Second)
	_ = c.Sleep(context.Background(), 0)
	if !c.Now().Equal(start.Add(3128*time.Millisecond)) || !reflect.DeepEqual(c.Sleeps(), []time.Duration{2128 * time.Millisecond, 0}) {
		t.Errorf("now %s sleeps %v", c.Now(), c.Sleeps())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) || !c.Now().Equal(start.Add(3128*time.Millisecond)) {
		t.Errorf("a cancelled sleep must not move time: %v", err)
	}
}
