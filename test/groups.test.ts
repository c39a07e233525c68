/**
 * Consumer groups, told as the course tells them: how a group shares partitions, what a
 * rebalance does, what each commit style promises, and the failure stories of
 * kafka-reference.md §3.6–3.8 and §3.11. Every run checks the invariants after every step.
 */
import { describe, expect, it } from 'vitest';
import { buildWorld } from '../src/scenario/build';
import type { Scenario } from '../src/scenario/schema';
import { createInvariantChecker } from '../src/check/invariants';
import { summarize } from '../src/kafka/summary';
import type { KafkaWorld } from '../src/kafka/world';
import { runChecked, scenario } from './helpers';

/** Three brokers; `__consumer_offsets` with 3 partitions, as a classroom would configure it. */
const cluster = (config: Record<string, unknown> = {}) => ({ brokers: 3, network: { latencyMs: 2, jitterMs: 1 }, config: { 'offsets.topic.num.partitions': 3, ...config } });

function events(world: KafkaWorld, type: string, groupId = 'g') {
  return world.state.events.filter((e) => e.type === type && (e.groupId === undefined || e.groupId === groupId));
}

/**
 * Like runChecked, with a chance to change the world before it runs (for what no scenario field
 * says yet) and to act at a given time on what the run shows then.
 */
function runPrepared(s: Scenario, prepare: (w: KafkaWorld) => void, at?: { atMs: number; act: (w: KafkaWorld) => void }) {
  const world = buildWorld(s);
  prepare(world);
  const checker = createInvariantChecker({ logs: false });
  const run = (untilMs: number): void => {
    while ((world.nextEventAtMs() ?? Infinity) <= untilMs) {
      world.step();
      const v = checker.check(world.state.model, world.nowMs, world.state.events);
      if (v.length > 0) throw new Error(`seed ${s.seed}: invariant broken\n${v.slice(0, 5).join('\n')}`);
    }
    world.runUntil(untilMs);
  };
  if (at !== undefined) {
    run(at.atMs);
    at.act(world);
  }
  run(s.durationMs);
  return { world, summary: summarize(world) };
}

