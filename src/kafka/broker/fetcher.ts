/**
 * The follower's side of replication (ReplicaFetcherThread): one fetcher per leader broker sends
 * Fetch for every partition it follows there, appends what comes back, takes the leader's high
 * watermark, and fetches again at once (the leader holds the request while it has nothing new).
 */
import { appendAsFollower, endOffsetForEpoch, incrementLogStartOffset, latestEpoch, setHighWatermark, truncateFullyAndStartAt, truncateTo } from '../log/partition-log';
import type { FetchResponse } from '../protocol/messages';
import type { BrokerState, ReplicaFetcher } from '../state';
import type { KafkaWorld } from '../world';
import { brokerNode } from '../world';
import { HEADER_BYTES, sendFromBroker } from './respond';
import { tpKey } from '../names';
import { forgetSequencesFrom, rememberBatches } from './produce';
import { isArmedDeadlineDue, needsDeadlineTimer } from '../deadline-timer';

export function fetcherFor(b: BrokerState, leaderId: number): ReplicaFetcher {
  let f = b.fetchers[String(leaderId)];
  if (f === undefined) {
    f = { leaderId, partitions: [], inFlight: -1, backoffUntilMs: 0 };
    b.fetchers[String(leaderId)] = f;
  }
  return f;
}

/** Starts following `key` from `leaderId` (and stops following it from anyone else). */
export function followFrom(world: KafkaWorld, b: BrokerState, key: string, leaderId: number): void {
  for (const f of Object.values(b.fetchers)) {
    if (f.leaderId !== leaderId) f.partitions = f.partitions.filter((k) => k !== key);
  }
  const f = fetcherFor(b, leaderId);
  if (!f.partitions.includes(key)) f.partitions.push(key);
  sendFetch(world, b, f);
}

export function stopFollowing(b: BrokerState, key: string): void {
  for (const f of Object.values(b.fetchers)) f.partitions = f.partitions.filter((k) => k !== key);
}

export function sendFetch(world: KafkaWorld, b: BrokerState, f: ReplicaFetcher): void {
  if (f.inFlight >= 0 || f.partitions.length === 0) return;
  if (world.nowMs < f.backoffUntilMs) return;
  const toNode = brokerNode(world, f.leaderId);
  if (toNode === undefined) return;
  const correlationId = b.nextCorrelationId++;
  f.inFlight = correlationId;
  const maxBytes = b.config['replica.fetch.max.bytes'];
  const partitions = [];
  for (const key of f.partitions) {
    const r = b.replicas[key];
    if (r === undefined) continue;
    partitions.push({
      topic: r.topic,
      partition: r.partition,
      fetchOffset: r.log.logEndOffset,
      currentLeaderEpoch: r.state.leaderEpoch,
      // The pre-0.11 rule has no epochs to compare: no divergence check.
      lastFetchedEpoch: world.state.model.scenario.cluster.replication.truncation === 'leader-epoch' ? latestEpoch(r.log) : -1,
      partitionMaxBytes: maxBytes,
    });
  }
  sendFromBroker(world, b, toNode, 'Fetch', {
    correlationId,
    replicaId: b.id,
    maxWaitMs: b.config['replica.fetch.wait.max.ms'],
    minBytes: b.config['replica.fetch.min.bytes'],
    maxBytes: b.config['replica.fetch.response.max.bytes'],
    partitions,
  }, HEADER_BYTES + 24 * partitions.length);
  // replica.socket.timeout.ms: a leader that never answers is given up on.
  f.inFlightSentAtMs = world.nowMs;
  if (needsDeadlineTimer(f.timeoutAtMs, world.nowMs + b.config['replica.socket.timeout.ms'])) armFetchTimeout(world, b, f, world.nowMs + b.config['replica.socket.timeout.ms']);
}

function armFetchTimeout(world: KafkaWorld, b: BrokerState, f: ReplicaFetcher, atMs: number): void {
  f.timeoutAtMs = atMs;
  world.setTimer(b.node, atMs - world.nowMs, 'replicaFetchTimeout', { leaderId: f.leaderId });
}

