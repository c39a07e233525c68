/**
 * Checkpoints share with each other what did not change, and a restore still gives a state of
 * its own, equal to the one checkpointed, whatever the live run did since.
 */
import { describe, expect, it } from 'vitest';
import { buildWorld } from '../scenario/build';
import { parseScenario } from '../scenario/parse';
import type { Scenario } from '../scenario/schema';
import { restoreCheckpoint, takeCheckpoint } from './snapshot';

function cluster(): Scenario {
  const parsed = parseScenario({
    version: 1,
    name: 'snapshot',
    seed: 3,
    durationMs: 60_000,
    cluster: { brokers: 3, controller: 'zookeeper' },
    topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
    producers: [{ id: 'p1', topic: 'orders', ratePerSec: 40, key: 'k-{seq%4}' }],
    consumerGroups: [{ groupId: 'billing', topics: ['orders'], members: 1 }],
    timeline: [{ atMs: 12_000, do: 'crashBroker', broker: 1 }],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.scenario;
}

/** A plain JSON picture of a state, to compare states held by different objects. */
function json(v: unknown): string {
  return JSON.stringify(v);
}

/** A running cluster, checkpointed at 8 s (a) and at 10 s (b, lent what a has). */
function twoCheckpoints() {
  const w = buildWorld(cluster());
  w.runUntil(8_000);
  const a = takeCheckpoint(w.state);
  w.runUntil(10_000);
  const b = takeCheckpoint(w.state, a);
  return { w, a, b };
}

describe('checkpoints', () => {
  it('share with the previous checkpoint what did not change, and copy what did', () => {
    const { w, a, b } = twoCheckpoints();
    // No leadership moved between 8 s and 10 s: broker 2's metadata cache is the same object.
    expect(b.state.model.brokers['2']?.metadata).toBe(a.state.model.brokers['2']?.metadata);
    // The keys k-0…k-3 go to orders-1 and orders-2 only: orders-1's leader log is a new copy, orders-0's is shared.
    const leaderOf = (p: string): string => String(w.state.model.brokers['2']?.metadata[p]?.leader);
    const log = (cp: typeof a, p: string) => cp.state.model.brokers[leaderOf(p)]?.replicas[p]?.log;
    expect(log(b, 'orders-1')).not.toBe(log(a, 'orders-1'));
    expect(log(b, 'orders-0')).toBe(log(a, 'orders-0'));
    expect(b.newSlots).toBeLessThan(a.newSlots / 2);
    // Taken again at once, nothing changed: the whole state is the previous checkpoint's.
    const again = takeCheckpoint(w.state, b);
    expect(again.state).toBe(b.state);
    expect(again.newSlots).toBe(0);
  });

  it('restore the state as it was, after the live run changed what they share', () => {
    const { w, a, b } = twoCheckpoints();
    // A checkpoint is read through a restore (its segments share the live, growing batch arrays).
    const picture = (m: typeof b.state.model): string => json([m.brokers, m.zkServers, m.producers, m.consumers]);
    const atB = picture(restoreCheckpoint(b, w.state).model);
    // Broker 1 crashes at 12 s: leaderships move, the metadata caches change.
    w.runUntil(40_000);
    const c = takeCheckpoint(w.state, b);
    expect(c.state.model.brokers['2']?.metadata).not.toBe(b.state.model.brokers['2']?.metadata);

    const restored = restoreCheckpoint(b, w.state);
    expect(restored.nowMs).toBe(10_000);
    // Compared as text, so that a failure does not print the whole cluster.
    expect(picture(restored.model) === atB, 'the restored state equals the state checkpointed').toBe(true);
    expect(picture(restored.model) === picture(w.state.model), 'and differs from the live one').toBe(false);
    expect(restored.model.history.sends.length).toBe(b.lengths.sends);
    // The restored state is its own: writing to it leaves the checkpoints alone.
    const metadata = restored.model.brokers['2']?.metadata ?? {};
    expect(metadata).not.toBe(b.state.model.brokers['2']?.metadata);
    delete metadata['orders-0'];
    expect(b.state.model.brokers['2']?.metadata['orders-0']).toBeDefined();
    expect(a.state.model.brokers['2']?.metadata['orders-0']).toBeDefined();
  });

  it('copy a state with no number-like key far from zero (an engine would hold an array that long in every copy)', () => {
    const w = buildWorld(cluster());
    w.runUntil(20_000);
    const far: string[] = [];
    const seen = new Set<object>();
    const walk = (v: unknown, path: string): void => {
      if (typeof v !== 'object' || v === null || seen.has(v)) return;
      seen.add(v);
      for (const [k, x] of Object.entries(v)) {
        if (!Array.isArray(v) && /^\d+$/.test(k) && Number(k) > 100) far.push(`${path}.${k}`);
        walk(x, `${path}.${k}`);
      }
    };
    walk(w.state, 'state');
    // Idempotent producers (ids from 1000) keep state on every replica: it is keyed pid-1000.
    expect(Object.keys(w.state.model.brokers['2']?.replicas['orders-1']?.producerIds ?? {})).toEqual(['pid-1000']);
    expect(far).toEqual([]);
  });

  it('keep which objects are one and which are two, the order of keys, -0, and what may change', () => {
    // A made-up state with the shapes that matter (the model's own are exercised in test/session.test.ts).
    const batch = { id: 1, records: [1, 2] };
    const fake = {
      nowMs: 0,
      steps: 0,
      events: [],
      model: {
        history: { sends: [], deliveries: [], processing: [] },
        consumers: {},
        requests: [{ batches: [batch] }],
        inFlight: [batch],
        twins: [{ n: 1 }, { n: 1 }],
        order: { a: 1, b: 2 } as Record<string, number>,
        zero: { x: 0 },
        config: Object.freeze({ retries: 3 }),
        settings: { retries: 3 },
      },
    };
    const live = fake as unknown as Parameters<typeof takeCheckpoint>[0];
    const a = takeCheckpoint(live);
    const m = fake.model;
    delete m.order.a;
    m.order.a = 1;
    m.zero.x = -0;
    m.settings = { ...m.config };
    const b = takeCheckpoint(live, a);
    const r = restoreCheckpoint(b, live).model as unknown as typeof m;
    expect(r.inFlight[0]).toBe(r.requests[0]?.batches[0]);
    expect(r.inFlight[0]).not.toBe(batch);
    expect(r.twins[0]).not.toBe(r.twins[1]);
    expect(Object.keys(r.order)).toEqual(['b', 'a']);
    expect(Object.is(r.zero.x, -0)).toBe(true);
    expect(Object.isFrozen(r.settings)).toBe(false);
    expect(r.config).toBe(m.config);
  });
});