describe('a group shares the partitions of its topics', () => {
  const picture = (members: number, partitions = 4) =>
    runChecked(
      scenario({
        durationMs: 20_000,
        cluster: cluster(),
        topics: [{ name: 'orders', partitions, replicationFactor: 3 }],
        producers: [{ id: 'shop', topic: 'orders', ratePerSec: 200, key: 'customer-{seq}' }],
        consumerGroups: [{ groupId: 'g', topics: ['orders'], members, config: { 'auto.offset.reset': 'earliest' } }],
      }),
      20_000,
      { logs: false },
    );

  it('two consumers and four partitions: two partitions each', () => {
    const { world, summary } = picture(2);
    const g = summary.groups.g;
    expect(g?.state).toBe('Stable');
    expect(g?.assignor).toBe('range');
    expect(g?.protocol).toBe('eager');
    expect(g?.members.map((m) => m.assigned.length)).toEqual([2, 2]);
    expect(g?.members.map((m) => m.clientId).sort()).toEqual(['consumer-g-1', 'consumer-g-2']);
    // Range hands out contiguous blocks in member-id order.
    expect(g?.members.map((m) => m.assigned).sort()).toEqual([['orders-0', 'orders-1'], ['orders-2', 'orders-3']]);
    for (const c of Object.values(summary.consumers)) expect(c.delivered).toBeGreaterThan(500);
    // Each partition's committed offset trails its end by at most the last auto-commit interval.
    for (const p of Object.values(g?.partitions ?? {})) {
      expect(p.committedOffset).not.toBeNull();
      expect(p.lag).toBe(p.logEndOffset - (p.committedOffset ?? 0));
      expect(p.lag ?? -1).toBeGreaterThanOrEqual(0);
      expect(p.lag ?? Infinity).toBeLessThan(300);
    }
    expect(events(world, 'RebalanceCompleted')).toHaveLength(1);
    expect(g?.checks.duplicates.count).toBe(0);
    expect(g?.checks.skips.count).toBe(0);
    expect(g?.checks.zombies.count).toBe(0);
  });

  it('the same on a KRaft cluster: __consumer_offsets is created through the controller quorum', () => {
    const { summary } = runChecked(
      scenario({
        durationMs: 20_000,
        cluster: { ...cluster(), controller: 'kraft', kraftControllers: 3 },
        topics: [{ name: 'orders', partitions: 4, replicationFactor: 3 }],
        producers: [{ id: 'shop', topic: 'orders', ratePerSec: 100, key: 'customer-{seq}' }],
        consumerGroups: [{ groupId: 'g', topics: ['orders'], members: 2, config: { 'auto.offset.reset': 'earliest' } }],
      }),
      20_000,
      { logs: false },
    );
    expect(Object.keys(summary.topics.__consumer_offsets?.partitions ?? {})).toHaveLength(3);
    expect(summary.groups.g?.state).toBe('Stable');
    expect(summary.groups.g?.members.map((m) => m.assigned.length)).toEqual([2, 2]);
  });

  it('four consumers and four partitions: one each', () => {
    const { summary } = picture(4);
    expect(summary.groups.g?.members.map((m) => m.assigned.length)).toEqual([1, 1, 1, 1]);
    for (const c of Object.values(summary.consumers)) expect(c.delivered).toBeGreaterThan(200);
  });

  it('five consumers and four partitions: one consumer sits idle', () => {
    const { summary } = picture(5);
    const counts = summary.groups.g?.members.map((m) => m.assigned.length).sort();
    expect(counts).toEqual([0, 1, 1, 1, 1]);
    const idle = Object.values(summary.consumers).filter((c) => c.delivered === 0);
    expect(idle).toHaveLength(1);
    expect(idle[0]?.assigned).toEqual([]);
  });

  it('two groups read the same topic independently: each gets every record', () => {
    const { world, summary } = runChecked(
      scenario({
        durationMs: 20_000,
        cluster: cluster(),
        topics: [{ name: 'clicks', partitions: 3, replicationFactor: 3 }],
        producers: [{ id: 'web', topic: 'clicks', ratePerSec: 100, stopMs: 10_000 }],
        consumerGroups: [
          { groupId: 'analytics', topics: ['clicks'], members: 2, config: { 'auto.offset.reset': 'earliest' } },
          { groupId: 'reporting', topics: ['clicks'], members: 1, config: { 'auto.offset.reset': 'earliest' } },
        ],
      }),
    );
    const acknowledged = world.state.model.history.sends.filter((s) => s.error === 'NONE').length;
    expect(acknowledged).toBe(1_000);
    for (const groupId of ['analytics', 'reporting']) {
      const seen = new Set(world.state.model.history.deliveries.filter((d) => d.groupId === groupId).map((d) => `${d.partition}@${d.offset}`));
      expect(seen.size, groupId).toBe(acknowledged);
      const g = summary.groups[groupId];
      expect(g?.state).toBe('Stable');
      // Both committed everything, each in its own offsets.
      for (const p of Object.values(g?.partitions ?? {})) expect(p.lag).toBe(0);
    }
    expect(summary.groups.analytics?.members).toHaveLength(2);
    expect(summary.groups.reporting?.members).toHaveLength(1);
  });

  it('a consumer joining and one leaving each trigger a rebalance that ends balanced', () => {
    const { world, summary } = runChecked(
      scenario({
        durationMs: 40_000,
        cluster: cluster(),
        topics: [{ name: 't', partitions: 6, replicationFactor: 3 }],
        producers: [{ id: 'p', topic: 't', ratePerSec: 120, key: 'k{seq}' }],
        consumerGroups: [{ groupId: 'g', topics: ['t'], members: 2, config: { 'auto.offset.reset': 'earliest' } }],
        timeline: [
          { atMs: 12_000, do: 'addConsumer', groupId: 'g' },
          { atMs: 25_000, do: 'stopConsumer', consumer: 'consumer-g-1' },
        ],
      }),
      40_000,
      { logs: false },
    );
    const stable = events(world, 'GroupStable');
    const sizes = stable.map((e) => Object.values(e.assignment as Record<string, string[]>).map((a) => a.length).sort());
    expect(sizes).toEqual([
      [3, 3],
      [2, 2, 2],
      [3, 3],
    ]);
    expect(stable.map((e) => e.generation)).toEqual([1, 2, 3]);
    // The one leaving said so: LeaveGroup, not a session timeout.
    expect(events(world, 'MemberLeft')).toHaveLength(1);
    expect(events(world, 'MemberSessionExpired')).toHaveLength(0);
    const g = summary.groups.g;
    expect(g?.members.map((m) => m.clientId).sort()).toEqual(['consumer-g-2', 'consumer-g-3']);
    // Eager rebalances with auto commit: everything is committed before the partitions move.
    expect(g?.checks.duplicates.count).toBe(0);
    expect(g?.checks.skips.count).toBe(0);
    expect(summary.consumers['consumer-g-1']?.status).toBe('stopped');
  });
});


