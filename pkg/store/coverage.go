package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
)

// validSpan refuses a reversed span, which would otherwise merge into nonsense.
func validSpan(s Span) error {
	if s.FromMs > s.ToMs {
		return fmt.Errorf("span %d..%d is reversed: its start is after its end", s.FromMs, s.ToMs)
	}
	return nil
}

// touches reports whether two closed integer spans overlap or are adjacent (a ends the
// millisecond before b starts): either way they are one covered span.
func touches(a, b Span) bool {
	return a.FromMs <= addSat(b.ToMs, 1) && b.FromMs <= addSat(a.ToMs, 1)
}

// addSat adds without wrapping past the int64 range.
func addSat(v, d int64) int64 {
	if d > 0 && v > math.MaxInt64-d {
		return math.MaxInt64
	}
	if d < 0 && v < math.MinInt64-d {
		return math.MinInt64
	}
	return v + d
}

// mergeSpans returns the union of spans as disjoint, non-adjacent spans, oldest first.
func mergeSpans(spans []Span) []Span {
	sorted := append([]Span(nil), spans...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].FromMs < sorted[j].FromMs })
	var out []Span
	for _, s := range sorted {
		if n := len(out); n > 0 && touches(out[n-1], s) {
			out[n-1].ToMs = max(out[n-1].ToMs, s.ToMs)
			continue
		}
		out = append(out, s)
	}
	return out
}

// coverageOf splits r by the merged spans held (oldest first) into covered parts and gaps,
// both newest first, as queries walk.
func coverageOf(held []Span, r Span) Coverage {
	var c Coverage
	cursor := r.FromMs // the oldest millisecond of r not yet accounted for
	done := false
	for _, s := range held {
		if s.ToMs < r.FromMs || done {
			continue
		}
		if s.FromMs > r.ToMs {
			break
		}
		if s.FromMs > cursor {
			c.Gaps = append(c.Gaps, Span{FromMs: cursor, ToMs: s.FromMs - 1})
		}
		part := Span{FromMs: max(s.FromMs, r.FromMs), ToMs: min(s.ToMs, r.ToMs)}
		c.Covered = append(c.Covered, part)
		if part.ToMs == r.ToMs {
			done = true
		}
		cursor = addSat(part.ToMs, 1)
	}
	if !done && cursor <= r.ToMs {
		c.Gaps = append(c.Gaps, Span{FromMs: cursor, ToMs: r.ToMs})
	}
	reverse(c.Covered)
	reverse(c.Gaps)
	return c
}

func reverse(s []Span) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// markCovered merges s into the coverage table inside tx: the spans it touches are replaced by
// their union with s.
func markCovered(ctx context.Context, tx *sql.Tx, s Span) error {
	if err := validSpan(s); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, "SELECT from_ms, to_ms FROM coverage WHERE from_ms <= ? AND to_ms >= ?",
		addSat(s.ToMs, 1), addSat(s.FromMs, -1))
	if err != nil {
		return err
	}
	touching := []Span{s}
	for rows.Next() {
		var t Span
		if err := rows.Scan(&t.FromMs, &t.ToMs); err != nil {
			rows.Close()
			return err
		}
		touching = append(touching, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	merged := mergeSpans(touching)[0]
	for _, t := range touching[1:] {
		if _, err := tx.ExecContext(ctx, "DELETE FROM coverage WHERE from_ms = ?", t.FromMs); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO coverage (from_ms, to_ms) VALUES (?, ?)", merged.FromMs, merged.ToMs)
	return err
}

// heldSpans reads the covered spans overlapping r, oldest first.
func heldSpans(ctx context.Context, q querier, r Span) ([]Span, error) {
	rows, err := q.QueryContext(ctx, "SELECT from_ms, to_ms FROM coverage WHERE from_ms <= ? AND to_ms >= ? ORDER BY from_ms",
		r.ToMs, r.FromMs)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var spans []Span
	for rows.Next() {
		var s Span
		if err := rows.Scan(&s.FromMs, &s.ToMs); err != nil {
			return nil, err
		}
		spans = append(spans, s)
	}
	return spans, rows.Err()
}

// querier is what both *sql.DB and *sql.Tx offer for reading.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
