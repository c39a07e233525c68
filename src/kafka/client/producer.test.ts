/**
 * The producer against a fake cluster: brokers that answer Metadata (one topic, N partitions,
 * their leaders) and Produce (offsets per partition, KIP-98 de-duplication of the last five
 * batches per producer), with switches to lose responses, fail a request or delay answers.
 */
import { describe, expect, it } from 'vitest';
import type { Message } from '../../sim/types';
import { World, type Model } from '../../sim/world';
import type { ProducerSpec } from '../../scenario/schema';
import { partitionForKey, utf8 } from '../algorithms';
import { resolveConfig } from '../config/resolve';
import type { ProducerConfig } from '../config/types';
import type { KafkaErrorName } from '../protocol/errors';
import type { MetadataRequest, MetadataResponse, ProducePartitionResponse, ProduceRequest, ProduceResponse } from '../protocol/messages';
import { newHistory, type SendOutcome } from './history';
import {
  createProducer,
  estimateRecordBytes,
  onProducerMessage,
  onProducerTimer,
  resumeProducer,
  setProducerConfig,
  startProducer,
  stopProducer,
  type ProducerHost,
  type ProducerState,
} from './producer';

// ---------------------------------------------------------------- the fake cluster

interface LogEntry {
  producer: string;
  recordId: number;
  key: string | null;
  value: string;
  broker: number;
}

interface FakeCluster {
  topic: string;
  leaders: number[];
  leaderEpochs: number[];
  logs: LogEntry[][];
  /** The next n Produce responses are lost (the append happens). */
  dropResponses: number;
  /** Every partition of the Produce request numbered `errorOnRequest` (from 1) fails with `error`. */
  errorOnRequest: number;
  error: KafkaErrorName;
  /** Every Produce fails with this (nothing appended). */
  errorAlways: KafkaErrorName | null;
  responseDelayMs: number;
  producerIds: Record<string, { epoch: number; recent: { firstSeq: number; lastSeq: number; baseOffset: number }[] }>;
  produceRequests: { broker: number; atMs: number; batches: number; records: number }[];
}

interface TestState extends ProducerHost {
  producers: Record<string, ProducerState>;
  producerByNode: Record<string, string>;
  cluster: FakeCluster;
}

type TestWorld = World<TestState>;

function brokerIdOf(world: TestWorld, node: number): number {
  for (const b of Object.values(world.state.model.brokers)) if (b.node === node) return b.id;
  throw new Error(`no broker on node ${node}`);
}

function answerMetadata(world: TestWorld, node: number, msg: Message): void {
  const req = msg.payload as MetadataRequest;
  const c = world.state.model.cluster;
  const topics = (req.topics ?? [c.topic]).map((name) =>
    name === c.topic
      ? {
          name,
          error: 'NONE' as const,
          partitions: c.leaders.map((leader, partition) => ({
            partition,
            leader,
            leaderEpoch: c.leaderEpochs[partition] ?? 0,
            replicas: [leader],
            isr: [leader],
            error: 'NONE' as const,
          })),
        }
      : { name, error: 'UNKNOWN_TOPIC_OR_PARTITION' as const, partitions: [] },
  );
  const brokers = Object.values(world.state.model.brokers).map((b) => ({ id: b.id, rack: null }));
  const resp: MetadataResponse = { correlationId: req.correlationId, brokers, controllerId: 1, topics };
  world.send(node, msg.from, 'MetadataResponse', resp, 100);
}

/** ProducerStateManager's checks, reduced: duplicates of the last five batches, gaps, old epochs. */
function checkSequence(c: FakeCluster, partition: number, producerId: number, epoch: number, firstSeq: number, count: number): { error: KafkaErrorName; offset: number } {
  if (producerId < 0) return { error: 'NONE', offset: -1 };
  const entry = c.producerIds[`${producerId}-${partition}`];
  if (entry === undefined || epoch > entry.epoch) return { error: 'NONE', offset: -1 };
  if (epoch < entry.epoch) return { error: 'INVALID_PRODUCER_EPOCH', offset: -1 };
  const lastSeq = firstSeq + count - 1;
  for (const b of entry.recent) if (b.firstSeq === firstSeq && b.lastSeq === lastSeq) return { error: 'DUPLICATE_SEQUENCE_NUMBER', offset: b.baseOffset };
  const last = entry.recent[entry.recent.length - 1];
  if (last !== undefined && firstSeq !== last.lastSeq + 1) return { error: 'OUT_OF_ORDER_SEQUENCE_NUMBER', offset: -1 };
  return { error: 'NONE', offset: -1 };
}

