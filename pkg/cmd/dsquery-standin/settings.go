package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// DataSource is one data source as Grafana stores it: secureJsonData already decrypted, as
// Grafana decrypts it before each call to the plugin.
type DataSource struct {
	OrgID          int64             `json:"orgId"`
	ID             int64             `json:"id"`
	UID            string            `json:"uid"`
	Name           string            `json:"name"`
	JSONData       json.RawMessage   `json:"jsonData"`
	SecureJSONData map[string]string `json:"secureJsonData"`
}

// Settings is the stand-in's settings file.
type Settings struct {
	DataSources []DataSource `json:"datasources"`
}

// maxSettingsBytes bounds the settings file read at start-up.
const maxSettingsBytes = 1 << 20

func loadSettings(path string) ([]DataSource, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("settings file: %w", err)
	}
	if info.Size() > maxSettingsBytes {
		return nil, fmt.Errorf("settings file %s is %d bytes, more than %d: it should hold only data source settings", path, info.Size(), maxSettingsBytes)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("settings file: %w", err)
	}
	var s Settings
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("settings file %s is not {\"datasources\":[…]}: %w", path, err)
	}
	for i := range s.DataSources {
		ds := &s.DataSources[i]
		if ds.UID == "" {
			return nil, fmt.Errorf("settings file %s: data source %d has no uid; give each one the uid its queries name", path, i)
		}
		if ds.OrgID == 0 {
			ds.OrgID = 1
		}
	}
	return s.DataSources, nil
}

// instanceSettings is what Grafana puts in the PluginContext of every call for this data source.
func (ds DataSource) instanceSettings(updated time.Time) *backend.DataSourceInstanceSettings {
	return &backend.DataSourceInstanceSettings{
		ID: ds.ID, UID: ds.UID, Name: ds.Name, Type: "auditlens-entraid-datasource",
		JSONData: ds.JSONData, DecryptedSecureJSONData: ds.SecureJSONData, Updated: updated,
	}
}
