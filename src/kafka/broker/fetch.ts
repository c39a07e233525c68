/**
 * Fetch on the leader (ReplicaManager.fetchMessages): consumers read up to the high watermark,
 * followers up to the log end offset. A fetch with less than `minBytes` ready waits (DelayedFetch)
 * until data arrives or `maxWaitMs` passes: Kafka's long poll.
 */
import { endOffsetForEpoch, readRecords } from '../log/partition-log';
import type { KafkaErrorName } from '../protocol/errors';
import type { FetchPartitionResponse, FetchRequest } from '../protocol/messages';
import type { BrokerState, DelayedFetch } from '../state';
import type { KafkaWorld } from '../world';
import { tpKey } from '../names';
import { HEADER_BYTES, sendFromBroker } from './respond';
import { onFollowerFetch } from './leader';

function errorResponse(topic: string, partition: number, error: KafkaErrorName): FetchPartitionResponse {
  return { topic, partition, error, highWatermark: -1, logStartOffset: -1, batches: [], divergingEpoch: null };
}

/** Reads what the request may see now. Follower progress is recorded by the caller, once. */
function readForFetch(b: BrokerState, req: FetchRequest): { partitions: FetchPartitionResponse[]; bytes: number; hasError: boolean } {
  const partitions: FetchPartitionResponse[] = [];
  let bytes = 0;
  let hasError = false;
  let budget = req.maxBytes;
  const isFollower = req.replicaId >= 0;
  for (const fp of req.partitions) {
    const key = tpKey(fp.topic, fp.partition);
    const r = b.replicas[key];
    if (r === undefined || r.role !== 'leader') {
      partitions.push(errorResponse(fp.topic, fp.partition, r === undefined && b.metadata[key] === undefined ? 'UNKNOWN_TOPIC_OR_PARTITION' : 'NOT_LEADER_OR_FOLLOWER'));
      hasError = true;
      continue;
    }
    // KIP-320: a fetcher with an older epoch is fenced; with a newer one, this broker is behind.
    if (fp.currentLeaderEpoch >= 0 && fp.currentLeaderEpoch !== r.state.leaderEpoch) {
      partitions.push(errorResponse(fp.topic, fp.partition, fp.currentLeaderEpoch < r.state.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH'));
      hasError = true;
      continue;
    }
    const log = r.log;
    if (isFollower && fp.lastFetchedEpoch >= 0) {
      // The diverging-epoch check of the fetch path (KAFKA-10554): where does the follower's last
      // epoch end on the leader? If before its fetch offset, it must truncate first.
      const end = endOffsetForEpoch(log, fp.lastFetchedEpoch);
      if (end.epoch !== fp.lastFetchedEpoch || end.endOffset < fp.fetchOffset) {
        partitions.push({ topic: fp.topic, partition: fp.partition, error: 'NONE', highWatermark: log.highWatermark, logStartOffset: log.logStartOffset, batches: [], divergingEpoch: end });
        hasError = true;
        continue;
      }
    }
    const bound = isFollower ? log.logEndOffset : log.highWatermark;
    const batches = readRecords(log, fp.fetchOffset, Math.min(fp.partitionMaxBytes, Math.max(budget, 1)), bound);
    if (batches === 'OFFSET_OUT_OF_RANGE') {
      partitions.push({ ...errorResponse(fp.topic, fp.partition, 'OFFSET_OUT_OF_RANGE'), highWatermark: log.highWatermark, logStartOffset: log.logStartOffset });
      hasError = true;
      continue;
    }
    let size = 0;
    for (const batch of batches) size += batch.sizeBytes;
    bytes += size;
    budget -= size;
    partitions.push({ topic: fp.topic, partition: fp.partition, error: 'NONE', highWatermark: log.highWatermark, logStartOffset: log.logStartOffset, batches, divergingEpoch: null });
  }
  return { partitions, bytes, hasError };
}

function respond(world: KafkaWorld, b: BrokerState, toNode: number, req: FetchRequest, partitions: FetchPartitionResponse[], bytes: number): void {
  sendFromBroker(world, b, toNode, 'FetchResponse', { correlationId: req.correlationId, partitions }, HEADER_BYTES + bytes);
}

export function handleFetch(world: KafkaWorld, b: BrokerState, fromNode: number, req: FetchRequest): void {
  if (req.replicaId >= 0) {
    for (const fp of req.partitions) {
      const r = b.replicas[tpKey(fp.topic, fp.partition)];
      if (r === undefined || r.role !== 'leader' || (fp.currentLeaderEpoch >= 0 && fp.currentLeaderEpoch !== r.state.leaderEpoch)) continue;
      // A follower whose log diverged is not where its fetch offset says: record nothing until it
      // has truncated (Kafka updates follower state only for fetches without a divergence).
      if (fp.lastFetchedEpoch >= 0) {
        const end = endOffsetForEpoch(r.log, fp.lastFetchedEpoch);
        if (end.epoch !== fp.lastFetchedEpoch || end.endOffset < fp.fetchOffset) continue;
      }
      onFollowerFetch(world, b, r, req.replicaId, fp.fetchOffset);
    }
  }
  const result = readForFetch(b, req);
  if (result.hasError || result.bytes >= req.minBytes || req.maxWaitMs <= 0) {
    respond(world, b, fromNode, req, result.partitions, result.bytes);
    return;
  }
  b.delayedFetches.push({ requestNode: fromNode, request: req, expiresAtMs: world.nowMs + req.maxWaitMs });
  world.setTimer(b.node, req.maxWaitMs, 'fetchWait', { requestNode: fromNode, correlationId: req.correlationId });
}

/**
 * New data for a partition (a leader append for followers, a high-watermark advance for
 * consumers): answer the parked fetches that now have enough.
 */
export function completeDelayedFetches(world: KafkaWorld, b: BrokerState, topic: string, partition: number, who: 'follower' | 'consumer'): void {
  if (b.delayedFetches.length === 0) return;
  const still: DelayedFetch[] = [];
  for (const d of b.delayedFetches) {
    const isFollower = d.request.replicaId >= 0;
    if (isFollower !== (who === 'follower') || !d.request.partitions.some((p) => p.partition === partition && p.topic === topic)) {
      still.push(d);
      continue;
    }
    const result = readForFetch(b, d.request);
    if (result.hasError || result.bytes >= d.request.minBytes) respond(world, b, d.requestNode, d.request, result.partitions, result.bytes);
    else still.push(d);
  }
  b.delayedFetches = still;
}

/** fetch.max.wait.ms (or replica.fetch.wait.max.ms) passed: answer with whatever there is. */
export function expireDelayedFetch(world: KafkaWorld, b: BrokerState, requestNode: number, correlationId: number): void {
  const i = b.delayedFetches.findIndex((d) => d.requestNode === requestNode && d.request.correlationId === correlationId);
  if (i < 0) return;
  const d = b.delayedFetches[i] as DelayedFetch;
  b.delayedFetches.splice(i, 1);
  const result = readForFetch(b, d.request);
  respond(world, b, d.requestNode, d.request, result.partitions, result.bytes);
}
