// Package plugin adapts the engine to Grafana's backend SDK: one instance per data source,
// one file per handler.
package plugin

import (
	"context"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
)

// PluginID is the plugin's id in src/plugin.json.
const PluginID = "auditlens-entraid-datasource"

var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// Datasource is one configured Entra ID data source. Its client (token cache, request pacing)
// is shared by every query of this instance, as Microsoft's budget is per app and tenant.
type Datasource struct {
	settings models.Settings
	// settingsErr is kept rather than failing instance creation, so Save & test can explain it.
	settingsErr error
	client      *graph.Client
}

// NewDatasource is the instance factory datasource.Manage calls for each data source config.
func NewDatasource(ctx context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	opts, err := s.HTTPClientOptions(ctx)
	if err != nil {
		return nil, fmt.Errorf("http client options: %w", err)
	}
	httpClient, err := httpclient.New(opts)
	if err != nil {
		return nil, fmt.Errorf("http client: %w", err)
	}
	return New(s.JSONData, s.DecryptedSecureJSONData, httpClient, clock.Real{}), nil
}

// New builds an instance from stored jsonData and decrypted secrets, with an injectable HTTP
// client and clock (tests use the tenant emulator and a fast clock).
func New(jsonData []byte, secure map[string]string, httpClient *http.Client, clk clock.Clock) *Datasource {
	d := &Datasource{}
	parsed, err := models.ParseJSONData(jsonData)
	if err != nil {
		d.settingsErr = err
		return d
	}
	// The same stored field the proxy route's tokenAuth reads: secureJsonData.clientSecret.
	d.settings = models.Resolve(parsed, secure["clientSecret"])
	if err := d.settings.Validate(); err != nil {
		d.settingsErr = err
		return d
	}
	// The secret goes only to the cloud, login host and tenant it was entered for.
	if err := models.CheckSecretBinding(d.settings, secure[models.SecretBindingKey]); err != nil {
		d.settingsErr = err
		return d
	}
	d.client, d.settingsErr = graph.NewClient(d.settings, httpClient, clk)
	return d
}

// Dispose releases nothing: the HTTP client's idle connections close with the process.
func (d *Datasource) Dispose() {}
