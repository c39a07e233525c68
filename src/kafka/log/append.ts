/**
 * Appending to a partition log (UnifiedLog.appendAsLeader / appendAsFollower): roll the active
 * segment when needed, stamp or check offsets, keep the leader-epoch cache, and flush when
 * `flush.messages` records are waiting. O(1) per batch apart from one pass over its timestamps;
 * the record arrays of the producer's batch are shared, never copied.
 */
import { assignEpoch } from './epochs';
import type { LogConfig } from './log-config';
import { activeSegment, emptySegment, flushUpTo, rollSegment, sliceBatch } from './segments';
import type { PartitionLog, ProducerBatch, RecordBatch } from './types';

/** A partition log as a new replica creates it: one empty active segment at offset 0. */
export function newPartitionLog(topic: string, partition: number, nowMs: number): PartitionLog {
  return {
    topic,
    partition,
    segments: [emptySegment(0, nowMs)],
    logStartOffset: 0,
    logEndOffset: 0,
    highWatermark: 0,
    flushedOffset: 0,
    unflushedRecords: 0,
    lastFlushAtMs: nowMs,
    epochs: [],
  };
}

/**
 * Why Kafka would refuse this batch on the leader: larger than `max.message.bytes`
 * (RecordTooLargeException → MESSAGE_TOO_LARGE) or than `segment.bytes`
 * (RecordBatchTooLargeException → RECORD_LIST_TOO_LARGE); null when it fits. The produce path
 * checks this before `appendAsLeader`, which appends whatever it is given.
 */
export function batchSizeError(
  sizeBytes: number,
  cfg: LogConfig,
): 'MESSAGE_TOO_LARGE' | 'RECORD_LIST_TOO_LARGE' | null {
  if (sizeBytes > cfg['max.message.bytes']) return 'MESSAGE_TOO_LARGE';
  if (sizeBytes > cfg['segment.bytes']) return 'RECORD_LIST_TOO_LARGE';
  return null;
}

/**
 * LogSegment.shouldRoll, checked before each append: roll a non-empty active segment when the
 * batch would take it past `segment.bytes`, or when more than `segment.ms` has passed since its
 * first append (Kafka: strictly more, `>`; no jitter, `segment.jitter.ms` is not modelled).
 */
function maybeRoll(log: PartitionLog, batchBytes: number, nowMs: number, cfg: LogConfig): void {
  const seg = activeSegment(log);
  if (seg.batches.length === 0) return;
  if (seg.sizeBytes > cfg['segment.bytes'] - batchBytes || nowMs - seg.createdAtMs > cfg['segment.ms']) {
    rollSegment(log, nowMs);
  }
}

/** Puts one batch, whose base offset is the log end offset, at the end of the log. */
function appendBatch(log: PartitionLog, batch: RecordBatch, nowMs: number, cfg: LogConfig): void {
  maybeRoll(log, batch.sizeBytes, nowMs, cfg);
  const seg = activeSegment(log);
  // `segment.ms` counts from the first append into the segment.
  if (seg.batches.length === 0) seg.createdAtMs = nowMs;
  seg.batches.push(batch);
  seg.sizeBytes += batch.sizeBytes;
  if (batch.maxTimestampMs > seg.largestTimestampMs) seg.largestTimestampMs = batch.maxTimestampMs;
  log.logEndOffset = batch.lastOffset + 1;
  // UnifiedLog.append: every batch's epoch goes into the cache; a no-op unless the epoch is new.
  if (batch.partitionLeaderEpoch >= 0) assignEpoch(log.epochs, batch.partitionLeaderEpoch, batch.baseOffset);
  log.unflushedRecords = log.logEndOffset - log.flushedOffset;
  if (log.unflushedRecords >= cfg['flush.messages']) flushUpTo(log, log.logEndOffset, nowMs);
}

/**
 * The leader's append: the batch gets offsets from the log end offset, the leader's epoch, and its
 * newest timestamp (CreateTime). Returns the new batch object, which shares the producer batch's
 * arrays; it is what followers will copy by reference.
 */
export function appendAsLeader(
  log: PartitionLog,
  batch: ProducerBatch,
  leaderEpoch: number,
  nowMs: number,
  cfg: LogConfig,
): RecordBatch {
  const count = batch.values.length;
  if (count === 0) throw new Error(`appendAsLeader(${log.topic}-${log.partition}): empty batch`);
  const timestamps = batch.timestampsMs;
  let maxTimestampMs = -1;
  for (let i = 0; i < timestamps.length; i++) {
    const ts = timestamps[i] as number;
    if (ts > maxTimestampMs) maxTimestampMs = ts;
  }
  const baseOffset = log.logEndOffset;
  const appended: RecordBatch = {
    producerId: batch.producerId,
    producerEpoch: batch.producerEpoch,
    baseSequence: batch.baseSequence,
    producer: batch.producer,
    timestampsMs: batch.timestampsMs,
    keys: batch.keys,
    values: batch.values,
    recordIds: batch.recordIds,
    sizeBytes: batch.sizeBytes,
    baseOffset,
    lastOffset: baseOffset + count - 1,
    partitionLeaderEpoch: leaderEpoch,
    maxTimestampMs,
  };
  appendBatch(log, appended, nowMs, cfg);
  return appended;
}

/**
 * The follower's append of what its leader sent: batches already held (entirely below the log
 * end offset) are skipped, the rest must continue the log exactly. A gap means the caller fetched
 * from the wrong offset and throws. A batch that starts below the log end offset and ends above it
 * is cut to the part not yet held (Kafka would refuse it with UnexpectedAppendOffsetException; it
 * cannot happen while replicas share batch boundaries). Returns the number of records appended.
 */
export function appendAsFollower(
  log: PartitionLog,
  batches: RecordBatch[],
  nowMs: number,
  cfg: LogConfig,
): number {
  let appended = 0;
  for (const batch of batches) {
    const leo = log.logEndOffset;
    if (batch.lastOffset < leo) continue;
    if (batch.baseOffset > leo) {
      throw new Error(
        `appendAsFollower(${log.topic}-${log.partition}): batch [${batch.baseOffset}, ${batch.lastOffset}] leaves a gap after the log end offset ${leo}`,
      );
    }
    const toAppend = batch.baseOffset === leo ? batch : sliceBatch(batch, leo, batch.lastOffset + 1);
    appendBatch(log, toAppend, nowMs, cfg);
    appended += toAppend.lastOffset - toAppend.baseOffset + 1;
  }
  return appended;
}
