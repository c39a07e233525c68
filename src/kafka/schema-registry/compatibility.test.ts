import { describe, expect, it } from 'vitest';
import { parseAvroSchema, type RecordSchema } from './avro';
import { checkCompatibility, readerWriterIncompatibilities, type CompatibilityLevel } from './compatibility';

function rec(fields: unknown[], name = 'Order'): RecordSchema {
  const r = parseAvroSchema({ type: 'record', name, namespace: 'shop', fields });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.schema;
}

const v1 = rec([{ name: 'id', type: 'string' }, { name: 'amount', type: 'int' }]);
/** v1 plus a field with a default: compatible both ways. */
const addWithDefault = rec([{ name: 'id', type: 'string' }, { name: 'amount', type: 'int' }, { name: 'currency', type: 'string', default: 'EUR' }]);
/** v1 plus a field without default: new readers cannot read old data. */
const addRequired = rec([{ name: 'id', type: 'string' }, { name: 'amount', type: 'int' }, { name: 'customer', type: 'string' }]);
/** v1 without `amount`: old readers cannot read new data (amount has no default). */
const removeAmount = rec([{ name: 'id', type: 'string' }]);
const amountLong = rec([{ name: 'id', type: 'string' }, { name: 'amount', type: 'long' }]);
const amountString = rec([{ name: 'id', type: 'string' }, { name: 'amount', type: 'string' }]);

const previous = (...schemas: RecordSchema[]) => schemas.map((schema, i) => ({ version: i + 1, schema }));

describe('Avro schema resolution (reader, writer)', () => {
  it('a reader field missing in the writer needs a default', () => {
    expect(readerWriterIncompatibilities(addWithDefault, v1)).toEqual([]);
    const found = readerWriterIncompatibilities(addRequired, v1);
    expect(found.map((x) => [x.errorType, x.path, x.additionalInfo])).toEqual([['READER_FIELD_MISSING_DEFAULT_VALUE', '/fields/2', 'customer']]);
  });

  it('a writer field absent from the reader is ignored', () => {
    expect(readerWriterIncompatibilities(v1, addRequired)).toEqual([]);
    expect(readerWriterIncompatibilities(removeAmount, v1)).toEqual([]);
  });

  it('promotes int to long and double, long to double, never back or to string', () => {
    expect(readerWriterIncompatibilities(amountLong, v1)).toEqual([]);
    expect(readerWriterIncompatibilities(rec([{ name: 'id', type: 'string' }, { name: 'amount', type: 'double' }]), amountLong)).toEqual([]);
    expect(readerWriterIncompatibilities(v1, amountLong).map((x) => x.additionalInfo)).toEqual(['reader type: INT not compatible with writer type: LONG']);
    expect(readerWriterIncompatibilities(amountString, v1).map((x) => [x.errorType, x.path])).toEqual([['TYPE_MISMATCH', '/fields/1/type']]);
  });

  it('unions: an optional reader reads the plain type; a plain reader cannot read null', () => {
    const optional = rec([{ name: 'id', type: 'string' }, { name: 'amount', type: ['null', 'int'], default: null }]);
    expect(readerWriterIncompatibilities(optional, v1)).toEqual([]);
    expect(readerWriterIncompatibilities(v1, optional).map((x) => x.additionalInfo)).toEqual(['reader type: INT not compatible with writer type: NULL']);
    const optionalString = rec([{ name: 'id', type: 'string' }, { name: 'amount', type: ['null', 'string'], default: null }]);
    expect(readerWriterIncompatibilities(optionalString, v1).map((x) => [x.errorType, x.additionalInfo])).toEqual([['MISSING_UNION_BRANCH', 'reader union lacking writer type: INT']]);
  });

  it('record full names must match', () => {
    const renamed = rec([{ name: 'id', type: 'string' }, { name: 'amount', type: 'int' }], 'Purchase');
    expect(readerWriterIncompatibilities(renamed, v1).map((x) => [x.errorType, x.additionalInfo])).toEqual([['NAME_MISMATCH', 'expected: shop.Order']]);
  });
});

describe('the registry levels', () => {
  const verdict = (level: CompatibilityLevel, next: RecordSchema, ...old: RecordSchema[]) => checkCompatibility(level, next, previous(...old)).compatible;

  it('BACKWARD: the new schema reads data of the latest version', () => {
    expect(verdict('BACKWARD', addWithDefault, v1)).toBe(true);
    expect(verdict('BACKWARD', removeAmount, v1)).toBe(true);
    expect(verdict('BACKWARD', addRequired, v1)).toBe(false);
    expect(verdict('BACKWARD', amountLong, v1)).toBe(true);
    expect(verdict('BACKWARD', amountString, v1)).toBe(false);
  });

  it('FORWARD: the latest version reads data of the new one', () => {
    expect(verdict('FORWARD', addRequired, v1)).toBe(true);
    expect(verdict('FORWARD', addWithDefault, v1)).toBe(true);
    expect(verdict('FORWARD', removeAmount, v1)).toBe(false);
    expect(verdict('FORWARD', amountLong, v1)).toBe(false);
  });

  it('FULL: both ways', () => {
    expect(verdict('FULL', addWithDefault, v1)).toBe(true);
    expect(verdict('FULL', addRequired, v1)).toBe(false);
    expect(verdict('FULL', removeAmount, v1)).toBe(false);
  });

  it('NONE accepts anything', () => {
    expect(verdict('NONE', amountString, v1)).toBe(true);
  });

  it('_TRANSITIVE checks every earlier version, the plain level only the latest', () => {
    // v1 (amount) → v2 (no amount) → v3 (amount back, as a string, without default).
    const v3 = rec([{ name: 'id', type: 'string' }, { name: 'amount', type: 'string', default: '0' }]);
    expect(verdict('BACKWARD', v3, v1, removeAmount)).toBe(true);
    const r = checkCompatibility('BACKWARD_TRANSITIVE', v3, previous(v1, removeAmount));
    expect(r.compatible).toBe(false);
    expect(r.oldVersion).toBe(1);
    // FORWARD_TRANSITIVE: version 1 cannot read a v3 that dropped amount, though v2 can.
    expect(verdict('FORWARD', removeAmount, v1, removeAmount)).toBe(true);
    expect(verdict('FORWARD_TRANSITIVE', removeAmount, v1, removeAmount)).toBe(false);
    expect(verdict('FULL_TRANSITIVE', addWithDefault, v1, v1)).toBe(true);
    expect(verdict('FULL_TRANSITIVE', v3, v1, removeAmount)).toBe(false);
  });

  it('words the forward direction from the old schema', () => {
    const r = checkCompatibility('FORWARD', removeAmount, previous(v1));
    expect(r.incompatibilities[0]?.description).toBe("The field 'amount' at path '/fields/1' in the old schema has no default value and is missing in the new schema");
  });
});
