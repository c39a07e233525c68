import { describe, expect, it } from 'vitest';
import {
  appendAsLeader,
  applyRetention,
  checkLogInvariants,
  endOffsetForEpoch,
  incrementLogStartOffset,
  logSizeBytes,
  newPartitionLog,
  readRecords,
  setHighWatermark,
  type LogConfig,
} from './partition-log';
import { logConfig, producerBatch, records } from './test-fixtures';
import type { PartitionLog } from './types';

const HOUR_MS = 3_600_000;

/**
 * A log of `segmentCount` full segments plus `activeBatches` batches in the active one. Every
 * segment holds `batchesPerSegment` batches of 10 records; segment i is written at i hours.
 */
function buildLog(
  segmentCount: number,
  opts: { batchesPerSegment?: number; activeBatches?: number; epoch?: number } = {},
): { log: PartitionLog; batchBytes: number; segmentBytes: number } {
  const perSegment = opts.batchesPerSegment ?? 2;
  const batchBytes = producerBatch(records('r', 10), 0).sizeBytes;
  const segmentBytes = perSegment * batchBytes;
  const c = logConfig({ 'segment.bytes': segmentBytes });
  const log = newPartitionLog('clicks', 0, 0);
  const write = (t: number): void => {
    appendAsLeader(log, producerBatch(records('r', 10), t), opts.epoch ?? 0, t, c);
  };
  for (let s = 0; s < segmentCount; s++) for (let b = 0; b < perSegment; b++) write(s * HOUR_MS);
  for (let b = 0; b < (opts.activeBatches ?? 1); b++) write(segmentCount * HOUR_MS);
  setHighWatermark(log, log.logEndOffset);
  return { log, batchBytes, segmentBytes };
}

const bases = (log: PartitionLog): number[] => log.segments.map((s) => s.baseOffset);

function retention(overrides: Partial<LogConfig>): LogConfig {
  return logConfig({ 'retention.ms': -1, 'retention.bytes': -1, ...overrides });
}

describe('retention by time', () => {
  it('deletes whole segments whose newest record is older than retention.ms, oldest first', () => {
    const { log, segmentBytes } = buildLog(4); // segments written at 0, 1, 2, 3 h; active at 4 h
    expect(bases(log)).toEqual([0, 20, 40, 60, 80]);

    const deleted = applyRetention(log, 4 * HOUR_MS, retention({ 'retention.ms': 2 * HOUR_MS }));

    // At 4 h, segments written at 0 h and 1 h are more than 2 h old; the one at 2 h is exactly
    // 2 h old and stays (Kafka deletes when now - largestTimestamp > retention.ms).
    expect(deleted).toEqual([
      { baseOffset: 0, endOffset: 20, sizeBytes: segmentBytes, reason: 'retention.ms' },
      { baseOffset: 20, endOffset: 40, sizeBytes: segmentBytes, reason: 'retention.ms' },
    ]);
    expect(bases(log)).toEqual([40, 60, 80]);
    expect(log.logStartOffset).toBe(40);
    expect(checkLogInvariants(log)).toEqual([]);
  });

  it('keeps an old segment whole when one of its records is recent', () => {
    const { log } = buildLog(3);
    const first = log.segments[0];
    if (first === undefined) throw new Error('no segment');
    first.largestTimestampMs = 8 * HOUR_MS; // as if one record carried a recent timestamp
    expect(applyRetention(log, 10 * HOUR_MS, retention({ 'retention.ms': 5 * HOUR_MS }))).toEqual([]);
    expect(log.logStartOffset).toBe(0);
  });

  it('never deletes what is not below the high watermark', () => {
    const { log } = buildLog(4);
    setHighWatermark(log, 45); // inside the third segment [40, 60)
    const deleted = applyRetention(log, 100 * HOUR_MS, retention({ 'retention.ms': HOUR_MS }));
    expect(deleted.map((d) => d.baseOffset)).toEqual([0, 20]);
    expect(log.logStartOffset).toBe(40);
    expect(log.highWatermark).toBe(45);
  });

  it('rolls and empties a log idle for longer than retention.ms, with log start = log end', () => {
    const { log } = buildLog(2, { epoch: 3 });
    const leo = log.logEndOffset;
    const deleted = applyRetention(log, 50 * HOUR_MS, retention({ 'retention.ms': HOUR_MS }));

    expect(deleted.map((d) => [d.baseOffset, d.endOffset])).toEqual([
      [0, 20],
      [20, 40],
      [40, leo],
    ]);
    expect(log.segments).toEqual([
      { baseOffset: leo, batches: [], sizeBytes: 0, createdAtMs: 50 * HOUR_MS, largestTimestampMs: -1 },
    ]);
    expect([log.logStartOffset, log.logEndOffset, log.highWatermark]).toEqual([leo, leo, leo]);
    // The epoch survives, now starting at the new log start.
    expect(log.epochs).toEqual([{ epoch: 3, startOffset: leo }]);
    expect(endOffsetForEpoch(log, 3)).toEqual({ epoch: 3, endOffset: leo });

    // The empty active segment is never deleted; the next record lands at the old log end.
    expect(applyRetention(log, 100 * HOUR_MS, retention({ 'retention.ms': HOUR_MS }))).toEqual([]);
    const next = appendAsLeader(log, producerBatch(['late'], 100 * HOUR_MS), 3, 100 * HOUR_MS, logConfig());
    expect(next.baseOffset).toBe(leo);
    expect(checkLogInvariants(log)).toEqual([]);
  });

  it('keeps the active segment while followers have not caught up (HW < LEO)', () => {
    const { log } = buildLog(2);
    setHighWatermark(log, log.logEndOffset - 1);
    const deleted = applyRetention(log, 50 * HOUR_MS, retention({ 'retention.ms': HOUR_MS }));
    expect(deleted.map((d) => d.baseOffset)).toEqual([0, 20]);
    expect(bases(log)).toEqual([40]);
  });

  it('keeps everything forever with retention.ms = -1', () => {
    const { log } = buildLog(3);
    expect(applyRetention(log, 1e12, retention({}))).toEqual([]);
  });
});

