/**
 * Share links: a whole session in the URL fragment (`#s=<payload>`), so a teacher can send what is
 * on the screen. The payload is the link document as JSON, compressed with lz-string into URL-safe
 * characters. A fragment never reaches a server.
 *
 * Opening a link is opening data from anyone: `decodeLink` never throws, never hangs and never
 * evaluates anything. It caps the fragment's length, refuses characters outside lz-string's URL
 * alphabet before decompressing, decompresses with a budget (lz-string output can grow with the
 * square of its input: a 30,000-character fragment can stand for 100 MB), reads the text with
 * JSON.parse only, refuses prototype-polluting keys anywhere, and validates everything: the link
 * document with zod, the scenario with `parseScenario`, the commands with the timed-command schema
 * and the scenario's own cross-checks. Refusals are sentences for a teacher, and say that the
 * current session was kept.
 */
import LZString from 'lz-string';
import { z } from 'zod';
import { formatPath, type ScenarioProblem } from './errors';
import { builtinScenarios } from './builtin';
import { lessonById } from './lessons';
import { MAX_SCENARIO_BYTES, parseScenario } from './parse';
import { LIMITS, timedCommandSchema, type Scenario, type TimedCommand } from './schema';
import { SESSION_KEPT, summarizeProblems, unsafeJsonProblem, type SessionCommand } from './session-file';
import { validateScenario } from './validate';

export const LINK_VERSION = 1;
/** The fragment parameter that holds the payload: `#s=…`. */
export const LINK_PARAM = 's';
/** A longer fragment is refused before anything else (browsers and chat apps cut long URLs anyway). */
export const MAX_FRAGMENT_CHARS = 200_000;
/** The decompressed JSON may be at most this long: a scenario file's cap. */
export const MAX_LINK_JSON_CHARS = MAX_SCENARIO_BYTES;

/** What a link holds. Exactly one of `lesson` and `scenario`. */
export interface LinkDoc {
  v: 1;
  /** A built-in lesson (or built-in scenario) id: keeps the link short. */
  lesson?: string;
  /** The scenario's JSON input, when the session is not on a built-in lesson. */
  scenario?: unknown;
  /** The person's commands, in time order (the order they were made, within one time). */
  commands: (SessionCommand | TimedCommand)[];
  /** The simulated time the session was at. */
  atMs: number;
  /** The seed, when the run does not use the scenario's own. */
  seed?: number;
  /** The lesson step shown (an index into the scenario's `steps`). */
  step?: number;
  lang?: 'en' | 'fr';
}

export type DecodedLink =
  | {
      ok: true;
      /** The document, as it was in the link (validated). */
      doc: LinkDoc;
      /** The session's scenario (the lesson's, or the one in the link), validated. */
      scenario: Scenario;
      /** The commands, validated (defaults filled in), in time order. */
      commands: TimedCommand[];
      /** The run's seed: `doc.seed`, or the scenario's own. */
      seed: number;
    }
  | { ok: false; message: string };

/** Where a link's lesson id is looked up; tests may pass their own. */
export type LessonLookup = (id: string) => unknown;

export function defaultLessonLookup(id: string): unknown {
  const lesson = lessonById(id);
  if (lesson !== undefined) return lesson.scenario;
  return Object.hasOwn(builtinScenarios, id) ? builtinScenarios[id] : undefined;
}

/** The fragment (with its `#`) that holds the session. */
export function encodeLink(doc: LinkDoc): string {
  return `#${LINK_PARAM}=${LZString.compressToEncodedURIComponent(JSON.stringify(doc))}`;
}

const linkSchema = z.strictObject({
  v: z.literal(LINK_VERSION),
  lesson: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, 'a lesson id is 1 to 200 letters, digits, dots, dashes or underscores').optional(),
  scenario: z.unknown().optional(),
  commands: z.array(z.unknown()).max(LIMITS.timeline),
  atMs: z.number().int().min(0).max(LIMITS.timeMs),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  step: z.number().int().min(0).max(LIMITS.steps).optional(),
  lang: z.enum(['en', 'fr']).optional(),
});

export function decodeLink(fragment: string, lessons: LessonLookup = defaultLessonLookup): DecodedLink {
  try {
    return decode(fragment, lessons);
  } catch {
    // Every path above returns; this is the last guard of "never throws".
    return refuse('it could not be read.');
  }
}

function refuse(what: string): { ok: false; message: string } {
  return { ok: false, message: `This link cannot be opened: ${what} ${SESSION_KEPT}` };
}

