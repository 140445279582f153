package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// EmulatorClock is the tenant emulator's time seen from this process: the emulator's now when it
// was read, plus the real time since then times its scale; a sleep of d waits d / scale. The
// backend must pace Microsoft's 10-second windows on the same clock the emulator counts them on.
type EmulatorClock struct {
	realAt time.Time
	emuAt  time.Time
	scale  float64
}

// NewEmulatorClock reads now and the time scale from the emulator's GET /_emulator/now.
func NewEmulatorClock(ctx context.Context, client *http.Client, baseURL string) (*EmulatorClock, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(baseURL, "/")+"/_emulator/now", nil)
	if err != nil {
		return nil, fmt.Errorf("--emulator-clock %q: %w", baseURL, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("--emulator-clock: reading the emulator's now: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("--emulator-clock: GET /_emulator/now answered %s; start the emulator with --inspection", resp.Status)
	}
	var answer struct {
		Now       string  `json:"now"`
		TimeScale float64 `json:"timeScale"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		return nil, fmt.Errorf("--emulator-clock: /_emulator/now is not {now, timeScale}: %w", err)
	}
	realAt := time.Now()
	emuAt, err := time.Parse(time.RFC3339Nano, answer.Now)
	if err != nil || answer.TimeScale <= 0 {
		return nil, fmt.Errorf("--emulator-clock: /_emulator/now gave now %q and timeScale %v; want an RFC 3339 instant and a positive scale", answer.Now, answer.TimeScale)
	}
	return &EmulatorClock{realAt: realAt, emuAt: emuAt, scale: answer.TimeScale}, nil
}

// Now is the emulated instant.
func (c *EmulatorClock) Now() time.Time {
	return c.emuAt.Add(time.Duration(float64(time.Since(c.realAt)) * c.scale))
}

// Sleep waits d of emulated time, or until ctx ends.
func (c *EmulatorClock) Sleep(ctx context.Context, d time.Duration) error {
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
