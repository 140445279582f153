// Command healthserver answers Grafana's `/api/datasources/uid/<uid>/health` for the browser tests
// by running the plugin backend's real CheckHealth (pkg/plugin) on the settings the test host
// saved. Grafana reaches CheckHealth over gRPC; this skips only that hop.
//
// POST /check {"jsonData": {...}, "secureJsonData": {"clientSecret": "..."}} answers as Grafana
// does: 200 with {status, message, details} when healthy, 400 with the same shape otherwise.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/auditlens/entraid/pkg/plugin"
)

type checkRequest struct {
	JSONData       json.RawMessage   `json:"jsonData"`
	SecureJSONData map[string]string `json:"secureJsonData"`
}

type checkAnswer struct {
	Status  string          `json:"status"`
	Message string          `json:"message"`
	Details json.RawMessage `json:"details,omitempty"`
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on; the chosen one is printed as the first line")
	flag.Parse()

	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// The host reads this line to learn the port.
	fmt.Printf("listening on http://%s\n", listener.Addr())

	mux := http.NewServeMux()
	mux.HandleFunc("POST /check", check)
	server := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	if err := server.Serve(listener); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func check(w http.ResponseWriter, r *http.Request) {
	var req checkRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "the body must be {jsonData, secureJsonData}: "+err.Error(), http.StatusBadRequest)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
	defer cancel()
	// As Grafana builds the instance: the SDK's HTTP client from the settings, so the data source's
	// "With CA Cert" (tlsAuthWithCACert, secureJsonData.tlsCACert) trusts the emulator's CA.
	instance, err := plugin.NewDatasource(ctx, backend.DataSourceInstanceSettings{
		JSONData: req.JSONData, DecryptedSecureJSONData: req.SecureJSONData, Updated: time.Now(),
	})
	if err != nil {
		http.Error(w, "building the data source failed: "+err.Error(), http.StatusInternalServerError)
		return
	}
	ds := instance.(*plugin.Datasource)
	defer ds.Dispose()
	result, err := ds.CheckHealth(ctx, &backend.CheckHealthRequest{})
	if err != nil {
		http.Error(w, "CheckHealth failed: "+err.Error(), http.StatusInternalServerError)
		return
	}
	answer := checkAnswer{Status: "ERROR", Message: result.Message}
	if len(result.JSONDetails) > 0 {
		answer.Details = result.JSONDetails
	}
	status := http.StatusBadRequest
	if result.Status == backend.HealthStatusOk {
		answer.Status = "OK"
		status = http.StatusOK
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(answer)
}
