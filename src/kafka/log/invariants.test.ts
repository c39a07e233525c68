import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LONG_MAX } from '../config/defs';
import {
  appendAsFollower,
  appendAsLeader,
  applyRetention,
  assignEpochStart,
  checkLogInvariants,
  endOffsetForEpoch,
  findRecord,
  flush,
  flushIfDue,
  incrementLogStartOffset,
  latestEpoch,
  loseUnflushed,
  newPartitionLog,
  readRecords,
  setHighWatermark,
  truncateFullyAndStartAt,
  truncateTo,
  type LogConfig,
} from './partition-log';
import { logConfig, producerBatch, records } from './test-fixtures';
import type { PartitionLog, RecordBatch } from './types';

describe('checkLogInvariants', () => {
  it('reports what is wrong with a log built by hand', () => {
    const log = newPartitionLog('broken', 0, 0);
    const c = logConfig();
    appendAsLeader(log, producerBatch(['a', 'b'], 0), 1, 0, c);
    const good = appendAsLeader(log, producerBatch(['c'], 0), 1, 0, c);
    expect(checkLogInvariants(log)).toEqual([]);

    const seg = log.segments[0];
    if (seg === undefined) throw new Error('no segment');
    // A batch at offset 5 after one ending at 2, under an older epoch.
    seg.batches[1] = { ...good, baseOffset: 5, lastOffset: 5, partitionLeaderEpoch: 0 };
    // An empty segment that is not the active one.
    log.segments.push(
      { baseOffset: 3, batches: [], sizeBytes: 0, createdAtMs: 0, largestTimestampMs: -1 },
      {
        baseOffset: 3,
        batches: [],
        sizeBytes: 0,
        createdAtMs: 0,
        largestTimestampMs: -1,
      },
    );
    log.logEndOffset = 7;
    log.highWatermark = 10;
    log.epochs.push({ epoch: 0, startOffset: 2 });

    const problems = checkLogInvariants(log);
    expect(problems).toEqual(
      expect.arrayContaining([
        'segment 0 (base 0): expected a batch at offset 2, found one at 5',
        'batch at offset 5 has leader epoch 0 after a batch of epoch 1',
        'segment 0 ends at offset 5 but the next segment starts at 3',
        'segment 1 (base 3) is empty but is not the active segment',
        'segment base offsets do not increase: 3 then 3',
        'log end offset is 7 but the log holds records up to 2',
        'expected logStartOffset ≤ highWatermark ≤ logEndOffset, got 0 ≤ 10 ≤ 7',
        'unflushedRecords is 3 but 7 records lie past the flushed offset',
        'epoch cache is not increasing in epoch: 1 then 0',
      ]),
    );
  });

  it('reports a log without segments', () => {
    const log = newPartitionLog('broken', 0, 0);
    log.segments = [];
    expect(checkLogInvariants(log)).toEqual(['the log has no segment (it must always keep an active one)']);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: a leader and a follower through random appends, fetches, leader changes, truncations,
// power failures, flushes and retention stay sound; the leader's log holds exactly what was
// written minus what was truncated; reads obey the fetch rules; and once the follower catches up
// by the KIP-101/KIP-279 protocol its log equals the leader's.
// ---------------------------------------------------------------------------------------------

type Who = 'leader' | 'follower';
type Op =
  | { kind: 'produce'; count: number; valueLength: number }
  | { kind: 'tick'; ms: number }
  | { kind: 'replicate'; maxBytes: number }
  | { kind: 'leaderAlone' }
  | { kind: 'reelect' }
  | { kind: 'failover' }
  | { kind: 'retention'; who: Who }
  | { kind: 'flush'; who: Who }
  | { kind: 'flushIfDue'; who: Who }
  | { kind: 'powerFailure'; who: Who }
  | { kind: 'truncate'; who: Who; back: number }
  | { kind: 'startOver'; who: Who; ahead: number }
  | { kind: 'read'; who: Who; at: number; maxBytes: number; toHw: boolean };

const who = fc.constantFrom<Who>('leader', 'follower');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('produce' as const),
      count: fc.integer({ min: 1, max: 8 }),
      valueLength: fc.integer({ min: 0, max: 40 }),
    }),
    weight: 8,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 3000 }) }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('replicate' as const),
      maxBytes: fc.integer({ min: 0, max: 600 }),
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ kind: fc.constant('leaderAlone' as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('reelect' as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('failover' as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('retention' as const), who }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('flush' as const), who }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('flushIfDue' as const), who }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('powerFailure' as const), who }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('truncate' as const),
      who,
      back: fc.integer({ min: -2, max: 30 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('startOver' as const),
      who,
      ahead: fc.integer({ min: -5, max: 10 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('read' as const),
      who,
      at: fc.nat(),
      maxBytes: fc.integer({ min: 0, max: 800 }),
      toHw: fc.boolean(),
    }),
    weight: 3,
  },
);

