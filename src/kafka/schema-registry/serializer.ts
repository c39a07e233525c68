/**
 * The clients' serializers as plain data, and what they do per record:
 *  - a producer's value serializer (`json` or `avro`; `string` needs none) turns the value
 *    template's fields into bytes; a field that does not fit its type fails that send() with
 *    SerializationException, as KafkaAvroSerializer would;
 *  - a consumer's value deserializer reads the bytes back: for Avro it reads the schema id,
 *    fetches the writer's schema from the registry (always there, no network: see
 *    docs/fidelity.md) and resolves it to the consumer's reader schema (unknown fields dropped,
 *    missing ones from defaults), or counts a decode error. The application skips a record it
 *    cannot decode and carries on (as with an error-tolerant deserializer).
 * Nothing here runs for a client without a serializer.
 */
import type { KafkaWorld } from '../world';
import type { RecordBatch } from '../log/types';
import type { PatternPart } from '../client/producer-types';
import { getOwn, setOwn } from '../dict';
import type { AvroScalar, RecordSchema } from './avro';
import { readerWriterIncompatibilities } from './compatibility';
import { getSubjectVersion, schemaById, type SchemaRegistryState } from './registry';
import { DecodeError, decodeAvro, encodeAvro, projectRecord, readWireHeader, textToValue, type RecordValue, type ValueFormat } from './serde';

/** One field of a producer's value template: a pattern (`order-{seq}`) or a JSON literal. */
export interface FieldTemplate {
  name: string;
  parts: PatternPart[] | null;
  literal: AvroScalar;
}

export interface ValueSerializerState {
  format: 'json' | 'avro';
  /** The registry subject and version of the writer schema (null / -1 for schemaless JSON). */
  subject: string | null;
  version: number;
  schemaId: number;
  schema: RecordSchema | null;
  fields: FieldTemplate[];
  /** Set when the serializer cannot work at all (its schema was refused): every send() fails. */
  error: string | null;
  serialized: number;
  failed: number;
  lastFailure: string | null;
  /** Failure reasons already reported by an event (one event per reason, at most 20). */
  reported: string[];
}

/** Where a reader schema comes from: a registry version (resolved at first use) or inline. */
export type ReaderSource = { subject: string; version: number | 'latest' } | { inline: RecordSchema };

export interface ValueDeserializerState {
  format: ValueFormat;
  source: ReaderSource | null;
  /** The reader schema once resolved, and its registry id (-1 inline). */
  reader: RecordSchema | null;
  readerId: number;
  readerError: string | null;
  /** Per writer schema id: '' when the reader can read it, otherwise why not (checked once). */
  writerChecks: Record<string, string>;
  decoded: number;
  errors: number;
  /** Records decoded, by the writer's schema id. */
  decodedBySchemaId: Record<string, number>;
  /** Records in which the reader filled a field from its default / dropped a field it does not know. */
  defaultsFilled: number;
  fieldsIgnored: number;
  errorsByReason: Record<string, number>;
  /** The last record as the application saw it (JSON text of the reader's view). */
  lastValue: string | null;
}

// ---------------------------------------------------------------- producer

/** Builds the typed record from the templates; a failure says which field and why. */
function buildRecord(s: ValueSerializerState, render: (parts: PatternPart[]) => string): RecordValue | string {
  const out: RecordValue = {};
  const schema = s.schema;
  if (schema === null) {
    for (const f of s.fields) out[f.name] = f.parts === null ? f.literal : render(f.parts);
    return out;
  }
  for (const field of schema.fields) {
    const t = s.fields.find((f) => f.name === field.name);
    if (t === undefined) {
      if (!field.hasDefault) return `missing required field ${field.name}`;
      out[field.name] = field.default;
      continue;
    }
    if (t.parts === null) {
      out[field.name] = t.literal;
      continue;
    }
    const text = render(t.parts);
    const v = textToValue(field.type, text);
    if (v === undefined) return `field ${field.name}: "${text}" is not a ${JSON.stringify(field.type)}`;
    out[field.name] = v;
  }
  return out;
}

/** The serialized value, or null with `lastFailure` set (send() throws SerializationException). */
export function serializeValue(s: ValueSerializerState, render: (parts: PatternPart[]) => string): string | null {
  if (s.error !== null) {
    s.failed++;
    s.lastFailure = s.error;
    return null;
  }
  const rec = buildRecord(s, render);
  if (typeof rec === 'string') {
    s.failed++;
    s.lastFailure = rec;
    return null;
  }
  s.serialized++;
  if (s.format === 'json' || s.schema === null) return JSON.stringify(rec);
  try {
    return encodeAvro(s.schema, s.schemaId, rec);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    s.serialized--;
    s.failed++;
    s.lastFailure = e.message;
    return null;
  }
}

/** Whether the failure just counted is the first of its reason (so worth an event). */
export function firstFailureOfItsKind(s: ValueSerializerState): boolean {
  const reason = s.lastFailure ?? '';
  if (s.reported.length >= 20 || s.reported.includes(reason)) return false;
  s.reported.push(reason);
  return true;
}

// ---------------------------------------------------------------- consumer

export function newDeserializer(format: ValueFormat, source: ReaderSource | null): ValueDeserializerState {
  return {
    format,
    source,
    reader: source !== null && 'inline' in source ? source.inline : null,
    readerId: -1,
    readerError: null,
    writerChecks: {},
    decoded: 0,
    errors: 0,
    decodedBySchemaId: {},
    defaultsFilled: 0,
    fieldsIgnored: 0,
    errorsByReason: {},
    lastValue: null,
  };
}

