/**
 * Scenario format, version 1: the zod schema. Documented in docs/scenario-format.md; every field
 * below appears there. Structure only: cross-references and Kafka's own rules are checked in
 * `validate.ts`, which runs after this.
 */
import { z } from 'zod';
import { COMPATIBILITY_LEVELS } from '../kafka/schema-registry/compatibility';

/** Bounds that keep a scenario runnable in a browser tab; beyond them a run would not fit a lesson. */
export const LIMITS = {
  brokers: 64,
  brokerId: 1_000_000,
  topics: 100,
  partitions: 1_000,
  members: 100,
  producers: 100,
  groups: 50,
  timeline: 10_000,
  steps: 500,
  expect: 500,
  ratePerSec: 100_000,
  timeMs: 7 * 24 * 3_600_000,
  text: 4_000,
  name: 249,
} as const;

const timeMs = z.number().int().min(0).max(LIMITS.timeMs);
const text = z.string().max(LIMITS.text);
const localized = z.strictObject({ en: text, fr: text });
const shortName = z.string().min(1).max(LIMITS.name);

/** Kafka config overrides as a properties file would hold them: key → scalar (or list). */
export const configOverrides = z.record(
  z.string().min(1).max(200),
  z.union([z.string().max(LIMITS.text), z.number(), z.boolean(), z.array(z.string().max(200)).max(20)]),
);

const brokerSpec = z.strictObject({
  id: z.number().int().min(0).max(LIMITS.brokerId),
  rack: z.string().min(1).max(100).optional(),
});

export const clusterSchema = z.strictObject({
  /** A count gives ids 1..n; a list gives explicit ids (and optional racks). */
  brokers: z.union([
    z.number().int().min(1).max(LIMITS.brokers),
    z.array(z.union([z.number().int().min(0).max(LIMITS.brokerId), brokerSpec])).min(1).max(LIMITS.brokers),
  ]),
  controller: z.enum(['zookeeper', 'kraft']).default('zookeeper'),
  /** ZooKeeper ensemble size (ZooKeeper mode). */
  zookeeperServers: z.union([z.literal(1), z.literal(3), z.literal(5)]).default(1),
  /** KRaft controller quorum size (KRaft mode). */
  kraftControllers: z.union([z.literal(1), z.literal(3), z.literal(5)]).default(1),
  /** Broker config overrides, Kafka key names (`min.insync.replicas`, `log.retention.ms`…). */
  config: configOverrides.default({}),
  network: z
    .strictObject({
      latencyMs: z.number().int().min(0).max(60_000).default(1),
      jitterMs: z.number().int().min(0).max(60_000).default(0),
    })
    .default({ latencyMs: 1, jitterMs: 0 }),
  replication: z
    .strictObject({
      /** `leader-epoch` (Kafka ≥ 0.11, KIP-101) or `high-watermark` (the older rule). */
      truncation: z.enum(['leader-epoch', 'high-watermark']).default('leader-epoch'),
    })
    .default({ truncation: 'leader-epoch' }),
  /** OS page-cache flush interval: data appended but not yet flushed is lost on power failure. */
  osFlushIntervalMs: z.number().int().min(1).max(3_600_000).default(5_000),
});

export const topicSchema = z.strictObject({
  name: shortName,
  partitions: z.number().int().min(1).max(LIMITS.partitions),
  replicationFactor: z.number().int().min(1).max(LIMITS.brokers),
  config: configOverrides.default({}),
  /** Explicit placement (broker ids per partition); otherwise Kafka's algorithm places replicas. */
  replicaAssignment: z.array(z.array(z.number().int().min(0)).min(1).max(LIMITS.brokers)).max(LIMITS.partitions).optional(),
});

/**
 * Key and value patterns: `null` (no key), or text where `{seq}` is the producer's record number,
 * `{seq%N}` that number modulo N, `{rand%N}` a seeded random number below N, `{producer}` the
 * producer id.
 */
const pattern = z.string().max(200);

/**
 * Schemas (docs/scenario-format.md, "Schemas"): an Avro record schema as JSON (an object, or a
 * string holding it); its content is checked in validate.ts, which names the field at fault.
 */
const avroSchemaJson = z.union([z.string().max(LIMITS.text), z.record(z.string(), z.unknown())]);
const compatibilityLevel = z.enum(COMPATIBILITY_LEVELS);
const valueFormat = z.enum(['string', 'json', 'avro']);
/** A registry version (`subject` defaults to `<topic>-value`) or an inline schema (auto-registered). */
export const valueSchemaRefSchema = z
  .strictObject({
    subject: shortName.optional(),
    version: z.union([z.number().int().min(1).max(1_000_000), z.literal('latest')]).optional(),
    schema: avroSchemaJson.optional(),
  })
  .refine((r) => (r.version === undefined) !== (r.schema === undefined), { message: 'give exactly one of "version" (with "subject") or "schema"' });
