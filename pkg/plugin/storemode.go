package plugin

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/engine"
	"github.com/auditlens/entraid/pkg/frames"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/store"
	"github.com/auditlens/entraid/pkg/storesync"
	"github.com/auditlens/entraid/pkg/walks"
)

// StoreStaleSyncs is how many sync intervals, on top of the ingestion delay, the store's last
// successful sync may be old before an alert evaluation from it fails as "behind": one missed
// sync is a slow walk, three are a sync that stopped.
const StoreStaleSyncs = 3

// StoreStaleAfter is the age of the last successful sync past which an alert evaluation fails
// rather than count a store that stopped following the tenant.
func StoreStaleAfter(s models.Settings) time.Duration {
	return time.Duration(StoreStaleSyncs*s.StoreSyncSeconds)*time.Second + time.Duration(s.IngestionDelayMinutes)*time.Minute
}

// stores is one data-source instance's hold on its audit store (Server with store mode): the
// handle from the process's store registry and the store's one sync. The instance opens it at
// its first query, since the organisation id arrives only with a request, and closes it at Dispose.
type stores struct {
	getenv func(string) string

	mu   sync.Mutex
	held map[store.Key]*storeHold
}

type storeHold struct {
	handle *store.Handle
	sync   *storesync.Sync
}

func newStores(getenv func(string) string) *stores {
	return &stores{getenv: getenv, held: map[store.Key]*storeHold{}}
}

// WithStoreEnv makes the instance read the store directory from getenv instead of the process
// environment (tests point it at a temporary directory).
func (d *Datasource) WithStoreEnv(getenv func(string) string) *Datasource {
	d.stores = newStores(getenv)
	return d
}

func storeKey(pc backend.PluginContext) store.Key {
	k := store.Key{OrgID: pc.OrgID}
	if pc.DataSourceInstanceSettings != nil {
		k.UID = pc.DataSourceInstanceSettings.UID
	}
	return k
}

// acquire opens the store of the request's organisation and data source and starts its sync
// with the data source's Graph client, so the sync's requests take places in the pacer
// dashboards and alert rules use. The sync is ensured once per instance and store: a second
// Ensure would wake the loop into an extra cycle.
func (d *Datasource) acquireStore(ctx context.Context, pc backend.PluginContext, src *walks.Source) (*storeHold, error) {
	s := d.stores
	key := storeKey(pc)
	s.mu.Lock()
	defer s.mu.Unlock()
	if hold := s.held[key]; hold != nil {
		return hold, nil
	}
	dir, err := store.DirFromEnv(s.getenv)
	if err != nil {
		return nil, err
	}
	h, err := store.Open(ctx, dir, key)
	if err != nil {
		return nil, err
	}
	syncer, err := storesync.Ensure(h, storesync.Source{Settings: d.settings, Client: src.Client, Updated: d.updated})
	if err != nil {
		_ = h.Close()
		return nil, err
	}
	hold := &storeHold{handle: h, sync: syncer}
	s.held[key] = hold
	return hold, nil
}

// forget drops a hold whose store was closed under it (deleted by an admin), so the next query opens it again.
func (s *stores) forget(key store.Key, hold *storeHold) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held[key] == hold {
		delete(s.held, key)
		_ = hold.handle.Close()
	}
}

// closeAll releases every handle; the store's sync stops with its last holder in the process.
func (s *stores) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for key, hold := range s.held {
		_ = hold.handle.Close()
		delete(s.held, key)
	}
}

// storeRoute answers a request's queries in Server with store mode: from the store when it can,
// otherwise by walking Graph as Server mode does, saying why.
type storeRoute struct {
	stores *stores
	key    store.Key
	hold   *storeHold
	// unusable: the store could not be opened; every query walks Graph with this cause.
	unusable error
	clock    clock.Clock
	settings models.Settings
}

// storeRouteFor opens (or reuses) the request's store; nil outside Server with store mode.
func (d *Datasource) storeRouteFor(ctx context.Context, pc backend.PluginContext, src *walks.Source) *storeRoute {
	if d.settings.QueryMode != models.QueryModeServerStore {
		return nil
	}
	route := &storeRoute{stores: d.stores, key: storeKey(pc), clock: d.clock, settings: d.settings}
	route.hold, route.unusable = d.acquireStore(ctx, pc, src)
	return route
}

// run answers req from the store; a raw $filter clause, or a store that cannot be used, walks Graph.
func (r *storeRoute) run(ctx context.Context, src *walks.Source, req engine.Request) engine.Result {
	if r.unusable != nil {
		return withNotice(engine.Run(ctx, src.Client, req), fallbackNotice(r.unusable))
	}
	res := engine.RunFrom(ctx, engine.StoreRead{Store: r.hold.handle, Clock: r.clock, StaleAfter: StoreStaleAfter(r.settings)}, req)
	switch {
	case errors.Is(res.Err, engine.ErrNotFromStore):
		return withNotice(engine.Run(ctx, src.Client, req), models.Notice{Severity: models.SeverityInfo,
			Text: "Walked Microsoft Graph rather than the audit store: the query's raw $filter clause is evaluated by Graph only."})
	case errors.Is(res.Err, store.ErrClosed), errors.Is(res.Err, store.ErrCorrupt):
		r.stores.forget(r.key, r.hold)
		return withNotice(engine.Run(ctx, src.Client, req), fallbackNotice(res.Err))
	}
	return res
}

// fallbackNotice says why a query walked Graph instead of the store, and what to do.
func fallbackNotice(cause error) models.Notice {
	return models.Notice{Severity: models.SeverityWarning, Text: fmt.Sprintf(
		"Walked Microsoft Graph, as in Server mode, because the audit store cannot be used: %v. "+
			"Save & test on the data source's settings page says the same; the store is used again once this is fixed.", cause)}
}

// withNotice adds n to a walked answer's first frame.
func withNotice(res engine.Result, n models.Notice) engine.Result {
	if res.Err != nil {
		return res
	}
	res.Notices = append(res.Notices, n)
	frames.Stamp(res.Frames, res.ExecutedQueryString, []models.Notice{n})
	return res
}

// storeHealth is Save & test's word on the store, once Graph answered: what it holds, or why
// it cannot be used and what to do.
func (d *Datasource) storeHealth(ctx context.Context, pc backend.PluginContext, src *walks.Source, connected string) *backend.CheckHealthResult {
	// Save & test brings the secret, so it also starts the sync a restart left waiting.
	if _, err := d.acquireStore(ctx, pc, src); err != nil {
		return healthError("store", "", fmt.Errorf("%s But the audit store cannot be used, so queries walk Microsoft Graph as in Server mode: %w", connected, err))
	}
	return d.withStoreHealth(ctx, pc, &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: connected})
}

// processEnv is the plugin process's environment, where Grafana puts [plugin.<id>] keys of grafana.ini.
var processEnv = os.Getenv
