/**
 * Removing the end of a log (UnifiedLog.truncateTo, truncateFullyAndStartAt), the high watermark
 * setter, and the flush operations, including the power failure that loses the page cache.
 */
import { truncateEpochsFromEnd } from './epochs';
import type { LogConfig } from './log-config';
import {
  activeSegment,
  batchIndexFor,
  emptySegment,
  flushUpTo,
  recomputeSegmentStats,
  segmentIndexFor,
  sliceBatch,
} from './segments';
import type { PartitionLog, RecordBatch, Segment } from './types';

/**
 * Deletes all data and starts the log over at `offset` (a follower whose leader's log starts after
 * its own ends). The leader-epoch cache is cleared, as Kafka's clearAndFlush does.
 */
export function truncateFullyAndStartAt(log: PartitionLog, offset: number, nowMs: number): void {
  if (!Number.isInteger(offset) || offset < 0) {
    throw new Error(`truncateFullyAndStartAt(${log.topic}-${log.partition}): invalid offset ${offset}`);
  }
  log.segments = [emptySegment(offset, nowMs)];
  log.logStartOffset = offset;
  log.logEndOffset = offset;
  log.highWatermark = offset;
  log.flushedOffset = offset;
  log.unflushedRecords = 0;
  log.epochs = [];
}

/**
 * Drops every record at or above `offset` (UnifiedLog.truncateTo). Later segments go; a batch cut
 * in the middle is replaced by a copy of its lower part. The high watermark and the flushed offset
 * come down with the log end offset, and the epoch cache loses entries starting at or above it.
 * An offset at or past the log end leaves the records alone but still trims the epoch cache (an
 * epoch a former leader assigned without writing). An offset below the first segment empties the
 * log there, as Kafka does.
 */
export function truncateTo(log: PartitionLog, offset: number): void {
  if (!Number.isInteger(offset) || offset < 0) {
    throw new Error(`truncateTo(${log.topic}-${log.partition}): invalid offset ${offset}`);
  }
  if (offset >= log.logEndOffset) {
    truncateEpochsFromEnd(log.epochs, log.logEndOffset);
    return;
  }
  const segments = log.segments;
  const first = segments[0] as Segment;
  if (first.baseOffset > offset) {
    truncateFullyAndStartAt(log, offset, activeSegment(log).createdAtMs);
    return;
  }
  const si = segmentIndexFor(segments, offset);
  segments.length = si + 1;
  const seg = segments[si] as Segment;
  const bi = batchIndexFor(seg, offset);
  if (bi < seg.batches.length) {
    const cut = seg.batches[bi] as RecordBatch;
    // A new array, never a shorter one: a segment's batch array only ever grows, so checkpoints
    // can share it (src/host/snapshot.ts).
    seg.batches = seg.batches.slice(0, bi);
    if (cut.baseOffset < offset) seg.batches.push(sliceBatch(cut, cut.baseOffset, offset));
    recomputeSegmentStats(seg);
  }
  log.logEndOffset = offset;
  if (log.logStartOffset > offset) log.logStartOffset = offset;
  if (log.highWatermark > offset) log.highWatermark = offset;
  if (log.flushedOffset > offset) log.flushedOffset = offset;
  log.unflushedRecords = log.logEndOffset - log.flushedOffset;
  truncateEpochsFromEnd(log.epochs, offset);
}

/**
 * Sets this replica's high watermark, clamped to [log start offset, log end offset] like
 * UnifiedLog.updateHighWatermark. Whether it may move back is the caller's policy (a leader's
 * never does; a follower takes the leader's).
 */
export function setHighWatermark(log: PartitionLog, hw: number): void {
  log.highWatermark = Math.max(log.logStartOffset, Math.min(hw, log.logEndOffset));
}

/** fsync: everything appended so far is on disk. Returns the number of records newly flushed. */
export function flush(log: PartitionLog, nowMs: number): number {
  return flushUpTo(log, log.logEndOffset, nowMs);
}

/**
 * LogManager's flush scheduler: flush when `flush.ms` has passed since the last flush and
 * something is waiting. Returns the number of records flushed (0 when not due).
 */
export function flushIfDue(log: PartitionLog, nowMs: number, cfg: LogConfig): number {
  if (log.logEndOffset <= log.flushedOffset) return 0;
  if (nowMs - log.lastFlushAtMs < cfg['flush.ms']) return 0;
  return flushUpTo(log, log.logEndOffset, nowMs);
}

/**
 * A power failure: records only in the page cache are gone. On restart Kafka recovers the log up
 * to what reached the disk, which is truncating at the flushed offset; log loading also drops
 * epoch-cache entries starting at or after the recovered log end (an epoch assigned on election
 * that never wrote). The high watermark is kept, capped at the new log end (Kafka reloads it from
 * a checkpoint written every few seconds). Returns the number of records lost.
 */
export function loseUnflushed(log: PartitionLog): number {
  const keep = Math.max(log.flushedOffset, log.logStartOffset);
  const lost = Math.max(0, log.logEndOffset - keep);
  truncateTo(log, keep);
  return lost;
}
