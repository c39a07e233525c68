/**
 * The consumer client (the Java KafkaConsumer, classic group protocol) and the application loop
 * around it:
 *
 *   while (running) { records = poll(); process(records); commit per style }   finally { close() }
 *
 * poll() finds the coordinator, (re-)joins the group when needed (auto commit, then the rebalance
 * listener, then JoinGroup), applies a new assignment, auto-commits every
 * `auto.commit.interval.ms`, finds positions (committed offset, else `auto.offset.reset`) and
 * hands over up to `max.poll.records` buffered records. Processing takes `processingMsPerRecord`
 * each. Beside the application, the "heartbeat thread" heartbeats every `heartbeat.interval.ms`
 * whatever the application does, and leaves the group when poll() has not been called for
 * `max.poll.interval.ms`. The work is split by concern:
 *
 *   consumer-group.ts   membership: coordinator, JoinGroup/SyncGroup, heartbeats, leaving
 *   consumer-commit.ts  commitSync, commitAsync, auto commit, OffsetFetch
 *   consumer-fetch.ts   metadata, positions, fetching, handing records over
 *   consumer-history.ts processing spans and commit outcomes for the checkers
 */
import type { ConsumerConfig } from '../config/types';
import type { DisconnectedPayload, Message } from '../../sim/types';
import type { KafkaApis, FetchResponse, ListOffsetsResponse, MetadataResponse } from '../protocol/messages';
import type { GroupApis } from '../group/protocol';
import type { ConsumerGroupSpec } from '../../scenario/schema';
import type { KafkaWorld } from '../world';
import { getOwn } from '../dict';
import { tpKey } from '../names';
import type { ConsumerState, SyncCommit } from './consumer-types';
import { allConsumed, deliverRecords, hasOffsets, metadataDue, onFetch, onFetchTimeout, onListOffsets, onMetadata, requestMetadata, resetPositions, sendFetches, subscribedTopics } from './consumer-fetch';
import {
  completeJoin,
  heartbeatTick,
  leaveGroup,
  lookupCoordinator,
  markCoordinatorUnknown,
  needsJoin,
  onFindCoordinatorResponse,
  onHeartbeatResponse,
  onJoinGroupResponse,
  onSyncGroupResponse,
  prepareJoin,
  releaseOnClose,
  requestRejoin,
  resumeLeaderAssignment,
  sendJoinGroup,
} from './consumer-group';
import { asyncCommitKey, attemptSyncCommit, commitAsync, fetchCommittedOffsets, maybeAutoCommit, onOffsetCommitLost, onOffsetCommitResponse, onOffsetFetchResponse, startSyncCommit } from './consumer-commit';
import { closeSpan, interruptSpan, openSpan } from './consumer-history';
import { consumerDeserializer } from '../schema-registry/clients';

export type { ConsumerState, PartitionLeader } from './consumer-types';

/** How often an idle application loop looks again (metadata age, positions) between fetches. */
const IDLE_POLL_MS = 100;
/** KafkaConsumer.DEFAULT_CLOSE_TIMEOUT_MS: close() gives its commits this long. */
const CLOSE_TIMEOUT_MS = 30_000;

/**
 * A member of a scenario's group. With `group.instance.id` set, member n is the static instance
 * `<group.instance.id>-<n>` (one setting for the whole group, like a StatefulSet's pod names).
 */
