package models

import (
	"encoding/json"
	"strings"
)

// PlainValue is a changed value as a person reads it. Microsoft JSON-encodes modified values: a
// scalar arrives quoted (`"\"Global Administrator\""`), a list as a JSON array of strings
// (`"[\"Sales\"]"`, `"[]"`). A quoted string reads as its text, an array of strings as its items
// joined with ", ", anything else exactly as sent: never an error, and the same as TypeScript's
// plainValue (src/core/normalize/changedValues.ts).
func PlainValue(value string) string {
	switch FirstNonBlank(value) {
	case '"':
		var text string
		if err := json.Unmarshal([]byte(value), &text); err == nil {
			return text
		}
	case '[':
		if items, ok := StringItems(value); ok {
			return strings.Join(items, ", ")
		}
	}
	return value
}

// FirstNonBlank is the first byte that is not JSON white space, or 0.
func FirstNonBlank(value string) byte {
	for i := 0; i < len(value); i++ {
		if !IsBlank(value[i]) {
			return value[i]
		}
	}
	return 0
}

// IsBlank is JSON's white space, the only blanks both engines trim alike.
func IsBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// StringItems reads a JSON array: its string items, and whether every item was a string.
func StringItems(value string) ([]string, bool) {
	var raw []json.RawMessage
	if FirstNonBlank(value) != '[' || json.Unmarshal([]byte(value), &raw) != nil {
		return nil, false
	}
	items, all := make([]string, 0, len(raw)), true
	for _, r := range raw {
		var text string
		if FirstNonBlank(string(r)) != '"' || json.Unmarshal(r, &text) != nil {
			all = false
			continue
		}
		items = append(items, text)
	}
	return items, all
}
