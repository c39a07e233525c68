/**
 * Group membership on the client (AbstractCoordinator and the membership half of
 * ConsumerCoordinator): finding the coordinator, JoinGroup / SyncGroup, the leader running the
 * assignor, the heartbeat thread, leaving, and the rebalance listener's callbacks.
 *
 * As in the Java client, network answers are handled when they arrive (the heartbeat thread
 * polls the network too), but the application-side steps (sending JoinGroup after revoking,
 * applying a new assignment) happen only inside poll(): consumer.ts calls `prepareJoin`,
 * `sendJoinGroup` and `completeJoin` from there.
 */
import { assignPartitions, type AssignorStrategy } from '../algorithms';
import { getOwn } from '../dict';
import type { KafkaErrorName } from '../protocol/errors';
import type { KafkaWorld } from '../world';
import { brokerNode } from '../world';
import type { ConsumerSubscription, GroupProtocol } from '../group/types';
import type { HeartbeatResponse, JoinGroupResponse, SyncGroupResponse, GroupApis, FindCoordinatorResponse } from '../group/protocol';
import type { ConsumerState } from './consumer-types';
import { anyBrokerNode, dropPartitions, HEADER_BYTES, partitionOf, requestMetadata, subscribedTopics } from './consumer-fetch';
import { completeCommit, interruptSpan } from './consumer-history';

/** AbstractCoordinator.JOIN_GROUP_TIMEOUT_LAPSE: JoinGroup may wait a whole rebalance. */
const JOIN_GROUP_TIMEOUT_LAPSE_MS = 5_000;

export function sendToCoordinator<K extends keyof GroupApis>(world: KafkaWorld, c: ConsumerState, kind: K, payload: GroupApis[K], timeoutMs = c.config['request.timeout.ms']): boolean {
  const to = c.coordinatorId < 0 ? undefined : brokerNode(world, c.coordinatorId);
  if (to === undefined) return false;
  world.send(c.node, to, kind, payload, HEADER_BYTES);
  world.setTimer(c.node, timeoutMs, 'groupRequestTimeout', { kind, correlationId: (payload as { correlationId: number }).correlationId });
  return true;
}

export function lookupCoordinator(world: KafkaWorld, c: ConsumerState): void {
  if (c.coordinatorId >= 0 || c.findCoordinatorInFlight >= 0 || world.nowMs < c.coordinatorRetryAtMs) return;
  const to = anyBrokerNode(world, c);
  if (to === undefined) return;
  const correlationId = c.nextCorrelationId++;
  c.findCoordinatorInFlight = correlationId;
  world.send(c.node, to, 'FindCoordinator', { correlationId, key: c.groupId, keyType: 'group' } satisfies GroupApis['FindCoordinator'], HEADER_BYTES);
  world.setTimer(c.node, c.config['request.timeout.ms'], 'groupRequestTimeout', { kind: 'FindCoordinator', correlationId });
}

export function onFindCoordinatorResponse(world: KafkaWorld, c: ConsumerState, resp: FindCoordinatorResponse): void {
  if (resp.correlationId !== c.findCoordinatorInFlight) return;
  c.findCoordinatorInFlight = -1;
  if (resp.error !== 'NONE' || resp.nodeId < 0) {
    c.coordinatorRetryAtMs = world.nowMs + c.config['retry.backoff.ms'];
    return;
  }
  c.coordinatorId = resp.nodeId;
  c.lastHeartbeatReceivedAtMs = world.nowMs;
  if (resp.nodeId !== c.lastCoordinatorId) world.emit('ConsumerCoordinatorFound', { consumer: c.name, groupId: c.groupId, coordinator: resp.nodeId });
  c.lastCoordinatorId = resp.nodeId;
}

/**
 * markCoordinatorUnknown: the connection to the coordinator is given up; every group request on
 * it is lost. A rebalance in progress starts over once the coordinator is found again.
 */
