package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
)

// NewEmulatorClock reads now and the time scale from the emulator's GET /_emulator/now.
func NewEmulatorClock(ctx context.Context, client *http.Client, baseURL string) (*clock.Scaled, error) {
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
	emuAt, err := time.Parse(time.RFC3339Nano, answer.Now)
	if err != nil || answer.TimeScale <= 0 {
		return nil, fmt.Errorf("--emulator-clock: /_emulator/now gave now %q and timeScale %v; want an RFC 3339 instant and a positive scale", answer.Now, answer.TimeScale)
	}
	return clock.NewScaled(emuAt, answer.TimeScale), nil
}
