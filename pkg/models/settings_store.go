package models

import (
	"encoding/json"
	"fmt"
)

// The audit store's backfill and sync (Server with store mode, pkg/storesync): how many days the
// store keeps, how often it syncs, and what share of the request budget it may spend. Named
// bounds shared with src/core/model/storeSettings.ts.
const (
	// DefaultStoreRetentionDays: three months of history, three times Microsoft's longest retention.
	DefaultStoreRetentionDays = 90
	// MaxStoreRetentionDays: ten years, as MaxRetentionDays, for compliance that asks for years.
	MaxStoreRetentionDays = 3650
	// DefaultStoreSyncSeconds: a minute, so a dashboard or alert is at most a minute behind the
	// store; each sync costs about one request.
	DefaultStoreSyncSeconds = 60
	// MinStoreSyncSeconds: at Microsoft's 5 requests per 10 s a sync more often than every 10 s
	// would spend the background share on the tail alone. MaxStoreSyncSeconds: an hour.
	MinStoreSyncSeconds = 10
	MaxStoreSyncSeconds = 3600
	// DefaultStoreBudgetShare: the backfill and sync spend half the budget; dashboards and alert
	// rules keep the rest. MinStoreBudgetShare keeps a backfill moving; MaxStoreBudgetShare always
	// leaves the others a tenth.
	DefaultStoreBudgetShare = 0.5
	MinStoreBudgetShare     = 0.05
	MaxStoreBudgetShare     = 0.9
)

// The store settings' validation rules.
var (
	ErrBadStoreRetentionDays = settingsRule("badStoreRetentionDays", "the store's kept retention is not a whole number of days in range")
	ErrBadStoreSyncSeconds   = settingsRule("badStoreSyncSeconds", "the store's sync interval is not a whole number of seconds in range")
	ErrBadStoreBudgetShare   = settingsRule("badStoreBudgetShare", "the store's share of the request budget is not a fraction in range")
)

// resolveStore fills the store settings' defaults; ParseJSONData has checked stored values.
func resolveStore(s *Settings, d JSONData) {
	s.StoreRetentionDays = min(MaxStoreRetentionDays, positiveOr(d.StoreRetentionDays, DefaultStoreRetentionDays))
	s.StoreSyncSeconds = min(MaxStoreSyncSeconds, max(MinStoreSyncSeconds, positiveOr(d.StoreSyncSeconds, DefaultStoreSyncSeconds)))
	s.StoreBudgetShare = DefaultStoreBudgetShare
	if d.StoreBudgetShare >= MinStoreBudgetShare && d.StoreBudgetShare <= MaxStoreBudgetShare {
		s.StoreBudgetShare = d.StoreBudgetShare
	}
}

func readStoreRetentionDays(d *JSONData, raw json.RawMessage) error {
	n, ok := readWhole(raw, 1, MaxStoreRetentionDays)
	if !ok {
		return fmt.Errorf("%w: %s; set storeRetentionDays to the days of history the store keeps, 1 to %d, or remove it for the default of %d",
			ErrBadStoreRetentionDays, shortJSON(raw), MaxStoreRetentionDays, DefaultStoreRetentionDays)
	}
	d.StoreRetentionDays = n
	return nil
}

func readStoreSyncSeconds(d *JSONData, raw json.RawMessage) error {
	n, ok := readWhole(raw, MinStoreSyncSeconds, MaxStoreSyncSeconds)
	if !ok {
		return fmt.Errorf("%w: %s; set storeSyncSeconds to a whole number from %d to %d, or remove it for the default of %d",
			ErrBadStoreSyncSeconds, shortJSON(raw), MinStoreSyncSeconds, MaxStoreSyncSeconds, DefaultStoreSyncSeconds)
	}
	d.StoreSyncSeconds = n
	return nil
}

func readStoreBudgetShare(d *JSONData, raw json.RawMessage) error {
	n, ok := readNumber(raw)
	if !ok || n < MinStoreBudgetShare || n > MaxStoreBudgetShare {
		return fmt.Errorf("%w: %s; set storeBudgetShare to a fraction from %v to %v of the request budget, or remove it for the default of %v",
			ErrBadStoreBudgetShare, shortJSON(raw), MinStoreBudgetShare, MaxStoreBudgetShare, DefaultStoreBudgetShare)
	}
	d.StoreBudgetShare = n
	return nil
}
