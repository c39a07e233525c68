/**
 * The data plane, told as the course tells it: keys and partitions, batching, acks, the ISR,
 * idempotence and retention. Every run checks the invariants after every step.
 */
import { describe, expect, it } from 'vitest';
import { partitionForKey, utf8 } from '../src/kafka/algorithms';
import { runChecked, scenario } from './helpers';

const threeBrokers = { brokers: 3, network: { latencyMs: 2, jitterMs: 1 } };

describe('keys choose the partition', () => {
  it('every record with the same key lands on the same partition, the one murmur2 picks', () => {
    const { world } = runChecked(
      scenario({
        durationMs: 5_000,
        cluster: threeBrokers,
        topics: [{ name: 'orders', partitions: 6, replicationFactor: 3 }],
        producers: [{ id: 'shop', topic: 'orders', ratePerSec: 200, key: 'customer-{seq%7}', config: { acks: 'all' } }],
      }),
    );
    const sends = world.state.model.history.sends.filter((s) => s.error === 'NONE');
    expect(sends.length).toBeGreaterThan(800);
    for (const s of sends) expect(s.partition).toBe(partitionForKey(utf8(s.key ?? ''), 6));
    const partitionsUsed = new Set(sends.map((s) => s.partition));
    expect(partitionsUsed.size).toBeGreaterThan(1);
  });

  it('records of one partition are stored in the order they were sent', () => {
    const { summary } = runChecked(
      scenario({
        durationMs: 4_000,
        cluster: threeBrokers,
        topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
        producers: [{ id: 'shop', topic: 'orders', ratePerSec: 300, key: 'k{seq%3}' }],
      }),
    );
    expect(summary.checks.reordered.count).toBe(0);
    expect(summary.checks.duplicates.count).toBe(0);
    expect(summary.checks.lostAcknowledged.count).toBe(0);
  });
});

describe('replication', () => {
  it('with acks=all every replica ends with the same log and the high watermark at its end', () => {
    const { summary } = runChecked(
      scenario({
        durationMs: 5_000,
        cluster: threeBrokers,
        topics: [{ name: 'orders', partitions: 2, replicationFactor: 3 }],
        producers: [{ id: 'shop', topic: 'orders', ratePerSec: 100, key: 'k{seq%10}', stopMs: 3_000, config: { acks: 'all' } }],
      }),
    );
    for (const p of Object.values(summary.topics.orders?.partitions ?? {})) {
      expect(p.isr.sort()).toEqual([1, 2, 3]);
      expect(p.logEndOffset).toBeGreaterThan(100);
      expect(p.highWatermark).toBe(p.logEndOffset);
      for (const r of Object.values(p.replicaLogs)) expect(r.logEndOffset).toBe(p.logEndOffset);
    }
    expect(summary.producers.shop?.failed).toEqual({});
  });

  it('a stalled follower leaves the ISR after replica.lag.time.max.ms and comes back once caught up', () => {
    const { world, summary } = runChecked(
      scenario({
        durationMs: 90_000,
        cluster: { ...threeBrokers, config: { 'replica.lag.time.max.ms': 10_000 } },
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 3, replicaAssignment: [[1, 2, 3]] }],
        producers: [{ id: 'shop', topic: 'orders', ratePerSec: 20, key: 'k', config: { acks: 1 } }],
        timeline: [{ atMs: 5_000, do: 'pauseNode', node: 'broker-3', durationMs: 30_000 }],
      }),
      90_000,
      { every: 50 },
    );
    const events = world.state.events;
    const shrunk = events.find((e) => e.type === 'IsrShrunk');
    const expanded = events.find((e) => e.type === 'IsrExpanded');
    expect(shrunk?.removed).toEqual([3]);
    // Out between 10 s and 15 s after its last fetch (the check runs every 5 s).
    expect(shrunk?.atMs).toBeGreaterThanOrEqual(15_000);
    expect(shrunk?.atMs).toBeLessThanOrEqual(20_500);
    expect(expanded?.added).toEqual([3]);
    expect(expanded?.atMs).toBeGreaterThanOrEqual(35_000);
    expect(expanded?.atMs).toBeLessThan(37_000);
    expect(summary.topics.orders?.partitions['0']?.isr.sort()).toEqual([1, 2, 3]);
  });
});

