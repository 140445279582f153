package storesync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plan"
	"github.com/auditlens/entraid/pkg/store"
)

// chunk is one walk: the range asked of Graph and the span it proves complete once walked.
// CoverTo is below WalkTo for the tail, whose newest minutes Microsoft may still be filling in.
type chunk struct {
	WalkFrom, WalkTo, CoverTo int64
}

// errChunkTooBig: a chunk could not be covered in part; the next one is narrower.
var errChunkTooBig = errors.New("a chunk of the store's backfill held too many events")

// walked is what one chunk's walk brought back, ready for one store batch.
type walked struct {
	Records  []store.Record
	Covered  store.Span
	Events   int
	Requests int
}

// walkChunk walks c.WalkFrom..c.WalkTo and returns every event as sent with the span the walk
// proves complete. It fails as a whole (nothing to write) when any page fails; a walk passing
// MaxChunkEvents stops at a page boundary and covers from just after its oldest event.
func walkChunk(ctx context.Context, client *graph.Client, s models.Settings, c chunk, now time.Time) (walked, error) {
	q := models.AuditQuery{}
	walkSettings := s
	walkSettings.MaxEvents = models.MaxEventsPerQuery // full pages
	p, err := plan.Build(plan.Input{Query: q, Settings: walkSettings, From: time.UnixMilli(c.WalkFrom), To: time.UnixMilli(c.WalkTo), Now: now})
	if err != nil {
		return walked{}, err
	}
	out := walked{Covered: store.Span{FromMs: p.From.UnixMilli(), ToMs: c.CoverTo}}
	if p.OutsideRetention {
		return out, nil
	}
	flavour := store.FlavourGraph
	if s.API == models.APILegacy {
		flavour = store.FlavourLegacy
	}
	oldest, ordered, stopped := int64(math.MaxInt64), true, false
	res, err := client.WalkRecords(ctx, p, func(items []*models.AuditEvent, raw []json.RawMessage, hasNext bool) graph.Verdict {
		for i, ev := range items {
			out.Records = append(out.Records, store.Record{Raw: raw[i], Flavour: flavour})
			if ev != nil {
				ordered = ordered && ev.TimeMs <= oldest
				oldest = min(oldest, ev.TimeMs)
			}
		}
		if len(out.Records) >= MaxChunkEvents && hasNext {
			stopped = true
			return graph.Stop
		}
		return graph.Continue
	})
	if res != nil {
		out.Requests = res.Requests
	}
	if err != nil {
		return walked{Requests: out.Requests}, err
	}
	out.Events = len(out.Records)
	if stopped {
		// Pages come newest first: everything after the oldest event seen is complete; events at
		// that very millisecond may continue on the next page, so that millisecond is not.
		if !ordered || oldest >= c.CoverTo {
			return walked{Requests: out.Requests}, fmt.Errorf("%w: it passed %d events and Microsoft Graph's pages were not newest first, so the part walked cannot be marked complete; the sync retries with a narrower chunk", errChunkTooBig, MaxChunkEvents)
		}
		out.Covered.FromMs = max(out.Covered.FromMs, oldest+1)
	}
	return out, nil
}
