/**
 * Consumer groups under random broker faults (fast-check): crashes and restarts (the group
 * coordinator among them), isolations, slow links and pauses, then every fault heals. With
 * commitSync after processing, a group never skips a record: nothing below a committed offset
 * went unprocessed. Invariants are checked after every step; the group must end Stable with
 * every partition owned and committed up to the end of the log. A failing case prints its seed
 * and the faults that replay it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildWorld } from '../src/scenario/build';
import { createInvariantChecker } from '../src/check/invariants';
import { summarize } from '../src/kafka/summary';
import { scenario } from './helpers';

const RUNS = Number(process.env.KAFKASCOPE_GROUP_PROPERTY_RUNS ?? 40);
const FAULT_END_MS = 30_000;
const CONVERGED_BY_MS = FAULT_END_MS + 40_000;

type Fault =
  | { do: 'crashBroker' | 'restartBroker'; broker: number }
  | { do: 'isolate'; a: string[]; b: string[]; oneWay: boolean }
  | { do: 'slowLink'; from: string; to: string; extraLatencyMs: number }
  | { do: 'pauseNode'; node: string; durationMs: number }
  | { do: 'heal' };

const node = fc.constantFrom('broker-1', 'broker-2', 'broker-3', 'consumer-g-1', 'consumer-g-2', 'producer-p');
const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ do: fc.constant('crashBroker' as const), broker: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ do: fc.constant('restartBroker' as const), broker: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ do: fc.constant('isolate' as const), a: fc.array(node, { minLength: 1, maxLength: 2 }), b: fc.array(node, { minLength: 1, maxLength: 2 }), oneWay: fc.boolean() }),
  fc.record({ do: fc.constant('slowLink' as const), from: node, to: node, extraLatencyMs: fc.integer({ min: 1, max: 2_000 }) }),
  fc.record({ do: fc.constant('pauseNode' as const), node, durationMs: fc.integer({ min: 1, max: 15_000 }) }),
  fc.constant({ do: 'heal' as const }),
);
const schedule = fc.array(fc.record({ atMs: fc.integer({ min: 2_000, max: FAULT_END_MS }), fault }), { maxLength: 6 });

function check(seed: number, faults: { atMs: number; fault: Fault }[]): void {
  const timeline: Record<string, unknown>[] = faults.filter((f) => !(f.fault.do === 'slowLink' && f.fault.from === f.fault.to)).map((f) => ({ atMs: f.atMs, ...f.fault }));
  timeline.push({ atMs: FAULT_END_MS + 1, do: 'heal' });
  for (const broker of [1, 2, 3]) timeline.push({ atMs: FAULT_END_MS + 2, do: 'restartBroker', broker });
  const s = scenario({
    seed,
    durationMs: CONVERGED_BY_MS,
    cluster: {
      brokers: 3,
      network: { latencyMs: 2, jitterMs: 2 },
      config: { 'min.insync.replicas': 2, 'offsets.topic.num.partitions': 3, 'group.initial.rebalance.delay.ms': 0, 'zookeeper.session.timeout.ms': 6_000 },
    },
    topics: [{ name: 't', partitions: 3, replicationFactor: 3 }],
    producers: [{ id: 'p', topic: 't', ratePerSec: 20, key: 'k{seq}', stopMs: FAULT_END_MS, config: { acks: 'all', 'delivery.timeout.ms': 30_000 } }],
    consumerGroups: [
      {
        groupId: 'g',
        topics: ['t'],
        members: 2,
        commit: 'sync',
        processingMsPerRecord: 2,
        config: { 'auto.offset.reset': 'earliest', 'max.poll.records': 50, 'session.timeout.ms': 10_000, 'heartbeat.interval.ms': 1_000, 'max.poll.interval.ms': 20_000 },
      },
    ],
    timeline,
  });
  const replay = `replay: seed ${seed}, faults ${JSON.stringify(faults)} (test/groups-property.test.ts)`;
  const world = buildWorld(s);
  const checker = createInvariantChecker({ logs: false });
  while ((world.nextEventAtMs() ?? Infinity) <= CONVERGED_BY_MS) {
    world.step();
    const v = checker.check(world.state.model, world.nowMs, world.state.events);
    if (v.length > 0) throw new Error(`${v.slice(0, 3).join('\n')}\n${replay}`);
  }
  world.runUntil(CONVERGED_BY_MS);
  const g = summarize(world).groups.g;
  expect(g?.checks.skips, replay).toEqual({ count: 0, examples: [] });
  expect(g?.state, replay).toBe('Stable');
  const owned = (g?.members ?? []).flatMap((m) => m.assigned).sort();
  expect(owned, replay).toEqual(['t-0', 't-1', 't-2']);
  for (const [key, p] of Object.entries(g?.partitions ?? {})) expect(p.lag, `${key} fully consumed and committed; ${replay}`).toBe(0);
}

describe('consumer groups under random faults', () => {
  it(`${RUNS} random schedules: no record skipped with commitSync after processing, and the group converges`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), schedule, (seed, faults) => check(seed, faults)),
      { numRuns: RUNS, seed: 7 },
    );
  });
});
