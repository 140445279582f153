package store

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/auditlens/entraid/pkg/graph"
)

var ctx = context.Background()

func TestInsertCountsNewEventsExactlyAcrossDuplicatesAndOverlappingBatches(t *testing.T) {
	h, _ := openTest(t, Key{OrgID: 1, UID: "ds"})
	events := seqEvents("e", 300, base)

	first := mustWrite(t, h, Batch{Records: records(events[:200])})
	if first.Inserted != 200 || first.Duplicates != 0 {
		t.Fatalf("first batch: %+v, want 200 inserted", first)
	}
	// Overlaps the first by 100, and repeats one event inside itself.
	second := records(events[100:300])
	second = append(second, second[0])
	res := mustWrite(t, h, Batch{Records: second})
	if res.Inserted != 100 || res.Duplicates != 101 {
		t.Fatalf("second batch: %+v, want 100 inserted, 101 duplicates", res)
	}
	again := mustWrite(t, h, Batch{Records: records(events)})
	if again.Inserted != 0 || again.Duplicates != 300 {
		t.Fatalf("third batch: %+v, want all 300 duplicates", again)
	}
	if n := countEvents(t, h); n != 300 {
		t.Fatalf("store holds %d events, want 300", n)
	}
}

func TestStoredEventsReadBackAsTheGraphNormaliserMakesThem(t *testing.T) {
	h, _ := openTest(t, Key{OrgID: 1, UID: "ds"})
	events := []rawEvent{
		{ID: "a", TimeMs: base, Upn: "Ådmin@contoso.com", Targets: []rawTarget{{ID: "t1", Name: "Zoë", Type: "User"}}},
		{ID: "b", TimeMs: base - 5, AppName: "Sync app", ExtraJSON: `,"unknownProperty":{"kept":true}`},
	}
	mustWrite(t, h, Batch{Records: records(events)})
	page, err := graph.ParsePage(pageOf([][]byte{events[0].json(), events[1].json()}))
	if err != nil {
		t.Fatal(err)
	}
	got := allEvents(t, h).Events
	if len(got) != 2 || !reflect.DeepEqual(got[0], *page.Items[0]) || !reflect.DeepEqual(got[1], *page.Items[1]) {
		t.Fatalf("read back %+v\nwant %+v and %+v", got, *page.Items[0], *page.Items[1])
	}
	// The raw event is kept byte for byte, properties the normaliser does not know included.
	f, done, _ := h.use()
	defer done()
	var raw string
	if err := f.reader.QueryRow("SELECT raw FROM event_raw JOIN events USING (seq) WHERE id = 'b'").Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if raw != string(events[1].json()) {
		t.Fatalf("raw changed:\n%s\nwant\n%s", raw, events[1].json())
	}
}

func TestUnreadableRecordsAreCountedAndTheRestOfTheBatchIsKept(t *testing.T) {
	h, _ := openTest(t, Key{OrgID: 1, UID: "ds"})
	good := records(seqEvents("g", 2, base))
	batch := []Record{
		good[0],
		{Raw: []byte(`{"id":"no-time","activityDateTime":"yesterday"}`)},
		{Raw: []byte(`{"activityDateTime":"2026-03-01T00:00:00Z"}`)}, // no id: cannot be de-duplicated
		{Raw: []byte(`42`)},
		{Raw: []byte(`{"id":"x"}]},{"id":"smuggled","activityDateTime":"2026-03-01T00:00:00Z"`)},
		good[1],
	}
	res := mustWrite(t, h, Batch{Records: batch})
	if res.Inserted != 2 || res.Unreadable != 4 {
		t.Fatalf("got %+v, want 2 inserted and 4 unreadable", res)
	}
	for _, ev := range allEvents(t, h).Events {
		if ev.ID == "smuggled" {
			t.Fatal("a malformed record injected an event")
		}
	}
}

func TestTwoOrganisationsWithTheSameUIDKeepTheirOwnEvents(t *testing.T) {
	dir := t.TempDir()
	r := NewRegistry()
	org1 := openIn(t, r, dir, Key{OrgID: 1, UID: "audit"})
	org2 := openIn(t, r, dir, Key{OrgID: 2, UID: "audit"})
	if org1.Path() == org2.Path() {
		t.Fatalf("both orgs use %s", org1.Path())
	}
	mustWrite(t, org1, Batch{Records: records(seqEvents("one", 3, base))})
	mustWrite(t, org2, Batch{Records: records(seqEvents("two", 5, base))})
	if a, b := countEvents(t, org1), countEvents(t, org2); a != 3 || b != 5 {
		t.Fatalf("org 1 holds %d, org 2 holds %d; want 3 and 5", a, b)
	}
	if got := allEvents(t, org2).Events[0].ID; !strings.HasPrefix(got, "two-") {
		t.Fatalf("org 2 reads %s", got)
	}
}