function answerProduce(world: TestWorld, node: number, msg: Message): void {
  const req = msg.payload as ProduceRequest;
  const c = world.state.model.cluster;
  const broker = brokerIdOf(world, node);
  let records = 0;
  for (const pd of req.partitions) records += pd.batch.values.length;
  c.produceRequests.push({ broker, atMs: world.nowMs, batches: req.partitions.length, records });
  const failThisRequest = c.produceRequests.length === c.errorOnRequest;
  const partitions: ProducePartitionResponse[] = [];
  for (const pd of req.partitions) {
    const b = pd.batch;
    const fail = (error: KafkaErrorName): void => {
      partitions.push({ topic: pd.topic, partition: pd.partition, error, baseOffset: -1, logStartOffset: 0 });
    };
    if (pd.topic !== c.topic || c.leaders[pd.partition] !== broker) {
      fail('NOT_LEADER_OR_FOLLOWER');
      continue;
    }
    if (c.errorAlways !== null) {
      fail(c.errorAlways);
      continue;
    }
    if (failThisRequest) {
      fail(c.error);
      continue;
    }
    const count = b.values.length;
    const seq = checkSequence(c, pd.partition, b.producerId, b.producerEpoch, b.baseSequence, count);
    if (seq.error === 'DUPLICATE_SEQUENCE_NUMBER') {
      // As Kafka does: the original offset, nothing appended.
      partitions.push({ topic: pd.topic, partition: pd.partition, error: 'NONE', baseOffset: seq.offset, logStartOffset: 0 });
      continue;
    }
    if (seq.error !== 'NONE') {
      fail(seq.error);
      continue;
    }
    const log = c.logs[pd.partition] as LogEntry[];
    const baseOffset = log.length;
    for (let i = 0; i < count; i++) {
      log.push({ producer: b.producer, recordId: b.recordIds[i] as number, key: b.keys[i] ?? null, value: b.values[i] as string, broker });
    }
    if (b.producerId >= 0) {
      const k = `${b.producerId}-${pd.partition}`;
      let entry = c.producerIds[k];
      if (entry === undefined || b.producerEpoch > entry.epoch) {
        entry = { epoch: b.producerEpoch, recent: [] };
        c.producerIds[k] = entry;
      }
      entry.recent.push({ firstSeq: b.baseSequence, lastSeq: b.baseSequence + count - 1, baseOffset });
      if (entry.recent.length > 5) entry.recent.shift();
    }
    partitions.push({ topic: pd.topic, partition: pd.partition, error: 'NONE', baseOffset, logStartOffset: 0 });
  }
  if (req.acks === 0) return;
  if (c.dropResponses > 0) {
    c.dropResponses--;
    return;
  }
  const resp: ProduceResponse = { correlationId: req.correlationId, partitions };
  if (c.responseDelayMs > 0) world.setTimer(node, c.responseDelayMs, 'respond', { to: msg.from, resp });
  else world.send(node, msg.from, 'ProduceResponse', resp, 50);
}