/** The value's fields: a pattern per field (`order-{seq}`, `{seq%100}`), or a JSON literal. */
const valueFields = z.record(z.string().min(1).max(100), z.union([pattern, z.number(), z.boolean(), z.null()]));

export const schemaRegistrySchema = z.strictObject({
  /** The global compatibility level. */
  compatibility: compatibilityLevel.optional(),
  /** Subjects registered before time 0, each with its versions in order (version 1 first). */
  subjects: z.record(shortName, z.strictObject({ compatibility: compatibilityLevel.optional(), versions: z.array(avroSchemaJson).min(1).max(100) })).optional(),
});

export const producerSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'use 1 to 64 letters, digits, dots, dashes or underscores'),
  topic: shortName,
  ratePerSec: z.number().min(0).max(LIMITS.ratePerSec),
  key: pattern.nullable().default(null),
  value: pattern.default('{producer}-{seq}'),
  /** Stop after this many records (otherwise runs until `stopMs` or the end). */
  count: z.number().int().min(0).max(100_000_000).optional(),
  startMs: timeMs.default(0),
  stopMs: timeMs.optional(),
  config: configOverrides.default({}),
  sendMode: z.enum(['fireAndForget', 'sync', 'async']).default('async'),
  /** `string` (the default, `value` as text), `json` or `avro` (from `valueFields`). */
  valueSerializer: valueFormat.optional(),
  valueSchema: valueSchemaRefSchema.optional(),
  valueFields: valueFields.optional(),
});

export const consumerGroupSchema = z
  .strictObject({
    groupId: z.string().min(1).max(LIMITS.name),
    topics: z.array(shortName).min(1).max(LIMITS.topics).optional(),
    /** A Java-style regular expression of topic names (subscribe(Pattern)). */
    topicPattern: z.string().min(1).max(200).optional(),
    members: z.number().int().min(0).max(LIMITS.members).default(1),
    config: configOverrides.default({}),
    processingMsPerRecord: z.number().int().min(0).max(3_600_000).default(0),
    commit: z.enum(['auto', 'sync', 'async', 'asyncThenSyncOnClose']).default('auto'),
    startMs: timeMs.default(0),
    /** How the application reads values (none: it takes the text); a reader schema for json/avro. */
    valueDeserializer: valueFormat.optional(),
    readerSchema: valueSchemaRefSchema.optional(),
  })
  .refine((g) => (g.topics === undefined) !== (g.topicPattern === undefined), {
    message: 'give exactly one of "topics" or "topicPattern"',
  });

const nodeRef = z.string().min(1).max(300);
const brokerRef = z.number().int().min(0).max(LIMITS.brokerId);
/** A loss ratio: "1/10" or a number between 0 and 1. */
const lossRatio = z.union([z.string().regex(/^\d{1,9}\/\d{1,9}$/, 'write a ratio such as "1/10"'), z.number().min(0).max(1)]);

const commandOptions = [
  z.strictObject({ do: z.literal('crashBroker'), broker: brokerRef }),
  z.strictObject({ do: z.literal('powerFailBroker'), broker: brokerRef }),
  z.strictObject({ do: z.literal('restartBroker'), broker: brokerRef }),
  z.strictObject({ do: z.literal('shutdownBroker'), broker: brokerRef }),
  z.strictObject({ do: z.literal('crashNode'), node: nodeRef }),
  z.strictObject({ do: z.literal('restartNode'), node: nodeRef }),
  z.strictObject({ do: z.literal('pauseNode'), node: nodeRef, durationMs: z.number().int().min(1).max(LIMITS.timeMs) }),
  z.strictObject({ do: z.literal('isolate'), a: z.array(nodeRef).min(1).max(200), b: z.array(nodeRef).min(1).max(200), oneWay: z.boolean().default(false) }),
  z.strictObject({ do: z.literal('heal') }),
  z.strictObject({ do: z.literal('slowLink'), from: nodeRef, to: nodeRef, extraLatencyMs: z.number().int().min(0).max(3_600_000), bothWays: z.boolean().default(true) }),
  z.strictObject({ do: z.literal('dropLink'), from: nodeRef, to: nodeRef, loss: lossRatio, bothWays: z.boolean().default(true) }),
  z.strictObject({ do: z.literal('addConsumer'), groupId: z.string().min(1).max(LIMITS.name) }),
  z.strictObject({ do: z.literal('stopConsumer'), consumer: nodeRef }),
  z.strictObject({ do: z.literal('crashConsumer'), consumer: nodeRef }),
  z.strictObject({ do: z.literal('pauseConsumer'), consumer: nodeRef, durationMs: z.number().int().min(1).max(LIMITS.timeMs) }),
  z.strictObject({ do: z.literal('slowConsumer'), consumer: nodeRef, processingMsPerRecord: z.number().int().min(0).max(3_600_000) }),
  z.strictObject({ do: z.literal('setProducerConfig'), producer: z.string().min(1).max(64), config: configOverrides }),
  z.strictObject({ do: z.literal('stopProducer'), producer: z.string().min(1).max(64) }),
  z.strictObject({ do: z.literal('startProducer'), producer: z.string().min(1).max(64) }),
  z.strictObject({ do: z.literal('createTopic'), topic: topicSchema }),
  z.strictObject({ do: z.literal('alterTopicConfig'), topic: shortName, config: configOverrides }),
  z.strictObject({ do: z.literal('electPreferredLeaders') }),
  z.strictObject({
    do: z.literal('resetOffsets'),
    groupId: z.string().min(1).max(LIMITS.name),
    topic: shortName,
    to: z.union([z.enum(['earliest', 'latest']), z.strictObject({ offset: z.number().int().min(0) })]),
  }),
  z.strictObject({ do: z.literal('registerSchema'), subject: shortName, schema: avroSchemaJson }),
  z.strictObject({ do: z.literal('setCompatibility'), subject: shortName.optional(), compatibility: compatibilityLevel }),
  z.strictObject({ do: z.literal('setProducerSchema'), producer: z.string().min(1).max(64), valueSchema: valueSchemaRefSchema, valueFields: valueFields.optional() }),
  /** A line typed in the Kafka console (kafka-topics.sh …). */
  z.strictObject({ do: z.literal('console'), line: z.string().max(LIMITS.text) }),
] as const;

