// Package storebench fills an audit store with many compact Graph events for the benchmarks that
// need one (pkg/engine's queries over 1M events, pkg/plugin's restart with 1M events held). The
// filled store is kept between runs, so only the first run pays for the fill.
package storebench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/store"
)

// FillVersion changes when Fill writes other events, so a kept store is not reused.
const FillVersion = 2

// Key is the filled store's organisation and data source uid.
var Key = store.Key{OrgID: 1, UID: "bench"}

// batchEvents is how many events one store batch writes.
const batchEvents = 10_000

var activityNames = []string{"Add user", "Update user", "Delete user", "Add member to group", "Add member to role",
	"Update application", "Reset password", "Consent to application", "Add service principal", "Update policy"}

// Dir is where a store of n events is kept: STORE_BENCH_DIR when set, else a directory of the
// system's temporary one named by n, the fill's version and the schema's.
func Dir(tb testing.TB, n int) string {
	tb.Helper()
	dir := os.Getenv("STORE_BENCH_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), fmt.Sprintf("auditlens-store-bench-%d-v%d-s%d", n, FillVersion, store.SchemaVersion))
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// Fill makes sure the store in dir holds n compact Graph events spread evenly over from..to (10
// activities, 50 initiators, 3 target types, one in 13 failed), the whole range covered and a
// successful sync at to, and returns the store opened in reg. A store already holding n is reused.
func Fill(tb testing.TB, reg *store.Registry, dir string, n int, from, to time.Time) *store.Handle {
	tb.Helper()
	ctx := context.Background()
	st, err := reg.Open(ctx, dir, Key)
	if err != nil {
		tb.Fatal(err)
	}
	if stats, _ := st.Stats(ctx); stats.Events >= int64(n) {
		return st
	}
	started := time.Now()
	span := store.Span{FromMs: from.UnixMilli(), ToMs: to.UnixMilli()}
	step := to.Sub(from) / time.Duration(n)
	batch := make([]store.Record, 0, batchEvents)
	for i := 0; i < n; i++ {
		batch = append(batch, store.Record{Raw: rawEvent(i, to.Add(-step*time.Duration(i))), Flavour: store.FlavourGraph})
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := st.Write(ctx, store.Batch{Records: batch, Covered: []store.Span{span}}); err != nil {
				tb.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if err := st.SaveSyncState(ctx, store.SyncState{LastSuccessMs: to.UnixMilli()}); err != nil {
		tb.Fatal(err)
	}
	took := time.Since(started)
	fmt.Printf("filled %d events in %s (%.0f events/s, batches of %d, rollup kept) into %s\n", n, took.Round(time.Second),
		float64(n)/took.Seconds(), batchEvents, dir)
	return st
}

func rawEvent(i int, at time.Time) []byte {
	result := "success"
	if i%13 == 0 {
		result = "failure"
	}
	return []byte(fmt.Sprintf(`{"id":"e-%d","activityDateTime":%q,"activityDisplayName":%q,"category":"UserManagement","result":%q,`+
		`"loggedByService":"Core Directory","operationType":"Update","correlationId":"c-%d",`+
		`"initiatedBy":{"user":{"id":"u-%d","userPrincipalName":"admin%d@contoso.com"},"app":null},`+
		`"targetResources":[{"id":"t-%d","displayName":"Target %d","type":%q}],"additionalDetails":[]}`,
		i, at.Format("2006-01-02T15:04:05.000Z"), activityNames[i%len(activityNames)], result, i, i%50, i%50, i%3000, i%3000,
		[]string{"User", "Group", "ServicePrincipal"}[i%3]))
}