describe('commits and what they promise (§3.6)', () => {
  it('auto commit and a crash: the new owner re-reads the uncommitted window, each record counted once as a duplicate', () => {
    const { world, summary } = runChecked(
      scenario({
        durationMs: 30_000,
        cluster: cluster(),
        topics: [{ name: 't', partitions: 2, replicationFactor: 3 }],
        producers: [{ id: 'p', topic: 't', ratePerSec: 100, key: 'k{seq}' }],
        consumerGroups: [
          {
            groupId: 'g',
            topics: ['t'],
            members: 2,
            processingMsPerRecord: 2,
            config: { 'auto.offset.reset': 'earliest', 'auto.commit.interval.ms': 5_000, 'session.timeout.ms': 6_000, 'heartbeat.interval.ms': 1_000 },
          },
        ],
        timeline: [{ atMs: 14_000, do: 'crashConsumer', consumer: 'consumer-g-1' }],
      }),
      30_000,
      { logs: false },
    );
    const h = world.state.model.history;
    const victim = h.deliveries.filter((d) => d.consumer === 'consumer-g-1');
    const victimPartitions = [...new Set(victim.map((d) => d.partition))];
    expect(victimPartitions).toHaveLength(1);
    const p = victimPartitions[0] as number;
    // What the coordinator had from consumer-g-1 for p when it crashed: its last auto commit.
    const committed = events(world, 'OffsetCommitted').filter((e) => e.atMs < 14_000).map((e) => (e.offsets as Record<string, number>)[`t-${p}`]).filter((o) => o !== undefined);
    const lastCommitted = committed[committed.length - 1] as number;
    const lastDelivered = Math.max(...victim.filter((d) => d.partition === p).map((d) => d.offset));
    // The survivor took p over after the session timeout and started at that committed offset.
    const takeover = h.deliveries.find((d) => d.consumer === 'consumer-g-2' && d.partition === p);
    expect(takeover?.offset).toBe(lastCommitted);
    // It crashed silently: the coordinator noticed when the session ran out, counted from the last heartbeat.
    const victimId = events(world, 'MemberJoined').find((e) => e.clientId === 'consumer-g-1')?.memberId;
    const expired = events(world, 'MemberSessionExpired');
    expect(expired.map((e) => e.memberId)).toEqual([victimId]);
    expect(expired[0]?.atMs).toBeGreaterThan(14_000 + 6_000 - 1_000);
    expect(takeover?.atMs).toBeGreaterThan(expired[0]?.atMs ?? Infinity);
    expect(events(world, 'MemberLeft')).toEqual([]);
    const window = lastDelivered + 1 - lastCommitted;
    expect(window).toBeGreaterThan(50);
    expect(summary.groups.g?.checks.duplicates.count).toBe(window);
    expect(summary.groups.g?.checks.duplicates.examples[0]).toMatch(new RegExp(`^t-${p}@${lastCommitted} was handed to consumer-g-2 again`));
    expect(summary.groups.g?.checks.skips.count).toBe(0);
  });

  it('the mirror case: committing before processing and crashing mid-batch skips the unprocessed records', () => {
    const s = scenario({
      durationMs: 30_000,
      cluster: cluster(),
      topics: [{ name: 't', partitions: 2, replicationFactor: 3 }],
      producers: [{ id: 'p', topic: 't', ratePerSec: 100, key: 'k{seq}' }],
      consumerGroups: [
        {
          groupId: 'g',
          topics: ['t'],
          members: 2,
          // Slower than the producer: the members always have a full batch in hand.
          processingMsPerRecord: 30,
          commit: 'sync',
          config: { 'auto.offset.reset': 'earliest', 'max.poll.records': 100, 'session.timeout.ms': 6_000, 'heartbeat.interval.ms': 1_000 },
        },
      ],
      timeline: [{ atMs: 14_000, do: 'crashConsumer', consumer: 'consumer-g-1' }],
    });
    const { world, summary } = runPrepared(s, (w) => {
      for (const c of Object.values(w.state.model.consumers)) c.commitBeforeProcessing = true;
    });
    const h = world.state.model.history;
    const interrupted = h.processing.find((x) => x.consumer === 'consumer-g-1' && x.processed < x.records);
    expect(interrupted).toBeDefined();
    const lost = (interrupted?.records ?? 0) - (interrupted?.processed ?? 0);
    expect(lost).toBeGreaterThan(0);
    expect(summary.groups.g?.checks.skips.count).toBe(lost);
    expect(summary.groups.g?.checks.skips.examples[0]).toMatch(/were committed past \(up to \d+\) but never processed/);
    // Nothing was handed over twice: the commit ran ahead of the processing.
    expect(summary.groups.g?.checks.duplicates.count).toBe(0);
  });
});

