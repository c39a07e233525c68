/**
 * The consumer client's state (the Java KafkaConsumer with the classic group protocol) as plain
 * data. Three parts: group membership (AbstractCoordinator / ConsumerCoordinator), fetching
 * (SubscriptionState, Fetcher) and the application loop the scenario describes (poll, process
 * each record for `processingMsPerRecord`, commit in the group's style).
 */
import type { ConsumerConfig } from '../config/types';
import type { RecordBatch } from '../log/types';
import type { JoinGroupResponse } from '../group/protocol';
import type { ValueDeserializerState } from '../schema-registry/serializer';

/** AbstractCoordinator.MemberState. */
export type MemberState = 'UNJOINED' | 'PREPARING_REBALANCE' | 'COMPLETING_REBALANCE' | 'STABLE';

/** ConsumerPartitionAssignor.RebalanceProtocol: the highest one every configured assignor supports. */
export type RebalanceProtocol = 'EAGER' | 'COOPERATIVE';

/** The course's four commit styles. */
export type CommitStyle = 'auto' | 'sync' | 'async' | 'asyncThenSyncOnClose';

/**
 * Where the application is: in poll() (waiting for records or the group), processing what poll
 * returned, blocked in commitSync(), closing, or gone.
 */
export type AppState = 'polling' | 'processing' | 'committing' | 'closing' | 'closed';

export interface PartitionLeader {
  leader: number;
  leaderEpoch: number;
}

/** A commitSync() in progress: it blocks the application and retries until it succeeds, fails for good or times out. */
export interface SyncCommit {
  /** Why it runs: after processing (the loop), before processing (the course's mirror case), before a rejoin (auto commit), on close. */
  purpose: 'loop' | 'beforeProcessing' | 'beforeJoin' | 'close';
  offsets: Record<string, number>;
  /** The OffsetCommit in flight, or -1 between attempts. */
  correlationId: number;
  deadlineMs: number;
  /** Index of its entry in `history.commits`. */
  history: number;
}

export interface ConsumerState {
  name: string;
  node: number;
  groupId: string;
  /** 1-based index of this member in its group (its node name's suffix). */
  memberIndex: number;
  config: ConsumerConfig;
  processingMsPerRecord: number;
  topics: string[];
  topicPattern: string | null;
  commitStyle: CommitStyle;
  /**
   * The course's mirror case (kafka-reference.md §3.6): commitSync() right after poll(), before
   * processing. No scenario field sets it yet; tests do.
   */
  commitBeforeProcessing: boolean;
  status: 'running' | 'stopped' | 'crashed' | 'failed';
  /** `group.instance.id` of this member (static membership), or null. */
  groupInstanceId: string | null;
  protocol: RebalanceProtocol;

  // Group membership
  /** The coordinator's broker id; -1 while unknown. */
  coordinatorId: number;
  findCoordinatorInFlight: number;
  /** No coordinator lookup before this time (retry.backoff.ms after a failure). */
  coordinatorRetryAtMs: number;
  /** The coordinator last announced (events say only when it changes). */
  lastCoordinatorId: number;
  /** Connections to the coordinator that failed in a row: reconnect.backoff.ms doubles with each, up to reconnect.backoff.max.ms. */
  coordinatorFailures: number;
  /** '' until the coordinator hands one out. */
  memberId: string;
  /** -1 = no generation (not in the group, or reset after an error). */
  generation: number;
  memberState: MemberState;
  protocolName: string | null;
  leaderId: string;
  rejoinNeeded: boolean;
  rejoinReason: string;
  joinInFlight: number;
  syncInFlight: number;
  heartbeatInFlight: number;
  /** The generation the heartbeat in flight was sent with (a reset only applies to that generation). */
  heartbeatGeneration: number;
  /** No JoinGroup before this time (retry.backoff.ms after a retriable error). */
  joinRetryAtMs: number;
  /** The pre-rejoin auto commit is done (or not needed) for the rejoin in progress. */
  joinPrepared: boolean;
  /** An assignment SyncGroup returned, applied by the next poll() (onJoinComplete runs in the application thread). */
  pendingAssignment: { generation: number; partitions: string[] } | null;
  /** The leader waits for metadata of the group's topics before assigning. */
  pendingLeaderAssignment: JoinGroupResponse | null;
  /** Leader only: the partition counts it assigned with (a change makes it rejoin). */
  assignmentSnapshot: Record<string, number> | null;
  /** Leader only: every topic some member subscribes to. */
  groupSubscription: string[];
  /** The topics this member joined with (a change makes it rejoin). */
  joinedSubscription: string[] | null;
  lastHeartbeatSentAtMs: number;
  lastHeartbeatReceivedAtMs: number;

  // Assignment and fetching
  /** Partitions this consumer owns, `topic-partition`. */
  assigned: string[];
  /** The assignment before the last eager revocation (the StickyAssignor's user data). */
  previousAssignment: string[];
  /** Next offset to hand to the application, per partition; absent = unknown yet. */
  positions: Record<string, number>;
  /** Partitions whose committed offset was asked for and found missing: they follow auto.offset.reset. */
  noCommittedOffset: Record<string, true>;
  /** Partitions waiting for a ListOffsets answer. */
  resetting: Record<string, true>;
  offsetFetchInFlight: number;
  offsetFetchRetryAtMs: number;
  leaders: Record<string, PartitionLeader>;
  partitionCounts: Record<string, number>;
  metadataInFlight: boolean;
  lastMetadataAtMs: number;
  /** Fetch in flight per broker id: its correlation id. */
  fetchesInFlight: Record<string, number>;
  /** When the Fetch in flight to each leader was sent (request.timeout.ms counts from there). */
  fetchSentAtMs?: Record<string, number>;
  /**
   * When each leader's one fetch-timeout timer fires, or -1: one timer per leader, moved on to the
   * deadline of the Fetch in flight when it fires early, rather than one timer per Fetch.
   */
  fetchTimeoutAtMs?: Record<string, number>;
  /** Batches fetched and not yet handed to the application, per partition. */
  buffer: Record<string, RecordBatch[]>;

  // Commits
  syncCommit: SyncCommit | null;
  /** commitAsync() calls in flight: `asyncCommitKey(correlation id)` → index in `history.commits`. */
  asyncCommits: Record<string, number>;
  nextAutoCommitAtMs: number;

  // The application
  app: AppState;
  /** stopConsumer arrived: close at the next poll(). */
  closeRequested: boolean;
  /** Index in `history.processing` of the batch being processed; -1 when none. */
  span: number;
  /** When the batch being processed will be done (a pause pushes it back); -1 when not processing. */
  processingEndsAtMs: number;
  nextCorrelationId: number;
  delivered: number;
  /** The application's value deserializer (schema-registry/serializer.ts); null: it takes the text. */
  valueDeserializer: ValueDeserializerState | null;
  lastPollAtMs: number;
  /** An idle-poll timer is pending (at most one, so idle polling never multiplies). */
  idleTimerArmed: boolean;
}
