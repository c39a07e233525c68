/**
 * Fuzzing the scenario reader: random and mutated documents must never crash it or hang it, and a
 * refusal always says where and what.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario, parseScenarioText } from '../src/scenario/parse';
import { runScenario } from '../src/scenario/run';

const valid = {
  version: 1,
  name: 'fuzz',
  seed: 3,
  durationMs: 2000,
  cluster: { brokers: 3, controller: 'zookeeper', network: { latencyMs: 1, jitterMs: 2 }, config: { 'min.insync.replicas': 2 } },
  topics: [{ name: 'orders', partitions: 3, replicationFactor: 3, config: { 'retention.ms': 60000 } }],
  producers: [{ id: 'p1', topic: 'orders', ratePerSec: 10, key: 'k{seq%3}', sendMode: 'sync', config: { acks: 'all' } }],
  consumerGroups: [{ groupId: 'g', topics: ['orders'], members: 2, commit: 'sync' }],
  timeline: [
    { atMs: 500, do: 'crashBroker', broker: 2 },
    { atMs: 700, do: 'isolate', a: ['broker-1'], b: ['broker-3'] },
    { atMs: 900, do: 'heal' },
    { atMs: 1000, do: 'restartBroker', broker: 2 },
  ],
  steps: [{ atMs: 0, en: 'Watch', fr: 'Regardez' }],
  expect: [{ atMs: 1500, name: 'all up', path: 'brokers.2.status', equals: 'running' }],
};

function assertClearOutcome(r: ReturnType<typeof parseScenario>): void {
  if (r.ok) return;
  expect(r.problems.length).toBeGreaterThan(0);
  for (const p of r.problems) {
    expect(typeof p.path).toBe('string');
    expect(p.path.length).toBeGreaterThan(0);
    expect(p.message.length).toBeGreaterThan(0);
  }
}

/** A path into the valid document and a replacement value: the mutation. */
const anyValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -0, 1e300, 0.5),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', 'broker-1', 'orders', 'all', '__proto__', 'constructor', 'a b', '1/0', '..'),
  fc.array(fc.integer(), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}
const allPaths = paths(valid).filter((p) => p.length > 0);

function mutate(doc: unknown, path: (string | number)[], value: unknown, remove: boolean): unknown {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let cur = copy;
  for (let i = 0; i < path.length - 1; i++) cur = cur[path[i] as string] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string;
  if (remove) delete cur[last];
  else cur[last] = value;
  return copy;
}

describe('fuzzing the scenario reader', () => {
  it('the base document is valid and runs', () => {
    const r = parseScenario(valid);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(runScenario(r.scenario).expectations[0]?.pass).toBe(true);
  });

  it('2,000 mutated documents: never a crash, always a clear outcome; the valid ones run', () => {
    fc.assert(
      fc.property(fc.constantFrom(...allPaths), anyValue, fc.boolean(), (path, value, remove) => {
        const doc = mutate(valid, path, value, remove);
        const r = parseScenario(doc);
        assertClearOutcome(r);
        if (r.ok) runScenario(r.scenario, { untilMs: Math.min(r.scenario.durationMs, 3000) });
      }),
      { numRuns: 2000, seed: 20261126 },
    );
  });

  it('1,000 random JSON values and 1,000 corrupted texts: never a crash', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        assertClearOutcome(parseScenario(v));
      }),
      { numRuns: 1000, seed: 7 },
    );
    const text = JSON.stringify(valid);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length - 1 }), fc.integer({ min: 0, max: 20 }), fc.string({ maxLength: 5 }), (at, cut, insert) => {
        assertClearOutcome(parseScenarioText(text.slice(0, at) + insert + text.slice(at + cut)));
      }),
      { numRuns: 1000, seed: 11 },
    );
  });

  it('refuses an enormous document before parsing it', () => {
    const r = parseScenarioText(' '.repeat(3_000_000));
    expect(r.ok).toBe(false);
  });
});
