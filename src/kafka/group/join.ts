/**
 * JoinGroup on the coordinator (GroupCoordinator.handleJoinGroup): new dynamic members are told
 * MEMBER_ID_REQUIRED with a fresh id first (KIP-394); static members (KIP-345) take back their
 * slot, without a rebalance when the group is Stable; known members update their metadata, which
 * triggers a rebalance in every case kafka-reference.md §2.5 lists.
 */
import { getOwn, setOwn } from '../dict';
import type { KafkaErrorName } from '../protocol/errors';
import type { BrokerState } from '../state';
import type { KafkaWorld } from '../world';
import { coordinatorOf, groupOf, newMemberId, partitionFor } from './context';
import {
  addMember,
  hasMember,
  isPendingMember,
  isStaticMemberFenced,
  member,
  newGroup,
  replaceStaticMember,
  sameProtocols,
  selectProtocol,
  supportsProtocols,
} from './group-metadata';
import { groupStatus } from './load';
import type { JoinGroupRequest } from './protocol';
import {
  currentGenerationAnswer,
  joinError,
  maybePrepareRebalance,
  NEW_MEMBER_JOIN_TIMEOUT_MS,
  prepareRebalance,
  scheduleHeartbeatExpiry,
  sendJoinResponse,
  storeGroup,
  tryCompleteJoin,
} from './rebalance';
import type { GroupMetadata, MemberMetadata } from './types';

export function handleJoinGroup(world: KafkaWorld, b: BrokerState, fromNode: number, req: JoinGroupRequest): void {
  const fail = (error: KafkaErrorName, memberId = req.memberId): void => sendJoinResponse(world, b, fromNode, req.correlationId, joinError(memberId, error));
  const status = groupStatus(world, b, req.groupId);
  if (status !== 'NONE') return fail(status);
  if (req.sessionTimeoutMs < b.config['group.min.session.timeout.ms'] || req.sessionTimeoutMs > b.config['group.max.session.timeout.ms']) return fail('INVALID_SESSION_TIMEOUT');
  let g = groupOf(b, req.groupId);
  if (g === undefined) {
    if (req.memberId !== '') return fail('UNKNOWN_MEMBER_ID');
    g = newGroup(req.groupId, partitionFor(b, req.groupId), world.nowMs);
    setOwn(coordinatorOf(b).groups, req.groupId, g);
  }
  if (!acceptJoiningMember(g, req.memberId, b.config['group.max.size'])) return fail('GROUP_MAX_SIZE_REACHED');
  if (req.memberId === '') newMemberJoin(world, b, g, fromNode, req);
  else currentMemberJoin(world, b, g, fromNode, req);
  if (g.state === 'PreparingRebalance') tryCompleteJoin(world, b, g);
}

/** GroupCoordinator.acceptJoiningMember: `group.max.size` counts members, or those waiting to join. */
function acceptJoiningMember(g: GroupMetadata, memberId: string, maxSize: number): boolean {
  const members = Object.values(g.members);
  switch (g.state) {
    case 'Empty':
    case 'Dead':
      return true;
    case 'PreparingRebalance':
      return (hasMember(g, memberId) && (member(g, memberId)?.awaitingJoin ?? -1) >= 0) || members.filter((m) => m.awaitingJoin >= 0).length < maxSize;
    default:
      return hasMember(g, memberId) || members.length < maxSize;
  }
}

function newMemberJoin(world: KafkaWorld, b: BrokerState, g: GroupMetadata, fromNode: number, req: JoinGroupRequest): void {
  if (g.state === 'Dead') return sendJoinResponse(world, b, fromNode, req.correlationId, joinError('', 'COORDINATOR_NOT_AVAILABLE'));
  if (!supportsProtocols(g, req.protocolType, req.protocols)) return sendJoinResponse(world, b, fromNode, req.correlationId, joinError('', 'INCONSISTENT_GROUP_PROTOCOL'));
  const memberId = newMemberId(world, b, req.groupInstanceId ?? req.clientId);
  if (req.groupInstanceId !== null) {
    staticMemberJoin(world, b, g, fromNode, req, memberId);
    return;
  }
  // KIP-394: the member must come back with this id; until then it is "pending" for a session.
  setOwn(g.pendingMembers, memberId, world.nowMs + req.sessionTimeoutMs);
  world.setTimer(b.node, req.sessionTimeoutMs, 'groupPendingMember', { groupId: g.groupId, memberId });
  sendJoinResponse(world, b, fromNode, req.correlationId, joinError(memberId, 'MEMBER_ID_REQUIRED'));
}

function newMember(req: JoinGroupRequest, memberId: string, fromNode: number): MemberMetadata {
  return {
    memberId,
    groupInstanceId: req.groupInstanceId,
    clientId: req.clientId,
    clientNode: fromNode,
    rebalanceTimeoutMs: req.rebalanceTimeoutMs,
    sessionTimeoutMs: req.sessionTimeoutMs,
    protocols: req.protocols,
    assignment: [],
    awaitingJoin: req.correlationId,
    awaitingSync: -1,
    isNew: true,
    heartbeatDeadlineMs: 0,
  };
}

