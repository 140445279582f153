/**
 * Deterministic randomness: every slot and every event gets its own generator derived from
 * the tenant seed, so any event can be regenerated alone, in any order, without state.
 */
export type Random = () => number;

/** Mixes integers into one 32-bit hash (murmur3's finaliser applied per input). */
export function hash32(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    let k = Math.imul(value | 0, 0xcc9e2d51) ^ Math.floor(value / 0x100000000);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for synthetic data. */
export function randomFrom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

export function hex(random: Random, digits: number): string {
  let out = '';
  while (out.length < digits) {
    out += Math.floor(random() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  }
  return out.slice(0, digits);
}

/** A random-looking GUID whose last 12 hex digits are `unique`, so distinct inputs never collide. */
export function guid(random: Random, unique?: number): string {
  const tail = unique === undefined ? hex(random, 12) : Math.floor(unique).toString(16).padStart(12, '0').slice(-12);
  const variant = (8 + Math.floor(random() * 4)).toString(16);
  return `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-${variant}${hex(random, 3)}-${tail}`;
}
