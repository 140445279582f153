package models

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"

	"github.com/auditlens/entraid/conformance/tables"
)

// The error advice table (conformance/tables/errors.json), read here and by
// src/core/errors/errorTable.ts: what each answer from Microsoft means, and what Grafana answers
// for each error code.

// CodeEntry is what Grafana answers for an error code: the HTTP status and who caused it.
type CodeEntry struct {
	Status int `json:"status"`
	// Source is "downstream" (the user or Microsoft) or "plugin" (a bug).
	Source string `json:"source"`
}

// Answer is what a rule is matched against: one HTTP answer and the parts of its error body.
type Answer struct {
	Status  int
	Code    string
	Message string
	Legacy  bool
}

// AnswerRule gives the answers it matches a code, a message and, for Save & test, a fix.
type AnswerRule struct {
	When    []condition `json:"when"`
	Code    string      `json:"code"`
	Message string      `json:"message"`
	Fix     string      `json:"fix"`
}

type condition struct {
	Status          []int    `json:"status"`
	StatusFrom      *int     `json:"statusFrom"`
	StatusBelow     *int     `json:"statusBelow"`
	Legacy          *bool    `json:"legacy"`
	GraphCodes      []string `json:"graphCodes"`
	MessageContains []string `json:"messageContains"`
}

type errorTable struct {
	Codes        map[string]CodeEntry `json:"codes"`
	Texts        map[string]string    `json:"texts"`
	GraphAnswers []AnswerRule         `json:"graphAnswers"`
	TokenAnswers tokenAnswers         `json:"tokenAnswers"`
}

var table = mustReadErrorTable(tables.Errors)

func mustReadErrorTable(raw []byte) errorTable {
	var t errorTable
	if err := json.Unmarshal(raw, &t); err != nil {
		panic("conformance/tables/errors.json is not the error table: " + err.Error())
	}
	return t
}

// CodeEntryOf is the status and source Grafana answers for code; an unknown code is a plugin bug.
func CodeEntryOf(code string) CodeEntry {
	if e, ok := table.Codes[code]; ok {
		return e
	}
	return table.Codes[CodeInternal]
}

// ErrorCodes are the codes the table knows, CodeInternal included.
func ErrorCodes() []string {
	var codes []string
	for c := range table.Codes {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes
}

// GraphAnswerRule is the rule for a Microsoft Graph error answer in a query.
func GraphAnswerRule(a Answer) AnswerRule { return matchAnswer(table.GraphAnswers, a) }

// matchAnswer is the first rule with a condition that holds; every list ends with one that always does.
func matchAnswer(rules []AnswerRule, a Answer) AnswerRule {
	for _, r := range rules {
		if slices.ContainsFunc(r.When, func(c condition) bool { return c.holds(a) }) {
			return r
		}
	}
	panic("conformance/tables/errors.json: a rule list has no catch-all rule")
}

func (c condition) holds(a Answer) bool {
	message := strings.ToLower(a.Message)
	return (c.Status == nil || slices.Contains(c.Status, a.Status)) &&
		(c.StatusFrom == nil || a.Status >= *c.StatusFrom) &&
		(c.StatusBelow == nil || a.Status < *c.StatusBelow) &&
		(c.Legacy == nil || *c.Legacy == a.Legacy) &&
		(c.GraphCodes == nil || slices.Contains(c.GraphCodes, a.Code)) &&
		(c.MessageContains == nil || slices.ContainsFunc(c.MessageContains, func(part string) bool {
			return strings.Contains(message, strings.ToLower(part))
		}))
}

var placeholder = regexp.MustCompile(`\{(\w+)\}`)

// RenderAdvice fills {name} from values, else from the table's texts (filled the same way). An
// inserted value is never read again, so text from Microsoft cannot name a placeholder.
func RenderAdvice(template string, values map[string]string) string {
	return placeholder.ReplaceAllStringFunc(template, func(whole string) string {
		name := whole[1 : len(whole)-1]
		if v, ok := values[name]; ok {
			return v
		}
		if text, ok := table.Texts[name]; ok {
			return RenderAdvice(text, values)
		}
		return whole
	})
}

// MicrosoftSaid is ` Microsoft said: "<code>: <message>".`, or "" when the body said nothing.
func MicrosoftSaid(code, message string) string {
	var parts []string
	for _, p := range []string{code, message} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return RenderAdvice("{microsoftSaid}", map[string]string{"detail": strings.Join(parts, ": ")})
}
