/**
 * Reading a scenario: JSON text (or an already parsed value) → a validated Scenario, or the list
 * of problems, each with its path. Never throws on bad input and never evaluates anything.
 */
import { scenarioSchema, type Scenario } from './schema';
import { formatPath, type ScenarioProblem } from './errors';
import { validateScenario } from './validate';
import { jsonErrorOffset } from './json-position';

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] };

/** Text bigger than this is refused before parsing: no lesson needs it, and a tab would choke. */
export const MAX_SCENARIO_BYTES = 2_000_000;

export const SUPPORTED_VERSION = 1;

export function parseScenarioText(text: string): ParseResult {
  if (text.length > MAX_SCENARIO_BYTES) {
    return fail('(document)', `the file is ${text.length} characters; a scenario may have at most ${MAX_SCENARIO_BYTES}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return fail('(document)', `not valid JSON: ${describeJsonError(text, e)}`);
  }
  return parseScenario(value);
}

export function parseScenario(value: unknown): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('(document)', 'a scenario is a JSON object ({ "version": 1, … })');
  }
  const version = (value as Record<string, unknown>).version;
  if (version !== SUPPORTED_VERSION) {
    return fail(
      'version',
      version === undefined
        ? `missing; this Kafkascope reads scenario format version ${SUPPORTED_VERSION}`
        : `unsupported scenario format version ${JSON.stringify(version)}; this Kafkascope reads version ${SUPPORTED_VERSION}`,
    );
  }
  const parsed = scenarioSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
    return { ok: false, problems: dedupe(problems).slice(0, 50) };
  }
  const problems = validateScenario(parsed.data);
  if (problems.length > 0) return { ok: false, problems: problems.slice(0, 50) };
  return { ok: true, scenario: parsed.data };
}

function fail(path: string, message: string): ParseResult {
  return { ok: false, problems: [{ path, message }] };
}

function dedupe(problems: ScenarioProblem[]): ScenarioProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.path}\u0000${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** "line L, column C: <engine's words>", the position found by our own scan (engines differ). */
function describeJsonError(text: string, e: unknown): string {
  const message = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').slice(0, 160);
  const pos = jsonErrorOffset(text);
  if (pos === null) return message;
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: ${message}`;
}
