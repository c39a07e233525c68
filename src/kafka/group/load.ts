/**
 * Which groups this broker coordinates: those of the `__consumer_offsets` partitions it leads
 * (GroupCoordinator.onElection / onResignation). A new leader first loads the partition's
 * records (answering COORDINATOR_LOAD_IN_PROGRESS meanwhile); a broker that no longer leads a
 * partition unloads its groups (their parked requests hear NOT_COORDINATOR) and answers
 * NOT_COORDINATOR from then on.
 *
 * Leadership is looked at when LeaderAndIsr arrives and again before every group request and
 * timer, so a change is never missed.
 */
import { getOwn, setOwn } from '../dict';
import type { KafkaErrorName } from '../protocol/errors';
import type { BrokerState } from '../state';
import type { KafkaWorld } from '../world';
import { tpKey } from '../names';
import { coordinatorOf, nextToken, partitionFor } from './context';
import { newGroup, transitionTo } from './group-metadata';
import { joinError, scheduleHeartbeatExpiry, sendJoinResponse } from './rebalance';
import { loadedState, replayPartition } from './records';
import { OFFSETS_TOPIC, type GroupMetadata } from './types';

/** Loading reads the partition from disk: a fixed cost plus a little per record. */
const LOAD_BASE_MS = 10;
const LOAD_RECORDS_PER_MS = 1_000;

/** How often a coordinator looks for offsets to expire is configured; it is armed on first use. */
export function armRetentionTimer(world: KafkaWorld, b: BrokerState): void {
  const gc = coordinatorOf(b);
  if (gc.retentionTimerArmed) return;
  gc.retentionTimerArmed = true;
  world.setTimer(b.node, b.config['offsets.retention.check.interval.ms'], 'groupOffsetsRetention');
}

/** validateGroupStatus: may this broker serve `groupId` now? */
export function groupStatus(world: KafkaWorld, b: BrokerState, groupId: string): KafkaErrorName {
  return partitionStatus(world, b, partitionFor(b, groupId));
}

export function partitionStatus(world: KafkaWorld, b: BrokerState, partition: number): KafkaErrorName {
  const r = b.replicas[tpKey(OFFSETS_TOPIC, partition)];
  const gc = coordinatorOf(b);
  const cp = getOwn(gc.partitions, String(partition));
  if (r === undefined || r.role !== 'leader') {
    if (cp !== undefined) resign(world, b, partition);
    return 'NOT_COORDINATOR';
  }
  if (cp === undefined || cp.leaderEpoch !== r.state.leaderEpoch) {
    startLoading(world, b, partition, r.state.leaderEpoch);
    return 'COORDINATOR_LOAD_IN_PROGRESS';
  }
  return cp.status === 'loading' ? 'COORDINATOR_LOAD_IN_PROGRESS' : 'NONE';
}

/** After LeaderAndIsr: load what this broker now leads, unload what it no longer leads. */
export function syncLeadership(world: KafkaWorld, b: BrokerState): void {
  const gc = coordinatorOf(b);
  for (const key of Object.keys(gc.partitions)) partitionStatus(world, b, Number(key));
  for (const r of Object.values(b.replicas)) {
    if (r.topic === OFFSETS_TOPIC && r.role === 'leader') partitionStatus(world, b, r.partition);
  }
}

function startLoading(world: KafkaWorld, b: BrokerState, partition: number, leaderEpoch: number): void {
  const gc = coordinatorOf(b);
  if (getOwn(gc.partitions, String(partition)) !== undefined) resign(world, b, partition);
  const loadId = nextToken(b);
  setOwn(gc.partitions, String(partition), { partition, leaderEpoch, status: 'loading', loadId });
  const log = b.replicas[tpKey(OFFSETS_TOPIC, partition)]?.log;
  const records = log === undefined ? 0 : log.logEndOffset - log.logStartOffset;
  // An empty partition loads silently: fifty of them appear with __consumer_offsets.
  if (records > 0) world.emit('GroupCoordinatorLoading', { broker: b.id, partition, leaderEpoch, records });
  world.setTimer(b.node, LOAD_BASE_MS + Math.floor(records / LOAD_RECORDS_PER_MS), 'groupLoad', { partition, loadId });
  armRetentionTimer(world, b);
}

