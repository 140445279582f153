package models

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// APIFlavour picks the audit API: Microsoft Graph v1.0 or beta, or the retired Azure AD Graph.
type APIFlavour string

// The API flavours; mirrors ApiFlavour in src/core/model/settings.ts.
const (
	APIGraphV1   APIFlavour = "msgraph-v1"
	APIGraphBeta APIFlavour = "msgraph-beta"
	APILegacy    APIFlavour = "legacy"
)

// Defaults shared with src/core/model/settings.ts.
const (
	DefaultMaxEvents             = 100_000
	DefaultRetentionDays         = 30
	DefaultIngestionDelayMinutes = 5
	DefaultThrottleGiveUpMinutes = 10
	MaxThrottleGiveUpMinutes     = 60
)

// RequestBudget is the report API's per-app, per-tenant budget: Requests per PerSeconds.
type RequestBudget struct {
	Requests   int     `json:"requests"`
	PerSeconds float64 `json:"perSeconds"`
}

// DefaultRequestBudget is Microsoft's documented 5 requests per 10 s for identity reports.
var DefaultRequestBudget = RequestBudget{Requests: 5, PerSeconds: 10}

// JSONData is the data source's jsonData as stored by Grafana (readable by every Viewer).
// Never add a key named authenticationType: Grafana's data proxy reserves it.
type JSONData struct {
	Cloud                 CloudName      `json:"cloud,omitempty"`
	API                   APIFlavour     `json:"api,omitempty"`
	TenantID              string         `json:"tenantId,omitempty"`
	ClientID              string         `json:"clientId,omitempty"`
	LoginURL              string         `json:"loginUrl,omitempty"`
	GraphURL              string         `json:"graphUrl,omitempty"`
	LegacyGraphURL        string         `json:"legacyGraphUrl,omitempty"`
	MaxEvents             int            `json:"maxEvents,omitempty"`
	RetentionDays         int            `json:"retentionDays,omitempty"`
	IngestionDelayMinutes *int           `json:"ingestionDelayMinutes,omitempty"`
	RequestBudget         *RequestBudget `json:"requestBudget,omitempty"`
	// ThrottleGiveUpMinutes: how long a page may stay throttled (429 after 429) before its query fails.
	ThrottleGiveUpMinutes int `json:"throttleGiveUpMinutes,omitempty"`
	// The audit store's days kept, seconds between syncs and share of the budget (settings_store.go).
	StoreRetentionDays int     `json:"storeRetentionDays,omitempty"`
	StoreSyncSeconds   int     `json:"storeSyncSeconds,omitempty"`
	StoreBudgetShare   float64 `json:"storeBudgetShare,omitempty"`
	// QueryMode: where dashboards' queries run (querymode.go); absent is QueryModeBrowser.
	QueryMode QueryMode `json:"queryMode,omitempty"`
	// AuthMethod: how the backend signs in (authmethod.go); absent is AuthClientSecret.
	AuthMethod AuthMethod `json:"authMethod,omitempty"`
	// TLSAuthWithCACert is Grafana's own TLS setting: the SDK's HTTPClientOptions (NewDatasource)
	// and Grafana's proxy routes then trust only secureJsonData.tlsCACert, a custom cloud's private CA.
	TLSAuthWithCACert bool `json:"tlsAuthWithCACert,omitempty"`
}

// Settings are the resolved settings: cloud table applied, defaults filled, secret attached.
type Settings struct {
	Cloud                 CloudName
	API                   APIFlavour
	TenantID              string
	ClientID              string
	LoginURL              string
	GraphURL              string
	LegacyGraphURL        string
	MaxEvents             int
	RetentionDays         int
	IngestionDelayMinutes int
	RequestBudget         RequestBudget
	ThrottleGiveUpMinutes int
	StoreRetentionDays    int
	StoreSyncSeconds      int
	StoreBudgetShare      float64
	QueryMode             QueryMode
	AuthMethod            AuthMethod
	// ClientSecret comes from secureJsonData only and is never serialised.
	ClientSecret string `json:"-"`
	// ClientCertificate is the certificate's PEM with its private key, from secureJsonData only.
	ClientCertificate string `json:"-"`
}

