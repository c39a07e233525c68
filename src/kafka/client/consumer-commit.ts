/**
 * Offsets on the client (the commit half of ConsumerCoordinator): commitSync (blocks, retries
 * retriable errors until `default.api.timeout.ms`, CommitFailedException once the group has moved
 * on), commitAsync (no retry, the callback sees the outcome), auto commit (async every
 * `auto.commit.interval.ms` from inside poll, sync before a rejoin and on close), and fetching the
 * committed offsets of newly assigned partitions (OffsetFetch).
 */
import type { KafkaErrorName } from '../protocol/errors';
import type { KafkaWorld } from '../world';
import { tpKey } from '../names';
import type { OffsetCommitResponse, OffsetFetchResponse } from '../group/protocol';
import type { CommitOutcome } from './history';
import type { ConsumerState, SyncCommit } from './consumer-types';
import { allConsumed, hasOffsets, partitionOf } from './consumer-fetch';
import { completeCommit, recordCommit } from './consumer-history';
import { lookupCoordinator, markCoordinatorUnknown, requestRejoin, resetGeneration, sendToCoordinator, failConsumer } from './consumer-group';

/** Errors after which the same commit may succeed if sent again (they extend RetriableException). */
const RETRIABLE: readonly string[] = ['COORDINATOR_LOAD_IN_PROGRESS', 'UNKNOWN_TOPIC_OR_PARTITION', 'COORDINATOR_NOT_AVAILABLE', 'NOT_COORDINATOR', 'REQUEST_TIMED_OUT', 'NETWORK_EXCEPTION'];

export function isRetriableCommitError(error: string): boolean {
  return RETRIABLE.includes(error);
}

/**
 * sendOffsetCommitRequest: only a member of a stable generation may commit; otherwise the commit
 * fails at once (RebalanceInProgressException while rebalancing, CommitFailedException when the
 * member was kicked out). Returns the correlation id sent, or the error.
 */
function sendOffsetCommit(world: KafkaWorld, c: ConsumerState, offsets: Record<string, number>): number | string {
  if (c.coordinatorId < 0) return 'COORDINATOR_NOT_AVAILABLE';
  if (c.memberState !== 'STABLE' || c.generation < 0) {
    return c.memberState === 'PREPARING_REBALANCE' || c.memberState === 'COMPLETING_REBALANCE' ? 'RebalanceInProgressException' : 'CommitFailedException';
  }
  const correlationId = c.nextCorrelationId++;
  const sent = sendToCoordinator(world, c, 'OffsetCommit', {
    correlationId,
    groupId: c.groupId,
    generationId: c.generation,
    memberId: c.memberId,
    groupInstanceId: c.groupInstanceId,
    offsets: Object.entries(offsets).map(([key, offset]) => ({ ...partitionOf(key), offset, leaderEpoch: c.leaders[key]?.leaderEpoch ?? -1, metadata: '' })),
  });
  return sent ? correlationId : 'COORDINATOR_NOT_AVAILABLE';
}

/** OffsetCommitResponseHandler: what the error means for the member, and what the application sees. */
function commitError(world: KafkaWorld, c: ConsumerState, error: KafkaErrorName): string {
  switch (error) {
    case 'NONE':
      return 'NONE';
    case 'COORDINATOR_NOT_AVAILABLE':
    case 'NOT_COORDINATOR':
    case 'REQUEST_TIMED_OUT':
      markCoordinatorUnknown(world, c, `OffsetCommit failed with ${error}`);
      return error;
    case 'REBALANCE_IN_PROGRESS':
      requestRejoin(c, 'offset commit failed since the group is rebalancing');
      return 'RebalanceInProgressException';
    case 'UNKNOWN_MEMBER_ID':
    case 'ILLEGAL_GENERATION':
      resetGeneration(world, c, `OffsetCommit failed with ${error}`, error === 'UNKNOWN_MEMBER_ID');
      return 'CommitFailedException';
    case 'FENCED_INSTANCE_ID':
      failConsumer(world, c, error);
      return error;
    default:
      return error;
  }
}

function responseError(resp: OffsetCommitResponse): KafkaErrorName {
  return resp.partitions.find((p) => p.error !== 'NONE')?.error ?? 'NONE';
}

// ---------------------------------------------------------------- commitSync

function syncStyle(c: ConsumerState, purpose: SyncCommit['purpose']): CommitOutcome['style'] {
  if (purpose === 'beforeJoin') return 'auto';
  if (purpose === 'close') return c.config['enable.auto.commit'] ? 'auto' : 'close';
  return 'sync';
}