/** The fetcher's timeout timer: the Fetch in flight has waited replica.socket.timeout.ms, or not yet. */
export function onReplicaFetchTimeout(world: KafkaWorld, b: BrokerState, leaderId: number): void {
  const f = b.fetchers[String(leaderId)];
  if (f === undefined || !isArmedDeadlineDue(f.timeoutAtMs, world.nowMs)) return;
  f.timeoutAtMs = -1;
  if (f.inFlight < 0) return;
  const deadline = (f.inFlightSentAtMs ?? world.nowMs) + b.config['replica.socket.timeout.ms'];
  if (world.nowMs < deadline) {
    armFetchTimeout(world, b, f, deadline);
    return;
  }
  f.inFlight = -1;
  backOff(world, b, f);
}

/** The leader's process is gone (connection reset): back off and try again, as on any fetch error. */
export function onReplicaFetchDisconnected(world: KafkaWorld, b: BrokerState, fromNode: number, correlationId: number): void {
  const f = fetcherAwaiting(b, correlationId);
  if (f === undefined || brokerNode(world, f.leaderId) !== fromNode) return;
  f.inFlight = -1;
  backOff(world, b, f);
}

/** The fetcher whose request has this correlation id (a hot path: no array built). */
function fetcherAwaiting(b: BrokerState, correlationId: number): ReplicaFetcher | undefined {
  for (const id in b.fetchers) {
    const f = b.fetchers[id] as ReplicaFetcher;
    if (f.inFlight === correlationId) return f;
  }
  return undefined;
}

function backOff(world: KafkaWorld, b: BrokerState, f: ReplicaFetcher): void {
  const backoffMs = b.config['replica.fetch.backoff.ms'];
  f.backoffUntilMs = world.nowMs + backoffMs;
  world.setTimer(b.node, backoffMs, 'replicaFetchBackoff', { leaderId: f.leaderId });
}

export function onReplicaFetchBackoff(world: KafkaWorld, b: BrokerState, leaderId: number): void {
  const f = b.fetchers[String(leaderId)];
  if (f !== undefined) sendFetch(world, b, f);
}

export function onReplicaFetchResponse(world: KafkaWorld, b: BrokerState, fromNode: number, resp: FetchResponse): void {
  const f = fetcherAwaiting(b, resp.correlationId);
  if (f === undefined || brokerNode(world, f.leaderId) !== fromNode) return;
  f.inFlight = -1;
  let failed = false;
  for (const p of resp.partitions) {
    const key = tpKey(p.topic, p.partition);
    const r = b.replicas[key];
    if (r === undefined || r.role !== 'follower' || !f.partitions.includes(key)) continue;
    const log = r.log;
    if (p.error === 'OFFSET_OUT_OF_RANGE') {
      // The leader's log starts after ours ends (retention ran there): start over at its start.
      if (p.logStartOffset > log.logEndOffset) truncateFullyAndStartAt(log, p.logStartOffset, world.nowMs);
      else truncateTo(log, Math.max(log.logStartOffset, Math.min(log.logEndOffset, p.highWatermark)));
      forgetSequencesFrom(r, log.logEndOffset);
      continue;
    }
    if (p.error !== 'NONE') {
      failed = true;
      continue;
    }
    if (p.divergingEpoch !== null) {
      // KIP-279 / KAFKA-10554: cut to where both logs last agree: the leader's end of that epoch,
      // or this replica's own end of it (the largest epoch it has at or below), whichever is lower.
      const local = endOffsetForEpoch(log, p.divergingEpoch.epoch);
      const localEnd = local.endOffset < 0 ? log.logStartOffset : local.endOffset;
      const to = Math.min(log.logEndOffset, Math.max(Math.min(p.divergingEpoch.endOffset, localEnd), log.logStartOffset));
      world.emit('FollowerTruncated', { broker: b.id, topic: p.topic, partition: p.partition, from: log.logEndOffset, to, rule: 'leader-epoch' });
      truncateTo(log, to);
      forgetSequencesFrom(r, to);
      continue;
    }
    if (p.batches.length > 0) {
      const before = log.logEndOffset;
      appendAsFollower(log, p.batches, world.nowMs, r.config);
      rememberBatches(r, p.batches.filter((x) => x.baseOffset >= before));
    }
    // The leader's retention moved its log start: the follower follows (segments go at its next check).
    if (p.logStartOffset > log.logStartOffset && p.logStartOffset <= log.logEndOffset) incrementLogStartOffset(log, p.logStartOffset);
    // A follower's high watermark is the leader's, capped at what it holds (§2.7).
    setHighWatermark(log, Math.min(p.highWatermark, log.logEndOffset));
  }
  if (failed) backOff(world, b, f);
  else sendFetch(world, b, f);
}
