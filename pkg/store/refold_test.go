package store

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auditlens/entraid/pkg/plan"
)

// tableRunes lists every code point plan.MatchKey treats as a dash, then every one it trims.
func tableRunes() (dashes, spaces []rune) {
	for r := rune(0); r <= 0x10FFFF; r++ {
		if plan.IsDash(r) {
			dashes = append(dashes, r)
		}
		if plan.IsMatchSpace(r) {
			spaces = append(spaces, r)
		}
	}
	return dashes, spaces
}

// A file folded by schema v3 (lower case only) holds, after opening, exactly what this build's
// fold writes, for a name holding every dash of conformance/tables/text-match.json and surrounded
// by every white space of it: a table that gains a character needs a migration that folds again.
func TestTheRefoldMigrationFollowsTheTextMatchTable(t *testing.T) {
	dashes, spaces := tableRunes()
	name := string(spaces) + "Update application " + string(dashes) + " Certificates" + string(spaces)
	target := " App" + string(dashes[len(dashes)-1]) + "One "
	dir := t.TempDir()
	k := Key{OrgID: 1, UID: "refold"}
	path := filepath.Join(dir, fileName(k))
	if err := createFile(path); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", dsn(path, false, openOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, path, 3); err != nil {
		t.Fatal(err)
	}
	decoded, _, err := decodeRecords(records([]rawEvent{{ID: "v3", TimeMs: base, Activity: name, Targets: []rawTarget{{ID: "t", Name: target, Type: "Application"}}}}))
	if err != nil {
		t.Fatal(err)
	}
	tx, _ := db.Begin()
	if _, err := insertEvents(ctx, tx, decoded); err != nil {
		t.Fatal(err)
	}
	// What v3's fold (strings.ToLower) wrote.
	if _, err := tx.Exec("UPDATE events SET activity_f = ?", strings.ToLower(name)); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("UPDATE targets SET name_f = ?", strings.ToLower(target)); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	_ = db.Close()

	h := openIn(t, NewRegistry(), dir, k)
	f, done, _ := h.use()
	defer done()
	var activity, targetName string
	if err := f.reader.QueryRow("SELECT activity_f FROM events").Scan(&activity); err != nil {
		t.Fatal(err)
	}
	if err := f.reader.QueryRow("SELECT name_f FROM targets").Scan(&targetName); err != nil {
		t.Fatal(err)
	}
	if activity != plan.MatchKey(name) || activity != "update application "+strings.Repeat("-", len(dashes))+" certificates" {
		t.Errorf("activity folded as %q, want %q", activity, plan.MatchKey(name))
	}
	if targetName != "app-one" {
		t.Errorf("target name folded as %q, want %q", targetName, "app-one")
	}
}