export function markCoordinatorUnknown(world: KafkaWorld, c: ConsumerState, reason: string): void {
  if (c.coordinatorId < 0) return;
  if (c.coordinatorFailures === 0) world.emit('ConsumerCoordinatorLost', { consumer: c.name, groupId: c.groupId, coordinator: c.coordinatorId, reason });
  c.coordinatorId = -1;
  c.coordinatorRetryAtMs = 0;
  c.heartbeatInFlight = -1;
  c.offsetFetchInFlight = -1;
  // Commits on the lost connection fail at once (DisconnectException, a retriable error).
  if (c.syncCommit !== null && c.syncCommit.correlationId >= 0) {
    c.syncCommit.correlationId = -1;
    world.setTimer(c.node, c.config['retry.backoff.ms'], 'commitRetry');
  }
  for (const index of Object.values(c.asyncCommits)) completeCommit(world, index, 'RetriableCommitFailedException');
  c.asyncCommits = {};
  if (c.joinInFlight >= 0 || c.syncInFlight >= 0) {
    c.joinInFlight = -1;
    c.syncInFlight = -1;
    c.pendingLeaderAssignment = null;
    c.memberState = 'UNJOINED';
    requestRejoin(c, 'the coordinator was lost during a rebalance');
  }
}

export function requestRejoin(c: ConsumerState, reason: string): void {
  c.rejoinNeeded = true;
  c.rejoinReason = reason;
}

/** resetStateAndRejoin: out of the group until the next JoinGroup; UNKNOWN_MEMBER_ID also forgets the member id. */
export function resetGeneration(world: KafkaWorld, c: ConsumerState, reason: string, resetMemberId: boolean): void {
  world.emit('ConsumerGenerationReset', { consumer: c.name, groupId: c.groupId, memberId: c.memberId, generation: c.generation, reason });
  c.generation = -1;
  if (resetMemberId) c.memberId = '';
  c.memberState = 'UNJOINED';
  c.pendingAssignment = null;
  c.pendingLeaderAssignment = null;
  requestRejoin(c, reason);
}

/** The Java exception an application sees for a fatal group error; the consumer stops. */
export function isFatalGroupError(error: KafkaErrorName): boolean {
  return error === 'FENCED_INSTANCE_ID' || error === 'INCONSISTENT_GROUP_PROTOCOL' || error === 'INVALID_SESSION_TIMEOUT' || error === 'GROUP_MAX_SIZE_REACHED' || error === 'GROUP_AUTHORIZATION_FAILED' || error === 'INVALID_GROUP_ID';
}

/** Whether poll() should (re-)join now. */
export function needsJoin(c: ConsumerState): boolean {
  return (c.rejoinNeeded || c.memberState === 'UNJOINED') && c.joinInFlight < 0 && c.syncInFlight < 0 && c.pendingAssignment === null;
}

/** The rebalance listener, recorded in history. */
function callback(world: KafkaWorld, c: ConsumerState, kind: 'revoked' | 'assigned' | 'lost', partitions: string[]): void {
  world.state.model.history.rebalances.push({ consumer: c.name, groupId: c.groupId, memberId: c.memberId, generation: c.generation, callback: kind, partitions: [...partitions], atMs: world.nowMs });
}

/**
 * ConsumerCoordinator.onJoinPrepare, after the pre-rejoin auto commit: a member whose generation
 * was reset has lost its partitions (onPartitionsLost); otherwise EAGER revokes everything and
 * COOPERATIVE only partitions of topics it no longer subscribes to (onPartitionsRevoked).
 */
export function prepareJoin(world: KafkaWorld, c: ConsumerState): void {
  const owned = c.assigned;
  if (c.generation < 0 || c.memberId === '') {
    if (owned.length > 0) {
      callback(world, c, 'lost', owned);
      dropPartitions(c, owned);
      c.assigned = [];
    }
  } else if (c.protocol === 'EAGER') {
    callback(world, c, 'revoked', owned);
    c.previousAssignment = owned;
    dropPartitions(c, owned);
    c.assigned = [];
  } else {
    const topics = subscribedTopics(c);
    const revoked = owned.filter((k) => !topics.includes(partitionOf(k).topic));
    if (revoked.length > 0) {
      callback(world, c, 'revoked', revoked);
      dropPartitions(c, revoked);
      c.assigned = owned.filter((k) => !revoked.includes(k));
    }
  }
  c.assignmentSnapshot = null;
  c.groupSubscription = [];
}

function subscription(c: ConsumerState, strategy: string, topics: string[]): ConsumerSubscription {
  return { topics, ownedPartitions: [...c.assigned], generation: c.generation, previousAssignment: strategy === 'sticky' ? [...c.previousAssignment] : [] };
}

