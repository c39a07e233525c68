/**
 * The registry and the clients' serializers in the run's summary (what `expect` paths read):
 * `schemaRegistry.subjects.<subject>.latestVersion`, `….versions.<n>.id`, `schemaRegistry.rejected`,
 * and per consumer `decoded`, `decodeErrors`, `decodedBySchemaId`.
 */
import type { SchemaRegistryState } from './registry';
import { schemaById, subjectCompatibility } from './registry';
import type { ValueDeserializerState, ValueSerializerState } from './serializer';
import { setOwn } from '../dict';

export interface SubjectSummary {
  compatibility: string;
  latestVersion: number;
  /** By version number: the schema id and its fields (`name: type`). */
  versions: Record<string, { id: number; fields: string[] }>;
}

export interface SchemaRegistrySummary {
  compatibility: string;
  subjects: Record<string, SubjectSummary>;
  /** Distinct schemas (ids) known. */
  schemas: number;
  /** Registrations that made a new version during the run. */
  registered: number;
  /** Refused registrations, oldest first: the registry's answer to each. */
  rejected: { atMs: number; subject: string; by: string; httpStatus: number; errorCode: number; message: string }[];
}

export function schemaRegistrySummary(r: SchemaRegistryState): SchemaRegistrySummary {
  const subjects: Record<string, SubjectSummary> = {};
  for (const name of Object.keys(r.subjects).sort()) {
    const sub = r.subjects[name];
    if (sub === undefined || sub.versions.length === 0) continue;
    const versions: SubjectSummary['versions'] = {};
    for (const v of sub.versions) {
      const fields = schemaById(r, v.id)?.schema.fields.map((f) => `${f.name}: ${typeof f.type === 'string' ? f.type : f.type.join('|')}`) ?? [];
      versions[String(v.version)] = { id: v.id, fields };
    }
    setOwn(subjects, name, { compatibility: subjectCompatibility(r, name), latestVersion: sub.versions[sub.versions.length - 1]?.version ?? 0, versions });
  }
  return {
    compatibility: r.compatibility,
    subjects,
    schemas: Object.keys(r.schemas).length,
    registered: r.attempts.filter((a) => a.outcome === 'registered' && a.by !== 'scenario').length,
    rejected: r.attempts.filter((a) => a.outcome === 'rejected').map((a) => ({ atMs: a.atMs, subject: a.subject, by: a.by, httpStatus: a.httpStatus, errorCode: a.errorCode, message: a.message })),
  };
}

export interface DeserializerSummary {
  valueDeserializer: string;
  /** `subject vN`, `subject latest` or `inline`; null without a reader schema. */
  readerSchema: string | null;
  decoded: number;
  decodeErrors: number;
  decodeErrorsByReason: Record<string, number>;
  decodedBySchemaId: Record<string, number>;
  defaultsFilled: number;
  fieldsIgnored: number;
  lastValue: string | null;
}

export function deserializerSummary(d: ValueDeserializerState): DeserializerSummary {
  const src = d.source;
  return {
    valueDeserializer: d.format,
    readerSchema: src === null ? null : 'inline' in src ? 'inline' : `${src.subject} ${src.version === 'latest' ? 'latest' : `v${src.version}`}`,
    decoded: d.decoded,
    decodeErrors: d.errors,
    decodeErrorsByReason: { ...d.errorsByReason },
    decodedBySchemaId: { ...d.decodedBySchemaId },
    defaultsFilled: d.defaultsFilled,
    fieldsIgnored: d.fieldsIgnored,
    lastValue: d.lastValue,
  };
}

export interface SerializerSummary {
  valueSerializer: string;
  subject: string | null;
  schemaVersion: number;
  schemaId: number;
  serialized: number;
  serializationErrors: number;
}

export function serializerSummary(s: ValueSerializerState): SerializerSummary {
  return { valueSerializer: s.format, subject: s.subject, schemaVersion: s.version, schemaId: s.schemaId, serialized: s.serialized, serializationErrors: s.failed };
}
