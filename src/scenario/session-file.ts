/**
 * Session files: what a person did in the app, saved as an ordinary scenario file, and scenario
 * files opened from disk.
 *
 * A session is the loaded scenario (its JSON input), the timed commands the person made, and the
 * seed. `exportSession` writes them as one scenario (format version 1) whose `timeline` holds the
 * scenario's own commands and the person's, so the file replays the session identically in the
 * app and in `npm run sim`. `importScenarioFile` reads any scenario file a person picks: it never
 * throws, never evaluates anything, and refuses with a sentence a teacher can act on.
 *
 * The JSON checks shared with share links (`link.ts`) live here too: no prototype-polluting key,
 * no nesting deeper than a scenario needs, no number JSON cannot write back.
 */
import { describeProblems, formatPath, type ScenarioProblem } from './errors';
import { MAX_SCENARIO_BYTES, parseScenario, parseScenarioText } from './parse';
import type { Scenario, TimedCommand } from './schema';

/** A command as the person made it (the input shape of a `timeline` entry). */
export type SessionCommand = { atMs: number; do: string } & Record<string, unknown>;

export interface SessionInput {
  /** The loaded scenario, as its JSON input (what the file or the lesson held). */
  scenario: unknown;
  /** The person's commands, in the order they were made. */
  commands: readonly (SessionCommand | TimedCommand)[];
  /** The run's seed. */
  seed: number;
}

export type ImportResult = { ok: true; scenario: Scenario; input: Record<string, unknown> } | { ok: false; message: string };

/** Keys refused anywhere in an imported document: they could change objects the app builds from it. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper than any scenario needs (an `expect` value nested a few levels is about 8). */
export const MAX_JSON_DEPTH = 32;

/** How many problems a message lists before "and N more". */
const PROBLEMS_SHOWN = 3;
const PROBLEM_CHARS = 300;

export const SESSION_KEPT = 'Your current session was kept.';

/**
 * The scenario's timeline with the person's commands merged in, by time. The order is stable: at
 * one time the scenario's own entries come first, then the person's in the order they were made,
 * which is the order the world runs them in (its queue breaks ties by insertion order).
 */
export function mergeTimeline(own: readonly unknown[], commands: readonly unknown[]): unknown[] {
  const at = (c: unknown): number => {
    const t = (c as { atMs?: unknown } | null)?.atMs;
    return typeof t === 'number' ? t : 0;
  };
  return [...own, ...commands]
    .map((c, i) => ({ c, i, t: at(c) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.c);
}

/**
 * The scenario input with the commands merged into its `timeline` and `seed` set. The other
 * fields are kept as they were written (defaults are not filled in), so the file stays close to
 * the one the teacher wrote.
 */
export function sessionScenarioInput(session: SessionInput): Record<string, unknown> {
  const base = (typeof session.scenario === 'object' && session.scenario !== null ? session.scenario : {}) as Record<string, unknown>;
  const own = Array.isArray(base.timeline) ? (base.timeline as unknown[]) : [];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(base)) {
    if (!FORBIDDEN_KEYS.has(k)) out[k] = v;
  }
  out.seed = session.seed;
  out.timeline = mergeTimeline(own, session.commands);
  return out;
}

/** The session as a scenario file: pretty JSON, format version 1, ready for `importScenarioFile`. */
export function exportSession(session: SessionInput): string {
  return `${JSON.stringify(sessionScenarioInput(session), null, 2)}\n`;
}

/**
 * Reads a scenario file picked by a person. Refusals say what is wrong and where, in words, e.g.
 * "This file is not a Kafkascope scenario: topics[0].replicationFactor: INVALID_REPLICATION_FACTOR: …".
 */
export function importScenarioFile(text: string): ImportResult {
  const refuse = (problems: readonly ScenarioProblem[]): ImportResult => ({
    ok: false,
    message: `This file is not a Kafkascope scenario: ${summarizeProblems(problems)} ${SESSION_KEPT}`,
  });
  if (typeof text !== 'string') return refuse([{ path: '(document)', message: 'not text' }]);
  if (text.length > MAX_SCENARIO_BYTES) {
    return refuse([{ path: '(document)', message: `the file is ${text.length} characters; a scenario may have at most ${MAX_SCENARIO_BYTES}` }]);
  }
  // Editors on Windows often start a UTF-8 file with a byte order mark: it is not part of the JSON.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return refuse([{ path: '(document)', message: 'the file is empty' }]);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    // parseScenarioText fails the same way and says where (line and column).
    const r = parseScenarioText(body);
    return refuse(r.ok ? [{ path: '(document)', message: 'not valid JSON' }] : r.problems);
  }
  const unsafe = unsafeJsonProblem(value);
  if (unsafe !== null) return refuse([unsafe]);
  const r = parseScenario(value);
  if (!r.ok) return refuse(r.problems);
  return { ok: true, scenario: r.scenario, input: value as Record<string, unknown> };
}

/** "path: problem; path: problem; path: problem and 4 more." — short enough for a banner. */
export function summarizeProblems(problems: readonly ScenarioProblem[]): string {
  if (problems.length === 0) return 'it could not be read.';
  const shown = problems.slice(0, PROBLEMS_SHOWN).map((p) => clip(describeProblems([p]), PROBLEM_CHARS));
  const more = problems.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? ` and ${more} more` : ''}.`.replace(/\.\.$/, '.');
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/**
 * Walks a value fresh from JSON.parse without recursion and returns the first reason to refuse it:
 * a key that could reach an object's prototype, nesting deeper than `MAX_JSON_DEPTH`, or a number
 * JSON cannot hold (1e400 parses as Infinity). Null when the value is plain, safe data.
 */
export function unsafeJsonProblem(value: unknown): ScenarioProblem | null {
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop() as { v: unknown; path: (string | number)[] };
    if (typeof v === 'number' && !Number.isFinite(v)) {
      return { path: formatPath(path), message: 'a number too large to write in JSON' };
    }
    if (typeof v !== 'object' || v === null) continue;
    if (path.length >= MAX_JSON_DEPTH) {
      return { path: formatPath(path.slice(0, 8)), message: `nested more than ${MAX_JSON_DEPTH} levels deep; no scenario needs that` };
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(v);
    for (const k of keys) {
      if (FORBIDDEN_KEYS.has(k)) return { path: formatPath([...path, k]), message: `the key "${k}" is not allowed (it could change how the app behaves)` };
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i] as string;
      stack.push({ v: (v as Record<string, unknown>)[k], path: [...path, k] });
    }
  }
  return null;
}
