/**
 * Values to bytes and back. A record's value in the model's log is a JS string whose UTF-8
 * encoding is the value's bytes, so the log's size accounting (UTF-8 length) counts the
 * serialized bytes exactly.
 *
 *  - `string`: the text's UTF-8 bytes (StringSerializer).
 *  - `json`: the record as JSON text, fields in order, UTF-8 (a schemaless JSON serializer).
 *  - `avro`: the Confluent wire format, magic byte 0, the schema id on 4 bytes big-endian, then
 *    the fields in the writer schema's order with no names, as Avro's binary encoding lays them
 *    out. One difference, so that every byte outside string contents stays below 0x80 (and the
 *    whole value is valid UTF-8): varints carry 6 bits per byte (0x40 = more bytes follow) and the
 *    first byte of a signed number holds its sign in 0x20; a double is written as its shortest
 *    decimal text (length, then ASCII). Strings are a varint byte length then UTF-8, as in Avro;
 *    a boolean one byte 0/1; null nothing; a union the branch index then the value. The 4 id
 *    bytes are exact; with an id of 128 or more a byte exceeds 0x7F and the log counts it twice.
 */
import { utf8Length } from '../log/record-size';
import { branchFor, fitsPrimitive, type AvroPrimitive, type AvroScalar, type AvroType, type RecordSchema } from './avro';

export const MAGIC_BYTE = 0;
/** Magic byte + 4-byte schema id. */
export const WIRE_HEADER_BYTES = 5;

export type ValueFormat = 'string' | 'json' | 'avro';
export type RecordValue = Record<string, AvroScalar>;

export class DecodeError extends Error {}

// ---------------------------------------------------------------- text → typed field values

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A template's rendered text as a value of `type` (the first non-null branch that takes it), or undefined. */
export function textToValue(type: AvroType, text: string): AvroScalar | undefined {
  const branches = typeof type === 'string' ? [type] : type;
  for (const b of branches) {
    const v = textAs(b, text);
    if (v !== undefined) return v;
  }
  return undefined;
}

function textAs(t: AvroPrimitive, text: string): AvroScalar | undefined {
  switch (t) {
    case 'string':
      return text;
    case 'int':
    case 'long': {
      if (!INTEGER.test(text)) return undefined;
      const n = Number(text);
      return fitsPrimitive(t, n) ? n : undefined;
    }
    case 'double':
      return NUMBER.test(text) ? Number(text) : undefined;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : undefined;
    case 'null':
      return undefined;
  }
}

// ---------------------------------------------------------------- encoding

function writeSigned(n: number): string {
  let u = n < 0 ? -n : n;
  let first = (u % 32) | (n < 0 ? 0x20 : 0);
  u = Math.floor(u / 32);
  if (u > 0) first |= 0x40;
  let s = String.fromCharCode(first);
  while (u > 0) {
    let b = u % 64;
    u = Math.floor(u / 64);
    if (u > 0) b |= 0x40;
    s += String.fromCharCode(b);
  }
  return s;
}

