/**
 * Produce on the partition leader (ReplicaManager.appendRecords, Partition.appendRecordsToLeader):
 * validation, idempotent de-duplication (KIP-98), append, then the answer by `acks`: none for 0,
 * at once for 1, and for all a DelayedProduce parked until the high watermark passes the batch.
 */
import { appendAsLeader, batchSizeError } from '../log/partition-log';
import type { KafkaErrorName } from '../protocol/errors';
import type { ProducePartitionResponse, ProduceRequest } from '../protocol/messages';
import type { BrokerState, DelayedProduce, Replica } from '../state';
import type { RecordBatch } from '../log/types';
import type { KafkaWorld } from '../world';
import { producerKey, tpKey } from '../names';
import { effectiveMinIsr, maximalIsr } from './replica';
import { onLeaderLogAppended } from './leader';
import { HEADER_BYTES, sendFromBroker } from './respond';
import { isArmedDeadlineDue, needsDeadlineTimer } from '../deadline-timer';

/** ProducerStateManager keeps the last five batches per producer for de-duplication. */
const PRODUCER_BATCHES_KEPT = 5;

function fail(topic: string, partition: number, error: KafkaErrorName): ProducePartitionResponse {
  return { topic, partition, error, baseOffset: -1, logStartOffset: -1 };
}

/** Duplicate and sequence checks for idempotent producers; returns the duplicate's offset if any. */
function checkSequence(r: Replica, producerId: number, producerEpoch: number, baseSequence: number, count: number): { error: KafkaErrorName; duplicateOffset: number } {
  if (producerId < 0) return { error: 'NONE', duplicateOffset: -1 };
  const entry = r.producerIds[producerKey(producerId)];
  if (entry === undefined) return { error: 'NONE', duplicateOffset: -1 };
  if (producerEpoch < entry.producerEpoch) return { error: 'INVALID_PRODUCER_EPOCH', duplicateOffset: -1 };
  if (producerEpoch > entry.producerEpoch) return { error: 'NONE', duplicateOffset: -1 };
  const lastSeq = baseSequence + count - 1;
  for (const b of entry.recent) if (b.firstSeq === baseSequence && b.lastSeq === lastSeq) return { error: 'DUPLICATE_SEQUENCE_NUMBER', duplicateOffset: b.baseOffset };
  const last = entry.recent[entry.recent.length - 1];
  if (last !== undefined && baseSequence !== last.lastSeq + 1) return { error: 'OUT_OF_ORDER_SEQUENCE_NUMBER', duplicateOffset: -1 };
  return { error: 'NONE', duplicateOffset: -1 };
}

export function rememberSequence(r: Replica, producerId: number, producerEpoch: number, baseSequence: number, count: number, baseOffset: number): void {
  if (producerId < 0) return;
  let entry = r.producerIds[producerKey(producerId)];
  if (entry === undefined || producerEpoch > entry.producerEpoch) {
    entry = { producerId, producerEpoch, recent: [] };
    r.producerIds[producerKey(producerId)] = entry;
  }
  entry.recent.push({ firstSeq: baseSequence, lastSeq: baseSequence + count - 1, baseOffset });
  if (entry.recent.length > PRODUCER_BATCHES_KEPT) entry.recent.shift();
}

/**
 * Every replica keeps the producer state of what its log holds (ProducerStateManager rebuilds it
 * from the batches), so a follower that becomes leader still recognises a retried batch.
 */
export function rememberBatches(r: Replica, batches: readonly RecordBatch[]): void {
  for (const batch of batches) {
    if (batch.producerId >= 0 && batch.baseSequence >= 0) rememberSequence(r, batch.producerId, batch.producerEpoch, batch.baseSequence, batch.values.length, batch.baseOffset);
  }
}

/** After a truncation to `offset`: forget batches that are no longer in the log. */
export function forgetSequencesFrom(r: Replica, offset: number): void {
  for (const entry of Object.values(r.producerIds)) entry.recent = entry.recent.filter((x) => x.baseOffset < offset);
}

