/**
 * Can a reader schema read data written with a writer schema? Avro's schema resolution rules
 * (the specification's "Schema Resolution", and Java's SchemaCompatibility), for our subset:
 *
 *  - both records: the full names must match; each reader field is looked up by name in the
 *    writer: present → the types must match; absent → the reader field needs a default; a
 *    writer field the reader does not have is ignored;
 *  - primitives: the same type, or a promotion: int → long or double, long → double;
 *  - unions: a writer union needs every branch readable; a reader union needs one branch that
 *    can read the writer's type.
 *
 * Then the registry's compatibility levels, which say which pairs (new, old) to check and in
 * which direction, and the incompatibility messages as the registry words them
 * (`{errorType:'TYPE_MISMATCH', description:…, additionalInfo:…}`).
 */
import type { AvroPrimitive, AvroType, RecordSchema } from './avro';

export const COMPATIBILITY_LEVELS = ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE'] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

export type IncompatibilityType = 'NAME_MISMATCH' | 'TYPE_MISMATCH' | 'READER_FIELD_MISSING_DEFAULT_VALUE' | 'MISSING_UNION_BRANCH';

export interface Incompatibility {
  errorType: IncompatibilityType;
  /** Where in the reader schema, as a JSON pointer: `/fields/2/type`. */
  path: string;
  description: string;
  additionalInfo: string;
}

/** How the registry's messages call the two schemas ("new" / "old"), or plain reader / writer. */
export interface Labels {
  reader: string;
  writer: string;
}
const PLAIN: Labels = { reader: 'reader', writer: 'writer' };

/** Writer type → reader types that read it (Avro's promotions, within our primitives). */
function promotes(writer: AvroPrimitive, reader: AvroPrimitive): boolean {
  if (writer === reader) return true;
  if (writer === 'int') return reader === 'long' || reader === 'double';
  if (writer === 'long') return reader === 'double';
  return false;
}

function upper(t: AvroPrimitive): string {
  return t.toUpperCase();
}

function checkType(reader: AvroType, writer: AvroType, path: string, l: Labels, out: Incompatibility[]): void {
  if (typeof writer !== 'string') {
    // Every branch the writer may have written must be readable.
    writer.forEach((w) => checkType(reader, w, path, l, out));
    return;
  }
  if (typeof reader !== 'string') {
    if (reader.some((r) => promotes(writer, r))) return;
    out.push({
      errorType: 'MISSING_UNION_BRANCH',
      path,
      description: `The ${l.reader} schema is missing a type inside a union field at path '${path}'`,
      additionalInfo: `reader union lacking writer type: ${upper(writer)}`,
    });
    return;
  }
  if (promotes(writer, reader)) return;
  out.push({
    errorType: 'TYPE_MISMATCH',
    path,
    description: `The type (path '${path}') of a field in the ${l.reader} schema does not match with the ${l.writer} schema`,
    additionalInfo: `reader type: ${upper(reader)} not compatible with writer type: ${upper(writer)}`,
  });
}

/** What stops `reader` from reading data written with `writer` (empty: compatible). */
export function readerWriterIncompatibilities(reader: RecordSchema, writer: RecordSchema, labels: Labels = PLAIN): Incompatibility[] {
  const out: Incompatibility[] = [];
  if (reader.name !== writer.name) {
    out.push({ errorType: 'NAME_MISMATCH', path: '/name', description: `The name of the schema has changed (path '/name')`, additionalInfo: `expected: ${writer.name}` });
  }
  reader.fields.forEach((rf, i) => {
    const wf = writer.fields.find((f) => f.name === rf.name);
    if (wf === undefined) {
      if (!rf.hasDefault) {
        out.push({
          errorType: 'READER_FIELD_MISSING_DEFAULT_VALUE',
          path: `/fields/${i}`,
          description: `The field '${rf.name}' at path '/fields/${i}' in the ${labels.reader} schema has no default value and is missing in the ${labels.writer} schema`,
          additionalInfo: rf.name,
        });
      }
      return;
    }
    checkType(rf.type, wf.type, `/fields/${i}/type`, labels, out);
  });
  return out;
}

export function formatIncompatibility(x: Incompatibility): string {
  return `{errorType:'${x.errorType}', description:'${x.description}', additionalInfo:'${x.additionalInfo}'}`;
}

export interface CompatibilityResult {
  compatible: boolean;
  /** The first earlier version found incompatible (the registry reports one), or -1. */
  oldVersion: number;
  incompatibilities: Incompatibility[];
}

/**
 * The registry's check of a new schema against the subject's versions (oldest first), at a level:
 * BACKWARD: the new schema reads data of the latest version; FORWARD: the latest reads data of
 * the new one; FULL: both; the _TRANSITIVE forms check every earlier version (newest first), the
 * others only the latest; NONE checks nothing.
 */
export function checkCompatibility(level: CompatibilityLevel, next: RecordSchema, previous: readonly { version: number; schema: RecordSchema }[]): CompatibilityResult {
  if (level === 'NONE' || previous.length === 0) return { compatible: true, oldVersion: -1, incompatibilities: [] };
  const transitive = level.endsWith('_TRANSITIVE');
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  const against = transitive ? [...previous].reverse() : previous.slice(-1);
  for (const old of against) {
    const found: Incompatibility[] = [];
    if (forward) found.push(...readerWriterIncompatibilities(old.schema, next, { reader: 'old', writer: 'new' }));
    if (backward) found.push(...readerWriterIncompatibilities(next, old.schema, { reader: 'new', writer: 'old' }));
    if (found.length > 0) return { compatible: false, oldVersion: old.version, incompatibilities: found };
  }
  return { compatible: true, oldVersion: -1, incompatibilities: [] };
}
