/**
 * Expectations: named checks of a run's summary at a time. A path walks the summary (dots, or an
 * array when a name holds a dot); a comparison says what the value must be.
 */
import type { Expectation } from './schema';

export interface ExpectationResult {
  name: string;
  atMs: number;
  path: string;
  pass: boolean;
  actual: unknown;
  wanted: string;
}

export function pathParts(path: Expectation['path']): (string | number)[] {
  return typeof path === 'string' ? path.split('.') : path;
}

export function readPath(root: unknown, parts: readonly (string | number)[]): unknown {
  let cur: unknown = root;
  for (const part of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const key = String(part);
    if (!Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function evaluateExpectation(e: Expectation, summary: unknown): ExpectationResult {
  const actual = readPath(summary, pathParts(e.path));
  const wanted: string[] = [];
  let pass = true;
  if (e.equals !== undefined) {
    wanted.push(`= ${JSON.stringify(e.equals)}`);
    pass &&= deepEqual(actual, e.equals);
  }
  if (e.notEquals !== undefined) {
    wanted.push(`≠ ${JSON.stringify(e.notEquals)}`);
    pass &&= !deepEqual(actual, e.notEquals);
  }
  if (e.atLeast !== undefined) {
    wanted.push(`≥ ${e.atLeast}`);
    pass &&= typeof actual === 'number' && actual >= e.atLeast;
  }
  if (e.atMost !== undefined) {
    wanted.push(`≤ ${e.atMost}`);
    pass &&= typeof actual === 'number' && actual <= e.atMost;
  }
  if (e.oneOf !== undefined) {
    wanted.push(`one of ${JSON.stringify(e.oneOf)}`);
    pass &&= e.oneOf.some((v) => deepEqual(actual, v));
  }
  return {
    name: e.name,
    atMs: e.atMs,
    path: typeof e.path === 'string' ? e.path : JSON.stringify(e.path),
    pass,
    actual: actual === undefined ? null : actual,
    wanted: wanted.join(' and '),
  };
}
