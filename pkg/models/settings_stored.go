package models

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
)

// Named bounds of the stored settings, shared with src/core/model/settings.ts.
const (
	// MaxRetentionDays: Microsoft keeps directory audits 30 days at most; ten years leaves room for
	// any store an emulator or a custom endpoint may hold, and keeps days × 86,400,000 ms far below
	// the range of a Go duration (about 106,000 days) and of a JavaScript time.
	MaxRetentionDays = 3650
	// MaxIngestionDelayMinutes: Microsoft documents audit latency in minutes; a log more than a
	// day late is broken, not late, and alert ranges shifted further would never see fresh events.
	MaxIngestionDelayMinutes = 1440
	// MaxBudgetRequests and MaxBudgetSeconds bound the request budget: Microsoft's is 5 per 10 s;
	// test suites against the emulator turn pacing off with 100,000 per millisecond, and a window
	// past an hour is a typo.
	MaxBudgetRequests = 100_000
	MaxBudgetSeconds  = 3600
	// maxStoredWhole is the largest whole number both engines hold exactly (JavaScript's safe integers).
	maxStoredWhole = 1<<53 - 1
	// maxStoredInt is maxStoredWhole where an int holds it; on 32-bit platforms (the release's
	// linux/arm backend) it is math.MaxInt, and a larger Events per query is refused as not a whole number.
	maxStoredInt = min(maxStoredWhole, math.MaxInt)
)

// storedSetting reads one jsonData key into d; the order of settingsKeys is the order both
// engines check them in (checkStoredSettings in src/core/model/storedSettings.ts).
type storedSetting struct {
	key  string
	read func(d *JSONData, raw json.RawMessage) error
}

var settingsKeys = []storedSetting{
	{"cloud", textSetting(ErrUnknownCloud, func(d *JSONData, s string) { d.Cloud = CloudName(s) })},
	{"api", textSetting(ErrUnknownAPI, func(d *JSONData, s string) { d.API = APIFlavour(s) })},
	{"tenantId", textSetting(ErrBadTenant, func(d *JSONData, s string) { d.TenantID = s })},
	{"clientId", textSetting(ErrBadClientID, func(d *JSONData, s string) { d.ClientID = s })},
	{"loginUrl", textSetting(ErrBadEndpoint, func(d *JSONData, s string) { d.LoginURL = s })},
	{"graphUrl", textSetting(ErrBadEndpoint, func(d *JSONData, s string) { d.GraphURL = s })},
	{"legacyGraphUrl", textSetting(ErrBadEndpoint, func(d *JSONData, s string) { d.LegacyGraphURL = s })},
	{"maxEvents", readMaxEvents},
	{"retentionDays", readRetentionDays},
	{"ingestionDelayMinutes", readIngestionDelay},
	{"requestBudget", readRequestBudget},
	{"throttleGiveUpMinutes", readThrottleGiveUp},
	{"storeRetentionDays", readStoreRetentionDays},
	{"storeSyncSeconds", readStoreSyncSeconds},
	{"storeBudgetShare", readStoreBudgetShare},
	{"queryMode", readQueryMode},
	{"authMethod", readAuthMethod},
}

// ParseJSONData decodes stored jsonData with exact keys; empty input means every default.
// A value of the wrong kind or out of its named bounds fails with the rule it breaks.
func ParseJSONData(raw []byte) (JSONData, error) {
	var d JSONData
	if len(bytes.TrimSpace(raw)) == 0 {
		return d, nil
	}
	obj, err := readObject(raw)
	if err != nil {
		return d, fmt.Errorf("%w: %v", ErrSettingsJSON, err)
	}
	for _, setting := range settingsKeys {
		if value, ok := obj[setting.key]; ok && !isNull(value) {
			if err := setting.read(&d, value); err != nil {
				return d, err
			}
		}
	}
	return d, nil
}

func textSetting(rule *RuleError, set func(*JSONData, string)) func(*JSONData, json.RawMessage) error {
	return func(d *JSONData, raw json.RawMessage) error {
		s, ok := readText(raw)
		if !ok {
			return fmt.Errorf("%w: the stored value %s is not text; set it again in the data source settings", rule, shortJSON(raw))
		}
		set(d, s)
		return nil
	}
}

func readMaxEvents(d *JSONData, raw json.RawMessage) error {
	n, ok := readWhole(raw, 1, maxStoredInt)
	if ok && n > MaxEventsPerQuery {
		return MaxEventsTooHigh(n)
	}
	if !ok {
		return fmt.Errorf("%w: %s; set Events per query to a whole number such as 100000, or clear it for the default", ErrBadMaxEvents, shortJSON(raw))
	}
	d.MaxEvents = n
	return nil
}

func readRetentionDays(d *JSONData, raw json.RawMessage) error {
	n, ok := readWhole(raw, 1, MaxRetentionDays)
	if !ok {
		return fmt.Errorf("%w: %s; set Audit retention to the tenant's days (7 or 30), at most %d", ErrBadRetentionDays, shortJSON(raw), MaxRetentionDays)
	}
	d.RetentionDays = n
	return nil
}

func readIngestionDelay(d *JSONData, raw json.RawMessage) error {
	n, ok := readWhole(raw, 0, MaxIngestionDelayMinutes)
	if !ok {
		return fmt.Errorf("%w: %s; set ingestionDelayMinutes to a whole number from 0 to %d, or remove it for the default of %d", ErrBadIngestionDelay, shortJSON(raw), MaxIngestionDelayMinutes, DefaultIngestionDelayMinutes)
	}
	d.IngestionDelayMinutes = &n
	return nil
}

// readThrottleGiveUp refuses what the walker once clamped or replaced silently: whoever stored 0 or
// 600 minutes meant something the plugin will not do.
func readThrottleGiveUp(d *JSONData, raw json.RawMessage) error {
	n, ok := readWhole(raw, 1, MaxThrottleGiveUpMinutes)
	if !ok {
		return fmt.Errorf("%w: %s; set it to a whole number of minutes from 1 to %d, or remove it for the default of %d",
			ErrBadThrottleGiveUp, shortJSON(raw), MaxThrottleGiveUpMinutes, DefaultThrottleGiveUpMinutes)
	}
	d.ThrottleGiveUpMinutes = n
	return nil
}

// readRequestBudget refuses a budget no walk can use (0 requests would wait forever) rather than
// replacing it silently: whoever set it meant something.
func readRequestBudget(d *JSONData, raw json.RawMessage) error {
	fail := fmt.Errorf("%w: %s; set requestBudget to {\"requests\": 1 to %d, \"perSeconds\": above 0 up to %d}, or remove it for Microsoft's 5 per 10 s",
		ErrBadRequestBudget, shortJSON(raw), MaxBudgetRequests, MaxBudgetSeconds)
	obj, err := readObject(raw)
	if err != nil {
		return fail
	}
	requests, ok := readWhole(obj["requests"], 1, MaxBudgetRequests)
	if !ok {
		return fail
	}
	seconds, ok := readNumber(obj["perSeconds"])
	if !ok || seconds <= 0 || seconds > MaxBudgetSeconds {
		return fail
	}
	d.RequestBudget = &RequestBudget{Requests: requests, PerSeconds: seconds}
	return nil
}
