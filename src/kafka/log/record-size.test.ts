import { describe, expect, it } from 'vitest';
import { batchSizeBytes, RECORD_BATCH_OVERHEAD_BYTES, recordSizeBytes } from './partition-log';
import { utf8Length } from './record-size';

describe('record sizes in the v2 format', () => {
  it('counts a 61-byte batch header plus each record', () => {
    // Body: attributes 1, timestamp delta 1, offset delta 1, key length -1 (1), value length 1,
    // value 2, header count 1 = 8 bytes, plus 1 byte for the body length.
    expect(recordSizeBytes(null, 'v0')).toBe(9);
    expect(RECORD_BATCH_OVERHEAD_BYTES).toBe(61);
    expect(batchSizeBytes([null], ['v0'])).toBe(70);
    // A key "k1" costs its length byte (no longer the -1) plus two bytes.
    expect(recordSizeBytes('k1', 'v0')).toBe(11);
    expect(recordSizeBytes('', 'v0')).toBe(9);
  });

  it('uses zig-zag varints: lengths from 64 take two bytes', () => {
    // 50 bytes of value: body 56, its length in 1 byte.
    expect(recordSizeBytes(null, 'x'.repeat(50))).toBe(57);
    // 63 bytes: the value length still fits 1 byte, but the body (69) needs 2 for its length.
    expect(recordSizeBytes(null, 'x'.repeat(63))).toBe(71);
    // 64 bytes: now the value length takes 2 bytes as well.
    expect(recordSizeBytes(null, 'x'.repeat(64))).toBe(73);
  });

  it('charges each record its offset delta: the 65th record of a batch pays one more byte', () => {
    const values = Array.from({ length: 65 }, () => 'v0');
    const keys = values.map(() => null);
    expect(batchSizeBytes(keys, values)).toBe(61 + 64 * 9 + 10);
  });

  it('counts UTF-8 bytes, not UTF-16 code units', () => {
    const encoder = new TextEncoder();
    for (const s of [
      '',
      'plain ascii',
      'crème brûlée',
      '东京',
      'emoji 😀 pair',
      'lone \ud800 surrogate',
      'end \udc00',
    ]) {
      expect(utf8Length(s)).toBe(encoder.encode(s).length);
    }
    expect(recordSizeBytes(null, 'é')).toBe(recordSizeBytes(null, 'ab'));
  });

  it('refuses keys and values of different lengths', () => {
    expect(() => batchSizeBytes([null], ['a', 'b'])).toThrow();
  });
});
