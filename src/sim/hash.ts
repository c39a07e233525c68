/**
 * The running trace hash: two independent 32-bit lanes (murmur3-style mixing), printed as 16 hex
 * digits. Integers are mixed directly (cheap, on every kernel step); domain events are mixed as
 * their JSON text, which is identical in Node and in browsers for the same plain data.
 */

export interface TraceHash {
  h1: number;
  h2: number;
}

export function newTraceHash(): TraceHash {
  return { h1: 0x9747b28c, h2: 0x1b873593 };
}

/** Mixes a non-negative integer below 2^53 (the high word is folded in, so no bit is lost). */
export function mixInt(h: TraceHash, value: number): void {
  const lo = value | 0;
  const hi = (value / 0x100000000) | 0;
  h.h1 = mixWord(h.h1, lo ^ Math.imul(hi, 0x27d4eb2d));
  h.h2 = mixWord(h.h2, lo + hi);
}

function mixWord(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

export function mixString(h: TraceHash, text: string): void {
  mixInt(h, text.length);
  for (let i = 0; i < text.length; i++) mixInt(h, text.charCodeAt(i));
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashHex(h: TraceHash): string {
  return fmix(h.h1).toString(16).padStart(8, '0') + fmix(h.h2 ^ h.h1).toString(16).padStart(8, '0');
}