function decode(fragment: string, lessons: LessonLookup): DecodedLink {
  if (typeof fragment !== 'string') return refuse('it is not text.');
  if (fragment.length > MAX_FRAGMENT_CHARS) {
    return refuse(`it is ${fragment.length} characters long; a Kafkascope link holds at most ${MAX_FRAGMENT_CHARS}.`);
  }
  const payload = payloadOf(fragment);
  if (payload === null) return refuse('it holds no Kafkascope session (the part after # should start with "s=").');
  if (payload === '') return refuse('its session part is empty (the link may have been cut).');
  const text = decompressBounded(payload, MAX_LINK_JSON_CHARS);
  if (text === 'alphabet') return refuse('it contains characters a Kafkascope link never has (it may have been cut or changed).');
  if (text === 'too-large') return refuse(`it unpacks to more than ${MAX_LINK_JSON_CHARS} characters; a Kafkascope link holds at most that.`);
  if (text === null) return refuse('it is damaged (it may have been cut or changed when it was copied).');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse('it is damaged (its content is not readable data; it may have been cut or changed when it was copied).');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse('it does not hold a Kafkascope session.');
  }
  const unsafe = unsafeJsonProblem(value);
  if (unsafe !== null) return refuse(`it holds data Kafkascope refuses: ${summarizeProblems([unsafe])}`);
  const v = (value as Record<string, unknown>).v;
  if (v !== LINK_VERSION) {
    if (typeof v === 'number' && Number.isInteger(v) && v > LINK_VERSION) {
      return {
        ok: false,
        message: `This link was made by a newer Kafkascope (format v${v}); this one reads links of format v${LINK_VERSION}. Open it with an up-to-date Kafkascope. ${SESSION_KEPT}`,
      };
    }
    return refuse(`it does not hold a Kafkascope session (${v === undefined ? 'no format version' : `unknown format version ${clipJson(v)}`}).`);
  }
  const parsed = linkSchema.safeParse(value);
  if (!parsed.success) {
    return refuse(`it does not hold a valid session: ${summarizeProblems(parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })))}`);
  }
  const doc = parsed.data;
  if ((doc.lesson === undefined) === (doc.scenario === undefined)) {
    return refuse('it does not hold a valid session: it must name a lesson or hold a scenario, not both and not neither.');
  }

  // The scenario: a built-in lesson, or the one in the link.
  let scenario: Scenario;
  if (doc.lesson !== undefined) {
    const input = lessons(doc.lesson);
    if (input === undefined) {
      return refuse(`it opens the lesson "${doc.lesson}", which this Kafkascope does not have (it may come from another version).`);
    }
    const r = parseScenario(input);
    if (!r.ok) return refuse(`the lesson "${doc.lesson}" does not load: ${summarizeProblems(r.problems)}`);
    scenario = r.scenario;
  } else {
    const r = parseScenario(doc.scenario);
    if (!r.ok) return refuse(`its scenario is not valid: ${summarizeProblems(r.problems.map((p) => ({ ...p, path: underScenario(p.path) })))}`);
    scenario = r.scenario;
  }

  // The commands: each one a timed command, in time order, within the run, naming what exists.
  const commands: TimedCommand[] = [];
  const problems: ScenarioProblem[] = [];
  doc.commands.forEach((raw, i) => {
    const c = timedCommandSchema.safeParse(raw);
    if (!c.success) {
      for (const issue of c.error.issues) problems.push({ path: formatPath(['commands', i, ...issue.path]), message: issue.message });
      return;
    }
    if (c.data.atMs > scenario.durationMs) problems.push({ path: `commands[${i}].atMs`, message: `after the end of the run (durationMs ${scenario.durationMs})` });
    const before = commands[commands.length - 1];
    if (before !== undefined && c.data.atMs < before.atMs) {
      problems.push({ path: `commands[${i}].atMs`, message: `${c.data.atMs} ms comes before the previous command (${before.atMs} ms); commands are listed in time order` });
    }
    commands.push(c.data);
  });
  if (problems.length === 0) {
    // The scenario's own cross-checks (a broker that exists, a known producer…), on the commands.
    for (const p of validateScenario({ ...scenario, timeline: commands })) {
      problems.push({ ...p, path: p.path.replace(/^timeline\[/, 'commands[') });
    }
  }
  if (scenario.timeline.length + commands.length > LIMITS.timeline) {
    problems.push({ path: 'commands', message: `with the scenario's own, more than ${LIMITS.timeline} commands` });
  }
  if (doc.atMs > scenario.durationMs) problems.push({ path: 'atMs', message: `${doc.atMs} ms is after the end of the run (durationMs ${scenario.durationMs})` });
  if (doc.step !== undefined && doc.step >= Math.max(1, scenario.steps.length)) {
    problems.push({ path: 'step', message: `step ${doc.step + 1} does not exist; the scenario has ${scenario.steps.length} step${scenario.steps.length === 1 ? '' : 's'}` });
  }
  if (problems.length > 0) return refuse(`its session is not valid: ${summarizeProblems(problems)}`);

  return { ok: true, doc: doc as LinkDoc, scenario, commands, seed: doc.seed ?? scenario.seed };
}