/** Starts a blocking commit; returns it finished at once when there is nothing to do or it failed before sending. */
export function startSyncCommit(world: KafkaWorld, c: ConsumerState, purpose: SyncCommit['purpose'], offsets: Record<string, number> = allConsumed(c)): { purpose: SyncCommit['purpose']; error: string } | null {
  const timeoutMs = purpose === 'beforeJoin' ? c.config['max.poll.interval.ms'] : c.config['default.api.timeout.ms'];
  c.syncCommit = { purpose, offsets, correlationId: -1, deadlineMs: world.nowMs + timeoutMs, history: -1 };
  if (!hasOffsets(offsets)) return finishSync(world, c, 'NONE');
  c.syncCommit.history = recordCommit(world, c, syncStyle(c, purpose), offsets);
  c.app = purpose === 'close' ? 'closing' : 'committing';
  return attemptSyncCommit(world, c);
}

/** One try of the blocking commit (again after retry.backoff.ms on a retriable error). */
export function attemptSyncCommit(world: KafkaWorld, c: ConsumerState): { purpose: SyncCommit['purpose']; error: string } | null {
  const s = c.syncCommit;
  if (s === null || s.correlationId >= 0) return null;
  if (world.nowMs >= s.deadlineMs) return finishSync(world, c, 'TimeoutException');
  if (c.coordinatorId < 0) {
    lookupCoordinator(world, c);
    world.setTimer(c.node, c.config['retry.backoff.ms'], 'commitRetry');
    return null;
  }
  const sent = sendOffsetCommit(world, c, s.offsets);
  if (typeof sent === 'number') {
    s.correlationId = sent;
    return null;
  }
  if (isRetriableCommitError(sent)) {
    world.setTimer(c.node, c.config['retry.backoff.ms'], 'commitRetry');
    return null;
  }
  return finishSync(world, c, sent);
}

function finishSync(world: KafkaWorld, c: ConsumerState, error: string): { purpose: SyncCommit['purpose']; error: string } {
  const s = c.syncCommit as SyncCommit;
  c.syncCommit = null;
  if (s.history >= 0) completeCommit(world, s.history, error);
  if (error !== 'NONE') world.emit('CommitFailed', { consumer: c.name, groupId: c.groupId, generation: c.generation, style: syncStyle(c, s.purpose), error });
  return { purpose: s.purpose, error };
}

// ---------------------------------------------------------------- commitAsync and auto commit

/**
 * The key of an async commit in `ConsumerState.asyncCommits`: `cid-7052`, not `7052` (an object
 * keyed by a number-like key holds an array that long; see producerKey in names.ts).
 */
export function asyncCommitKey(correlationId: number): string {
  return `cid-${correlationId}`;
}

/** commitAsync: sent once, never retried; the callback (history) sees the outcome. */
export function commitAsync(world: KafkaWorld, c: ConsumerState, style: 'async' | 'auto'): void {
  const offsets = allConsumed(c);
  if (!hasOffsets(offsets)) return;
  const index = recordCommit(world, c, style, offsets);
  // Java would look the coordinator up first; here the commit fails as a retriable one.
  const sent = sendOffsetCommit(world, c, offsets);
  if (typeof sent === 'number') {
    c.asyncCommits[asyncCommitKey(sent)] = index;
    return;
  }
  if (c.coordinatorId < 0) lookupCoordinator(world, c);
  completeCommit(world, index, isRetriableCommitError(sent) ? 'RetriableCommitFailedException' : sent);
  if (style === 'auto' && isRetriableCommitError(sent)) c.nextAutoCommitAtMs = Math.min(c.nextAutoCommitAtMs, world.nowMs + c.config['retry.backoff.ms']);
}

/** maybeAutoCommitOffsetsAsync, from inside poll(). */
export function maybeAutoCommit(world: KafkaWorld, c: ConsumerState): void {
  if (!c.config['enable.auto.commit']) return;
  if (c.coordinatorId < 0) {
    c.nextAutoCommitAtMs = world.nowMs + c.config['retry.backoff.ms'];
    return;
  }
  if (world.nowMs < c.nextAutoCommitAtMs) return;
  c.nextAutoCommitAtMs = world.nowMs + c.config['auto.commit.interval.ms'];
  commitAsync(world, c, 'auto');
}

