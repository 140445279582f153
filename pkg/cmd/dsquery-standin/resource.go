package main

import (
	"context"
	"net/http"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/auditlens/entraid/pkg/plugin"
)

// resourcePrefix is Grafana's route to a data source's resources: /api/datasources/uid/<uid>/resources/<path>.
const resourcePrefix = "/api/datasources/uid/"

// serveResource answers GET /api/datasources/uid/<uid>/resources/<path> through the plugin's
// CallResource as a Viewer of the organisation (the benchmarks read store/status to know when a
// backfill is done); the actions, which need an Admin, are not served here.
func (s *Server) serveResource(w http.ResponseWriter, r *http.Request) {
	uid, path, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, resourcePrefix), "/resources/")
	if !ok || uid == "" || strings.Contains(uid, "/") {
		writeMessage(w, http.StatusNotFound, "not found: resources are at /api/datasources/uid/<uid>/resources/<path>")
		return
	}
	if r.Method != http.MethodGet {
		writeMessage(w, http.StatusMethodNotAllowed, "this stand-in serves resources to GET only (as a Viewer)")
		return
	}
	orgID, err := orgOf(r)
	if err != nil {
		writeMessage(w, http.StatusBadRequest, err.Error())
		return
	}
	ds, known := s.sources[sourceKey{orgID, uid}]
	if !known {
		writeMessage(w, http.StatusNotFound, "data source "+uid+" not found in this organisation; add it to the settings file")
		return
	}
	pc := backend.PluginContext{OrgID: orgID, PluginID: plugin.PluginID, DataSourceInstanceSettings: ds.instanceSettings(s.updated),
		User: &backend.User{Login: "viewer", Role: "Viewer"}}
	s.callResource(w, r.Context(), &backend.CallResourceRequest{PluginContext: pc, Path: path, Method: http.MethodGet, URL: r.URL.String()})
}

func (s *Server) callResource(w http.ResponseWriter, ctx context.Context, req *backend.CallResourceRequest) {
	instance, err := s.instances.Get(ctx, req.PluginContext)
	if err != nil {
		writeMessage(w, http.StatusInternalServerError, "plugin instance: "+err.Error())
		return
	}
	handler, ok := instance.(backend.CallResourceHandler)
	if !ok {
		writeMessage(w, http.StatusInternalServerError, "the plugin instance does not answer CallResource")
		return
	}
	err = handler.CallResource(ctx, req, backend.CallResourceResponseSenderFunc(func(res *backend.CallResourceResponse) error {
		for name, values := range res.Headers {
			for _, v := range values {
				w.Header().Add(name, v)
			}
		}
		w.WriteHeader(res.Status)
		_, werr := w.Write(res.Body)
		return werr
	}))
	if err != nil {
		writeMessage(w, http.StatusInternalServerError, "CallResource: "+err.Error())
	}
}
