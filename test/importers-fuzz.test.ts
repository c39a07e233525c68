/**
 * Fuzzing the two ways a session comes in from outside: share links (`decodeLink`) and scenario
 * files (`importScenarioFile`). Broken and hostile inputs must never throw and never hang; each
 * gives either a valid result or `{ ok: false, message }` with a sentence for the teacher.
 *
 * Every case is made from its own seed (BASE_SEED + index) by a small seeded generator, so a
 * failure names the case and its seed: rerun it with `makeLinkCase(seed)` / `makeFileCase(seed)`.
 */
import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { decodeLink, encodeLink, MAX_FRAGMENT_CHARS, type DecodedLink, type LinkDoc } from '../src/scenario/link';
import { importScenarioFile, type ImportResult } from '../src/scenario/session-file';
import { parseScenario } from '../src/scenario/parse';
import { runScenario } from '../src/scenario/run';

const LINK_CASES = 1500;
const FILE_CASES = 1500;
const LINK_SEED = 0x5eed_0001;
const FILE_SEED = 0x5eed_2001;

const scenario = {
  version: 1,
  name: 'fuzz-import',
  title: { en: 'Import me', fr: 'Importez-moi' },
  seed: 3,
  durationMs: 2000,
  cluster: { brokers: 3, controller: 'zookeeper', network: { latencyMs: 1, jitterMs: 2 }, config: { 'min.insync.replicas': 2 } },
  topics: [{ name: 'orders', partitions: 2, replicationFactor: 3, config: { 'retention.ms': 60000 } }],
  producers: [{ id: 'p1', topic: 'orders', ratePerSec: 10, key: 'k{seq%3}', sendMode: 'sync', config: { acks: 'all' } }],
  consumerGroups: [{ groupId: 'g', topics: ['orders'], members: 2, commit: 'sync' }],
  timeline: [
    { atMs: 500, do: 'crashBroker', broker: 2 },
    { atMs: 700, do: 'isolate', a: ['broker-1'], b: ['broker-3'] },
    { atMs: 900, do: 'heal' },
  ],
  steps: [{ atMs: 0, en: 'Watch', fr: 'Regardez', question: { en: 'Who?', fr: 'Qui ?', choices: [{ en: 'a', fr: 'a' }, { en: 'b', fr: 'b' }], answer: 0 } }],
  expect: [{ atMs: 1500, name: 'up', path: 'brokers.2.status', equals: 'crashed' }],
};

const linkDoc: LinkDoc = {
  v: 1,
  scenario,
  commands: [
    { atMs: 600, do: 'crashBroker', broker: 1 },
    { atMs: 1000, do: 'restartBroker', broker: 2 },
    { atMs: 1100, do: 'setProducerConfig', producer: 'p1', config: { acks: 1 } },
  ],
  atMs: 1200,
  step: 0,
  lang: 'fr',
};

// ------------------------------------------------------------------- a small seeded generator

/** mulberry32: 32-bit state, good enough to pick mutations, and the same on every machine. */
function rng(seed: number): { int(n: number): number; pick<T>(xs: readonly T[]): T; chance(p: number): boolean } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)] as (typeof xs)[number],
    chance: (p) => next() < p,
  };
}
type Rng = ReturnType<typeof rng>;

const URI_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const ODD_CHARS = ['<', '>', '"', "'", '%', '%2', '%24', '#', '&', '=', ' ', '\n', '\u0000', '\u2028', '\uFEFF', '\uD800', 'é', '😀', '/', '\\', '{', '}'];

function randomString(r: Rng, length: number, alphabetOnly: boolean): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    if (alphabetOnly || r.chance(0.7)) s += URI_ALPHABET[r.int(URI_ALPHABET.length)];
    else s += r.chance(0.5) ? r.pick(ODD_CHARS) : String.fromCharCode(r.int(0x10000));
  }
  return s;
}

/** One character-level edit: flip, delete, insert, duplicate or truncate. */
function editChars(r: Rng, s: string, alphabetOnly: boolean): string {
  const at = r.int(s.length + 1);
  switch (r.int(5)) {
    case 0: // flip
      return s.slice(0, at) + randomString(r, 1, alphabetOnly) + s.slice(at + 1);
    case 1: // delete
      return s.slice(0, at) + s.slice(at + 1 + r.int(20));
    case 2: // insert
      return s.slice(0, at) + randomString(r, 1 + r.int(10), alphabetOnly) + s.slice(at);
    case 3: {
      // duplicate a slice
      const len = 1 + r.int(200);
      return s.slice(0, at) + s.slice(at, at + len) + s.slice(at);
    }
    default: // truncate
      return s.slice(0, at);
  }
}