export function createConsumer(name: string, node: number, memberIndex: number, spec: ConsumerGroupSpec, config: ConsumerConfig): ConsumerState {
  const instanceId = config['group.instance.id'];
  return {
    name,
    node,
    groupId: spec.groupId,
    memberIndex,
    config,
    processingMsPerRecord: spec.processingMsPerRecord,
    topics: spec.topics ?? [],
    topicPattern: spec.topicPattern ?? null,
    commitStyle: spec.commit,
    commitBeforeProcessing: false,
    status: 'running',
    groupInstanceId: instanceId === null ? null : `${instanceId}-${memberIndex}`,
    // The highest protocol every configured assignor supports: only cooperative-sticky is cooperative.
    protocol: config['partition.assignment.strategy'].every((a) => a === 'cooperative-sticky') ? 'COOPERATIVE' : 'EAGER',
    coordinatorId: -1,
    findCoordinatorInFlight: -1,
    coordinatorRetryAtMs: 0,
    lastCoordinatorId: -1,
    coordinatorFailures: 0,
    memberId: '',
    generation: -1,
    memberState: 'UNJOINED',
    protocolName: null,
    leaderId: '',
    rejoinNeeded: true,
    rejoinReason: 'initial join',
    joinInFlight: -1,
    syncInFlight: -1,
    heartbeatInFlight: -1,
    heartbeatGeneration: -1,
    joinRetryAtMs: 0,
    joinPrepared: false,
    pendingAssignment: null,
    pendingLeaderAssignment: null,
    assignmentSnapshot: null,
    groupSubscription: [],
    joinedSubscription: null,
    lastHeartbeatSentAtMs: -1,
    lastHeartbeatReceivedAtMs: -1,
    assigned: [],
    previousAssignment: [],
    positions: {},
    noCommittedOffset: {},
    resetting: {},
    offsetFetchInFlight: -1,
    offsetFetchRetryAtMs: 0,
    leaders: {},
    partitionCounts: {},
    metadataInFlight: false,
    lastMetadataAtMs: -1,
    fetchesInFlight: {},
    buffer: {},
    syncCommit: null,
    asyncCommits: {},
    nextAutoCommitAtMs: 0,
    app: 'polling',
    closeRequested: false,
    span: -1,
    processingEndsAtMs: -1,
    nextCorrelationId: 1,
    delivered: 0,
    valueDeserializer: consumerDeserializer(spec),
    lastPollAtMs: -1,
    idleTimerArmed: false,
  };
}

export function startConsumer(world: KafkaWorld, c: ConsumerState, atMs: number): void {
  world.setTimer(c.node, Math.max(0, atMs - world.nowMs), 'start');
}

function start(world: KafkaWorld, c: ConsumerState): void {
  c.lastPollAtMs = world.nowMs;
  c.nextAutoCommitAtMs = world.nowMs + c.config['auto.commit.interval.ms'];
  world.setTimer(c.node, c.config['heartbeat.interval.ms'], 'heartbeat');
  world.setTimer(c.node, c.config['max.poll.interval.ms'], 'pollTimeout');
  poll(world, c);
}

// ---------------------------------------------------------------- the application loop

function poll(world: KafkaWorld, c: ConsumerState): void {
  if (c.status !== 'running' || c.app !== 'polling') return;
  if (c.closeRequested) {
    beginClose(world, c);
    return;
  }
  c.lastPollAtMs = world.nowMs;
  if (metadataDue(world, c)) requestMetadata(world, c);
  if (!updateGroup(world, c)) return;
  maybeAutoCommit(world, c);
  fetchCommittedOffsets(world, c);
  const toReset = c.assigned.filter((k) => c.noCommittedOffset[k] === true && c.positions[k] === undefined);
  if (toReset.length > 0) resetPositions(world, c, toReset);
  const taken = deliverRecords(world, c);
  sendFetches(world, c);
  if (taken > 0) {
    openSpan(world, c, taken);
    if (c.commitBeforeProcessing) {
      const done = startSyncCommit(world, c, 'beforeProcessing');
      if (done !== null) afterSyncCommit(world, c, done);
      return;
    }
    startProcessing(world, c);
    return;
  }
  // Nothing to hand over: the application sits in poll() until a fetch returns, or a tick passes.
  if (!c.idleTimerArmed) {
    c.idleTimerArmed = true;
    world.setTimer(c.node, IDLE_POLL_MS, 'pollIdle');
  }
}

/**
 * ConsumerCoordinator.poll: coordinator, pending assignment, (re-)join. Returns false while the
 * application is blocked in the auto commit that precedes a rejoin.
 */
function updateGroup(world: KafkaWorld, c: ConsumerState): boolean {
  if (c.coordinatorId < 0) lookupCoordinator(world, c);
  if (c.pendingAssignment !== null) completeJoin(world, c);
  if (!needsJoin(c) || c.coordinatorId < 0 || world.nowMs < c.joinRetryAtMs) return true;
  // A pattern subscription needs to know the topics before it can say what it subscribes to.
  if (c.topicPattern !== null && c.lastMetadataAtMs < 0) return true;
  if (!c.joinPrepared) {
    c.joinPrepared = true;
    if (c.config['enable.auto.commit'] && c.assigned.length > 0 && hasOffsets(allConsumed(c))) {
      const done = startSyncCommit(world, c, 'beforeJoin');
      if (done === null) return false;
      c.app = 'polling';
    }
  }
  prepareJoin(world, c);
  sendJoinGroup(world, c);
  c.joinPrepared = false;
  return true;
}

