/**
 * The schema registry as plain data (Confluent Schema Registry's model): subjects hold versions
 * 1, 2, 3…; each version points at a schema id; ids are global across subjects and increase.
 * Registering (POST /subjects/{subject}/versions):
 *  - a schema identical to a version of the subject returns that version's id, nothing new;
 *  - a schema already known under another subject keeps its id and becomes a new version here;
 *  - otherwise the subject's compatibility level (or the global one, BACKWARD by default) is
 *    checked against earlier versions; a failure is HTTP 409, error code 409, "Schema being
 *    registered is incompatible with an earlier schema for subject …", and changes nothing.
 * Errors of lookups use the registry's codes: 40401 subject not found, 40402 version not found,
 * 40403 schema not found, 42201 invalid schema.
 */
import { getOwn, setOwn } from '../dict';
import { canonicalSchema, parseAvroSchema, type RecordSchema } from './avro';
import { checkCompatibility, formatIncompatibility, type CompatibilityLevel, type Incompatibility } from './compatibility';

export interface RegisteredSchema {
  id: number;
  schema: RecordSchema;
  canonical: string;
}

export interface SubjectState {
  /** Set by PUT /config/{subject}; null follows the global level. */
  compatibility: CompatibilityLevel | null;
  /** Oldest first; `version` numbers start at 1. */
  versions: { version: number; id: number }[];
}

export interface RegistrationAttempt {
  atMs: number;
  subject: string;
  /** `registered`: a new version; `existing`: the identical schema was already there; `rejected`. */
  outcome: 'registered' | 'existing' | 'rejected';
  version: number;
  id: number;
  /** Who asked: `registerSchema` (a timeline command), or a producer's serializer (auto.register.schemas). */
  by: string;
  httpStatus: number;
  errorCode: number;
  message: string;
}

export interface SchemaRegistryState {
  /** The global level (PUT /config). */
  compatibility: CompatibilityLevel;
  subjects: Record<string, SubjectState>;
  /** Schemas by id (as a string key). */
  schemas: Record<string, RegisteredSchema>;
  nextId: number;
  attempts: RegistrationAttempt[];
}

export type RegistryError = { ok: false; httpStatus: number; errorCode: number; message: string };

export type RegisterResult =
  | { ok: true; id: number; version: number; existing: boolean }
  | (RegistryError & { incompatibilities: Incompatibility[]; oldVersion: number; compatibility: CompatibilityLevel });

export function newRegistry(compatibility: CompatibilityLevel = 'BACKWARD'): SchemaRegistryState {
  return { compatibility, subjects: {}, schemas: {}, nextId: 1, attempts: [] };
}

export function subjectCompatibility(r: SchemaRegistryState, subject: string): CompatibilityLevel {
  return getOwn(r.subjects, subject)?.compatibility ?? r.compatibility;
}

export function schemaById(r: SchemaRegistryState, id: number): RegisteredSchema | undefined {
  return getOwn(r.schemas, String(id));
}

/** The 409 message as the registry words it, with the details its newer versions add. */
export function incompatibleMessage(subject: string, incompatibilities: readonly Incompatibility[], oldVersion: number, oldSchema: string, level: CompatibilityLevel): string {
  const details = [...incompatibilities.map(formatIncompatibility), `{oldSchemaVersion: ${oldVersion}}`, `{oldSchema: '${oldSchema}'}`, `{compatibility: '${level}'}`];
  return `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${details.join(', ')}]`;
}