function addMemberAndRebalance(world: KafkaWorld, b: BrokerState, g: GroupMetadata, fromNode: number, req: JoinGroupRequest, memberId: string): void {
  const m = newMember(req, memberId, fromNode);
  // A member arriving during the initial delay of a new group earns one more delay.
  if (g.state === 'PreparingRebalance' && g.generation === 0) g.newMemberAdded = true;
  addMember(g, m);
  world.emit('MemberJoined', { broker: b.id, groupId: g.groupId, memberId, groupInstanceId: m.groupInstanceId, clientId: m.clientId });
  scheduleHeartbeatExpiry(world, b, g, m, NEW_MEMBER_JOIN_TIMEOUT_MS);
  maybePrepareRebalance(world, b, g, `adding new member ${memberId}`);
}

function updateMember(m: MemberMetadata, req: JoinGroupRequest, fromNode: number): void {
  m.protocols = req.protocols;
  m.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
  m.sessionTimeoutMs = req.sessionTimeoutMs;
  m.clientId = req.clientId;
  m.clientNode = fromNode;
  m.awaitingJoin = req.correlationId;
}

function staticMemberJoin(world: KafkaWorld, b: BrokerState, g: GroupMetadata, fromNode: number, req: JoinGroupRequest, newId: string): void {
  const instanceId = req.groupInstanceId as string;
  const oldId = getOwn(g.staticMembers, instanceId);
  if (oldId === undefined) {
    addMemberAndRebalance(world, b, g, fromNode, req, newId);
    return;
  }
  const old = member(g, oldId);
  // The old process, if it still waits somewhere, is fenced (KIP-345).
  if (old !== undefined && old.awaitingJoin >= 0) sendJoinResponse(world, b, old.clientNode, old.awaitingJoin, joinError(oldId, 'FENCED_INSTANCE_ID'));
  if (old !== undefined && old.awaitingSync >= 0) world.send(b.node, old.clientNode, 'SyncGroupResponse', { correlationId: old.awaitingSync, error: 'FENCED_INSTANCE_ID', protocolName: g.protocolName, assignment: [] });
  const m = replaceStaticMember(g, instanceId, oldId, newId);
  m.awaitingJoin = -1;
  m.awaitingSync = -1;
  world.emit('StaticMemberReplaced', { broker: b.id, groupId: g.groupId, groupInstanceId: instanceId, oldMemberId: oldId, newMemberId: newId, state: g.state });
  switch (g.state) {
    case 'Stable': {
      const previousProtocol = g.protocolName;
      updateMember(m, req, fromNode);
      m.awaitingJoin = -1;
      if (selectProtocol(g) !== previousProtocol) {
        m.awaitingJoin = req.correlationId;
        prepareRebalance(world, b, g, `static member ${instanceId} changed the group's protocol`);
        return;
      }
      // No rebalance: the member gets its old assignment back at SyncGroup (KIP-345). A static
      // leader is told to skip the assignment (KIP-814).
      storeGroup(world, b, g, null, { kind: 'groupStored', groupId: g.groupId });
      scheduleHeartbeatExpiry(world, b, g, m);
      sendJoinResponse(world, b, fromNode, req.correlationId, currentGenerationAnswer(g, newId, g.leaderId === newId));
      return;
    }
    case 'CompletingRebalance':
      updateMember(m, req, fromNode);
      prepareRebalance(world, b, g, `static member ${instanceId} re-joined during CompletingRebalance`);
      return;
    case 'PreparingRebalance':
      updateMember(m, req, fromNode);
      return;
    default:
      sendJoinResponse(world, b, fromNode, req.correlationId, joinError(newId, 'UNKNOWN_MEMBER_ID'));
  }
}

function currentMemberJoin(world: KafkaWorld, b: BrokerState, g: GroupMetadata, fromNode: number, req: JoinGroupRequest): void {
  const fail = (error: KafkaErrorName): void => sendJoinResponse(world, b, fromNode, req.correlationId, joinError(req.memberId, error));
  if (g.state === 'Dead') return fail('COORDINATOR_NOT_AVAILABLE');
  if (!supportsProtocols(g, req.protocolType, req.protocols)) return fail('INCONSISTENT_GROUP_PROTOCOL');
  if (isPendingMember(g, req.memberId)) {
    addMemberAndRebalance(world, b, g, fromNode, req, req.memberId);
    return;
  }
  if (isStaticMemberFenced(g, req.groupInstanceId, req.memberId)) return fail('FENCED_INSTANCE_ID');
  const m = member(g, req.memberId);
  if (m === undefined) return fail('UNKNOWN_MEMBER_ID');
  switch (g.state) {
    case 'PreparingRebalance':
      updateMember(m, req, fromNode);
      return;
    case 'CompletingRebalance':
      if (sameProtocols(m.protocols, req.protocols)) {
        // The member lost the first answer: give it the current generation again.
        m.clientNode = fromNode;
        sendJoinResponse(world, b, fromNode, req.correlationId, currentGenerationAnswer(g, m.memberId));
        return;
      }
      updateMember(m, req, fromNode);
      maybePrepareRebalance(world, b, g, `member ${m.memberId} changed its metadata`);
      return;
    case 'Stable':
      if (g.leaderId === m.memberId || !sameProtocols(m.protocols, req.protocols)) {
        updateMember(m, req, fromNode);
        maybePrepareRebalance(world, b, g, g.leaderId === m.memberId ? `leader ${m.memberId} re-joined` : `member ${m.memberId} changed its metadata`);
        return;
      }
      m.clientNode = fromNode;
      sendJoinResponse(world, b, fromNode, req.correlationId, currentGenerationAnswer(g, m.memberId));
      return;
    default:
      fail('UNKNOWN_MEMBER_ID');
  }
}
