/**
 * The control plane, as the course and Kafka's failure stories tell it: ZooKeeper sessions, the
 * race for /controller, leader elections, leader epochs and truncation, controlled shutdown.
 * Every run checks the invariants after every few steps.
 */
import { describe, expect, it } from 'vitest';
import { runChecked, scenario } from './helpers';
import type { DomainEvent } from '../src/sim/types';
import { applyLeaderAndIsr } from '../src/kafka/broker/partition-state';
import { ackedAloneThenFailover, alternatingUncleanElections, divergentLogs, lastReplicaStanding, loneLeaderDies } from './failure-stories';

const zk = (extra: Record<string, unknown> = {}) => ({ brokers: 3, controller: 'zookeeper', network: { latencyMs: 2, jitterMs: 1 }, ...extra });
const of = (events: DomainEvent[], type: string) => events.filter((e) => e.type === type);

describe('ZooKeeper mode: who is the controller?', () => {
  it('brokers register, exactly one wins /controller, and it creates the topics', () => {
    const { world, summary } = runChecked(
      scenario({ durationMs: 3_000, cluster: zk(), topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }] }),
      3_000,
      { every: 5 },
    );
    const events = world.state.events;
    expect(of(events, 'BrokerRegistered').map((e) => e.broker).sort()).toEqual([1, 2, 3]);
    const elected = of(events, 'ControllerElected');
    expect(elected).toHaveLength(1);
    expect(elected[0]?.epoch).toBe(1);
    expect(summary.controller).toMatchObject({ mode: 'zookeeper', brokerId: elected[0]?.broker, epoch: 1 });
    expect(Object.keys(summary.topics.orders?.partitions ?? {})).toEqual(['0', '1', '2']);
    for (const p of Object.values(summary.topics.orders?.partitions ?? {})) expect(p.isr.length).toBe(3);
  });

  it('when the controller dies, another broker wins /controller once its session expires, with epoch 2', () => {
    const { world, summary } = runChecked(
      scenario({ durationMs: 40_000, cluster: zk(), topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }] , timeline: [] }),
      2_000,
    );
    const first = of(world.state.events, 'ControllerElected')[0]?.broker as number;
    expect(summary.controller.brokerId).toBe(first);
    const s2 = scenario({ durationMs: 40_000, cluster: zk(), topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }], timeline: [{ atMs: 5_000, do: 'crashBroker', broker: first }] });
    const after = runChecked(s2, 40_000, { every: 20 });
    const elected = of(after.world.state.events, 'ControllerElected');
    expect(elected).toHaveLength(2);
    expect(elected[1]?.epoch).toBe(2);
    expect(elected[1]?.broker).not.toBe(first);
    // Not before the dead controller's session could have expired (18 s, pings every 6 s).
    expect(elected[1]?.atMs).toBeGreaterThanOrEqual(5_000 + 12_000);
    expect(elected[1]?.atMs).toBeLessThanOrEqual(5_000 + 18_000 + 1_000);
  });
});

describe('failover timing', () => {
  const withLeaderOn1 = (timeline: unknown[], controller = 'zookeeper') =>
    scenario({
      durationMs: 40_000,
      cluster: zk({ controller }),
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 3, replicaAssignment: [[1, 2, 3]] }],
      producers: [{ id: 'shop', topic: 'orders', ratePerSec: 20, key: 'k', config: { acks: 'all' } }],
      timeline,
    });

  it('after a crash the new leader appears once the session expires, not sooner', () => {
    const { world, summary } = runChecked(withLeaderOn1([{ atMs: 10_000, do: 'crashBroker', broker: 1 }]), 40_000, { every: 20 });
    const moved = of(world.state.events, 'LeaderElected').find((e) => e.topic === 'orders' && e.previousLeader === 1);
    expect(moved?.leader).toBe(2);
    expect(moved?.atMs).toBeGreaterThanOrEqual(10_000 + 12_000);
    expect(moved?.atMs).toBeLessThanOrEqual(10_000 + 18_000 + 1_000);
    expect(summary.topics.orders?.partitions['0']?.leader).toBe(2);
    expect(summary.topics.orders?.partitions['0']?.isr.sort()).toEqual([2, 3]);
    // The producer followed the leadership and nothing acknowledged was lost.
    expect(summary.checks.lostAcknowledged.count).toBe(0);
    const afterFailover = world.state.model.history.sends.filter((s) => s.sentAtMs > 30_000);
    expect(afterFailover.length).toBeGreaterThan(150);
    expect(afterFailover.every((s) => s.error === 'NONE')).toBe(true);
  });

  it('after a controlled shutdown the new leader appears at once', () => {
    const { world, summary } = runChecked(withLeaderOn1([{ atMs: 10_000, do: 'shutdownBroker', broker: 1 }]), 20_000, { every: 20 });
    const moved = of(world.state.events, 'LeaderElected').find((e) => e.previousLeader === 1);
    expect(moved?.reason).toBe('controlled-shutdown');
    expect(moved?.atMs).toBeLessThan(10_100);
    expect(summary.brokers['1']?.status).toBe('stopped');
    expect(summary.checks.lostAcknowledged.count).toBe(0);
  });

  it('a restarted broker catches up, rejoins the ISR, and preferred election gives it its leadership back', () => {
    const { world, summary } = runChecked(
      withLeaderOn1([
        { atMs: 5_000, do: 'crashBroker', broker: 1 },
        { atMs: 30_000, do: 'restartBroker', broker: 1 },
        { atMs: 60_000, do: 'electPreferredLeaders' },
      ]),
      70_000,
      { every: 50 },
    );
    const p = summary.topics.orders?.partitions['0'];
    expect(p?.leader).toBe(1);
    expect(p?.isr.sort()).toEqual([1, 2, 3]);
    expect(of(world.state.events, 'LeaderElected').some((e) => e.reason === 'preferred' && e.leader === 1)).toBe(true);
    expect(summary.checks.lostAcknowledged.count).toBe(0);
  });
});

