/**
 * The record accumulator and the partitioners (RecordAccumulator.append, BuiltInPartitioner,
 * RoundRobinPartitioner, the KIP-480 StickyPartitionCache). Per record this file does a hash or a
 * sticky lookup and pushes into the open batch's arrays: no object per record.
 *
 * Partition choice, in Kafka's precedence (KafkaProducer.partition):
 *  1. a `partitioner.class` decides (it is asked again if its partition needs a new batch:
 *     KAFKA-9965, so RoundRobinPartitioner skips partitions at batch boundaries);
 *  2. a key is hashed, `toPositive(murmur2(utf8(key))) % partitions`, unless
 *     `partitioner.ignore.keys`;
 *  3. otherwise KIP-794's uniform sticky partition: keep one partition until `batch.size` bytes
 *     went to it and its last batch is full (or 2 × batch.size went to it), then draw another,
 *     weighted by queue lengths when `partitioner.adaptive.partitioning.enable`.
 */
import type { World } from '../../sim/world';
import { murmur2, toPositive, utf8 } from '../algorithms';
import type { AccumulatedBatch, ProducerState } from './producer-types';

/** DefaultRecordBatch.RECORD_BATCH_OVERHEAD: the v2 batch header. */
export const BATCH_HEADER_BYTES = 61;
/** Per-record overhead of the size estimate (length, attributes, deltas, key/value lengths, headers). */
export const RECORD_OVERHEAD_BYTES = 10;

/** Estimated encoded size of one record: 10 bytes of framing plus key and value (string lengths). */
export function estimateRecordBytes(key: string | null, value: string): number {
  return RECORD_OVERHEAD_BYTES + (key === null ? 0 : key.length) + value.length;
}

export const APPENDED = 0;
/** No buffer memory for a new batch: send() blocks (max.block.ms). */
export const BLOCKED = 1;
/** The record alone exceeds max.request.size or buffer.memory (RecordTooLargeException). */
export const TOO_LARGE = 2;
const ABORTED = 3;
export type AppendResult = typeof APPENDED | typeof BLOCKED | typeof TOO_LARGE;

/** Grows the per-partition arrays when the topic has (or gains) `n` partitions. */
export function ensurePartitions(p: ProducerState, n: number): void {
  while (p.deques.length < n) {
    p.deques.push([]);
    p.touched.push(false);
    p.inFlightByPartition.push([]);
    p.idempotence.partitions.push({ epoch: p.idempotence.producerEpoch, nextSequence: 0, lastAckedSequence: -1, inflight: [], unresolved: false });
  }
}

export function isFull(b: AccumulatedBatch): boolean {
  return b.closed || b.records.sizeBytes >= b.capacityBytes;
}

/** Only the last batch of a deque may still take records (RecordAccumulator.allBatchesFull). */
export function allBatchesFull(dq: AccumulatedBatch[]): boolean {
  const last = dq[dq.length - 1];
  return last === undefined || isFull(last);
}

// ---------------------------------------------------------------- keyed partitioning

/**
 * murmur2 of keys already seen: pattern keys repeat (`user-{rand%100}`), and hashing needs the
 * UTF-8 bytes. A pure function's memo, outside world state; cleared when large.
 */
const hashMemo = new Map<string, number>();
const HASH_MEMO_MAX = 65_536;

export function keyPartition(key: string, numPartitions: number): number {
  let h = hashMemo.get(key);
  if (h === undefined) {
    h = murmur2(utf8(key));
    if (hashMemo.size >= HASH_MEMO_MAX) hashMemo.clear();
    hashMemo.set(key, h);
  }
  return toPositive(h) % numPartitions;
}

// ---------------------------------------------------------------- partition draws

function availableCount(leaders: readonly { leader: number }[]): number {
  let n = 0;
  for (const l of leaders) if (l.leader >= 0) n++;
  return n;
}

function nthAvailable(leaders: readonly { leader: number }[], nth: number): number {
  let k = 0;
  for (let i = 0; i < leaders.length; i++) {
    if ((leaders[i]?.leader ?? -1) < 0) continue;
    if (k === nth) return i;
    k++;
  }
  return 0;
}

/** A uniform draw over partitions with a leader (all partitions when none has one). */
function uniformPartition<M>(world: World<M>, p: ProducerState, leaders: readonly { leader: number }[]): number {
  const available = availableCount(leaders);
  if (available === 0) return world.randomInt(p.clientId, leaders.length);
  return nthAvailable(leaders, world.randomInt(p.clientId, available));
}

/** BuiltInPartitioner.nextPartition: weighted by queue lengths when load stats exist, else uniform. */
function nextStickyPartition<M>(world: World<M>, p: ProducerState, leaders: readonly { leader: number }[]): number {
  const cft = p.partitioner.loadCft;
  if (cft.length === 0) return uniformPartition(world, p, leaders);
  const x = world.randomInt(p.clientId, cft[cft.length - 1] as number);
  // The first index whose cumulative weight is strictly greater than x.
  let lo = 0;
  let hi = cft.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cft[mid] as number) > x) hi = mid;
    else lo = mid + 1;
  }
  return p.partitioner.loadIds[lo] as number;
}

