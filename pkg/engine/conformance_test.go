package engine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/engine"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
)

// vectorsDir is shared with the jest runner (conformance/conformance.test.ts).
const vectorsDir = "../../conformance/vectors"

// testSecret must never appear in anything a query returns.
const testSecret = "conformance-s3cret~value"

type vector struct {
	Name string `json:"name"`
	// Engines lists the engines a case applies to; absent means both.
	Engines       []string        `json:"engines"`
	Settings      json.RawMessage `json:"settings"`
	Now           time.Time       `json:"now"`
	Range         struct{ From, To time.Time }
	IntervalMs    int64            `json:"intervalMs"`
	MaxDataPoints int64            `json:"maxDataPoints"`
	Query         json.RawMessage  `json:"query"`
	Responses     []scriptedAnswer `json:"responses"`
	Expect        struct {
		Requests []canonicalRequest `json:"requests"`
		Frames   json.RawMessage    `json:"frames"`
		Error    *struct {
			Contains string `json:"contains"`
			// Code and Rule, when given, name the validation rule (conformance/validation).
			Code string `json:"code"`
			Rule string `json:"rule"`
		} `json:"error"`
		// Notices lists every notice in order; ExecutedQueryString is exact (conformance/README.md).
		Notices             []canonicalNotice `json:"notices"`
		ExecutedQueryString *string           `json:"executedQueryString"`
	} `json:"expect"`
}

func loadVectors(t *testing.T) map[string]vector {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(vectorsDir, "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no conformance vectors in %s: %v", vectorsDir, err)
	}
	vectors := make(map[string]vector, len(paths))
	for _, path := range paths {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var v vector
		dec := json.NewDecoder(bytes.NewReader(raw))
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		vectors[filepath.Base(path)] = v
	}
	return vectors
}

func TestConformanceVectors(t *testing.T) {
	vectors := loadVectors(t)
	if len(vectors) < 25 {
		t.Errorf("the issue asks for at least 25 conformance cases; found %d", len(vectors))
	}
	for file, v := range vectors {
		t.Run(file, func(t *testing.T) { runVector(t, v) })
	}
}

func runVector(t *testing.T, v vector) {
	if len(v.Engines) > 0 && !slices.Contains(v.Engines, "go") {
		t.Skipf("this case applies to %v only", v.Engines)
	}
	// Invalid settings are a result like any other (QueryData answers every query with them).
	jsonData, settingsErr := models.ParseJSONData(v.Settings)
	settings := models.Resolve(jsonData, testSecret)
	if settingsErr == nil {
		settingsErr = settings.Validate()
	}
	// The canonical path is relative to the API base: the Graph host, or the legacy host plus tenant.
	apiBase := settings.APIURL()
	if settings.API == models.APILegacy {
		apiBase += "/" + url.PathEscape(settings.TenantID)
	}
	base, _ := url.Parse(apiBase)
	login, _ := url.Parse(settings.LoginURL)
	fake := newScriptedGraph(base, login, v.Responses)
	clk := clock.NewManual(v.Now)
	client, err := graph.NewClient(settings, &http.Client{Transport: fake}, clk)
	if err != nil && settingsErr == nil {
		t.Fatal(err)
	}
	// Grafana sends a query as compact JSON, which is what the limit "query size" measures.
	var compactQuery bytes.Buffer
	if err := json.Compact(&compactQuery, v.Query); err != nil {
		t.Fatalf("query: %v", err)
	}
	query, queryErr := models.ParseQuery(compactQuery.Bytes())
	var res engine.Result
	switch {
	case settingsErr != nil:
		res.Err = settingsErr
	case queryErr != nil:
		res.Err = queryErr
	default:
		res = engine.Run(context.Background(), client, engine.Request{
			Query: query, Settings: settings, From: v.Range.From, To: v.Range.To,
			Interval: time.Duration(v.IntervalMs) * time.Millisecond,
		})
	}

	wantRequests := v.Expect.Requests
	if wantRequests == nil {
		wantRequests = []canonicalRequest{}
	}
	gotRequests := fake.Requests()
	if !reflect.DeepEqual(gotRequests, wantRequests) {
		t.Errorf("requests differ\n got: %s\nwant: %s", mustJSON(gotRequests), mustJSON(wantRequests))
	}
	if overrun := fake.Overrun(); len(overrun) > 0 {
		t.Errorf("requests beyond the scripted answers: %v", overrun)
	}

	if v.Expect.Error != nil {
		if res.Err == nil {
			t.Fatalf("expected an error containing %q, got frames %s", v.Expect.Error.Contains, frameJSON(t, res))
		}
		if !strings.Contains(res.Err.Error(), v.Expect.Error.Contains) {
			t.Errorf("error %q does not contain %q", res.Err.Error(), v.Expect.Error.Contains)
		}
		if v.Expect.Error.Rule != "" {
			if rule, ok := models.RuleOf(res.Err); !ok || rule.Code != v.Expect.Error.Code || rule.Rule != v.Expect.Error.Rule {
				t.Errorf("error %v breaks rule %+v, want %s/%s", res.Err, rule, v.Expect.Error.Code, v.Expect.Error.Rule)
			}
		}
	} else {
		if res.Err != nil {
			t.Fatalf("unexpected error: %v", res.Err)
		}
		var want, got any
		if err := json.Unmarshal(v.Expect.Frames, &want); err != nil {
			t.Fatalf("expect.frames: %v", err)
		}
		if err := json.Unmarshal([]byte(frameJSON(t, res)), &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("frames differ\n got: %s\nwant: %s", mustJSON(got), mustJSON(want))
		}
	}
	gotNotices := []canonicalNotice{}
	for _, n := range res.Notices {
		gotNotices = append(gotNotices, canonicalNotice{Severity: n.Severity, Text: n.Text})
	}
	if v.Expect.Notices == nil || !reflect.DeepEqual(gotNotices, v.Expect.Notices) {
		t.Errorf("notices differ\n got: %s\nwant: %s", mustJSON(gotNotices), mustJSON(v.Expect.Notices))
	}
	if v.Expect.ExecutedQueryString == nil {
		t.Errorf("the vector states no executedQueryString; this engine's is %q", res.ExecutedQueryString)
	} else if res.ExecutedQueryString != *v.Expect.ExecutedQueryString {
		t.Errorf("executed query string differs\n got: %q\nwant: %q", res.ExecutedQueryString, *v.Expect.ExecutedQueryString)
	}
	everything := frameJSON(t, res) + fmt.Sprint(res.Err) + fmt.Sprint(res.Notices) + res.ExecutedQueryString
	if strings.Contains(everything, testSecret) || strings.Contains(everything, "conformance-access-token") {
		t.Errorf("the client secret or the access token leaked into the result")
	}
}

// canonicalNotice is a notice as both engines show it.
type canonicalNotice struct {
	Severity string `json:"severity"`
	Text     string `json:"text"`
}

func frameJSON(t *testing.T, res engine.Result) string {
	t.Helper()
	frames, err := canonicalFrames(res.Frames)
	if err != nil {
		t.Fatal(err)
	}
	return mustJSON(frames)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