export function sendJoinGroup(world: KafkaWorld, c: ConsumerState): void {
  const topics = [...subscribedTopics(c)];
  const protocols: GroupProtocol[] = c.config['partition.assignment.strategy'].map((name) => ({ name, metadata: subscription(c, name, topics) }));
  const correlationId = c.nextCorrelationId++;
  const rebalanceTimeoutMs = c.config['max.poll.interval.ms'];
  const sent = sendToCoordinator(
    world,
    c,
    'JoinGroup',
    {
      correlationId,
      groupId: c.groupId,
      sessionTimeoutMs: c.config['session.timeout.ms'],
      rebalanceTimeoutMs,
      memberId: c.memberId,
      groupInstanceId: c.groupInstanceId,
      protocolType: 'consumer',
      protocols,
      clientId: c.name,
      reason: c.rejoinReason,
    },
    Math.max(c.config['request.timeout.ms'], rebalanceTimeoutMs + JOIN_GROUP_TIMEOUT_LAPSE_MS),
  );
  if (!sent) return;
  c.joinInFlight = correlationId;
  c.joinedSubscription = topics;
  c.memberState = 'PREPARING_REBALANCE';
  c.rejoinNeeded = false;
  world.emit('ConsumerJoining', { consumer: c.name, groupId: c.groupId, memberId: c.memberId, generation: c.generation, reason: c.rejoinReason });
}

export function onJoinGroupResponse(world: KafkaWorld, c: ConsumerState, resp: JoinGroupResponse): void {
  if (resp.correlationId !== c.joinInFlight) return;
  c.joinInFlight = -1;
  c.coordinatorFailures = 0;
  switch (resp.error) {
    case 'NONE':
      c.memberId = resp.memberId;
      c.generation = resp.generationId;
      c.protocolName = resp.protocolName;
      c.leaderId = resp.leader;
      c.memberState = 'COMPLETING_REBALANCE';
      // The heartbeat thread starts with the join answer.
      c.lastHeartbeatReceivedAtMs = world.nowMs;
      if (resp.leader === resp.memberId && !resp.skipAssignment) onJoinLeader(world, c, resp);
      else sendSyncGroup(world, c, []);
      return;
    case 'MEMBER_ID_REQUIRED':
      c.memberId = resp.memberId;
      c.memberState = 'UNJOINED';
      requestRejoin(c, 'need to re-join with the given member id');
      return;
    case 'UNKNOWN_MEMBER_ID':
      c.memberId = '';
      c.generation = -1;
      c.memberState = 'UNJOINED';
      requestRejoin(c, 'the coordinator does not know this member id');
      return;
    case 'COORDINATOR_LOAD_IN_PROGRESS':
    case 'REBALANCE_IN_PROGRESS':
      c.memberState = 'UNJOINED';
      c.joinRetryAtMs = world.nowMs + c.config['retry.backoff.ms'];
      requestRejoin(c, `JoinGroup failed with ${resp.error}`);
      return;
    case 'COORDINATOR_NOT_AVAILABLE':
    case 'NOT_COORDINATOR':
      markCoordinatorUnknown(world, c, `JoinGroup failed with ${resp.error}`);
      c.memberState = 'UNJOINED';
      requestRejoin(c, `JoinGroup failed with ${resp.error}`);
      return;
    default:
      c.memberState = 'UNJOINED';
      if (isFatalGroupError(resp.error)) {
        failConsumer(world, c, resp.error);
        return;
      }
      c.joinRetryAtMs = world.nowMs + c.config['retry.backoff.ms'];
      requestRejoin(c, `JoinGroup failed with ${resp.error}`);
  }
}

/** The leader runs the assignor (ConsumerCoordinator.onLeaderElected), once it knows every subscribed topic. */
function onJoinLeader(world: KafkaWorld, c: ConsumerState, resp: JoinGroupResponse): void {
  const topics = [...new Set(resp.members.flatMap((m) => m.metadata.topics))].sort();
  c.groupSubscription = topics;
  if (topics.some((t) => getOwn(c.partitionCounts, t) === undefined) && c.pendingLeaderAssignment === null) {
    c.pendingLeaderAssignment = resp;
    c.metadataInFlight = false;
    requestMetadata(world, c);
    return;
  }
  performAssignment(world, c, resp);
}

/** Metadata arrived (or failed) while the leader waited to assign. */
export function resumeLeaderAssignment(world: KafkaWorld, c: ConsumerState): void {
  const resp = c.pendingLeaderAssignment;
  if (resp === null) return;
  c.pendingLeaderAssignment = null;
  if (c.memberState !== 'COMPLETING_REBALANCE' || c.generation !== resp.generationId) return;
  performAssignment(world, c, resp);
}