describe('KRaft mode', () => {
  const kraft = (extra: Record<string, unknown> = {}) => ({ brokers: 3, controller: 'kraft', kraftControllers: 3, network: { latencyMs: 2, jitterMs: 1 }, ...extra });

  it('the quorum elects one leader; brokers register fenced, are unfenced, and the topics are created', () => {
    const { world, summary } = runChecked(scenario({ durationMs: 5_000, cluster: kraft(), topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }] }), 5_000, { every: 5 });
    expect(of(world.state.events, 'RaftLeaderElected')).toHaveLength(1);
    expect(summary.controller.mode).toBe('kraft');
    expect(of(world.state.events, 'BrokerUnfenced').map((e) => e.broker).sort()).toEqual([1, 2, 3]);
    for (const p of Object.values(summary.topics.orders?.partitions ?? {})) expect(p.isr.length).toBe(3);
  });

  const withLeaderOn1 = (timeline: unknown[]) =>
    scenario({
      durationMs: 30_000,
      cluster: kraft(),
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 3, replicaAssignment: [[1, 2, 3]] }],
      producers: [{ id: 'shop', topic: 'orders', ratePerSec: 20, key: 'k', config: { acks: 'all' } }],
      timeline,
    });

  it('after a crash the broker is fenced once broker.session.timeout.ms passes, and only then does leadership move', () => {
    const { world, summary } = runChecked(withLeaderOn1([{ atMs: 10_000, do: 'crashBroker', broker: 1 }]), 30_000, { every: 20 });
    const fenced = of(world.state.events, 'BrokerFenced').find((e) => e.broker === 1);
    const moved = of(world.state.events, 'LeaderElected').find((e) => e.previousLeader === 1);
    // Heartbeats every 2 s, fenced 9 s after the last one.
    expect(fenced?.atMs).toBeGreaterThanOrEqual(10_000 + 9_000 - 2_000);
    expect(fenced?.atMs).toBeLessThanOrEqual(10_000 + 9_000 + 1_000);
    expect(moved?.atMs).toBeGreaterThanOrEqual(fenced?.atMs as number);
    expect(moved?.leader).toBe(2);
    expect(summary.checks.lostAcknowledged.count).toBe(0);
    expect(world.state.model.history.sends.filter((s) => s.sentAtMs > 22_000).every((s) => s.error === 'NONE')).toBe(true);
  });

  it('a controlled shutdown moves leadership at once', () => {
    const { world, summary } = runChecked(withLeaderOn1([{ atMs: 10_000, do: 'shutdownBroker', broker: 1 }]), 20_000, { every: 20 });
    const moved = of(world.state.events, 'LeaderElected').find((e) => e.previousLeader === 1);
    expect(moved?.atMs).toBeLessThan(10_500);
    expect(summary.brokers['1']?.status).toBe('stopped');
    expect(summary.checks.lostAcknowledged.count).toBe(0);
  });

  it('the active controller dies: the others elect a new quorum leader and the cluster carries on', () => {
    const { world, summary } = runChecked(
      scenario({ durationMs: 20_000, cluster: kraft(), topics: [{ name: 'orders', partitions: 1, replicationFactor: 3 }], producers: [{ id: 'shop', topic: 'orders', ratePerSec: 20, config: { acks: 'all' } }], timeline: [{ atMs: 8_000, do: 'crashNode', node: 'controller-3' }] }),
      20_000,
      { every: 20 },
    );
    const leaders = of(world.state.events, 'RaftLeaderElected');
    // With this seed controller-3 wins the first election; it is the one crashed.
    expect(leaders[0]?.controller).toBe(3);
    expect(leaders.length).toBeGreaterThanOrEqual(2);
    expect(leaders[leaders.length - 1]?.controller).not.toBe(leaders[0]?.controller);
    expect(summary.producers.shop?.failed).toEqual({});
  });

});

