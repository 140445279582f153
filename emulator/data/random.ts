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

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hex(random: Random, digits: number): string {
  let out = '';
  while (out.length < digits) {
    const word = (random() * 0x100000000) >>> 0;
    out += BYTE_HEX[word >>> 24] + BYTE_HEX[(word >>> 16) & 255] + BYTE_HEX[(word >>> 8) & 255] + BYTE_HEX[word & 255];
  }
  return out.length === digits ? out : out.slice(0, digits);
}

/** A random-looking GUID whose last 12 hex digits are `unique`, so distinct inputs never collide. */
export function guid(random: Random, unique?: number): string {
  const head = hex(random, 24);
  const tail = unique === undefined ? hex(random, 12) : hex12(unique);
  const variant = (8 + (parseInt(head[19], 16) & 3)).toString(16);
  return `${head.slice(0, 8)}-${head.slice(8, 12)}-4${head.slice(13, 16)}-${variant}${head.slice(16, 19)}-${tail}`;
}

/** The low 48 bits of `value` as 12 hex digits. */
function hex12(value: number): string {
  const high = Math.floor(value / 0x1000000) % 0x1000000;
  const low = value % 0x1000000;
  return (
    BYTE_HEX[high >>> 16] +
    BYTE_HEX[(high >>> 8) & 255] +
    BYTE_HEX[high & 255] +
    BYTE_HEX[low >>> 16] +
    BYTE_HEX[(low >>> 8) & 255] +
    BYTE_HEX[low & 255]
  );
}
