import { describe, expect, it } from 'vitest';
import {
  appendAsFollower,
  appendAsLeader,
  assignEpochStart,
  batchSizeBytes,
  batchSizeError,
  checkLogInvariants,
  endOffsetForEpoch,
  findRecord,
  flush,
  flushIfDue,
  incrementLogStartOffset,
  latestEpoch,
  logSizeBytes,
  loseUnflushed,
  newPartitionLog,
  readRecords,
  recordCount,
  setHighWatermark,
  truncateFullyAndStartAt,
  truncateTo,
  type LogConfig,
} from './partition-log';
import { logConfig, producerBatch, records } from './test-fixtures';
import type { PartitionLog, RecordBatch } from './types';

const cfg = logConfig();

/** Appends one batch per entry of `sizes` (record counts), at time `nowMs`, under `epoch`. */
function produce(
  log: PartitionLog,
  sizes: number[],
  nowMs = 0,
  epoch = 0,
  c: LogConfig = cfg,
): RecordBatch[] {
  return sizes.map((n, i) =>
    appendAsLeader(log, producerBatch(records(`b${log.logEndOffset}-${i}-`, n), nowMs), epoch, nowMs, c),
  );
}

function offsetsOf(batches: RecordBatch[] | 'OFFSET_OUT_OF_RANGE'): [number, number][] {
  if (batches === 'OFFSET_OUT_OF_RANGE') throw new Error('out of range');
  return batches.map((b) => [b.baseOffset, b.lastOffset]);
}

function valuesOf(log: PartitionLog): string[] {
  const out: string[] = [];
  for (let o = log.logStartOffset; o < log.logEndOffset; o++) {
    const r = findRecord(log, o);
    if (r === null) throw new Error(`no record at ${o}`);
    out.push(r.batch.values[r.index] as string);
  }
  return out;
}

function expectSound(...logs: PartitionLog[]): void {
  for (const log of logs) expect(checkLogInvariants(log)).toEqual([]);
}

