package frames

import (
	"strings"

	"github.com/auditlens/entraid/pkg/models"
)

// With a second group-by an event's group is the pair (first value, second value), held as one
// key so the one-grouping code (ranking, top N, the series limit) serves both: the first value
// with each NUL written as NUL 0x01, then two NULs, then the second. No two pairs share a key, and
// keys sort as the pairs do. src/core/frames/groupKeys.ts encodes the same.
const pairSeparator = "\x00\x00"

func pairKey(first, second string) string {
	return strings.ReplaceAll(first, "\x00", "\x00\x01") + pairSeparator + second
}

// splitKey is the pair of a key; a key that is no pair ("other") has no second (ok false).
func splitKey(key string) (first, second string, ok bool) {
	for i := 0; i < len(key); i++ {
		if key[i] != 0 {
			continue
		}
		if i+1 < len(key) && key[i+1] == 0 {
			return strings.ReplaceAll(key[:i], "\x00\x01", "\x00"), key[i+2:], true
		}
		i++
	}
	return key, "", false
}

// GroupKey is the group of an event: its group, or the pair of its two groups.
func GroupKey(ev *models.AuditEvent, q models.AuditQuery) string {
	first := GroupValue(ev, q.GroupBy)
	if q.SecondGroupBy == "" {
		return first
	}
	return pairKey(first, GroupValue(ev, q.SecondGroupBy))
}

// namedGroupKeys are the groups the query names, as keys. With a second group-by a name is a first
// value: one no counted pair has is reported as a zero with the first label only, so an alert
// rule still sees a 0; pairs that had events rank like any other (namedGroupKeys in TypeScript).
func namedGroupKeys(q models.AuditQuery, counts map[string]int) []string {
	if q.SecondGroupBy == "" {
		return q.Groups
	}
	seen := make(map[string]bool, len(counts))
	for key := range counts {
		first, _, _ := splitKey(key)
		seen[first] = true
	}
	var named []string
	for _, name := range q.Groups {
		if !seen[name] {
			seen[name] = true
			named = append(named, pairKey(name, ""))
		}
	}
	return named
}

// groupLabels are the labels a series or alert instance carries: both group keys when there are two.
func groupLabels(q models.AuditQuery, key string) map[string]string {
	if q.SecondGroupBy == "" {
		return map[string]string{string(q.GroupBy): key}
	}
	first, second, _ := splitKey(key)
	if second == "" {
		return map[string]string{string(q.GroupBy): first}
	}
	return map[string]string{string(q.GroupBy): first, string(q.SecondGroupBy): second}
}

// groupDisplayName is the group, or "first · second".
func groupDisplayName(q models.AuditQuery, key string) string {
	if q.SecondGroupBy == "" {
		return key
	}
	first, second, _ := splitKey(key)
	if second == "" {
		return first
	}
	return first + " · " + second
}

// groupColumns are the summary's group values: one, or the pair (the second empty for "other" and
// quiet named groups).
func groupColumns(q models.AuditQuery, key string) []string {
	if q.SecondGroupBy == "" {
		return []string{key}
	}
	first, second, _ := splitKey(key)
	return []string{first, second}
}
