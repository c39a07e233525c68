/**
 * From the scenario to the registry and the clients' serializers: the registry's subjects before
 * time 0, a producer's serializer (`valueSerializer`, `valueSchema`, `valueFields`), a consumer
 * group's deserializer (`valueDeserializer`, `readerSchema`). The same functions replay a
 * scenario's schema story for validation, so a reference to a version that will not exist is
 * refused before the run, with its path.
 */
import type { KafkaWorld } from '../world';
import type { ConsumerGroupSpec, ProducerSpec, Scenario, SchemaRegistrySpec, ValueFields, ValueSchemaRef } from '../../scenario/schema';
import { compilePattern } from '../client/producer';
import { branchFor, parseAvroSchema, typeName, type RecordSchema, type SchemaProblem } from './avro';
import { getSubjectVersion, newRegistry, registerSchema, setCompatibility, type RegisterResult, type SchemaRegistryState } from './registry';
import { textToValue, type ValueFormat } from './serde';
import { newDeserializer, type FieldTemplate, type ValueDeserializerState, type ValueSerializerState } from './serializer';

export interface Problem {
  path: string;
  message: string;
}

function schemaProblems(where: string, problems: readonly SchemaProblem[]): Problem[] {
  return problems.map((p) => ({ path: p.path === '' ? where : `${where}.${p.path}`, message: p.message }));
}

function subjectPath(subject: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(subject) ? `schemaRegistry.subjects.${subject}` : `schemaRegistry.subjects[${JSON.stringify(subject)}]`;
}

/** The registry as the scenario sets it up before time 0 (each version registered in order). */
export function registryFromSpec(spec: SchemaRegistrySpec | undefined): { registry: SchemaRegistryState; problems: Problem[] } {
  const registry = newRegistry(spec?.compatibility ?? 'BACKWARD');
  const problems: Problem[] = [];
  for (const [subject, sub] of Object.entries(spec?.subjects ?? {})) {
    if (sub.compatibility !== undefined) setCompatibility(registry, subject, sub.compatibility);
    sub.versions.forEach((raw, i) => {
      const where = `${subjectPath(subject)}.versions[${i}]`;
      const parsed = parseAvroSchema(raw);
      if (!parsed.ok) {
        problems.push(...schemaProblems(where, parsed.problems));
        return;
      }
      const r = registerSchema(registry, subject, parsed.schema, 0, 'scenario');
      if (!r.ok) problems.push({ path: where, message: `HTTP ${r.httpStatus}, error code ${r.errorCode}: ${r.message}` });
    });
  }
  return { registry, problems };
}

/** The subject a reference names: its own, or TopicNameStrategy's `<topic>-value`. */
export function subjectFor(ref: ValueSchemaRef, topic: string | undefined): string | null {
  return ref.subject ?? (topic === undefined ? null : `${topic}-value`);
}

/** Checks value templates against a schema: unknown fields, missing required ones, literals of the wrong type. */
function fieldProblems(schema: RecordSchema, fields: ValueFields): string[] {
  const out: string[] = [];
  for (const [name, t] of Object.entries(fields)) {
    const f = schema.fields.find((x) => x.name === name);
    if (f === undefined) {
      out.push(`field "${name}" is not in schema ${schema.name} (fields: ${schema.fields.map((x) => x.name).join(', ')})`);
      continue;
    }
    const fixedText = typeof t === 'string' && !/\{(seq|producer|seq%\d+|rand%\d+)\}/.test(t);
    if (typeof t !== 'string' ? branchFor(f.type, t) < 0 : fixedText && textToValue(f.type, t) === undefined) {
      out.push(`field "${name}": ${JSON.stringify(t)} is not a ${typeName(f.type)}`);
    }
  }
  for (const f of schema.fields) {
    if (!f.hasDefault && !Object.hasOwn(fields, f.name)) out.push(`field "${f.name}" of schema ${schema.name} has no default: give it a template in valueFields`);
  }
  return out;
}

function templates(fields: ValueFields): FieldTemplate[] {
  return Object.entries(fields).map(([name, t]) => (typeof t === 'string' ? { name, parts: compilePattern(t), literal: null } : { name, parts: null, literal: t }));
}

