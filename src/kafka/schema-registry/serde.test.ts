import { describe, expect, it } from 'vitest';
import { utf8Length } from '../log/record-size';
import { parseAvroSchema, type RecordSchema } from './avro';
import { decodeAvro, encodeAvro, projectRecord, readWireHeader, textToValue, WIRE_HEADER_BYTES } from './serde';

function rec(fields: unknown[]): RecordSchema {
  const r = parseAvroSchema({ type: 'record', name: 'Order', namespace: 'shop', fields });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.schema;
}

const order = rec([
  { name: 'id', type: 'string' },
  { name: 'amount', type: 'int' },
  { name: 'total', type: 'long' },
  { name: 'price', type: 'double' },
  { name: 'paid', type: 'boolean' },
  { name: 'note', type: ['null', 'string'], default: null },
]);

describe('parsing schemas', () => {
  it('names the field at fault', () => {
    const r = parseAvroSchema({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }, { name: 'n', type: ['null', 'int'], default: 0 }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([{ path: 'fields[1].default', message: expect.stringContaining("a union's default must match its first type, null") as string }]);
    const t = parseAvroSchema({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'strnig' }] });
    expect(!t.ok && t.problems[0]?.path).toBe('fields[0].type');
    const d = parseAvroSchema({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }, { name: 'id', type: 'int' }] });
    expect(!d.ok && d.problems[0]?.message).toBe('Duplicate field id in record Order');
    const i = parseAvroSchema({ type: 'record', name: 'Order', fields: [{ name: 'n', type: 'int', default: 3000000000 }] });
    expect(!i.ok && i.problems[0]?.path).toBe('fields[0].default');
  });

  it('accepts the schema as a JSON string too (as the REST API takes it)', () => {
    expect(parseAvroSchema('{"type":"record","name":"A","fields":[]}').ok).toBe(true);
  });
});

describe('the Avro wire format', () => {
  const value = { id: 'order-7 é€😀', amount: -123456, total: 2 ** 53 - 1, price: 12.5, paid: true, note: null };

  it('starts with magic byte 0 and the schema id on 4 bytes, big-endian', () => {
    const bytes = encodeAvro(order, 258, value);
    expect([...bytes.slice(0, WIRE_HEADER_BYTES)].map((c) => c.charCodeAt(0))).toEqual([0, 0, 0, 1, 2]);
    expect(readWireHeader(bytes)).toEqual({ ok: true, schemaId: 258 });
    expect(readWireHeader('{"id":1}')).toEqual({ ok: false, error: 'Unknown magic byte!' });
  });

  it('round-trips every type, negative and large numbers, UTF-8 text and unions', () => {
    expect(decodeAvro(order, encodeAvro(order, 1, value))).toEqual(value);
    const withNote = { ...value, note: 'gift', amount: 2147483647, total: -(2 ** 53 - 1), price: -0.001 };
    expect(decodeAvro(order, encodeAvro(order, 1, withNote))).toEqual(withNote);
  });

  it('is valid UTF-8 whose length is the byte count: no field names, shorter than JSON', () => {
    const small = rec([{ name: 'id', type: 'string' }, { name: 'amount', type: 'int' }]);
    const bytes = encodeAvro(small, 1, { id: 'order-1', amount: 42 });
    // 5 header + (1 length + 7 chars) + 2 bytes for 42 (6 bits per byte, 5 in the first).
    expect(utf8Length(bytes)).toBe(5 + 8 + 2);
    expect(utf8Length(bytes)).toBeLessThan(JSON.stringify({ id: 'order-1', amount: 42 }).length);
    const text = encodeAvro(small, 1, { id: 'été', amount: 0 });
    expect(utf8Length(text)).toBe(5 + 1 + 5 + 1);
  });

  it('refuses truncated data', () => {
    const bytes = encodeAvro(order, 1, value);
    expect(() => decodeAvro(order, bytes.slice(0, -2))).toThrow(/Malformed data/);
  });
});

describe('resolution and template values', () => {
  it('drops unknown fields and fills defaults', () => {
    const reader = rec([{ name: 'id', type: 'string' }, { name: 'currency', type: 'string', default: 'EUR' }]);
    expect(projectRecord(reader, { id: 'a', amount: 3 })).toEqual({ value: { id: 'a', currency: 'EUR' }, defaulted: ['currency'], ignored: ['amount'] });
    expect(() => projectRecord(rec([{ name: 'x', type: 'int' }]), { id: 'a' })).toThrow('missing required field x');
  });

  it('types rendered text by the schema', () => {
    expect(textToValue('int', '42')).toBe(42);
    expect(textToValue('int', '4.2')).toBeUndefined();
    expect(textToValue('double', '4.2')).toBe(4.2);
    expect(textToValue('boolean', 'true')).toBe(true);
    expect(textToValue(['null', 'long'], '7')).toBe(7);
  });
});
