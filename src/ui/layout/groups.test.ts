import { describe, expect, it } from 'vitest';
import { lagBar, lagScale, recentChanges, type Callback } from './groups';

describe('lag scale', () => {
  it('rounds up to 10, 20, 50, 100…', () => {
    expect(lagScale(0)).toBe(10);
    expect(lagScale(10)).toBe(10);
    expect(lagScale(11)).toBe(20);
    expect(lagScale(21)).toBe(50);
    expect(lagScale(195)).toBe(200);
    expect(lagScale(4_001)).toBe(5_000);
  });
});

describe('lag bar', () => {
  it('splits the lag into fetched-not-committed and not fetched yet', () => {
    const bar = lagBar({ committed: 100, position: 150, logEnd: 200 }, 100, 100);
    expect(bar).toEqual({ lag: 100, unread: 50, uncommitted: 50, readPx: 50, unreadPx: 50 });
  });
  it('knows no lag without a committed offset, and clamps to the width', () => {
    const bar = lagBar({ committed: null, position: 0, logEnd: 500 }, 100, 80);
    expect(bar.lag).toBeNull();
    expect(bar.unread).toBe(500);
    expect(bar.unreadPx).toBe(80);
    expect(bar.readPx).toBe(0);
  });
  it('falls back to the committed lag when nobody holds the partition', () => {
    const bar = lagBar({ committed: 10, position: null, logEnd: 30 }, 20, 100);
    expect(bar).toMatchObject({ lag: 20, unread: null, uncommitted: null, unreadPx: 100, readPx: 0 });
  });
  it('shows nothing while the log end offset is unknown', () => {
    expect(lagBar({ committed: 10, position: 12, logEnd: -1 }, 10, 100)).toMatchObject({ lag: null, unread: null, unreadPx: 0 });
  });
});

describe('recent assignment changes', () => {
  const cb = (atMs: number, consumer: string, callback: Callback['callback'], partitions: string[], groupId = 'g'): Callback => ({ atMs, consumer, callback, partitions, groupId });

  it('eager: everything is revoked, then comes back as newly assigned', () => {
    const calls = [cb(1000, 'c1', 'assigned', ['t-0', 't-1']), cb(20_000, 'c1', 'revoked', ['t-0', 't-1']), cb(20_000, 'c2', 'revoked', ['t-2'])];
    const during = recentChanges(calls, 'g', 20_500);
    expect(during.get('c1')).toEqual({ revoked: ['t-0', 't-1'], added: [] });
    expect(during.get('c2')).toEqual({ revoked: ['t-2'], added: [] });
    const after = recentChanges([...calls, cb(21_000, 'c1', 'assigned', ['t-0']), cb(21_000, 'c2', 'assigned', ['t-1', 't-2'])], 'g', 21_000);
    expect(after.get('c1')).toEqual({ revoked: ['t-1'], added: ['t-0'] });
    expect(after.get('c2')).toEqual({ revoked: [], added: ['t-1', 't-2'] });
  });

  it('cooperative: only the moving partition is marked', () => {
    const calls = [cb(1000, 'c1', 'assigned', ['t-0', 't-1', 't-2']), cb(30_000, 'c1', 'revoked', ['t-2']), cb(30_100, 'c2', 'assigned', ['t-2'])];
    const now = recentChanges(calls, 'g', 30_200);
    expect(now.get('c1')).toEqual({ revoked: ['t-2'], added: [] });
    expect(now.get('c2')).toEqual({ revoked: [], added: ['t-2'] });
  });

  it('forgets changes older than the window, ignores the future and other groups', () => {
    const calls = [cb(1000, 'c1', 'assigned', ['t-0']), cb(2000, 'x', 'assigned', ['u-0'], 'other'), cb(9000, 'c1', 'revoked', ['t-0'])];
    expect(recentChanges(calls, 'g', 8000, 4000).size).toBe(0);
    expect(recentChanges(calls, 'g', 2000, 4000).get('c1')).toEqual({ revoked: [], added: ['t-0'] });
    expect(recentChanges(calls, 'g', 2000, 4000).has('x')).toBe(false);
  });
});
