/**
 * Disagreements between the engines that are known and being fixed (issue 14; reproducers in the
 * differential findings). A generated case one of these describes is run but not compared. This list
 * is the only place the differential test excuses anything: delete each entry when its fix is merged,
 * and the test then holds both engines to it.
 */
import { ConformanceCase } from './harness';

export interface KnownDisagreement {
  name: string;
  applies: (c: ConformanceCase) => boolean;
}

const CONTROL = /[\u0000-\u001f\u007f]/;
const events = (c: ConformanceCase) =>
  c.responses.flatMap((r) => ((r.body as { value?: unknown } | undefined)?.value as unknown[] | undefined) ?? []);
const textProperties = ['id', 'activityDisplayName', 'activity', 'result', 'initiatedBy', 'targetResources'];

export const KNOWN_DISAGREEMENTS: KnownDisagreement[] = [
  {
    // TypeScript accepts a tenant without a dot (`contoso`); Go refuses it.
    name: 'tenant that is not a GUID or dotted domain (finding 14)',
    applies: (c) => {
      const tenant = (c.settings.tenantId ?? '').trim();
      return /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(tenant) && !/^[0-9a-f-]{36}$/i.test(tenant) && !/^[^.]+(\.[^.]+)+$/.test(tenant);
    },
  },
  {
    name: 'control characters in the raw $filter, refused by Go only (finding 14)',
    applies: (c) => CONTROL.test(c.query.rawFilter ?? ''),
  },
  {
    // Go's bucket arithmetic overflows (finding 1); the new limits bound the bucket by the range.
    name: 'bucket of more than 10^6 units (finding 1)',
    applies: (c) => /\d{7,}/.test(c.query.bucket ?? ''),
  },
  {
    name: 'custom endpoint ending in ? or # (finding 5)',
    applies: (c) => [c.settings.loginUrl, c.settings.graphUrl, c.settings.legacyGraphUrl].some((u) => /[?#]\s*$/.test(u ?? '')),
  },
  {
    // TypeScript skips a malformed event with a notice; Go fails the page and retries (finding 8).
    name: 'event property with a JSON type Microsoft does not document (finding 8)',
    applies: (c) =>
      events(c).some((e) => {
        const event = e as Record<string, unknown>;
        return textProperties.some((p) => event[p] !== undefined && !isDocumentedType(p, event[p]));
      }),
  },
  {
    // TypeScript waits forever for a place in a budget of 0 requests; Go falls back to the default.
    name: 'requestBudget.requests of 0 or less (issue 14, finding 14)',
    applies: (c) => c.settings.requestBudget !== undefined && !(c.settings.requestBudget.requests > 0),
  },
];

export function knownDisagreement(c: ConformanceCase): string | undefined {
  return KNOWN_DISAGREEMENTS.find((known) => known.applies(c))?.name;
}

function isDocumentedType(property: string, value: unknown): boolean {
  if (value === null) {
    return true;
  }
  if (property === 'initiatedBy') {
    return typeof value === 'object' && !Array.isArray(value);
  }
  if (property === 'targetResources') {
    return Array.isArray(value);
  }
  return typeof value === 'string';
}
