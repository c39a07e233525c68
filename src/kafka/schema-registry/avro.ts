/**
 * An Avro-like schema model: a record of named fields whose types are `string`, `int`, `long`,
 * `double`, `boolean`, `null`, or a union of them (in practice `["null", T]`, an optional field),
 * with default values. Parsed from the JSON a scenario holds, in Avro's own syntax:
 *
 *   { "type": "record", "name": "Order", "namespace": "shop",
 *     "fields": [ { "name": "id", "type": "string" },
 *                 { "name": "note", "type": ["null", "string"], "default": null } ] }
 *
 * Every refusal names the place (`fields[2].default`) and the problem. Schemas are plain data.
 */

export type AvroPrimitive = 'null' | 'boolean' | 'int' | 'long' | 'double' | 'string';
/** A primitive, or a union of distinct primitives (Avro forbids two branches of one type). */
export type AvroType = AvroPrimitive | AvroPrimitive[];
export type AvroScalar = string | number | boolean | null;

export interface AvroField {
  name: string;
  type: AvroType;
  hasDefault: boolean;
  /** The default as JSON gives it (meaningful only with `hasDefault`). */
  default: AvroScalar;
}

export interface RecordSchema {
  type: 'record';
  /** The full name (`namespace.name`), what Avro compares. */
  name: string;
  fields: AvroField[];
}

export interface SchemaProblem {
  /** Inside the schema: `fields[1].type`, or '' for the whole schema. */
  path: string;
  message: string;
}

const PRIMITIVES: readonly AvroPrimitive[] = ['null', 'boolean', 'int', 'long', 'double', 'string'];
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

export function isPrimitive(x: unknown): x is AvroPrimitive {
  return typeof x === 'string' && (PRIMITIVES as readonly string[]).includes(x);
}

/** Does a JSON value fit a primitive type (Avro's default-value rule; longs are JS safe integers)? */
export function fitsPrimitive(t: AvroPrimitive, v: unknown): boolean {
  switch (t) {
    case 'null':
      return v === null;
    case 'boolean':
      return typeof v === 'boolean';
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) && v >= INT_MIN && v <= INT_MAX;
    case 'long':
      return typeof v === 'number' && Number.isSafeInteger(v);
    case 'double':
      return typeof v === 'number' && Number.isFinite(v);
    case 'string':
      return typeof v === 'string';
  }
}

export function typeName(t: AvroType): string {
  return typeof t === 'string' ? t : JSON.stringify(t);
}

function parseType(raw: unknown, at: string, problems: SchemaProblem[]): AvroType | null {
  if (isPrimitive(raw)) return raw;
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && isPrimitive((raw as { type?: unknown }).type) && Object.keys(raw).length === 1) {
    return (raw as { type: AvroPrimitive }).type;
  }
  if (Array.isArray(raw)) {
    if (raw.length < 1) {
      problems.push({ path: at, message: 'a union needs at least one type, such as ["null", "string"]' });
      return null;
    }
    const branches: AvroPrimitive[] = [];
    for (let i = 0; i < raw.length; i++) {
      const b: unknown = raw[i];
      if (Array.isArray(b)) {
        problems.push({ path: `${at}[${i}]`, message: 'Unions may not immediately contain other unions' });
        return null;
      }
      if (!isPrimitive(b)) {
        problems.push({ path: `${at}[${i}]`, message: `unknown or unsupported type ${JSON.stringify(b)} (this model knows ${PRIMITIVES.join(', ')})` });
        return null;
      }
      if (branches.includes(b)) {
        problems.push({ path: `${at}[${i}]`, message: `Duplicate in union: ${b}` });
        return null;
      }
      branches.push(b);
    }
    return branches;
  }
  problems.push({
    path: at,
    message: `unknown or unsupported type ${JSON.stringify(raw)}: use one of ${PRIMITIVES.join(', ')}, or a union such as ["null", "string"] (nested records, arrays, maps and enums are not modelled)`,
  });
  return null;
}

/**
 * Parses and validates a schema given as JSON (an object, or a string holding JSON, as the
 * registry's REST API takes it). Avro's rules: names, no duplicate field, a default must fit the
 * field's type, and for a union the union's first branch (so an optional field is
 * `["null", T]` with `"default": null`).
 */
