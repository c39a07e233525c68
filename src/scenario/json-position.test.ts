import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from './json-position';

describe('finding where JSON breaks', () => {
  it('valid JSON has no error', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
        expect(jsonErrorOffset(JSON.stringify(v, null, 1))).toBeNull();
      }), { numRuns: 500, seed: 1 });
  });
  it('agrees with JSON.parse on whether text is valid', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.nat(), fc.string({ maxLength: 3 }), (v, at, ins) => {
        const base = JSON.stringify(v);
        const text = base.slice(0, at % (base.length + 1)) + ins + base.slice(at % (base.length + 1));
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(jsonErrorOffset(text) === null).toBe(valid);
      }),
      { numRuns: 2000, seed: 2 },
    );
  });
  it('points at the offending character', () => {
    expect(jsonErrorOffset('{"a": oops}')).toBe(6);
    expect(jsonErrorOffset('[1, 2,]')).toBe(6);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('[[[[')).toBe(4);
  });
});