describe('acks', () => {
  it('acks=0 never learns an offset or an error; acks=1 and all learn their offsets', () => {
    const { world } = runChecked(
      scenario({
        durationMs: 3_000,
        cluster: threeBrokers,
        topics: [{ name: 't', partitions: 1, replicationFactor: 3 }],
        producers: [
          { id: 'zero', topic: 't', ratePerSec: 50, config: { acks: 0 } },
          { id: 'one', topic: 't', ratePerSec: 50, config: { acks: 1 } },
          { id: 'all', topic: 't', ratePerSec: 50, config: { acks: 'all' } },
        ],
      }),
    );
    const sends = world.state.model.history.sends;
    const by = (p: string) => sends.filter((s) => s.producer === `producer-${p}`);
    expect(by('zero').length).toBeGreaterThan(100);
    expect(by('zero').every((s) => s.offset === -1 && s.error === 'NONE')).toBe(true);
    expect(by('one').every((s) => s.offset >= 0)).toBe(true);
    expect(by('all').every((s) => s.offset >= 0)).toBe(true);
  });

  it('acks=1 answers once the leader has the record; acks=all waits for the followers', () => {
    const { world } = runChecked(
      scenario({
        durationMs: 4_000,
        cluster: threeBrokers,
        topics: [{ name: 't', partitions: 1, replicationFactor: 3, replicaAssignment: [[1, 2, 3]] }],
        producers: [
          { id: 'one', topic: 't', ratePerSec: 20, config: { acks: 1, 'linger.ms': 0 } },
          { id: 'all', topic: 't', ratePerSec: 20, config: { acks: 'all', 'linger.ms': 0 } },
        ],
        // The followers sit behind a slow link: 100 ms more each way.
        timeline: [
          { atMs: 0, do: 'slowLink', from: 'broker-1', to: 'broker-2', extraLatencyMs: 100 },
          { atMs: 0, do: 'slowLink', from: 'broker-1', to: 'broker-3', extraLatencyMs: 100 },
        ],
      }),
    );
    const median = (p: string) => {
      const xs = world.state.model.history.sends.filter((s) => s.producer === `producer-${p}` && s.error === 'NONE').map((s) => s.completedAtMs - s.sentAtMs).sort((a, b) => a - b);
      return xs[xs.length >> 1] ?? -1;
    };
    expect(median('one')).toBeLessThan(20);
    expect(median('all')).toBeGreaterThan(200);
  });

  it('acks=all is refused with NOT_ENOUGH_REPLICAS once the ISR is below min.insync.replicas', () => {
    const { world, summary } = runChecked(
      scenario({
        durationMs: 40_000,
        cluster: { ...threeBrokers, config: { 'replica.lag.time.max.ms': 4_000, 'min.insync.replicas': 3 } },
        topics: [{ name: 't', partitions: 1, replicationFactor: 3, replicaAssignment: [[1, 2, 3]] }],
        producers: [{ id: 'all', topic: 't', ratePerSec: 10, config: { acks: 'all', 'retries': 0, 'enable.idempotence': false, 'request.timeout.ms': 2_000, 'delivery.timeout.ms': 3_000, 'linger.ms': 0 } }],
        timeline: [{ atMs: 5_000, do: 'crashBroker', broker: 3 }],
      }),
      40_000,
      { every: 20 },
    );
    const shrunkAt = world.state.events.find((e) => e.type === 'IsrShrunk')?.atMs ?? Infinity;
    expect(shrunkAt).toBeLessThan(12_000);
    const after = world.state.model.history.sends.filter((s) => s.sentAtMs > shrunkAt + 100);
    expect(after.length).toBeGreaterThan(100);
    expect(after.every((s) => s.error === 'NOT_ENOUGH_REPLICAS')).toBe(true);
    const refused = world.state.model.history.sends.filter((s) => s.error === 'NOT_ENOUGH_REPLICAS');
    expect(summary.producers.all?.failed.NOT_ENOUGH_REPLICAS).toBe(refused.length);
    expect(refused.every((s) => s.completedAtMs >= shrunkAt)).toBe(true);
    // Between the crash and the shrink, the dead follower still counts in the ISR: acks=all waits
    // for it, and the producer gives up (request.timeout.ms, then delivery.timeout.ms).
    const waited = world.state.model.history.sends.filter((s) => s.sentAtMs >= 5_000 && s.completedAtMs < shrunkAt);
    expect(waited.length).toBeGreaterThan(10);
    expect(waited.every((s) => ['REQUEST_TIMED_OUT', 'NETWORK_EXCEPTION', 'TimeoutException'].includes(s.error))).toBe(true);
    // Nothing acknowledged was lost meanwhile.
    expect(summary.checks.lostAcknowledged.count).toBe(0);
  });
});

