/**
 * Low-level pieces shared by append, read, truncation and retention: segment creation and roll,
 * binary searches over segments and batches, the flush mark, and (rarely) cutting a batch.
 */
import { truncateEpochsFromStart } from './epochs';
import { batchSizeBytes } from './record-size';
import type { PartitionLog, RecordBatch, Segment } from './types';

export function emptySegment(baseOffset: number, nowMs: number): Segment {
  return { baseOffset, batches: [], sizeBytes: 0, createdAtMs: nowMs, largestTimestampMs: -1 };
}

export function activeSegment(log: PartitionLog): Segment {
  const seg = log.segments[log.segments.length - 1];
  if (seg === undefined) throw new Error(`partition log ${log.topic}-${log.partition} has no segment`);
  return seg;
}

/**
 * Marks everything below `offset` as written to disk (LocalLog.markFlushed: the recovery point and
 * the last flush time move). Nothing happens when it is already there, as in UnifiedLog.flush.
 */
export function flushUpTo(log: PartitionLog, offset: number, nowMs: number): number {
  const target = Math.min(offset, log.logEndOffset);
  if (target <= log.flushedOffset) return 0;
  const flushed = target - log.flushedOffset;
  log.flushedOffset = target;
  log.lastFlushAtMs = nowMs;
  log.unflushedRecords = log.logEndOffset - target;
  return flushed;
}

/**
 * UnifiedLog.roll: a new empty active segment at the log end offset. Kafka then schedules an
 * immediate asynchronous flush of everything before it; the simulator flushes at once.
 */
export function rollSegment(log: PartitionLog, nowMs: number): Segment {
  const seg = emptySegment(log.logEndOffset, nowMs);
  log.segments.push(seg);
  flushUpTo(log, log.logEndOffset, nowMs);
  return seg;
}

/** Index of the last segment whose base offset is ≤ `offset` (-1 if none). */
export function segmentIndexFor(segments: readonly Segment[], offset: number): number {
  let lo = 0;
  let hi = segments.length; // answer is lo - 1 at the end
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((segments[mid] as Segment).baseOffset <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the first batch of `seg` whose last offset is ≥ `offset` (batches.length if none). */
export function batchIndexFor(seg: Segment, offset: number): number {
  const batches = seg.batches;
  let lo = 0;
  let hi = batches.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((batches[mid] as RecordBatch).lastOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A new batch holding the records of `batch` in [fromOffset, toOffsetExclusive). Only for the rare
 * truncation or overlap in the middle of a batch; appended batches are otherwise never copied.
 */
export function sliceBatch(batch: RecordBatch, fromOffset: number, toOffsetExclusive: number): RecordBatch {
  const start = fromOffset - batch.baseOffset;
  const end = toOffsetExclusive - batch.baseOffset;
  const keys = batch.keys.slice(start, end);
  const values = batch.values.slice(start, end);
  const timestampsMs = batch.timestampsMs.slice(start, end);
  let maxTimestampMs = -1;
  for (const ts of timestampsMs) if (ts > maxTimestampMs) maxTimestampMs = ts;
  return {
    producerId: batch.producerId,
    producerEpoch: batch.producerEpoch,
    baseSequence: batch.baseSequence < 0 ? batch.baseSequence : batch.baseSequence + start,
    producer: batch.producer,
    timestampsMs,
    keys,
    values,
    recordIds: batch.recordIds.slice(start, end),
    sizeBytes: batchSizeBytes(keys, values),
    baseOffset: fromOffset,
    lastOffset: toOffsetExclusive - 1,
    partitionLeaderEpoch: batch.partitionLeaderEpoch,
    maxTimestampMs,
  };
}

/** Recomputes a segment's size and newest timestamp from its batches (after a truncation). */
export function recomputeSegmentStats(seg: Segment): void {
  let size = 0;
  let largest = -1;
  for (const b of seg.batches) {
    size += b.sizeBytes;
    if (b.maxTimestampMs > largest) largest = b.maxTimestampMs;
  }
  seg.sizeBytes = size;
  seg.largestTimestampMs = largest;
}

/**
 * UnifiedLog.maybeIncrementLogStartOffset / updateLogStartOffset: moves the log start offset up
 * (never down), and with it the high watermark and the recovery point if they were below, and
 * trims the leader-epoch cache from the start. The records below stay in their segments until
 * retention removes whole segments (rule 1, log-start-offset breach). A follower calls it with the
 * leader's log start offset from each fetch response. Returns whether it moved.
 */
export function incrementLogStartOffset(log: PartitionLog, offset: number): boolean {
  if (offset <= log.logStartOffset) return false;
  if (offset > log.logEndOffset) {
    throw new Error(
      `incrementLogStartOffset(${log.topic}-${log.partition}): ${offset} is beyond the log end offset ${log.logEndOffset}`,
    );
  }
  log.logStartOffset = offset;
  if (log.highWatermark < offset) log.highWatermark = offset;
  if (log.flushedOffset < offset) {
    log.flushedOffset = offset;
    log.unflushedRecords = log.logEndOffset - offset;
  }
  truncateEpochsFromStart(log.epochs, offset);
  return true;
}
