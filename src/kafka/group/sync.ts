/**
 * SyncGroup (GroupCoordinator.handleSyncGroup): the leader's assignment is written to
 * `__consumer_offsets`, then every member waiting gets its slice and the group is Stable.
 * Heartbeat and LeaveGroup live here too: the small requests of a member's life.
 */
import { getOwn } from '../dict';
import type { KafkaErrorName } from '../protocol/errors';
import type { BrokerState } from '../state';
import type { KafkaWorld } from '../world';
import { appendErrorForClient } from './append';
import { GROUP_HEADER_BYTES, groupOf, respond } from './context';
import { isPendingMember, isStaticMemberFenced, member, memberList, transitionTo } from './group-metadata';
import { groupStatus } from './load';
import type { HeartbeatRequest, LeaveGroupRequest, SyncGroupRequest } from './protocol';
import { maybePrepareRebalance, propagateAssignment, removeMemberAndUpdateGroup, resetAndPropagateAssignmentError, scheduleHeartbeatExpiry, storeGroup, tryCompleteJoin } from './rebalance';
import type { AppendCompletion, GroupMetadata } from './types';

export function handleSyncGroup(world: KafkaWorld, b: BrokerState, fromNode: number, req: SyncGroupRequest): void {
  const fail = (error: KafkaErrorName): void => respond(world, b, fromNode, 'SyncGroupResponse', { correlationId: req.correlationId, error, protocolName: null, assignment: [] });
  const status = groupStatus(world, b, req.groupId);
  // A loading coordinator has lost the rebalance in progress: the member re-joins without looking for the coordinator again.
  if (status === 'COORDINATOR_LOAD_IN_PROGRESS') return fail('REBALANCE_IN_PROGRESS');
  if (status !== 'NONE') return fail(status);
  const g = groupOf(b, req.groupId);
  if (g === undefined) return fail('UNKNOWN_MEMBER_ID');
  if (g.state === 'Dead') return fail('COORDINATOR_NOT_AVAILABLE');
  if (isStaticMemberFenced(g, req.groupInstanceId, req.memberId)) return fail('FENCED_INSTANCE_ID');
  const m = member(g, req.memberId);
  if (m === undefined) return fail('UNKNOWN_MEMBER_ID');
  if (req.generationId !== g.generation) return fail('ILLEGAL_GENERATION');
  if (req.protocolName !== null && req.protocolName !== g.protocolName) return fail('INCONSISTENT_GROUP_PROTOCOL');
  m.clientNode = fromNode;
  switch (g.state) {
    case 'Empty':
      return fail('UNKNOWN_MEMBER_ID');
    case 'PreparingRebalance':
      return fail('REBALANCE_IN_PROGRESS');
    case 'CompletingRebalance': {
      m.awaitingSync = req.correlationId;
      g.pendingSyncMembers = g.pendingSyncMembers.filter((id) => id !== m.memberId);
      if (g.leaderId !== m.memberId) return;
      const assignment: Record<string, string[]> = {};
      for (const x of memberList(g)) assignment[x.memberId] = req.assignments.find((a) => a.memberId === x.memberId)?.assignment ?? [];
      storeGroup(world, b, g, assignment, { kind: 'syncGroup', groupId: g.groupId, generation: g.generation, assignment });
      return;
    }
    case 'Stable':
      g.pendingSyncMembers = g.pendingSyncMembers.filter((id) => id !== m.memberId);
      respond(world, b, fromNode, 'SyncGroupResponse', { correlationId: req.correlationId, error: 'NONE', protocolName: g.protocolName, assignment: m.assignment }, GROUP_HEADER_BYTES + 8 * m.assignment.length);
      scheduleHeartbeatExpiry(world, b, g, m);
      return;
  }
}