describe('more failure stories', () => {
  it('a leader cut off from ZooKeeper but not from its clients keeps acknowledging (acks=1) after a new leader was elected; those writes are lost', () => {
    const { world, summary } = runChecked(
      scenario({
        durationMs: 60_000,
        // Broker 9 starts first and is the controller; the partition is led by 2.
        cluster: { brokers: [9, 1, 2, 3], controller: 'zookeeper', network: { latencyMs: 2, jitterMs: 1 } },
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 3, replicaAssignment: [[2, 3, 1]] }],
        producers: [{ id: 'shop', topic: 'orders', ratePerSec: 20, key: 'k', config: { acks: 1 } }],
        timeline: [
          { atMs: 5_000, do: 'isolate', a: ['broker-2'], b: ['zk-1', 'broker-9'] },
          { atMs: 35_000, do: 'heal' },
        ],
      }),
      60_000,
      { every: 50 },
    );
    expect(summary.controller.brokerId).toBe(9);
    const elected = of(world.state.events, 'LeaderElected').find((e) => e.previousLeader === 2);
    expect(elected?.leader).toBe(3);
    // The window: broker 2 still acknowledged writes after broker 3 was made leader.
    const inWindow = world.state.model.history.sends.filter((s) => s.error === 'NONE' && s.completedAtMs > (elected?.atMs as number) + 100 && s.completedAtMs < 35_000);
    expect(inWindow.length).toBeGreaterThan(0);
    expect(summary.checks.lostAcknowledged.count).toBeGreaterThanOrEqual(inWindow.length);
    expect(summary.checks.divergent.count).toBe(0);
  });

  it('a broker obeys no controller older than the newest it has heard from (STALE_CONTROLLER_EPOCH)', () => {
    const { world } = runChecked(scenario({ durationMs: 2_000, cluster: zk(), topics: [{ name: 't', partitions: 1, replicationFactor: 3 }] }), 2_000);
    const b = world.state.model.brokers['2'];
    if (b === undefined) throw new Error('no broker 2');
    const before = JSON.stringify(b.replicas['t-0']?.state);
    const stale = { correlationId: 1, controllerId: 3, controllerEpoch: 0, partitions: [{ topic: 't', partition: 0, leader: 3, leaderEpoch: 99, isr: [3], replicas: [1, 2, 3], partitionEpoch: 99 }], topicConfigs: {} };
    expect(applyLeaderAndIsr(world, b, stale)).toBe('STALE_CONTROLLER_EPOCH');
    expect(JSON.stringify(b.replicas['t-0']?.state)).toBe(before);
  });
});