describe('appending', () => {
  it('gives each batch the next offsets, the leader epoch and its newest timestamp, sharing the producer arrays', () => {
    const log = newPartitionLog('orders', 0, 0);
    const pb = producerBatch(['a', 'b', 'c'], 100);
    pb.timestampsMs = [100, 250, 180];
    const first = appendAsLeader(log, pb, 3, 300, cfg);
    const [second, third] = produce(log, [1, 2], 400, 3);

    expect([first.baseOffset, first.lastOffset]).toEqual([0, 2]);
    expect([second?.baseOffset, second?.lastOffset, third?.baseOffset, third?.lastOffset]).toEqual([
      3, 3, 4, 5,
    ]);
    expect(first.partitionLeaderEpoch).toBe(3);
    expect(first.maxTimestampMs).toBe(250);
    expect(first.values).toBe(pb.values);
    expect(first.keys).toBe(pb.keys);
    expect(first.timestampsMs).toBe(pb.timestampsMs);
    expect(first.recordIds).toBe(pb.recordIds);
    expect(first).not.toBe(pb);
    expect(log.logEndOffset).toBe(6);
    expect(recordCount(log)).toBe(6);
    expect(findRecord(log, 1)).toEqual({ batch: first, index: 1 });
    expect(findRecord(log, 4)?.batch).toBe(third);
    expect(findRecord(log, 6)).toBeNull();
    expect(log.segments[0]?.largestTimestampMs).toBe(400);
    expect(logSizeBytes(log)).toBe(first.sizeBytes + (second?.sizeBytes ?? 0) + (third?.sizeBytes ?? 0));
    expectSound(log);
  });

  it('records an epoch in the cache the first time a leader of that epoch appends', () => {
    const log = newPartitionLog('orders', 0, 0);
    produce(log, [2, 2], 0, 0);
    produce(log, [1], 0, 2);
    expect(log.epochs).toEqual([
      { epoch: 0, startOffset: 0 },
      { epoch: 2, startOffset: 4 },
    ]);
    expect(latestEpoch(log)).toBe(2);
  });

  it('rolls a new segment when the next batch would overflow segment.bytes', () => {
    const one = batchSizeBytes([null], ['x0']);
    const c = logConfig({ 'segment.bytes': 2 * one });
    const log = newPartitionLog('orders', 0, 0);
    for (let i = 0; i < 5; i++) appendAsLeader(log, producerBatch([`x${i}`], 0), 0, 0, c);
    // Two batches fill a segment exactly; the third starts a new one.
    expect(log.segments.map((s) => s.baseOffset)).toEqual([0, 2, 4]);
    expect(log.segments.map((s) => s.sizeBytes)).toEqual([2 * one, 2 * one, one]);
    expectSound(log);
  });

  it('never rolls an empty segment, even for a batch bigger than segment.bytes', () => {
    const c = logConfig({ 'segment.bytes': 50 });
    const log = newPartitionLog('orders', 0, 0);
    produce(log, [3, 3], 0, 0, c);
    expect(log.segments.map((s) => [s.baseOffset, s.batches.length])).toEqual([
      [0, 1],
      [3, 1],
    ]);
    expect(batchSizeError(log.segments[0]?.sizeBytes ?? 0, c)).toBe('RECORD_LIST_TOO_LARGE');
    expect(batchSizeError(2_000_000, c)).toBe('MESSAGE_TOO_LARGE');
    expect(batchSizeError(40, c)).toBeNull();
  });

  it('rolls by segment.ms once strictly more than segment.ms has passed since the first append', () => {
    const c = logConfig({ 'segment.ms': 1000 });
    const log = newPartitionLog('orders', 0, 0);
    produce(log, [1], 5000, 0, c); // the clock starts at the first append, not at creation
    produce(log, [1], 6000, 0, c); // exactly segment.ms later: same segment
    expect(log.segments).toHaveLength(1);
    produce(log, [1], 6001, 0, c);
    expect(log.segments.map((s) => [s.baseOffset, s.createdAtMs])).toEqual([
      [0, 5000],
      [2, 6001],
    ]);
    expectSound(log);
  });

  it('writes the finished segment to disk when it rolls, as Kafka flushes after a roll', () => {
    const c = logConfig({ 'segment.ms': 10 });
    const log = newPartitionLog('orders', 0, 0);
    produce(log, [2, 3], 0, 0, c);
    expect(log.flushedOffset).toBe(0);
    expect(log.unflushedRecords).toBe(5);
    produce(log, [1], 100, 0, c);
    expect(log.flushedOffset).toBe(5);
    expect(log.lastFlushAtMs).toBe(100);
    expect(log.unflushedRecords).toBe(1);
  });

  it('lets a follower append the very batch objects its leader holds, skipping what it has', () => {
    const leader = newPartitionLog('orders', 0, 0);
    const follower = newPartitionLog('orders', 0, 0);
    const batches = produce(leader, [2, 3, 1], 0, 4);
    expect(appendAsFollower(follower, batches.slice(0, 2), 10, cfg)).toBe(5);
    // A retried fetch answer overlapping what the follower already holds.
    expect(appendAsFollower(follower, batches, 20, cfg)).toBe(1);
    expect(follower.segments[0]?.batches).toEqual(batches);
    follower.segments[0]?.batches.forEach((b, i) => expect(b).toBe(batches[i]));
    expect(follower.epochs).toEqual([{ epoch: 4, startOffset: 0 }]);
    expect(follower.logEndOffset).toBe(6);
    expectSound(leader, follower);
  });

  it('refuses a follower append that would leave a gap', () => {
    const leader = newPartitionLog('orders', 0, 0);
    const follower = newPartitionLog('orders', 0, 0);
    const batches = produce(leader, [2, 3]);
    expect(() => appendAsFollower(follower, batches.slice(1), 0, cfg)).toThrow(/gap/);
  });

  it('lets a follower take the part of a batch it does not hold yet', () => {
    const leader = newPartitionLog('orders', 0, 0);
    const follower = newPartitionLog('orders', 0, 0);
    const [batch] = produce(leader, [4]);
    appendAsFollower(follower, [batch as RecordBatch], 0, cfg);
    truncateTo(follower, 2);
    expect(appendAsFollower(follower, [batch as RecordBatch], 0, cfg)).toBe(2);
    expect(valuesOf(follower)).toEqual(valuesOf(leader));
    expectSound(follower);
  });
});

