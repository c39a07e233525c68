/**
 * The one rule, on the whole Kafka model: the same scenario, seed and commands give the same run,
 * byte for byte, whether run straight, stepped, or continued from a structuredClone checkpoint.
 * Fault schedules are drawn from each seed; a failure names the seed to replay.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { World } from '../src/sim/world';
import { buildWorld } from '../src/scenario/build';
import type { Scenario } from '../src/scenario/schema';
import { runChecked, scenario } from './helpers';

const FAULTS = ['crashBroker', 'powerFailBroker', 'isolate', 'slowLink', 'dropLink', 'pauseNode', 'heal'] as const;

/** A scenario with a fault schedule derived from `seed` (its own tiny LCG, independent of the run). */
export function faultyScenarioForDebug(seed: number): Scenario {
  return faultyScenario(seed);
}

function faultyScenario(seed: number): Scenario {
  let x = seed * 2654435761 + 1;
  const next = (n: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % n;
  };
  const timeline: Record<string, unknown>[] = [];
  const down = new Set<number>();
  for (let t = 500; t < 6_000; t += 300 + next(700)) {
    const broker = 1 + next(3);
    const fault = FAULTS[next(FAULTS.length)] as (typeof FAULTS)[number];
    if (fault === 'crashBroker' || fault === 'powerFailBroker') {
      if (down.has(broker)) {
        timeline.push({ atMs: t, do: 'restartBroker', broker });
        down.delete(broker);
      } else {
        timeline.push({ atMs: t, do: fault, broker });
        down.add(broker);
      }
    } else if (fault === 'isolate') timeline.push({ atMs: t, do: 'isolate', a: [`broker-${broker}`], b: ['producer-p', 'consumer-g-1'], oneWay: next(2) === 0 });
    else if (fault === 'slowLink') timeline.push({ atMs: t, do: 'slowLink', from: `broker-${broker}`, to: `broker-${1 + (broker % 3)}`, extraLatencyMs: 1 + next(80) });
    else if (fault === 'dropLink') timeline.push({ atMs: t, do: 'dropLink', from: `broker-${broker}`, to: 'producer-p', loss: `1/${2 + next(5)}` });
    else if (fault === 'pauseNode') timeline.push({ atMs: t, do: 'pauseNode', node: `broker-${broker}`, durationMs: 1 + next(500) });
    else timeline.push({ atMs: t, do: 'heal' });
  }
  return scenario({
    seed,
    durationMs: 8_000,
    // No initial rebalance delay (as Kafka's own tests set it): the group consumes within the 8 s run.
    cluster: { brokers: 3, network: { latencyMs: 2, jitterMs: 3 }, config: { 'replica.lag.time.max.ms': 2_000, 'group.initial.rebalance.delay.ms': 0 } },
    topics: [{ name: 't', partitions: 3, replicationFactor: 3 }],
    producers: [{ id: 'p', topic: 't', ratePerSec: 60, key: 'k{rand%9}', config: { acks: 'all', 'request.timeout.ms': 1_000, 'delivery.timeout.ms': 3_000, 'linger.ms': 3 } }],
    consumerGroups: [{ groupId: 'g', topics: ['t'], members: 2, config: { 'auto.offset.reset': 'earliest' } }],
    timeline,
  });
}

function hashOf(s: Scenario, untilMs: number): string {
  const w = buildWorld(s);
  w.runUntil(untilMs);
  return w.traceHash;
}

describe('determinism of the Kafka model', () => {
  it('the same seed gives the same trace hash over 200 seeds of faulty schedules', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const s = faultyScenario(seed);
      expect(hashOf(s, 4_000), `replay: seed ${seed} in test/determinism.test.ts`).toBe(hashOf(s, 4_000));
    }
  });

  it('another seed gives another run', () => {
    const hashes = new Set<string>();
    for (let seed = 1; seed <= 30; seed++) hashes.add(hashOf(faultyScenario(seed), 3_000));
    expect(hashes.size).toBe(30);
  });

  it('stepping event by event and checkpoints taken anywhere give the run that ran straight', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 7_999 }), (seed, cutMs) => {
        const s = faultyScenario(seed);
        const straight = hashOf(s, 8_000);
        const stepped = buildWorld(s);
        while ((stepped.nextEventAtMs() ?? Infinity) <= 8_000) stepped.step();
        stepped.runUntil(8_000);
        expect(stepped.traceHash).toBe(straight);
        const w = buildWorld(s);
        w.runUntil(cutMs);
        const resumed = World.fromState(structuredClone(w.state), w.model);
        resumed.runUntil(8_000);
        expect(resumed.traceHash, `seed ${seed}, checkpoint at ${cutMs} ms`).toBe(straight);
      }),
      { numRuns: 25, seed: 42 },
    );
  });

  it('invariants hold after every step of 150 faulty schedules; without a power failure nothing acknowledged is lost or duplicated', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const s = faultyScenario(seed);
      const { summary } = runChecked(s, 8_000, { every: 1, logs: seed % 4 === 0 });
      const powerFailures = s.timeline.filter((c) => c.do === 'powerFailBroker').length;
      // A power failure can take a leader's acknowledged tail with it, and until leader election
      // exists the shortened leader stays leader; so the promises hold only without one.
      if (powerFailures > 0) continue;
      expect(summary.checks.lostAcknowledged.count, `seed ${seed}`).toBe(0);
      expect(summary.checks.duplicates.count, `seed ${seed} (idempotent producer)`).toBe(0);
    }
  });

  it('the faulty schedules really do something: faults, drops, retries and deliveries', () => {
    const w = buildWorld(faultyScenario(7));
    w.runUntil(8_000);
    const types = new Set(w.state.events.map((e) => e.type));
    expect(types.has('FaultInjected')).toBe(true);
    expect(w.state.network.droppedCount).toBeGreaterThan(0);
    expect(w.state.model.history.deliveries.length).toBeGreaterThan(50);
  });
});