for (const mode of ['zookeeper', 'kraft'] as const) {
  describe(`failure stories (${mode})`, () => {
    it('§3.1: with acks=1, writes the leader acknowledged alone are lost when it fails over', () => {
      const { world, summary } = runChecked(ackedAloneThenFailover(mode), 60_000, { every: 50 });
      const acked = world.state.model.history.sends.filter((x) => x.error === 'NONE' && x.sentAtMs < 8_000 && x.sentAtMs > 7_000);
      expect(acked.length).toBeGreaterThan(40);
      expect(summary.checks.lostAcknowledged.count).toBeGreaterThan(5);
      expect(summary.checks.divergent.count).toBe(0);
      // Broker 1 came back as a follower and now holds exactly the leader's log.
      const p = summary.topics.orders?.partitions['0'];
      expect(p?.replicaLogs['1']?.logEndOffset).toBe(p?.logEndOffset);
      expect(of(world.state.events, 'FollowerTruncated').some((e) => e.broker === 1)).toBe(true);
    });

    it('§3.2 (Jepsen 2013): with unclean election an out-of-sync replica leads and the lone leader\'s writes are lost', () => {
      const { world, summary } = runChecked(loneLeaderDies(mode, true), 80_000, { every: 50 });
      expect(of(world.state.events, 'IsrShrunk').some((e) => JSON.stringify(e.isr) === '[2]')).toBe(true);
      expect(of(world.state.events, 'LeaderElected').find((e) => e.unclean === true)?.leader).toBe(3);
      expect(summary.checks.lostAcknowledged.count).toBeGreaterThan(50);
      expect(summary.checks.divergent.count).toBe(0);
    });

    it('§3.2 without unclean election: the partition waits offline for its last ISR member, and nothing is lost', () => {
      const { world, summary } = runChecked(loneLeaderDies(mode, false), 80_000, { every: 50 });
      expect(of(world.state.events, 'PartitionOffline').length).toBeGreaterThan(0);
      expect(of(world.state.events, 'LeaderElected').some((e) => e.unclean === true)).toBe(false);
      expect(summary.topics.orders?.partitions['0']?.leader).toBe(2);
      expect(summary.checks.lostAcknowledged.count).toBe(0);
    });

    it('§3.4 with leader epochs (KIP-101): the returning follower truncates where its history diverged; logs are identical', () => {
      const { summary } = runChecked(divergentLogs(mode, 'leader-epoch'), 120_000, { every: 50 });
      const p = summary.topics.t?.partitions['0'];
      expect(p?.leader).toBe(2);
      expect(p?.logEndOffset).toBe(15);
      expect(p?.replicaLogs['3']?.logEndOffset).toBe(15);
      expect(summary.checks.divergent.count).toBe(0);
      // The two unflushed records were acknowledged and are gone: a power failure's price, not divergence.
      expect(summary.checks.lostAcknowledged.count).toBe(2);
    });

    it('§3.4 with the pre-0.11 high-watermark rule: the follower keeps records the leader never had, and the logs diverge', () => {
      expect(runChecked(divergentLogs(mode, 'high-watermark'), 120_000, { every: 50 }).summary.checks.divergent.count).toBeGreaterThan(0);
    });

    it('§3.5 last replica standing: the lone ISR member loses its unflushed tail and comes back as leader; committed data is gone everywhere', () => {
      const { world, summary } = runChecked(lastReplicaStanding(mode), 90_000, { every: 50 });
      expect(of(world.state.events, 'IsrShrunk').some((e) => JSON.stringify(e.isr) === '[1]')).toBe(true);
      expect(of(world.state.events, 'LeaderElected').find((e) => e.leader === 1 && e.atMs > 45_000)?.unclean).toBe(false);
      expect(summary.checks.lostAcknowledged.count).toBeGreaterThan(20);
      expect(summary.checks.divergent.count).toBe(0);
    });

    it('§3.10: alternating unclean elections end with identical logs (leader epochs)', () => {
      const { summary } = runChecked(alternatingUncleanElections(mode), 60_000, { every: 10 });
      const p = summary.topics.t?.partitions['0'];
      expect(p?.replicaLogs['2']?.logEndOffset).toBe(p?.replicaLogs['3']?.logEndOffset);
      expect(summary.checks.divergent.count).toBe(0);
      // The price of unclean election: writes acknowledged on the losing side are gone.
      expect(summary.checks.lostAcknowledged.count).toBeGreaterThan(0);
    });
  });
}

describe('§3.3 KIP-101 scenario 1', () => {
  // A (1) leads, B (2) and C (3) follow; the controller is broker 9. Two records are written
  // (acks=all); before the followers learn the new high watermark, A leaves in a controlled
  // shutdown: B leads and C becomes its follower. B's answers to C are held up, then B dies, and
  // C, still in the ISR, becomes leader.
  const story = (truncation: string) =>
    runChecked(
      scenario({
        durationMs: 40_000,
        cluster: { brokers: [9, 1, 2, 3], controller: 'zookeeper', replication: { truncation }, config: { 'min.insync.replicas': 1 } },
        topics: [{ name: 't', partitions: 1, replicationFactor: 3, replicaAssignment: [[1, 2, 3]] }],
        producers: [{ id: 'p', topic: 't', ratePerSec: 10, count: 2, startMs: 2_000, key: 'k', config: { acks: 'all', 'linger.ms': 0 } }],
        timeline: [
          { atMs: 2_200, do: 'slowLink', from: 'broker-2', to: 'broker-3', extraLatencyMs: 60_000, bothWays: false },
          { atMs: 2_300, do: 'shutdownBroker', broker: 1 },
          { atMs: 3_000, do: 'crashBroker', broker: 2 },
        ],
      }),
      40_000,
      { every: 10 },
    );

  it('with the high-watermark rule, C cut its log to its stale high watermark and the acknowledged m2 is gone', () => {
    const { world, summary } = story('high-watermark');
    expect(of(world.state.events, 'FollowerTruncated').some((e) => e.broker === 3 && e.rule === 'high-watermark')).toBe(true);
    expect(summary.topics.t?.partitions['0']?.leader).toBe(3);
    expect(summary.checks.lostAcknowledged.count).toBe(1);
  });

  it('with leader epochs, C keeps m2 and nothing is lost', () => {
    const { summary } = story('leader-epoch');
    expect(summary.topics.t?.partitions['0']?.leader).toBe(3);
    expect(summary.checks.lostAcknowledged.count).toBe(0);
  });
});

