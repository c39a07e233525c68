/**
 * Reading a partition log (UnifiedLog.read → LocalLog.read → LogSegment.read), by binary search on
 * segments and then on batches.
 */
import { batchIndexFor, segmentIndexFor } from './segments';
import type { PartitionLog, RecordBatch, Segment } from './types';

/**
 * Whole batches from the one holding `fetchOffset` on, as a Fetch answer carries them:
 *  - OFFSET_OUT_OF_RANGE when `fetchOffset` is below the log start or past the log end offset;
 *  - only batches entirely below `maxOffsetExclusive` (the high watermark for consumers, the log
 *    end offset for followers): a batch reaching the bound is not returned, nor anything after it;
 *  - up to `maxBytes`, but always the first batch when it is readable, however big (KIP-74);
 *  - from one segment only, like Kafka's LocalLog.read: a fetch never crosses a segment boundary,
 *    the next fetch continues in the next segment.
 * The first batch may start before `fetchOffset`; the consumer skips those records.
 */
export function readRecords(
  log: PartitionLog,
  fetchOffset: number,
  maxBytes: number,
  maxOffsetExclusive: number,
): RecordBatch[] | 'OFFSET_OUT_OF_RANGE' {
  if (fetchOffset < log.logStartOffset || fetchOffset > log.logEndOffset) return 'OFFSET_OUT_OF_RANGE';
  const out: RecordBatch[] = [];
  const bound = Math.min(maxOffsetExclusive, log.logEndOffset);
  if (fetchOffset >= bound) return out;
  const segments = log.segments;
  for (let si = Math.max(0, segmentIndexFor(segments, fetchOffset)); si < segments.length; si++) {
    const seg = segments[si] as Segment;
    const bi = batchIndexFor(seg, fetchOffset);
    if (bi >= seg.batches.length) continue; // nothing at or after fetchOffset here: try the next segment
    const first = seg.batches[bi] as RecordBatch;
    const limitBytes = Math.max(maxBytes, first.sizeBytes);
    let usedBytes = 0;
    for (let i = bi; i < seg.batches.length; i++) {
      const b = seg.batches[i] as RecordBatch;
      if (b.lastOffset >= bound || usedBytes + b.sizeBytes > limitBytes) break;
      out.push(b);
      usedBytes += b.sizeBytes;
    }
    return out;
  }
  return out;
}

/** The batch holding `offset` and the record's index in it; null outside [log start, log end). */
export function findRecord(log: PartitionLog, offset: number): { batch: RecordBatch; index: number } | null {
  if (offset < log.logStartOffset || offset >= log.logEndOffset) return null;
  const si = segmentIndexFor(log.segments, offset);
  const seg = log.segments[si];
  if (seg === undefined) return null;
  const batch = seg.batches[batchIndexFor(seg, offset)];
  if (batch === undefined || batch.baseOffset > offset) return null;
  return { batch, index: offset - batch.baseOffset };
}