describe('idempotence', () => {
  const lossyResponses = (idempotent: boolean) =>
    scenario({
      seed: 5,
      durationMs: 30_000,
      cluster: { brokers: 1, network: { latencyMs: 2, jitterMs: 0 } },
      topics: [{ name: 't', partitions: 1, replicationFactor: 1 }],
      producers: [
        {
          id: 'p',
          topic: 't',
          ratePerSec: 20,
          stopMs: 10_000,
          key: 'k',
          config: { acks: 'all', 'enable.idempotence': idempotent, 'max.in.flight.requests.per.connection': idempotent ? 5 : 1, 'request.timeout.ms': 500, 'delivery.timeout.ms': 20_000, 'linger.ms': 0, 'retry.backoff.ms': 100 },
        },
      ],
      // Responses from the broker are lost one time in four; requests all arrive.
      timeline: [{ atMs: 0, do: 'dropLink', from: 'broker-1', to: 'producer-p', loss: '1/4', bothWays: false }],
    });

  it('without idempotence, a lost produce response and its retry store the record twice', () => {
    const { summary } = runChecked(lossyResponses(false));
    expect(summary.checks.duplicates.count).toBeGreaterThan(5);
  });

  it('with idempotence the broker drops the retried batch and every record is stored once', () => {
    const { world, summary } = runChecked(lossyResponses(true));
    expect(summary.checks.duplicates.count).toBe(0);
    expect(world.state.events.some((e) => e.type === 'DuplicateBatchDropped')).toBe(true);
    expect(summary.producers.p?.acknowledged).toBe(200);
    expect(summary.checks.lostAcknowledged.count).toBe(0);
  });
});