/** POST /subjects/{subject}/versions with an already parsed schema. Records the attempt. */
export function registerSchema(r: SchemaRegistryState, subject: string, schema: RecordSchema, atMs: number, by: string): RegisterResult {
  const canonical = canonicalSchema(schema);
  const sub = getOwn(r.subjects, subject);
  const versions = sub?.versions ?? [];
  for (const v of versions) {
    if (schemaById(r, v.id)?.canonical === canonical) {
      r.attempts.push({ atMs, subject, outcome: 'existing', version: v.version, id: v.id, by, httpStatus: 200, errorCode: 0, message: '' });
      return { ok: true, id: v.id, version: v.version, existing: true };
    }
  }
  const level = subjectCompatibility(r, subject);
  const previous = versions.map((v) => ({ version: v.version, schema: (schemaById(r, v.id) as RegisteredSchema).schema }));
  const check = checkCompatibility(level, schema, previous);
  if (!check.compatible) {
    const oldId = versions.find((v) => v.version === check.oldVersion)?.id ?? -1;
    const message = incompatibleMessage(subject, check.incompatibilities, check.oldVersion, schemaById(r, oldId)?.canonical ?? '', level);
    r.attempts.push({ atMs, subject, outcome: 'rejected', version: -1, id: -1, by, httpStatus: 409, errorCode: 409, message });
    return { ok: false, httpStatus: 409, errorCode: 409, message, incompatibilities: check.incompatibilities, oldVersion: check.oldVersion, compatibility: level };
  }
  let id = -1;
  for (const s of Object.values(r.schemas)) if (s.canonical === canonical) id = s.id;
  if (id < 0) {
    id = r.nextId++;
    setOwn(r.schemas, String(id), { id, schema, canonical });
  }
  const version = (versions[versions.length - 1]?.version ?? 0) + 1;
  if (sub === undefined) setOwn(r.subjects, subject, { compatibility: null, versions: [{ version, id }] });
  else sub.versions.push({ version, id });
  r.attempts.push({ atMs, subject, outcome: 'registered', version, id, by, httpStatus: 200, errorCode: 0, message: '' });
  return { ok: true, id, version, existing: false };
}

/** Registration of a schema still as JSON: an invalid schema is HTTP 422, error code 42201. */
export function registerSchemaJson(r: SchemaRegistryState, subject: string, raw: unknown, atMs: number, by: string): RegisterResult {
  const parsed = parseAvroSchema(raw);
  if (!parsed.ok) {
    const message = `Invalid schema: ${parsed.problems.map((p) => (p.path === '' ? p.message : `${p.path}: ${p.message}`)).join('; ')}`;
    r.attempts.push({ atMs, subject, outcome: 'rejected', version: -1, id: -1, by, httpStatus: 422, errorCode: 42201, message });
    return { ok: false, httpStatus: 422, errorCode: 42201, message, incompatibilities: [], oldVersion: -1, compatibility: subjectCompatibility(r, subject) };
  }
  return registerSchema(r, subject, parsed.schema, atMs, by);
}

/** GET /subjects/{subject}/versions/{version|latest}. */
export function getSubjectVersion(r: SchemaRegistryState, subject: string, version: number | 'latest'): { ok: true; version: number; id: number; schema: RecordSchema } | RegistryError {
  const sub = getOwn(r.subjects, subject);
  if (sub === undefined || sub.versions.length === 0) return { ok: false, httpStatus: 404, errorCode: 40401, message: `Subject '${subject}' not found.` };
  const v = version === 'latest' ? sub.versions[sub.versions.length - 1] : sub.versions.find((x) => x.version === version);
  if (v === undefined) return { ok: false, httpStatus: 404, errorCode: 40402, message: `Version ${version} not found.` };
  return { ok: true, version: v.version, id: v.id, schema: (schemaById(r, v.id) as RegisteredSchema).schema };
}

/** PUT /config (subject null) or PUT /config/{subject}. */
export function setCompatibility(r: SchemaRegistryState, subject: string | null, level: CompatibilityLevel): void {
  if (subject === null) {
    r.compatibility = level;
    return;
  }
  const sub = getOwn(r.subjects, subject);
  if (sub === undefined) setOwn(r.subjects, subject, { compatibility: level, versions: [] });
  else sub.compatibility = level;
}

/** The version of `subject` whose schema has this id, or -1. */
export function versionOfId(r: SchemaRegistryState, subject: string, id: number): number {
  return getOwn(r.subjects, subject)?.versions.find((v) => v.id === id)?.version ?? -1;
}
