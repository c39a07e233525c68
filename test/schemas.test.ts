/**
 * Schemas end to end: producers serialize, the registry keeps versions and refuses incompatible
 * changes, consumers deserialize with their reader schema. The lesson's story, the failure
 * stories around it (an unreadable writer schema, a refused auto-registration, JSON read as
 * Avro), validation paths, and determinism.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../src/scenario/parse';
import { buildWorld } from '../src/scenario/build';
import { World } from '../src/sim/world';
import { runScenario } from '../src/scenario/run';
import { scenario } from './helpers';

const ORDER_V1 = { type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'id', type: 'string' }, { name: 'amount', type: 'int' }] };
const ORDER_V2 = { ...ORDER_V1, fields: [...ORDER_V1.fields, { name: 'currency', type: 'string', default: 'EUR' }] };
const ORDER_AMOUNT_STRING = { ...ORDER_V1, fields: [{ name: 'id', type: 'string' }, { name: 'amount', type: 'string' }] };

function base(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    durationMs: 6_000,
    cluster: { brokers: 1, config: { 'group.initial.rebalance.delay.ms': 0 } },
    topics: [{ name: 'orders', partitions: 1, replicationFactor: 1 }],
    schemaRegistry: { subjects: { 'orders-value': { versions: [ORDER_V1] } } },
    producers: [{ id: 'shop', topic: 'orders', ratePerSec: 10, valueSerializer: 'avro', valueSchema: { subject: 'orders-value', version: 1 }, valueFields: { id: 'order-{seq}', amount: '{seq%100}' } }],
    consumerGroups: [{ groupId: 'billing', topics: ['orders'], config: { 'auto.offset.reset': 'earliest' }, valueDeserializer: 'avro', readerSchema: { subject: 'orders-value', version: 1 } }],
    ...extra,
  };
}

function problemsOf(doc: Record<string, unknown>): string[] {
  const r = parseScenario({ version: 1, name: 't', seed: 1, ...doc });
  return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('the schemas lesson', () => {
  const lesson = JSON.parse(readFileSync('scenarios/lessons/schemas.json', 'utf8')) as unknown;
  const parsed = parseScenario(lesson);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));

  it('the old reader copes with version 2 and version 3 is refused with the registry 409', () => {
    const { summary, expectations, world } = runScenario(parsed.scenario);
    expect(expectations.filter((e) => !e.pass)).toEqual([]);
    const billing = summary.consumers['consumer-billing-1']?.deserializer;
    expect(billing?.decodeErrors).toBe(0);
    expect(billing?.decoded).toBe(summary.consumers['consumer-billing-1']?.delivered);
    // The reader's view never holds currency: it reads with version 1.
    expect(JSON.parse(billing?.lastValue ?? '{}')).not.toHaveProperty('currency');
    const rejected = world.state.events.find((e) => e.type === 'SchemaRejected');
    expect(rejected).toMatchObject({ subject: 'orders-value', httpStatus: 409, errorCode: 409, compatibility: 'BACKWARD', incompatibilities: ['TYPE_MISMATCH'] });
    expect(String(rejected?.message)).toMatch(/^Schema being registered is incompatible with an earlier schema for subject "orders-value"/);
    expect(world.state.events.find((e) => e.type === 'SchemaResolved' && e.writerSchemaId === 2)).toMatchObject({ compatible: true, ignoredFields: ['currency'] });
  });

  it('same seed, same trace; another seed, another trace', () => {
    const run = (seed: number) => {
      const w = buildWorld(parsed.scenario, seed);
      w.runUntil(parsed.scenario.durationMs);
      return w.traceHash;
    };
    expect(run(3)).toBe(run(3));
    expect(run(3)).not.toBe(run(4));
    // And continuing from a checkpoint gives the same run.
    const w = buildWorld(parsed.scenario, 3);
    w.runUntil(5_000);
    const clone = structuredClone(w.state);
    w.runUntil(parsed.scenario.durationMs);
    const again = World.fromState(clone, w.model);
    again.runUntil(parsed.scenario.durationMs);
    expect(again.traceHash).toBe(w.traceHash);
  });
});

describe('serializers and deserializers in a run', () => {
  it('values are Avro bytes in the log: magic byte 0 and the schema id', () => {
    const { world } = runScenario(scenario(base({ durationMs: 2_000 })));
    const values = Object.values(world.state.model.brokers)[0]?.replicas['orders-0']?.log.segments.flatMap((s) => s.batches.flatMap((b) => b.values)) ?? [];
    expect(values.length).toBeGreaterThan(10);
    for (const v of values) expect([...v.slice(0, 5)].map((c) => c.charCodeAt(0))).toEqual([0, 0, 0, 0, 1]);
  });

  it('a new reader fills the default for old records', () => {
    const s = scenario(base({ consumerGroups: [{ groupId: 'g', topics: ['orders'], config: { 'auto.offset.reset': 'earliest' }, valueDeserializer: 'avro', readerSchema: { schema: ORDER_V2 } }] }));
    const d = runScenario(s).summary.consumers['consumer-g-1']?.deserializer;
    expect(d?.decodeErrors).toBe(0);
    expect(d?.defaultsFilled).toBe(d?.decoded);
    expect(JSON.parse(d?.lastValue ?? '{}')).toMatchObject({ currency: 'EUR' });
  });

  it('a reader that cannot read the writer schema counts decode errors and says why', () => {
    // Compatibility NONE lets an amount-as-string version in; the v1 reader cannot read it.
    const s = scenario(
      base({
        schemaRegistry: { compatibility: 'NONE', subjects: { 'orders-value': { versions: [ORDER_V1] } } },
        timeline: [
          { atMs: 1_000, do: 'registerSchema', subject: 'orders-value', schema: ORDER_AMOUNT_STRING },
          { atMs: 1_000, do: 'setProducerSchema', producer: 'shop', valueSchema: { subject: 'orders-value', version: 2 }, valueFields: { id: 'order-{seq}', amount: 'n{seq}' } },
        ],
      }),
    );
    const { summary, world } = runScenario(s);
    const d = summary.consumers['consumer-billing-1']?.deserializer;
    expect(d?.decodeErrors).toBeGreaterThan(20);
    expect(d?.decodedBySchemaId['1']).toBeGreaterThan(5);
    const failed = world.state.events.filter((e) => e.type === 'DeserializationFailed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ consumer: 'consumer-billing-1', writerSchemaId: 2 });
    expect(String(failed[0]?.error)).toContain('reader type: INT not compatible with writer type: STRING');
  });

  it('a producer whose inline schema is refused fails every send with SerializationException', () => {
    const s = scenario(base({ timeline: [{ atMs: 2_000, do: 'setProducerSchema', producer: 'shop', valueSchema: { schema: ORDER_AMOUNT_STRING }, valueFields: { id: 'order-{seq}', amount: 'n{seq}' } }] }));
    const { summary } = runScenario(s);
    expect(summary.producers.shop?.failed.SerializationException).toBeGreaterThan(30);
    expect(summary.schemaRegistry.rejected).toMatchObject([{ subject: 'orders-value', by: 'producer-shop', httpStatus: 409 }]);
    expect(summary.consumers['consumer-billing-1']?.deserializer?.decodeErrors).toBe(0);
  });

  it('JSON read by an Avro deserializer: Unknown magic byte!', () => {
    const s = scenario(
      base({
        schemaRegistry: undefined,
        producers: [{ id: 'shop', topic: 'orders', ratePerSec: 10, valueSerializer: 'json', valueFields: { id: 'order-{seq}', amount: 5 } }],
        consumerGroups: [
          { groupId: 'avro', topics: ['orders'], config: { 'auto.offset.reset': 'earliest' }, valueDeserializer: 'avro' },
          { groupId: 'json', topics: ['orders'], config: { 'auto.offset.reset': 'earliest' }, valueDeserializer: 'json', readerSchema: { schema: ORDER_V2 } },
        ],
      }),
    );
    const { summary } = runScenario(s);
    expect(summary.consumers['consumer-avro-1']?.deserializer?.decodeErrorsByReason).toEqual({ 'unknown magic byte': summary.consumers['consumer-avro-1']?.delivered });
    const json = summary.consumers['consumer-json-1']?.deserializer;
    expect(json?.decodeErrors).toBe(0);
    expect(JSON.parse(json?.lastValue ?? '{}')).toMatchObject({ amount: 5, currency: 'EUR' });
  });

  it('without a serializer nothing changes: text values, no deserializer in the summary', () => {
    const s = scenario({ durationMs: 1_000, cluster: { brokers: 1 }, topics: [{ name: 't', partitions: 1, replicationFactor: 1 }], producers: [{ id: 'p', topic: 't', ratePerSec: 10 }] });
    const { summary } = runScenario(s);
    expect(summary.producers.p?.serializer).toBeUndefined();
    expect(summary.schemaRegistry).toEqual({ compatibility: 'BACKWARD', subjects: {}, schemas: 0, registered: 0, rejected: [] });
  });
});

describe('validation', () => {
  it('names the schema field at fault', () => {
    const bad = { ...ORDER_V1, fields: [{ name: 'id', type: 'string' }, { name: 'amount', type: 'int', default: 'ten' }] };
    expect(problemsOf(base({ schemaRegistry: { subjects: { 'orders-value': { versions: [bad] } } } }))).toContain(
      'schemaRegistry.subjects["orders-value"].versions[0].fields[1].default: Invalid default for field amount: "ten" not a int',
    );
    expect(problemsOf(base({ timeline: [{ atMs: 1, do: 'registerSchema', subject: 's', schema: { type: 'record', name: 'X', fields: [{ name: 'a', type: 'float' }] } }] }))[0]).toMatch(/^timeline\[0\]\.schema\.fields\[0\]\.type: unknown or unsupported type "float"/);
  });

  it('refuses initial versions that break the subject compatibility, with the 409', () => {
    expect(problemsOf(base({ schemaRegistry: { subjects: { 'orders-value': { versions: [ORDER_V1, ORDER_AMOUNT_STRING] } } } }))[0]).toMatch(
      /^schemaRegistry\.subjects\["orders-value"\]\.versions\[1\]: HTTP 409, error code 409: Schema being registered is incompatible/,
    );
  });

  it('checks references and templates against the registry, in time order', () => {
    expect(problemsOf(base({ producers: [{ id: 'shop', topic: 'orders', ratePerSec: 1, valueSerializer: 'avro', valueSchema: { subject: 'orders-value', version: 2 }, valueFields: { id: 'x', amount: 1 } }] }))).toEqual([
      "producers[0]: schema orders-value version 2: Version 2 not found. (error code 40402)",
    ]);
    expect(problemsOf(base({ producers: [{ id: 'shop', topic: 'orders', ratePerSec: 1, valueSerializer: 'avro', valueSchema: { subject: 'orders-value', version: 1 }, valueFields: { id: 'x', amout: 1 } }] }))).toEqual([
      'producers[0]: field "amout" is not in schema shop.Order (fields: id, amount); field "amount" of schema shop.Order has no default: give it a template in valueFields',
    ]);
    // Version 2 exists once the timeline registered it; before that, it does not.
    const later = (at: number) => problemsOf(base({ timeline: [{ atMs: 1_000, do: 'registerSchema', subject: 'orders-value', schema: ORDER_V2 }, { atMs: at, do: 'setProducerSchema', producer: 'shop', valueSchema: { subject: 'orders-value', version: 2 } }] }));
    expect(later(2_000)).toEqual([]);
    expect(later(500)).toEqual(['timeline[1]: schema orders-value version 2: Version 2 not found. (error code 40402)']);
    expect(problemsOf(base({ consumerGroups: [{ groupId: 'g', topics: ['orders'], readerSchema: { version: 1 } }] }))).toEqual(['consumerGroups[0].readerSchema: a reader schema needs valueDeserializer "json" or "avro"']);
  });
});