// ------------------------------------------------------------------- JSON mutations

const WRONG_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  -0,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  1e21,
  -1e300,
  '',
  'x',
  '3',
  'broker-1',
  'orders',
  'all',
  '{seq%0}',
  '__proto__',
  'constructor',
  '1/0',
  '0/0',
  '..',
  'a'.repeat(5000),
  [],
  [1, 2, 3],
  ['broker-9'],
  {},
  { en: 'x' },
  { atMs: 1, do: 'heal' },
];

/** Raw JSON text a value cannot hold once parsed: numbers JSON.parse turns to Infinity, deep nesting. */
function rawText(r: Rng): string {
  switch (r.int(6)) {
    case 0:
      return r.pick(['1e400', '-1e400', '1e309', '123456789012345678901234567890', '0.0000000000000000000001', '-0.0']);
    case 1: {
      const depth = r.pick([33, 100, 5000, 100_000]);
      return '['.repeat(depth) + ']'.repeat(depth);
    }
    case 2: {
      const depth = r.pick([33, 200, 20_000]);
      return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    }
    case 3:
      return r.pick(['{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '{"prototype":1}']);
    case 4:
      return r.pick(['NaN', 'Infinity', 'undefined', '0x10', "'single'", '"\\ud800"', '"\\u0000"']);
    default:
      return JSON.stringify(randomString(r, r.int(40), false));
  }
}

function pathsOf(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...pathsOf(x, [...prefix, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...pathsOf(x, [...prefix, k]));
  return out;
}

/**
 * A JSON text of `base` with one to three mutations: a wrong type, a missing field, an unknown
 * field, a huge number, deep nesting, a duplicate key, a polluting key; then maybe truncated.
 */
function mutatedJson(r: Rng, base: unknown): { text: string; what: string[] } {
  const doc = structuredClone(base) as Record<string, unknown>;
  const raws: string[] = [];
  const what: string[] = [];
  const mutations = 1 + r.int(3);
  for (let m = 0; m < mutations; m++) {
    const paths = pathsOf(doc).filter((p) => p.length > 0);
    const path = r.pick(paths);
    let parent: Record<string | number, unknown> = doc;
    for (let i = 0; i < path.length - 1; i++) parent = parent[path[i] as string] as Record<string | number, unknown>;
    if (typeof parent !== 'object' || parent === null) continue;
    const key = path[path.length - 1] as string;
    const where = path.join('.');
    switch (r.int(6)) {
      case 0:
        parent[key] = structuredClone(r.pick(WRONG_VALUES));
        what.push(`${where} = ${JSON.stringify(parent[key])?.slice(0, 40)}`);
        break;
      case 1:
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
        what.push(`delete ${where}`);
        break;
      case 2: {
        const raw = rawText(r);
        parent[key] = `@@RAW${raws.length}@@`;
        raws.push(raw);
        what.push(`${where} = raw ${raw.slice(0, 40)}`);
        break;
      }
      case 3: {
        // A duplicate key: `"k": <old>, "k": <something else>` (JSON.parse keeps the last).
        if (Array.isArray(parent)) break;
        const before = JSON.stringify(parent[key]) ?? 'null';
        const other = JSON.stringify(r.pick(WRONG_VALUES));
        parent[key] = `@@RAW${raws.length}@@`;
        raws.push(r.chance(0.5) ? `${before},${JSON.stringify(key)}:${other}` : `${other},${JSON.stringify(key)}:${before}`);
        what.push(`duplicate ${where}`);
        break;
      }
      case 4:
        if (Array.isArray(parent)) parent.push(structuredClone(r.pick(WRONG_VALUES)));
        else parent[r.pick(['extra', 'Version', 'timeLine', '__proto__', 'constructor', 'prototype', ''])] = r.pick(WRONG_VALUES);
        what.push(`add to ${path.slice(0, -1).join('.')}`);
        break;
      default: {
        // A polluting key somewhere inside, written as text so JSON.parse makes it an own key.
        parent[key] = `@@RAW${raws.length}@@`;
        raws.push(r.pick(['{"__proto__":{"polluted":true}}', '{"a":1,"__proto__":[]}', '[{"constructor":{"prototype":{"polluted":true}}}]']));
        what.push(`polluting key at ${where}`);
      }
    }
  }
  let text = JSON.stringify(doc, null, r.chance(0.5) ? 2 : undefined);
  // Last first: a later raw text may hold an earlier marker (a duplicate of a mutated value).
  for (let i = raws.length - 1; i >= 0; i--) text = text.replace(`"@@RAW${i}@@"`, () => raws[i] as string);
  if (r.chance(0.15)) {
    const at = r.int(text.length);
    text = text.slice(0, at);
    what.push(`truncated at ${at}`);
  }
  return { text, what };
}

// ------------------------------------------------------------------- the cases

interface LinkCase {
  kind: string;
  fragment: string;
}

const VALID_LINK = encodeLink(linkDoc);

export function makeLinkCase(seed: number): LinkCase {
  const r = rng(seed);
  const lz = (text: string): string => `#s=${LZString.compressToEncodedURIComponent(text)}`;
  switch (r.int(12)) {
    case 0:
    case 1:
    case 2: {
      // The valid link with one to five character edits.
      let f = VALID_LINK;
      const edits = 1 + r.int(5);
      const alphabetOnly = r.chance(0.8);
      for (let i = 0; i < edits; i++) f = `#s=${editChars(r, f.slice(3), alphabetOnly)}`;
      return { kind: `edited link (${edits} edits)`, fragment: f };
    }
    case 3:
      return { kind: 'random payload', fragment: `${r.pick(['#s=', 's=', '#', '', '#s=s=', '#x=1&s='])}${randomString(r, r.int(600), r.chance(0.5))}` };
    case 4: {
      // Huge: over the fragment cap, or just under it in the alphabet (decompressed with a budget).
      const over = r.chance(0.5);
      const n = over ? MAX_FRAGMENT_CHARS + 1 + r.int(1000) : MAX_FRAGMENT_CHARS - 3 - r.int(1000);
      const unit = randomString(r, 64, true);
      return { kind: over ? 'huge fragment' : 'huge payload under the cap', fragment: `#s=${unit.repeat(Math.ceil(n / 64)).slice(0, n)}` };
    }
    case 5:
      return { kind: 'lz-string of text that is not JSON', fragment: lz(r.pick(['', 'undefined', 'function(){}', '{"v":1,', '[', 'alert(1)']) + randomString(r, r.int(100), false)) };
    case 6: {
      const shape = r.pick<unknown>([null, 1, 'v1', [], [linkDoc], { v: 1 }, { v: 1, commands: {} }, { v: 1, lesson: 5, commands: [], atMs: 0 }, { v: 99, lesson: 'x' }, { v: -1 }, { v: 1.5 }, { v: 1, lesson: 'hello', commands: [], atMs: -1 }, { v: 1, lesson: 'hello', commands: [null], atMs: 0 }]);
      return { kind: 'lz-string of JSON with a wrong shape', fragment: lz(JSON.stringify(shape)) };
    }
    case 7:
    case 8: {
      const { text, what } = mutatedJson(r, linkDoc);
      return { kind: `lz-string of a mutated link document: ${what.join('; ')}`, fragment: lz(text) };
    }
    case 9: {
      const polluting = r.pick([
        '{"__proto__":{"polluted":1},"v":1,"lesson":"hello","commands":[],"atMs":0}',
        '{"v":1,"lesson":"hello","commands":[{"atMs":1,"do":"heal","__proto__":{"polluted":1}}],"atMs":0}',
        `{"v":1,"scenario":${JSON.stringify(scenario).replace('"acks":"all"', '"acks":"all","__proto__":{"polluted":1}')},"commands":[],"atMs":0}`,
        '{"v":1,"constructor":{"prototype":{"polluted":1}},"lesson":"hello","commands":[],"atMs":0}',
        '{"v":1,"lesson":"__proto__","commands":[],"atMs":0}',
        '{"v":1,"lesson":"constructor","commands":[],"atMs":0}',
      ]);
      return { kind: 'lz-string of a polluting payload', fragment: lz(polluting) };
    }
    case 10: {
      const rf = 4 + r.int(100);
      const bad = { ...scenario, topics: [{ name: 'orders', partitions: 2, replicationFactor: rf }] };
      return { kind: `replication factor ${rf} above 3 brokers`, fragment: encodeLink({ ...linkDoc, scenario: bad }) };
    }
    default: {
      // A valid lesson link with edits, or whole.
      const base = encodeLink({ v: 1, lesson: 'hello', commands: [{ atMs: 10, do: 'crashBroker', broker: 1 }], atMs: 20, lang: 'en' });
      return r.chance(0.3) ? { kind: 'valid lesson link', fragment: base } : { kind: 'edited lesson link', fragment: `#s=${editChars(r, base.slice(3), true)}` };
    }
  }
}

interface FileCase {
  kind: string;
  text: string;
}

export function makeFileCase(seed: number): FileCase {
  const r = rng(seed);
  if (r.chance(0.05)) {
    const text = JSON.stringify(scenario);
    const at = r.int(text.length);
    return { kind: `valid file truncated at ${at}`, text: text.slice(0, at) };
  }
  if (r.chance(0.03)) return { kind: 'random text', text: randomString(r, r.int(300), false) };
  const { text, what } = mutatedJson(r, scenario);
  return { kind: what.join('; '), text };
}

// ------------------------------------------------------------------- checks

function clearOutcome(r: DecodedLink | ImportResult): string | null {
  if (typeof r !== 'object' || r === null) return 'no result object';
  if (r.ok) return null;
  if (typeof r.message !== 'string' || r.message.trim() === '') return 'an empty message';
  if (!r.message.endsWith('Your current session was kept.')) return `a message that does not say the session was kept: ${r.message}`;
  if (r.message.length > 2000) return `a message of ${r.message.length} characters`;
  return null;
}

function noPollution(): string | null {
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || (Object.prototype as Record<string, unknown>).polluted !== undefined) return 'Object.prototype was polluted';
  return null;
}

function describeFailure(kind: 'link' | 'file', index: number, seed: number, what: string, input: string, problem: string): string {
  const fn = kind === 'link' ? 'makeLinkCase' : 'makeFileCase';
  return `${kind} case #${index} (seed ${seed}, rerun ${fn}(${seed})) — ${what}\n  input: ${JSON.stringify(input.slice(0, 300))}${input.length > 300 ? `… (${input.length} chars)` : ''}\n  problem: ${problem}`;
}

describe('fuzzing the importers', () => {
  it(`${LINK_CASES} mutated and hostile links: never a throw, always a valid session or a clear refusal`, () => {
    const failures: string[] = [];
    const kinds = new Map<string, number>();
    let valid = 0;
    for (let i = 0; i < LINK_CASES; i++) {
      const seed = LINK_SEED + i;
      const c = makeLinkCase(seed);
      const family = (c.kind.split(':')[0] as string).replace(/\s*\(.*\)|\d+/g, '');
      kinds.set(family, (kinds.get(family) ?? 0) + 1);
      let problem: string | null;
      try {
        const r = decodeLink(c.fragment);
        problem = clearOutcome(r) ?? noPollution();
        if (problem === null && r.ok) {
          valid++;
          // A valid session really is one: its commands in time order, within the run.
          const times = r.commands.map((x) => x.atMs);
          if (times.some((t, k) => t > r.scenario.durationMs || (k > 0 && t < (times[k - 1] as number)))) problem = 'commands out of order or after the end';
          if (r.doc.atMs > r.scenario.durationMs) problem = 'atMs after the end';
        }
      } catch (e) {
        problem = `threw ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
      }
      if (problem !== null) failures.push(describeFailure('link', i, seed, c.kind, c.fragment, problem));
      if (failures.length >= 5) break;
    }
    if (failures.length > 0) throw new Error(failures.join('\n\n'));
    // The generator reached every kind of input, and some mutations were still valid sessions.
    expect(kinds.size).toBeGreaterThanOrEqual(10);
    expect(valid).toBeGreaterThan(0);
  });

  it(`${FILE_CASES} mutated scenario files: never a throw, always a scenario or a clear refusal; the valid ones run`, () => {
    const failures: string[] = [];
    let valid = 0;
    let refused = 0;
    for (let i = 0; i < FILE_CASES; i++) {
      const seed = FILE_SEED + i;
      const c = makeFileCase(seed);
      let problem: string | null;
      try {
        const r = importScenarioFile(c.text);
        problem = clearOutcome(r) ?? noPollution();
        if (problem === null && r.ok) {
          valid++;
          // What was accepted is a scenario the reader accepts again, and it runs.
          if (!parseScenario(r.input).ok) problem = 'accepted input does not parse again';
          else if (valid <= 40) runScenario(r.scenario, { untilMs: Math.min(r.scenario.durationMs, 1000) });
        } else if (!r.ok) refused++;
      } catch (e) {
        problem = `threw ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
      }
      if (problem !== null) failures.push(describeFailure('file', i, seed, c.kind, c.text, problem));
      if (failures.length >= 5) break;
    }
    if (failures.length > 0) throw new Error(failures.join('\n\n'));
    expect(valid).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(FILE_CASES / 2);
  });

  it('the generator is deterministic: one seed, one case', () => {
    expect(makeLinkCase(LINK_SEED + 17)).toEqual(makeLinkCase(LINK_SEED + 17));
    expect(makeFileCase(FILE_SEED + 17)).toEqual(makeFileCase(FILE_SEED + 17));
  });
});