describe('reading', () => {
  it('shows consumers only what is below the high watermark, followers everything', () => {
    const log = newPartitionLog('orders', 0, 0);
    produce(log, [2, 2, 2]);
    setHighWatermark(log, 4);
    expect(offsetsOf(readRecords(log, 0, 1_000_000, log.highWatermark))).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(readRecords(log, 4, 1_000_000, log.highWatermark)).toEqual([]);
    expect(offsetsOf(readRecords(log, 4, 1_000_000, log.logEndOffset))).toEqual([[4, 5]]);
    expect(readRecords(log, 6, 1_000_000, log.logEndOffset)).toEqual([]);
  });

  it('does not return a batch straddling the high watermark', () => {
    const log = newPartitionLog('orders', 0, 0);
    produce(log, [2, 3]);
    setHighWatermark(log, 3); // in the middle of [2, 4]
    expect(offsetsOf(readRecords(log, 0, 1_000_000, log.highWatermark))).toEqual([[0, 1]]);
    expect(readRecords(log, 2, 1_000_000, log.highWatermark)).toEqual([]);
  });

  it('returns the whole batch holding the fetch offset', () => {
    const log = newPartitionLog('orders', 0, 0);
    produce(log, [5, 5]);
    expect(offsetsOf(readRecords(log, 3, 1_000_000, 10))).toEqual([
      [0, 4],
      [5, 9],
    ]);
    expect(offsetsOf(readRecords(log, 7, 1_000_000, 10))).toEqual([[5, 9]]);
  });

  it('always returns the first batch, even over maxBytes (KIP-74), then whole batches within maxBytes', () => {
    const log = newPartitionLog('orders', 0, 0);
    const [a, b] = produce(log, [10, 1, 1, 1]);
    const small = b?.sizeBytes ?? 0;
    expect(offsetsOf(readRecords(log, 0, 1, 100))).toEqual([[0, 9]]);
    expect(offsetsOf(readRecords(log, 0, (a?.sizeBytes ?? 0) + small, 100))).toEqual([
      [0, 9],
      [10, 10],
    ]);
    expect(offsetsOf(readRecords(log, 10, 2 * small + 1, 100))).toEqual([
      [10, 10],
      [11, 11],
    ]);
  });

  it('reads from one segment per fetch, as Kafka does', () => {
    const c = logConfig({ 'segment.ms': 0 });
    const log = newPartitionLog('orders', 0, 0);
    for (let t = 1; t <= 3; t++) produce(log, [2], t, 0, c);
    expect(log.segments).toHaveLength(3);
    expect(offsetsOf(readRecords(log, 0, 1_000_000, 6))).toEqual([[0, 1]]);
    expect(offsetsOf(readRecords(log, 2, 1_000_000, 6))).toEqual([[2, 3]]);
  });

  it('answers OFFSET_OUT_OF_RANGE below the log start offset and past the log end offset', () => {
    const log = newPartitionLog('orders', 0, 0);
    produce(log, [3]);
    setHighWatermark(log, 3);
    expect(readRecords(log, 4, 1000, 3)).toBe('OFFSET_OUT_OF_RANGE');
    expect(readRecords(log, 3, 1000, 3)).toEqual([]);
    incrementLogStartOffset(log, 2);
    expect(readRecords(log, 1, 1000, 3)).toBe('OFFSET_OUT_OF_RANGE');
    expect(offsetsOf(readRecords(log, 2, 1000, 3))).toEqual([[0, 2]]);
    expect(findRecord(log, 1)).toBeNull();
  });
});

