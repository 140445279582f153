package models

// CloudName names a sovereign cloud, or "custom" for endpoints set by hand.
type CloudName string

// The clouds the settings know; mirrors src/core/model/clouds.ts.
const (
	CloudAzure    CloudName = "azure"
	CloudUSGov    CloudName = "usgov"
	CloudUSGovDoD CloudName = "usgovdod"
	CloudChina    CloudName = "china"
	CloudCustom   CloudName = "custom"
)

// CloudEndpoints are the hosts of one cloud.
type CloudEndpoints struct {
	LoginURL       string
	GraphURL       string
	LegacyGraphURL string
	// DirectoryAuditsOnlyOnBeta: Microsoft documents v1.0 directory audits as unavailable in China.
	DirectoryAuditsOnlyOnBeta bool
}

// Clouds maps each named cloud to its hosts (docs/reference/graph-api.md §6).
var Clouds = map[CloudName]CloudEndpoints{
	CloudAzure:    {LoginURL: "https://login.microsoftonline.com", GraphURL: "https://graph.microsoft.com", LegacyGraphURL: "https://graph.windows.net"},
	CloudUSGov:    {LoginURL: "https://login.microsoftonline.us", GraphURL: "https://graph.microsoft.us", LegacyGraphURL: "https://graph.microsoftazure.us"},
	CloudUSGovDoD: {LoginURL: "https://login.microsoftonline.us", GraphURL: "https://dod-graph.microsoft.us", LegacyGraphURL: "https://graph.microsoftazure.us"},
	CloudChina:    {LoginURL: "https://login.chinacloudapi.cn", GraphURL: "https://microsoftgraph.chinacloudapi.cn", LegacyGraphURL: "https://graph.chinacloudapi.cn", DirectoryAuditsOnlyOnBeta: true},
}
