package plugin

import (
	"context"
	"errors"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/store"
	"github.com/auditlens/entraid/pkg/storesync"
)

// notStoreMode is the status of a data source in another query mode.
const notStoreMode = "this data source keeps no store; choose Server with store under Where queries run " +
	"in the data source settings, then Save & test"

// adminRole is the organisation role that may re-sync or delete a store (PluginContext.User.Role).
const adminRole = "Admin"

// StoreStatus is what store/status answers and the config page shows. The store's figures are
// present when Configured; Reason says what is wrong and what to do when it is set.
type StoreStatus struct {
	Configured bool   `json:"configured"`
	Reason     string `json:"reason,omitempty"`
	// SyncRunning: this plugin process runs the store's sync; it starts with the data source's
	// first query after Grafana starts (the secret arrives only with a request).
	SyncRunning bool  `json:"syncRunning"`
	NowMs       int64 `json:"nowMs"`
	*storesync.Status
}

// storeDir is the server-level store directory (grafana.ini [plugin.<id>] store_dir).
func (d *Datasource) storeDir() (string, error) { return store.DirFromEnv(d.stores.getenv) }

// openStore opens the store of the request's data source: the organisation and uid come from the
// plugin context Grafana fills in, never from anything the caller sends.
func (d *Datasource) openStore(ctx context.Context, pc backend.PluginContext) (*store.Handle, error) {
	dir, err := d.storeDir()
	if err != nil {
		return nil, err
	}
	if pc.DataSourceInstanceSettings == nil || pc.DataSourceInstanceSettings.UID == "" {
		return nil, errors.New("the request names no data source, so there is no store to read; open the data source's own settings page")
	}
	return store.Open(ctx, dir, store.Key{OrgID: pc.OrgID, UID: pc.DataSourceInstanceSettings.UID})
}

// storeStatus reads the store of the request's data source, and its sync when one runs.
func (d *Datasource) storeStatus(ctx context.Context, pc backend.PluginContext) StoreStatus {
	now := d.clock.Now()
	out := StoreStatus{NowMs: now.UnixMilli()}
	switch {
	case d.settingsErr != nil:
		out.Reason = "the data source settings are not valid, so its store cannot be read: " + d.settingsErr.Error()
		return out
	case d.settings.QueryMode != models.QueryModeServerStore:
		out.Reason = notStoreMode
		return out
	}
	h, err := d.openStore(ctx, pc)
	if errors.Is(err, store.ErrNotConfigured) || errors.Is(err, store.ErrUnsafeDir) {
		out.Reason = err.Error()
		return out
	}
	out.Configured = true
	if err != nil {
		out.Reason = storeProblem(err)
		return out
	}
	defer func() { _ = h.Close() }()
	var st storesync.Status
	sync, running := storesync.Running(h)
	if running {
		st, err = sync.Status(ctx)
	} else {
		st, err = storesync.IdleStatus(ctx, h, d.settings, now)
	}
	if err != nil {
		out.Reason = storeProblem(err)
		return out
	}
	out.SyncRunning, out.Status = running, &st
	return out
}

// storeProblem is a store error as people read it: what happened, and that queries go on.
func storeProblem(err error) string {
	return fmt.Sprintf("the audit store cannot be used, so queries walk Microsoft Graph meanwhile: %v", err)
}