function performAssignment(world: KafkaWorld, c: ConsumerState, resp: JoinGroupResponse): void {
  const strategy = (resp.protocolName ?? 'range') as AssignorStrategy;
  const counts: Record<string, number> = {};
  for (const t of c.groupSubscription) {
    const n = getOwn(c.partitionCounts, t);
    if (n !== undefined) counts[t] = n;
  }
  const result = assignPartitions(strategy, {
    topics: counts,
    members: resp.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      topics: m.metadata.topics,
      owned: strategy === 'sticky' ? m.metadata.previousAssignment : m.metadata.ownedPartitions,
      generation: m.metadata.generation,
    })),
  });
  c.assignmentSnapshot = counts;
  world.emit('AssignmentComputed', { consumer: c.name, groupId: c.groupId, generation: c.generation, assignor: strategy, assignment: result.assignment, withheld: result.transferring ?? {} });
  sendSyncGroup(world, c, Object.entries(result.assignment).map(([memberId, assignment]) => ({ memberId, assignment })));
}

function sendSyncGroup(world: KafkaWorld, c: ConsumerState, assignments: { memberId: string; assignment: string[] }[]): void {
  const correlationId = c.nextCorrelationId++;
  const sent = sendToCoordinator(world, c, 'SyncGroup', { correlationId, groupId: c.groupId, generationId: c.generation, memberId: c.memberId, groupInstanceId: c.groupInstanceId, protocolName: c.protocolName, assignments });
  if (sent) c.syncInFlight = correlationId;
  else {
    c.memberState = 'UNJOINED';
    requestRejoin(c, 'the coordinator is unknown');
  }
}

export function onSyncGroupResponse(world: KafkaWorld, c: ConsumerState, resp: SyncGroupResponse): void {
  if (resp.correlationId !== c.syncInFlight) return;
  c.syncInFlight = -1;
  switch (resp.error) {
    case 'NONE':
      if (c.memberState !== 'COMPLETING_REBALANCE') return;
      c.memberState = 'STABLE';
      c.pendingAssignment = { generation: c.generation, partitions: [...resp.assignment] };
      return;
    case 'REBALANCE_IN_PROGRESS':
      c.memberState = 'UNJOINED';
      requestRejoin(c, 'the group is rebalancing again');
      return;
    case 'UNKNOWN_MEMBER_ID':
    case 'ILLEGAL_GENERATION':
      resetGeneration(world, c, `SyncGroup failed with ${resp.error}`, resp.error === 'UNKNOWN_MEMBER_ID');
      return;
    case 'COORDINATOR_NOT_AVAILABLE':
    case 'NOT_COORDINATOR':
      markCoordinatorUnknown(world, c, `SyncGroup failed with ${resp.error}`);
      c.memberState = 'UNJOINED';
      requestRejoin(c, `SyncGroup failed with ${resp.error}`);
      return;
    default:
      if (isFatalGroupError(resp.error)) {
        failConsumer(world, c, resp.error);
        return;
      }
      c.memberState = 'UNJOINED';
      requestRejoin(c, `SyncGroup failed with ${resp.error}`);
  }
}

/**
 * onJoinComplete (inside poll): the new assignment takes effect. COOPERATIVE revokes what it no
 * longer owns and re-joins at once so the partitions can move (KIP-429); everyone hears
 * onPartitionsAssigned for what was added.
 */
export function completeJoin(world: KafkaWorld, c: ConsumerState): void {
  const pending = c.pendingAssignment;
  c.pendingAssignment = null;
  if (pending === null || pending.generation !== c.generation || c.memberState !== 'STABLE') return;
  const owned = c.assigned;
  const assigned = pending.partitions;
  const added = assigned.filter((k) => !owned.includes(k));
  const revoked = owned.filter((k) => !assigned.includes(k));
  if (revoked.length > 0) {
    callback(world, c, 'revoked', revoked);
    dropPartitions(c, revoked);
    if (c.protocol === 'COOPERATIVE') requestRejoin(c, `need to revoke partitions ${revoked.join(', ')} and re-join`);
  }
  c.assigned = [...assigned];
  if (c.config['enable.auto.commit']) c.nextAutoCommitAtMs = world.nowMs + c.config['auto.commit.interval.ms'];
  callback(world, c, 'assigned', added);
  world.emit('PartitionsAssigned', { consumer: c.name, groupId: c.groupId, memberId: c.memberId, generation: c.generation, partitions: c.assigned, added, revoked });
}