describe('auto.leader.rebalance.enable', () => {
  it('a returned preferred leader gets its leadership back at the next imbalance check', () => {
    const { world, summary } = runChecked(
      scenario({
        durationMs: 80_000,
        cluster: { brokers: [9, 1, 2, 3], controller: 'zookeeper', config: { 'leader.imbalance.check.interval.seconds': 10, 'leader.imbalance.per.broker.percentage': 0 } },
        topics: [{ name: 't', partitions: 1, replicationFactor: 3, replicaAssignment: [[1, 2, 3]] }],
        producers: [{ id: 'p', topic: 't', ratePerSec: 10, key: 'k' }],
        timeline: [
          { atMs: 5_000, do: 'crashBroker', broker: 1 },
          { atMs: 35_000, do: 'restartBroker', broker: 1 },
        ],
      }),
      80_000,
      { every: 50 },
    );
    const back = of(world.state.events, 'LeaderElected').find((e) => e.leader === 1 && e.reason === 'preferred');
    expect(back).toBeDefined();
    expect(summary.topics.t?.partitions['0']?.leader).toBe(1);
  });
});

describe('idempotence across a leader change', () => {
  it('a batch retried to the new leader is recognised: its followers kept the producer state of what they copied', () => {
    const { summary } = runChecked(
      scenario({
        durationMs: 40_000,
        cluster: { brokers: 3, controller: 'zookeeper', config: { 'min.insync.replicas': 2 } },
        topics: [{ name: 't', partitions: 1, replicationFactor: 3, replicaAssignment: [[1, 2, 3]] }],
        producers: [{ id: 'p', topic: 't', ratePerSec: 50, config: { acks: 'all', 'enable.idempotence': true, 'linger.ms': 0, 'request.timeout.ms': 1_000, 'retry.backoff.ms': 100 } }],
        timeline: [
          // The leader's answers to the producer are lost, then it dies; the batches are retried to the new leader.
          { atMs: 5_000, do: 'isolate', a: ['broker-1'], b: ['producer-p'], oneWay: true },
          { atMs: 5_300, do: 'crashBroker', broker: 1 },
          { atMs: 8_000, do: 'heal' },
        ],
      }),
      40_000,
      { every: 20 },
    );
    expect(summary.topics.t?.partitions['0']?.leader).not.toBe(1);
    expect(summary.checks.duplicates).toEqual({ count: 0, examples: [] });
    expect(summary.checks.lostAcknowledged.count).toBe(0);
    expect(summary.producers.p?.acknowledged).toBeGreaterThan(1_500);
  });
});

describe('preferred leader election on KRaft', () => {
  it('the admin request reaches the active controller and its answer says how many leaders moved back', () => {
    const s = scenario({
      seed: 3,
      durationMs: 40_000,
      cluster: { brokers: 3, controller: 'kraft', config: { 'auto.leader.rebalance.enable': false } },
      topics: [{ name: 't', partitions: 3, replicationFactor: 3 }],
      timeline: [
        { atMs: 3_000, do: 'shutdownBroker', broker: 1 },
        { atMs: 8_000, do: 'restartBroker', broker: 1 },
        { atMs: 25_000, do: 'electPreferredLeaders' },
      ],
    });
    const { world, summary } = runChecked(s);
    const events = world.state.events;
    expect(events.some((e) => e.type === 'UnsupportedRequest')).toBe(false);
    expect(events.find((e) => e.type === 'PreferredLeaderElection' && e.moved !== undefined)).toMatchObject({ moved: 1, error: 'NONE' });
    for (const p of Object.values(summary.topics.t?.partitions ?? {})) expect(p.leader).toBe(p.replicas[0]);
  });
});
