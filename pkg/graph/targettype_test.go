package graph

import "testing"

// Mirrors src/core/normalize/targetType.test.ts.
func TestTypeFromODataType(t *testing.T) {
	for odataType, want := range map[string]string{
		"#microsoft.graph.TargetResourceGroup":            "Group",
		"#microsoft.graph.targetResourceServicePrincipal": "ServicePrincipal",
		"#microsoft.graph.targetResource":                 "",
		"microsoft.graph.user":                            "User",
		"#Group":                                          "Group",
		"":                                                "",
		"#":                                               "",
		"#microsoft.graph.ûser":                           "ûser",
	} {
		if got := typeFromODataType(odataType); got != want {
			t.Errorf("%q → %q, want %q", odataType, got, want)
		}
	}
}

func TestTargetTypedOnlyByODataType(t *testing.T) {
	page := `{"value":[` +
		`{"id":"1","activityDateTime":"2026-11-20T10:00:00Z","targetResources":[{"@odata.type":"#microsoft.graph.TargetResourceGroup"}]},` +
		`{"id":"2","activityDateTime":"2026-11-20T10:00:00Z","targetResources":[{"@odata.type":"#microsoft.graph.TargetResourceGroup","type":"User"}]},` +
		`{"id":"3","activityDateTime":"2026-11-20T10:00:00Z","targetResources":[{"@odata.type":"#microsoft.graph.TargetResourceGroup","Type":"Policy"}]}]}`
	p, err := ParsePage([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"Group", "User", "Policy"} {
		if got := p.Items[i].Targets[0].Type; got != want {
			t.Errorf("event %d: type %q, want %q", i+1, got, want)
		}
	}
}
