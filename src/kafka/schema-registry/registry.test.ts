import { describe, expect, it } from 'vitest';
import { parseAvroSchema, type RecordSchema } from './avro';
import { getSubjectVersion, newRegistry, registerSchema, registerSchemaJson, schemaById, setCompatibility } from './registry';

function rec(fields: unknown[]): RecordSchema {
  const r = parseAvroSchema({ type: 'record', name: 'Order', fields });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.schema;
}
const v1 = rec([{ name: 'id', type: 'string' }]);
const v2 = rec([{ name: 'id', type: 'string' }, { name: 'currency', type: 'string', default: 'EUR' }]);
const bad = rec([{ name: 'id', type: 'int' }]);

describe('the schema registry', () => {
  it('numbers versions per subject and ids globally, increasing', () => {
    const r = newRegistry();
    expect(registerSchema(r, 'orders-value', v1, 0, 't')).toEqual({ ok: true, id: 1, version: 1, existing: false });
    expect(registerSchema(r, 'orders-value', v2, 0, 't')).toEqual({ ok: true, id: 2, version: 2, existing: false });
    const other = rec([{ name: 'n', type: 'long' }]);
    expect(registerSchema(r, 'payments-value', other, 0, 't')).toEqual({ ok: true, id: 3, version: 1, existing: false });
    expect(getSubjectVersion(r, 'orders-value', 'latest')).toMatchObject({ ok: true, version: 2, id: 2 });
    expect(schemaById(r, 3)?.schema).toEqual(other);
  });

  it('registering an identical schema returns the existing id and makes no version', () => {
    const r = newRegistry();
    registerSchema(r, 's', v1, 0, 't');
    registerSchema(r, 's', v2, 0, 't');
    expect(registerSchema(r, 's', v1, 5, 't')).toEqual({ ok: true, id: 1, version: 1, existing: true });
    expect(r.subjects.s?.versions).toHaveLength(2);
  });

  it('a schema known under another subject keeps its id there', () => {
    const r = newRegistry();
    registerSchema(r, 'a', v1, 0, 't');
    expect(registerSchema(r, 'b', v1, 0, 't')).toEqual({ ok: true, id: 1, version: 1, existing: false });
    expect(r.nextId).toBe(2);
  });

  it('refuses an incompatible change with HTTP 409 and the registry message, changing nothing', () => {
    const r = newRegistry();
    registerSchema(r, 'orders-value', v1, 0, 't');
    const res = registerSchema(r, 'orders-value', bad, 100, 't');
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect([res.httpStatus, res.errorCode]).toEqual([409, 409]);
    expect(res.message).toMatch(/^Schema being registered is incompatible with an earlier schema for subject "orders-value", details: \[\{errorType:'TYPE_MISMATCH'/);
    expect(res.message).toContain("additionalInfo:'reader type: INT not compatible with writer type: STRING'");
    expect(res.message).toContain('{oldSchemaVersion: 1}');
    expect(res.message).toContain("{compatibility: 'BACKWARD'}");
    expect(r.subjects['orders-value']?.versions).toHaveLength(1);
    expect(r.nextId).toBe(2);
    expect(r.attempts.at(-1)).toMatchObject({ outcome: 'rejected', httpStatus: 409, atMs: 100 });
  });

  it('a subject level overrides the global one', () => {
    const r = newRegistry();
    registerSchema(r, 's', v1, 0, 't');
    setCompatibility(r, 's', 'NONE');
    expect(registerSchema(r, 's', bad, 0, 't')).toMatchObject({ ok: true, version: 2 });
  });

  it('an invalid schema is 422 / 42201; unknown subjects and versions are 40401 / 40402', () => {
    const r = newRegistry();
    expect(registerSchemaJson(r, 's', { type: 'record', name: 'X', fields: [{ name: 'a', type: 'float' }] }, 0, 't')).toMatchObject({ ok: false, httpStatus: 422, errorCode: 42201 });
    expect(getSubjectVersion(r, 'nope', 1)).toMatchObject({ ok: false, errorCode: 40401, message: "Subject 'nope' not found." });
    registerSchema(r, 's', v1, 0, 't');
    expect(getSubjectVersion(r, 's', 7)).toMatchObject({ ok: false, errorCode: 40402, message: 'Version 7 not found.' });
  });
});
