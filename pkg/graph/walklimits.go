package graph

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/auditlens/entraid/pkg/models"
)

// MaxEmptyPagesInARow: an empty page with a nextLink is legal, an endless run of them is not
// (mirrors MAX_EMPTY_PAGES_IN_A_ROW in src/core/walk/walkLimits.ts).
const MaxEmptyPagesInARow = 50

// ErrWalkLimit stops a walk that passed one of the page limits.
var ErrWalkLimit = models.NewCodedError("walkLimit", "the walk passed a page limit")

// MaxPagesPerWalk is enough full pages for the events limit plus one run of empty pages; every
// fetched event counts against the events limit, so raising "Events per query" raises it.
func MaxPagesPerWalk(maxEvents, pageSize int) int {
	if pageSize < 1 {
		pageSize = 1
	}
	return (maxEvents+pageSize-1)/pageSize + MaxEmptyPagesInARow
}

// pageLimits counts a walk's pages; beforeNext refuses the request that would pass a limit.
type pageLimits struct {
	maxPages    int // 0: no bound
	pages       int
	emptyInARow int
}

func (l *pageLimits) beforeNext(items int) error {
	l.pages++
	if items == 0 {
		l.emptyInARow++
	} else {
		l.emptyInARow = 0
	}
	if l.emptyInARow >= MaxEmptyPagesInARow {
		return fmt.Errorf("%w: Microsoft Graph sent %d empty pages in a row, each with another next-page link (the limit of %d empty pages in a row); the walk was stopped. Retry later; if it persists, check any proxy between Grafana and Microsoft",
			ErrWalkLimit, MaxEmptyPagesInARow, MaxEmptyPagesInARow)
	}
	if l.maxPages > 0 && l.pages >= l.maxPages {
		return fmt.Errorf("%w: the walk reached the limit of %d pages per query (enough for \"Events per query\" in full pages, plus %d empty ones) while Microsoft Graph still sent next-page links; it was stopped. Narrow the range, add filters, or raise \"Events per query\" in the data source settings",
			ErrWalkLimit, l.maxPages, MaxEmptyPagesInARow)
	}
	return nil
}

// canonicalLink is the form in which two links are compared: scheme and host in lower case, the
// path, then the decoded query parameters in order. Grafana's proxy re-encodes the query string
// ($ as %24, parameters reordered), so a page Graph sends twice can come back spelled differently.
// Mirrors canonicalLink in src/core/walk/nextLink.ts.
func canonicalLink(link string) string {
	base, query, _ := strings.Cut(link, "?")
	originEnd := len(base)
	if i := strings.Index(base, "://"); i >= 0 {
		if j := strings.IndexByte(base[i+3:], '/'); j >= 0 {
			originEnd = i + 3 + j
		}
	}
	pairs := [][2]string{}
	for _, part := range strings.Split(query, "&") {
		if part == "" {
			continue
		}
		key, value, _ := strings.Cut(part, "=")
		pairs = append(pairs, [2]string{queryUnescape(key), queryUnescape(value)})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i][0] != pairs[j][0] {
			return pairs[i][0] < pairs[j][0]
		}
		return pairs[i][1] < pairs[j][1]
	})
	out, _ := json.Marshal([]any{strings.ToLower(base[:originEnd]) + base[originEnd:], pairs})
	return string(out)
}

func queryUnescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}
