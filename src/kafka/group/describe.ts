/**
 * `kafka-consumer-groups --describe` for the run's summary: each group as its coordinator holds
 * it now (state, generation, protocol, members and their partitions), and per partition the
 * committed offset, the log end offset and the lag exactly as the tool computes them: the log
 * end offset is what ListOffsets(latest) returns to a read_uncommitted client, the partition
 * leader's high watermark; lag = log end offset − committed offset, unknown ("-") without a
 * committed offset. The group checkers' findings come along.
 */
import { offsetsTopicPartition } from '../algorithms';
import { getOwn, setOwn } from '../dict';
import type { BrokerState, KafkaState } from '../state';
import { parseTpKey, tpKey } from '../names';
import { checkGroups, noGroupFindings, type GroupFindings } from '../../check/groups';
import { OFFSETS_TOPIC, type GroupMetadata } from './types';

export interface GroupMemberSummary {
  memberId: string;
  clientId: string;
  instanceId: string | null;
  assigned: string[];
}

export interface GroupPartitionSummary {
  /** null when the group has no committed offset for the partition ("-"). */
  committedOffset: number | null;
  /** The partition leader's high watermark; -1 without a leader. */
  logEndOffset: number;
  /** null when there is no committed offset ("-"). */
  lag: number | null;
  /** The member owning the partition now, or null. */
  memberId: string | null;
  clientId: string | null;
}

export interface GroupSummary {
  /** Broker id of the coordinator (the leader of the group's __consumer_offsets partition); -1 none. */
  coordinator: number;
  /** The group state; `Unknown` while no coordinator can answer; `Dead` for a group it does not know. */
  state: string;
  generation: number;
  /** The rebalance protocol its members run: `eager` or `cooperative` (null with no member). */
  protocol: 'eager' | 'cooperative' | null;
  /** The assignor the group selected (`range`, `cooperative-sticky`…). */
  assignor: string | null;
  leader: string | null;
  members: GroupMemberSummary[];
  partitions: Record<string, GroupPartitionSummary>;
  checks: GroupFindings;
}

/** The running broker leading `key`, with the highest leader epoch if two think they lead. */
function leaderOf(m: KafkaState, key: string): BrokerState | undefined {
  let best: BrokerState | undefined;
  for (const b of Object.values(m.brokers)) {
    const r = b.replicas[key];
    if (b.status !== 'running' || r === undefined || r.role !== 'leader') continue;
    if (best === undefined || (best.replicas[key]?.state.leaderEpoch ?? -1) < r.state.leaderEpoch) best = b;
  }
  return best;
}

/** The group as its current coordinator serves it; `loading` while the coordinator reads its partition. */
function coordinatorView(m: KafkaState, groupId: string): { broker: BrokerState | undefined; group: GroupMetadata | undefined; loading: boolean } {
  const anyBroker = Object.values(m.brokers).find((b) => b.status === 'running' && getOwn(b.topicPartitions, OFFSETS_TOPIC) !== undefined);
  const count = anyBroker === undefined ? undefined : getOwn(anyBroker.topicPartitions, OFFSETS_TOPIC);
  if (count === undefined) return { broker: undefined, group: undefined, loading: false };
  const partition = offsetsTopicPartition(groupId, count);
  const broker = leaderOf(m, tpKey(OFFSETS_TOPIC, partition));
  if (broker === undefined) return { broker, group: undefined, loading: false };
  const gc = broker.groupCoordinator;
  if (gc.starts !== broker.starts) return { broker, group: undefined, loading: true };
  const cp = getOwn(gc.partitions, String(partition));
  return { broker, group: getOwn(gc.groups, groupId), loading: cp === undefined || cp.status === 'loading' };
}

/** `withChecks: false` skips the group checkers (they read the whole history): for the screen's frames. */
export function describeGroups(m: KafkaState, nowMs: number, options: { withChecks?: boolean } = {}): Record<string, GroupSummary> {
  const findings = options.withChecks === false ? {} : checkGroups(m, nowMs);
  const ids = new Set<string>(m.scenario.consumerGroups.map((g) => g.groupId));
  for (const id of Object.keys(findings)) ids.add(id);
  for (const b of Object.values(m.brokers)) if (b.status === 'running' && b.groupCoordinator.starts === b.starts) for (const id of Object.keys(b.groupCoordinator.groups)) ids.add(id);
  const out: Record<string, GroupSummary> = {};
  for (const groupId of [...ids].sort()) {
    const { broker, group, loading } = coordinatorView(m, groupId);
    const members: GroupMemberSummary[] = Object.values(group?.members ?? {}).map((x) => ({ memberId: x.memberId, clientId: x.clientId, instanceId: x.groupInstanceId, assigned: [...x.assignment] }));
    const partitions: Record<string, GroupPartitionSummary> = {};
    const keys = new Set<string>(Object.keys(group?.offsets ?? {}));
    for (const x of members) for (const k of x.assigned) keys.add(k);
    for (const key of [...keys].sort()) {
      const tp = parseTpKey(key);
      if (tp === null) continue;
      const committed = group === undefined ? undefined : getOwn(group.offsets, key);
      const leader = leaderOf(m, key);
      const logEndOffset = leader?.replicas[key]?.log.highWatermark ?? -1;
      const owner = members.find((x) => x.assigned.includes(key));
      setOwn(partitions, key, {
        committedOffset: committed?.offset ?? null,
        logEndOffset,
        lag: committed === undefined || logEndOffset < 0 ? null : logEndOffset - committed.offset,
        memberId: owner?.memberId ?? null,
        clientId: owner?.clientId ?? null,
      });
    }
    const consumers = Object.values(m.consumers).filter((c) => c.groupId === groupId && c.status === 'running');
    setOwn(out, groupId, {
      coordinator: broker?.id ?? -1,
      state: broker === undefined || loading ? 'Unknown' : (group?.state ?? 'Dead'),
      generation: group?.generation ?? -1,
      protocol: consumers.length === 0 ? null : consumers.every((c) => c.protocol === 'COOPERATIVE') ? 'cooperative' : 'eager',
      assignor: group?.protocolName ?? null,
      leader: group?.leaderId ?? null,
      members,
      partitions,
      checks: getOwn(findings, groupId) ?? noGroupFindings(),
    });
  }
  return out;
}
