package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/plugin"
)

// Bounds on what one request may ask, checked before anything is parsed further.
const (
	maxRequestBytes      = 1 << 20
	maxQueriesPerRequest = 100
)

// Server is the stand-in for Grafana's query API over the configured data sources.
type Server struct {
	sources   map[sourceKey]DataSource
	instances instancemgmt.InstanceManager
	clock     clock.Clock
	// updated is every data source's "last saved" instant: fixed, so the SDK keeps one instance each.
	updated time.Time
}

type sourceKey struct {
	orgID int64
	uid   string
}

// NewServer serves sources; the plugin's instances run on clk.
func NewServer(sources []DataSource, clk clock.Clock) *Server {
	s := &Server{sources: map[sourceKey]DataSource{}, clock: clk, updated: time.Unix(1, 0)}
	for i, ds := range sources {
		// Grafana's numeric id is unique across organisations; the SDK keys instances on it and the uid.
		if ds.ID == 0 {
			ds.ID = int64(i + 1)
		}
		s.sources[sourceKey{ds.OrgID, ds.UID}] = ds
	}
	s.instances = datasource.NewInstanceManager(datasource.InstanceFactoryFunc(plugin.NewDatasourceOn(clk)))
	return s
}

// ServeHTTP answers POST /api/ds/query and GET of a data source's resources; nothing else exists here.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, resourcePrefix) {
		s.serveResource(w, r)
		return
	}
	if r.URL.Path != "/api/ds/query" {
		writeMessage(w, http.StatusNotFound, "not found: this stand-in serves POST /api/ds/query and GET "+resourcePrefix+"<uid>/resources/<path>")
		return
	}
	if r.Method != http.MethodPost {
		writeMessage(w, http.StatusMethodNotAllowed, "use POST for /api/ds/query")
		return
	}
	req, status, err := s.parse(r)
	if err != nil {
		writeMessage(w, status, err.Error())
		return
	}
	s.answer(w, r.Context(), req)
}

func (s *Server) answer(w http.ResponseWriter, ctx context.Context, req *backend.QueryDataRequest) {
	instance, err := s.instances.Get(ctx, req.PluginContext)
	if err != nil {
		writeMessage(w, http.StatusInternalServerError, "plugin instance: "+err.Error())
		return
	}
	handler, ok := instance.(backend.QueryDataHandler)
	if !ok {
		writeMessage(w, http.StatusInternalServerError, "the plugin instance does not answer QueryData")
		return
	}
	resp, err := handler.QueryData(ctx, req)
	if err != nil {
		writeMessage(w, http.StatusInternalServerError, "QueryData: "+err.Error())
		return
	}
	body, err := json.Marshal(resp)
	if err != nil {
		writeMessage(w, http.StatusInternalServerError, "encoding the response: "+err.Error())
		return
	}
	// As Grafana: 200 when every query succeeded, 400 when any failed (each keeps its own status).
	status := http.StatusOK
	for _, r := range resp.Responses {
		if r.Error != nil {
			status = http.StatusBadRequest
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func writeMessage(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"message": message})
}

// orgOf is the organisation of the request: Grafana's X-Grafana-Org-Id header, else 1.
func orgOf(r *http.Request) (int64, error) {
	raw := r.Header.Get("X-Grafana-Org-Id")
	if raw == "" {
		return 1, nil
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, errors.New("X-Grafana-Org-Id must be a positive organisation id")
	}
	return id, nil
}
