import { hash32 } from './random';

/**
 * Recurring bursts, the kind of spike an alert rule is written for. Every 15-minute block holds
 * exactly one, so a live demo always has something to alert on within a quarter of an hour.
 */
export type BurstKind = 'bulkUserImport' | 'failedRoleAssignments' | 'appCredentialChange';

export interface Burst {
  kind: BurstKind;
  block: number;
  firstSlot: number;
  slots: number;
  total: number;
}

const KINDS: BurstKind[] = ['bulkUserImport', 'failedRoleAssignments', 'appCredentialChange'];
export const BURST_BLOCK_SLOTS = 15;

export function burstSize(kind: BurstKind, eventsPerDay: number): number {
  const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, Math.round(value)));
  switch (kind) {
    case 'bulkUserImport':
      return clamp(eventsPerDay / 400, 3, 400);
    case 'failedRoleAssignments':
      return clamp(eventsPerDay / 2000, 3, 60);
    case 'appCredentialChange':
      return clamp(eventsPerDay / 4000, 2, 20);
  }
}

export function burstOfBlock(seed: number, block: number, eventsPerDay: number): Burst {
  const h = hash32(seed, block, 0xb0);
  const kind = KINDS[(((block + seed) % KINDS.length) + KINDS.length) % KINDS.length];
  const slots = 1 + (h % 3);
  return {
    kind,
    block,
    firstSlot: block * BURST_BLOCK_SLOTS + ((h >>> 8) % (BURST_BLOCK_SLOTS - slots)),
    slots,
    total: burstSize(kind, eventsPerDay),
  };
}

/** How many of the burst's events fall in `slot` (0 when the slot is outside the burst). */
export function burstEventsInSlot(burst: Burst, slot: number): number {
  const offset = slot - burst.firstSlot;
  if (offset < 0 || offset >= burst.slots) {
    return 0;
  }
  const base = Math.floor(burst.total / burst.slots);
  return base + (offset < burst.total % burst.slots ? 1 : 0);
}

/** Mean burst events per day, so the steady stream can make room for them. */
export function burstEventsPerDay(eventsPerDay: number): number {
  const perBlock = KINDS.reduce((sum, kind) => sum + burstSize(kind, eventsPerDay), 0) / KINDS.length;
  return perBlock * ((24 * 60) / BURST_BLOCK_SLOTS);
}