/**
 * RecordAccumulator.partitionReady's load statistics for adaptive partitioning (KIP-794): once every
 * partition has had a queue, weight each partition with a leader by (max queue + 1 − its queue).
 * Equal queues and no partition excluded: uniform (the table is emptied).
 */
export function updateLoadStats(p: ProducerState, leaders: readonly { leader: number }[]): void {
  const st = p.partitioner;
  st.loadCft.length = 0;
  st.loadIds.length = 0;
  if (!p.config['partitioner.adaptive.partitioning.enable'] || p.config['partitioner.class'] !== null) return;
  const n = leaders.length;
  if (n < 2) return;
  for (let i = 0; i < n; i++) if (p.touched[i] !== true) return;
  let max = -1;
  let allEqual = true;
  let first = -1;
  for (let i = 0; i < n; i++) {
    if ((leaders[i]?.leader ?? -1) < 0) continue;
    const q = p.deques[i]?.length ?? 0;
    if (first < 0) first = q;
    else if (q !== first) allEqual = false;
    if (q > max) max = q;
    st.loadIds.push(i);
    st.loadCft.push(q);
  }
  if (st.loadIds.length === 0 || (allEqual && st.loadIds.length === n)) {
    st.loadCft.length = 0;
    st.loadIds.length = 0;
    return;
  }
  let sum = 0;
  for (let k = 0; k < st.loadCft.length; k++) {
    sum += max + 1 - (st.loadCft[k] as number);
    st.loadCft[k] = sum;
  }
}

/** KIP-480 StickyPartitionCache.nextPartition: a new random available partition, different from the old one when possible. */
function stickyCacheNext<M>(world: World<M>, p: ProducerState, leaders: readonly { leader: number }[], previous: number): number {
  const old = p.partitioner.stickyCache;
  if (old >= 0 && old !== previous) return old;
  const available = availableCount(leaders);
  let next: number;
  if (available < 1) {
    next = world.randomInt(p.clientId, leaders.length);
  } else if (available === 1) {
    next = nthAvailable(leaders, 0);
  } else {
    do {
      next = nthAvailable(leaders, world.randomInt(p.clientId, available));
    } while (next === old);
  }
  p.partitioner.stickyCache = next;
  return next;
}

/** Partitioner.partition() of the configured `partitioner.class`. */
function customPartition<M>(world: World<M>, p: ProducerState, key: string | null, leaders: readonly { leader: number }[]): number {
  const cls = p.config['partitioner.class'];
  if (cls === 'RoundRobinPartitioner') {
    const counter = p.partitioner.roundRobinCounter++;
    const available = availableCount(leaders);
    if (available === 0) return toPositive(counter) % leaders.length;
    return nthAvailable(leaders, toPositive(counter) % available);
  }
  if (cls === 'DefaultPartitioner' && key !== null) return keyPartition(key, leaders.length);
  const cached = p.partitioner.stickyCache;
  return cached >= 0 && cached < leaders.length ? cached : stickyCacheNext(world, p, leaders, -1);
}

/** Partitioner.onNewBatch: the sticky partitioners move on; RoundRobinPartitioner does nothing. */
function customOnNewBatch<M>(world: World<M>, p: ProducerState, leaders: readonly { leader: number }[], previous: number): void {
  if (p.config['partitioner.class'] === 'RoundRobinPartitioner') return;
  stickyCacheNext(world, p, leaders, previous);
}

// ---------------------------------------------------------------- appending

/** Appends to the deque's last batch if it has room; closes it when it has not. Returns the bytes added. */
function tryAppendLast(dq: AccumulatedBatch[], seq: number, key: string | null, value: string, tsMs: number, recBytes: number): number {
  const last = dq[dq.length - 1];
  if (last === undefined || last.closed) return 0;
  const r = last.records;
  if (r.values.length > 0 && r.sizeBytes + recBytes > last.capacityBytes) {
    last.closed = true;
    return 0;
  }
  r.timestampsMs.push(tsMs);
  r.keys.push(key);
  r.values.push(value);
  r.recordIds.push(seq);
  r.sizeBytes += recBytes;
  return recBytes;
}

