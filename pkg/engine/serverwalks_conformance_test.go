package engine_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/auditlens/entraid/pkg/engine"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/internal/conformance"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/walks"
)

// Server mode walks Graph through the process registry (pkg/walks: shared walks, the cache of
// finished walks). Every conformance vector must give the same outcome through it as through the
// client alone: requests, frames or error, notices and the executed query string.
func TestConformanceVectorsThroughServerModeWalks(t *testing.T) {
	for file, v := range loadVectors(t) {
		if len(v.Engines) > 0 && !slices.Contains(v.Engines, "go") {
			continue
		}
		t.Run(file, func(t *testing.T) {
			c := conformance.Case{Settings: v.Settings, Now: v.Now, IntervalMs: v.IntervalMs, MaxDataPoints: v.MaxDataPoints,
				Query: v.Query, Responses: v.Responses}
			c.Range.From, c.Range.To = v.Range.From, v.Range.To
			alone := conformance.Run(c)
			registry := walks.NewRegistry(walks.DefaultLimits)
			served := conformance.RunThrough(c, func(s models.Settings, client *graph.Client) (engine.Walker, error) {
				return registry.Source(walks.Key{OrgID: 1, UID: "conformance", Settings: walks.SettingsKey(s)}, s,
					func() (*graph.Client, error) { return client, nil })
			})
			if !reflect.DeepEqual(alone, served) {
				a, _ := json.Marshal(alone)
				b, _ := json.Marshal(served)
				t.Errorf("through pkg/walks the outcome differs:\n alone: %s\nserver: %s", a, b)
			}
		})
	}
}
