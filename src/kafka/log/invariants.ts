/**
 * What must hold of any partition log, checked from the outside (tests, the checkers). Each
 * violation is one readable sentence; an empty list means the log is sound.
 */
import type { EpochEntry, PartitionLog, RecordBatch, Segment } from './types';

/** Records from the log start offset to the log end offset. */
export function recordCount(log: PartitionLog): number {
  return log.logEndOffset - log.logStartOffset;
}

function checkBatch(b: RecordBatch, where: string, out: string[]): void {
  const count = b.values.length;
  if (count === 0) out.push(`${where}: batch at offset ${b.baseOffset} holds no records`);
  if (b.lastOffset !== b.baseOffset + count - 1) {
    out.push(`${where}: batch at offset ${b.baseOffset} has lastOffset ${b.lastOffset} but ${count} records`);
  }
  if (b.keys.length !== count || b.timestampsMs.length !== count || b.recordIds.length !== count) {
    out.push(
      `${where}: batch at offset ${b.baseOffset} has ${count} values, ${b.keys.length} keys, ${b.timestampsMs.length} timestamps, ${b.recordIds.length} record ids`,
    );
  }
}

function checkSegment(seg: Segment, i: number, isActive: boolean, out: string[]): void {
  const where = `segment ${i} (base ${seg.baseOffset})`;
  if (seg.batches.length === 0) {
    if (!isActive) out.push(`${where} is empty but is not the active segment`);
    if (seg.sizeBytes !== 0) out.push(`${where} is empty but its size is ${seg.sizeBytes} bytes`);
    if (seg.largestTimestampMs !== -1)
      out.push(`${where} is empty but its largest timestamp is ${seg.largestTimestampMs}`);
    return;
  }
  const first = seg.batches[0] as RecordBatch;
  if (first.baseOffset !== seg.baseOffset) {
    out.push(`${where} starts with a batch at offset ${first.baseOffset}, not at its base offset`);
  }
  let size = 0;
  let largest = -1;
  let expected = first.baseOffset;
  for (const b of seg.batches) {
    checkBatch(b, where, out);
    if (b.baseOffset !== expected)
      out.push(`${where}: expected a batch at offset ${expected}, found one at ${b.baseOffset}`);
    expected = b.lastOffset + 1;
    size += b.sizeBytes;
    if (b.maxTimestampMs > largest) largest = b.maxTimestampMs;
  }
  if (size !== seg.sizeBytes) out.push(`${where} says ${seg.sizeBytes} bytes but its batches hold ${size}`);
  if (largest !== seg.largestTimestampMs) {
    out.push(
      `${where} says its largest timestamp is ${seg.largestTimestampMs} but its batches say ${largest}`,
    );
  }
}

function checkEpochs(log: PartitionLog, out: string[]): void {
  let prev: EpochEntry | undefined;
  for (const e of log.epochs) {
    if (e.epoch < 0 || e.startOffset < 0)
      out.push(`epoch cache holds an invalid entry (epoch ${e.epoch}, start ${e.startOffset})`);
    if (prev !== undefined) {
      if (e.epoch <= prev.epoch)
        out.push(`epoch cache is not increasing in epoch: ${prev.epoch} then ${e.epoch}`);
      if (e.startOffset < prev.startOffset) {
        out.push(
          `epoch cache start offsets go back: epoch ${prev.epoch} at ${prev.startOffset}, epoch ${e.epoch} at ${e.startOffset}`,
        );
      }
    }
    if (e.startOffset > log.logEndOffset) {
      out.push(`epoch ${e.epoch} starts at ${e.startOffset}, after the log end offset ${log.logEndOffset}`);
    }
    prev = e;
  }
}

/**
 * Checks: segments exist, their base offsets increase, each (but the active one) holds batches,
 * offsets run without gap or overlap across batches and segments, sizes and timestamps match the
 * batches, batches' leader epochs never decrease, the log start offset lies in the log, the log
 * end offset follows the last batch (or is the active segment's base when it is empty),
 * logStartOffset ≤ HW ≤ LEO, flushedOffset ≤ LEO with unflushedRecords = LEO − flushedOffset,
 * and the epoch cache increases strictly in epoch and never goes back in start offset.
 */
export function checkLogInvariants(log: PartitionLog): string[] {
  const out: string[] = [];
  const segments = log.segments;
  if (segments.length === 0) {
    out.push('the log has no segment (it must always keep an active one)');
    return out;
  }
  let lastEpoch = -1;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as Segment;
    const isActive = i === segments.length - 1;
    checkSegment(seg, i, isActive, out);
    const next = segments[i + 1];
    if (next !== undefined) {
      if (next.baseOffset <= seg.baseOffset) {
        out.push(`segment base offsets do not increase: ${seg.baseOffset} then ${next.baseOffset}`);
      }
      const last = seg.batches[seg.batches.length - 1];
      if (last !== undefined && last.lastOffset + 1 !== next.baseOffset) {
        out.push(
          `segment ${i} ends at offset ${last.lastOffset} but the next segment starts at ${next.baseOffset}`,
        );
      }
    }
    for (const b of seg.batches) {
      if (b.partitionLeaderEpoch < lastEpoch) {
        out.push(
          `batch at offset ${b.baseOffset} has leader epoch ${b.partitionLeaderEpoch} after a batch of epoch ${lastEpoch}`,
        );
      }
      if (b.partitionLeaderEpoch > lastEpoch) lastEpoch = b.partitionLeaderEpoch;
    }
  }

  const active = segments[segments.length - 1] as Segment;
  const lastBatch = active.batches[active.batches.length - 1];
  const expectedLeo = lastBatch === undefined ? active.baseOffset : lastBatch.lastOffset + 1;
  if (log.logEndOffset !== expectedLeo) {
    out.push(`log end offset is ${log.logEndOffset} but the log holds records up to ${expectedLeo - 1}`);
  }
  const firstBase = (segments[0] as Segment).baseOffset;
  if (log.logStartOffset < firstBase) {
    out.push(`log start offset ${log.logStartOffset} is below the first segment's base offset ${firstBase}`);
  }
  if (log.logStartOffset > log.highWatermark || log.highWatermark > log.logEndOffset) {
    out.push(
      `expected logStartOffset ≤ highWatermark ≤ logEndOffset, got ${log.logStartOffset} ≤ ${log.highWatermark} ≤ ${log.logEndOffset}`,
    );
  }
  if (log.flushedOffset > log.logEndOffset) {
    out.push(`flushed offset ${log.flushedOffset} is beyond the log end offset ${log.logEndOffset}`);
  }
  if (log.unflushedRecords !== log.logEndOffset - log.flushedOffset) {
    out.push(
      `unflushedRecords is ${log.unflushedRecords} but ${log.logEndOffset - log.flushedOffset} records lie past the flushed offset`,
    );
  }
  checkEpochs(log, out);
  return out;
}