describe('retention', () => {
  it('retention by time deletes whole old segments, and a lagging consumer with earliest jumps to the new log start', () => {
    const { world, summary } = runChecked(
      scenario({
        durationMs: 60_000,
        cluster: { brokers: 1, config: { 'log.retention.check.interval.ms': 5_000 } },
        topics: [{ name: 'metrics', partitions: 1, replicationFactor: 1, config: { 'retention.ms': 10_000, 'segment.bytes': 2_000 } }],
        producers: [{ id: 'sensor', topic: 'metrics', ratePerSec: 20 }],
        consumerGroups: [{ groupId: 'slow', topics: ['metrics'], members: 1, processingMsPerRecord: 200, startMs: 1_000, config: { 'auto.offset.reset': 'earliest', 'max.poll.records': 50 } }],
      }),
      60_000,
      { every: 25 },
    );
    const deleted = world.state.events.filter((e) => e.type === 'SegmentDeleted');
    expect(deleted.length).toBeGreaterThan(3);
    expect(deleted.every((e) => e.reason === 'retention.ms')).toBe(true);
    const p = summary.topics.metrics?.partitions['0'];
    expect(p?.logStartOffset).toBeGreaterThan(500);
    // Each deletion removed a whole segment: its end is the next one's start.
    for (const e of deleted) expect(e.endOffset).toBeGreaterThan(e.baseOffset as number);
    const jumps = world.state.events.filter((e) => e.type === 'ConsumerPositionReset' && e.from !== null);
    expect(jumps.length).toBeGreaterThan(0);
    expect(world.state.events.some((e) => e.type === 'ConsumerOffsetOutOfRange')).toBe(true);
  });

  it('retention by size keeps the log above the limit by at most one segment', () => {
    const { world, summary } = runChecked(
      scenario({
        durationMs: 30_000,
        cluster: { brokers: 1, config: { 'log.retention.check.interval.ms': 1_000 } },
        topics: [{ name: 'm', partitions: 1, replicationFactor: 1, config: { 'retention.bytes': 10_000, 'segment.bytes': 2_000 } }],
        producers: [{ id: 'p', topic: 'm', ratePerSec: 50 }],
      }),
      30_000,
      { every: 25 },
    );
    const deleted = world.state.events.filter((e) => e.type === 'SegmentDeleted');
    expect(deleted.length).toBeGreaterThan(5);
    expect(deleted.every((e) => e.reason === 'retention.bytes')).toBe(true);
    const log = Object.values(world.state.model.brokers)[0]?.replicas['m-0']?.log;
    const size = log?.segments.reduce((n, s) => n + s.sizeBytes, 0) ?? 0;
    expect(size).toBeLessThanOrEqual(10_000 + 2_000 + 200);
    expect(summary.topics.m?.partitions['0']?.logStartOffset).toBeGreaterThan(0);
  });
});

describe('batching', () => {
  const withLinger = (lingerMs: number) =>
    scenario({
      durationMs: 5_000,
      cluster: threeBrokers,
      topics: [{ name: 'clicks', partitions: 3, replicationFactor: 3 }],
      producers: [{ id: 'web', topic: 'clicks', ratePerSec: 1_000, key: null, stopMs: 4_000, config: { 'linger.ms': lingerMs, acks: 1 } }],
    });

  it('a bigger linger.ms sends fewer, fuller produce requests, each record a little later', () => {
    const fast = runChecked(withLinger(0), 5_000, { every: 100, logs: false });
    const slow = runChecked(withLinger(50), 5_000, { every: 100, logs: false });
    const f = fast.summary.producers.web;
    const s = slow.summary.producers.web;
    expect(f?.acknowledged).toBe(4_000);
    expect(s?.acknowledged).toBe(4_000);
    expect(s?.produceRequests ?? 0).toBeLessThan((f?.produceRequests ?? 0) / 3);
    expect(s?.recordsPerRequest ?? 0).toBeGreaterThan((f?.recordsPerRequest ?? 0) * 3);
    const latency = (sends: { sentAtMs: number; completedAtMs: number }[]) => sends.reduce((n, x) => n + x.completedAtMs - x.sentAtMs, 0) / sends.length;
    expect(latency(slow.world.state.model.history.sends)).toBeGreaterThan(latency(fast.world.state.model.history.sends) + 20);
  });
});

