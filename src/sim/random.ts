/**
 * Seeded randomness for the deterministic core.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's "small fast counting" generator, 128 bits of state,
 * period ≥ 2^32, passes PractRand). Each component (a broker, the network, a client, the fault
 * injector) owns one *stream*, keyed by a stable component id. A stream's initial state is
 * derived from the root seed and the id only: splitmix32 over (seed low word, seed high word,
 * FNV-1a(id)). So adding a component, or one more draw in one component, never changes what
 * another component draws.
 *
 * The API is integers only; probabilities are ratios (`chance(num, den)`), so the same seed gives
 * the same run on every JavaScript engine.
 *
 * Stream states are plain arrays of four uint32 inside world state, so `structuredClone` of the
 * world checkpoints the randomness too.
 */

export type StreamState = [number, number, number, number];
export type RandomStreams = Record<string, StreamState>;

/** FNV-1a over UTF-16 code units: stable ids → 32-bit numbers. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Validates a root seed: a non-negative safe integer. */
export function isValidSeed(seed: unknown): seed is number {
  return typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0;
}

export function deriveStream(rootSeed: number, componentId: string): StreamState {
  const low = rootSeed >>> 0;
  const high = Math.floor(rootSeed / 0x100000000) >>> 0;
  const idHash = fnv1a32(componentId);
  let s = splitmix32(low ^ splitmix32(high ^ splitmix32(idHash)));
  const a = s;
  s = splitmix32(s ^ 0x6a09e667);
  const b = s;
  s = splitmix32(s ^ 0xbb67ae85);
  const c = s;
  const state: StreamState = [a, b, c, 1];
  // Warm up: sfc32's first outputs are correlated with the seed words.
  for (let i = 0; i < 12; i++) nextUint32(state);
  return state;
}

/** One sfc32 step: returns a uint32 and advances the state in place. */
export function nextUint32(s: StreamState): number {
  const a = s[0];
  const b = s[1];
  const c = s[2];
  const d = s[3];
  const t = (((a + b) | 0) + d) | 0;
  s[3] = (d + 1) | 0;
  s[0] = b ^ (b >>> 9);
  s[1] = (c + (c << 3)) | 0;
  s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
  return t >>> 0;
}

/** A uniform integer in [0, boundExclusive), without modulo bias. boundExclusive ≤ 2^32. */
export function randomInt(s: StreamState, boundExclusive: number): number {
  if (!(boundExclusive >= 1 && boundExclusive <= 0x100000000 && Number.isInteger(boundExclusive))) {
    throw new RangeError(`randomInt: bound must be an integer in [1, 2^32], got ${boundExclusive}`);
  }
  if (boundExclusive === 1) return 0;
  const limit = 0x100000000 - (0x100000000 % boundExclusive);
  for (;;) {
    const x = nextUint32(s);
    if (x < limit) return x % boundExclusive;
  }
}

/** True with probability numerator/denominator (integers, 0 ≤ numerator ≤ denominator). */
export function chance(s: StreamState, numerator: number, denominator: number): boolean {
  if (numerator <= 0) return false;
  if (numerator >= denominator) return true;
  return randomInt(s, denominator) < numerator;
}

/** Streams keyed by component id, created on first use from the root seed. */
export function streamFor(streams: RandomStreams, rootSeed: number, componentId: string): StreamState {
  let s = streams[componentId];
  if (s === undefined) {
    s = deriveStream(rootSeed, componentId);
    streams[componentId] = s;
  }
  return s;
}
