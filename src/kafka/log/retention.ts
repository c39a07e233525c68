/**
 * The retention check (UnifiedLog.deleteOldSegments), run every `log.retention.check.interval.ms`.
 * The rules of the reference, §2.12:
 *  1. segments wholly below the log start offset go, whatever the cleanup policy;
 *  2. with `delete` in `cleanup.policy` and `retention.bytes` ≥ 0: while the log is at least that
 *     big, oldest segments go as long as each fits in the excess (the log may stay above the
 *     limit by less than one segment);
 *  3. with `delete` and `retention.ms` ≥ 0: oldest segments go while their newest record is older
 *     than `retention.ms`;
 *  4. whole segments only, oldest first, stopping at the first that may not go (no holes);
 *  5. a segment may only go once all of it is below the high watermark (its upper bound, the next
 *     segment's base or the log end offset, is ≤ HW);
 *  6. the active segment may go too when it is non-empty, breaches the rule and HW = LEO: a new
 *     empty active segment is rolled first; an empty last segment never goes;
 *  7. afterwards the log start offset is the base offset of the first segment left.
 */
import type { LogConfig } from './log-config';
import { incrementLogStartOffset, rollSegment } from './segments';
import type { PartitionLog, Segment } from './types';

export type RetentionReason = 'retention.ms' | 'retention.bytes' | 'log-start-offset';

/** One deleted segment: offsets [baseOffset, endOffset), for the caller's SegmentDeleted event. */
export interface DeletedSegment {
  baseOffset: number;
  /** Exclusive: the next segment's base offset (the log end offset for a former active segment). */
  endOffset: number;
  sizeBytes: number;
  reason: RetentionReason;
}

type Deletable = (seg: Segment, next: Segment | undefined) => boolean;

/** LocalLog.deletableSegments + UnifiedLog.deleteSegments for one rule (rules 4–7). */
function deleteOldSegments(
  log: PartitionLog,
  nowMs: number,
  reason: RetentionReason,
  predicate: Deletable,
  deleted: DeletedSegment[],
): void {
  const segments = log.segments;
  let count = 0;
  while (count < segments.length) {
    const seg = segments[count] as Segment;
    const next = segments[count + 1];
    const upperBound = next === undefined ? log.logEndOffset : next.baseOffset;
    if (!(log.highWatermark >= upperBound && predicate(seg, next))) break;
    if (next === undefined && seg.batches.length === 0) break;
    count++;
  }
  if (count === 0) return;
  // There must always be a segment: deleting them all means rolling a new active one first.
  if (count === segments.length) rollSegment(log, nowMs);
  const removed = segments.splice(0, count);
  for (let i = 0; i < removed.length; i++) {
    const seg = removed[i] as Segment;
    const next = removed[i + 1] ?? (segments[0] as Segment);
    deleted.push({
      baseOffset: seg.baseOffset,
      endOffset: next.baseOffset,
      sizeBytes: seg.sizeBytes,
      reason,
    });
  }
  incrementLogStartOffset(log, (segments[0] as Segment).baseOffset);
}

/**
 * Runs the retention rules once and returns the segments deleted, oldest first. Updates the log
 * start offset (and with it the epoch cache's first entry).
 */
export function applyRetention(log: PartitionLog, nowMs: number, cfg: LogConfig): DeletedSegment[] {
  const deleted: DeletedSegment[] = [];
  deleteOldSegments(
    log,
    nowMs,
    'log-start-offset',
    (_seg, next) => next !== undefined && next.baseOffset <= log.logStartOffset,
    deleted,
  );
  if (!cfg['cleanup.policy'].includes('delete')) return deleted;

  const retentionBytes = cfg['retention.bytes'];
  if (retentionBytes >= 0) {
    const size = logSizeBytes(log);
    if (size >= retentionBytes) {
      let excess = size - retentionBytes;
      deleteOldSegments(
        log,
        nowMs,
        'retention.bytes',
        (seg) => {
          if (excess - seg.sizeBytes < 0) return false;
          excess -= seg.sizeBytes;
          return true;
        },
        deleted,
      );
    }
  }

  const retentionMs = cfg['retention.ms'];
  if (retentionMs >= 0) {
    // Kafka reads the newest record timestamp of the segment (the file's mtime when it has none).
    deleteOldSegments(
      log,
      nowMs,
      'retention.ms',
      (seg) => nowMs - (seg.largestTimestampMs >= 0 ? seg.largestTimestampMs : seg.createdAtMs) > retentionMs,
      deleted,
    );
  }
  return deleted;
}

/** Total bytes of all segments (what `retention.bytes` is compared with). */
export function logSizeBytes(log: PartitionLog): number {
  let size = 0;
  for (const seg of log.segments) size += seg.sizeBytes;
  return size;
}
