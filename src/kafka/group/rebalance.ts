/**
 * The rebalance machinery of the classic coordinator (GroupCoordinator.scala): preparing a
 * rebalance and its delayed join (`group.initial.rebalance.delay.ms` from Empty, otherwise the
 * group's rebalance timeout), completing the join phase (a new generation, the JoinGroup
 * answers), the pending-sync deadline, and the session deadlines that remove members.
 *
 * Timers are world timers carrying a token; a timer whose token no longer matches is stale and
 * does nothing, which is how Kafka's purgatory operations are cancelled here.
 */
import { getOwn } from '../dict';
import type { KafkaErrorName } from '../protocol/errors';
import type { BrokerState } from '../state';
import type { KafkaWorld } from '../world';
import { appendToOffsetsTopic } from './append';
import { GROUP_HEADER_BYTES, nextToken, respond } from './context';
import {
  hasAllMembersJoined,
  initNextGeneration,
  maybeElectNewJoinedLeader,
  memberList,
  rebalanceTimeoutMs,
  removeMember,
  subscriptionOf,
  transitionTo,
} from './group-metadata';
import type { JoinGroupResponse, JoinGroupResponseMember } from './protocol';
import { groupKey, groupValue } from './records';
import type { AppendCompletion, GroupMetadata, MemberMetadata } from './types';

/** GroupCoordinator.NewMemberJoinTimeoutMs: how long a brand-new member may wait for its first join. */
export const NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000;

/** completeAndScheduleNextHeartbeatExpiration: the member must be heard from again within `timeoutMs`. */
export function scheduleHeartbeatExpiry(world: KafkaWorld, b: BrokerState, g: GroupMetadata, m: MemberMetadata, timeoutMs = m.sessionTimeoutMs): void {
  m.heartbeatDeadlineMs = world.nowMs + timeoutMs;
  world.setTimer(b.node, timeoutMs, 'groupHeartbeat', { groupId: g.groupId, memberId: m.memberId, deadlineMs: m.heartbeatDeadlineMs });
}

/** The leader's view of the members: their subscriptions under the selected protocol. */
export function currentMembers(g: GroupMetadata): JoinGroupResponseMember[] {
  return memberList(g).map((m) => ({
    memberId: m.memberId,
    groupInstanceId: m.groupInstanceId,
    metadata: subscriptionOf(g, m)?.metadata ?? { topics: [], ownedPartitions: [], generation: -1, previousAssignment: [] },
  }));
}

export function sendJoinResponse(world: KafkaWorld, b: BrokerState, toNode: number, correlationId: number, r: Omit<JoinGroupResponse, 'correlationId'>): void {
  respond(world, b, toNode, 'JoinGroupResponse', { correlationId, ...r }, GROUP_HEADER_BYTES + 48 * r.members.length);
}

export function joinError(memberId: string, error: KafkaErrorName): Omit<JoinGroupResponse, 'correlationId'> {
  return { error, generationId: -1, protocolName: null, leader: '', skipAssignment: false, memberId, members: [] };
}

/** The answer for the current generation (a member re-sending an unchanged JoinGroup). */
export function currentGenerationAnswer(g: GroupMetadata, memberId: string, skipAssignment = false): Omit<JoinGroupResponse, 'correlationId'> {
  const isLeader = g.leaderId === memberId;
  return { error: 'NONE', generationId: g.generation, protocolName: g.protocolName, leader: g.leaderId ?? '', skipAssignment, memberId, members: isLeader ? currentMembers(g) : [] };
}

/** Answers a parked JoinGroup, if the member has one. */
function answerJoin(world: KafkaWorld, b: BrokerState, m: MemberMetadata, r: Omit<JoinGroupResponse, 'correlationId'>): void {
  if (m.awaitingJoin < 0) return;
  const correlationId = m.awaitingJoin;
  m.awaitingJoin = -1;
  sendJoinResponse(world, b, m.clientNode, correlationId, r);
}

export function answerSync(world: KafkaWorld, b: BrokerState, g: GroupMetadata, m: MemberMetadata, error: KafkaErrorName): void {
  if (m.awaitingSync < 0) return;
  const correlationId = m.awaitingSync;
  m.awaitingSync = -1;
  respond(world, b, m.clientNode, 'SyncGroupResponse', { correlationId, error, protocolName: g.protocolName, assignment: error === 'NONE' ? m.assignment : [] }, GROUP_HEADER_BYTES + 8 * m.assignment.length);
}

/**
 * propagateAssignment: every member waiting in SyncGroup gets its slice (or the error), and every
 * member's session deadline restarts (an expiry ignored while it waited would otherwise be lost).
 */
