package plan

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/auditlens/entraid/conformance/tables"
)

// textMatch is conformance/tables/text-match.json, the table src/core/filter/matchKey.ts reads.
type textMatch struct {
	Dashes     struct{ CodePoints []string } `json:"dashes"`
	Whitespace struct{ CodePoints []string } `json:"whitespace"`
}

var matchDashes, matchSpaces = loadTextMatch()

func loadTextMatch() (map[rune]bool, map[rune]bool) {
	var t textMatch
	if err := json.Unmarshal(tables.TextMatch, &t); err != nil {
		panic("conformance/tables/text-match.json is not the text-match table: " + err.Error())
	}
	return codePointSet(t.Dashes.CodePoints), codePointSet(t.Whitespace.CodePoints)
}

// codePointSet reads entries such as "U+2013 EN DASH".
func codePointSet(entries []string) map[rune]bool {
	set := make(map[rune]bool, len(entries))
	for _, entry := range entries {
		hex, _, _ := strings.Cut(strings.TrimPrefix(entry, "U+"), " ")
		cp, err := strconv.ParseUint(hex, 16, 32)
		if err != nil {
			panic("conformance/tables/text-match.json: " + entry + " is not a code point")
		}
		set[rune(cp)] = true
	}
	return set
}

// IsDash reports whether r is one of the dashes matching treats as one (text-match.json).
func IsDash(r rune) bool { return matchDashes[r] }

// IsMatchSpace reports whether r is white space that surrounds a value (text-match.json).
func IsMatchSpace(r rune) bool { return matchSpaces[r] }

// MatchKey is what plugin-side matching compares (matchKey in src/core/filter/matchKey.ts): the
// text without the white space around it, every dash as a hyphen-minus, letter case folded.
// Microsoft logs "Update application – Certificates and secrets management " (en dash, trailing
// space); a person types a hyphen, no space, and often lower case.
func MatchKey(s string) string {
	if plainASCII(s) {
		return strings.ToLower(s)
	}
	trimmed := strings.TrimFunc(s, IsMatchSpace)
	return strings.ToLower(strings.Map(func(r rune) rune {
		if matchDashes[r] {
			return '-'
		}
		return r
	}, trimmed))
}

// plainASCII: ASCII with no white space at either end, whose key is its lower case (the ASCII
// dash is already '-'); most values are, and skip the trim and the dash map.
func plainASCII(s string) bool {
	if s == "" || s[0] <= ' ' || s[len(s)-1] <= ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