/** The leader's assignment is replicated (or failed): Stable, or back to rebalancing. */
export function onGroupStored(world: KafkaWorld, b: BrokerState, then: Extract<AppendCompletion, { kind: 'syncGroup' }>, error: KafkaErrorName): void {
  const g = groupOf(b, then.groupId);
  if (g === undefined || g.state !== 'CompletingRebalance' || g.generation !== then.generation) return;
  if (error !== 'NONE') {
    resetAndPropagateAssignmentError(world, b, g, appendErrorForClient(error, false));
    maybePrepareRebalance(world, b, g, `error ${error} when storing the assignment`);
    return;
  }
  for (const m of memberList(g)) m.assignment = then.assignment[m.memberId] ?? [];
  propagateAssignment(world, b, g, 'NONE');
  transitionTo(g, 'Stable', world.nowMs);
  world.emit('GroupStable', { broker: b.id, groupId: g.groupId, generation: g.generation, protocol: g.protocolName, leader: g.leaderId, assignment: then.assignment });
}

export function handleHeartbeat(world: KafkaWorld, b: BrokerState, fromNode: number, req: HeartbeatRequest): void {
  const answer = (error: KafkaErrorName): void => respond(world, b, fromNode, 'HeartbeatResponse', { correlationId: req.correlationId, error });
  const status = groupStatus(world, b, req.groupId);
  // The group is still loading: answer blindly, as Kafka does.
  if (status === 'COORDINATOR_LOAD_IN_PROGRESS') return answer('NONE');
  if (status !== 'NONE') return answer(status);
  const g = groupOf(b, req.groupId);
  if (g === undefined) return answer('UNKNOWN_MEMBER_ID');
  if (g.state === 'Dead') return answer('COORDINATOR_NOT_AVAILABLE');
  if (isStaticMemberFenced(g, req.groupInstanceId, req.memberId)) return answer('FENCED_INSTANCE_ID');
  const m = member(g, req.memberId);
  if (m === undefined) return answer('UNKNOWN_MEMBER_ID');
  if (req.generationId !== g.generation) return answer('ILLEGAL_GENERATION');
  switch (g.state) {
    case 'Empty':
      return answer('UNKNOWN_MEMBER_ID');
    case 'PreparingRebalance':
      scheduleHeartbeatExpiry(world, b, g, m);
      return answer('REBALANCE_IN_PROGRESS');
    default:
      scheduleHeartbeatExpiry(world, b, g, m);
      return answer('NONE');
  }
}

export function handleLeaveGroup(world: KafkaWorld, b: BrokerState, fromNode: number, req: LeaveGroupRequest): void {
  const status = groupStatus(world, b, req.groupId);
  const answer = (error: KafkaErrorName, members: { memberId: string; groupInstanceId: string | null; error: KafkaErrorName }[]): void =>
    respond(world, b, fromNode, 'LeaveGroupResponse', { correlationId: req.correlationId, error, members });
  if (status !== 'NONE') return answer(status, []);
  const g = groupOf(b, req.groupId);
  if (g === undefined) return answer('NONE', req.members.map((x) => ({ memberId: x.memberId, groupInstanceId: x.groupInstanceId, error: 'UNKNOWN_MEMBER_ID' as const })));
  const results = req.members.map((x) => ({ memberId: x.memberId, groupInstanceId: x.groupInstanceId, error: leave(world, b, g, x.memberId, x.groupInstanceId, x.reason) }));
  answer('NONE', results);
}

function leave(world: KafkaWorld, b: BrokerState, g: GroupMetadata, memberIdIn: string, groupInstanceId: string | null, reason: string): KafkaErrorName {
  if (g.state === 'Dead') return 'COORDINATOR_NOT_AVAILABLE';
  let memberId = memberIdIn;
  if (memberId === '' && groupInstanceId !== null) memberId = getOwn(g.staticMembers, groupInstanceId) ?? '';
  if (isStaticMemberFenced(g, groupInstanceId, memberId)) return 'FENCED_INSTANCE_ID';
  if (isPendingMember(g, memberId)) {
    delete g.pendingMembers[memberId];
    if (g.state === 'PreparingRebalance') tryCompleteJoin(world, b, g);
    return 'NONE';
  }
  const m = member(g, memberId);
  if (m === undefined) return 'UNKNOWN_MEMBER_ID';
  world.emit('MemberLeft', { broker: b.id, groupId: g.groupId, memberId, groupInstanceId: m.groupInstanceId, reason });
  removeMemberAndUpdateGroup(world, b, g, m, `member ${memberId} left the group: ${reason}`);
  return 'NONE';
}
