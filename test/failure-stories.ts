/**
 * The broker failure stories of kafka-reference.md §3, as scenarios that run on either control
 * plane. `cluster` says which: in ZooKeeper mode broker 9 starts first and wins /controller, so
 * the stories' replicas (brokers 1–3) are never the controller.
 */
import type { Scenario } from '../src/scenario/schema';
import { scenario } from './helpers';

export type Mode = 'zookeeper' | 'kraft';

export function storyCluster(mode: Mode, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const base = mode === 'zookeeper' ? { brokers: [9, 1, 2, 3], controller: 'zookeeper' } : { brokers: 3, controller: 'kraft', kraftControllers: 1 };
  return { ...base, network: { latencyMs: 2, jitterMs: 1 }, ...extra };
}

/** §3.1: acks=1, the followers fall behind on a slow link, the leader dies and later returns. */
export function ackedAloneThenFailover(mode: Mode): Scenario {
  return scenario({
    durationMs: 60_000,
    cluster: storyCluster(mode),
    topics: [{ name: 'orders', partitions: 1, replicationFactor: 3, replicaAssignment: [[1, 2, 3]] }],
    producers: [{ id: 'shop', topic: 'orders', ratePerSec: 50, key: 'k', config: { acks: 1 } }],
    timeline: [
      { atMs: 5_000, do: 'slowLink', from: 'broker-1', to: 'broker-2', extraLatencyMs: 400 },
      { atMs: 5_000, do: 'slowLink', from: 'broker-1', to: 'broker-3', extraLatencyMs: 400 },
      { atMs: 8_000, do: 'crashBroker', broker: 1 },
      { atMs: 9_000, do: 'heal' },
      { atMs: 40_000, do: 'restartBroker', broker: 1 },
    ],
  });
}

/** §3.2 (Jepsen 2013): the follower is cut off, the ISR shrinks to the leader, which then dies. */
export function loneLeaderDies(mode: Mode, unclean: boolean): Scenario {
  return scenario({
    durationMs: 80_000,
    cluster: storyCluster(mode, { config: { 'replica.lag.time.max.ms': 4_000, 'min.insync.replicas': 1, 'unclean.leader.election.enable': unclean } }),
    topics: [{ name: 'orders', partitions: 1, replicationFactor: 2, replicaAssignment: [[2, 3]] }],
    producers: [{ id: 'shop', topic: 'orders', ratePerSec: 20, key: 'k', config: { acks: 'all', 'delivery.timeout.ms': 120_000 } }],
    timeline: [
      { atMs: 5_000, do: 'isolate', a: ['broker-2'], b: ['broker-3'] },
      { atMs: 15_000, do: 'crashBroker', broker: 2 },
      { atMs: 16_000, do: 'heal' },
      { atMs: 50_000, do: 'restartBroker', broker: 2 },
    ],
  });
}

/**
 * §3.4, executable variant (shouldNotAllowDivergentLogs): 7 records; the follower stops, the
 * leader loses its power and its 2 unflushed records; it comes back alone, 10 more are written;
 * then the follower returns.
 */
export function divergentLogs(mode: Mode, truncation: 'leader-epoch' | 'high-watermark'): Scenario {
  return scenario({
    seed: 3,
    durationMs: 120_000,
    cluster: storyCluster(mode, { replication: { truncation }, osFlushIntervalMs: 3_600_000, config: { 'zookeeper.session.timeout.ms': 6_000 } }),
    topics: [{ name: 't', partitions: 1, replicationFactor: 2, replicaAssignment: [[2, 3]], config: { 'flush.messages': 5, 'min.insync.replicas': 1 } }],
    producers: [
      { id: 'first', topic: 't', ratePerSec: 10, count: 7, startMs: 3_000, key: 'k', config: { acks: 'all', 'linger.ms': 0 } },
      { id: 'second', topic: 't', ratePerSec: 10, count: 10, startMs: 60_000, key: 'k', config: { acks: 'all', 'linger.ms': 0, 'delivery.timeout.ms': 60_000 } },
    ],
    timeline: [
      { atMs: 10_000, do: 'shutdownBroker', broker: 3 },
      { atMs: 12_000, do: 'powerFailBroker', broker: 2 },
      { atMs: 30_000, do: 'restartBroker', broker: 2 },
      { atMs: 80_000, do: 'restartBroker', broker: 3 },
    ],
  });
}

/** §3.5 last replica standing: the ISR shrinks to the leader, which loses its unflushed tail. */
export function lastReplicaStanding(mode: Mode): Scenario {
  return scenario({
    durationMs: 90_000,
    cluster: storyCluster(mode, { osFlushIntervalMs: 3_600_000, config: { 'replica.lag.time.max.ms': 4_000, 'min.insync.replicas': 2 } }),
    topics: [{ name: 'orders', partitions: 1, replicationFactor: 3, replicaAssignment: [[1, 2, 3]] }],
    producers: [{ id: 'shop', topic: 'orders', ratePerSec: 20, key: 'k', config: { acks: 'all' } }],
    timeline: [
      { atMs: 5_000, do: 'isolate', a: ['broker-1'], b: ['broker-2'] },
      { atMs: 12_000, do: 'isolate', a: ['broker-1'], b: ['broker-3'] },
      { atMs: 20_000, do: 'powerFailBroker', broker: 1 },
      { atMs: 21_000, do: 'heal' },
      { atMs: 45_000, do: 'restartBroker', broker: 1 },
    ],
  });
}

/** §3.10 (logsShouldNotDivergeOnUncleanLeaderElections): X = 2 and Y = 3 take turns, uncleanly. */
export function alternatingUncleanElections(mode: Mode): Scenario {
  const write = (id: string, atMs: number, count: number) => ({ id, topic: 't', ratePerSec: 10, count, startMs: atMs, key: 'k', value: `${id}-{seq}`, config: { acks: 1, 'delivery.timeout.ms': 60_000 } });
  return scenario({
    durationMs: 60_000,
    cluster: storyCluster(mode, { config: { 'min.insync.replicas': 1, 'unclean.leader.election.enable': true } }),
    topics: [{ name: 't', partitions: 1, replicationFactor: 2, replicaAssignment: [[2, 3]] }],
    producers: [write('a', 3_000, 1), write('b', 7_000, 1), write('c', 14_000, 3), write('d', 22_000, 1), write('e', 30_000, 2)],
    timeline: [
      { atMs: 5_000, do: 'shutdownBroker', broker: 2 },
      { atMs: 10_000, do: 'shutdownBroker', broker: 3 },
      { atMs: 11_000, do: 'restartBroker', broker: 2 },
      { atMs: 18_000, do: 'shutdownBroker', broker: 2 },
      { atMs: 19_000, do: 'restartBroker', broker: 3 },
      { atMs: 26_000, do: 'shutdownBroker', broker: 3 },
      { atMs: 27_000, do: 'restartBroker', broker: 2 },
      { atMs: 35_000, do: 'restartBroker', broker: 3 },
    ],
  });
}