describe('retention by size', () => {
  it('deletes oldest segments until the next would take the log under the limit', () => {
    const { log, segmentBytes, batchBytes } = buildLog(5); // 5 full segments + 1 batch
    const total = logSizeBytes(log);
    expect(total).toBe(5 * segmentBytes + batchBytes);

    const limit = 2 * segmentBytes + 10;
    const deleted = applyRetention(log, 0, retention({ 'retention.bytes': limit }));

    expect(deleted.map((d) => d.reason)).toEqual(['retention.bytes', 'retention.bytes', 'retention.bytes']);
    const after = logSizeBytes(log);
    expect(after).toBeGreaterThanOrEqual(limit);
    expect(after - limit).toBeLessThan(segmentBytes); // above the limit by less than one segment
    expect(log.logStartOffset).toBe(60);
  });

  it('does nothing below the limit or with retention.bytes = -1', () => {
    const { log } = buildLog(3);
    expect(applyRetention(log, 0, retention({ 'retention.bytes': logSizeBytes(log) + 1 }))).toEqual([]);
    expect(applyRetention(log, 0, retention({ 'retention.bytes': -1 }))).toEqual([]);
  });

  it('with retention.bytes = 0 empties the log, rolling a new active segment first', () => {
    const { log } = buildLog(1);
    const leo = log.logEndOffset;
    applyRetention(log, 0, retention({ 'retention.bytes': 0 }));
    expect(bases(log)).toEqual([leo]);
    expect(log.logStartOffset).toBe(leo);
  });
});

describe('cleanup policy and the log start offset', () => {
  it('deletes nothing by time or size with cleanup.policy=compact', () => {
    const { log } = buildLog(4);
    const c = logConfig({ 'cleanup.policy': ['compact'], 'retention.ms': 1, 'retention.bytes': 0 });
    expect(applyRetention(log, 100 * HOUR_MS, c)).toEqual([]);
    expect(log.segments).toHaveLength(5);
  });

  it('applies both with cleanup.policy=compact,delete', () => {
    const { log } = buildLog(2);
    const c = logConfig({ 'cleanup.policy': ['compact', 'delete'], 'retention.ms': HOUR_MS });
    expect(applyRetention(log, 100 * HOUR_MS, c)).toHaveLength(3);
  });

  it('deletes segments wholly below a raised log start offset, whatever the policy', () => {
    const { log } = buildLog(4);
    // A follower learns the leader's log start offset from a fetch response.
    incrementLogStartOffset(log, 47);
    const c = logConfig({ 'cleanup.policy': ['compact'] });
    const deleted = applyRetention(log, 0, c);
    expect(deleted).toEqual([
      expect.objectContaining({ baseOffset: 0, endOffset: 20, reason: 'log-start-offset' }),
      expect.objectContaining({ baseOffset: 20, endOffset: 40, reason: 'log-start-offset' }),
    ]);
    expect(log.logStartOffset).toBe(47); // not moved back to the segment base
    expect(readRecords(log, 46, 1000, log.highWatermark)).toBe('OFFSET_OUT_OF_RANGE');
    expect(checkLogInvariants(log)).toEqual([]);
  });

  it('runs the rules in Kafka order: log start, then size, then time', () => {
    const { log, segmentBytes } = buildLog(5);
    incrementLogStartOffset(log, 20);
    const c = logConfig({ 'retention.bytes': 3 * segmentBytes, 'retention.ms': 2 * HOUR_MS });
    const deleted = applyRetention(log, 4 * HOUR_MS + 1, c);
    expect(deleted.map((d) => [d.baseOffset, d.reason])).toEqual([
      [0, 'log-start-offset'],
      [20, 'retention.bytes'],
      [40, 'retention.ms'],
    ]);
  });

  it('sends a consumer behind the new log start OFFSET_OUT_OF_RANGE', () => {
    const { log } = buildLog(3);
    applyRetention(log, 10 * HOUR_MS, retention({ 'retention.ms': 9.5 * HOUR_MS }));
    expect(log.logStartOffset).toBe(20);
    expect(readRecords(log, 5, 1_000_000, log.highWatermark)).toBe('OFFSET_OUT_OF_RANGE');
    const fromStart = readRecords(log, log.logStartOffset, 1_000_000, log.highWatermark);
    expect(fromStart === 'OFFSET_OUT_OF_RANGE' ? -1 : fromStart[0]?.baseOffset).toBe(20);
  });
});
