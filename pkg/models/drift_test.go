package models_test

import (
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/auditlens/entraid/pkg/models"
)

// The stored model is defined once per language: src/core/model/*.ts and this package. These tests
// read the TypeScript definitions and fail, naming the field, when the two drift apart.

func readTS(t *testing.T, name string) string {
	t.Helper()
	raw, err := os.ReadFile("../../src/core/model/" + name)
	if err != nil {
		t.Fatalf("cannot read the TypeScript model: %v", err)
	}
	// Drop comments so documented examples are not read as fields.
	noBlock := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(raw), "")
	// A line comment starts after whitespace; the `//` of `https://` follows a colon and stays.
	return regexp.MustCompile(`(?m)(^|\s)//[^\n]*`).ReplaceAllString(noBlock, "$1")
}

func tsInterfaceFields(t *testing.T, source, name string) []string {
	t.Helper()
	m := regexp.MustCompile(`(?s)export interface ` + name + `\s*\{(.*?)\n\}`).FindStringSubmatch(source)
	if m == nil {
		t.Fatalf("interface %s not found", name)
	}
	var fields []string
	depth := 0
	for _, line := range strings.Split(m[1], "\n") {
		if depth == 0 {
			if f := regexp.MustCompile(`^\s*(\w+)\??:`).FindStringSubmatch(line); f != nil {
				fields = append(fields, f[1])
			}
		}
		depth += strings.Count(line, "{") - strings.Count(line, "}")
	}
	sort.Strings(fields)
	return fields
}

func tsUnion(t *testing.T, source, name string) []string {
	t.Helper()
	m := regexp.MustCompile(`(?s)export type ` + name + ` =(.*?);`).FindStringSubmatch(source)
	if m == nil {
		t.Fatalf("type %s not found", name)
	}
	var values []string
	for _, v := range regexp.MustCompile(`'([^']+)'`).FindAllStringSubmatch(m[1], -1) {
		values = append(values, v[1])
	}
	// `keyof ChangedValues` (event.ts): the interface's fields are members of the union too.
	for _, k := range regexp.MustCompile(`keyof (\w+)`).FindAllStringSubmatch(m[1], -1) {
		values = append(values, tsInterfaceFields(t, readTS(t, "event.ts"), k[1])...)
	}
	sort.Strings(values)
	return values
}

func goJSONFields(v any) []string {
	var fields []string
	typ := reflect.TypeOf(v)
	for i := 0; i < typ.NumField(); i++ {
		name := strings.Split(typ.Field(i).Tag.Get("json"), ",")[0]
		if name != "" && name != "-" {
			fields = append(fields, name)
		}
	}
	sort.Strings(fields)
	return fields
}

func TestQueryModelMatchesTypeScript(t *testing.T) {
	source := readTS(t, "query.ts")
	for _, tc := range []struct {
		ts  string
		go_ any
	}{{"AuditQuery", models.AuditQuery{}}, {"FilterCondition", models.FilterCondition{}}} {
		if ts, g := tsInterfaceFields(t, source, tc.ts), goJSONFields(tc.go_); !reflect.DeepEqual(ts, g) {
			t.Errorf("%s: TypeScript has %v, Go has %v", tc.ts, ts, g)
		}
	}
	// The Go side is read from the sets the validation uses, so a value added to one language only fails here.
	unions := map[string][]string{
		"QueryFormat":    models.AcceptedFormats(),
		"GroupBy":        models.AcceptedGroupBys(),
		"FilterOperator": models.AcceptedOperators(),
		"FilterField":    models.AcceptedFilterFields(),
	}
	for name, goValues := range unions {
		if ts := tsUnion(t, source, name); !reflect.DeepEqual(ts, goValues) {
			t.Errorf("%s: TypeScript has %v, Go accepts %v", name, ts, goValues)
		}
	}
	for _, f := range unions["FilterField"] {
		q := models.AuditQuery{Filters: []models.FilterCondition{{Field: models.FilterField(f), Operator: models.OperatorEq}}}.WithDefaults()
		if err := q.Validate(); err != nil {
			t.Errorf("filter field %q is refused by Go: %v", f, err)
		}
	}
	for _, g := range unions["GroupBy"] {
		if err := (models.AuditQuery{GroupBy: models.GroupBy(g)}).WithDefaults().Validate(); err != nil {
			t.Errorf("group by %q: %v", g, err)
		}
	}
}

func TestSettingsModelMatchesTypeScript(t *testing.T) {
	source := readTS(t, "settings.ts")
	if ts, g := tsInterfaceFields(t, source, "AuditSettings"), goJSONFields(models.JSONData{}); !reflect.DeepEqual(ts, g) {
		t.Errorf("jsonData: TypeScript has %v, Go has %v", ts, g)
	}
	if ts := tsUnion(t, source, "ApiFlavour"); !reflect.DeepEqual(ts, []string{"legacy", "msgraph-beta", "msgraph-v1"}) {
		t.Errorf("ApiFlavour: %v", ts)
	}
	if !strings.Contains(source, "clientSecret?: string") {
		t.Error("the secret must stay secureJsonData.clientSecret, the field the backend reads")
	}
	for name, value := range map[string]int{"DEFAULT_MAX_EVENTS": models.DefaultMaxEvents, "DEFAULT_RETENTION_DAYS": models.DefaultRetentionDays,
		"DEFAULT_INGESTION_DELAY_MINUTES": models.DefaultIngestionDelayMinutes} {
		m := regexp.MustCompile(name + ` = ([\d_]+);`).FindStringSubmatch(source)
		if m == nil || strings.ReplaceAll(m[1], "_", "") != strconv.Itoa(value) {
			t.Errorf("%s differs: TypeScript %v, Go %d", name, m, value)
		}
	}
}

func TestCloudTableMatchesTypeScript(t *testing.T) {
	source := readTS(t, "clouds.ts")
	for name, c := range models.Clouds {
		block := regexp.MustCompile(`(?s)\n  ` + string(name) + `: \{(.*?)\n  \}`).FindStringSubmatch(source)
		if block == nil {
			t.Errorf("cloud %s missing in clouds.ts", name)
			continue
		}
		for key, want := range map[string]string{"loginUrl": c.LoginURL, "graphUrl": c.GraphURL, "legacyGraphUrl": c.LegacyGraphURL} {
			if !strings.Contains(block[1], key+": '"+want+"'") {
				t.Errorf("cloud %s: %s is not %s in clouds.ts", name, key, want)
			}
		}
		if strings.Contains(block[1], "directoryAuditsOnlyOnBeta: true") != c.DirectoryAuditsOnlyOnBeta {
			t.Errorf("cloud %s: directoryAuditsOnlyOnBeta differs", name)
		}
	}
}