// Resolve applies the cloud table and the defaults, as resolveSettings does in TypeScript.
// The China cloud defaults to Graph beta, the only version that serves directory audits there.
func Resolve(d JSONData, clientSecret string) Settings {
	cloud := d.Cloud
	if cloud == "" {
		cloud = CloudAzure
	}
	endpoints, named := Clouds[cloud]
	api := d.API
	if api == "" {
		api = APIGraphV1
		if named && endpoints.DirectoryAuditsOnlyOnBeta {
			api = APIGraphBeta
		}
	}
	s := Settings{
		Cloud:                 cloud,
		API:                   api,
		TenantID:              TrimText(d.TenantID),
		ClientID:              TrimText(d.ClientID),
		LoginURL:              trimSlash(d.LoginURL),
		GraphURL:              trimSlash(d.GraphURL),
		LegacyGraphURL:        trimSlash(d.LegacyGraphURL),
		MaxEvents:             positiveOr(d.MaxEvents, DefaultMaxEvents),
		RetentionDays:         positiveOr(d.RetentionDays, DefaultRetentionDays),
		IngestionDelayMinutes: DefaultIngestionDelayMinutes,
		RequestBudget:         DefaultRequestBudget,
		ThrottleGiveUpMinutes: min(MaxThrottleGiveUpMinutes, positiveOr(d.ThrottleGiveUpMinutes, DefaultThrottleGiveUpMinutes)),
		QueryMode:             d.QueryMode,
		AuthMethod:            d.AuthMethod,
		ClientSecret:          clientSecret,
	}
	if s.AuthMethod == "" {
		s.AuthMethod = AuthClientSecret
	}
	resolveStore(&s, d)
	if s.QueryMode == "" {
		s.QueryMode = QueryModeBrowser
	}
	if named {
		s.LoginURL, s.GraphURL, s.LegacyGraphURL = endpoints.LoginURL, endpoints.GraphURL, endpoints.LegacyGraphURL
	}
	if d.IngestionDelayMinutes != nil && *d.IngestionDelayMinutes >= 0 {
		s.IngestionDelayMinutes = *d.IngestionDelayMinutes
	}
	if d.RequestBudget != nil && d.RequestBudget.Requests > 0 && d.RequestBudget.PerSeconds > 0 {
		s.RequestBudget = *d.RequestBudget
	}
	return s
}

// A tenant is a GUID or a DNS name; anything else could smuggle a path into the token URL.
var tenantPattern = regexp.MustCompile(`^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))+)$`)

// Validate returns the first setting that stops the data source from working, with the fix.
func (s Settings) Validate() error {
	// ParseJSONData refuses these already; settings built in code must not overflow a duration either.
	if s.RetentionDays < 1 || s.RetentionDays > MaxRetentionDays {
		return fmt.Errorf("%w: %d; set it to the tenant's days (7 or 30), at most %d", ErrBadRetentionDays, s.RetentionDays, MaxRetentionDays)
	}
	if s.MaxEvents > MaxEventsPerQuery {
		return MaxEventsTooHigh(s.MaxEvents)
	}
	if s.MaxEvents < 1 {
		return fmt.Errorf("%w: %d; set Events per query to a whole number such as 100000", ErrBadMaxEvents, s.MaxEvents)
	}
	if s.ThrottleGiveUpMinutes < 1 || s.ThrottleGiveUpMinutes > MaxThrottleGiveUpMinutes {
		return fmt.Errorf("%w: %d; use 1 to %d minutes", ErrBadThrottleGiveUp, s.ThrottleGiveUpMinutes, MaxThrottleGiveUpMinutes)
	}
	if s.IngestionDelayMinutes < 0 || s.IngestionDelayMinutes > MaxIngestionDelayMinutes {
		return fmt.Errorf("%w: %d; use 0 to %d minutes", ErrBadIngestionDelay, s.IngestionDelayMinutes, MaxIngestionDelayMinutes)
	}
	if _, named := Clouds[s.Cloud]; !named && s.Cloud != CloudCustom {
		return fmt.Errorf("%w: %q; choose Azure, US Government, US Government DoD, China or custom", ErrUnknownCloud, s.Cloud)
	}
	switch s.API {
	case APIGraphV1, APIGraphBeta, APILegacy:
	default:
		return fmt.Errorf("%w: %q; choose msgraph-v1, msgraph-beta or legacy", ErrUnknownAPI, s.API)
	}
	if s.TenantID == "" {
		return fmt.Errorf("%w; enter the Directory (tenant) ID from the app registration's overview", ErrMissingTenant)
	}
	if !tenantPattern.MatchString(s.TenantID) {
		return fmt.Errorf("%w; enter the Directory (tenant) ID GUID or a verified domain such as contoso.onmicrosoft.com", ErrBadTenant)
	}
	if s.ClientID == "" {
		return fmt.Errorf("%w; enter the Application (client) ID of the app registration", ErrMissingClientID)
	}
	if err := s.validateCredential(); err != nil {
		return err
	}
	if err := checkEndpoint("login URL", s.LoginURL); err != nil {
		return err
	}
	return checkEndpoint(s.APIURLName(), s.APIURL())
}

// APIURL is the base URL of the configured API: the Microsoft Graph URL, or the Azure AD Graph
// URL for the legacy flavour.
func (s Settings) APIURL() string {
	if s.API == APILegacy {
		return s.LegacyGraphURL
	}
	return s.GraphURL
}

// APIURLName names APIURL's setting in messages.
func (s Settings) APIURLName() string {
	if s.API == APILegacy {
		return "Azure AD Graph URL"
	}
	return "Microsoft Graph URL"
}

// checkEndpoint applies the endpoint rule (endpoint.go, the same rule as the TypeScript engine).
func checkEndpoint(name, raw string) error {
	if problem := CheckEndpointURL(raw); problem != "" {
		return fmt.Errorf("%w: %s", ErrBadEndpoint, describeEndpointProblem(name, problem))
	}
	return nil
}

func trimSlash(s string) string {
	return strings.TrimRight(TrimText(s), "/")
}

// TrimText trims what JavaScript's trim() and NEL trim (trimText in src/core/model/settings.ts):
// Unicode white space and U+FEFF.
func TrimText(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
}

func positiveOr(v, fallback int) int {
	if v > 0 {
		return v
	}
	return fallback
}
