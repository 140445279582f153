package engine_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/internal/conformance"
)

// Inputs larger than these are skipped: a Viewer's query JSON is bounded by the request size, and
// the fuzzer should spend its time on shapes, not on size.
const (
	maxFuzzSettings = 4 << 10
	maxFuzzQuery    = 16 << 10
	maxFuzzPage     = 64 << 10
)

// FuzzQuery drives settings JSON + query JSON → validate → plan → one Graph page → frames, the
// way QueryData does. Nothing may panic, hang or leak the secret; the seed corpus is in
// testdata/fuzz/FuzzQuery. Longer run: see pkg/README.md.
func FuzzQuery(f *testing.F) {
	f.Add([]byte(`{"tenantId":"contoso.onmicrosoft.com","clientId":"c"}`), []byte(`{"refId":"A"}`),
		[]byte(`{"value":[{"id":"1","activityDateTime":"2026-11-20T11:30:00Z","activityDisplayName":"Add user"}]}`),
		int64(3_600_000), int64(60_000))
	f.Fuzz(func(t *testing.T, settings, query, page []byte, lengthMs, intervalMs int64) {
		if len(settings) > maxFuzzSettings || len(query) > maxFuzzQuery || len(page) > maxFuzzPage {
			t.Skip()
		}
		now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
		c := conformance.Case{Settings: settings, Now: now, Query: query, IntervalMs: intervalMs, MaxDataPoints: 1000}
		// The range ends now and spans at most 400 days either way (a reversed range must be refused).
		c.Range.To = now
		c.Range.From = now.Add(-time.Duration(lengthMs%(400*86_400_000)) * time.Millisecond)
		body := string(page)
		c.Responses = []conformance.Answer{{Status: 200, BodyText: &body}}
		out := conformance.Run(c)
		if out.Error == nil && out.Frames == nil {
			t.Fatal("no error and no frames")
		}
		if out.Error != nil && out.Error.Code == "internal" {
			t.Errorf("an error the engines do not name: %s", out.Error.Message)
		}
		encoded, err := json.Marshal(out)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(encoded), conformance.Secret) || strings.Contains(string(encoded), conformance.AccessToken) {
			t.Fatal("the client secret or the access token reached the result")
		}
	})
}