export function propagateAssignment(world: KafkaWorld, b: BrokerState, g: GroupMetadata, error: KafkaErrorName): void {
  for (const m of memberList(g)) {
    answerSync(world, b, g, m, error);
    scheduleHeartbeatExpiry(world, b, g, m);
  }
}

export function resetAndPropagateAssignmentError(world: KafkaWorld, b: BrokerState, g: GroupMetadata, error: KafkaErrorName): void {
  for (const m of memberList(g)) m.assignment = [];
  propagateAssignment(world, b, g, error);
}

/** storeGroup: the group record (members, assignment) through the leader's append path. */
export function storeGroup(world: KafkaWorld, b: BrokerState, g: GroupMetadata, assignment: Record<string, string[]> | null, then: AppendCompletion): void {
  appendToOffsetsTopic(world, b, g.partition, [groupKey(g.groupId)], [groupValue(g, assignment)], then);
}

export function maybePrepareRebalance(world: KafkaWorld, b: BrokerState, g: GroupMetadata, reason: string): void {
  if (g.state === 'Stable' || g.state === 'CompletingRebalance' || g.state === 'Empty') prepareRebalance(world, b, g, reason);
}

/**
 * prepareRebalance: pending SyncGroups of an interrupted CompletingRebalance hear
 * REBALANCE_IN_PROGRESS; the group waits for its members to re-join.
 */
export function prepareRebalance(world: KafkaWorld, b: BrokerState, g: GroupMetadata, reason: string): void {
  if (g.state === 'CompletingRebalance') resetAndPropagateAssignmentError(world, b, g, 'REBALANCE_IN_PROGRESS');
  g.syncTimerToken = -1;
  const initial = g.state === 'Empty';
  const timeoutMs = rebalanceTimeoutMs(g);
  transitionTo(g, 'PreparingRebalance', world.nowMs);
  const token = nextToken(b);
  if (initial) {
    // KIP-134: a group starting from Empty waits for more members before its first assignment.
    const delayMs = b.config['group.initial.rebalance.delay.ms'];
    g.delayedJoin = { token, initial: true, remainingMs: Math.max(timeoutMs - delayMs, 0) };
    world.setTimer(b.node, delayMs, 'groupJoin', { groupId: g.groupId, token });
  } else {
    g.delayedJoin = { token, initial: false, remainingMs: 0 };
    world.setTimer(b.node, timeoutMs, 'groupJoin', { groupId: g.groupId, token });
  }
  world.emit('RebalanceStarted', { broker: b.id, groupId: g.groupId, generation: g.generation, reason, members: Object.keys(g.members) });
  if (!initial) tryCompleteJoin(world, b, g);
}

/** DelayedJoin.tryComplete: as soon as every member has re-joined (never during the initial delay). */
export function tryCompleteJoin(world: KafkaWorld, b: BrokerState, g: GroupMetadata): void {
  if (g.state !== 'PreparingRebalance' || g.delayedJoin === null || g.delayedJoin.initial) return;
  if (hasAllMembersJoined(g)) completeJoin(world, b, g);
}

/** The delayed join's timer: the initial delay may be extended once per new arrival, then the join completes. */
export function onDelayedJoinTimer(world: KafkaWorld, b: BrokerState, g: GroupMetadata, token: number): void {
  const dj = g.delayedJoin;
  if (dj === null || dj.token !== token || g.state !== 'PreparingRebalance') return;
  if (dj.initial && g.newMemberAdded && dj.remainingMs !== 0) {
    g.newMemberAdded = false;
    const delayMs = Math.min(b.config['group.initial.rebalance.delay.ms'], dj.remainingMs);
    const next = nextToken(b);
    g.delayedJoin = { token: next, initial: true, remainingMs: Math.max(dj.remainingMs - delayMs, 0) };
    world.setTimer(b.node, delayMs, 'groupJoin', { groupId: g.groupId, token: next });
    return;
  }
  completeJoin(world, b, g);
}

/**
 * onCompleteJoin: dynamic members that did not re-join are dropped (static ones stay); a new
 * generation starts; each waiting member gets its JoinGroup answer (only the leader gets the
 * member list); SyncGroups are expected within the rebalance timeout.
 */