describe('rebalance storms (§3.7)', () => {
  it('pattern A: processing a batch takes longer than max.poll.interval.ms, so the group rebalances again and again and never commits', () => {
    const { world, summary } = runChecked(
      scenario({
        durationMs: 90_000,
        cluster: cluster(),
        topics: [{ name: 't', partitions: 2, replicationFactor: 3 }],
        producers: [{ id: 'p', topic: 't', ratePerSec: 50, key: 'k{seq}', stopMs: 10_000 }],
        consumerGroups: [
          {
            groupId: 'g',
            topics: ['t'],
            members: 2,
            startMs: 10_000,
            processingMsPerRecord: 100,
            // 100 records of 100 ms: 10 s of work between two polls, for a 5 s max.poll.interval.ms.
            config: { 'auto.offset.reset': 'earliest', 'max.poll.records': 100, 'max.poll.interval.ms': 5_000, 'session.timeout.ms': 10_000, 'heartbeat.interval.ms': 1_000 },
          },
        ],
      }),
      90_000,
      { logs: false },
    );
    expect(events(world, 'ConsumerPollTimeout').length).toBeGreaterThanOrEqual(6);
    expect(events(world, 'RebalanceStarted').length).toBeGreaterThanOrEqual(6);
    const commits = world.state.model.history.commits.filter((c) => c.groupId === 'g');
    expect(commits.length).toBeGreaterThan(4);
    expect(commits.every((c) => c.error !== 'NONE')).toBe(true);
    expect(commits.some((c) => c.error === 'CommitFailedException')).toBe(true);
    // No progress: nothing committed, and the first records go round and round.
    for (const p of Object.values(summary.groups.g?.partitions ?? {})) expect(p.committedOffset).toBeNull();
    expect(summary.groups.g?.checks.duplicates.count).toBeGreaterThan(300);
    const lost = world.state.model.history.rebalances.filter((r) => r.callback === 'lost');
    expect(lost.length).toBeGreaterThanOrEqual(4);
  });

  /** A rolling restart of three members: each stops cleanly and comes back two seconds later. */
  const rollingRestart = (config: Record<string, unknown>) =>
    runChecked(
      scenario({
        durationMs: 60_000,
        cluster: cluster(),
        topics: [{ name: 't', partitions: 6, replicationFactor: 3 }],
        producers: [{ id: 'p', topic: 't', ratePerSec: 60, key: 'k{seq}' }],
        consumerGroups: [{ groupId: 'g', topics: ['t'], members: 3, processingMsPerRecord: 1, config: { 'auto.offset.reset': 'earliest', 'session.timeout.ms': 10_000, 'heartbeat.interval.ms': 1_000, ...config } }],
        timeline: [1, 2, 3].flatMap((i) => [
          { atMs: 10_000 * i + 5_000, do: 'stopConsumer', consumer: `consumer-g-${i}` },
          { atMs: 10_000 * i + 7_000, do: 'addConsumer', groupId: 'g' },
        ]),
      }),
      60_000,
      { logs: false },
    );

  /** Partitions taken from a member that keeps running (a restarting member's own close does not count). */
  function reshuffled(world: KafkaWorld): number {
    return world.state.model.history.rebalances.filter((r) => r.callback === 'revoked' && !world.state.events.some((e) => e.type === 'ConsumerStopped' && e.consumer === r.consumer && e.atMs === r.atMs)).reduce((n, r) => n + r.partitions.length, 0);
  }

  it('pattern B: a rolling restart of dynamic members with range rebalances twice per member and reshuffles everyone', () => {
    const { world, summary } = rollingRestart({});
    expect(events(world, 'RebalanceCompleted').length).toBe(1 + 2 * 3);
    // Eager: every rebalance takes every partition from every member. Per restart, the two others
    // give up their 2 each when one leaves, then their 3 each when it comes back.
    expect(reshuffled(world)).toBe(3 * (2 * 2 + 2 * 3));
    expect(summary.groups.g?.members).toHaveLength(3);
  });

  it('pattern B: static members (group.instance.id) with cooperative-sticky come back to their own partitions without a rebalance', () => {
    const { world, summary } = rollingRestart({ 'group.instance.id': 'billing', 'partition.assignment.strategy': ['cooperative-sticky'] });
    expect(events(world, 'RebalanceCompleted')).toHaveLength(1);
    expect(events(world, 'StaticMemberReplaced').map((e) => e.groupInstanceId)).toEqual(['billing-1', 'billing-2', 'billing-3']);
    expect(events(world, 'MemberLeft')).toEqual([]);
    expect(reshuffled(world)).toBe(0);
    const g = summary.groups.g;
    expect(g?.protocol).toBe('cooperative');
    expect(g?.assignor).toBe('cooperative-sticky');
    expect(g?.members.map((m) => [m.instanceId, m.assigned.length]).sort()).toEqual([
      ['billing-1', 2],
      ['billing-2', 2],
      ['billing-3', 2],
    ]);
    // Each instance got back exactly what it had.
    const first = events(world, 'GroupStable')[0]?.assignment as Record<string, string[]>;
    const byInstance = (assignment: Record<string, string[]>) => Object.fromEntries(Object.entries(assignment).map(([id, a]) => [id.split('-').slice(0, 2).join('-'), a]));
    expect(Object.fromEntries((g?.members ?? []).map((m) => [m.instanceId, m.assigned]))).toEqual(byInstance(first));
  });

  it('pattern B: dynamic members with cooperative-sticky still rebalance, but only the restarted member\'s partitions move', () => {
    const { world } = rollingRestart({ 'partition.assignment.strategy': ['cooperative-sticky'] });
    expect(events(world, 'RebalanceCompleted').length).toBeGreaterThanOrEqual(1 + 2 * 3);
    // A leaving member's two partitions go to the others (once, not back and forth), and its successor takes two.
    expect(reshuffled(world)).toBeLessThanOrEqual(2 * 3);
  });
});