/** The load finished: the partition's groups and offsets as its records say (GroupMetadataManager.loadGroupsAndOffsets). */
export function completeLoad(world: KafkaWorld, b: BrokerState, partition: number, loadId: number): void {
  const gc = coordinatorOf(b);
  const cp = getOwn(gc.partitions, String(partition));
  if (cp === undefined || cp.loadId !== loadId || cp.status !== 'loading') return;
  const r = b.replicas[tpKey(OFFSETS_TOPIC, partition)];
  if (r === undefined || r.role !== 'leader' || r.state.leaderEpoch !== cp.leaderEpoch) {
    resign(world, b, partition);
    return;
  }
  const loaded = replayPartition(r.log);
  const ids = new Set<string>([...loaded.groups.keys(), ...loaded.offsets.keys()]);
  let count = 0;
  for (const groupId of [...ids].sort()) {
    const stored = loaded.groups.get(groupId);
    const offsets = loaded.offsets.get(groupId);
    if (stored === undefined && (offsets === undefined || offsets.size === 0)) continue;
    const g: GroupMetadata = newGroup(groupId, partition, world.nowMs);
    if (stored !== undefined) {
      g.state = loadedState(stored);
      g.stateSinceMs = stored.stateSinceMs;
      g.generation = stored.generation;
      g.protocolType = stored.protocolType;
      g.protocolName = stored.protocolName;
      g.leaderId = stored.leader;
      const topics = new Set<string>();
      for (const sm of stored.members) {
        setOwn(g.members, sm.memberId, {
          memberId: sm.memberId,
          groupInstanceId: sm.groupInstanceId,
          clientId: sm.clientId,
          clientNode: sm.clientNode,
          rebalanceTimeoutMs: sm.rebalanceTimeoutMs,
          sessionTimeoutMs: sm.sessionTimeoutMs,
          protocols: stored.protocolName === null ? [] : [{ name: stored.protocolName, metadata: sm.subscription }],
          assignment: sm.assignment,
          awaitingJoin: -1,
          awaitingSync: -1,
          isNew: false,
          heartbeatDeadlineMs: 0,
        });
        if (sm.groupInstanceId !== null) setOwn(g.staticMembers, sm.groupInstanceId, sm.memberId);
        for (const t of sm.subscription.topics) topics.add(t);
      }
      g.subscribedTopics = [...topics].sort();
    }
    if (offsets !== undefined) for (const [key, o] of offsets) setOwn(g.offsets, key, o);
    setOwn(gc.groups, groupId, g);
    // Loaded members must heartbeat the new coordinator within their session timeout.
    for (const m of Object.values(g.members)) scheduleHeartbeatExpiry(world, b, g, m);
    world.emit('GroupLoaded', { broker: b.id, starts: b.starts, groupId, partition, generation: g.generation, state: g.state, offsets: Object.keys(g.offsets).length });
    count++;
  }
  cp.status = 'loaded';
  if (r.log.logEndOffset > r.log.logStartOffset) world.emit('GroupCoordinatorLoaded', { broker: b.id, partition, leaderEpoch: cp.leaderEpoch, groups: count });
}

/** onResignation: the partition's groups are unloaded (Dead here); whoever waits hears NOT_COORDINATOR. */
export function resign(world: KafkaWorld, b: BrokerState, partition: number): void {
  const gc = coordinatorOf(b);
  for (const g of Object.values(gc.groups)) {
    if (g.partition !== partition) continue;
    for (const m of Object.values(g.members)) {
      if (m.awaitingJoin >= 0) {
        sendJoinResponse(world, b, m.clientNode, m.awaitingJoin, joinError(m.memberId, 'NOT_COORDINATOR'));
        m.awaitingJoin = -1;
      }
      if (m.awaitingSync >= 0) {
        world.send(b.node, m.clientNode, 'SyncGroupResponse', { correlationId: m.awaitingSync, error: 'NOT_COORDINATOR', protocolName: g.protocolName, assignment: [] });
        m.awaitingSync = -1;
      }
    }
    transitionTo(g, 'Dead', world.nowMs);
    delete gc.groups[g.groupId];
  }
  if (getOwn(gc.partitions, String(partition)) !== undefined) {
    delete gc.partitions[String(partition)];
    world.emit('GroupCoordinatorResigned', { broker: b.id, partition });
  }
}

/**
 * The broker process dies: the connections of clients parked in JoinGroup or SyncGroup, or
 * waiting for a commit to replicate, are reset (they see the disconnect and look for the
 * coordinator again). The state itself is dropped when the next process starts.
 */
export function onCoordinatorCrash(world: KafkaWorld, b: BrokerState): void {
  const gc = coordinatorOf(b);
  for (const g of Object.values(gc.groups)) {
    for (const m of Object.values(g.members)) {
      if (m.awaitingJoin >= 0) world.resetConnection(b.node, m.clientNode, 'JoinGroup', { correlationId: m.awaitingJoin });
      if (m.awaitingSync >= 0) world.resetConnection(b.node, m.clientNode, 'SyncGroup', { correlationId: m.awaitingSync });
    }
  }
  for (const p of gc.pendingAppends) {
    if (p.then.kind === 'offsetCommit' && p.then.requestNode >= 0) world.resetConnection(b.node, p.then.requestNode, 'OffsetCommit', { correlationId: p.then.requestCorrelationId });
  }
}
