package graph_test

import (
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
)

// The answers of conformance/tables/error-answers.json get the same code and the same message
// here as in src/core/errors/errorTable.test.ts: the advice is decided once, in errors.json.
func TestGraphAnswersFollowTheErrorTable(t *testing.T) {
	raw, err := os.ReadFile("../../conformance/tables/error-answers.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []struct {
			Name     string          `json:"name"`
			Status   int             `json:"status"`
			Body     json.RawMessage `json:"body"`
			BodyText string          `json:"bodyText"`
			Expect   struct {
				Code    string `json:"code"`
				Message string `json:"message"`
			} `json:"expect"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) < 15 {
		t.Fatalf("only %d cases read", len(file.Cases))
	}
	for _, tc := range file.Cases {
		body := []byte(tc.BodyText)
		if tc.Body != nil {
			body = tc.Body
		}
		var got error = graph.ParseGraphError(tc.Status, body)
		var graphErr *graph.GraphError
		if !errors.As(got, &graphErr) {
			t.Fatalf("%s: not a GraphError", tc.Name)
		}
		if code := models.CodeOf(got); code != tc.Expect.Code || got.Error() != tc.Expect.Message {
			t.Errorf("%s:\n got %s %q\nwant %s %q", tc.Name, code, got.Error(), tc.Expect.Code, tc.Expect.Message)
		}
	}
}

// A body that is not Graph's error shape is echoed as text, as in TypeScript, and never misread.
func TestGraphErrorBodiesReadAsTypeScriptReadsThem(t *testing.T) {
	for _, tc := range []struct {
		body          string
		code, message string
		legacy        bool
	}{
		{`{"error":{"code":"X","message":"m","innerError":{"requestId":"r"}}}`, "X", "m", false},
		{`{"odata.error":{"code":"Y","message":{"lang":"en","value":"v"},"requestId":"q"}}`, "Y", "v", true},
		{`{"message":"Plugin not found"}`, "", "Plugin not found", false},
		{`{"ERROR":{"code":"X"}}`, "", `{"ERROR":{"code":"X"}}`, false},
		{`{"error":{"code":7,"message":null}}`, "7", "", false},
		{"  \ufeffnot json \n", "", "not json", false},
		{`null`, "", "null", false},
	} {
		e := graph.ParseGraphError(400, []byte(tc.body))
		if e.Code != tc.code || e.Message != tc.message || e.Legacy != tc.legacy {
			t.Errorf("%s: got %q %q %v", tc.body, e.Code, e.Message, e.Legacy)
		}
	}
}