describe('zombies (§3.8)', () => {
  it('a consumer paused longer than its session keeps processing a partition the group gave to another member', () => {
    const { world, summary } = runChecked(
      scenario({
        durationMs: 40_000,
        cluster: cluster(),
        topics: [{ name: 't', partitions: 2, replicationFactor: 3 }],
        producers: [{ id: 'p', topic: 't', ratePerSec: 100, key: 'k{seq}' }],
        consumerGroups: [
          {
            groupId: 'g',
            topics: ['t'],
            members: 2,
            processingMsPerRecord: 20,
            commit: 'sync',
            config: { 'auto.offset.reset': 'earliest', 'max.poll.records': 100, 'session.timeout.ms': 6_000, 'heartbeat.interval.ms': 1_000 },
          },
        ],
        // A 10-second GC pause: the application and its heartbeat thread stop alike.
        timeline: [{ atMs: 14_000, do: 'pauseConsumer', consumer: 'consumer-g-1', durationMs: 10_000 }],
      }),
      40_000,
      { logs: false },
    );
    const zombie = events(world, 'MemberJoined').find((e) => e.clientId === 'consumer-g-1')?.memberId;
    expect(events(world, 'MemberSessionExpired').map((e) => e.memberId)).toEqual([zombie]);
    const g = summary.groups.g;
    expect(g?.checks.zombies.count).toBeGreaterThan(0);
    expect(g?.checks.zombies.examples[0]).toMatch(/^consumer-g-1 \(generation 1\) and consumer-g-2 \(generation 2\) both processed t-\d between \d+ and \d+ ms$/);
    const h = world.state.model.history;
    // On waking up it finishes its batch, and its commit is refused: the group has moved on.
    expect(h.commits.some((c) => c.consumer === 'consumer-g-1' && c.sentAtMs >= 24_000 && c.error === 'CommitFailedException')).toBe(true);
    // Only then does it learn it lost its partitions, and re-join.
    expect(h.rebalances.some((r) => r.consumer === 'consumer-g-1' && r.callback === 'lost' && r.atMs >= 24_000)).toBe(true);
    expect(g?.state).toBe('Stable');
    expect(g?.members.map((m) => m.assigned.length)).toEqual([1, 1]);
    // Its side effects are done twice: the records it processed after the takeover are processed again.
    expect(g?.checks.duplicates.count).toBeGreaterThan(0);
  });
});

describe('expired offsets (§3.11)', () => {
  /** A consumer reads for 20 s and stops; the group stays Empty; the consumer comes back at `backAtMs`. */
  const comeBack = (backAtMs: number, reset: 'earliest' | 'latest') =>
    runChecked(
      scenario({
        durationMs: backAtMs + 20_000,
        cluster: cluster({ 'offsets.retention.minutes': 1, 'offsets.retention.check.interval.ms': 5_000 }),
        topics: [{ name: 't', partitions: 1, replicationFactor: 3 }],
        producers: [{ id: 'p', topic: 't', ratePerSec: 20 }],
        consumerGroups: [{ groupId: 'g', topics: ['t'], members: 1, config: { 'auto.offset.reset': reset } }],
        timeline: [
          { atMs: 20_000, do: 'stopConsumer', consumer: 'consumer-g-1' },
          { atMs: backAtMs, do: 'addConsumer', groupId: 'g' },
        ],
      }),
      backAtMs + 20_000,
      { logs: false },
    );

  it('back before offsets.retention.minutes: the consumer resumes from its committed offset', () => {
    const { world, summary } = comeBack(50_000, 'latest');
    expect(events(world, 'OffsetsExpired')).toEqual([]);
    expect(events(world, 'ConsumerPositionFromCommit').length).toBe(1);
    expect(summary.groups.g?.checks.skips.count).toBe(0);
    expect(summary.groups.g?.checks.duplicates.count).toBe(0);
  });

  it('back after the group sat Empty for offsets.retention.minutes with latest: the backlog is skipped silently', () => {
    const { world, summary } = comeBack(100_000, 'latest');
    const expired = events(world, 'OffsetsExpired');
    expect(expired).toHaveLength(1);
    // Expiry counts from when the group became Empty (KIP-211), checked every 5 s.
    expect(expired[0]?.atMs).toBeGreaterThanOrEqual(20_000 + 60_000);
    expect(expired[0]?.atMs).toBeLessThan(20_000 + 60_000 + 5_100);
    expect(events(world, 'GroupRemoved')).toHaveLength(1);
    const jump = events(world, 'ConsumerPositionReset').filter((e) => e.atMs > 100_000);
    expect(jump.map((e) => e.policy)).toEqual(['latest']);
    // Everything produced while the group was away was never processed.
    const committedBefore = events(world, 'OffsetCommitted').filter((e) => e.atMs < 21_000).map((e) => (e.offsets as Record<string, number>)['t-0'] as number).pop() ?? 0;
    expect(summary.groups.g?.checks.skips.count).toBe((jump[0]?.to as number) - committedBefore);
    expect(summary.groups.g?.checks.skips.count).toBeGreaterThan(1_500);
  });

  it('back after expiry with earliest: everything is processed again', () => {
    const { world, summary } = comeBack(100_000, 'earliest');
    const firstLife = world.state.model.history.deliveries.filter((d) => d.atMs < 21_000).length;
    expect(firstLife).toBeGreaterThan(300);
    expect(summary.groups.g?.checks.duplicates.count).toBe(firstLife);
    expect(summary.groups.g?.checks.skips.count).toBe(0);
  });
});