const model: Model<TestState> = {
  onMessage(world, node, msg) {
    const m = world.state.model;
    const id = m.producerByNode[String(node)];
    if (id !== undefined) {
      onProducerMessage(world, m.producers[id] as ProducerState, msg);
      return;
    }
    if (msg.kind === 'Metadata') answerMetadata(world, node, msg);
    else if (msg.kind === 'Produce') answerProduce(world, node, msg);
  },
  onTimer(world, node, name, data) {
    const m = world.state.model;
    const id = m.producerByNode[String(node)];
    if (id !== undefined) {
      onProducerTimer(world, m.producers[id] as ProducerState, name, data);
      return;
    }
    if (name === 'respond') {
      const d = data as { to: number; resp: ProduceResponse };
      world.send(node, d.to, 'ProduceResponse', d.resp, 50);
    }
  },
  onCommand(world, command) {
    const c = command as { do: string; partition: number; to: number };
    const m = world.state.model;
    if (c.do === 'crashBroker') {
      const b = m.brokers[String((c as unknown as { broker: number }).broker)] as { node: number; status: string };
      world.crashNode(b.node);
      b.status = 'crashed';
    } else if (c.do === 'moveLeader') {
      m.cluster.leaders[c.partition] = c.to;
      m.cluster.leaderEpochs[c.partition] = (m.cluster.leaderEpochs[c.partition] ?? 0) + 1;
    } else if (c.do === 'stop') {
      stopProducer(world, m.producers[String((c as unknown as { producer: string }).producer)] as ProducerState);
    } else if (c.do === 'resume') {
      resumeProducer(world, m.producers[String((c as unknown as { producer: string }).producer)] as ProducerState);
    }
  },
};

function spec(overrides: Partial<ProducerSpec>): ProducerSpec {
  return {
    id: 'p1',
    topic: 'events',
    ratePerSec: 1000,
    key: null,
    value: '{producer}-{seq}',
    startMs: 0,
    config: {},
    sendMode: 'async',
    ...overrides,
  };
}