/** An OffsetCommit answer: for the blocking commit (returned when it finished) or an async one. */
export function onOffsetCommitResponse(world: KafkaWorld, c: ConsumerState, resp: OffsetCommitResponse): { purpose: SyncCommit['purpose']; error: string } | null {
  const asyncIndex = c.asyncCommits[asyncCommitKey(resp.correlationId)];
  if (asyncIndex !== undefined) {
    delete c.asyncCommits[asyncCommitKey(resp.correlationId)];
    const error = commitError(world, c, responseError(resp));
    completeCommit(world, asyncIndex, isRetriableCommitError(error) ? 'RetriableCommitFailedException' : error);
    const entry = world.state.model.history.commits[asyncIndex];
    if (entry?.style === 'auto' && isRetriableCommitError(error)) c.nextAutoCommitAtMs = Math.min(c.nextAutoCommitAtMs, world.nowMs + c.config['retry.backoff.ms']);
    if (error !== 'NONE') world.emit('CommitFailed', { consumer: c.name, groupId: c.groupId, generation: c.generation, style: entry?.style ?? 'async', error });
    return null;
  }
  const s = c.syncCommit;
  if (s === null || s.correlationId !== resp.correlationId) return null;
  s.correlationId = -1;
  const error = commitError(world, c, responseError(resp));
  if (isRetriableCommitError(error) && c.status === 'running') {
    world.setTimer(c.node, c.config['retry.backoff.ms'], 'commitRetry');
    return null;
  }
  return finishSync(world, c, error);
}

/** The connection to the coordinator broke, or the request timed out: a retriable failure. */
export function onOffsetCommitLost(world: KafkaWorld, c: ConsumerState, correlationId: number): void {
  const asyncIndex = c.asyncCommits[asyncCommitKey(correlationId)];
  if (asyncIndex !== undefined) {
    delete c.asyncCommits[asyncCommitKey(correlationId)];
    completeCommit(world, asyncIndex, 'RetriableCommitFailedException');
    return;
  }
  const s = c.syncCommit;
  if (s === null || s.correlationId !== correlationId) return;
  s.correlationId = -1;
  world.setTimer(c.node, c.config['retry.backoff.ms'], 'commitRetry');
}

// ---------------------------------------------------------------- committed offsets

/**
 * refreshCommittedOffsetsIfNeeded: owned partitions without a position ask the coordinator for
 * their committed offset; those without one follow auto.offset.reset.
 */
export function fetchCommittedOffsets(world: KafkaWorld, c: ConsumerState): void {
  if (c.offsetFetchInFlight >= 0 || world.nowMs < c.offsetFetchRetryAtMs || c.memberState !== 'STABLE') return;
  const missing = c.assigned.filter((k) => c.positions[k] === undefined && c.resetting[k] !== true && c.noCommittedOffset[k] !== true);
  if (missing.length === 0) return;
  if (c.coordinatorId < 0) {
    lookupCoordinator(world, c);
    return;
  }
  const correlationId = c.nextCorrelationId++;
  if (sendToCoordinator(world, c, 'OffsetFetch', { correlationId, groupId: c.groupId, partitions: missing.map(partitionOf), requireStable: true })) c.offsetFetchInFlight = correlationId;
}

export function onOffsetFetchResponse(world: KafkaWorld, c: ConsumerState, resp: OffsetFetchResponse): void {
  if (resp.correlationId !== c.offsetFetchInFlight) return;
  c.offsetFetchInFlight = -1;
  if (resp.error === 'COORDINATOR_NOT_AVAILABLE' || resp.error === 'NOT_COORDINATOR') {
    markCoordinatorUnknown(world, c, `OffsetFetch failed with ${resp.error}`);
    return;
  }
  if (resp.error !== 'NONE') {
    c.offsetFetchRetryAtMs = world.nowMs + c.config['retry.backoff.ms'];
    return;
  }
  for (const p of resp.partitions) {
    const key = tpKey(p.topic, p.partition);
    if (!c.assigned.includes(key) || c.positions[key] !== undefined) continue;
    if (p.error !== 'NONE') continue;
    if (p.offset < 0) {
      c.noCommittedOffset[key] = true;
      continue;
    }
    c.positions[key] = p.offset;
    world.emit('ConsumerPositionFromCommit', { consumer: c.name, groupId: c.groupId, topic: p.topic, partition: p.partition, offset: p.offset, generation: c.generation });
  }
}