export function completeJoin(world: KafkaWorld, b: BrokerState, g: GroupMetadata): void {
  g.delayedJoin = null;
  const dropped: string[] = [];
  for (const m of memberList(g)) {
    if (m.awaitingJoin < 0 && m.groupInstanceId === null) {
      removeMember(g, m.memberId);
      dropped.push(m.memberId);
    }
  }
  if (dropped.length > 0) world.emit('MembersRemoved', { broker: b.id, groupId: g.groupId, members: dropped, reason: 'did not re-join in time' });
  if (!maybeElectNewJoinedLeader(g) && Object.keys(g.members).length > 0) {
    // Nobody re-joined: wait another rebalance timeout; session expiry removes the silent ones.
    const token = nextToken(b);
    g.delayedJoin = { token, initial: false, remainingMs: 0 };
    world.setTimer(b.node, rebalanceTimeoutMs(g), 'groupJoin', { groupId: g.groupId, token });
    return;
  }
  initNextGeneration(g, world.nowMs);
  world.emit('RebalanceCompleted', {
    broker: b.id,
    starts: b.starts,
    groupId: g.groupId,
    partition: g.partition,
    generation: g.generation,
    state: g.state,
    protocol: g.protocolName,
    leader: g.leaderId,
    members: Object.keys(g.members),
  });
  if (g.state === 'Empty') {
    storeGroup(world, b, g, null, { kind: 'groupStored', groupId: g.groupId });
    return;
  }
  for (const m of memberList(g)) {
    answerJoin(world, b, m, currentGenerationAnswer(g, m.memberId));
    scheduleHeartbeatExpiry(world, b, g, m);
    m.isNew = false;
  }
  const token = nextToken(b);
  g.syncTimerToken = token;
  world.setTimer(b.node, rebalanceTimeoutMs(g), 'groupSync', { groupId: g.groupId, generation: g.generation, token });
}

/** The pending-sync deadline: members that never sent SyncGroup are removed, and the group rebalances. */
export function onPendingSyncTimer(world: KafkaWorld, b: BrokerState, g: GroupMetadata, generation: number, token: number): void {
  if (token !== g.syncTimerToken) return;
  g.syncTimerToken = -1;
  if (generation !== g.generation || (g.state !== 'CompletingRebalance' && g.state !== 'Stable')) return;
  if (g.pendingSyncMembers.length === 0) return;
  const late = [...g.pendingSyncMembers];
  for (const id of late) removeMember(g, id);
  world.emit('MembersRemoved', { broker: b.id, groupId: g.groupId, members: late, reason: 'no SyncGroup in time' });
  prepareRebalance(world, b, g, `removing ${late.join(', ')} on pending sync request expiration`);
}

/** removeMemberAndUpdateGroup. */
export function removeMemberAndUpdateGroup(world: KafkaWorld, b: BrokerState, g: GroupMetadata, m: MemberMetadata, reason: string): void {
  answerJoin(world, b, m, joinError(m.memberId, 'UNKNOWN_MEMBER_ID'));
  removeMember(g, m.memberId);
  world.emit('MemberRemoved', { broker: b.id, groupId: g.groupId, memberId: m.memberId, groupInstanceId: m.groupInstanceId, reason });
  if (g.state === 'Stable' || g.state === 'CompletingRebalance') maybePrepareRebalance(world, b, g, reason);
  else if (g.state === 'PreparingRebalance') tryCompleteJoin(world, b, g);
}

/**
 * A session deadline passed. Members waiting in JoinGroup or SyncGroup count as heard from,
 * except brand-new members (they can expire while waiting to join).
 */
export function onHeartbeatDeadline(world: KafkaWorld, b: BrokerState, g: GroupMetadata, memberId: string, deadlineMs: number): void {
  const m = getOwn(g.members, memberId);
  if (m === undefined || m.heartbeatDeadlineMs !== deadlineMs || g.state === 'Dead') return;
  if (!m.isNew && (m.awaitingJoin >= 0 || m.awaitingSync >= 0)) return;
  world.emit('MemberSessionExpired', { broker: b.id, groupId: g.groupId, memberId, groupInstanceId: m.groupInstanceId, sessionTimeoutMs: m.sessionTimeoutMs });
  removeMemberAndUpdateGroup(world, b, g, m, `removing member ${memberId} on heartbeat expiration`);
}

/** A MEMBER_ID_REQUIRED member never came back with its id. */
export function onPendingMemberDeadline(world: KafkaWorld, b: BrokerState, g: GroupMetadata, memberId: string): void {
  const expiresAtMs = getOwn(g.pendingMembers, memberId);
  if (expiresAtMs === undefined || expiresAtMs > world.nowMs) return;
  delete g.pendingMembers[memberId];
  if (g.state === 'PreparingRebalance') tryCompleteJoin(world, b, g);
}
