/**
 * A target's type when it has only an OData type (`"@odata.type": "#microsoft.graph.TargetResourceGroup"`,
 * as in Microsoft's beta examples): the name after the last dot, without `TargetResource`, first
 * letter upper-cased (ASCII), so it reads as Graph's `type` values do (`Group`, `User`). The bare
 * `#microsoft.graph.targetResource` says nothing and gives ''. pkg/graph/targettype.go is the twin.
 */
export function typeFromODataType(odataType: string): string {
  let name = odataType.slice(odataType.lastIndexOf('.') + 1);
  if (name.startsWith('#')) {
    name = name.slice(1);
  }
  if (name.slice(0, PREFIX.length).toLowerCase() === PREFIX) {
    name = name.slice(PREFIX.length);
  }
  const first = name.charCodeAt(0);
  return first >= 0x61 && first <= 0x7a ? String.fromCharCode(first - 0x20) + name.slice(1) : name;
}

const PREFIX = 'targetresource';
