package conformance

import (
	"context"
	"encoding/json"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/store"
)

// StoredRecords is what a sync would store from a case's scripted answers: every element of
// every page's "value" array, as sent. Answers that are not pages (errors, throttling, text that
// is not JSON, dropped connections) hold no events.
func StoredRecords(answers []Answer, api models.APIFlavour) []store.Record {
	flavour := store.FlavourGraph
	if api == models.APILegacy {
		flavour = store.FlavourLegacy
	}
	var out []store.Record
	for _, a := range answers {
		if a.NetworkError || (a.Status != 0 && a.Status != 200) {
			continue
		}
		body := []byte(a.Body)
		if a.BodyText != nil {
			body = []byte(*a.BodyText)
		}
		var page struct {
			Value []json.RawMessage `json:"value"`
		}
		if json.Unmarshal(body, &page) != nil {
			continue
		}
		for _, raw := range page.Value {
			out = append(out, store.Record{Raw: raw, Flavour: flavour})
		}
	}
	return out
}

// FillStore writes a case's events into st as one sync batch covering span, and records a
// successful sync at syncedMs.
func FillStore(ctx context.Context, st store.Store, answers []Answer, api models.APIFlavour, span store.Span, syncedMs int64) error {
	if _, err := st.Write(ctx, store.Batch{Records: StoredRecords(answers, api), Covered: []store.Span{span}}); err != nil {
		return err
	}
	return st.SaveSyncState(ctx, store.SyncState{LastAttemptMs: syncedMs, LastSuccessMs: syncedMs})
}
