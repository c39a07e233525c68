/**
 * The classic group coordinator's state (GroupMetadata, MemberMetadata, GroupMetadataManager's
 * caches) as plain data kept in `BrokerState.groupCoordinator`. Everything here is volatile: a
 * broker that restarts, or that stops leading a `__consumer_offsets` partition, drops it; the
 * next leader rebuilds it from the records of that partition.
 */

export const OFFSETS_TOPIC = '__consumer_offsets';

/** GroupState (ClassicGroupState): the five states of kafka-reference.md §2.5. */
export type GroupStateName = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** What a consumer puts in its JoinGroup protocol metadata (ConsumerProtocolSubscription). */
export interface ConsumerSubscription {
  topics: string[];
  /** Partitions the member owns now (`topic-p`); cooperative rebalancing reads them (KIP-429). */
  ownedPartitions: string[];
  /** The generation those partitions were owned in (CooperativeStickyAssignor's user data); -1 none. */
  generation: number;
  /** The eager StickyAssignor's user data: the member's previous assignment. */
  previousAssignment: string[];
}

export interface GroupProtocol {
  /** The assignor's name (`range`, `cooperative-sticky`…). */
  name: string;
  metadata: ConsumerSubscription;
}

/** MemberMetadata: one member as the coordinator knows it. */
export interface MemberMetadata {
  memberId: string;
  /** `group.instance.id` (KIP-345), null for a dynamic member. */
  groupInstanceId: string | null;
  clientId: string;
  /** The client's kernel node: where parked answers go. */
  clientNode: number;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  /** Supported protocols in the member's order of preference. */
  protocols: GroupProtocol[];
  /** The member's slice of the last assignment (`topic-p`). */
  assignment: string[];
  /** Correlation id of a JoinGroup parked until the join phase completes; -1 when none. */
  awaitingJoin: number;
  /** Correlation id of a SyncGroup parked until the leader's assignment is stored; -1 when none. */
  awaitingSync: number;
  /** Joined in the current join phase (may expire while waiting: NewMemberJoinTimeoutMs). */
  isNew: boolean;
  /** The member fails if nothing is heard from it by then (session.timeout.ms after the last heartbeat). */
  heartbeatDeadlineMs: number;
}

/** A committed offset as the cache holds it (OffsetAndMetadata + CommitRecordMetadataAndOffset). */
export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: number;
  leaderEpoch: number;
  metadata: string;
  commitTimestampMs: number;
  /** How many explicit resets (kafka-consumer-groups --reset-offsets) set this offset: invariants allow those to move back. */
  resets: number;
}

/** The delayed join of `prepareRebalance`: InitialDelayedJoin from Empty, DelayedJoin otherwise. */
export interface DelayedJoin {
  /** Matches the timer that will complete it; a stale timer finds another token. */
  token: number;
  initial: boolean;
  /** InitialDelayedJoin only: how much of the rebalance timeout may still be spent waiting. */
  remainingMs: number;
}

export interface GroupMetadata {
  groupId: string;
  /** The `__consumer_offsets` partition holding the group. */
  partition: number;
  state: GroupStateName;
  /** When the group entered its state (currentStateTimestamp): offset expiry counts from becoming Empty. */
  stateSinceMs: number;
  generation: number;
  /** `consumer` for consumer groups; null for a group that only stores offsets. */
  protocolType: string | null;
  protocolName: string | null;
  leaderId: string | null;
  /** Members by member id, in join order (Kafka's LinkedHashMap). */
  members: Record<string, MemberMetadata>;
  /** group.instance.id → member id. */
  staticMembers: Record<string, string>;
  /** Members told MEMBER_ID_REQUIRED and not back yet (KIP-394), with their expiry time. */
  pendingMembers: Record<string, number>;
  /** Members that have not sent SyncGroup in this generation. */
  pendingSyncMembers: string[];
  /** A member joined during the initial delay (the delay is extended once more). */
  newMemberAdded: boolean;
  delayedJoin: DelayedJoin | null;
  /** Token of the pending-sync timer; -1 when none. */
  syncTimerToken: number;
  /** Committed offsets by `topic-p`. */
  offsets: Record<string, CommittedOffset>;
  /** Offset commits written but not yet replicated, by `topic-p` (they must not expire meanwhile). */
  pendingOffsetCommits: Record<string, number>;
  /** Topics the members subscribe to (for offset expiry of a Stable group). */
  subscribedTopics: string[];
}

/** What to do once a write to `__consumer_offsets` is replicated (or has failed). */
export type AppendCompletion =
  | {
      kind: 'offsetCommit';
      groupId: string;
      /** Where the OffsetCommitResponse goes; -1 for an admin reset (no one waits). */
      requestNode: number;
      requestCorrelationId: number;
      offsets: CommittedOffset[];
      reset: boolean;
    }
  | { kind: 'syncGroup'; groupId: string; generation: number; assignment: Record<string, string[]> }
  | { kind: 'expiry'; groupId: string }
  | { kind: 'groupStored'; groupId: string };

/** A write through the leader's produce path, waiting for its ProduceResponse. */
export interface PendingAppend {
  /** The correlation id of the internal Produce. */
  correlationId: number;
  partition: number;
  then: AppendCompletion;
}

/** A `__consumer_offsets` partition this broker leads: loading its records, or serving its groups. */
export interface CoordinatedPartition {
  partition: number;
  leaderEpoch: number;
  status: 'loading' | 'loaded';
  /** Distinguishes one load from the next (stale load timers). */
  loadId: number;
}

export interface GroupCoordinatorState {
  /** The broker process (`BrokerState.starts`) this state belongs to; a new process starts empty. */
  starts: number;
  /** By partition number. */
  partitions: Record<string, CoordinatedPartition>;
  /** By group id. */
  groups: Record<string, GroupMetadata>;
  pendingAppends: PendingAppend[];
  /** Tokens for timers (delayed joins, pending syncs, loads). */
  nextToken: number;
  /** Record numbers of this process's writes (the tracing header every record carries). */
  nextRecordId: number;
  /** Last time this broker asked the controller to create `__consumer_offsets`; -1 never. */
  offsetsTopicRequestedAtMs: number;
  retentionTimerArmed: boolean;
}

export function newGroupCoordinatorState(starts: number): GroupCoordinatorState {
  return { starts, partitions: {}, groups: {}, pendingAppends: [], nextToken: 1, nextRecordId: 0, offsetsTopicRequestedAtMs: -1, retentionTimerArmed: false };
}
