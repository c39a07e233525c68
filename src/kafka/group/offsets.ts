/**
 * Committed offsets on the coordinator (GroupCoordinator.handleCommitOffsets / handleFetchOffsets,
 * GroupMetadataManager.storeOffsets and cleanupGroupMetadata): a commit is validated against the
 * member and generation, written to `__consumer_offsets` through the leader's append path and
 * enters the cache once replicated; OffsetFetch reads the cache; offsets of a group that has been
 * Empty for `offsets.retention.minutes` are deleted (KIP-211), and an Empty group without
 * offsets is removed (Dead).
 */
import { getOwn, setOwn } from '../dict';
import type { KafkaErrorName } from '../protocol/errors';
import type { BrokerState } from '../state';
import type { KafkaWorld } from '../world';
import { tpKey } from '../names';
import { appendErrorForClient, appendToOffsetsTopic } from './append';
import { coordinatorOf, GROUP_HEADER_BYTES, groupOf, partitionFor, respond } from './context';
import { isStaticMemberFenced, member, newGroup, transitionTo } from './group-metadata';
import { groupStatus, partitionStatus } from './load';
import type { OffsetCommitRequest, OffsetFetchRequest } from './protocol';
import { scheduleHeartbeatExpiry } from './rebalance';
import { groupKey, offsetKey, offsetValue, TOMBSTONE } from './records';
import type { AppendCompletion, CommittedOffset, GroupMetadata } from './types';

export function handleOffsetCommit(world: KafkaWorld, b: BrokerState, fromNode: number, req: OffsetCommitRequest): void {
  const answer = (error: KafkaErrorName): void =>
    respond(world, b, fromNode, 'OffsetCommitResponse', { correlationId: req.correlationId, partitions: req.offsets.map((o) => ({ topic: o.topic, partition: o.partition, error })) }, GROUP_HEADER_BYTES + 8 * req.offsets.length);
  const status = groupStatus(world, b, req.groupId);
  if (status !== 'NONE') return answer(status);
  let g = groupOf(b, req.groupId);
  if (g === undefined) {
    // Only a commit from outside group management may create a group; a member's commit finds its group gone.
    if (req.generationId >= 0) return answer('ILLEGAL_GENERATION');
    g = newGroup(req.groupId, partitionFor(b, req.groupId), world.nowMs);
    setOwn(coordinatorOf(b).groups, req.groupId, g);
  }
  const invalid = validateCommit(g, req);
  if (invalid !== null) return answer(invalid);
  if (g.state === 'CompletingRebalance') return answer('REBALANCE_IN_PROGRESS');
  const m = member(g, req.memberId);
  if (m !== undefined) scheduleHeartbeatExpiry(world, b, g, m);
  storeOffsets(world, b, g, req.offsets.map((o) => ({ ...o, commitTimestampMs: world.nowMs, resets: getOwn(g.offsets, tpKey(o.topic, o.partition))?.resets ?? 0 })), {
    requestNode: fromNode,
    requestCorrelationId: req.correlationId,
    reset: false,
  });
}

/** validateOffsetCommit: members must be current; outsiders may only commit to an Empty group. */
function validateCommit(g: GroupMetadata, req: OffsetCommitRequest): KafkaErrorName | null {
  if (g.state === 'Dead') return 'COORDINATOR_NOT_AVAILABLE';
  if (req.generationId >= 0 || req.memberId !== '' || req.groupInstanceId !== null) {
    if (isStaticMemberFenced(g, req.groupInstanceId, req.memberId)) return 'FENCED_INSTANCE_ID';
    if (member(g, req.memberId) === undefined) return 'UNKNOWN_MEMBER_ID';
    if (req.generationId !== g.generation) return 'ILLEGAL_GENERATION';
    return null;
  }
  return g.state === 'Empty' ? null : 'UNKNOWN_MEMBER_ID';
}

function storeOffsets(world: KafkaWorld, b: BrokerState, g: GroupMetadata, offsets: CommittedOffset[], who: { requestNode: number; requestCorrelationId: number; reset: boolean }): void {
  for (const o of offsets) {
    const key = tpKey(o.topic, o.partition);
    setOwn(g.pendingOffsetCommits, key, (getOwn(g.pendingOffsetCommits, key) ?? 0) + 1);
  }
  appendToOffsetsTopic(
    world,
    b,
    g.partition,
    offsets.map((o) => offsetKey(g.groupId, o.topic, o.partition)),
    offsets.map(offsetValue),
    { kind: 'offsetCommit', groupId: g.groupId, offsets, ...who },
  );
}

/** The commit's records are replicated (or the write failed): the cache takes them; the member hears back. */
export function onOffsetsStored(world: KafkaWorld, b: BrokerState, then: Extract<AppendCompletion, { kind: 'offsetCommit' }>, error: KafkaErrorName): void {
  const g = groupOf(b, then.groupId);
  if (g !== undefined) {
    for (const o of then.offsets) {
      const key = tpKey(o.topic, o.partition);
      const pending = (getOwn(g.pendingOffsetCommits, key) ?? 1) - 1;
      if (pending > 0) setOwn(g.pendingOffsetCommits, key, pending);
      else delete g.pendingOffsetCommits[key];
      if (error === 'NONE') setOwn(g.offsets, key, o);
    }
    if (error === 'NONE') {
      const offsets: Record<string, number> = {};
      for (const o of then.offsets) offsets[tpKey(o.topic, o.partition)] = o.offset;
      world.emit(then.reset ? 'OffsetsReset' : 'OffsetCommitted', { broker: b.id, groupId: g.groupId, generation: g.generation, offsets });
    }
  }
  if (then.requestNode < 0) return;
  const clientError = appendErrorForClient(error, true);
  respond(world, b, then.requestNode, 'OffsetCommitResponse', {
    correlationId: then.requestCorrelationId,
    partitions: then.offsets.map((o) => ({ topic: o.topic, partition: o.partition, error: clientError })),
  });
}

