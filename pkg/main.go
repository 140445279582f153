package main

import (
	"os"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/auditlens/entraid/pkg/plugin"
	"github.com/auditlens/entraid/pkg/storesync"
)

func main() {
	// The SDK serves the default registry's metrics to Grafana, and its logger reaches Grafana's log.
	if err := plugin.RegisterStoreMetrics(prometheus.DefaultRegisterer); err != nil {
		log.DefaultLogger.Warn("the audit store metrics are not available", "error", err.Error())
	}
	storesync.SetLogger(backend.Logger)
	if err := datasource.Manage(plugin.PluginID, plugin.NewDatasource, datasource.ManageOpts{}); err != nil {
		log.DefaultLogger.Error(err.Error())
		os.Exit(1)
	}
}
