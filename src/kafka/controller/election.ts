/**
 * Partition leader election rules (kafka-reference.md §2.8), as pure functions shared by the
 * ZooKeeper-mode controller and the KRaft controller. Each takes the partition's current state
 * and which brokers are usable, and returns the new state (leader epoch and partition epoch
 * bumped as Kafka bumps them) or null when nothing changes.
 */
import type { PartitionState } from '../protocol/messages';

export type ElectionReason = 'offline' | 'unclean' | 'preferred' | 'controlled-shutdown' | 'new-topic';

export interface ElectionResult {
  state: PartitionState;
  reason: ElectionReason;
  /** True when the new leader came from outside the ISR (data loss possible). */
  unclean: boolean;
}

/**
 * How a controller bumps epochs. KRaft's PartitionChangeBuilder bumps the leader epoch only when
 * the leader changes; the ZooKeeper controller (LeaderAndIsr.newLeaderAndIsr) bumps it on every
 * change it makes, ISR shrinks included.
 */
export interface EpochRule {
  bumpLeaderEpochOnIsrChange: boolean;
}
const KRAFT_RULE: EpochRule = { bumpLeaderEpochOnIsrChange: false };

function withLeader(s: PartitionState, leader: number, isr: number[], rule: EpochRule): PartitionState {
  const bump = leader !== s.leader || rule.bumpLeaderEpochOnIsrChange;
  return {
    ...s,
    leader,
    isr,
    leaderEpoch: bump ? s.leaderEpoch + 1 : s.leaderEpoch,
    partitionEpoch: s.partitionEpoch + 1,
  };
}

/**
 * The partition lost its leader or members (brokers in `dead` are gone): clean election picks the
 * first live ISR replica in assignment order; the ISR keeps its live members. With no live ISR
 * member, unclean election (only if allowed) picks the first live replica and the ISR becomes it
 * alone; otherwise the partition goes offline (leader -1). In ZooKeeper mode the last ISR member
 * stays in the ISR when it dies, as Kafka does, so it can come back as leader.
 */
export function electOnBrokerLoss(s: PartitionState, isLive: (broker: number) => boolean, uncleanAllowed: boolean, rule: EpochRule = KRAFT_RULE): ElectionResult | null {
  const liveIsr = s.isr.filter(isLive);
  const leaderAlive = s.leader >= 0 && isLive(s.leader);
  if (leaderAlive) {
    if (liveIsr.length === s.isr.length) return null;
    return { state: withLeader(s, s.leader, liveIsr, rule), reason: 'offline', unclean: false };
  }
  const clean = s.replicas.find((r) => liveIsr.includes(r));
  if (clean !== undefined) return { state: withLeader(s, clean, liveIsr, rule), reason: 'offline', unclean: false };
  if (uncleanAllowed) {
    const any = s.replicas.find(isLive);
    if (any !== undefined) return { state: withLeader(s, any, [any], rule), reason: 'unclean', unclean: true };
  }
  if (s.leader === -1) return null;
  // No one can lead: the partition is offline. Replicas leave the ISR one by one except the last,
  // which stays so that it (and only it) can come back cleanly: the old leader if it was in the
  // ISR, else the last member.
  const last = s.isr.includes(s.leader) ? s.leader : s.isr[s.isr.length - 1];
  const isr = last === undefined ? s.isr : [last];
  return { state: { ...s, leader: -1, isr, leaderEpoch: s.leaderEpoch + 1, partitionEpoch: s.partitionEpoch + 1 }, reason: 'offline', unclean: false };
}

/**
 * A broker came back: an offline partition gets a leader again — a live ISR member cleanly, or,
 * when unclean election is allowed, any live replica.
 */
export function electOnBrokerReturn(s: PartitionState, isLive: (broker: number) => boolean, uncleanAllowed: boolean, rule: EpochRule = KRAFT_RULE): ElectionResult | null {
  if (s.leader >= 0) return null;
  return electOnBrokerLoss(s, isLive, uncleanAllowed, rule);
}

/** Preferred replica election: only the first assigned replica, if it is live and in the ISR. */
export function electPreferred(s: PartitionState, isLive: (broker: number) => boolean): ElectionResult | null {
  const preferred = s.replicas[0];
  if (preferred === undefined || preferred === s.leader || !isLive(preferred) || !s.isr.includes(preferred)) return null;
  return { state: withLeader(s, preferred, s.isr, KRAFT_RULE), reason: 'preferred', unclean: false };
}

/**
 * Controlled shutdown of `leaving`: leadership moves to the first live ISR replica that is not
 * shutting down, and the leaving broker leaves the ISR (when others remain).
 */
export function electForControlledShutdown(s: PartitionState, leaving: number, isLive: (broker: number) => boolean, rule: EpochRule = KRAFT_RULE): ElectionResult | null {
  if (!s.replicas.includes(leaving)) return null;
  const candidates = s.replicas.filter((r) => r !== leaving && isLive(r) && s.isr.includes(r));
  const isr = s.isr.filter((r) => r !== leaving);
  if (s.leader !== leaving) {
    if (!s.isr.includes(leaving) || isr.length === 0) return null;
    return { state: withLeader(s, s.leader, isr, rule), reason: 'controlled-shutdown', unclean: false };
  }
  const next = candidates[0];
  if (next === undefined) return null; // nobody to hand over to: the partition goes offline when it stops
  return { state: withLeader(s, next, isr, rule), reason: 'controlled-shutdown', unclean: false };
}

/**
 * `auto.leader.rebalance.enable`: for each broker, the share of partitions it is preferred for
 * but does not lead; above `leader.imbalance.per.broker.percentage` its partitions get a preferred
 * election. Returns the partitions (keys) to elect.
 */
export function imbalancedPartitions(states: PartitionState[], isLive: (broker: number) => boolean, percentage: number): PartitionState[] {
  const byPreferred = new Map<number, PartitionState[]>();
  for (const s of states) {
    const p = s.replicas[0];
    if (p === undefined) continue;
    byPreferred.set(p, [...(byPreferred.get(p) ?? []), s]);
  }
  const out: PartitionState[] = [];
  for (const [broker, list] of [...byPreferred].sort((a, b) => a[0] - b[0])) {
    if (!isLive(broker)) continue;
    const notLed = list.filter((s) => s.leader !== broker);
    if (notLed.length / list.length > percentage / 100) out.push(...notLed.filter((s) => s.isr.includes(broker)));
  }
  return out;
}