const configArb: fc.Arbitrary<LogConfig> = fc
  .record({
    segmentBytes: fc.integer({ min: 60, max: 1500 }),
    segmentMs: fc.oneof(fc.integer({ min: 0, max: 8000 }), fc.constant(LONG_MAX)),
    retentionMs: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 20000 })),
    retentionBytes: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 4000 })),
    flushMessages: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.constant(LONG_MAX)),
    flushMs: fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.constant(LONG_MAX)),
    policy: fc.constantFrom<LogConfig['cleanup.policy']>(['delete'], ['compact'], ['compact', 'delete']),
  })
  .map((r) =>
    logConfig({
      'segment.bytes': r.segmentBytes,
      'segment.ms': r.segmentMs,
      'retention.ms': r.retentionMs,
      'retention.bytes': r.retentionBytes,
      'flush.messages': r.flushMessages,
      'flush.ms': r.flushMs,
      'cleanup.policy': r.policy,
    }),
  );

interface Cluster {
  leader: PartitionLog;
  follower: PartitionLog;
  epoch: number;
  nowMs: number;
  /** Record id the leader should hold at each offset (the oracle). */
  expected: number[];
  cfg: LogConfig;
}

/** A leader that lost records comes back under a new epoch, starting at its log end (KIP-101). */
function reelect(c: Cluster): void {
  c.epoch++;
  assignEpochStart(c.leader, c.epoch, c.leader.logEndOffset);
}

/** What a fetcher does: resolve divergence by leader epochs (KIP-101, KIP-279), then fetch. */
function replicate(c: Cluster, maxBytes: number): void {
  const { leader, follower } = c;
  for (let round = 0; round < 20; round++) {
    const lastEpoch = latestEpoch(follower);
    if (lastEpoch < 0) break;
    const answer = endOffsetForEpoch(leader, lastEpoch);
    if (answer.epoch === lastEpoch && answer.endOffset >= follower.logEndOffset) break;
    expect(answer.endOffset).toBeGreaterThanOrEqual(0);
    const own = endOffsetForEpoch(follower, answer.epoch);
    if (own.endOffset < 0) {
      truncateTo(follower, Math.min(answer.endOffset, follower.logEndOffset));
      break;
    }
    if (own.epoch !== answer.epoch) {
      // The follower never had the epoch the leader answered with: cut to its own end of the
      // largest epoch below, and ask again (KIP-279).
      truncateTo(follower, Math.min(own.endOffset, follower.logEndOffset));
      continue;
    }
    truncateTo(follower, Math.min(own.endOffset, answer.endOffset, follower.logEndOffset));
    break;
  }
  const batches = readRecords(leader, follower.logEndOffset, maxBytes, leader.logEndOffset);
  if (batches === 'OFFSET_OUT_OF_RANGE') {
    if (follower.logEndOffset < leader.logStartOffset)
      truncateFullyAndStartAt(follower, leader.logStartOffset, c.nowMs);
    else truncateTo(follower, leader.logEndOffset);
    return;
  }
  appendAsFollower(follower, batches, c.nowMs, c.cfg);
  // The leader learns the follower's log end from its next fetch; the follower the leader's HW.
  setHighWatermark(
    leader,
    Math.max(leader.highWatermark, Math.min(leader.logEndOffset, follower.logEndOffset)),
  );
  setHighWatermark(follower, Math.min(leader.highWatermark, follower.logEndOffset));
  if (leader.logStartOffset <= follower.highWatermark)
    incrementLogStartOffset(follower, leader.logStartOffset);
}