function doubleText(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

function writeValue(t: AvroPrimitive, v: AvroScalar): string {
  switch (t) {
    case 'null':
      return '';
    case 'boolean':
      return v === true ? '\u0001' : '\u0000';
    case 'int':
    case 'long':
      return writeSigned(v as number);
    case 'double': {
      const text = doubleText(v as number);
      return writeSigned(text.length) + text;
    }
    case 'string': {
      const s = v as string;
      return writeSigned(utf8Length(s)) + s;
    }
  }
}

/** The 5-byte header: magic byte 0 and the schema id, big-endian. */
export function wireHeader(schemaId: number): string {
  return String.fromCharCode(MAGIC_BYTE, (schemaId >>> 24) & 0xff, (schemaId >>> 16) & 0xff, (schemaId >>> 8) & 0xff, schemaId & 0xff);
}

/** Encodes a complete record (every field present and of its type: see `completeRecord`). */
export function encodeAvro(schema: RecordSchema, schemaId: number, value: RecordValue): string {
  let s = wireHeader(schemaId);
  for (const f of schema.fields) {
    const v = value[f.name] ?? null;
    const i = branchFor(f.type, v);
    if (i < 0) throw new DecodeError(`field ${f.name}: ${JSON.stringify(v)} is not a ${JSON.stringify(f.type)}`);
    if (typeof f.type === 'string') s += writeValue(f.type, v);
    else s += writeSigned(i) + writeValue(f.type[i] as AvroPrimitive, v);
  }
  return s;
}

// ---------------------------------------------------------------- decoding

interface Cursor {
  s: string;
  i: number;
}

function byte(c: Cursor): number {
  if (c.i >= c.s.length) throw new DecodeError('Malformed data: the value ends too early');
  return c.s.charCodeAt(c.i++);
}

function readSigned(c: Cursor): number {
  const first = byte(c);
  if (first >= 0x80) throw new DecodeError('Malformed data: invalid varint');
  let u = first & 0x1f;
  let scale = 32;
  let more = (first & 0x40) !== 0;
  while (more) {
    const b = byte(c);
    if (b >= 0x80) throw new DecodeError('Malformed data: invalid varint');
    u += (b & 0x3f) * scale;
    scale *= 64;
    more = (b & 0x40) !== 0;
  }
  return (first & 0x20) !== 0 ? -u : u;
}

function readString(c: Cursor): string {
  const bytes = readSigned(c);
  if (bytes < 0) throw new DecodeError(`Malformed data: negative length ${bytes}`);
  const start = c.i;
  let n = 0;
  while (n < bytes) {
    if (c.i >= c.s.length) throw new DecodeError('Malformed data: the value ends too early');
    const code = c.s.charCodeAt(c.i);
    if (code >= 0xd800 && code <= 0xdbff && c.i + 1 < c.s.length) {
      n += 4;
      c.i += 2;
    } else {
      n += code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
      c.i++;
    }
  }
  return c.s.slice(start, c.i);
}

function readValue(t: AvroPrimitive, c: Cursor): AvroScalar {
  switch (t) {
    case 'null':
      return null;
    case 'boolean': {
      const b = byte(c);
      if (b > 1) throw new DecodeError(`Malformed data: invalid boolean ${b}`);
      return b === 1;
    }
    case 'int':
    case 'long':
      return readSigned(c);
    case 'double': {
      const text = readString(c);
      const x = Number(text);
      if (!NUMBER.test(text)) throw new DecodeError(`Malformed data: invalid double "${text}"`);
      return x;
    }
    case 'string':
      return readString(c);
  }
}

/** The schema id of an Avro wire value, or an error as the Confluent deserializer says it. */
export function readWireHeader(value: string): { ok: true; schemaId: number } | { ok: false; error: string } {
  if (value.length < WIRE_HEADER_BYTES || value.charCodeAt(0) !== MAGIC_BYTE) return { ok: false, error: 'Unknown magic byte!' };
  let id = 0;
  for (let k = 1; k < WIRE_HEADER_BYTES; k++) id = id * 256 + (value.charCodeAt(k) & 0xff);
  return { ok: true, schemaId: id };
}

/** Decodes the fields after the header with the writer's schema. Throws DecodeError. */
export function decodeAvro(writer: RecordSchema, value: string): RecordValue {
  const c: Cursor = { s: value, i: WIRE_HEADER_BYTES };
  const out: RecordValue = {};
  for (const f of writer.fields) {
    if (typeof f.type === 'string') {
      out[f.name] = readValue(f.type, c);
    } else {
      const i = readSigned(c);
      const t = f.type[i];
      if (t === undefined) throw new DecodeError(`Malformed data: union index ${i} out of range for field ${f.name}`);
      out[f.name] = readValue(t, c);
    }
  }
  if (c.i !== value.length) throw new DecodeError(`Malformed data: ${value.length - c.i} bytes left after the record`);
  return out;
}

// ---------------------------------------------------------------- resolution

export interface Projection {
  value: RecordValue;
  /** Reader fields the data did not have, filled from the reader's defaults. */
  defaulted: string[];
  /** Fields of the data the reader does not have, dropped. */
  ignored: string[];
}

/**
 * The reader's view of a record (Avro's ResolvingDecoder, after a compatibility check): fields
 * in the reader's order, missing ones from its defaults, unknown ones dropped. For JSON data the
 * types are checked too, since nothing else checked them. Throws DecodeError.
 */
export function projectRecord(reader: RecordSchema, data: RecordValue): Projection {
  const value: RecordValue = {};
  const defaulted: string[] = [];
  for (const f of reader.fields) {
    if (Object.hasOwn(data, f.name)) {
      const v = data[f.name] as AvroScalar;
      if (branchFor(f.type, v) < 0) throw new DecodeError(`field ${f.name}: ${JSON.stringify(v)} is not a ${JSON.stringify(f.type)}`);
      value[f.name] = v;
    } else if (f.hasDefault) {
      value[f.name] = f.default;
      defaulted.push(f.name);
    } else {
      throw new DecodeError(`missing required field ${f.name}`);
    }
  }
  const ignored = Object.keys(data).filter((k) => !reader.fields.some((f) => f.name === k));
  return { value, defaulted, ignored };
}