/** `serializer` null: the producer sends its `value` text (StringSerializer). */
export type SerializerResult = { ok: true; serializer: ValueSerializerState | null; registered: RegisterResult | null } | { ok: false; message: string };

/**
 * A producer's value serializer from its settings, resolving the schema in the registry now: a
 * subject/version is looked up (GET /subjects/…/versions/…); an inline Avro schema is registered
 * under the subject (auto.register.schemas=true). If that registration is refused, the
 * serializer exists but every send() fails with SerializationException, as in Kafka's client.
 */
export function producerSerializer(
  registry: SchemaRegistryState,
  producer: string,
  topic: string,
  format: ValueFormat,
  ref: ValueSchemaRef | undefined,
  fields: ValueFields | undefined,
  atMs: number,
): SerializerResult {
  if (format === 'string') {
    if (ref !== undefined || fields !== undefined) return { ok: false, message: 'valueSchema and valueFields need valueSerializer "json" or "avro"' };
    return { ok: true, serializer: null, registered: null };
  }
  if (fields === undefined) return { ok: false, message: `valueSerializer "${format}" builds the value from valueFields: give one template per field` };
  if (format === 'avro' && ref === undefined) return { ok: false, message: 'valueSerializer "avro" needs a valueSchema (a subject and version, or an inline schema)' };
  const base: ValueSerializerState = { format, subject: null, version: -1, schemaId: -1, schema: null, fields: templates(fields), error: null, serialized: 0, failed: 0, lastFailure: null, reported: [] };
  if (ref === undefined) return { ok: true, serializer: base, registered: null };
  const subject = subjectFor(ref, topic) as string;
  let schema: RecordSchema;
  let registered: RegisterResult | null = null;
  if (ref.schema !== undefined) {
    const parsed = parseAvroSchema(ref.schema);
    if (!parsed.ok) return { ok: false, message: `invalid schema: ${parsed.problems.map((p) => `${p.path === '' ? '' : `${p.path}: `}${p.message}`).join('; ')}` };
    schema = parsed.schema;
    if (format === 'avro') {
      registered = registerSchema(registry, subject, schema, atMs, `producer-${producer}`);
      if (registered.ok) {
        base.schemaId = registered.id;
        base.version = registered.version;
      } else {
        base.error = `Error registering Avro schema: ${registered.message}; error code: ${registered.errorCode}`;
      }
    }
  } else {
    const v = getSubjectVersion(registry, subject, ref.version ?? 'latest');
    if (!v.ok) return { ok: false, message: `schema ${subject} version ${ref.version}: ${v.message} (error code ${v.errorCode})` };
    schema = v.schema;
    base.schemaId = v.id;
    base.version = v.version;
  }
  const problems = fieldProblems(schema, fields);
  if (problems.length > 0) return { ok: false, message: problems.join('; ') };
  base.subject = subject;
  base.schema = schema;
  return { ok: true, serializer: base, registered };
}

/** Emits what a producer's serializer did in the registry (an inline schema's registration). */
export function emitRegistration(world: KafkaWorld, subject: string, by: string, r: RegisterResult): void {
  if (r.ok) world.emit('SchemaRegistered', { subject, version: r.version, id: r.id, existing: r.existing, by });
  else world.emit('SchemaRejected', { subject, by, httpStatus: r.httpStatus, errorCode: r.errorCode, compatibility: r.compatibility, oldVersion: r.oldVersion, incompatibilities: r.incompatibilities.map((x) => x.errorType), message: r.message });
}

/** A consumer group member's deserializer (null: the application takes the value's text). */
export function consumerDeserializer(g: ConsumerGroupSpec): ValueDeserializerState | null {
  if (g.valueDeserializer === undefined) return null;
  const ref = g.readerSchema;
  if (ref === undefined) return newDeserializer(g.valueDeserializer, null);
  if (ref.schema !== undefined) {
    const parsed = parseAvroSchema(ref.schema);
    return newDeserializer(g.valueDeserializer, parsed.ok ? { inline: parsed.schema } : null);
  }
  const subject = subjectFor(ref, g.topics?.length === 1 ? g.topics[0] : undefined) ?? '';
  return newDeserializer(g.valueDeserializer, { subject, version: ref.version ?? 'latest' });
}

