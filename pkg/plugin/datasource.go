// Package plugin adapts the engine to Grafana's backend SDK: one instance per data source,
// one file per handler.
package plugin

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/walks"
)

// PluginID is the plugin's id in src/plugin.json.
const PluginID = "auditlens-entraid-datasource"

var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// Datasource is one configured Entra ID data source. Its Graph client, walks and cache live in
// the process-level walks registry (walks.Process), keyed by organisation, uid and settings:
// instances come and go with settings changes and idle eviction, the shared state stays.
type Datasource struct {
	settings models.Settings
	// settingsErr is kept rather than failing instance creation, so Save & test can explain it.
	settingsErr error
	settingsKey string
	httpClient  *http.Client
	clock       clock.Clock
	registry    *walks.Registry
	// updated is when the settings were saved: the store's sync takes the newest (storesync.Ensure).
	updated time.Time
	// stores holds the audit store in Server with store mode (storemode.go).
	stores *stores
}

// NewDatasource is the instance factory datasource.Manage calls for each data source config.
func NewDatasource(ctx context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	return NewDatasourceOn(clock.Real{})(ctx, s)
}

// NewDatasourceOn is NewDatasource on clk: the SDK's HTTP client from the instance settings and
// everything else as Grafana's process builds it (the /api/ds/query stand-in runs it on the
// tenant emulator's fast clock).
func NewDatasourceOn(clk clock.Clock) func(context.Context, backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	return func(ctx context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
		opts, err := s.HTTPClientOptions(ctx)
		if err != nil {
			return nil, fmt.Errorf("http client options: %w", err)
		}
		httpClient, err := httpclient.New(opts)
		if err != nil {
			return nil, fmt.Errorf("http client: %w", err)
		}
		d := New(s.JSONData, s.DecryptedSecureJSONData, httpClient, clk)
		d.updated = s.Updated
		return d, nil
	}
}

// New builds an instance from stored jsonData and decrypted secrets, with an injectable HTTP
// client and clock (tests use the tenant emulator and a fast clock).
func New(jsonData []byte, secure map[string]string, httpClient *http.Client, clk clock.Clock) *Datasource {
	d := &Datasource{httpClient: httpClient, clock: clk, registry: walks.Process, stores: newStores(processEnv)}
	parsed, err := models.ParseJSONData(jsonData)
	if err != nil {
		d.settingsErr = err
		return d
	}
	// Browser mode: the field the proxy route's tokenAuth reads (clientSecret). Server mode: a key
	// no route templates (backendClientSecret), so no route can use the credentials. A certificate
	// is kept in backendClientCertificate, and no secret is read beside it.
	d.settings = models.Resolve(parsed, "")
	credentialKey, bindingKey := d.settings.CredentialKeys()
	if d.settings.AuthMethod == models.AuthClientCertificate {
		d.settings.ClientCertificate = secure[credentialKey]
	} else {
		d.settings.ClientSecret = secure[credentialKey]
	}
	if err := d.settings.Validate(); err != nil {
		d.settingsErr = err
		return d
	}
	// The secret or certificate goes only to the cloud, login host and tenant it was entered for.
	if err := models.CheckSecretBinding(d.settings, secure[bindingKey]); err != nil {
		d.settingsErr = err
		return d
	}
	// Built once here so a bad endpoint is reported by Save & test; the registry builds its own.
	_, d.settingsErr = graph.NewClient(d.settings, httpClient, clk)
	d.settingsKey = walks.SettingsKey(d.settings)
	return d
}

// WithRegistry makes the instance keep its walks in r instead of the process's registry (tests).
func (d *Datasource) WithRegistry(r *walks.Registry) *Datasource {
	d.registry = r
	return d
}

// source is the data source's shared state in the registry, for the organisation and uid of the
// request: a uid is unique only within an organisation.
func (d *Datasource) source(pc backend.PluginContext) (*walks.Source, error) {
	uid := ""
	if pc.DataSourceInstanceSettings != nil {
		uid = pc.DataSourceInstanceSettings.UID
	}
	key := walks.Key{OrgID: pc.OrgID, UID: uid, Settings: d.settingsKey}
	return d.registry.Source(key, d.settings, func() (*graph.Client, error) {
		return graph.NewClient(d.settings, d.httpClient, d.clock)
	})
}

// Dispose releases the instance's hold on its audit store (the store's sync stops with its last
// holder); the HTTP client's idle connections close with the process.
func (d *Datasource) Dispose() {
	d.stores.closeAll()
}
