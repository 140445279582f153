package plugin

import (
	"context"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/auditlens/entraid/pkg/engine"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/walks"
)

// QueryData answers each query on its own RefID; one failing query never fails the others.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp := backend.NewQueryDataResponse()
	fromAlert := req.Headers[backend.FromAlertHeaderName] != "" || req.GetHTTPHeader(backend.FromAlertHeaderName) != ""
	src, err := d.sourceOrErr(req.PluginContext)
	if err != nil {
		for _, q := range req.Queries {
			resp.Responses[q.RefID] = errorResponse(err, "")
		}
		return resp, nil
	}
	route := d.storeRouteFor(ctx, req.PluginContext, src)
	// Together, so the panels of one request join one walk instead of each walking the newest tail.
	var mu sync.Mutex
	var wg sync.WaitGroup
	slots := make(chan struct{}, MaxConcurrentQueries)
	for _, q := range req.Queries {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; wg.Done() }()
			answer := d.query(ctx, src, route, q, fromAlert)
			mu.Lock()
			resp.Responses[q.RefID] = answer
			mu.Unlock()
		}()
	}
	wg.Wait()
	return resp, nil
}

// MaxConcurrentQueries bounds the queries of one request run at once (the SDK's concurrent.QueryData default).
const MaxConcurrentQueries = 10

func (d *Datasource) sourceOrErr(pc backend.PluginContext) (*walks.Source, error) {
	if d.settingsErr != nil {
		return nil, d.settingsErr
	}
	return d.source(pc)
}

// query runs one query through the data source's shared walks: panels, viewers and alert rules
// asking the same request share one walk, and a refresh walks only what is newer than the cache.
// In Server with store mode, route answers it from the store (storemode.go).
func (d *Datasource) query(ctx context.Context, src *walks.Source, route *storeRoute, q backend.DataQuery, fromAlert bool) backend.DataResponse {
	query, err := models.ParseQuery(q.JSON)
	if err != nil {
		return errorResponse(err, "")
	}
	if query.RefID == "" {
		query.RefID = q.RefID
	}
	req := engine.Request{
		Query: query, Settings: d.settings, From: q.TimeRange.From, To: q.TimeRange.To, Interval: q.Interval,
		// An alert rule must never evaluate an under-count, whatever format it reads.
		TruncationIsError: fromAlert,
		Walker:            src,
	}
	var res engine.Result
	if route != nil {
		res = route.run(ctx, src, req)
	} else {
		res = engine.Run(ctx, src.Client, req)
	}
	if res.Err != nil {
		return errorResponse(res.Err, res.ExecutedQueryString)
	}
	return backend.DataResponse{Frames: res.Frames}
}

// errorResponse is the one place errors become a DataResponse, with the status and source the
// error table gives its code (conformance/tables/errors.json): the user's settings or query and
// Microsoft's answers are downstream; an error without a code is a plugin bug, 500. The frame keeps
// the executed query string for the query inspector.
func errorResponse(err error, executed string) backend.DataResponse {
	entry := models.EntryOf(err)
	source := backend.ErrorSourcePlugin
	if entry.Source == string(backend.ErrorSourceDownstream) {
		source = backend.ErrorSourceDownstream
	}
	resp := backend.ErrDataResponseWithSource(backend.Status(entry.Status), source, err.Error())
	if executed != "" {
		f := data.NewFrame("")
		f.Meta = &data.FrameMeta{ExecutedQueryString: executed}
		resp.Frames = data.Frames{f}
	}
	return resp
}
