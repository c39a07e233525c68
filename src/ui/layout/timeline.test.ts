import { describe, expect, it } from 'vitest';
import { timelineTicks } from './timeline';

describe('timeline ticks', () => {
  it('covers the run with round steps, about as many as asked', () => {
    expect(timelineTicks(60_000, 6)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
    const ticks = timelineTicks(600_000, 8);
    expect(ticks[1]).toBe(100_000);
    expect(ticks.at(-1)).toBeLessThanOrEqual(600_000);
    expect(timelineTicks(0, 8)).toEqual([0]);
  });
});