func TestFileNamesStayInTheDirectoryWhateverTheUID(t *testing.T) {
	dir := t.TempDir()
	r := NewRegistry()
	uids := []string{"../../etc/passwd", `..\..\windows`, "a/b", "nul", "CON", ".", "..", "", "with\x00nul",
		strings.Repeat("é", 300), "UPPER", "upper", "-rf *"}
	seen := map[string]string{}
	for _, uid := range uids {
		h := openIn(t, r, dir, Key{OrgID: 7, UID: uid})
		resolvedDir, _ := filepath.EvalSymlinks(dir)
		if filepath.Dir(h.Path()) != resolvedDir {
			t.Fatalf("uid %q gives %s, outside %s", uid, h.Path(), dir)
		}
		if other, dup := seen[h.Path()]; dup {
			t.Fatalf("uids %q and %q share %s", uid, other, h.Path())
		}
		seen[h.Path()] = uid
	}
}

func TestFilesAre0600InA0700Directory(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix modes")
	}
	dir := filepath.Join(t.TempDir(), "new", "store")
	h := openIn(t, NewRegistry(), dir, Key{OrgID: 1, UID: "ds"})
	mustWrite(t, h, Batch{Records: records(seqEvents("e", 10, base))})
	info, err := os.Stat(dir)
	if err != nil || info.Mode().Perm() != 0o700 {
		t.Fatalf("directory mode %v (%v), want 0700", info.Mode().Perm(), err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) < 3 {
		t.Fatalf("expected the database, its WAL and lock files, found %v", files)
	}
	for _, p := range files {
		info, err := os.Stat(p)
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("%s has mode %v (%v), want 0600", p, info.Mode().Perm(), err)
		}
	}
}

func TestSyncStateSurvivesReopening(t *testing.T) {
	dir := t.TempDir()
	k := Key{OrgID: 1, UID: "ds"}
	h := openIn(t, NewRegistry(), dir, k)
	cursor := base - 3600_000
	mustWrite(t, h, Batch{Records: records(seqEvents("e", 1, base)), BackfillCursorMs: &cursor})
	want := SyncState{BackfillCursorMs: cursor, LastAttemptMs: base + 2, LastSuccessMs: base + 1, LastError: "throttled"}
	if err := h.SaveSyncState(ctx, want); err != nil {
		t.Fatal(err)
	}
	_ = h.Close()
	again := openIn(t, NewRegistry(), dir, k)
	got, err := again.SyncState(ctx)
	if err != nil || got != want {
		t.Fatalf("sync state %+v (%v), want %+v", got, err, want)
	}
	st, _ := again.Stats(ctx)
	if st.Events != 1 || st.OldestMs != base || st.NewestMs != base || st.BytesOnDisk == 0 || st.Sync != want {
		t.Fatalf("stats %+v", st)
	}
}

func TestLegacyRecordsReadBackThroughTheLegacyNormaliser(t *testing.T) {
	h, _ := openTest(t, Key{OrgID: 1, UID: "ds"})
	legacy := []byte(`{"id":"L1","activityDate":"2026-03-01T11:59:59.5Z","activity":"Add member to role","category":"Role",` +
		`"activityResultStatus":"Failure","actor":{"@odata.type":"Microsoft.ActiveDirectory.DataService.PublicApi.Model.Reporting.AuditLog.ActorUserEntity",` +
		`"name":"Admin","objectId":"o1","userPrincipalName":"admin@contoso.com"},"targets":[{"@odata.type":"…TargetResourceUserEntity","name":"Bob","objectId":"o2"}]}`)
	graphEvent := seqEvents("g", 1, base)[0]
	res := mustWrite(t, h, Batch{Records: []Record{{Raw: legacy, Flavour: FlavourLegacy}, {Raw: graphEvent.json(), Flavour: FlavourGraph}}})
	if res.Inserted != 2 {
		t.Fatalf("%+v", res)
	}
	want, err := graph.ParseLegacyPage(pageOf([][]byte{legacy}))
	if err != nil {
		t.Fatal(err)
	}
	got := allEvents(t, h).Events
	if len(got) != 2 || got[0].ID != graphEvent.ID || !reflect.DeepEqual(got[1], *want.Items[0]) || got[1].Result != "failure" {
		t.Fatalf("read back %+v\nwant the graph event then %+v", got, *want.Items[0])
	}
}