function producerConfig(overrides: Record<string, unknown>): ProducerConfig {
  const r = resolveConfig('producer', overrides);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.key}: ${e.message}`).join('; '));
  return r.config;
}

interface Setup {
  seed?: number;
  brokers?: number;
  partitions?: number;
  /** Leader broker id per partition (default: round robin over the brokers). */
  leaders?: number[];
  producers: { spec: Partial<ProducerSpec>; config?: Record<string, unknown> }[];
  cluster?: Partial<FakeCluster>;
}

function build(s: Setup): TestWorld {
  const brokers = s.brokers ?? 1;
  const partitions = s.partitions ?? 1;
  const leaders = s.leaders ?? Array.from({ length: partitions }, (_, i) => (i % brokers) + 1);
  const state: TestState = {
    brokers: {},
    history: newHistory(),
    producers: {},
    producerByNode: {},
    cluster: {
      topic: 'events',
      leaders,
      leaderEpochs: leaders.map(() => 0),
      logs: leaders.map(() => []),
      dropResponses: 0,
      errorOnRequest: 0,
      error: 'NONE',
      errorAlways: null,
      responseDelayMs: 0,
      producerIds: {},
      produceRequests: [],
      ...s.cluster,
    },
  };
  const world = World.create(s.seed ?? 42, { latencyMs: 1, jitterMs: 0 }, state, model);
  for (let id = 1; id <= brokers; id++) {
    const node = world.addNode(`broker-${id}`, 'broker');
    state.brokers[String(id)] = { id, node, status: 'running' };
  }
  s.producers.forEach((p, index) => {
    const sp = spec(p.spec);
    const node = world.addNode(`producer-${sp.id}`, 'producer');
    const producer = createProducer(sp, producerConfig(p.config ?? {}), node, index);
    state.producers[sp.id] = producer;
    state.producerByNode[String(node)] = sp.id;
    startProducer(world, producer);
  });
  return world;
}

function sends(world: TestWorld, producer = 'producer-p1'): SendOutcome[] {
  return world.state.model.history.sends.filter((s) => s.producer === producer).sort((a, b) => a.seq - b.seq);
}

function events(world: TestWorld, type: string): Record<string, unknown>[] {
  return world.state.events.filter((e) => e.type === type);
}

function recordIds(log: LogEntry[]): number[] {
  return log.map((e) => e.recordId);
}

function producer(world: TestWorld, id = 'p1'): ProducerState {
  return world.state.model.producers[id] as ProducerState;
}

// ---------------------------------------------------------------- stories

describe('where records land', () => {
  it('a key always lands on the partition murmur2 gives it, the one Kafka computes', () => {
    // Vectors: "user-123" → 8 of 10 partitions; "21" → 0 of 6 (kafka-reference.md §4).
    const w10 = build({ partitions: 10, producers: [{ spec: { key: 'user-123', count: 20 } }] });
    w10.runUntil(200);
    const s10 = sends(w10);
    expect(s10).toHaveLength(20);
    expect(new Set(s10.map((s) => s.partition))).toEqual(new Set([8]));
    expect(s10.every((s) => s.error === 'NONE')).toBe(true);

    const w6 = build({ partitions: 6, producers: [{ spec: { key: '{seq%30}', count: 90 } }] });
    w6.runUntil(300);
    const s6 = sends(w6);
    expect(s6).toHaveLength(90);
    for (const s of s6) expect(s.partition).toBe(partitionForKey(utf8(s.key as string), 6));
    expect(s6.find((s) => s.key === '21')?.partition).toBe(0);
    // The same key, sent three times, went to one partition every time.
    const byKey = new Map<string, Set<number>>();
    for (const s of s6) byKey.set(s.key as string, (byKey.get(s.key as string) ?? new Set()).add(s.partition));
    for (const parts of byKey.values()) expect(parts.size).toBe(1);
  });

  it('records without a key stick to one partition for about a batch, then move on (KIP-794)', () => {
    const batchSize = 1024;
    const w = build({ partitions: 6, producers: [{ spec: { ratePerSec: 20_000, count: 4000 }, config: { 'batch.size': batchSize } }] });
    w.runUntil(1000);
    const s = sends(w);
    expect(s).toHaveLength(4000);
    const runs: { partition: number; bytes: number }[] = [];
    for (const r of s) {
      const last = runs[runs.length - 1];
      const bytes = estimateRecordBytes(r.key, r.value);
      if (last !== undefined && last.partition === r.partition) last.bytes += bytes;
      else runs.push({ partition: r.partition, bytes });
    }
    runs.pop(); // the last run was cut short by `count`
    expect(runs.length).toBeGreaterThan(20);
    // Never record by record: each stay lasts at least half a batch…
    for (const r of runs) expect(r.bytes).toBeGreaterThanOrEqual(batchSize / 2);
    // …and typically at most two batches (two stays on one partition can follow each other).
    const sorted = runs.map((r) => r.bytes).sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThanOrEqual(2 * batchSize);
    expect(new Set(runs.map((r) => r.partition)).size).toBe(6);
  });

  it('RoundRobinPartitioner asks twice at every new batch, so with two partitions one gets nothing (KAFKA-9965)', () => {
    const w = build({ partitions: 2, producers: [{ spec: { count: 50 }, config: { 'partitioner.class': 'RoundRobinPartitioner' } }] });
    w.runUntil(200);
    const s = sends(w);
    expect(s).toHaveLength(50);
    expect(new Set(s.map((x) => x.partition)).size).toBe(1);
  });

  it('the old sticky partitioners (KIP-480) move on at every new batch: with linger.ms=0, at every record', () => {
    const w = build({ partitions: 4, producers: [{ spec: { key: 'same', count: 40 }, config: { 'partitioner.class': 'UniformStickyPartitioner' } }] });
    w.runUntil(200);
    const s = sends(w);
    expect(s).toHaveLength(40);
    // Records 0 and 1 waited together for the first metadata and share a batch; then one per batch.
    for (let i = 2; i < s.length; i++) expect((s[i] as SendOutcome).partition).not.toBe((s[i - 1] as SendOutcome).partition);

    // DefaultPartitioner still hashes keys.
    const d = build({ partitions: 10, producers: [{ spec: { key: 'user-123', count: 10 }, config: { 'partitioner.class': 'DefaultPartitioner' } }] });
    d.runUntil(200);
    expect(new Set(sends(d).map((x) => x.partition))).toEqual(new Set([8]));
  });

  it('partitioner.ignore.keys spreads records with the same key like keyless ones', () => {
    const w = build({ partitions: 4, producers: [{ spec: { key: 'same', ratePerSec: 20_000, count: 3000 }, config: { 'partitioner.ignore.keys': true, 'batch.size': 1024 } }] });
    w.runUntil(500);
    expect(new Set(sends(w).map((x) => x.partition)).size).toBeGreaterThan(1);
  });
});

describe('batching', () => {
  it('a bigger linger.ms sends the same records in fewer, larger Produce requests', () => {
    const run = (lingerMs: number): ProducerState => {
      const w = build({ producers: [{ spec: { count: 500 }, config: { 'linger.ms': lingerMs, acks: 1 } }] });
      w.runUntil(2000);
      expect(sends(w).filter((s) => s.error === 'NONE')).toHaveLength(500);
      return producer(w);
    };
    const eager = run(0).counters;
    const lingering = run(50).counters;
    expect(eager.recordsInRequests).toBe(500);
    expect(lingering.recordsInRequests).toBe(500);
    expect(lingering.produceRequests * 10).toBeLessThan(eager.produceRequests);
    expect(lingering.recordsInRequests / lingering.produceRequests).toBeGreaterThanOrEqual(40);
    expect(eager.recordsInRequests / eager.produceRequests).toBeLessThan(2);
  });

  it('one Produce request carries the ready batches of every partition its broker leads', () => {
    const w = build({ brokers: 2, partitions: 6, producers: [{ spec: { key: '{seq%12}', ratePerSec: 12_000, count: 1200 }, config: { 'linger.ms': 20 } }] });
    w.runUntil(1000);
    const reqs = w.state.model.cluster.produceRequests;
    expect(reqs.every((r) => r.batches <= 3)).toBe(true);
    expect(reqs.some((r) => r.batches === 3)).toBe(true);
    expect(sends(w).every((s) => s.error === 'NONE')).toBe(true);
  });
});

describe('acks and send modes', () => {
  it('acks=0 never learns an error: every send "succeeds" while the broker writes nothing', () => {
    const w = build({ producers: [{ spec: { count: 30 }, config: { acks: 0 } }], cluster: { errorAlways: 'KAFKA_STORAGE_ERROR' } });
    w.runUntil(500);
    const s = sends(w);
    expect(s).toHaveLength(30);
    expect(s.every((x) => x.error === 'NONE' && x.offset === -1 && x.acks === 0)).toBe(true);
    expect(w.state.model.cluster.logs[0]).toHaveLength(0);
    expect(events(w, 'ProduceRetried')).toHaveLength(0);
    expect(events(w, 'ProduceFailed')).toHaveLength(0);
  });

  it('acks=1 learns the offsets the leader gave', () => {
    const w = build({ producers: [{ spec: { count: 10 }, config: { acks: 1 } }] });
    w.runUntil(200);
    expect(sends(w).map((s) => s.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('sync mode sends one record per round trip, and linger.ms makes every round trip longer', () => {
    const w = build({ producers: [{ spec: { sendMode: 'sync', ratePerSec: 1000 }, config: { acks: 1 } }] });
    w.runUntil(100);
    const s = sends(w);
    // 1 ms each way: one record every 2 ms instead of the 100 the rate asks for.
    expect(s.length).toBeGreaterThanOrEqual(45);
    expect(s.length).toBeLessThanOrEqual(51);
    expect(w.state.model.cluster.produceRequests.every((r) => r.records === 1)).toBe(true);
    for (let i = 1; i < s.length; i++) expect((s[i] as SendOutcome).sentAtMs).toBeGreaterThanOrEqual((s[i - 1] as SendOutcome).completedAtMs);
    expect(s.every((x) => x.seenByApp)).toBe(true);

    const slow = build({ producers: [{ spec: { sendMode: 'sync', ratePerSec: 1000 }, config: { acks: 1, 'linger.ms': 5 } }] });
    slow.runUntil(100);
    const ss = sends(slow);
    expect(ss.length).toBeGreaterThanOrEqual(12);
    expect(ss.length).toBeLessThanOrEqual(15);
    for (const x of ss) expect(x.completedAtMs - x.sentAtMs).toBeGreaterThanOrEqual(7);
  });

  it('fire-and-forget results are never looked at; async callbacks see every one', () => {
    const w = build({
      producers: [
        { spec: { id: 'ff', sendMode: 'fireAndForget', count: 5 } },
        { spec: { id: 'cb', sendMode: 'async', count: 5 } },
      ],
    });
    w.runUntil(100);
    expect(sends(w, 'producer-ff').map((s) => s.seenByApp)).toEqual([false, false, false, false, false]);
    expect(sends(w, 'producer-cb').map((s) => s.seenByApp)).toEqual([true, true, true, true, true]);
  });
});

describe('retries, duplicates and ordering', () => {
  const lossy = { 'request.timeout.ms': 200, 'delivery.timeout.ms': 5000, 'retry.backoff.ms': 10 };

  it('a lost response without idempotence: the retry appends the record a second time', () => {
    const w = build({ producers: [{ spec: { count: 1 }, config: { ...lossy, 'enable.idempotence': false } }], cluster: { dropResponses: 1 } });
    w.runUntil(1000);
    expect(recordIds(w.state.model.cluster.logs[0] as LogEntry[])).toEqual([0, 0]);
    const s = sends(w);
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ error: 'NONE', offset: 1 });
    expect(events(w, 'ProduceRetried').map((e) => e.error)).toEqual(['NETWORK_EXCEPTION']);
  });

  it('a lost response with idempotence: the broker recognises the retried batch and appends it once', () => {
    const w = build({ producers: [{ spec: { count: 1 }, config: lossy }], cluster: { dropResponses: 1 } });
    w.runUntil(1000);
    expect(recordIds(w.state.model.cluster.logs[0] as LogEntry[])).toEqual([0]);
    const s = sends(w);
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ error: 'NONE', offset: 0 });
    expect(events(w, 'ProduceRetried')).toHaveLength(1);
  });

  it('NOT_LEADER_OR_FOLLOWER: the producer refreshes its metadata and retries on the new leader', () => {
    const w = build({ brokers: 2, partitions: 1, leaders: [1], producers: [{ spec: { count: 100 }, config: { 'retry.backoff.ms': 10 } }] });
    w.scheduleCommand(50, { do: 'moveLeader', partition: 0, to: 2 });
    w.runUntil(1000);
    const s = sends(w);
    expect(s).toHaveLength(100);
    expect(s.every((x) => x.error === 'NONE')).toBe(true);
    expect(events(w, 'ProduceRetried').some((e) => e.error === 'NOT_LEADER_OR_FOLLOWER')).toBe(true);
    expect(events(w, 'ProducerMetadataRefreshed').map((e) => e.reason)).toContain('NOT_LEADER_OR_FOLLOWER');
    const log = w.state.model.cluster.logs[0] as LogEntry[];
    expect(recordIds(log)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(log[log.length - 1]?.broker).toBe(2);
    expect(log[0]?.broker).toBe(1);
  });

  it('without idempotence and several requests in flight, a retried batch lands after later ones (§3.9)', () => {
    const w = build({
      producers: [{ spec: { ratePerSec: 10_000, count: 300 }, config: { 'enable.idempotence': false, 'retry.backoff.ms': 5 } }],
      cluster: { errorOnRequest: 5, error: 'NOT_ENOUGH_REPLICAS' },
    });
    w.runUntil(1000);
    const ids = recordIds(w.state.model.cluster.logs[0] as LogEntry[]);
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
    expect(ids).not.toEqual([...ids].sort((a, b) => a - b));
    expect(sends(w).every((x) => x.error === 'NONE')).toBe(true);
  });

  it('with idempotence the same failure keeps the order: later batches wait for the retried one', () => {
    const w = build({
      producers: [{ spec: { ratePerSec: 10_000, count: 300 }, config: { 'retry.backoff.ms': 5 } }],
      cluster: { errorOnRequest: 5, error: 'NOT_ENOUGH_REPLICAS' },
    });
    w.runUntil(1000);
    const ids = recordIds(w.state.model.cluster.logs[0] as LogEntry[]);
    expect(ids).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(sends(w).every((x) => x.error === 'NONE')).toBe(true);
    const retried = events(w, 'ProduceRetried').map((e) => e.error);
    expect(retried).toContain('NOT_ENOUGH_REPLICAS');
    expect(retried).toContain('OUT_OF_ORDER_SEQUENCE_NUMBER');
  });

  it('delivery.timeout.ms ends the retries: the records fail with TimeoutException', () => {
    const w = build({
      producers: [{ spec: { count: 5 }, config: { 'delivery.timeout.ms': 500, 'request.timeout.ms': 100, 'retry.backoff.ms': 50 } }],
      cluster: { errorAlways: 'NOT_ENOUGH_REPLICAS' },
    });
    w.runUntil(2000);
    const s = sends(w);
    expect(s).toHaveLength(5);
    for (const x of s) {
      expect(x.error).toBe('TimeoutException');
      expect(x.completedAtMs - x.sentAtMs).toBeGreaterThanOrEqual(500);
      expect(x.completedAtMs - x.sentAtMs).toBeLessThanOrEqual(510);
    }
    expect(events(w, 'ProduceRetried').length).toBeGreaterThan(5);
    expect(events(w, 'ProduceFailed').every((e) => e.error === 'TimeoutException')).toBe(true);
    expect(w.state.model.cluster.logs[0]).toHaveLength(0);
  });

  it('a partition without a leader keeps its batches until the metadata shows one', () => {
    const w = build({ brokers: 2, leaders: [-1], producers: [{ spec: { count: 20 }, config: { 'retry.backoff.ms': 20 } }] });
    w.scheduleCommand(100, { do: 'moveLeader', partition: 0, to: 2 });
    w.runUntil(500);
    const s = sends(w);
    expect(s).toHaveLength(20);
    expect(s.every((x) => x.error === 'NONE' && x.completedAtMs >= 100)).toBe(true);
    expect(events(w, 'ProducerMetadataRefreshed').map((e) => e.reason)).toContain('no-leader');
  });

  it('a crashed leader resets its connections: requests in flight are retried at once, not after request.timeout.ms', () => {
    const w = build({ brokers: 2, leaders: [1], producers: [{ spec: { ratePerSec: 10_000, count: 1000 }, config: { 'retry.backoff.ms': 10 } }], cluster: { responseDelayMs: 20 } });
    w.scheduleCommand(50, { do: 'crashBroker', broker: 1 });
    w.scheduleCommand(50, { do: 'moveLeader', partition: 0, to: 2 });
    w.runUntil(2000);
    const s = sends(w);
    expect(s).toHaveLength(1000);
    expect(s.every((x) => x.error === 'NONE')).toBe(true);
    expect(Math.max(...s.map((x) => x.completedAtMs - x.sentAtMs))).toBeLessThan(200);
    expect(events(w, 'ProduceRetried').some((e) => e.error === 'NETWORK_EXCEPTION')).toBe(true);
  });

  it('a record larger than max.request.size fails in send() without reaching the broker', () => {
    const w = build({ producers: [{ spec: { count: 2, value: '{producer}-{seq}-'.padEnd(200, 'x') }, config: { 'max.request.size': 150 } }] });
    w.runUntil(100);
    expect(sends(w).map((x) => [x.error, x.partition])).toEqual([
      ['MESSAGE_TOO_LARGE', -1],
      ['MESSAGE_TOO_LARGE', -1],
    ]);
    expect(w.state.model.cluster.produceRequests).toHaveLength(0);
  });

  it('a non-retriable error fails the batch at once', () => {
    const w = build({ producers: [{ spec: { count: 3 }, config: { acks: 1 } }], cluster: { errorAlways: 'MESSAGE_TOO_LARGE' } });
    w.runUntil(200);
    expect(sends(w).map((s) => s.error)).toEqual(['MESSAGE_TOO_LARGE', 'MESSAGE_TOO_LARGE', 'MESSAGE_TOO_LARGE']);
    expect(events(w, 'ProduceRetried')).toHaveLength(0);
  });
});

describe('blocking in send()', () => {
  it('a topic the cluster does not know blocks send() until max.block.ms, then TimeoutException', () => {
    const w = build({ producers: [{ spec: { topic: 'missing', count: 2 }, config: { 'max.block.ms': 200, 'retry.backoff.ms': 50 } }] });
    w.runUntil(1000);
    const s = sends(w, 'producer-p1');
    expect(s.map((x) => [x.error, x.partition, x.completedAtMs - x.sentAtMs])).toEqual([
      ['TimeoutException', -1, 200],
      ['TimeoutException', -1, 200],
    ]);
  });

  it('a full buffer.memory blocks send(); past max.block.ms it fails with BufferExhaustedException', () => {
    const w = build({
      producers: [{ spec: { count: 10 }, config: { 'buffer.memory': 32768, 'max.block.ms': 100, 'request.timeout.ms': 1000, 'delivery.timeout.ms': 1000 } }],
      cluster: { responseDelayMs: 400 },
    });
    w.runUntil(2000);
    const s = sends(w);
    expect(s).toHaveLength(10);
    expect(s.filter((x) => x.error === 'BufferExhaustedException').length).toBeGreaterThan(0);
    expect(s.filter((x) => x.error === 'NONE').length).toBeGreaterThan(0);
    for (const x of s.filter((y) => y.error === 'BufferExhaustedException')) expect(x.completedAtMs - x.sentAtMs).toBe(100);
  });
});

describe('control', () => {
  it('stopProducer flushes what is queued and sends nothing more; resumeProducer picks up without catching up', () => {
    const w = build({ producers: [{ spec: { ratePerSec: 100 }, config: { 'linger.ms': 1000 } }] });
    w.scheduleCommand(105, { do: 'stop', producer: 'p1' });
    w.scheduleCommand(500, { do: 'resume', producer: 'p1' });
    w.runUntil(300);
    const before = sends(w);
    expect(before).toHaveLength(10); // records at 10, 20 … 100 ms, sent at the stop despite linger.ms
    expect(before.every((s) => s.completedAtMs <= 110)).toBe(true);
    w.runUntil(1590);
    // From 500 ms on: one record every 10 ms again, none for the stopped time; the last batch lingers.
    expect(producer(w).app.nextSeq).toBe(10 + 109);
    expect(sends(w).length).toBeGreaterThan(10);
  });

  it('setProducerConfig: a new acks applies to batches opened afterwards', () => {
    const w = build({ producers: [{ spec: { count: 20 }, config: { acks: 1, 'enable.idempotence': false } }] });
    w.runUntil(10);
    setProducerConfig(w, producer(w), producerConfig({ acks: 0, 'enable.idempotence': false }));
    w.runUntil(200);
    const acks = sends(w).map((s) => s.acks);
    expect(acks.slice(0, 9).every((a) => a === 1)).toBe(true);
    expect(acks.slice(11).every((a) => a === 0)).toBe(true);
  });
});

describe('determinism', () => {
  const busy = (seed: number): TestWorld => {
    const w = build({
      seed,
      brokers: 2,
      partitions: 4,
      producers: [
        { spec: { id: 'a', ratePerSec: 5000, count: 2000, key: 'k{rand%50}' }, config: { 'retry.backoff.ms': 5, 'request.timeout.ms': 100 } },
        { spec: { id: 'b', ratePerSec: 3000, count: 1500, sendMode: 'fireAndForget' }, config: { 'enable.idempotence': false, 'linger.ms': 3, 'batch.size': 2048 } },
      ],
      cluster: { errorOnRequest: 7, error: 'NOT_ENOUGH_REPLICAS', dropResponses: 2 },
    });
    w.scheduleCommand(120, { do: 'moveLeader', partition: 1, to: 1 });
    return w;
  };

  it('the same seed gives the same history twice, and a checkpoint continues the same run', () => {
    const a = busy(7);
    const b = busy(7);
    a.runUntil(3000);
    b.runUntil(150);
    const fork = World.fromState(structuredClone(b.state), model);
    b.runUntil(3000);
    fork.runUntil(3000);
    expect(a.state.model.history.sends.length).toBe(3500);
    expect(a.state.model.history.sends.every((s) => s.error === 'NONE')).toBe(true);
    // Lost responses and a failed request, yet the idempotent producer's records are each stored once, in order.
    for (const log of a.state.model.cluster.logs) {
      const ids = recordIds(log.filter((e) => e.producer === 'producer-a'));
      expect(ids).toEqual([...new Set(ids)].sort((x, y) => x - y));
    }
    expect(JSON.stringify(b.state.model.history)).toBe(JSON.stringify(a.state.model.history));
    expect(JSON.stringify(b.state.events)).toBe(JSON.stringify(a.state.events));
    expect(b.traceHash).toBe(a.traceHash);
    expect(JSON.stringify(fork.state.model.history)).toBe(JSON.stringify(a.state.model.history));
    expect(fork.traceHash).toBe(a.traceHash);
    // Another seed draws other keys.
    const c = busy(8);
    c.runUntil(3000);
    expect(JSON.stringify(c.state.model.history)).not.toBe(JSON.stringify(a.state.model.history));
  });
});
