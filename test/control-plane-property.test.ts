/**
 * The control plane's promises under random faults (fast-check): RF 3, acks=all,
 * min.insync.replicas=2, no unclean election, leader-epoch truncation; random crashes, restarts,
 * isolations, slow links and pauses (no power failures). Then every fault heals and the cluster
 * must converge. A failing case prints its seed and the command that replays it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildWorld } from '../src/scenario/build';
import { summarize } from '../src/kafka/summary';
import { scenario } from './helpers';

// 2000 schedules take about a minute.
const RUNS = Number(process.env.KAFKASCOPE_PROPERTY_RUNS ?? 2000);
const FAULT_END_MS = 40_000;
const CONVERGED_BY_MS = FAULT_END_MS + 45_000;

type Fault =
  | { do: 'crashBroker' | 'restartBroker'; broker: number }
  | { do: 'isolate'; a: string[]; b: string[]; oneWay: boolean }
  | { do: 'slowLink'; from: string; to: string; extraLatencyMs: number }
  | { do: 'pauseNode'; node: string; durationMs: number }
  | { do: 'heal' };

const node = fc.constantFrom('broker-1', 'broker-2', 'broker-3', 'zk-1', 'producer-p');
const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ do: fc.constant('crashBroker' as const), broker: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ do: fc.constant('restartBroker' as const), broker: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ do: fc.constant('isolate' as const), a: fc.array(node, { minLength: 1, maxLength: 2 }), b: fc.array(node, { minLength: 1, maxLength: 2 }), oneWay: fc.boolean() }),
  fc.record({ do: fc.constant('slowLink' as const), from: node, to: node, extraLatencyMs: fc.integer({ min: 1, max: 3_000 }) }),
  fc.record({ do: fc.constant('pauseNode' as const), node, durationMs: fc.integer({ min: 1, max: 25_000 }) }),
  fc.constant({ do: 'heal' as const }),
);
const schedule = fc.array(fc.record({ atMs: fc.integer({ min: 1_000, max: FAULT_END_MS }), fault }), { maxLength: 8 });

function buildScenario(seed: number, faults: { atMs: number; fault: Fault }[]) {
  const timeline: Record<string, unknown>[] = faults
    .filter((f) => !(f.fault.do === 'slowLink' && f.fault.from === f.fault.to))
    .map((f) => ({ atMs: f.atMs, ...f.fault }));
  // The liveness phase: heal the network and bring every broker back.
  timeline.push({ atMs: FAULT_END_MS + 1, do: 'heal' });
  for (const broker of [1, 2, 3]) timeline.push({ atMs: FAULT_END_MS + 2, do: 'restartBroker', broker });
  return scenario({
    seed,
    durationMs: CONVERGED_BY_MS,
    cluster: { brokers: 3, controller: 'zookeeper', network: { latencyMs: 2, jitterMs: 2 }, config: { 'min.insync.replicas': 2, 'unclean.leader.election.enable': false, 'replica.lag.time.max.ms': 10_000 } },
    topics: [{ name: 't', partitions: 2, replicationFactor: 3 }],
    producers: [{ id: 'p', topic: 't', ratePerSec: 20, key: 'k{seq%4}', stopMs: FAULT_END_MS, config: { acks: 'all', 'delivery.timeout.ms': 30_000 } }],
    timeline,
  });
}

function check(seed: number, faults: { atMs: number; fault: Fault }[]): void {
  const s = buildScenario(seed, faults);
  const replay = `replay: seed ${seed}, faults ${JSON.stringify(faults)} (test/control-plane-property.test.ts)`;
  const world = buildWorld(s);
  const leadersByEpoch = new Map<string, number>();
  while ((world.nextEventAtMs() ?? Infinity) <= CONVERGED_BY_MS) {
    world.step();
    for (const b of Object.values(world.state.model.brokers)) {
      if (b.status !== 'running') continue;
      for (const [key, r] of Object.entries(b.replicas)) {
        if (r.role !== 'leader') continue;
        const id = `${key}@${r.state.leaderEpoch}`;
        const other = leadersByEpoch.get(id);
        if (other !== undefined && other !== b.id) throw new Error(`two leaders of ${key} in epoch ${r.state.leaderEpoch}: ${other} and ${b.id}; ${replay}`);
        leadersByEpoch.set(id, b.id);
      }
    }
  }
  world.runUntil(CONVERGED_BY_MS);
  const epochs = world.state.events.filter((e) => e.type === 'ControllerElected').map((e) => e.epoch);
  expect(new Set(epochs).size, `one controller per controller epoch; ${replay}`).toBe(epochs.length);
  const summary = summarize(world);
  expect(summary.checks.lostAcknowledged, replay).toEqual({ count: 0, examples: [] });
  expect(summary.checks.divergent.count, replay).toBe(0);
  for (const [p, part] of Object.entries(summary.topics.t?.partitions ?? {})) {
    expect(part.leader, `partition ${p} has a leader after healing; ${replay}`).toBeGreaterThan(0);
    expect([...part.isr].sort(), `partition ${p} has its full ISR after healing; ${replay}`).toEqual([1, 2, 3]);
  }
}

describe('the control plane under random faults', () => {
  it(`${RUNS} random schedules: no acknowledged write lost, one leader per epoch, one controller per epoch, convergence`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), schedule, (seed, faults) => {
        check(seed, faults);
      }),
      { numRuns: RUNS, seed: 20261126, endOnFailure: true },
    );
  });
});
