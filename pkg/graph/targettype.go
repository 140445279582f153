package graph

import "strings"

// targetResourcePrefix starts the OData type names of targets (`TargetResourceGroup`).
const targetResourcePrefix = "targetresource"

// typeFromODataType is a target's type when it has only an OData type
// (`"@odata.type": "#microsoft.graph.TargetResourceGroup"`, as in Microsoft's beta examples): the
// name after the last dot, without `TargetResource`, first letter upper-cased (ASCII), as Graph's
// `type` values read (`Group`, `User`). The bare `#microsoft.graph.targetResource` gives "".
// src/core/normalize/targetType.ts is the twin.
func typeFromODataType(odataType string) string {
	name := odataType[strings.LastIndex(odataType, ".")+1:]
	name = strings.TrimPrefix(name, "#")
	if len(name) >= len(targetResourcePrefix) && strings.ToLower(name[:len(targetResourcePrefix)]) == targetResourcePrefix {
		name = name[len(targetResourcePrefix):]
	}
	if name != "" && name[0] >= 'a' && name[0] <= 'z' {
		name = string(name[0]-0x20) + name[1:]
	}
	return name
}