export const commandSchema = z.discriminatedUnion('do', commandOptions);
export type Command = z.output<typeof commandSchema>;
export type TimedCommand = Command & { atMs: number };

/** The same commands, each with the time it runs at. */
export const timedCommandSchema = z.discriminatedUnion(
  'do',
  commandOptions.map((o) => o.extend({ atMs: timeMs })) as unknown as typeof commandOptions,
) as unknown as z.ZodType<TimedCommand, z.input<typeof commandSchema> & { atMs: number }>;

const choice = localized;
export const stepSchema = z.strictObject({
  atMs: timeMs,
  title: localized.optional(),
  en: text,
  fr: text,
  question: z
    .strictObject({
      en: text,
      fr: text,
      choices: z.array(choice).min(2).max(6),
      answer: z.number().int().min(0),
      explain: localized.optional(),
    })
    .refine((q) => q.answer < q.choices.length, { message: 'answer must be the index of one of the choices' })
    .optional(),
});

const jsonScalar = z.union([z.string().max(LIMITS.text), z.number(), z.boolean(), z.null()]);
/** A named outcome check at a time: a value of the run's summary, compared. */
export const expectSchema = z
  .strictObject({
    atMs: timeMs,
    name: z.string().min(1).max(200),
    /** Where in the summary: "topics.orders.partitions.0.leader" or ["topics", "a.b", …]. */
    path: z.union([z.string().min(1).max(500), z.array(z.union([z.string().max(249), z.number().int()])).min(1).max(20)]),
    equals: z.unknown().optional(),
    notEquals: z.unknown().optional(),
    atLeast: z.number().optional(),
    atMost: z.number().optional(),
    oneOf: z.array(jsonScalar).min(1).max(100).optional(),
  })
  .refine(
    (e) => ['equals', 'notEquals', 'atLeast', 'atMost', 'oneOf'].filter((k) => (e as Record<string, unknown>)[k] !== undefined).length >= 1,
    { message: 'give a comparison: equals, notEquals, atLeast, atMost or oneOf' },
  );

export const scenarioSchema = z.strictObject({
  version: z.literal(1),
  name: z.string().min(1).max(200),
  title: localized.optional(),
  description: localized.optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** How long a run lasts when nothing else says (the CLI's default --until-ms). */
  durationMs: timeMs.min(1).default(60_000),
  cluster: clusterSchema,
  topics: z.array(topicSchema).max(LIMITS.topics).default([]),
  producers: z.array(producerSchema).max(LIMITS.producers).default([]),
  consumerGroups: z.array(consumerGroupSchema).max(LIMITS.groups).default([]),
  schemaRegistry: schemaRegistrySchema.optional(),
  timeline: z.array(timedCommandSchema).max(LIMITS.timeline).default([]),
  steps: z.array(stepSchema).max(LIMITS.steps).default([]),
  expect: z.array(expectSchema).max(LIMITS.expect).default([]),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type TopicSpec = z.output<typeof topicSchema>;
export type ProducerSpec = z.output<typeof producerSchema>;
export type ConsumerGroupSpec = z.output<typeof consumerGroupSchema>;
export type Step = z.output<typeof stepSchema>;
export type Expectation = z.output<typeof expectSchema>;
export type ConfigOverrides = z.output<typeof configOverrides>;
export type ValueSchemaRef = z.output<typeof valueSchemaRefSchema>;
export type ValueFields = z.output<typeof valueFields>;
export type SchemaRegistrySpec = z.output<typeof schemaRegistrySchema>;
