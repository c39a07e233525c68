/**
 * Layout math of the consumer groups panel, pure and tested without a DOM:
 * - `lagScale`: a round full-scale for the lag bars of one group (so bars compare across rows);
 * - `lagBar`: the two parts of a partition's lag bar, in pixels: read but not committed
 *   (position − committed offset) and not read yet (log end offset − position);
 * - `recentChanges`: for each consumer, the partitions it lost (revoked or lost) and got (assigned)
 *   in the last few seconds of simulated time, from the rebalance listener's callbacks. Eager
 *   members revoke everything when a rebalance starts, so every partition shows struck out and
 *   then comes back highlighted; cooperative members revoke only the partitions that move.
 */

/** How long a revoked or newly assigned partition stays marked, in simulated ms. */
export const CHANGE_WINDOW_MS = 4_000;

const STEPS = [1, 2, 5];

/** The smallest of 10, 20, 50, 100, 200, 500… that is at least `maxLag`. */
export function lagScale(maxLag: number): number {
  for (let decade = 10; ; decade *= 10) {
    for (const s of STEPS) if (s * decade >= maxLag) return s * decade;
  }
}

export interface LagInput {
  /** null: the group has no committed offset for the partition. */
  committed: number | null;
  /** The owner's fetch position; null when no consumer holds the partition. */
  position: number | null;
  /** The leader's high watermark (what kafka-consumer-groups calls LOG-END-OFFSET); -1 unknown. */
  logEnd: number;
}

export interface LagBar {
  /** kafka-consumer-groups' LAG: log end offset − committed offset; null when unknown. */
  lag: number | null;
  /** Records the owner has not fetched yet (log end offset − position); null without a position. */
  unread: number | null;
  /** Fetched but not committed yet (position − committed), at least 0; null when unknown. */
  uncommitted: number | null;
  readPx: number;
  unreadPx: number;
}

function px(n: number, scale: number, widthPx: number): number {
  return Math.round((Math.max(0, Math.min(n, scale)) / scale) * widthPx * 10) / 10;
}

export function lagBar(p: LagInput, scale: number, widthPx: number): LagBar {
  const known = p.logEnd >= 0;
  const lag = known && p.committed !== null ? Math.max(0, p.logEnd - p.committed) : null;
  const unread = known && p.position !== null ? Math.max(0, p.logEnd - p.position) : null;
  const uncommitted = p.committed !== null && p.position !== null ? Math.max(0, p.position - p.committed) : null;
  const unreadPx = unread === null ? (lag === null ? 0 : px(lag, scale, widthPx)) : px(unread, scale, widthPx);
  const readPx = uncommitted === null ? 0 : Math.max(0, Math.min(widthPx - unreadPx, px(uncommitted, scale, widthPx)));
  return { lag, unread, uncommitted, readPx, unreadPx };
}

export interface Callback {
  consumer: string;
  groupId: string;
  callback: 'revoked' | 'assigned' | 'lost';
  partitions: string[];
  atMs: number;
}

export interface Changes {
  /** Revoked or lost in the window and not given back since. */
  revoked: string[];
  /** Assigned in the window (after any revocation of the same partition). */
  added: string[];
}

/** Per consumer of `groupId`: what moved in (nowMs − windowMs, nowMs]. Callbacks are in time order. */
export function recentChanges(callbacks: readonly Callback[], groupId: string, nowMs: number, windowMs = CHANGE_WINDOW_MS): Map<string, Changes> {
  const out = new Map<string, { revoked: Set<string>; added: Set<string> }>();
  // Walk back while in the window: the callbacks list only grows at the end.
  let start = callbacks.length;
  while (start > 0 && (callbacks[start - 1] as Callback).atMs > nowMs - windowMs) start--;
  for (let i = start; i < callbacks.length; i++) {
    const cb = callbacks[i] as Callback;
    if (cb.atMs > nowMs || cb.groupId !== groupId) continue;
    let entry = out.get(cb.consumer);
    if (entry === undefined) {
      entry = { revoked: new Set(), added: new Set() };
      out.set(cb.consumer, entry);
    }
    for (const p of cb.partitions) {
      if (cb.callback === 'assigned') {
        entry.added.add(p);
        entry.revoked.delete(p);
      } else {
        entry.revoked.add(p);
        entry.added.delete(p);
      }
    }
  }
  const result = new Map<string, Changes>();
  for (const [consumer, e] of out) result.set(consumer, { revoked: [...e.revoked].sort(), added: [...e.added].sort() });
  return result;
}