/** The reader schema, fetched from the registry at first use when given as subject/version. */
function readerSchema(r: SchemaRegistryState, d: ValueDeserializerState): RecordSchema | null {
  if (d.reader !== null || d.source === null || 'inline' in d.source) return d.reader;
  const v = getSubjectVersion(r, d.source.subject, d.source.version);
  if (!v.ok) {
    d.readerError = `reader schema ${d.source.subject} version ${d.source.version}: ${v.message} (error code ${v.errorCode})`;
    return null;
  }
  d.reader = v.schema;
  d.readerId = v.id;
  d.readerError = null;
  return d.reader;
}

interface DecodeContext {
  world: KafkaWorld;
  consumer: string;
  groupId: string;
  topic: string;
  partition: number;
}

function fail(ctx: DecodeContext, d: ValueDeserializerState, offset: number, reason: string, error: string, writerSchemaId: number): void {
  d.errors++;
  const first = getOwn(d.errorsByReason, reason) === undefined;
  setOwn(d.errorsByReason, reason, (getOwn(d.errorsByReason, reason) ?? 0) + 1);
  // One event per consumer and reason: a topic of undecodable records does not flood the timeline.
  if (first) {
    ctx.world.emit('DeserializationFailed', { consumer: ctx.consumer, groupId: ctx.groupId, topic: ctx.topic, partition: ctx.partition, offset, format: d.format, writerSchemaId, reason, error });
  }
}

function decodeOne(ctx: DecodeContext, d: ValueDeserializerState, offset: number, raw: string): void {
  const r = ctx.world.state.model.schemaRegistry;
  if (d.format === 'string') {
    d.decoded++;
    d.lastValue = raw;
    return;
  }
  const reader = readerSchema(r, d);
  if (d.readerError !== null) return fail(ctx, d, offset, 'reader schema not found', d.readerError, -1);
  let data: RecordValue;
  let writerId = -1;
  if (d.format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw) as unknown;
    } catch (e) {
      return fail(ctx, d, offset, 'not JSON', `Error deserializing JSON message: ${(e as Error).message}`, -1);
    }
    if (reader === null) {
      d.decoded++;
      d.lastValue = raw;
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail(ctx, d, offset, 'not a JSON object', 'Error deserializing JSON message: not an object', -1);
    data = parsed as RecordValue;
  } else {
    const header = readWireHeader(raw);
    if (!header.ok) return fail(ctx, d, offset, 'unknown magic byte', `Error deserializing Avro message: ${header.error}`, -1);
    writerId = header.schemaId;
    const writer = schemaById(r, writerId);
    if (writer === undefined) {
      return fail(ctx, d, offset, 'schema not found', `Error retrieving Avro schema for id ${writerId}: Schema ${writerId} not found; error code: 40403`, writerId);
    }
    const key = String(writerId);
    let check = getOwn(d.writerChecks, key);
    if (check === undefined) {
      const found = reader === null ? [] : readerWriterIncompatibilities(reader, writer.schema);
      check = found.map((x) => `${x.errorType} at ${x.path}: ${x.additionalInfo}`).join('; ');
      setOwn(d.writerChecks, key, check);
      ctx.world.emit('SchemaResolved', {
        consumer: ctx.consumer,
        groupId: ctx.groupId,
        writerSchemaId: writerId,
        readerSchemaId: reader === null ? writerId : d.readerId,
        compatible: check === '',
        ignoredFields: reader === null ? [] : writer.schema.fields.filter((f) => !reader.fields.some((x) => x.name === f.name)).map((f) => f.name),
        defaultedFields: reader === null ? [] : reader.fields.filter((f) => f.hasDefault && !writer.schema.fields.some((x) => x.name === f.name)).map((f) => f.name),
        problems: check,
      });
    }
    if (check !== '') return fail(ctx, d, offset, `writer schema ${writerId} unreadable`, `Error deserializing Avro message for id ${writerId}: ${check}`, writerId);
    try {
      data = decodeAvro(writer.schema, raw);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      return fail(ctx, d, offset, 'malformed', `Error deserializing Avro message for id ${writerId}: ${e.message}`, writerId);
    }
    if (reader === null) {
      d.decoded++;
      setOwn(d.decodedBySchemaId, key, (getOwn(d.decodedBySchemaId, key) ?? 0) + 1);
      d.lastValue = JSON.stringify(data);
      return;
    }
  }
  try {
    const p = projectRecord(reader as RecordSchema, data);
    d.decoded++;
    if (writerId >= 0) setOwn(d.decodedBySchemaId, String(writerId), (getOwn(d.decodedBySchemaId, String(writerId)) ?? 0) + 1);
    if (p.defaulted.length > 0) d.defaultsFilled++;
    if (p.ignored.length > 0) d.fieldsIgnored++;
    d.lastValue = JSON.stringify(p.value);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    fail(ctx, d, offset, 'does not fit the reader schema', `Error deserializing ${d.format === 'json' ? 'JSON' : 'Avro'} message: ${e.message}`, writerId);
  }
}

/** The application deserializes the records poll() handed it: batch records [start, end). */
export function deserializeRecords(world: KafkaWorld, consumer: string, groupId: string, d: ValueDeserializerState, topic: string, partition: number, batch: RecordBatch, start: number, end: number): void {
  const ctx: DecodeContext = { world, consumer, groupId, topic, partition };
  for (let i = start; i < end; i++) decodeOne(ctx, d, batch.baseOffset + i, batch.values[i] ?? '');
}