describe('crashes', () => {
  it('a leader that crashes and restarts picks its followers back up; nothing acknowledged is lost', () => {
    const { summary } = runChecked(
      scenario({
        durationMs: 12_000,
        cluster: threeBrokers,
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 3, replicaAssignment: [[2, 3, 1]] }],
        producers: [{ id: 'shop', topic: 'orders', ratePerSec: 20, key: 'k', stopMs: 9_000, config: { acks: 'all' } }],
        timeline: [
          { atMs: 3_000, do: 'crashBroker', broker: 2 },
          { atMs: 6_000, do: 'restartBroker', broker: 2 },
        ],
      }),
      12_000,
      { every: 10 },
    );
    const p = summary.topics.orders?.partitions['0'];
    expect(p?.highWatermark).toBe(p?.logEndOffset);
    for (const r of Object.values(p?.replicaLogs ?? {})) expect(r.logEndOffset).toBe(p?.logEndOffset);
    expect(summary.checks.lostAcknowledged.count).toBe(0);
  });

  it('a power failure loses the unflushed tail of a lone replica, and the checker reports the lost acknowledged writes', () => {
    const { world, summary } = runChecked(
      scenario({
        durationMs: 20_000,
        // A powered-off broker's ZooKeeper session outlives it: a short session lets it come back sooner.
        cluster: { brokers: 1, osFlushIntervalMs: 30_000, config: { 'zookeeper.session.timeout.ms': 6_000 } },
        topics: [{ name: 'logs', partitions: 1, replicationFactor: 1 }],
        producers: [{ id: 'app', topic: 'logs', ratePerSec: 50, stopMs: 4_000, config: { acks: 1 } }],
        timeline: [
          { atMs: 5_000, do: 'powerFailBroker', broker: 1 },
          { atMs: 6_000, do: 'restartBroker', broker: 1 },
        ],
      }),
    );
    const fault = world.state.events.find((e) => e.type === 'FaultInjected' && e.fault === 'powerFailBroker');
    expect(fault?.unflushedRecordsLost).toBe(200);
    expect(summary.checks.lostAcknowledged.count).toBe(200);
    expect(summary.checks.lostAcknowledged.examples[0]).toMatch(/acknowledged at logs-0@0 \(acks=1\); that offset now holds nothing/);
  });

  it('with flush.messages=1 a power failure loses nothing', () => {
    const { summary } = runChecked(
      scenario({
        durationMs: 20_000,
        cluster: { brokers: 1, osFlushIntervalMs: 30_000, config: { 'zookeeper.session.timeout.ms': 6_000 } },
        topics: [{ name: 'logs', partitions: 1, replicationFactor: 1, config: { 'flush.messages': 1 } }],
        producers: [{ id: 'app', topic: 'logs', ratePerSec: 50, stopMs: 4_000, config: { acks: 1 } }],
        timeline: [
          { atMs: 5_000, do: 'powerFailBroker', broker: 1 },
          { atMs: 6_000, do: 'restartBroker', broker: 1 },
        ],
      }),
    );
    expect(summary.checks.lostAcknowledged.count).toBe(0);
    expect(summary.topics.logs?.partitions['0']?.logEndOffset).toBe(200);
  });
});

describe('bad commands change nothing', () => {
  it('restarting a running broker or creating a topic with too many replicas is refused and recorded', () => {
    const { world, summary } = runChecked(
      scenario({
        durationMs: 30_000,
        cluster: threeBrokers,
        timeline: [
          { atMs: 100, do: 'restartBroker', broker: 2 },
          { atMs: 200, do: 'createTopic', topic: { name: 'big', partitions: 3, replicationFactor: 3 } },
          { atMs: 300, do: 'createTopic', topic: { name: 'big', partitions: 3, replicationFactor: 3 } },
          { atMs: 400, do: 'crashBroker', broker: 3 },
          // Once broker 3's ZooKeeper session has expired, the controller counts two brokers.
          { atMs: 25_000, do: 'createTopic', topic: { name: 'huge', partitions: 1, replicationFactor: 3 } },
        ],
      }),
    );
    const rejected = world.state.model.rejectedCommands.map((r) => r.error);
    expect(rejected).toEqual([
      'broker 2 is already running',
      "TOPIC_ALREADY_EXISTS: Topic 'big' already exists.",
      'INVALID_REPLICATION_FACTOR: Replication factor: 3 larger than available brokers: 2.',
    ]);
    expect(Object.keys(summary.topics)).toEqual(['big']);
    expect(summary.brokers['2']?.status).toBe('running');
  });

  it('a topic named like a JavaScript built-in (constructor, __proto__) is just a topic', () => {
    const { summary } = runChecked(
      scenario({
        durationMs: 2_000,
        cluster: threeBrokers,
        topics: [
          { name: 'constructor', partitions: 1, replicationFactor: 1 },
          { name: '__proto__', partitions: 1, replicationFactor: 1 },
        ],
        producers: [{ id: '__proto__', topic: '__proto__', ratePerSec: 10 }],
      }),
    );
    expect(Object.keys(summary.topics).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(summary.topics, '__proto__')?.value.partitions['0'].logEndOffset).toBeGreaterThan(10);
  });
});

