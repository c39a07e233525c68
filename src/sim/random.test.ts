import { describe, expect, it } from 'vitest';
import { chance, deriveStream, randomInt } from './random';

describe('seeded PRNG streams', () => {
  it('a stream depends only on the root seed and its component id', () => {
    const a = deriveStream(42, 'broker-1');
    const b = deriveStream(42, 'broker-1');
    const draws = (s: typeof a) => Array.from({ length: 20 }, () => randomInt(s, 1000));
    expect(draws(a)).toEqual(draws(b));
    expect(draws(deriveStream(42, 'broker-2'))).not.toEqual(draws(deriveStream(42, 'broker-1')));
    expect(draws(deriveStream(43, 'broker-1'))).not.toEqual(draws(deriveStream(42, 'broker-1')));
  });

  it('seeds above 2^32 keep their high bits', () => {
    const x = Array.from({ length: 5 }, ((s) => () => randomInt(s, 1 << 30))(deriveStream(1, 'n')));
    const y = Array.from({ length: 5 }, ((s) => () => randomInt(s, 1 << 30))(deriveStream(2 ** 32 + 1, 'n')));
    expect(x).not.toEqual(y);
  });

  it('randomInt stays in range and covers it evenly', () => {
    const s = deriveStream(7, 'x');
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) {
      const v = randomInt(s, 6);
      counts[v] = (counts[v] ?? 0) + 1;
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(() => randomInt(s, 0)).toThrow(/bound/);
    expect(() => randomInt(s, 1.5)).toThrow(/bound/);
  });

  it('chance honours its ratio, including 0 and 1', () => {
    const s = deriveStream(9, 'y');
    let hits = 0;
    for (let i = 0; i < 30_000; i++) if (chance(s, 1, 3)) hits++;
    expect(Math.abs(hits - 10_000)).toBeLessThan(400);
    expect(chance(s, 0, 5)).toBe(false);
    expect(chance(s, 5, 5)).toBe(true);
  });
});