function startProcessing(world: KafkaWorld, c: ConsumerState): void {
  const span = world.state.model.history.processing[c.span];
  const durationMs = (span?.records ?? 0) * c.processingMsPerRecord;
  c.app = 'processing';
  c.processingEndsAtMs = world.nowMs + durationMs;
  world.setTimer(c.node, durationMs, 'processed');
}

/**
 * A pause (GC stall) stops the processing thread too: the batch finishes that much later. (The
 * kernel replays the timer at the end of the pause; the rest of the work still has to be done.)
 */
export function delayProcessing(c: ConsumerState, nowMs: number, durationMs: number): void {
  if (c.app === 'processing' && c.processingEndsAtMs > nowMs) c.processingEndsAtMs += durationMs;
}

/** The batch is processed: commit in the group's style, then poll again. */
function onProcessed(world: KafkaWorld, c: ConsumerState): void {
  if (c.app !== 'processing') return;
  if (world.nowMs < c.processingEndsAtMs) {
    world.setTimer(c.node, c.processingEndsAtMs - world.nowMs, 'processed');
    return;
  }
  c.processingEndsAtMs = -1;
  closeSpan(world, c);
  c.app = 'polling';
  if (!c.commitBeforeProcessing) {
    if (c.commitStyle === 'sync') {
      const done = startSyncCommit(world, c, 'loop');
      if (done === null) return;
      c.app = 'polling';
    } else if (c.commitStyle === 'async' || c.commitStyle === 'asyncThenSyncOnClose') {
      commitAsync(world, c, 'async');
    }
  }
  poll(world, c);
}

/** A blocking commit finished (the application catches CommitFailedException and goes on). */
function afterSyncCommit(world: KafkaWorld, c: ConsumerState, done: { purpose: SyncCommit['purpose']; error: string }): void {
  if (c.status !== 'running') return;
  switch (done.purpose) {
    case 'beforeProcessing':
      c.app = 'polling';
      startProcessing(world, c);
      return;
    case 'close':
      closeAfterCommit(world, c);
      return;
    default:
      c.app = 'polling';
      poll(world, c);
  }
}

// ---------------------------------------------------------------- close, crash

/** stopConsumer: the application stops at its next poll() and closes the consumer cleanly. */
export function requestClose(world: KafkaWorld, c: ConsumerState): void {
  c.closeRequested = true;
  if (c.app === 'polling') beginClose(world, c);
}

/** close(): the final commit (auto commit, or commitSync for the async-then-sync style), pending async commits, then LeaveGroup. */
function beginClose(world: KafkaWorld, c: ConsumerState): void {
  c.app = 'closing';
  world.emit('ConsumerClosing', { consumer: c.name, groupId: c.groupId, commitStyle: c.commitStyle });
  if (c.config['enable.auto.commit'] || c.commitStyle === 'asyncThenSyncOnClose') {
    const done = startSyncCommit(world, c, 'close');
    if (c.syncCommit !== null) c.syncCommit.deadlineMs = Math.min(c.syncCommit.deadlineMs, world.nowMs + CLOSE_TIMEOUT_MS);
    if (done === null) return;
  }
  closeAfterCommit(world, c);
}

function closeAfterCommit(world: KafkaWorld, c: ConsumerState): void {
  c.app = 'closing';
  if (Object.keys(c.asyncCommits).length > 0) {
    world.setTimer(c.node, CLOSE_TIMEOUT_MS, 'closeTimeout');
    return;
  }
  finishClose(world, c);
}

function finishClose(world: KafkaWorld, c: ConsumerState): void {
  if (c.status !== 'running') return;
  releaseOnClose(world, c);
  leaveGroup(world, c, 'the consumer is being closed');
  c.status = 'stopped';
  c.app = 'closed';
  world.crashNode(c.node);
  world.emit('ConsumerStopped', { consumer: c.name, groupId: c.groupId });
}