describe('coordinator failover (§2.5, §2.6)', () => {
  it('the broker coordinating a group dies in the middle of a rebalance: the new leader of its __consumer_offsets partition loads the group and the rebalance ends there', () => {
    const s = scenario({
      durationMs: 45_000,
      cluster: cluster({ 'zookeeper.session.timeout.ms': 6_000 }),
      topics: [{ name: 't', partitions: 4, replicationFactor: 3 }],
      producers: [{ id: 'p', topic: 't', ratePerSec: 100, key: 'k{seq}' }],
      consumerGroups: [{ groupId: 'g', topics: ['t'], members: 2, processingMsPerRecord: 5, config: { 'auto.offset.reset': 'earliest', 'max.poll.records': 200, 'session.timeout.ms': 10_000, 'heartbeat.interval.ms': 1_000 } }],
      timeline: [{ atMs: 15_000, do: 'addConsumer', groupId: 'g' }],
    });
    let oldCoordinator = -1;
    let committedBefore: Record<string, number | null> = {};
    const { world, summary } = runPrepared(s, () => {}, {
      atMs: 15_050,
      act: (w) => {
        const g = summarize(w).groups.g;
        // The new member's JoinGroup has started a rebalance that is waiting for the others.
        expect(g?.state).toBe('PreparingRebalance');
        oldCoordinator = g?.coordinator ?? -1;
        committedBefore = Object.fromEntries(Object.entries(g?.partitions ?? {}).map(([k, p]) => [k, p.committedOffset]));
        w.scheduleCommand(15_100, { do: 'crashBroker', broker: oldCoordinator });
      },
    });
    const g = summary.groups.g;
    expect(oldCoordinator).toBeGreaterThan(0);
    expect(g?.coordinator).not.toBe(oldCoordinator);
    expect(g?.coordinator).toBeGreaterThan(0);
    // The new coordinator read the partition (the group and its offsets) before serving it.
    const loaded = world.state.events.find((e) => e.type === 'GroupLoaded' && e.groupId === 'g' && e.broker === g?.coordinator);
    expect(loaded?.generation).toBe(1);
    expect(loaded?.state).toBe('Stable');
    expect(world.state.events.some((e) => e.type === 'GroupCoordinatorLoading' && e.broker === g?.coordinator && (e.records as number) > 0)).toBe(true);
    // The interrupted rebalance ended on the new coordinator: generation 2, three members, balanced.
    const done = events(world, 'RebalanceCompleted').filter((e) => e.broker === g?.coordinator);
    expect(done[0]?.generation).toBe(2);
    expect(g?.state).toBe('Stable');
    expect(g?.members.map((m) => m.assigned.length).sort()).toEqual([1, 1, 2]);
    // Committed offsets survived the failover (they were replicated), and moved on from there.
    for (const [key, before] of Object.entries(committedBefore)) expect(g?.partitions[key]?.committedOffset ?? -1).toBeGreaterThanOrEqual(before ?? 0);
    expect(g?.checks.skips.count).toBe(0);
    expect(g?.checks.zombies.count).toBe(0);
  });
});