/** A scenario problem's path, inside the link document. */
function underScenario(path: string): string {
  if (path === '(document)') return 'scenario';
  return path.startsWith('[') ? `scenario${path}` : `scenario.${path}`;
}

function clipJson(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/**
 * The payload of `#s=…` (the `#` optional; other `&name=value` parameters ignored), or null when
 * there is none. A space is read as `+` (some tools turn one into the other), and a percent-encoded
 * fragment (some chat apps encode `$`) is decoded.
 */
function payloadOf(fragment: string): string | null {
  let f = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (f.includes('%')) {
    try {
      f = decodeURIComponent(f);
    } catch {
      return null;
    }
  }
  for (const part of f.split('&')) {
    if (part.startsWith(`${LINK_PARAM}=`)) return part.slice(LINK_PARAM.length + 1).replace(/ /g, '+');
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// lz-string's decompressFromEncodedURIComponent, with a budget.
//
// The same algorithm and bit layout as lz-string 1.5.0 (MIT, pieroxy), rewritten so that it stops
// as soon as the output passes `maxChars` instead of building it whole, and so that a corrupt
// input ends in `null` instead of an exception or text with "undefined" in it. A test checks that
// it agrees with lz-string on every input lz-string decodes.

const URI_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const URI_VALUE: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < URI_ALPHABET.length; i++) t[URI_ALPHABET.charCodeAt(i)] = i;
  return t;
})();

/**
 * The text an lz-string URI payload stands for; `null` when the payload is corrupt, `'alphabet'`
 * when it has a character outside lz-string's URL alphabet, `'too-large'` when the text would be
 * longer than `maxChars`.
 */
export function decompressBounded(input: string, maxChars: number): string | null | 'alphabet' | 'too-large' {
  const length = input.length;
  const values = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const code = input.charCodeAt(i);
    const v = code < 128 ? (URI_VALUE[code] as number) : -1;
    if (v < 0) return 'alphabet';
    values[i] = v;
  }
  if (length === 0) return null;

  const resetValue = 32;
  let val = values[0] as number;
  let position = resetValue;
  let index = 1;
  // Past the end lz-string reads zeros; so do we.
  const readBits = (n: number): number => {
    let bits = 0;
    for (let k = 0; k < n; k++) {
      const bit = val & position;
      position >>= 1;
      if (position === 0) {
        position = resetValue;
        val = index < length ? (values[index] as number) : 0;
        index++;
      }
      if (bit > 0) bits += 2 ** k;
    }
    return bits;
  };

  const dictionary: string[] = [];
  let dictSize = 4;
  let numBits = 3;
  let enlargeIn = 4;
  let first: string;
  switch (readBits(2)) {
    case 0:
      first = String.fromCharCode(readBits(8));
      break;
    case 1:
      first = String.fromCharCode(readBits(16));
      break;
    case 2:
      return '';
    default:
      return null;
  }
  dictionary[3] = first;
  let w = first;
  const result: string[] = [first];
  let total = first.length;
  for (;;) {
    if (index > length) return null;
    let c = readBits(numBits);
    if (c === 0 || c === 1) {
      dictionary[dictSize++] = String.fromCharCode(readBits(c === 0 ? 8 : 16));
      c = dictSize - 1;
      enlargeIn--;
    } else if (c === 2) {
      return result.join('');
    }
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
    let entry: string;
    const known = dictionary[c];
    if (known !== undefined && c >= 3) entry = known;
    else if (c === dictSize) entry = w + w.charAt(0);
    else return null;
    total += entry.length;
    if (total > maxChars) return 'too-large';
    result.push(entry);
    dictionary[dictSize++] = w + entry.charAt(0);
    enlargeIn--;
    w = entry;
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  }
}
