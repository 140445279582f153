package models

import (
	"encoding/json"
	"fmt"
	"slices"
)

// QueryMode is where a data source's dashboards, Explore, variables and annotations run; it
// mirrors QueryMode in src/core/model/settings.ts. Alert rules and Save & test always run in the
// backend.
type QueryMode string

// The query modes. A stored data source without the key is QueryModeBrowser, so nothing changes
// for it; the config editor starts a new data source in QueryModeServer (docs/editors.md).
const (
	// QueryModeBrowser: the browser walks Graph through the data source's proxy routes, which
	// template secureJsonData.clientSecret into their token request.
	QueryModeBrowser QueryMode = "browser"
	// QueryModeServer: every query goes to the backend, which walks Graph once per tenant for every
	// user; the secret is kept as secureJsonData.backendClientSecret, a key no route templates.
	QueryModeServer QueryMode = "server"
	// QueryModeServerStore: as QueryModeServer, answered from the audit store the backend keeps
	// on the Grafana server's disk (pkg/store, filled by pkg/storesync); same secret key.
	QueryModeServerStore QueryMode = "serverStore"
)

// queryModes are the values a stored queryMode may take (QUERY_MODES in settings.ts).
var queryModes = []QueryMode{QueryModeBrowser, QueryModeServer, QueryModeServerStore}

// OnServer: the backend answers the mode's dashboards, and its secret is kept where no route
// templates it.
func (m QueryMode) OnServer() bool {
	return m == QueryModeServer || m == QueryModeServerStore
}

// The secureJsonData keys each mode keeps its secret and secret binding in.
const (
	BrowserSecretKey        = "clientSecret"
	ServerSecretKey         = "backendClientSecret"
	ServerSecretBindingKey  = "backendClientSecretBinding"
	browserSecretBindingKey = SecretBindingKey
)

// SecretKeys names the secureJsonData keys of the mode's secret and its binding: in server mode
// the secret lives where no proxy route templates it, so no route can use the credentials.
func (m QueryMode) SecretKeys() (secret, binding string) {
	if m.OnServer() {
		return ServerSecretKey, ServerSecretBindingKey
	}
	return BrowserSecretKey, browserSecretBindingKey
}

func readQueryMode(d *JSONData, raw json.RawMessage) error {
	s, ok := readText(raw)
	if ok && slices.Contains(queryModes, QueryMode(s)) {
		d.QueryMode = QueryMode(s)
		return nil
	}
	return fmt.Errorf("%w: %s; set queryMode to \"browser\", \"server\" or \"serverStore\" (Where queries run, in the data source settings), or remove it for browser", ErrUnknownQueryMode, shortJSON(raw))
}
