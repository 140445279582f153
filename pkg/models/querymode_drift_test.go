package models_test

import (
	"reflect"
	"regexp"
	"sort"
	"testing"

	"github.com/auditlens/entraid/pkg/models"
)

// The query modes Go accepts are the TypeScript union and QUERY_MODES, and each takes the secret
// key secretKeysOf gives it.
func TestQueryModesMatchTypeScript(t *testing.T) {
	source := readTS(t, "settings.ts")
	ts := tsUnion(t, source, "QueryMode")
	list := regexp.MustCompile(`QUERY_MODES: readonly QueryMode\[\] = \[([^\]]*)\]`).FindStringSubmatch(source)
	if list == nil {
		t.Fatal("QUERY_MODES not found in settings.ts")
	}
	var listed []string
	for _, v := range regexp.MustCompile(`'([^']+)'`).FindAllStringSubmatch(list[1], -1) {
		listed = append(listed, v[1])
	}
	sort.Strings(listed)
	var accepted []string
	for _, mode := range []string{"browser", "server", "serverStore", "serverstore", "store", "Server"} {
		if _, err := models.ParseJSONData([]byte(`{"queryMode":"` + mode + `"}`)); err == nil {
			accepted = append(accepted, mode)
		}
	}
	sort.Strings(accepted)
	if !reflect.DeepEqual(ts, accepted) || !reflect.DeepEqual(listed, accepted) {
		t.Errorf("TypeScript QueryMode %v, QUERY_MODES %v, Go accepts %v", ts, listed, accepted)
	}
	binding := readTS(t, "secretBinding.ts")
	if !regexp.MustCompile(`runsOnServer\(mode\)\s*\?\s*\{ secret: 'backendClientSecret'`).MatchString(binding) {
		t.Error("secretKeysOf no longer keeps every server mode's secret under backendClientSecret")
	}
	for _, mode := range []models.QueryMode{models.QueryModeServer, models.QueryModeServerStore} {
		if secret, _ := mode.SecretKeys(); secret != models.ServerSecretKey {
			t.Errorf("%s keeps its secret under %q, want %q", mode, secret, models.ServerSecretKey)
		}
	}
}
