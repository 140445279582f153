package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
)

// Events are normalised by pkg/graph's own page parsers, fed a page made of the stored raw
// events: one normaliser for walked and stored events, so both modes give the same values.

// pageOf wraps raw events into a page the graph parsers read.
func pageOf(raws [][]byte) []byte {
	size := 16
	for _, r := range raws {
		size += len(r) + 1
	}
	var b bytes.Buffer
	b.Grow(size)
	b.WriteString(`{"value":[`)
	for i, r := range raws {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(r)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

func parseFlavour(f Flavour, raws [][]byte) ([]*models.AuditEvent, error) {
	var page *graph.Page
	var err error
	switch f {
	case FlavourGraph:
		page, err = graph.ParsePage(pageOf(raws))
	case FlavourLegacy:
		page, err = graph.ParseLegacyPage(pageOf(raws))
	default:
		return nil, fmt.Errorf("unknown event flavour %d", f)
	}
	if err != nil {
		return nil, err
	}
	return page.Items, nil
}

// decodeRecords normalises a batch; a record with no id or no readable time is counted, not
// stored, and one malformed record does not cost the rest of the batch.
func decodeRecords(records []Record) ([]storedEvent, WriteResult, error) {
	var res WriteResult
	out := make([]storedEvent, 0, len(records))
	for start := 0; start < len(records); {
		end := start + 1
		for end < len(records) && records[end].Flavour == records[start].Flavour {
			end++
		}
		events, err := decodeRun(records[start:end])
		if err != nil {
			return nil, WriteResult{}, err
		}
		for i, ev := range events {
			if ev == nil || ev.ID == "" {
				res.Unreadable++
				continue
			}
			out = append(out, storedEvent{raw: records[start+i].Raw, flavour: records[start+i].Flavour, ev: ev})
		}
		start = end
	}
	return out, res, nil
}

// decodeRun parses records of one flavour as one page, or one by one when the page fails.
func decodeRun(records []Record) ([]*models.AuditEvent, error) {
	raws := make([][]byte, len(records))
	for i, r := range records {
		raws[i] = r.Raw
		// A malformed record could otherwise close its array slot and smuggle events into the page.
		if !json.Valid(r.Raw) {
			raws[i] = []byte("null")
		}
	}
	events, err := parseFlavour(records[0].Flavour, raws)
	if err == nil {
		return events, nil
	}
	events = make([]*models.AuditEvent, len(raws))
	for i := range raws {
		one, err := parseFlavour(records[0].Flavour, raws[i:i+1])
		if err != nil {
			if _, unknown := err.(*graph.ErrNotAPage); !unknown {
				return nil, err
			}
			continue
		}
		events[i] = one[0]
	}
	return events, nil
}