function applyOp(c: Cluster, op: Op): void {
  const log = op.kind !== 'produce' && 'who' in op && op.who === 'follower' ? c.follower : c.leader;
  const onLeader = log === c.leader;
  switch (op.kind) {
    case 'produce': {
      const batch = producerBatch(records('x'.repeat(op.valueLength), op.count), c.nowMs);
      const appended = appendAsLeader(c.leader, batch, c.epoch, c.nowMs, c.cfg);
      batch.recordIds.forEach((id, i) => (c.expected[appended.baseOffset + i] = id));
      return;
    }
    case 'tick':
      c.nowMs += op.ms;
      return;
    case 'replicate':
      replicate(c, op.maxBytes);
      return;
    case 'leaderAlone':
      setHighWatermark(c.leader, c.leader.logEndOffset); // the ISR shrank to the leader
      return;
    case 'reelect':
      reelect(c);
      return;
    case 'failover': {
      // The follower becomes leader under a new epoch, with whatever it holds (possibly an
      // unclean election); the old leader follows it from now on.
      [c.leader, c.follower] = [c.follower, c.leader];
      reelect(c);
      c.expected = [];
      for (let o = c.leader.logStartOffset; o < c.leader.logEndOffset; o++) {
        const r = findRecord(c.leader, o);
        c.expected[o] = r === null ? -1 : (r.batch.recordIds[r.index] ?? -1);
      }
      return;
    }
    case 'retention': {
      const hw = log.highWatermark;
      const logStart = log.logStartOffset;
      const deleted = applyRetention(log, c.nowMs, c.cfg);
      // Only whole segments below the high watermark go, and the log start only moves up.
      for (const d of deleted) expect(d.endOffset).toBeLessThanOrEqual(hw);
      expect(log.highWatermark).toBe(hw);
      expect(log.logStartOffset).toBeGreaterThanOrEqual(logStart);
      if (!c.cfg['cleanup.policy'].includes('delete'))
        expect(deleted.filter((d) => d.reason !== 'log-start-offset')).toEqual([]);
      return;
    }
    case 'flush':
      flush(log, c.nowMs);
      return;
    case 'flushIfDue':
      flushIfDue(log, c.nowMs, c.cfg);
      return;
    case 'powerFailure': {
      const before = log.logEndOffset;
      const flushed = Math.max(log.flushedOffset, log.logStartOffset);
      expect(loseUnflushed(log)).toBe(before - flushed);
      expect(log.logEndOffset).toBe(flushed);
      if (onLeader) reelect(c);
      return;
    }
    case 'truncate': {
      const to = Math.max(0, log.logEndOffset - op.back);
      truncateTo(log, to);
      if (onLeader) reelect(c);
      return;
    }
    case 'startOver': {
      truncateFullyAndStartAt(log, Math.max(0, log.logEndOffset + op.ahead), c.nowMs);
      if (onLeader) reelect(c);
      return;
    }
    case 'read': {
      // Mostly inside the log, sometimes just outside it.
      const at = log.logStartOffset - 2 + (op.at % (log.logEndOffset - log.logStartOffset + 5));
      checkRead(log, at, op.maxBytes, op.toHw ? log.highWatermark : log.logEndOffset);
      return;
    }
  }
}

function segmentOf(log: PartitionLog, batch: RecordBatch): number {
  return log.segments.findIndex((s) => s.batches.includes(batch));
}