/** crashConsumer: the process dies where it stands; nothing is committed and nobody is told. */
export function crashConsumerProcess(world: KafkaWorld, c: ConsumerState): void {
  interruptSpan(world, c);
  c.status = 'crashed';
  c.app = 'closed';
  world.crashNode(c.node);
}

// ---------------------------------------------------------------- events

export function onConsumerTimer(world: KafkaWorld, c: ConsumerState, name: string, data: unknown): void {
  if (c.status !== 'running') return;
  switch (name) {
    case 'start':
      start(world, c);
      return;
    case 'processed':
      onProcessed(world, c);
      return;
    case 'pollIdle':
      c.idleTimerArmed = false;
      poll(world, c);
      return;
    case 'heartbeat':
      heartbeatTick(world, c);
      world.setTimer(c.node, c.config['heartbeat.interval.ms'], 'heartbeat');
      break;
    case 'pollTimeout': {
      const intervalMs = c.config['max.poll.interval.ms'];
      if ((c.memberState === 'STABLE' || c.memberState === 'COMPLETING_REBALANCE') && world.nowMs - c.lastPollAtMs >= intervalMs) {
        world.emit('ConsumerPollTimeout', { consumer: c.name, groupId: c.groupId, lastPollAtMs: c.lastPollAtMs, maxPollIntervalMs: intervalMs });
        leaveGroup(world, c, 'consumer poll timeout has expired');
      }
      const nextMs = c.lastPollAtMs + intervalMs - world.nowMs;
      world.setTimer(c.node, nextMs > 0 ? nextMs : intervalMs, 'pollTimeout');
      return;
    }
    case 'commitRetry': {
      const done = attemptSyncCommit(world, c);
      if (done !== null) afterSyncCommit(world, c, done);
      return;
    }
    case 'closeTimeout':
      if (c.app === 'closing' && c.syncCommit === null) finishClose(world, c);
      return;
    case 'metadataTimeout':
      if (c.metadataInFlight) {
        c.metadataInFlight = false;
        resumeLeaderAssignment(world, c);
      }
      return;
    case 'listOffsetsTimeout':
      for (const k of (data as { keys: string[] }).keys) delete c.resetting[k];
      return;
    case 'fetchTimeout':
      onFetchTimeout(world, c, (data as { leader: number }).leader);
      return;
    case 'groupRequestTimeout': {
      const d = data as { kind: string; correlationId: number };
      groupRequestFailed(world, c, d.kind, d.correlationId, 'request timed out');
      break;
    }
    default:
      throw new Error(`consumer ${c.name}: unknown timer ${name}`);
  }
  wake(world, c);
}

/** A group request that will never be answered (timeout or reset connection). */
function groupRequestFailed(world: KafkaWorld, c: ConsumerState, kind: string, correlationId: number, why: string): void {
  switch (kind) {
    case 'FindCoordinator':
      if (c.findCoordinatorInFlight === correlationId) {
        c.findCoordinatorInFlight = -1;
        c.coordinatorRetryAtMs = world.nowMs + c.config['retry.backoff.ms'];
      }
      return;
    case 'JoinGroup':
      if (c.joinInFlight === correlationId) markCoordinatorUnknown(world, c, `JoinGroup: ${why}`);
      return;
    case 'SyncGroup':
      if (c.syncInFlight === correlationId) markCoordinatorUnknown(world, c, `SyncGroup: ${why}`);
      return;
    case 'Heartbeat':
      if (c.heartbeatInFlight === correlationId) markCoordinatorUnknown(world, c, `Heartbeat: ${why}`);
      return;
    case 'OffsetFetch':
      if (c.offsetFetchInFlight === correlationId) markCoordinatorUnknown(world, c, `OffsetFetch: ${why}`);
      return;
    case 'OffsetCommit':
      if (c.syncCommit?.correlationId === correlationId || getOwn(c.asyncCommits, asyncCommitKey(correlationId)) !== undefined) {
        onOffsetCommitLost(world, c, correlationId);
        markCoordinatorUnknown(world, c, `OffsetCommit: ${why}`);
        if (c.app === 'closing' && c.syncCommit === null && Object.keys(c.asyncCommits).length === 0) finishClose(world, c);
      }
      return;
    default:
  }
}

