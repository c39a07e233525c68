/**
 * The leader's side of replication: what happens when its log grows, when a follower fetches, and
 * on the ISR timer. The high watermark moves here; parked produces and fetches complete from here.
 */
import { setHighWatermark } from '../log/partition-log';
import type { BrokerState, Replica } from '../state';
import type { KafkaWorld } from '../world';
import { completeDelayedFetches } from './fetch';
import { completeDelayedProduces } from './produce';
import { canJoinIsr, computeHighWatermark, laggingIsrMembers, recordFollowerFetch } from './replica';
import { requestIsrChange } from './isr-change';

/** Raises the leader's high watermark if the ISR allows; completes what waited for it. */
export function maybeAdvanceHighWatermark(world: KafkaWorld, b: BrokerState, r: Replica): void {
  const hw = computeHighWatermark(r, b.id);
  if (hw <= r.log.highWatermark) return;
  setHighWatermark(r.log, hw);
  completeDelayedProduces(world, b);
  completeDelayedFetches(world, b, r.topic, r.partition, 'consumer');
}

export function onLeaderLogAppended(world: KafkaWorld, b: BrokerState, r: Replica): void {
  maybeAdvanceHighWatermark(world, b, r);
  completeDelayedFetches(world, b, r.topic, r.partition, 'follower');
}

export function onFollowerFetch(world: KafkaWorld, b: BrokerState, r: Replica, followerId: number, fetchOffset: number): void {
  recordFollowerFetch(r, followerId, fetchOffset, world.nowMs);
  if (r.pendingIsr === null && canJoinIsr(r, followerId, currentEpochStart(r))) {
    requestIsrChange(world, b, r, [...r.state.isr, followerId], 'expand');
  }
  maybeAdvanceHighWatermark(world, b, r);
}

function currentEpochStart(r: Replica): number {
  const last = r.log.epochs[r.log.epochs.length - 1];
  return last === undefined ? 0 : last.startOffset;
}

/** The ISR timer (every replica.lag.time.max.ms / 2): drop followers that fell behind. */
export function shrinkIsrIfNeeded(world: KafkaWorld, b: BrokerState): void {
  const lagMaxMs = b.config['replica.lag.time.max.ms'];
  for (const r of Object.values(b.replicas)) {
    if (r.role !== 'leader' || r.pendingIsr !== null) continue;
    const lagging = laggingIsrMembers(r, b.id, lagMaxMs, world.nowMs);
    if (lagging.length === 0) continue;
    requestIsrChange(world, b, r, r.state.isr.filter((x) => !lagging.includes(x)), 'shrink');
  }
}
