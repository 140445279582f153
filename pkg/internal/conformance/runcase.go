package conformance

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/engine"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
)

// Secret is the client secret a case runs with; it must never appear in a result.
const Secret = "conformance-s3cret~value"

// Case is a conformance vector without its expectations: what one query meets.
type Case struct {
	Settings json.RawMessage `json:"settings"`
	Now      time.Time       `json:"now"`
	Range    struct {
		From time.Time `json:"from"`
		To   time.Time `json:"to"`
	} `json:"range"`
	IntervalMs    int64           `json:"intervalMs"`
	MaxDataPoints int64           `json:"maxDataPoints"`
	Query         json.RawMessage `json:"query"`
	Responses     []Answer        `json:"responses"`
}

// Failure is a refused or failed query: the TypeScript engine's error code and the message.
type Failure struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Outcome is the canonical result of one case, as both engines' differential runners print it.
type Outcome struct {
	Error               *Failure        `json:"error,omitempty"`
	Frames              []Frame         `json:"frames"`
	Requests            []Request       `json:"requests"`
	Notices             []models.Notice `json:"notices"`
	ExecutedQueryString string          `json:"executedQueryString"`
	// Overrun lists requests made after the scripted answers ran out (a harness or engine bug).
	Overrun []string `json:"overrun,omitempty"`
}

// Run runs one case through the Go engine, in the order QueryData checks things: settings, then
// the query, then plan, pages and frames.
func Run(c Case) Outcome { return RunThrough(c, nil) }

// RunThrough runs one case as Run does, with its pages walked by the walker that through makes
// from the case's client (nil: the client itself), as a query mode would.
func RunThrough(c Case, through func(models.Settings, *graph.Client) (engine.Walker, error)) Outcome {
	out := Outcome{Frames: []Frame{}, Requests: []Request{}, Notices: []models.Notice{}}
	jsonData, err := models.ParseJSONData(c.Settings)
	if err != nil {
		return out.failed(err)
	}
	settings := models.Resolve(jsonData, Secret)
	if err := settings.Validate(); err != nil {
		return out.failed(err)
	}
	fake := NewScriptedGraph(apiBase(settings), mustParse(settings.LoginURL), c.Responses)
	client, err := graph.NewClient(settings, &http.Client{Transport: fake}, clock.NewManual(c.Now))
	if err != nil {
		return out.failed(err)
	}
	query, err := models.ParseQuery(c.Query)
	if err != nil {
		return out.failed(err)
	}
	req := engine.Request{
		Query: query, Settings: settings, From: c.Range.From, To: c.Range.To,
		Interval: time.Duration(c.IntervalMs) * time.Millisecond,
	}
	if through != nil {
		if req.Walker, err = through(settings, client); err != nil {
			return out.failed(err)
		}
	}
	res := engine.Run(context.Background(), client, req)
	out.Requests, out.Overrun = fake.Requests(), fake.Overrun()
	out.ExecutedQueryString = res.ExecutedQueryString
	if res.Err != nil {
		return out.failed(res.Err)
	}
	if res.Notices != nil {
		out.Notices = res.Notices
	}
	if out.Frames, err = Frames(res.Frames); err != nil {
		return out.failed(err)
	}
	return out
}

func (o Outcome) failed(err error) Outcome {
	o.Error = &Failure{Code: ErrorCode(err), Message: err.Error()}
	o.Frames = []Frame{}
	return o
}

// apiBase is what canonical paths are relative to: the Graph host, or the legacy host plus tenant.
func apiBase(s models.Settings) *url.URL {
	base := s.APIURL()
	if s.API == models.APILegacy {
		base += "/" + url.PathEscape(s.TenantID)
	}
	return mustParse(base)
}

// mustParse never fails on validated settings; an unparsable URL becomes an empty one, which
// matches no request.
func mustParse(raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		return &url.URL{}
	}
	return u
}