export function handleProduce(world: KafkaWorld, b: BrokerState, fromNode: number, req: ProduceRequest): void {
  const responses: ProducePartitionResponse[] = [];
  const waiting: DelayedProduce['partitions'] = [];
  for (const pd of req.partitions) {
    const key = tpKey(pd.topic, pd.partition);
    const r = b.replicas[key];
    if (r === undefined) {
      responses.push(fail(pd.topic, pd.partition, b.metadata[key] === undefined ? 'UNKNOWN_TOPIC_OR_PARTITION' : 'NOT_LEADER_OR_FOLLOWER'));
      continue;
    }
    if (r.role !== 'leader') {
      responses.push(fail(pd.topic, pd.partition, 'NOT_LEADER_OR_FOLLOWER'));
      continue;
    }
    const tooLarge = batchSizeError(pd.batch.sizeBytes, r.config);
    if (tooLarge !== null) {
      responses.push(fail(pd.topic, pd.partition, tooLarge));
      continue;
    }
    if (req.acks === -1 && maximalIsr(r).length < effectiveMinIsr(r)) {
      responses.push(fail(pd.topic, pd.partition, 'NOT_ENOUGH_REPLICAS'));
      continue;
    }
    const count = pd.batch.values.length;
    const seq = checkSequence(r, pd.batch.producerId, pd.batch.producerEpoch, pd.batch.baseSequence, count);
    if (seq.error === 'DUPLICATE_SEQUENCE_NUMBER') {
      // A retry of a batch already in the log: answer with the original offset, append nothing.
      responses.push({ topic: pd.topic, partition: pd.partition, error: 'NONE', baseOffset: seq.duplicateOffset, logStartOffset: r.log.logStartOffset });
      world.emit('DuplicateBatchDropped', { broker: b.id, topic: pd.topic, partition: pd.partition, producerId: pd.batch.producerId, baseSequence: pd.batch.baseSequence, offset: seq.duplicateOffset });
      if (req.acks === -1 && r.log.highWatermark <= seq.duplicateOffset + count - 1) {
        waiting.push({ topic: pd.topic, partition: pd.partition, baseOffset: seq.duplicateOffset, requiredOffset: seq.duplicateOffset + count, error: null });
        responses.pop();
      }
      continue;
    }
    if (seq.error !== 'NONE') {
      responses.push(fail(pd.topic, pd.partition, seq.error));
      continue;
    }
    const appended = appendAsLeader(r.log, pd.batch, r.state.leaderEpoch, world.nowMs, r.config);
    rememberSequence(r, pd.batch.producerId, pd.batch.producerEpoch, pd.batch.baseSequence, count, appended.baseOffset);
    onLeaderLogAppended(world, b, r);
    if (req.acks === -1 && r.log.highWatermark <= appended.lastOffset) {
      waiting.push({ topic: pd.topic, partition: pd.partition, baseOffset: appended.baseOffset, requiredOffset: appended.lastOffset + 1, error: null });
    } else {
      responses.push({ topic: pd.topic, partition: pd.partition, error: 'NONE', baseOffset: appended.baseOffset, logStartOffset: r.log.logStartOffset });
    }
  }
  if (req.acks === 0) return;
  if (waiting.length === 0) {
    sendFromBroker(world, b, fromNode, 'ProduceResponse', { correlationId: req.correlationId, partitions: responses }, HEADER_BYTES + 16 * responses.length);
    return;
  }
  // Partitions already answered (errors) travel with the parked ones when the request completes.
  for (const r of responses) waiting.push({ topic: r.topic, partition: r.partition, baseOffset: r.baseOffset, requiredOffset: -1, error: r.error });
  const delayed: DelayedProduce = { requestNode: fromNode, correlationId: req.correlationId, expiresAtMs: world.nowMs + req.timeoutMs, partitions: waiting };
  b.delayedProduces.push(delayed);
  if (needsDeadlineTimer(b.produceTimeoutAtMs, delayed.expiresAtMs)) armProduceTimeout(world, b, delayed.expiresAtMs);
}

function armProduceTimeout(world: KafkaWorld, b: BrokerState, atMs: number): void {
  b.produceTimeoutAtMs = atMs;
  world.setTimer(b.node, atMs - world.nowMs, 'produceTimeout');
}

/** The produce-expiry timer: every parked produce past its timeout is answered REQUEST_TIMED_OUT. */
export function onProduceTimeout(world: KafkaWorld, b: BrokerState): void {
  if (!isArmedDeadlineDue(b.produceTimeoutAtMs, world.nowMs)) return;
  b.produceTimeoutAtMs = -1;
  for (const d of b.delayedProduces.filter((x) => x.expiresAtMs <= world.nowMs)) expireDelayedProduce(world, b, d.requestNode, d.correlationId);
  let next = -1;
  for (const d of b.delayedProduces) if (next < 0 || d.expiresAtMs < next) next = d.expiresAtMs;
  if (next >= 0) armProduceTimeout(world, b, next);
}

/** Answers every parked produce whose partitions have all reached their offset (or failed). */
export function completeDelayedProduces(world: KafkaWorld, b: BrokerState): void {
  if (b.delayedProduces.length === 0) return;
  const still: DelayedProduce[] = [];
  for (const d of b.delayedProduces) {
    let done = true;
    for (const p of d.partitions) {
      if (p.error !== null) continue;
      const r = b.replicas[tpKey(p.topic, p.partition)];
      if (r === undefined || r.role !== 'leader') {
        p.error = 'NOT_LEADER_OR_FOLLOWER';
        continue;
      }
      if (r.log.highWatermark >= p.requiredOffset) {
        // Partition.checkEnoughReplicasReachOffset: reached, but is the ISR still big enough?
        p.error = r.state.isr.length < effectiveMinIsr(r) ? 'NOT_ENOUGH_REPLICAS_AFTER_APPEND' : 'NONE';
      } else done = false;
    }
    if (done) respondDelayed(world, b, d);
    else still.push(d);
  }
  b.delayedProduces = still;
}

function respondDelayed(world: KafkaWorld, b: BrokerState, d: DelayedProduce): void {
  const partitions = d.partitions.map((p) => ({
    topic: p.topic,
    partition: p.partition,
    error: (p.error ?? 'REQUEST_TIMED_OUT') as KafkaErrorName,
    baseOffset: p.baseOffset,
    logStartOffset: b.replicas[tpKey(p.topic, p.partition)]?.log.logStartOffset ?? -1,
  }));
  sendFromBroker(world, b, d.requestNode, 'ProduceResponse', { correlationId: d.correlationId, partitions }, HEADER_BYTES + 16 * partitions.length);
}

/** request.timeout.ms passed: the acks=all request fails with REQUEST_TIMED_OUT (the data stays). */
export function expireDelayedProduce(world: KafkaWorld, b: BrokerState, requestNode: number, correlationId: number): void {
  const i = b.delayedProduces.findIndex((d) => d.requestNode === requestNode && d.correlationId === correlationId);
  if (i < 0) return;
  const d = b.delayedProduces[i] as DelayedProduce;
  b.delayedProduces.splice(i, 1);
  for (const p of d.partitions) if (p.error === null) p.error = 'REQUEST_TIMED_OUT';
  respondDelayed(world, b, d);
}