export function onConsumerMessage(world: KafkaWorld, c: ConsumerState, msg: Message): void {
  if (c.status !== 'running') return;
  switch (msg.kind) {
    case 'MetadataResponse':
      onMetadata(world, c, msg.payload as MetadataResponse);
      afterMetadata(world, c);
      break;
    case 'ListOffsetsResponse':
      onListOffsets(world, c, msg.payload as ListOffsetsResponse);
      break;
    case 'FetchResponse':
      onFetch(world, c, msg.from, msg.payload as FetchResponse);
      break;
    case 'FindCoordinatorResponse':
      onFindCoordinatorResponse(world, c, msg.payload as GroupApis['FindCoordinatorResponse']);
      break;
    case 'JoinGroupResponse':
      onJoinGroupResponse(world, c, msg.payload as GroupApis['JoinGroupResponse']);
      break;
    case 'SyncGroupResponse':
      onSyncGroupResponse(world, c, msg.payload as GroupApis['SyncGroupResponse']);
      break;
    case 'HeartbeatResponse':
      onHeartbeatResponse(world, c, msg.payload as GroupApis['HeartbeatResponse']);
      break;
    case 'OffsetCommitResponse': {
      const done = onOffsetCommitResponse(world, c, msg.payload as GroupApis['OffsetCommitResponse']);
      if (done !== null) afterSyncCommit(world, c, done);
      else if (c.app === 'closing' && c.syncCommit === null && Object.keys(c.asyncCommits).length === 0) finishClose(world, c);
      break;
    }
    case 'OffsetFetchResponse':
      onOffsetFetchResponse(world, c, msg.payload as GroupApis['OffsetFetchResponse']);
      break;
    case 'LeaveGroupResponse':
      return;
    case 'Disconnected':
      onDisconnected(world, c, msg.payload as DisconnectedPayload);
      break;
    default:
      return;
  }
  wake(world, c);
}

/** The application waits inside poll(): anything that arrives may let it go on. */
function wake(world: KafkaWorld, c: ConsumerState): void {
  if (c.status === 'running' && c.app === 'polling') poll(world, c);
}

/** New metadata: a leader waiting to assign goes on; a changed subscription or partition count means a rebalance. */
function afterMetadata(world: KafkaWorld, c: ConsumerState): void {
  resumeLeaderAssignment(world, c);
  if (c.memberState === 'UNJOINED' || c.joinedSubscription === null) return;
  if (subscribedTopics(c).join(',') !== c.joinedSubscription.join(',')) {
    requestRejoin(c, 'the subscription changed (new topics match the pattern)');
    return;
  }
  const snapshot = c.assignmentSnapshot;
  if (snapshot === null) return;
  for (const t of c.groupSubscription) {
    if (getOwn(c.partitionCounts, t) !== getOwn(snapshot, t)) {
      c.assignmentSnapshot = null;
      requestRejoin(c, `the leader saw the metadata of ${t} change`);
      return;
    }
  }
}

/** The broker's process is gone: forget what was asked of it. */
function onDisconnected(world: KafkaWorld, c: ConsumerState, d: DisconnectedPayload): void {
  const correlationId = (d.request as { correlationId?: number } | null)?.correlationId ?? -1;
  switch (d.requestKind) {
    case 'Fetch':
      for (const [leader, cid] of Object.entries(c.fetchesInFlight)) if (cid === correlationId) delete c.fetchesInFlight[leader];
      c.lastMetadataAtMs = -1;
      return;
    case 'Metadata':
      c.metadataInFlight = false;
      c.lastMetadataAtMs = -1;
      resumeLeaderAssignment(world, c);
      return;
    case 'ListOffsets':
      for (const p of (d.request as KafkaApis['ListOffsets']).partitions) delete c.resetting[tpKey(p.topic, p.partition)];
      c.lastMetadataAtMs = -1;
      return;
    default: {
      const wasKnown = c.coordinatorId >= 0;
      groupRequestFailed(world, c, d.requestKind, correlationId, 'connection reset');
      if (wasKnown && c.coordinatorId < 0) {
        // The coordinator's broker refuses connections: NetworkClient waits reconnect.backoff.ms, doubling, before trying again.
        const backoffMs = Math.min(c.config['reconnect.backoff.ms'] * 2 ** c.coordinatorFailures, c.config['reconnect.backoff.max.ms']);
        c.coordinatorFailures++;
        c.coordinatorRetryAtMs = world.nowMs + backoffMs;
      }
    }
  }
}
