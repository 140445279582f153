package models_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/auditlens/entraid/pkg/models"
)

func TestParseQueryFillsDefaultsWithoutTouchingWhatIsSet(t *testing.T) {
	q, err := models.ParseQuery([]byte(`{"refId":"A"}`))
	if err != nil {
		t.Fatal(err)
	}
	if q.Format != models.FormatTimeSeries || q.GroupBy != models.GroupByActivity || q.Bucket != "auto" || q.Filters == nil {
		t.Errorf("defaults not applied: %+v", q)
	}
	q, err = models.ParseQuery([]byte(`{"refId":"B","format":"alertNumbers","groupBy":"result","bucket":"5m","topN":3,"groups":["failure"],
		"filters":[{"field":"activity","operator":"startsWith","values":["Add"]}],"rawFilter":"id eq 'x'"}`))
	if err != nil {
		t.Fatal(err)
	}
	if q.Format != models.FormatAlertNumbers || q.GroupBy != models.GroupByResult || q.Bucket != "5m" || q.TopN != 3 ||
		q.Groups[0] != "failure" || q.Filters[0].Values[0] != "Add" || q.RawFilter != "id eq 'x'" {
		t.Errorf("fields lost: %+v", q)
	}
}

func TestParseQueryRejectsWhatNoEditorProduces(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		wantErr error
	}{
		{"not JSON", `{"refId":`, models.ErrQueryJSON},
		{"unknown format", `{"format":"csv"}`, models.ErrUnknownFormat},
		{"unknown group by", `{"groupBy":"ipAddress"}`, models.ErrUnknownGroupBy},
		{"unknown field", `{"filters":[{"field":"../../users","operator":"eq","values":["x"]}]}`, models.ErrUnknownFilterField},
		{"unknown operator", `{"filters":[{"field":"activity","operator":"gt","values":["x"]}]}`, models.ErrUnknownOperator},
		{"negative top N", `{"topN":-1}`, models.ErrBadTopN},
		{"a raw filter with a newline", `{"rawFilter":"id eq 'x'\r\nHost: evil"}`, models.ErrBadRawFilter},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := models.ParseQuery([]byte(tc.json)); !errors.Is(err, tc.wantErr) {
				t.Errorf("got %v, want %v", err, tc.wantErr)
			}
		})
	}
}

// Issue 14, finding 14: the advice once left out activityType, which the legacy API groups by.
func TestUnknownGroupByNamesEveryGrouping(t *testing.T) {
	_, err := models.ParseQuery([]byte(`{"groupBy":"ipAddress"}`))
	for _, g := range []string{"activity", "category", "service", "result", "operationType", "initiatedBy", "targetType", "activityType"} {
		if err == nil || !strings.Contains(err.Error(), g) {
			t.Errorf("the group-by error %q does not name %s", err, g)
		}
	}
}