function checkRead(log: PartitionLog, at: number, maxBytes: number, bound: number): void {
  const result = readRecords(log, at, maxBytes, bound);
  if (at < log.logStartOffset || at > log.logEndOffset) {
    expect(result).toBe('OFFSET_OUT_OF_RANGE');
    return;
  }
  if (result === 'OFFSET_OUT_OF_RANGE')
    throw new Error(`offset ${at} is in [${log.logStartOffset}, ${log.logEndOffset}]`);
  if (at >= bound || at >= log.logEndOffset) {
    expect(result).toEqual([]);
    return;
  }
  const holding = findRecord(log, at);
  if (holding === null) throw new Error(`no record at ${at}`);
  if (result.length === 0) {
    expect(holding.batch.lastOffset).toBeGreaterThanOrEqual(bound); // it straddles the bound
    return;
  }
  const first = result[0] as RecordBatch;
  expect(first).toBe(holding.batch);
  const limit = Math.max(maxBytes, first.sizeBytes);
  let size = 0;
  let expectedBase = first.baseOffset;
  const segment = segmentOf(log, first);
  for (const b of result) {
    expect(b.baseOffset).toBe(expectedBase);
    expect(b.lastOffset).toBeLessThan(bound);
    expect(segmentOf(log, b)).toBe(segment);
    expectedBase = b.lastOffset + 1;
    size += b.sizeBytes;
  }
  expect(size).toBeLessThanOrEqual(limit);
  // Nothing more could have been taken from this segment.
  const next = findRecord(log, expectedBase)?.batch;
  if (next !== undefined && segmentOf(log, next) === segment && next.lastOffset < bound) {
    expect(size + next.sizeBytes).toBeGreaterThan(limit);
  }
}

function recordIdsIn(log: PartitionLog, from: number, to: number): number[] {
  const ids: number[] = [];
  for (let o = from; o < to; o++) {
    const r = findRecord(log, o);
    ids.push(r === null ? -1 : (r.batch.recordIds[r.index] ?? -1));
  }
  return ids;
}

function checkCluster(c: Cluster): void {
  expect(checkLogInvariants(c.leader)).toEqual([]);
  expect(checkLogInvariants(c.follower)).toEqual([]);
  expect(recordIdsIn(c.leader, c.leader.logStartOffset, c.leader.logEndOffset)).toEqual(
    c.expected.slice(c.leader.logStartOffset, c.leader.logEndOffset),
  );
}

describe('partition logs under random operations (fast-check)', () => {
  it('stay sound, keep what was written, read by the rules, and converge by leader epochs', () => {
    fc.assert(
      fc.property(configArb, fc.array(opArb, { minLength: 10, maxLength: 150, size: 'max' }), (cfg, ops) => {
        const c: Cluster = {
          leader: newPartitionLog('prop', 0, 0),
          follower: newPartitionLog('prop', 0, 0),
          epoch: 0,
          nowMs: 0,
          expected: [],
          cfg,
        };
        assignEpochStart(c.leader, 0, 0);
        for (const op of ops) {
          applyOp(c, op);
          checkCluster(c);
        }
        // Liveness: the follower fetches until it holds what the leader holds and a further
        // fetch changes nothing.
        for (let i = 0, settled = 0; i < 200 && settled < 2; i++) {
          const before = c.follower.logEndOffset;
          replicate(c, 1000);
          checkCluster(c);
          settled = before === c.follower.logEndOffset && before === c.leader.logEndOffset ? settled + 1 : 0;
        }
        expect(c.follower.logEndOffset).toBe(c.leader.logEndOffset);
        const from = Math.max(c.leader.logStartOffset, c.follower.logStartOffset);
        expect(recordIdsIn(c.follower, from, c.follower.logEndOffset)).toEqual(
          recordIdsIn(c.leader, from, c.leader.logEndOffset),
        );
      }),
      { numRuns: 400, seed: 20240611 },
    );
  });
});