export function parseAvroSchema(raw: unknown): { ok: true; schema: RecordSchema } | { ok: false; problems: SchemaProblem[] } {
  const problems: SchemaProblem[] = [];
  let json = raw;
  if (typeof raw === 'string' && raw.trimStart().startsWith('{')) {
    try {
      json = JSON.parse(raw) as unknown;
    } catch (e) {
      return { ok: false, problems: [{ path: '', message: `not valid JSON: ${(e as Error).message}` }] };
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, problems: [{ path: '', message: 'a schema is a record: { "type": "record", "name": …, "fields": [ … ] }' }] };
  }
  const o = json as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!['type', 'name', 'namespace', 'doc', 'fields', 'aliases'].includes(k)) problems.push({ path: k, message: `unknown attribute "${k}" (a record has type, name, namespace, doc, fields)` });
  }
  if (o.type !== 'record') problems.push({ path: 'type', message: `the top-level schema must be "record" (found ${JSON.stringify(o.type)})` });
  let name = '';
  if (typeof o.name !== 'string' || !o.name.split('.').every((p) => NAME.test(p))) {
    problems.push({ path: 'name', message: 'a record needs a name of letters, digits and underscores, not starting with a digit' });
  } else name = o.name;
  if (o.namespace !== undefined && (typeof o.namespace !== 'string' || (o.namespace !== '' && !o.namespace.split('.').every((p) => NAME.test(p))))) {
    problems.push({ path: 'namespace', message: 'a namespace is dotted names, such as "shop.orders"' });
  }
  const fullName = name.includes('.') || typeof o.namespace !== 'string' || o.namespace === '' ? name : `${o.namespace}.${name}`;
  const fields: AvroField[] = [];
  if (!Array.isArray(o.fields)) {
    problems.push({ path: 'fields', message: 'a record needs "fields": a list of { "name", "type" }' });
  } else {
    const seen = new Set<string>();
    o.fields.forEach((f: unknown, i: number) => {
      const at = `fields[${i}]`;
      if (typeof f !== 'object' || f === null || Array.isArray(f)) {
        problems.push({ path: at, message: 'a field is { "name": …, "type": … }' });
        return;
      }
      const fo = f as Record<string, unknown>;
      for (const k of Object.keys(fo)) {
        if (!['name', 'type', 'default', 'doc', 'aliases', 'order'].includes(k)) problems.push({ path: `${at}.${k}`, message: `unknown attribute "${k}" (a field has name, type, default, doc)` });
      }
      if (typeof fo.name !== 'string' || !NAME.test(fo.name)) {
        problems.push({ path: `${at}.name`, message: 'a field name is letters, digits and underscores, not starting with a digit' });
        return;
      }
      if (seen.has(fo.name)) problems.push({ path: `${at}.name`, message: `Duplicate field ${fo.name} in record ${fullName}` });
      seen.add(fo.name);
      const type = parseType(fo.type, `${at}.type`, problems);
      if (type === null) return;
      const hasDefault = Object.hasOwn(fo, 'default');
      const dflt = hasDefault ? fo.default : null;
      if (hasDefault) {
        const first = typeof type === 'string' ? type : (type[0] as AvroPrimitive);
        if (!fitsPrimitive(first, dflt)) {
          const union = typeof type !== 'string' ? ` (a union's default must match its first type, ${first})` : '';
          problems.push({ path: `${at}.default`, message: `Invalid default for field ${fo.name}: ${JSON.stringify(dflt)} not a ${typeName(type)}${union}` });
          return;
        }
      }
      fields.push({ name: fo.name, type, hasDefault, default: (dflt ?? null) as AvroScalar });
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, schema: { type: 'record', name: fullName, fields } };
}

/** The schema as one line of JSON, fields in order: equal strings mean the same schema. */
export function canonicalSchema(s: RecordSchema): string {
  return JSON.stringify({
    type: 'record',
    name: s.name,
    fields: s.fields.map((f) => (f.hasDefault ? { name: f.name, type: f.type, default: f.default } : { name: f.name, type: f.type })),
  });
}

/** Which branch of a type a value takes (Avro's union resolution for our primitives), or -1. */
export function branchFor(t: AvroType, v: AvroScalar): number {
  if (typeof t === 'string') return fitsPrimitive(t, v) ? 0 : -1;
  for (let i = 0; i < t.length; i++) if (fitsPrimitive(t[i] as AvroPrimitive, v)) return i;
  return -1;
}
