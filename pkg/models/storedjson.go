package models

import (
	"bytes"
	"encoding/json"
	"math"
)

// Stored queries and settings are read with the exact key casing the model defines, as the
// TypeScript engine reads them. encoding/json also matches "Filters" or "RAWFILTER", so an alert
// rule could carry a filter the editor never shows (issue 14, finding 6); here a mis-cased key is
// ignored, exactly as TypeScript ignores it. Values are read as JSON kinds, not Go types, so both
// engines refuse the same values: 1e3 is the whole number 1000, 1.5 is not whole, null is absent.

// jsonObject is one JSON object by exact key.
type jsonObject map[string]json.RawMessage

// readObject reads a JSON object; null reads as an empty object, anything else is not one.
func readObject(raw []byte) (jsonObject, error) {
	var obj jsonObject
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, err
	}
	return obj, nil
}

func isNull(raw json.RawMessage) bool {
	trimmed := bytes.TrimSpace(raw)
	return len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null"))
}

// readText reads a string; null reads as "".
func readText(raw json.RawMessage) (string, bool) {
	if isNull(raw) {
		return "", true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

// readNumber reads a finite JSON number.
func readNumber(raw json.RawMessage) (float64, bool) {
	var n float64
	if err := json.Unmarshal(raw, &n); err != nil || math.IsInf(n, 0) || math.IsNaN(n) {
		return 0, false
	}
	return n, true
}

// readWhole reads a whole number within [lowest, highest] (Number.isInteger in TypeScript).
func readWhole(raw json.RawMessage, lowest, highest int) (int, bool) {
	n, ok := readNumber(raw)
	if !ok || n != math.Trunc(n) || n < float64(lowest) || n > float64(highest) {
		return 0, false
	}
	return int(n), true
}

// readTextList reads a list of strings; null reads as nil, a null item is not text.
func readTextList(raw json.RawMessage) ([]string, bool) {
	if isNull(raw) {
		return nil, true
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, false
	}
	list := make([]string, len(items))
	for i, item := range items {
		if isNull(item) {
			return nil, false
		}
		s, ok := readText(item)
		if !ok {
			return nil, false
		}
		list[i] = s
	}
	return list, true
}

// shortJSON quotes a stored value in an error without letting a huge one flood the message.
func shortJSON(raw json.RawMessage) string {
	const most = 40
	text := string(bytes.TrimSpace(raw))
	if len(text) > most {
		return text[:most] + "…"
	}
	return text
}
