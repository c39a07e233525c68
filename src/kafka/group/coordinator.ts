/**
 * The group coordinator as the broker sees it: one entry for its requests, one for its timers,
 * one for the answers of its own writes to `__consumer_offsets`, and the hooks for leadership
 * changes and crashes. The work is split by concern:
 *
 *   group-metadata.ts  pure rules over one group (states, members, protocols, generations)
 *   rebalance.ts       delayed joins, completing a join, pending syncs, session deadlines
 *   join.ts            JoinGroup (MEMBER_ID_REQUIRED, static members)
 *   sync.ts            SyncGroup, Heartbeat, LeaveGroup
 *   offsets.ts         OffsetCommit, OffsetFetch, offset expiry, admin resets
 *   find-coordinator.ts FindCoordinator and creating `__consumer_offsets`
 *   load.ts            which partitions this broker coordinates; loading and unloading them
 *   records.ts, append.ts  the records of `__consumer_offsets` and how they are written
 */
import type { Message } from '../../sim/types';
import type { ProduceResponse } from '../protocol/messages';
import type { BrokerState } from '../state';
import type { KafkaWorld } from '../world';
import { takePendingAppend } from './append';
import { groupOf } from './context';
import { handleFindCoordinator } from './find-coordinator';
import { handleJoinGroup } from './join';
import { completeLoad, onCoordinatorCrash, partitionStatus, syncLeadership } from './load';
import { expireOffsets, handleOffsetCommit, handleOffsetFetch, onOffsetsStored } from './offsets';
import type { GroupApis } from './protocol';
import { isGroupRequest } from './protocol';
import { onDelayedJoinTimer, onHeartbeatDeadline, onPendingMemberDeadline, onPendingSyncTimer } from './rebalance';
import { handleHeartbeat, handleLeaveGroup, handleSyncGroup, onGroupStored } from './sync';

export { isGroupRequest };

/** A group request reached this broker. */
export function onGroupRequest(world: KafkaWorld, b: BrokerState, msg: Message): void {
  switch (msg.kind) {
    case 'FindCoordinator':
      return handleFindCoordinator(world, b, msg.from, msg.payload as GroupApis['FindCoordinator']);
    case 'JoinGroup':
      return handleJoinGroup(world, b, msg.from, msg.payload as GroupApis['JoinGroup']);
    case 'SyncGroup':
      return handleSyncGroup(world, b, msg.from, msg.payload as GroupApis['SyncGroup']);
    case 'Heartbeat':
      return handleHeartbeat(world, b, msg.from, msg.payload as GroupApis['Heartbeat']);
    case 'LeaveGroup':
      return handleLeaveGroup(world, b, msg.from, msg.payload as GroupApis['LeaveGroup']);
    case 'OffsetCommit':
      return handleOffsetCommit(world, b, msg.from, msg.payload as GroupApis['OffsetCommit']);
    case 'OffsetFetch':
      return handleOffsetFetch(world, b, msg.from, msg.payload as GroupApis['OffsetFetch']);
    default:
      throw new Error(`broker ${b.id}: ${msg.kind} is not a group request`);
  }
}

/** The answer to one of this coordinator's own writes (it came back over the loopback connection). */
export function onCoordinatorProduceResponse(world: KafkaWorld, b: BrokerState, resp: ProduceResponse): void {
  const pending = takePendingAppend(b, resp.correlationId);
  if (pending === undefined) return;
  const error = resp.partitions[0]?.error ?? 'UNKNOWN_SERVER_ERROR';
  switch (pending.then.kind) {
    case 'offsetCommit':
      onOffsetsStored(world, b, pending.then, error);
      return;
    case 'syncGroup':
      onGroupStored(world, b, pending.then, error);
      return;
    case 'expiry':
    case 'groupStored':
      return;
  }
}

const GROUP_TIMERS = new Set(['groupJoin', 'groupSync', 'groupHeartbeat', 'groupPendingMember', 'groupLoad', 'groupOffsetsRetention']);

export function isGroupTimer(name: string): boolean {
  return GROUP_TIMERS.has(name);
}

export function onGroupTimer(world: KafkaWorld, b: BrokerState, name: string, data: unknown): void {
  if (name === 'groupLoad') {
    const d = data as { partition: number; loadId: number };
    completeLoad(world, b, d.partition, d.loadId);
    return;
  }
  if (name === 'groupOffsetsRetention') {
    expireOffsets(world, b);
    world.setTimer(b.node, b.config['offsets.retention.check.interval.ms'], 'groupOffsetsRetention');
    return;
  }
  const groupId = (data as { groupId: string }).groupId;
  const g = groupOf(b, groupId);
  // Timers of a group this broker no longer serves (or serves anew since) do nothing.
  if (g === undefined || partitionStatus(world, b, g.partition) !== 'NONE' || groupOf(b, groupId) !== g) return;
  switch (name) {
    case 'groupJoin':
      onDelayedJoinTimer(world, b, g, (data as { token: number }).token);
      return;
    case 'groupSync': {
      const d = data as { generation: number; token: number };
      onPendingSyncTimer(world, b, g, d.generation, d.token);
      return;
    }
    case 'groupHeartbeat': {
      const d = data as { memberId: string; deadlineMs: number };
      onHeartbeatDeadline(world, b, g, d.memberId, d.deadlineMs);
      return;
    }
    case 'groupPendingMember':
      onPendingMemberDeadline(world, b, g, (data as { memberId: string }).memberId);
      return;
  }
}

/** LeaderAndIsr changed what this broker leads: load or unload `__consumer_offsets` partitions. */
export function onCoordinatorLeadershipChange(world: KafkaWorld, b: BrokerState): void {
  syncLeadership(world, b);
}

/** The broker process dies: clients parked on it see their connections reset. */
export function onGroupCoordinatorCrash(world: KafkaWorld, b: BrokerState): void {
  onCoordinatorCrash(world, b);
}
