package graph_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/graph"
)

// endless answers page n with items(n) events and a fresh nextLink, far longer than any limit allows.
func endless(items func(n int) int) *scripted {
	s := &scripted{}
	var mu sync.Mutex
	s.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if login(w, r, &s.tokens) {
			return
		}
		n, _ := strconv.Atoi(r.URL.Query().Get("$skiptoken"))
		events := make([]string, items(n))
		for i := range events {
			events[i] = fmt.Sprintf(`{"id":"%d-%d","activityDateTime":"2026-11-20T10:00:00Z"}`, n, i)
		}
		next := ""
		if n < 500 {
			next = fmt.Sprintf(`,"@odata.nextLink":"%s/v1.0/auditLogs/directoryAudits?$top=1&$skiptoken=%d"`, s.URL, n+1)
		}
		fmt.Fprintf(w, `{"value":[%s]%s}`, strings.Join(events, ","), next)
	}))
	return s
}

func TestEmptyPagesInARowAreLimited(t *testing.T) {
	s := endless(func(int) int { return 0 })
	defer s.Close()
	_, res, err := walk(clientFor(t, s, clock.NewManual(time.Unix(0, 0)), unpaced))
	if !errors.Is(err, graph.ErrWalkLimit) || !strings.Contains(err.Error(), "limit of 50 empty pages in a row") || res.Requests != graph.MaxEmptyPagesInARow {
		t.Errorf("requests %d err %v", res.Requests, err)
	}
}

func TestPagesPerWalkAreBoundedByTheEventsLimit(t *testing.T) {
	if graph.MaxPagesPerWalk(100_000, 1000) != 150 || graph.MaxPagesPerWalk(250, 250) != 51 {
		t.Fatalf("MaxPagesPerWalk %d %d", graph.MaxPagesPerWalk(100_000, 1000), graph.MaxPagesPerWalk(250, 250))
	}
	s := endless(func(int) int { return 1 })
	defer s.Close()
	c := clientFor(t, s, clock.NewManual(time.Unix(0, 0)), unpaced) // MaxEvents 1000: 1 full page + 50
	_, res, err := walk(c)
	if !errors.Is(err, graph.ErrWalkLimit) || !strings.Contains(err.Error(), "limit of 51 pages per query") || res.Requests != 51 {
		t.Errorf("requests %d err %v", res.Requests, err)
	}
}

func TestARepeatedNextLinkIsCaughtHoweverItIsEncoded(t *testing.T) {
	var s *scripted
	s = newScripted()
	defer s.Close()
	first := s.URL + "/v1.0/auditLogs/directoryAudits?$top=1"
	for _, again := range []string{
		s.URL + "/v1.0/auditLogs/directoryAudits?%24top=1",
		strings.Replace(first, "http://127.0.0.1", "HTTP://127.0.0.1", 1),
	} {
		s.answers = []answer{{200, "", `{"value":[],"@odata.nextLink":"` + again + `"}`}}
		_, res, err := walk(clientFor(t, s, clock.NewManual(time.Unix(0, 0)), unpaced))
		if !errors.Is(err, graph.ErrRepeatedNextLink) || res.Requests != 1 {
			t.Errorf("%s: requests %d err %v", again, res.Requests, err)
		}
	}
}