describe('the course\'s four commit styles', () => {
  const styled = (commit: string) =>
    runChecked(
      scenario({
        durationMs: 30_000,
        cluster: cluster(),
        topics: [{ name: 't', partitions: 2, replicationFactor: 3 }],
        producers: [{ id: 'p', topic: 't', ratePerSec: 100, key: 'k{seq}' }],
        consumerGroups: [{ groupId: 'g', topics: ['t'], members: 1, commit, processingMsPerRecord: 2, config: { 'auto.offset.reset': 'earliest', 'max.poll.records': 50 } }],
        timeline: [
          { atMs: 15_000, do: 'stopConsumer', consumer: 'consumer-g-1' },
          { atMs: 17_000, do: 'addConsumer', groupId: 'g' },
        ],
      }),
      30_000,
      { logs: false },
    );

  it('auto: commits every auto.commit.interval.ms from inside poll, and once more on close; a clean restart re-reads nothing', () => {
    const { world, summary } = styled('auto');
    const commits = world.state.model.history.commits;
    expect(commits.every((c) => c.style === 'auto')).toBe(true);
    const firstLife = commits.filter((c) => c.sentAtMs < 15_000);
    expect(firstLife.length).toBeGreaterThanOrEqual(2);
    expect(firstLife.length).toBeLessThanOrEqual(4);
    expect(commits.some((c) => c.sentAtMs >= 15_000 && c.sentAtMs < 16_000 && c.error === 'NONE')).toBe(true);
    expect(summary.groups.g?.checks.duplicates.count).toBe(0);
  });

  it('sync: commitSync after each batch blocks the application until the coordinator answers', () => {
    const { world, summary } = styled('sync');
    const h = world.state.model.history;
    const commits = h.commits.filter((c) => c.style === 'sync');
    const batches = h.processing.filter((x) => x.consumer === 'consumer-g-1');
    expect(commits.length).toBeGreaterThan(batches.length - 5);
    for (const c of commits) expect(h.deliveries.some((d) => d.atMs > c.sentAtMs && d.atMs < c.completedAtMs)).toBe(false);
    expect(summary.groups.g?.checks.duplicates.count).toBe(0);
  });

  it('async: commitAsync does not wait; the application polls and processes while commits are on their way', () => {
    const { world } = styled('async');
    const h = world.state.model.history;
    const commits = h.commits.filter((c) => c.style === 'async');
    expect(commits.length).toBeGreaterThan(20);
    expect(commits.some((c) => h.deliveries.some((d) => d.atMs > c.sentAtMs && d.atMs < c.completedAtMs))).toBe(true);
    // No final commitSync: close() only waits for the commits in flight.
    expect(h.commits.some((c) => c.style === 'close')).toBe(false);
  });

  it('async in the loop, sync on close: the last commit before stopping is a commitSync', () => {
    const { world, summary } = styled('asyncThenSyncOnClose');
    const close = world.state.model.history.commits.filter((c) => c.style === 'close');
    expect(close).toHaveLength(1);
    expect(close[0]?.error).toBe('NONE');
    expect(close[0]?.sentAtMs).toBeGreaterThanOrEqual(15_000);
    expect(summary.groups.g?.checks.duplicates.count).toBe(0);
  });
});

describe('subscriptions', () => {
  it('a pattern subscription picks up a new matching topic at the next metadata refresh and rebalances onto it', () => {
    const { world, summary } = runChecked(
      scenario({
        durationMs: 30_000,
        cluster: cluster(),
        topics: [{ name: 'orders-eu', partitions: 2, replicationFactor: 3 }, { name: 'audit', partitions: 1, replicationFactor: 3 }],
        producers: [{ id: 'us', topic: 'orders-us', ratePerSec: 20, startMs: 12_000 }],
        consumerGroups: [{ groupId: 'g', topicPattern: 'orders-.*', members: 2, config: { 'auto.offset.reset': 'earliest', 'metadata.max.age.ms': 3_000 } }],
        timeline: [{ atMs: 10_000, do: 'createTopic', topic: { name: 'orders-us', partitions: 2, replicationFactor: 3 } }],
      }),
      30_000,
      { logs: false },
    );
    const joins = events(world, 'ConsumerJoining').filter((e) => e.atMs > 10_000);
    expect(joins.some((e) => /subscription changed/.test(e.reason as string))).toBe(true);
    const assigned = (summary.groups.g?.members ?? []).flatMap((m) => m.assigned).sort();
    expect(assigned).toEqual(['orders-eu-0', 'orders-eu-1', 'orders-us-0', 'orders-us-1']);
    expect(world.state.model.history.deliveries.some((d) => d.topic === 'orders-us')).toBe(true);
    expect(world.state.model.history.deliveries.some((d) => d.topic === 'audit')).toBe(false);
  });
});

describe('the group invariants fire when broken', () => {
  function brokenAfterRun(breakIt: (w: KafkaWorld) => void): string[] {
    const w = buildWorld(
      scenario({
        durationMs: 12_000,
        cluster: cluster(),
        topics: [{ name: 't', partitions: 2, replicationFactor: 3 }],
        producers: [{ id: 'p', topic: 't', ratePerSec: 50, key: 'k{seq}' }],
        consumerGroups: [{ groupId: 'g', topics: ['t'], members: 2, config: { 'auto.offset.reset': 'earliest' } }],
      }),
    );
    const checker = createInvariantChecker({ logs: false });
    w.runUntil(12_000);
    expect(checker.check(w.state.model, w.nowMs, w.state.events)).toEqual([]);
    breakIt(w);
    return checker.check(w.state.model, w.nowMs, w.state.events);
  }
  const group = (w: KafkaWorld) => {
    const id = summarize(w).groups.g?.coordinator ?? -1;
    const g = w.state.model.brokers[String(id)]?.groupCoordinator.groups.g;
    if (g === undefined) throw new Error('no group g');
    return g;
  };

  it('two members owning one partition in a Stable group', () => {
    const v = brokenAfterRun((w) => {
      const [a, b] = Object.values(group(w).members);
      if (a !== undefined && b !== undefined) b.assignment = [...b.assignment, ...a.assignment];
    });
    expect(v[0]).toMatch(/in Stable group g \(generation 1\) t-\d belongs to both/);
  });

  it('a committed offset moving back without a reset', () => {
    const v = brokenAfterRun((w) => {
      const o = group(w).offsets['t-0'];
      if (o !== undefined) o.offset -= 10;
    });
    expect(v[0]).toMatch(/committed offset of t-0 moved back/);
  });

  it('a rebalance that skips a generation', () => {
    const v = brokenAfterRun((w) => {
      const g = group(w);
      g.generation += 2;
      w.emit('RebalanceCompleted', { broker: summarize(w).groups.g?.coordinator, starts: 1, groupId: 'g', partition: g.partition, generation: g.generation });
    });
    expect(v[0]).toMatch(/completed a rebalance into generation 3 after generation 1/);
  });
});

