package models_test

import (
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/auditlens/entraid/pkg/models"
)

// Every validation rule Go refuses with exists in TypeScript's ValidationRule, and back: the
// validation vectors compare the two engines by these keys.
func TestValidationRulesMatchTypeScript(t *testing.T) {
	sentinels := []*models.RuleError{
		models.ErrQueryJSON, models.ErrBadRefID, models.ErrUnknownFormat, models.ErrUnknownGroupBy, models.ErrBadFilters,
		models.ErrUnknownFilterField, models.ErrUnknownOperator, models.ErrBadFilterValues, models.ErrBadTopN, models.ErrBadGroups,
		models.ErrBadRawFilter, models.ErrBadBucket, models.ErrBadRange,
		models.ErrSettingsJSON, models.ErrUnknownCloud, models.ErrUnknownAPI, models.ErrMissingTenant, models.ErrBadTenant,
		models.ErrMissingClientID, models.ErrBadClientID, models.ErrMissingSecret, models.ErrBadEndpoint, models.ErrBadMaxEvents,
		models.ErrBadRetentionDays, models.ErrBadIngestionDelay, models.ErrBadRequestBudget, models.ErrBadThrottleGiveUp,
		models.ErrBadStoreRetentionDays, models.ErrBadStoreSyncSeconds, models.ErrBadStoreBudgetShare,
		models.ErrUnknownQueryMode, models.ErrUnknownAuthMethod, models.ErrMissingCertificate, models.ErrCertificateNeedsServer,
	}
	var goRules []string
	for _, s := range sentinels {
		if s.Code != "invalidSettings" && s.Code != "invalidQuery" {
			t.Errorf("%s has code %q, not a QueryErrorCode for validation", s.Rule, s.Code)
		}
		goRules = append(goRules, s.Rule)
	}
	sort.Strings(goRules)
	source := regexp.MustCompile(`(?m)//[^\n]*`).ReplaceAllString(readSource(t, "../../src/core/errors/validationRule.ts"), "")
	if ts := tsUnion(t, source, "ValidationRule"); !reflect.DeepEqual(ts, goRules) {
		t.Errorf("ValidationRule: TypeScript has %v, Go has %v", ts, goRules)
	}
}

// The named bounds of stored settings and queries are the same numbers in both engines.
func TestNamedBoundsMatchTypeScript(t *testing.T) {
	stored := readSource(t, "../../src/core/model/storedSettings.ts")
	query := readSource(t, "../../src/core/plan/validateQuery.ts")
	for name, want := range map[string]int{
		"MAX_RETENTION_DAYS": models.MaxRetentionDays, "MAX_INGESTION_DELAY_MINUTES": models.MaxIngestionDelayMinutes,
		"MAX_BUDGET_REQUESTS": models.MaxBudgetRequests, "MAX_BUDGET_SECONDS": models.MaxBudgetSeconds,
		"DEFAULT_THROTTLE_GIVE_UP_MINUTES": models.DefaultThrottleGiveUpMinutes, "MAX_THROTTLE_GIVE_UP_MINUTES": models.MaxThrottleGiveUpMinutes,
	} {
		expectConstant(t, stored, name, want)
	}
	expectConstant(t, query, "MAX_TOP_N", models.MaxTopN)
	store := readSource(t, "../../src/core/model/storeSettings.ts")
	for name, want := range map[string]int{
		"DEFAULT_STORE_RETENTION_DAYS": models.DefaultStoreRetentionDays, "MAX_STORE_RETENTION_DAYS": models.MaxStoreRetentionDays,
		"DEFAULT_STORE_SYNC_SECONDS": models.DefaultStoreSyncSeconds, "MIN_STORE_SYNC_SECONDS": models.MinStoreSyncSeconds,
		"MAX_STORE_SYNC_SECONDS": models.MaxStoreSyncSeconds,
	} {
		expectConstant(t, store, name, want)
	}
	for name, want := range map[string]float64{
		"DEFAULT_STORE_BUDGET_SHARE": models.DefaultStoreBudgetShare, "MIN_STORE_BUDGET_SHARE": models.MinStoreBudgetShare,
		"MAX_STORE_BUDGET_SHARE": models.MaxStoreBudgetShare,
	} {
		m := regexp.MustCompile(name + ` = ([\d.]+);`).FindStringSubmatch(store)
		if m == nil || m[1] != strconv.FormatFloat(want, 'f', -1, 64) {
			t.Errorf("%s differs: TypeScript %v, Go %v", name, m, want)
		}
	}
}

func expectConstant(t *testing.T, source, name string, want int) {
	t.Helper()
	m := regexp.MustCompile(name + ` = ([\d_]+);`).FindStringSubmatch(source)
	if m == nil || strings.ReplaceAll(m[1], "_", "") != strconv.Itoa(want) {
		t.Errorf("%s differs: TypeScript %v, Go %d", name, m, want)
	}
}

func readSource(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("cannot read %s: %v", path, err)
	}
	return string(raw)
}
