package plugin

import (
	"context"
	"path/filepath"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/store"
	"github.com/auditlens/entraid/pkg/storesync"
)

// storeMetricsTimeout bounds one scrape's reads of the stores, so a busy store never holds a scrape.
const storeMetricsTimeout = 5 * time.Second

var (
	storeEventsDesc = prometheus.NewDesc("auditlens_store_events", "Audit events held in the store.", []string{"store"}, nil)
	storeBytesDesc  = prometheus.NewDesc("auditlens_store_size_bytes", "Bytes the store's files take on disk.", []string{"store"}, nil)
	syncLagDesc     = prometheus.NewDesc("auditlens_store_sync_lag_seconds",
		"Seconds since the store's last successful sync started (absent before the first).", []string{"store"}, nil)
	syncRequestsDesc = prometheus.NewDesc("auditlens_store_sync_graph_requests_total",
		"Microsoft Graph requests the store's sync made since the plugin started.", []string{"store"}, nil)
	graphRequestsDesc = prometheus.NewDesc("auditlens_graph_requests_total",
		"Microsoft Graph requests the plugin process sent, by work: queries (dashboards, alert rules, variables) or store (backfill and sync).",
		[]string{"work"}, nil)
	graphThrottledDesc = prometheus.NewDesc("auditlens_graph_throttled_total",
		"Microsoft Graph answers 429 (throttled) the plugin process received, by work: queries or store.", []string{"work"}, nil)
)

// storeCollector reports every store open in the plugin process at each scrape. The SDK serves
// prometheus.DefaultRegisterer's metrics to Grafana (backend.CollectMetrics).
type storeCollector struct{ now func() time.Time }

// RegisterStoreMetrics adds the store metrics and the process's Graph request and 429 counts to r
// (main passes prometheus.DefaultRegisterer).
func RegisterStoreMetrics(r prometheus.Registerer) error {
	if err := r.Register(graphCollector{}); err != nil {
		return err
	}
	return r.Register(storeCollector{now: time.Now})
}

// graphCollector reports the requests and 429s every Graph client of the process counted
// (graph.ProcessCounts): a rising 429 count means someone else shares the app's budget.
type graphCollector struct{}

func (graphCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- graphRequestsDesc
	ch <- graphThrottledDesc
}

func (graphCollector) Collect(ch chan<- prometheus.Metric) {
	for _, work := range []graph.Work{graph.WorkQueries, graph.WorkStore} {
		counts := graph.ProcessCounts(work)
		ch <- prometheus.MustNewConstMetric(graphRequestsDesc, prometheus.CounterValue, float64(counts.Requests), work.String())
		ch <- prometheus.MustNewConstMetric(graphThrottledDesc, prometheus.CounterValue, float64(counts.Throttled), work.String())
	}
}

func (storeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{storeEventsDesc, storeBytesDesc, syncLagDesc, syncRequestsDesc} {
		ch <- d
	}
}

func (c storeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), storeMetricsTimeout)
	defer cancel()
	store.EachOpen(func(h *store.Handle) {
		name := filepath.Base(h.Path())
		stats, err := h.Stats(ctx)
		if err != nil {
			return // a closed or failing store has no figures; its status page says why
		}
		ch <- prometheus.MustNewConstMetric(storeEventsDesc, prometheus.GaugeValue, float64(stats.Events), name)
		ch <- prometheus.MustNewConstMetric(storeBytesDesc, prometheus.GaugeValue, float64(stats.BytesOnDisk), name)
		if stats.Sync.LastSuccessMs > 0 {
			lag := c.now().Sub(time.UnixMilli(stats.Sync.LastSuccessMs)).Seconds()
			ch <- prometheus.MustNewConstMetric(syncLagDesc, prometheus.GaugeValue, lag, name)
		}
		if sync, running := storesync.Running(h); running {
			if st, err := sync.Status(ctx); err == nil {
				ch <- prometheus.MustNewConstMetric(syncRequestsDesc, prometheus.CounterValue, float64(st.Requests), name)
			}
		}
	})
}
