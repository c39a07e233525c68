/**
 * The group APIs of the classic protocol as plain data (FindCoordinator, JoinGroup, SyncGroup,
 * Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch). Field names follow Kafka's request schemas;
 * the consumer protocol's byte blobs (subscription, assignment) travel decoded.
 */
import type { KafkaErrorName } from '../protocol/errors';
import type { GroupProtocol, ConsumerSubscription } from './types';

export interface FindCoordinatorRequest {
  correlationId: number;
  /** The group id. */
  key: string;
  keyType: 'group';
}
export interface FindCoordinatorResponse {
  correlationId: number;
  error: KafkaErrorName;
  /** The coordinator's broker id; -1 on error. */
  nodeId: number;
}

export interface JoinGroupRequest {
  correlationId: number;
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  /** '' for a member's first join. */
  memberId: string;
  groupInstanceId: string | null;
  protocolType: 'consumer';
  protocols: GroupProtocol[];
  clientId: string;
  reason: string;
}
export interface JoinGroupResponseMember {
  memberId: string;
  groupInstanceId: string | null;
  metadata: ConsumerSubscription;
}
export interface JoinGroupResponse {
  correlationId: number;
  error: KafkaErrorName;
  generationId: number;
  protocolName: string | null;
  leader: string;
  /** KIP-814: a static leader that rejoined a Stable group must not reassign. */
  skipAssignment: boolean;
  memberId: string;
  /** Only the leader gets the members and their subscriptions. */
  members: JoinGroupResponseMember[];
}

export interface SyncGroupRequest {
  correlationId: number;
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolName: string | null;
  /** The leader's assignment; empty from followers. */
  assignments: { memberId: string; assignment: string[] }[];
}
export interface SyncGroupResponse {
  correlationId: number;
  error: KafkaErrorName;
  protocolName: string | null;
  assignment: string[];
}

export interface HeartbeatRequest {
  correlationId: number;
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}
export interface HeartbeatResponse {
  correlationId: number;
  error: KafkaErrorName;
}

export interface LeaveGroupRequest {
  correlationId: number;
  groupId: string;
  members: { memberId: string; groupInstanceId: string | null; reason: string }[];
}
export interface LeaveGroupResponse {
  correlationId: number;
  error: KafkaErrorName;
  members: { memberId: string; groupInstanceId: string | null; error: KafkaErrorName }[];
}

export interface OffsetCommitRequest {
  correlationId: number;
  groupId: string;
  /** -1 for a commit from outside group management (admin tools, assign()). */
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  offsets: { topic: string; partition: number; offset: number; leaderEpoch: number; metadata: string }[];
}
export interface OffsetCommitResponse {
  correlationId: number;
  partitions: { topic: string; partition: number; error: KafkaErrorName }[];
}

export interface OffsetFetchRequest {
  correlationId: number;
  groupId: string;
  /** null = every partition with a committed offset. */
  partitions: { topic: string; partition: number }[] | null;
  /** KIP-447: wait for pending transactional commits (none here). */
  requireStable: boolean;
}
export interface OffsetFetchResponse {
  correlationId: number;
  error: KafkaErrorName;
  /** offset -1 = no committed offset. */
  partitions: { topic: string; partition: number; offset: number; leaderEpoch: number; error: KafkaErrorName }[];
}

/** Every group payload by API name (the message's `kind`). */
export interface GroupApis {
  FindCoordinator: FindCoordinatorRequest;
  FindCoordinatorResponse: FindCoordinatorResponse;
  JoinGroup: JoinGroupRequest;
  JoinGroupResponse: JoinGroupResponse;
  SyncGroup: SyncGroupRequest;
  SyncGroupResponse: SyncGroupResponse;
  Heartbeat: HeartbeatRequest;
  HeartbeatResponse: HeartbeatResponse;
  LeaveGroup: LeaveGroupRequest;
  LeaveGroupResponse: LeaveGroupResponse;
  OffsetCommit: OffsetCommitRequest;
  OffsetCommitResponse: OffsetCommitResponse;
  OffsetFetch: OffsetFetchRequest;
  OffsetFetchResponse: OffsetFetchResponse;
}

export const GROUP_REQUESTS = ['FindCoordinator', 'JoinGroup', 'SyncGroup', 'Heartbeat', 'LeaveGroup', 'OffsetCommit', 'OffsetFetch'] as const;
export type GroupRequestName = (typeof GROUP_REQUESTS)[number];

const GROUP_REQUEST_SET: ReadonlySet<string> = new Set(GROUP_REQUESTS);

/** Asked for every message a broker receives: a set lookup, not a scan. */
export function isGroupRequest(kind: string): kind is GroupRequestName {
  return GROUP_REQUEST_SET.has(kind);
}
