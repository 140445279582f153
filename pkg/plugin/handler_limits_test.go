package plugin_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/auditlens/entraid/pkg/internal/fakeentra"
)

// Any Viewer can post any query JSON to /api/ds/query. These are the queries that once took the
// backend down (issue 14, findings 1 and 2): each must now be refused before a request to Graph and
// before anything large is allocated, with an error naming the limit.

func refusedBeforeAnyRequest(t *testing.T, model, limit string) {
	t.Helper()
	fake := fakeentra.New()
	defer fake.Close()
	ds := newInstance(fake.JSONData(), fakeentra.Secret)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{dataQuery("A", model)}})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	a := resp.Responses["A"]
	if a.Error == nil || a.Status != backend.StatusBadRequest || !strings.Contains(a.Error.Error(), limit) {
		t.Fatalf("want a 400 naming %q, got status %v, error %v, %d frames", limit, a.Status, a.Error, len(a.Frames))
	}
	if urls := fake.GraphURLs(); len(urls) != 0 {
		t.Errorf("the refused query still reached Graph: %v", urls)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Errorf("refusing the query allocated %d MB", grew>>20)
	}
}

func TestABucketBeyondInt64IsRefusedBeforeAnyAllocation(t *testing.T) {
	// 300000w overflows int64 nanoseconds (and answered one point); 99999999999999999999w
	// overflows int64 milliseconds, which once looped the bucket starts until out of memory; 400
	// digits overflow float64 too.
	for _, bucket := range []string{"300000w", "99999999999999999999w", strings.Repeat("9", 400) + "w"} {
		refusedBeforeAnyRequest(t, `{"refId":"A","format":"timeSeries","groupBy":"activity","bucket":"`+bucket+`"}`,
			`the limit "bucket at most the range"`)
	}
}

func TestThousandsOfNamedGroupsAreRefusedBeforeAnyAllocation(t *testing.T) {
	// 2,000 named groups with a 1-second bucket were each zero-filled: 4 GB for 55 KB of JSON.
	names := make([]string, 2000)
	for i := range names {
		names[i] = fmt.Sprintf(`"group %04d"`, i)
	}
	refusedBeforeAnyRequest(t, `{"refId":"A","format":"timeSeries","groupBy":"activity","bucket":"1s","groups":[`+strings.Join(names, ",")+`]}`,
		`the limit "named groups" is 500`)
}

func TestAQueryOverTheSizeLimitIsRefusedBeforeItIsDecoded(t *testing.T) {
	padding := strings.Repeat("x", 300_000)
	refusedBeforeAnyRequest(t, `{"refId":"A","format":"events","filters":[{"field":"result","operator":"eq","values":["`+padding+`","y"]}]}`,
		`the limit "query size" is 262,144 bytes`)
}
