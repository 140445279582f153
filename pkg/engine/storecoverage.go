package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
	"github.com/auditlens/entraid/pkg/store"
)

// Errors an alert evaluation from the store fails with rather than under-count.
var (
	ErrStoreBehind      = errors.New("the audit store is behind")
	ErrStoreNotCovering = errors.New("the audit store does not hold the whole range yet")
)

// MaxSpansNamed bounds the covered spans a notice or an error lists; the rest are counted.
const MaxSpansNamed = 5

// checkAlertCanCount fails an alert evaluation the store would answer with too few events: the
// last successful sync is too old, or the rule's range is not covered.
func (s StoreRead) checkAlertCanCount(ctx context.Context, cov store.Coverage, span store.Span) error {
	state, err := s.Store.SyncState(ctx)
	if err != nil {
		return err
	}
	staleAfter := s.StaleAfter
	if staleAfter <= 0 {
		staleAfter = DefaultStaleAfter
	}
	const fix = "An alert would count too few events, so the evaluation fails instead. The store's status (last sync and its error) " +
		"is on the data source's settings page; after a Grafana restart the sync resumes with the data source's first query"
	now := s.Clock.Now()
	if state.LastSuccessMs == 0 {
		return fmt.Errorf("%w: it has not completed a sync yet. %s", ErrStoreBehind, fix)
	}
	if behind := now.Sub(time.UnixMilli(state.LastSuccessMs)); behind > staleAfter {
		return fmt.Errorf("%w: the store is %d minutes behind (its last successful sync was at %s, more than %s ago). %s",
			ErrStoreBehind, int(behind/time.Minute), plan.FormatTime(time.UnixMilli(state.LastSuccessMs)), staleAfter, fix)
	}
	if !cov.Complete() {
		return fmt.Errorf("%w: the rule's range is %s, and the store %s. Wait for the backfill to reach the range's start "+
			"(progress on the data source's settings page) or shorten the rule's range", ErrStoreNotCovering, spanText(span), holdsText(cov))
	}
	return nil
}

// coverageNotice tells a dashboard which part of its range the frames are made of.
func coverageNotice(cov store.Coverage) models.Notice {
	return models.Notice{Severity: models.SeverityWarning, Text: fmt.Sprintf(
		"The audit store does not hold this whole range yet: it %s. Events outside that are not shown; the store's sync fills "+
			"them in the background (progress on the data source's settings page).", holdsText(cov))}
}

// describeCoverage is the executed query string's line about what the store held.
func describeCoverage(cov store.Coverage, span store.Span) string {
	if cov.Complete() {
		return "The store holds the whole range."
	}
	return fmt.Sprintf("The store %s (of %s).", holdsText(cov), spanText(span))
}

// holdsText lists the covered spans newest first: "holds … and …", or "holds none of it".
func holdsText(cov store.Coverage) string {
	if len(cov.Covered) == 0 {
		return "holds none of it"
	}
	named := cov.Covered[:min(len(cov.Covered), MaxSpansNamed)]
	parts := make([]string, len(named))
	for i, s := range named {
		parts[i] = spanText(s)
	}
	text := "holds only " + strings.Join(parts, ", ")
	if more := len(cov.Covered) - len(named); more > 0 {
		text += fmt.Sprintf(" and %d more spans", more)
	}
	return text
}

func spanText(s store.Span) string {
	return plan.FormatTime(time.UnixMilli(s.FromMs)) + " to " + plan.FormatTime(time.UnixMilli(s.ToMs))
}
