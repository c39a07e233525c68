/**
 * A partition replica on its broker: the leader's rules for the high watermark and the ISR
 * (kafka-reference.md §2.7, Partition.scala). Pure functions over plain data; the broker calls
 * them when a follower fetches, when a batch is appended and on its ISR timer.
 */
import type { FollowerProgress, Replica } from '../state';

/** The ISR the high watermark may count on: the committed ISR, plus a pending expansion (KIP-497). */
export function maximalIsr(r: Replica): number[] {
  if (r.pendingIsr === null) return r.state.isr;
  const out = [...r.state.isr];
  for (const b of r.pendingIsr) if (!out.includes(b)) out.push(b);
  return out;
}

/** `min(min.insync.replicas, replication factor)`, the bar since KAFKA-15583 (3.7). */
export function effectiveMinIsr(r: Replica): number {
  return Math.min(r.config['min.insync.replicas'], r.state.replicas.length);
}

/**
 * Records a follower's fetch at `fetchOffset` (its log end offset). Caught-up rule of §2.7: at
 * the leader's LEO now → caught up now; at least the LEO of the previous fetch → caught up then.
 */
export function recordFollowerFetch(r: Replica, brokerId: number, fetchOffset: number, nowMs: number): void {
  const leo = r.log.logEndOffset;
  let f: FollowerProgress | undefined = r.followers[String(brokerId)];
  if (f === undefined) {
    f = { brokerId, logEndOffset: -1, lastFetchAtMs: -1, leaderEndOffsetAtLastFetch: -1, lastCaughtUpAtMs: -1 };
    r.followers[String(brokerId)] = f;
  }
  if (fetchOffset >= leo) f.lastCaughtUpAtMs = nowMs;
  else if (f.lastFetchAtMs >= 0 && fetchOffset >= f.leaderEndOffsetAtLastFetch) f.lastCaughtUpAtMs = Math.max(f.lastCaughtUpAtMs, f.lastFetchAtMs);
  f.logEndOffset = fetchOffset;
  f.lastFetchAtMs = nowMs;
  f.leaderEndOffsetAtLastFetch = leo;
}

/** A new leader starts every follower's clock at its election (Partition.makeLeader). */
export function resetFollowers(r: Replica, selfId: number, nowMs: number): void {
  r.followers = {};
  for (const b of r.state.replicas) {
    if (b === selfId) continue;
    r.followers[String(b)] = { brokerId: b, logEndOffset: -1, lastFetchAtMs: -1, leaderEndOffsetAtLastFetch: -1, lastCaughtUpAtMs: nowMs };
  }
}

/**
 * The high watermark the leader may advance to now: the least LEO across the maximal ISR, never
 * backwards, and not at all while the ISR is below the effective min.insync.replicas.
 * Returns the new value (equal to the old when it cannot move).
 */
export function computeHighWatermark(r: Replica, selfId: number): number {
  const current = r.log.highWatermark;
  const isr = maximalIsr(r);
  if (isr.length < effectiveMinIsr(r)) return current;
  let min = r.log.logEndOffset;
  for (const b of isr) {
    if (b === selfId) continue;
    const f = r.followers[String(b)];
    const leo = f === undefined ? -1 : f.logEndOffset;
    if (leo < min) min = leo;
  }
  return min > current ? min : current;
}

/** Followers the ISR timer should drop: in the ISR, not the leader, and not caught up. */
export function laggingIsrMembers(r: Replica, selfId: number, lagMaxMs: number, nowMs: number): number[] {
  return r.state.isr.filter((b) => {
    if (b === selfId) return false;
    const f = r.followers[String(b)];
    if (f === undefined) return true;
    if (f.logEndOffset >= r.log.logEndOffset) return false;
    return nowMs - f.lastCaughtUpAtMs > lagMaxMs;
  });
}

/**
 * A follower outside the ISR may join once its LEO reaches the leader's high watermark and the
 * start of the leader's current epoch (§2.7, ISR expand).
 */
export function canJoinIsr(r: Replica, brokerId: number, currentEpochStartOffset: number): boolean {
  if (r.state.isr.includes(brokerId) || !r.state.replicas.includes(brokerId)) return false;
  const f = r.followers[String(brokerId)];
  if (f === undefined) return false;
  return f.logEndOffset >= r.log.highWatermark && f.logEndOffset >= currentEpochStartOffset;
}