describe('auto-creation', () => {
  it('a producer to an unknown topic creates it with num.partitions and default.replication.factor', () => {
    const { world, summary } = runChecked(
      scenario({
        durationMs: 3_000,
        cluster: { ...threeBrokers, config: { 'num.partitions': 4, 'default.replication.factor': 2 } },
        producers: [{ id: 'p', topic: 'fresh', ratePerSec: 10 }],
      }),
    );
    expect(world.state.events.find((e) => e.type === 'TopicCreated')?.topic).toBe('fresh');
    expect(Object.keys(summary.topics.fresh?.partitions ?? {})).toHaveLength(4);
    expect(summary.topics.fresh?.partitions['0']?.replicas).toHaveLength(2);
    expect(summary.producers.p?.acknowledged).toBeGreaterThan(15);
  });
});

describe('client commands', () => {
  it('setProducerConfig switches acks mid-run; stopProducer and startProducer pause the sending', () => {
    const { world, summary } = runChecked(
      scenario({
        durationMs: 6_000,
        cluster: threeBrokers,
        topics: [{ name: 't', partitions: 1, replicationFactor: 3 }],
        producers: [{ id: 'p', topic: 't', ratePerSec: 10, config: { acks: 1, 'enable.idempotence': false } }],
        timeline: [
          { atMs: 2_000, do: 'setProducerConfig', producer: 'p', config: { acks: 0 } },
          { atMs: 3_000, do: 'stopProducer', producer: 'p' },
          { atMs: 4_000, do: 'startProducer', producer: 'p' },
        ],
      }),
    );
    const sends = world.state.model.history.sends;
    expect(sends.filter((s) => s.sentAtMs < 1_900).every((s) => s.acks === 1 && s.offset >= 0)).toBe(true);
    expect(sends.filter((s) => s.sentAtMs > 2_100).every((s) => s.acks === 0 && s.offset === -1)).toBe(true);
    expect(sends.filter((s) => s.sentAtMs > 3_050 && s.sentAtMs < 3_950)).toEqual([]);
    expect(sends.some((s) => s.sentAtMs > 4_000)).toBe(true);
    expect(world.state.model.producers.p?.configOverrides).toEqual({ acks: 0, 'enable.idempotence': false });
    expect(summary.producers.p?.failed).toEqual({});
  });

  it('addConsumer starts one more member, which takes its share of the partitions', () => {
    const { world, summary } = runChecked(
      scenario({
        durationMs: 12_000,
        cluster: threeBrokers,
        topics: [{ name: 't', partitions: 4, replicationFactor: 1 }],
        producers: [{ id: 'p', topic: 't', ratePerSec: 40, key: 'k{seq}' }],
        consumerGroups: [{ groupId: 'g', topics: ['t'], members: 1 }],
        timeline: [{ atMs: 1_000, do: 'addConsumer', groupId: 'g' }],
      }),
      12_000,
      { logs: false },
    );
    expect(world.state.events.some((e) => e.type === 'ConsumerAdded' && e.consumer === 'consumer-g-2')).toBe(true);
    // It joined during the group's initial rebalance delay: the group's first assignment (range,
    // in member-id order) gives it the second half.
    expect(summary.consumers['consumer-g-2']?.assigned).toEqual(['t-2', 't-3']);
    expect(summary.consumers['consumer-g-2']?.delivered).toBeGreaterThan(0);
  });
});
