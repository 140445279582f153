package clock

import (
	"context"
	"time"
)

// Scaled is a clock that runs from an instant at scale times real speed: the tenant emulator's
// fast clock seen from another process, so Microsoft's 10-second windows are paced on the same
// time the emulator counts them on.
type Scaled struct {
	realAt time.Time
	at     time.Time
	scale  float64
}

// NewScaled starts a clock reading at now, advancing scale emulated ms per real ms.
func NewScaled(at time.Time, scale float64) *Scaled {
	return &Scaled{realAt: time.Now(), at: at, scale: scale}
}

// Now is at plus the real time since, times the scale.
func (c *Scaled) Now() time.Time {
	return c.at.Add(time.Duration(float64(time.Since(c.realAt)) * c.scale))
}

// Sleep waits d of scaled time (d / scale of real time), or until ctx ends.
func (c *Scaled) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(time.Duration(float64(d) / c.scale))
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
