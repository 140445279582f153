import { normalizeDirectoryAudit } from './normalizeDirectoryAudit';
import { typeFromODataType } from './targetType';

describe('typeFromODataType', () => {
  it.each([
    ['#microsoft.graph.TargetResourceGroup', 'Group'],
    ['#microsoft.graph.targetResourceServicePrincipal', 'ServicePrincipal'],
    ['#microsoft.graph.targetResource', ''],
    ['microsoft.graph.user', 'User'],
    ['#Group', 'Group'],
    ['', ''],
    ['#', ''],
    ['#microsoft.graph.ûser', 'ûser'],
  ])('%j reads %j', (odataType, type) => {
    expect(typeFromODataType(odataType)).toBe(type);
  });
});

describe('a target typed only by @odata.type', () => {
  const raw = (target: object) => ({
    id: 'e-1',
    activityDateTime: '2026-11-20T10:00:00Z',
    targetResources: [target],
  });

  it('gets the type its OData type names; `type` (any case) wins when present', () => {
    const typeOf = (target: object) => normalizeDirectoryAudit(raw(target))?.targets[0].type;
    expect(typeOf({ '@odata.type': '#microsoft.graph.TargetResourceGroup' })).toBe('Group');
    expect(typeOf({ '@odata.type': '#microsoft.graph.TargetResourceGroup', type: 'User' })).toBe('User');
    expect(typeOf({ '@odata.type': '#microsoft.graph.TargetResourceGroup', Type: 'Policy' })).toBe('Policy');
  });
});