describe('kafka-consumer-groups --reset-offsets', () => {
  it('is refused while the group has members; once it is empty, rewinding to earliest makes the next member read everything again', () => {
    const { world, summary } = runChecked(
      scenario({
        durationMs: 30_000,
        cluster: cluster(),
        topics: [{ name: 't', partitions: 2, replicationFactor: 3 }],
        producers: [{ id: 'p', topic: 't', ratePerSec: 50, key: 'k{seq}', stopMs: 8_000 }],
        consumerGroups: [{ groupId: 'g', topics: ['t'], members: 1, config: { 'auto.offset.reset': 'earliest' } }],
        timeline: [
          { atMs: 9_000, do: 'resetOffsets', groupId: 'g', topic: 't', to: 'earliest' },
          { atMs: 10_000, do: 'stopConsumer', consumer: 'consumer-g-1' },
          { atMs: 12_000, do: 'resetOffsets', groupId: 'g', topic: 't', to: 'earliest' },
          { atMs: 14_000, do: 'addConsumer', groupId: 'g' },
        ],
      }),
      30_000,
      { logs: false },
    );
    expect(world.state.model.rejectedCommands.map((r) => r.error)).toEqual(["Assignments can only be reset if the group 'g' is inactive, but the current state is Stable."]);
    const reset = events(world, 'OffsetsReset');
    expect(reset).toHaveLength(1);
    expect(reset[0]?.offsets).toEqual({ 't-0': 0, 't-1': 0 });
    const firstLife = world.state.model.history.deliveries.filter((d) => d.atMs < 10_000).length;
    expect(firstLife).toBe(400);
    // The rewind is an explicit reset: the committed offsets went back, and everything came again.
    expect(summary.groups.g?.checks.duplicates.count).toBe(400);
    for (const p of Object.values(summary.groups.g?.partitions ?? {})) expect(p.lag).toBe(0);
  });
});

describe('what the coordinator refuses', () => {
  it('a new member first gets MEMBER_ID_REQUIRED with its id (KIP-394), then joins with it', () => {
    const { world } = runChecked(
      scenario({ durationMs: 8_000, cluster: cluster(), topics: [{ name: 't', partitions: 1, replicationFactor: 3 }], consumerGroups: [{ groupId: 'g', topics: ['t'], members: 1 }] }),
      8_000,
      { logs: false },
    );
    const joins = events(world, 'ConsumerJoining');
    expect(joins[0]?.memberId).toBe('');
    expect(joins[1]?.reason).toBe('need to re-join with the given member id');
    expect(joins[1]?.memberId).toMatch(/^consumer-g-1-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(events(world, 'MemberJoined').map((e) => e.memberId)).toEqual([joins[1]?.memberId]);
  });

  it('a session timeout outside the broker\'s bounds, or a full group, stops the consumer with the error', () => {
    const { world, summary } = runChecked(
      scenario({
        durationMs: 12_000,
        cluster: cluster({ 'group.max.size': 2 }),
        topics: [{ name: 't', partitions: 3, replicationFactor: 3 }],
        consumerGroups: [
          { groupId: 'small', topics: ['t'], members: 3 },
          { groupId: 'hasty', topics: ['t'], members: 1, config: { 'session.timeout.ms': 5_000, 'heartbeat.interval.ms': 1_000 } },
        ],
      }),
      12_000,
      { logs: false },
    );
    const errors = world.state.events.filter((e) => e.type === 'ConsumerError').map((e) => `${String(e.consumer)}: ${String(e.error)}`);
    // Which of the three members arrives last is up to the network.
    expect(errors).toHaveLength(2);
    expect(errors).toContain('consumer-hasty-1: INVALID_SESSION_TIMEOUT');
    expect(errors.filter((e) => /^consumer-small-\d: GROUP_MAX_SIZE_REACHED$/.test(e))).toHaveLength(1);
    expect(Object.values(summary.consumers).filter((c) => c.status === 'failed')).toHaveLength(2);
    expect(summary.groups.small?.members).toHaveLength(2);
    expect(summary.groups.hasty?.state).toBe('Dead');
  });
});