export function handleOffsetFetch(world: KafkaWorld, b: BrokerState, fromNode: number, req: OffsetFetchRequest): void {
  const status = groupStatus(world, b, req.groupId);
  if (status !== 'NONE') {
    respond(world, b, fromNode, 'OffsetFetchResponse', { correlationId: req.correlationId, error: status, partitions: [] });
    return;
  }
  const g = groupOf(b, req.groupId);
  const asked = req.partitions ?? Object.values(g?.offsets ?? {}).map((o) => ({ topic: o.topic, partition: o.partition }));
  const partitions = asked.map((p) => {
    const o = g === undefined ? undefined : getOwn(g.offsets, tpKey(p.topic, p.partition));
    return { topic: p.topic, partition: p.partition, offset: o?.offset ?? -1, leaderEpoch: o?.leaderEpoch ?? -1, error: 'NONE' as const };
  });
  respond(world, b, fromNode, 'OffsetFetchResponse', { correlationId: req.correlationId, error: 'NONE', partitions }, GROUP_HEADER_BYTES + 12 * partitions.length);
}

/**
 * `kafka-consumer-groups --reset-offsets --execute`: only for a group with no active members
 * (Kafka refuses otherwise). Returns an error message, or null when the reset was written.
 */
export function resetOffsetsOnCoordinator(world: KafkaWorld, b: BrokerState, groupId: string, offsets: { topic: string; partition: number; offset: number }[]): string | null {
  const status = groupStatus(world, b, groupId);
  if (status !== 'NONE') return `${status}: broker ${b.id} cannot serve group ${groupId} now`;
  let g = groupOf(b, groupId);
  if (g === undefined) {
    g = newGroup(groupId, partitionFor(b, groupId), world.nowMs);
    setOwn(coordinatorOf(b).groups, groupId, g);
  }
  if (g.state !== 'Empty' && g.state !== 'Dead') {
    return `Assignments can only be reset if the group '${groupId}' is inactive, but the current state is ${g.state}.`;
  }
  const group = g;
  storeOffsets(
    world,
    b,
    g,
    offsets.map((o) => ({ ...o, leaderEpoch: -1, metadata: '', commitTimestampMs: world.nowMs, resets: (getOwn(group.offsets, tpKey(o.topic, o.partition))?.resets ?? 0) + 1 })),
    { requestNode: -1, requestCorrelationId: -1, reset: true },
  );
  return null;
}

/**
 * cleanupGroupMetadata, every `offsets.retention.check.interval.ms`: removeExpiredOffsets per
 * group, tombstones for what expired, and an Empty group left without offsets goes Dead.
 */
export function expireOffsets(world: KafkaWorld, b: BrokerState): void {
  const gc = coordinatorOf(b);
  const retentionMs = b.config['offsets.retention.minutes'] * 60_000;
  for (const g of Object.values(gc.groups)) {
    if (partitionStatus(world, b, g.partition) !== 'NONE' || getOwn(gc.groups, g.groupId) !== g) continue;
    const expired = expiredOffsets(g, world.nowMs, retentionMs);
    const keys: string[] = [];
    for (const key of expired) {
      const o = getOwn(g.offsets, key);
      if (o === undefined) continue;
      delete g.offsets[key];
      keys.push(offsetKey(g.groupId, o.topic, o.partition));
    }
    if (expired.length > 0) world.emit('OffsetsExpired', { broker: b.id, groupId: g.groupId, partitions: expired, retentionMinutes: b.config['offsets.retention.minutes'] });
    if (g.state === 'Empty' && Object.keys(g.offsets).length === 0 && Object.keys(g.pendingOffsetCommits).length === 0) {
      transitionTo(g, 'Dead', world.nowMs);
      delete gc.groups[g.groupId];
      keys.push(groupKey(g.groupId));
      world.emit('GroupRemoved', { broker: b.id, groupId: g.groupId });
    }
    if (keys.length > 0) appendToOffsetsTopic(world, b, g.partition, keys, keys.map(() => TOMBSTONE), { kind: 'expiry', groupId: g.groupId });
  }
}

/** GroupMetadata.removeExpiredOffsets: which `topic-p` keys expire now. */
export function expiredOffsets(g: GroupMetadata, nowMs: number, retentionMs: number): string[] {
  let base: ((o: CommittedOffset) => number) | null = null;
  let keepTopics: readonly string[] = [];
  if (g.protocolType !== null && g.state === 'Empty') {
    // No member left: offsets expire counting from when the group became Empty.
    base = () => g.stateSinceMs;
  } else if (g.protocolType === 'consumer' && g.state === 'Stable') {
    // Members exist: only topics nobody subscribes to any more expire, by commit time.
    base = (o) => o.commitTimestampMs;
    keepTopics = g.subscribedTopics;
  } else if (g.protocolType === null) {
    base = (o) => o.commitTimestampMs;
  }
  if (base === null) return [];
  const out: string[] = [];
  for (const [key, o] of Object.entries(g.offsets)) {
    if (keepTopics.includes(o.topic) || getOwn(g.pendingOffsetCommits, key) !== undefined) continue;
    if (nowMs - base(o) >= retentionMs) out.push(key);
  }
  return out.sort();
}
