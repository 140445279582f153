package models

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// tsStoredKeys reads the keys of a TypeScript list of [key, check] pairs in order, expanding
// spreads of other lists of the same file set.
func tsStoredKeys(t *testing.T, file, list string) []string {
	t.Helper()
	raw, err := os.ReadFile("../../src/core/model/" + file)
	if err != nil {
		t.Fatal(err)
	}
	body := regexp.MustCompile(`(?s)const ` + list + `: Array<\[string, Check\]> = \[(.*?)\n\];`).FindStringSubmatch(string(raw))
	if body == nil {
		t.Fatalf("%s not found in %s", list, file)
	}
	var keys []string
	for _, m := range regexp.MustCompile(`(?m)^  (?:\['(\w+)'|\[\n    '(\w+)'|\.\.\.(\w+))`).FindAllStringSubmatch(body[1], -1) {
		switch {
		case m[3] == "STORE_SETTINGS":
			keys = append(keys, tsStoredKeys(t, "storeSettings.ts", "STORE_SETTINGS")...)
		case m[3] != "":
			t.Fatalf("unknown spread %s", m[3])
		default:
			keys = append(keys, m[1]+m[2])
		}
	}
	return keys
}

// Both engines check stored keys in one order, so a settings blob with two bad keys fails on the
// same rule in each (STORED_SETTINGS in src/core/model/storedSettings.ts).
func TestStoredSettingsOrderMatchesTypeScript(t *testing.T) {
	ts := tsStoredKeys(t, "storedSettings.ts", "STORED_SETTINGS")
	var goKeys []string
	for _, s := range settingsKeys {
		// timeSlices is read but never refused (anything but true is off), so TypeScript has no check.
		if s.key != "timeSlices" {
			goKeys = append(goKeys, s.key)
		}
	}
	if !slices.Equal(ts, goKeys) {
		t.Errorf("stored settings order differs:\nTypeScript %s\nGo         %s", strings.Join(ts, ","), strings.Join(goKeys, ","))
	}
}
