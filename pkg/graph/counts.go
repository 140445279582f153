package graph

import "sync/atomic"

// Work is who sent a Graph request, for the plugin's metrics: a query's walk (dashboards, alert
// rules, variables) or a store's backfill and sync (a client pacing in a Lane).
type Work int

const (
	WorkQueries Work = iota
	WorkStore
	workKinds
)

// String is the work's metric label.
func (w Work) String() string {
	if w == WorkStore {
		return "store"
	}
	return "queries"
}

// Counts are the Graph requests one kind of work sent, and the 429 answers among them.
type Counts struct {
	Requests  int64
	Throttled int64
}

// processCounts are kept for the whole process: every data source's clients add to them, so a
// scrape sees what Grafana's plugin process asked of Microsoft whatever instances came and went.
var processCounts [workKinds]struct{ requests, throttled atomic.Int64 }

// ProcessCounts are w's requests and 429s since the process started.
func ProcessCounts(w Work) Counts {
	c := &processCounts[w]
	return Counts{Requests: c.requests.Load(), Throttled: c.throttled.Load()}
}

// work is the kind of work c's requests count as.
func (c *Client) work() Work {
	if c.Lane != nil {
		return WorkStore
	}
	return WorkQueries
}

func (c *Client) countRequest() { processCounts[c.work()].requests.Add(1) }

func (c *Client) countThrottled() { processCounts[c.work()].throttled.Add(1) }