describe('flushing and power failure', () => {
  it('loses exactly the records that were not flushed when the power fails', () => {
    const log = newPartitionLog('orders', 0, 0);
    produce(log, [3, 2]);
    flush(log, 50);
    produce(log, [4, 1], 60, 1);
    setHighWatermark(log, 7);
    expect(log.unflushedRecords).toBe(5);

    expect(loseUnflushed(log)).toBe(5);
    expect(log.logEndOffset).toBe(5);
    expect(log.highWatermark).toBe(5);
    expect(log.unflushedRecords).toBe(0);
    // The epoch that had written only lost records is gone from the cache too.
    expect(log.epochs).toEqual([{ epoch: 0, startOffset: 0 }]);
    expect(loseUnflushed(log)).toBe(0);
    expectSound(log);
  });

  it('forgets, after a power failure, an epoch it was elected into but never wrote under', () => {
    const c = logConfig({ 'flush.messages': 1 });
    const log = newPartitionLog('orders', 0, 0);
    produce(log, [2], 0, 0, c);
    assignEpochStart(log, 1, 2);
    expect(loseUnflushed(log)).toBe(0);
    expect(log.epochs).toEqual([{ epoch: 0, startOffset: 0 }]);
  });

  it('loses nothing with flush.messages=1', () => {
    const c = logConfig({ 'flush.messages': 1 });
    const log = newPartitionLog('orders', 0, 0);
    produce(log, [3, 2, 4], 10, 0, c);
    expect(log.flushedOffset).toBe(9);
    expect(loseUnflushed(log)).toBe(0);
    expect(log.logEndOffset).toBe(9);
  });

  it('flushes every flush.messages records', () => {
    const c = logConfig({ 'flush.messages': 5 });
    const log = newPartitionLog('orders', 0, 0);
    produce(log, [2, 2], 0, 0, c);
    expect(log.flushedOffset).toBe(0);
    produce(log, [1], 7, 0, c);
    expect([log.flushedOffset, log.lastFlushAtMs]).toEqual([5, 7]);
  });

  it('flushes by flush.ms only when due and only when something is waiting', () => {
    const c = logConfig({ 'flush.ms': 1000 });
    const log = newPartitionLog('orders', 0, 0);
    expect(flushIfDue(log, 5000, c)).toBe(0);
    expect(log.lastFlushAtMs).toBe(0);
    produce(log, [3], 5000, 0, c);
    expect(flushIfDue(log, 5000, c)).toBe(3); // 5000 ms since the last flush at 0
    produce(log, [2], 5500, 0, c);
    expect(flushIfDue(log, 5999, c)).toBe(0);
    expect(flushIfDue(log, 6000, c)).toBe(2);
    expect([log.flushedOffset, log.lastFlushAtMs]).toEqual([5, 6000]);
  });
});

