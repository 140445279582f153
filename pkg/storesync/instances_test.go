package storesync

import (
	"net/http"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/store"
)

// Two organisations may give their data sources the same uid: two stores, two syncs, each with
// exactly its own tenant's events.
func TestTwoOrgsWithTheSameUIDKeepTheirOwnStores(t *testing.T) {
	emu := startEmulator(t, 200)
	dir := t.TempDir()
	tenants := map[int64]string{1: emu.TenantID, 2: "fabrikam.onmicrosoft.com"}
	retention := map[int64]string{1: `,"retentionDays":30`, 2: `,"retentionDays":7`}
	syncs := map[int64]*Sync{}
	handles := map[int64]*store.Handle{}
	for org, tenant := range tenants {
		handles[org] = openStore(t, dir, store.Key{OrgID: org, UID: "same-uid"})
		s, err := Ensure(handles[org], source(t, emu, emu.Clock, tenant, retention[org]))
		if err != nil {
			t.Fatal(err)
		}
		syncs[org] = s
	}
	if syncs[1] == syncs[2] || handles[1].Path() == handles[2].Path() {
		t.Fatal("two organisations share a store or a sync")
	}
	for org, tenant := range tenants {
		st := waitFor(t, syncs[org], "the backfill", backfilled)
		from := insideRetention(st)
		if got, want := held(t, handles[org], from, st.CoveredToMs), emu.CountTenant(t, tenant, from, st.CoveredToMs); got != want {
			t.Errorf("org %d holds %d events, its tenant %s has %d", org, got, tenant, want)
		}
	}
}

// unreachable is a source whose Graph cannot be reached: the loop runs and records its error.
func unreachable(t *testing.T, updated time.Time, share float64) Source {
	t.Helper()
	s := models.Resolve(models.JSONData{Cloud: models.CloudCustom, TenantID: "contoso.com", ClientID: "c",
		LoginURL: "http://127.0.0.1:1", GraphURL: "http://127.0.0.1:1", StoreBudgetShare: share}, "secret")
	c, err := graph.NewClient(s, &http.Client{Timeout: time.Second}, clock.Real{})
	if err != nil {
		t.Fatal(err)
	}
	return Source{Settings: s, Client: c, Updated: updated}
}

// Instances come and go (a settings change disposes the old one a few seconds later): they share
// one loop, the newest settings drive it, and it stops with the last holder.
func TestInstancesShareOneSyncThatStopsWithTheLast(t *testing.T) {
	dir, key := t.TempDir(), store.Key{OrgID: 1, UID: "ds"}
	old, replacement := openStore(t, dir, key), openStore(t, dir, key)
	a, err := Ensure(old, unreachable(t, time.Unix(100, 0), 0.5))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Ensure(replacement, unreachable(t, time.Unix(200, 0), 0.3))
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Fatal("a second instance started a second sync")
	}
	if _, err := Ensure(old, unreachable(t, time.Unix(100, 0), 0.5)); err != nil {
		t.Fatal(err)
	}
	if got := a.src.Settings.StoreBudgetShare; got != 0.3 {
		t.Errorf("the lingering old instance's settings replaced the newer ones (share %v)", got)
	}
	waitFor(t, a, "an error from the unreachable tenant", func(st Status) bool { return st.LastError != "" })
	_ = old.Close()
	select {
	case <-a.Done():
		t.Fatal("the sync stopped while an instance still held the store")
	case <-time.After(20 * time.Millisecond):
	}
	_ = replacement.Close()
	select {
	case <-a.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the sync kept running after the last holder closed the store")
	}
}

func TestABudgetShareOutOfBoundsIsRefused(t *testing.T) {
	h := openStore(t, t.TempDir(), store.Key{OrgID: 1, UID: "ds"})
	src := unreachable(t, time.Unix(1, 0), 0.5)
	src.Settings.StoreBudgetShare = 1
	if _, err := Ensure(h, src); err == nil {
		t.Fatal("a share of the whole budget was accepted")
	}
}
