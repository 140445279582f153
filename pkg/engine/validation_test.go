package engine_test

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/engine"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
)

// validationDir holds the validation vectors, shared with conformance/validation.test.ts.
const validationDir = "../../conformance/validation"

type validationFile struct {
	Base  map[string]json.RawMessage `json:"base"`
	Cases []validationCase           `json:"cases"`
}

type validationCase struct {
	Name    string   `json:"name"`
	Engines []string `json:"engines"`
	// Settings are merged over the file's base; SettingsText and QueryText are raw JSON text (Go only).
	Settings     map[string]json.RawMessage `json:"settings"`
	SettingsText *string                    `json:"settingsText"`
	Query        json.RawMessage            `json:"query"`
	QueryText    *string                    `json:"queryText"`
	Expect       struct {
		Valid  bool    `json:"valid"`
		Filter *string `json:"filter"`
		Code   string  `json:"code"`
		Rule   string  `json:"rule"`
	} `json:"expect"`
}

func TestValidationVectors(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(validationDir, "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no validation vectors in %s: %v", validationDir, err)
	}
	for _, path := range paths {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var file validationFile
		if err := json.Unmarshal(raw, &file); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, c := range file.Cases {
			t.Run(filepath.Base(path)+": "+c.Name, func(t *testing.T) { runValidationCase(t, file.Base, c) })
		}
	}
}

func runValidationCase(t *testing.T, base map[string]json.RawMessage, c validationCase) {
	if len(c.Engines) > 0 && !slices.Contains(c.Engines, "go") {
		t.Skipf("this case applies to %v only", c.Engines)
	}
	settingsJSON, queryJSON := validationInput(t, base, c)
	err, filters := validateThroughEngine(t, settingsJSON, queryJSON)
	if c.Expect.Valid {
		if err != nil {
			t.Fatalf("expected the case to be accepted, got %v", err)
		}
		if c.Expect.Filter != nil && (len(filters) == 0 || filters[0] != *c.Expect.Filter) {
			t.Errorf("first $filter\n got: %q\nwant: %q", filters, *c.Expect.Filter)
		}
		return
	}
	rule, ok := models.RuleOf(err)
	if !ok {
		t.Fatalf("expected %s/%s, got an error with no rule: %v", c.Expect.Code, c.Expect.Rule, err)
	}
	if rule.Code != c.Expect.Code || rule.Rule != c.Expect.Rule {
		t.Errorf("got %s/%s (%v), want %s/%s", rule.Code, rule.Rule, err, c.Expect.Code, c.Expect.Rule)
	}
}

func validationInput(t *testing.T, base map[string]json.RawMessage, c validationCase) (settings, query []byte) {
	t.Helper()
	if c.SettingsText != nil {
		settings = []byte(*c.SettingsText)
	} else {
		merged := maps.Clone(base)
		if merged == nil {
			merged = map[string]json.RawMessage{"cloud": json.RawMessage(`"azure"`),
				"tenantId": json.RawMessage(`"contoso.onmicrosoft.com"`), "clientId": json.RawMessage(`"11111111-2222-3333-4444-555555555555"`)}
		}
		maps.Copy(merged, c.Settings)
		settings = []byte(mustJSON(merged))
	}
	switch {
	case c.QueryText != nil:
		query = []byte(*c.QueryText)
	case len(c.Query) > 0:
		query = c.Query
	default:
		query = []byte(`{"refId":"A"}`)
	}
	return settings, query
}

// validateThroughEngine goes the way QueryData goes: settings, then the query, then the engine
// against empty pages. It returns the first error and the $filter of every request.
func validateThroughEngine(t *testing.T, settingsJSON, queryJSON []byte) (firstErr error, filters []string) {
	t.Helper()
	data, err := models.ParseJSONData(settingsJSON)
	if err != nil {
		return err, nil
	}
	settings := models.Resolve(data, testSecret)
	if err := settings.Validate(); err != nil {
		return err, nil
	}
	base, _ := url.Parse(settings.APIURL())
	login, _ := url.Parse(settings.LoginURL)
	empty := func() []scriptedAnswer {
		answers := make([]scriptedAnswer, 4)
		for i := range answers {
			answers[i] = scriptedAnswer{Status: 200, Body: json.RawMessage(`{"value":[]}`)}
		}
		return answers
	}()
	fake := newScriptedGraph(base, login, empty)
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	client, err := graph.NewClient(settings, &http.Client{Transport: fake}, clock.NewManual(now))
	if err != nil {
		return err, nil
	}
	query, err := models.ParseQuery(queryJSON)
	if err != nil {
		return err, nil
	}
	res := engine.Run(context.Background(), client, engine.Request{
		Query: query, Settings: settings, From: now.Add(-2 * time.Hour), To: now.Add(-time.Hour), Interval: time.Minute,
	})
	for _, r := range fake.Requests() {
		filters = append(filters, r.Query["$filter"])
	}
	return res.Err, filters
}