describe('truncation', () => {
  it('drops whole batches above the offset and cuts a batch in the middle without touching the shared one', () => {
    const log = newPartitionLog('orders', 0, 0);
    const [, middle] = produce(log, [2, 4, 3]);
    setHighWatermark(log, 9);
    flush(log, 0);
    truncateTo(log, 4);
    expect(log.logEndOffset).toBe(4);
    expect(log.highWatermark).toBe(4);
    expect(log.flushedOffset).toBe(4);
    expect(offsetsOf(readRecords(log, 0, 1_000_000, 4))).toEqual([
      [0, 1],
      [2, 3],
    ]);
    const cut = log.segments[0]?.batches[1];
    expect(cut).not.toBe(middle);
    expect(cut?.values).toEqual(middle?.values.slice(0, 2));
    expect(cut?.sizeBytes).toBe(batchSizeBytes([null, null], cut?.values ?? []));
    expect(middle?.values).toHaveLength(4); // the leader's batch, shared with other replicas, is intact
    expectSound(log);
  });

  it('removes later segments; the segment holding the offset becomes the active one', () => {
    const c = logConfig({ 'segment.ms': 0 });
    const log = newPartitionLog('orders', 0, 0);
    for (let t = 1; t <= 4; t++) produce(log, [2], t, t, c);
    truncateTo(log, 4);
    expect(log.segments.map((s) => s.baseOffset)).toEqual([0, 2, 4]);
    expect(log.segments[2]?.batches).toEqual([]);
    expect(log.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    produce(log, [1], 10, 7, c);
    expect(log.segments.map((s) => s.baseOffset)).toEqual([0, 2, 4]);
    expectSound(log);
  });

  it('keeps the records when truncating at or past the log end, but drops an epoch that wrote nothing', () => {
    const log = newPartitionLog('orders', 0, 0);
    produce(log, [3]);
    assignEpochStart(log, 1, 3); // elected, then lost leadership before writing
    truncateTo(log, 10);
    expect(log.logEndOffset).toBe(3);
    expect(log.epochs).toEqual([{ epoch: 0, startOffset: 0 }]);
  });

  it('starts over at a new offset with truncateFullyAndStartAt', () => {
    const log = newPartitionLog('orders', 0, 0);
    produce(log, [3, 3]);
    truncateFullyAndStartAt(log, 42, 900);
    expect([log.logStartOffset, log.logEndOffset, log.highWatermark, log.flushedOffset]).toEqual([
      42, 42, 42, 42,
    ]);
    expect(log.segments).toEqual([
      { baseOffset: 42, batches: [], sizeBytes: 0, createdAtMs: 900, largestTimestampMs: -1 },
    ]);
    expect(log.epochs).toEqual([]);
    produce(log, [1], 1000, 5);
    expect(findRecord(log, 42)?.index).toBe(0);
    expectSound(log);
  });

  it('clamps the high watermark to the log', () => {
    const log = newPartitionLog('orders', 0, 0);
    produce(log, [5]);
    setHighWatermark(log, 99);
    expect(log.highWatermark).toBe(5);
    incrementLogStartOffset(log, 3);
    setHighWatermark(log, 1);
    expect(log.highWatermark).toBe(3);
  });
});

describe('leader epochs (KIP-101)', () => {
  it('answers OffsetsForLeaderEpoch from the cache', () => {
    const log = newPartitionLog('orders', 0, 0);
    expect(endOffsetForEpoch(log, 0)).toEqual({ epoch: -1, endOffset: -1 });
    produce(log, [5], 0, 1);
    produce(log, [3], 0, 3);
    produce(log, [2], 0, 4);
    expect(log.epochs).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 3, startOffset: 5 },
      { epoch: 4, startOffset: 8 },
    ]);
    expect(endOffsetForEpoch(log, 4)).toEqual({ epoch: 4, endOffset: 10 }); // the latest: the log end
    expect(endOffsetForEpoch(log, 3)).toEqual({ epoch: 3, endOffset: 8 });
    expect(endOffsetForEpoch(log, 2)).toEqual({ epoch: 1, endOffset: 5 }); // largest epoch ≤ 2 ends where 3 starts
    expect(endOffsetForEpoch(log, 1)).toEqual({ epoch: 1, endOffset: 5 });
    expect(endOffsetForEpoch(log, 0)).toEqual({ epoch: 0, endOffset: 0 }); // older than all: the first start
    expect(endOffsetForEpoch(log, 5)).toEqual({ epoch: -1, endOffset: -1 });
    expect(endOffsetForEpoch(log, -1)).toEqual({ epoch: -1, endOffset: -1 });
  });

  it('trims and rewrites its first entry when the log start moves up', () => {
    const log = newPartitionLog('orders', 0, 0);
    produce(log, [5], 0, 1);
    produce(log, [3], 0, 3);
    setHighWatermark(log, 8);
    incrementLogStartOffset(log, 6);
    expect(log.epochs).toEqual([{ epoch: 3, startOffset: 6 }]);
    expect(endOffsetForEpoch(log, 1)).toEqual({ epoch: 1, endOffset: 6 });
  });

  it('a new leader keeps one entry per epoch and prunes entries a truncation made wrong', () => {
    const log = newPartitionLog('orders', 0, 0);
    assignEpochStart(log, 0, 0);
    produce(log, [4], 0, 0);
    assignEpochStart(log, 2, 4);
    assignEpochStart(log, 2, 4); // again: no change
    assignEpochStart(log, 3, 2); // a start before epoch 2's: epoch 2 goes
    expect(log.epochs).toEqual([
      { epoch: 0, startOffset: 0 },
      { epoch: 3, startOffset: 2 },
    ]);
    expect(() => assignEpochStart(log, -1, 0)).toThrow();
  });

  it('scenario 1 (§3.3): a restarted follower keeps a committed record it would have lost to its own HW', () => {
    // A leads epoch 0 with m1, m2; B holds both but only knows HW = 1.
    const a = newPartitionLog('t', 0, 0);
    const b = newPartitionLog('t', 0, 0);
    assignEpochStart(a, 0, 0);
    const batches = [...produce(a, [1], 0, 0), ...produce(a, [1], 0, 0)];
    appendAsFollower(b, batches, 0, cfg);
    setHighWatermark(a, 2);
    setHighWatermark(b, 1);

    // Pre-KIP-101 rule: truncate to the own high watermark and m2 is gone.
    const old = structuredClone(b);
    truncateTo(old, old.highWatermark);
    expect(old.logEndOffset).toBe(1);

    // KIP-101: B asks A where its latest epoch ends and truncates to that.
    const answer = endOffsetForEpoch(a, latestEpoch(b));
    expect(answer).toEqual({ epoch: 0, endOffset: 2 });
    truncateTo(b, Math.min(answer.endOffset, b.logEndOffset));
    expect(b.logEndOffset).toBe(2);

    // A dies; B leads epoch 1 and still holds the committed m2.
    assignEpochStart(b, 1, b.logEndOffset);
    expect(valuesOf(b)).toEqual(valuesOf(a));
    expectSound(a, b);
  });

  it('scenario 2 (§3.4): after a power outage the old leader truncates to where the new epoch starts', () => {
    const a = newPartitionLog('t', 0, 0);
    const b = newPartitionLog('t', 0, 0);
    assignEpochStart(a, 0, 0);
    const m1 = produce(a, [1], 0, 0);
    appendAsFollower(b, m1, 0, cfg);
    flush(a, 0);
    flush(b, 0);
    const m2 = produce(a, [1], 1, 0);
    appendAsFollower(b, m2, 1, cfg);
    flush(a, 1);
    setHighWatermark(a, 2);
    setHighWatermark(b, 2);

    // Power outage: m2 was only in B's page cache.
    expect(loseUnflushed(a)).toBe(0);
    expect(loseUnflushed(b)).toBe(1);

    // B comes back first and leads epoch 1 with [m1], writing m3 at offset 1.
    assignEpochStart(b, 1, b.logEndOffset);
    produce(b, [1], 2, 1);
    expect(endOffsetForEpoch(b, 0)).toEqual({ epoch: 0, endOffset: 1 });

    // A returns as follower: it truncates to where epoch 0 ends on B, then re-fetches m3.
    const answer = endOffsetForEpoch(b, latestEpoch(a));
    const own = endOffsetForEpoch(a, answer.epoch);
    truncateTo(a, Math.min(answer.endOffset, own.endOffset, a.logEndOffset));
    expect(a.logEndOffset).toBe(1);
    const fetched = readRecords(b, a.logEndOffset, 1_000_000, b.logEndOffset);
    if (fetched === 'OFFSET_OUT_OF_RANGE') throw new Error('unexpected');
    appendAsFollower(a, fetched, 3, cfg);
    expect(valuesOf(a)).toEqual(valuesOf(b));
    expect(a.epochs).toEqual(b.epochs);
    expectSound(a, b);
  });

  it('two quick leader changes: the follower iterates over an epoch the new leader never saw (KIP-279)', () => {
    // Epoch 0 (A): offset 0 everywhere. Epoch 1 (B): offsets 1–2 on B only. Epoch 2 (C): 1–3.
    const b = newPartitionLog('t', 0, 0);
    const c = newPartitionLog('t', 0, 0);
    const m0 = produce(b, [1], 0, 0);
    appendAsFollower(c, m0, 0, cfg);
    assignEpochStart(b, 1, 1);
    produce(b, [2], 1, 1);
    assignEpochStart(c, 2, 1);
    produce(c, [3], 2, 2);

    // B follows C. C never had epoch 1: it answers with the largest epoch below, 0, ending at 1.
    const first = endOffsetForEpoch(c, latestEpoch(b));
    expect(first).toEqual({ epoch: 0, endOffset: 1 });
    const own = endOffsetForEpoch(b, first.epoch);
    expect(own).toEqual({ epoch: 0, endOffset: 1 });
    truncateTo(b, Math.min(first.endOffset, own.endOffset, b.logEndOffset));
    const fetched = readRecords(c, b.logEndOffset, 1_000_000, c.logEndOffset);
    if (fetched === 'OFFSET_OUT_OF_RANGE') throw new Error('unexpected');
    appendAsFollower(b, fetched, 3, cfg);
    expect(valuesOf(b)).toEqual(valuesOf(c));
    expect(b.epochs).toEqual(c.epochs);
    expectSound(b, c);
  });
});