/**
 * Validation: replays the scenario's schema story (initial subjects, producers' schemas at time
 * 0, then the timeline's registerSchema / setCompatibility / setProducerSchema in time order)
 * and reports bad schemas, bad references and templates that do not fit, by path.
 */
export function schemaProblemsOf(s: Scenario): Problem[] {
  const { registry, problems } = registryFromSpec(s.schemaRegistry);
  const formats = new Map<string, { format: ValueFormat; topic: string }>();
  s.producers.forEach((p: ProducerSpec, i) => {
    const where = `producers[${i}]`;
    const format = p.valueSerializer ?? 'string';
    formats.set(p.id, { format, topic: p.topic });
    if (p.valueSchema?.schema !== undefined) {
      const parsed = parseAvroSchema(p.valueSchema.schema);
      if (!parsed.ok) {
        problems.push(...schemaProblems(`${where}.valueSchema.schema`, parsed.problems));
        return;
      }
    }
    const r = producerSerializer(registry, p.id, p.topic, format, p.valueSchema, p.valueFields, 0);
    if (!r.ok) problems.push({ path: where, message: r.message });
  });
  const timeline = s.timeline.map((c, i) => ({ c, i })).sort((a, b) => a.c.atMs - b.c.atMs || a.i - b.i);
  for (const { c, i } of timeline) {
    const where = `timeline[${i}]`;
    if (c.do === 'registerSchema') {
      const parsed = parseAvroSchema(c.schema);
      if (!parsed.ok) problems.push(...schemaProblems(`${where}.schema`, parsed.problems));
      else registerSchema(registry, c.subject, parsed.schema, c.atMs, 'validation');
    } else if (c.do === 'setCompatibility') {
      setCompatibility(registry, c.subject ?? null, c.compatibility);
    } else if (c.do === 'setProducerSchema') {
      const p = formats.get(c.producer);
      if (p === undefined) continue;
      if (p.format === 'string') {
        problems.push({ path: `${where}.producer`, message: `producer "${c.producer}" has valueSerializer "string": a schema needs "json" or "avro"` });
        continue;
      }
      if (c.valueSchema.schema !== undefined) {
        const parsed = parseAvroSchema(c.valueSchema.schema);
        if (!parsed.ok) {
          problems.push(...schemaProblems(`${where}.valueSchema.schema`, parsed.problems));
          continue;
        }
      }
      const fields = c.valueFields ?? s.producers.find((x) => x.id === c.producer)?.valueFields;
      const r = producerSerializer(registry, c.producer, p.topic, p.format, c.valueSchema, fields, c.atMs);
      if (!r.ok) problems.push({ path: where, message: r.message });
    }
  }
  s.consumerGroups.forEach((g, i) => {
    const where = `consumerGroups[${i}]`;
    const ref = g.readerSchema;
    if (ref === undefined) return;
    if (g.valueDeserializer === undefined || g.valueDeserializer === 'string') {
      problems.push({ path: `${where}.readerSchema`, message: 'a reader schema needs valueDeserializer "json" or "avro"' });
      return;
    }
    if (ref.schema !== undefined) {
      const parsed = parseAvroSchema(ref.schema);
      if (!parsed.ok) problems.push(...schemaProblems(`${where}.readerSchema.schema`, parsed.problems));
      return;
    }
    const subject = subjectFor(ref, g.topics?.length === 1 ? g.topics[0] : undefined);
    if (subject === null) {
      problems.push({ path: `${where}.readerSchema.subject`, message: 'name the subject (it defaults to <topic>-value only with one topic)' });
      return;
    }
    const v = getSubjectVersion(registry, subject, ref.version ?? 'latest');
    if (!v.ok) problems.push({ path: `${where}.readerSchema`, message: `schema ${subject} version ${ref.version}: ${v.message} (error code ${v.errorCode}), even after the timeline's registrations` });
  });
  return problems;
}