/** The heartbeat thread's turn: find the coordinator, notice a silent one, send a heartbeat when due. */
export function heartbeatTick(world: KafkaWorld, c: ConsumerState): void {
  if (c.coordinatorId < 0) {
    lookupCoordinator(world, c);
    return;
  }
  if (c.memberState !== 'STABLE' && c.memberState !== 'COMPLETING_REBALANCE') return;
  if (world.nowMs - c.lastHeartbeatReceivedAtMs > c.config['session.timeout.ms']) {
    markCoordinatorUnknown(world, c, 'no heartbeat answer for session.timeout.ms');
    return;
  }
  if (c.heartbeatInFlight >= 0 || world.nowMs - c.lastHeartbeatSentAtMs < c.config['heartbeat.interval.ms']) return;
  const correlationId = c.nextCorrelationId++;
  if (sendToCoordinator(world, c, 'Heartbeat', { correlationId, groupId: c.groupId, generationId: c.generation, memberId: c.memberId, groupInstanceId: c.groupInstanceId })) {
    c.heartbeatInFlight = correlationId;
    c.heartbeatGeneration = c.generation;
    c.lastHeartbeatSentAtMs = world.nowMs;
  }
}

export function onHeartbeatResponse(world: KafkaWorld, c: ConsumerState, resp: HeartbeatResponse): void {
  if (resp.correlationId !== c.heartbeatInFlight) return;
  c.heartbeatInFlight = -1;
  c.coordinatorFailures = 0;
  if (resp.error === 'NONE' || resp.error === 'REBALANCE_IN_PROGRESS') c.lastHeartbeatReceivedAtMs = world.nowMs;
  if (resp.error === 'NONE') return;
  world.emit('HeartbeatFailed', { consumer: c.name, groupId: c.groupId, memberId: c.memberId, generation: c.generation, error: resp.error });
  switch (resp.error) {
    case 'REBALANCE_IN_PROGRESS':
      if (c.memberState === 'STABLE') requestRejoin(c, 'the group is rebalancing');
      return;
    case 'ILLEGAL_GENERATION':
    case 'UNKNOWN_MEMBER_ID':
      if (c.generation === c.heartbeatGeneration) resetGeneration(world, c, `Heartbeat failed with ${resp.error}`, resp.error === 'UNKNOWN_MEMBER_ID');
      return;
    case 'FENCED_INSTANCE_ID':
      failConsumer(world, c, resp.error);
      return;
    case 'COORDINATOR_NOT_AVAILABLE':
    case 'NOT_COORDINATOR':
      markCoordinatorUnknown(world, c, `Heartbeat failed with ${resp.error}`);
      return;
    default:
  }
}

/**
 * maybeLeaveGroup: a dynamic member tells the coordinator (LeaveGroup); a static member never
 * does (KIP-345). Either way the member resets its generation and will re-join at its next poll().
 */
export function leaveGroup(world: KafkaWorld, c: ConsumerState, reason: string): void {
  if (c.groupInstanceId === null && c.coordinatorId >= 0 && c.memberState !== 'UNJOINED' && c.memberId !== '') {
    sendToCoordinator(world, c, 'LeaveGroup', { correlationId: c.nextCorrelationId++, groupId: c.groupId, members: [{ memberId: c.memberId, groupInstanceId: null, reason }] });
  }
  world.emit('ConsumerLeavingGroup', { consumer: c.name, groupId: c.groupId, memberId: c.memberId, generation: c.generation, reason, sendsLeaveGroup: c.groupInstanceId === null });
  c.joinInFlight = -1;
  c.syncInFlight = -1;
  c.heartbeatInFlight = -1;
  c.generation = -1;
  c.memberId = '';
  c.memberState = 'UNJOINED';
  c.pendingAssignment = null;
  c.pendingLeaderAssignment = null;
  requestRejoin(c, reason);
}

/** onLeavePrepare on close: the partitions are revoked (or lost, when the generation is gone). */
export function releaseOnClose(world: KafkaWorld, c: ConsumerState): void {
  if (c.assigned.length === 0) return;
  callback(world, c, c.generation < 0 || c.memberId === '' ? 'lost' : 'revoked', c.assigned);
  dropPartitions(c, c.assigned);
  c.assigned = [];
}

/** A fatal group error (FENCED_INSTANCE_ID…): the exception ends the application; the process exits. */
export function failConsumer(world: KafkaWorld, c: ConsumerState, error: KafkaErrorName): void {
  world.emit('ConsumerError', { consumer: c.name, groupId: c.groupId, error });
  interruptSpan(world, c);
  c.status = 'failed';
  c.app = 'closed';
  world.crashNode(c.node);
}