/** Opens a batch with one record, if buffer.memory allows. Returns the batch's bytes, or 0 when blocked. */
function appendNewBatch(p: ProducerState, partition: number, seq: number, key: string | null, value: string, tsMs: number, recBytes: number, nowMs: number): number {
  const batchSize = p.config['batch.size'];
  const sizeBytes = BATCH_HEADER_BYTES + recBytes;
  const allocatedBytes = sizeBytes > batchSize ? sizeBytes : batchSize;
  if (p.bufferedBytes + allocatedBytes > p.config['buffer.memory']) return 0;
  p.bufferedBytes += allocatedBytes;
  const acks = p.config.acks;
  const batch: AccumulatedBatch = {
    id: p.nextBatchId++,
    partition,
    records: {
      producerId: -1,
      producerEpoch: -1,
      baseSequence: -1,
      producer: p.clientId,
      timestampsMs: [tsMs],
      keys: [key],
      values: [value],
      recordIds: [seq],
      sizeBytes,
    },
    createdAtMs: nowMs,
    capacityBytes: batchSize,
    allocatedBytes,
    lingerMs: p.config['linger.ms'],
    acks: acks === 'all' ? -1 : acks,
    closed: false,
    attempts: 0,
    lastAttemptAtMs: nowMs,
    drainedLeaderEpoch: -1,
    sequenceReset: false,
    done: false,
  };
  (p.deques[partition] as AccumulatedBatch[]).push(batch);
  p.touched[partition] = true;
  return sizeBytes;
}

function appendToPartition(p: ProducerState, partition: number, seq: number, key: string | null, value: string, tsMs: number, recBytes: number, nowMs: number, abortOnNewBatch: boolean): AppendResult | typeof ABORTED {
  const dq = p.deques[partition] as AccumulatedBatch[];
  if (tryAppendLast(dq, seq, key, value, tsMs, recBytes) > 0) return APPENDED;
  if (abortOnNewBatch) return ABORTED;
  return appendNewBatch(p, partition, seq, key, value, tsMs, recBytes, nowMs) > 0 ? APPENDED : BLOCKED;
}

/** BuiltInPartitioner.updatePartitionInfo: count the bytes, maybe switch. */
function addStickyBytes<M>(world: World<M>, p: ProducerState, leaders: readonly { leader: number }[], bytes: number, enableSwitch: boolean): void {
  const st = p.partitioner;
  st.producedBytes += bytes;
  const batchSize = p.config['batch.size'];
  if ((st.producedBytes >= batchSize && enableSwitch) || st.producedBytes >= 2 * batchSize) {
    st.sticky = nextStickyPartition(world, p, leaders);
    st.producedBytes = 0;
  }
}

/** RecordAccumulator.append for a record without partition affinity (KIP-794). */
function appendSticky<M>(world: World<M>, p: ProducerState, leaders: readonly { leader: number }[], seq: number, key: string | null, value: string, tsMs: number, recBytes: number): AppendResult {
  const st = p.partitioner;
  const batchSize = p.config['batch.size'];
  for (;;) {
    if (st.sticky < 0 || st.sticky >= leaders.length) {
      st.sticky = nextStickyPartition(world, p, leaders);
      st.producedBytes = 0;
    }
    const dq = p.deques[st.sticky] as AccumulatedBatch[];
    // partitionChanged(): a switch held back while the last batch was incomplete happens now.
    if (st.producedBytes >= batchSize && allBatchesFull(dq)) {
      st.sticky = nextStickyPartition(world, p, leaders);
      st.producedBytes = 0;
      continue;
    }
    const added = tryAppendLast(dq, seq, key, value, tsMs, recBytes);
    if (added > 0) {
      addStickyBytes(world, p, leaders, added, allBatchesFull(dq));
      return APPENDED;
    }
    // The last batch is closed now; the switch check runs again before a new batch is opened.
    if (st.producedBytes >= batchSize) continue;
    const batchBytes = appendNewBatch(p, st.sticky, seq, key, value, tsMs, recBytes, world.nowMs);
    if (batchBytes === 0) return BLOCKED;
    addStickyBytes(world, p, leaders, batchBytes, allBatchesFull(dq));
    return APPENDED;
  }
}

/**
 * KafkaProducer.doSend from the partition choice on: picks the partition and appends the record.
 * `leaders` is the topic's metadata (at least one partition).
 */
export function appendRecord<M>(world: World<M>, p: ProducerState, leaders: readonly { leader: number }[], seq: number, key: string | null, value: string, tsMs: number): AppendResult {
  const recBytes = estimateRecordBytes(key, value);
  const c = p.config;
  if (recBytes + BATCH_HEADER_BYTES > c['max.request.size'] || recBytes + BATCH_HEADER_BYTES > c['buffer.memory']) return TOO_LARGE;
  const n = leaders.length;
  if (c['partitioner.class'] === null) {
    if (key !== null && !c['partitioner.ignore.keys']) {
      return appendToPartition(p, keyPartition(key, n), seq, key, value, tsMs, recBytes, world.nowMs, false) as AppendResult;
    }
    return appendSticky(world, p, leaders, seq, key, value, tsMs, recBytes);
  }
  let partition = customPartition(world, p, key, leaders);
  const r = appendToPartition(p, partition, seq, key, value, tsMs, recBytes, world.nowMs, true);
  if (r !== ABORTED) return r;
  // The record needs a new batch: tell the partitioner and ask it again (KafkaProducer.doSend).
  customOnNewBatch(world, p, leaders, partition);
  partition = customPartition(world, p, key, leaders);
  return appendToPartition(p, partition, seq, key, value, tsMs, recBytes, world.nowMs, false) as AppendResult;
}
