/**
 * The lesson library: every lesson listed in src/scenario/lessons.ts (whoever wrote it) is a
 * valid scenario, bilingual, with a question and checks, and its run makes every check true.
 * The example lesson in docs/writing-a-lesson.md is held to the same rules, so the doc cannot rot.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHAPTERS, LESSONS, loadLesson } from '../src/scenario/lessons';
import { parseScenario } from '../src/scenario/parse';
import { runScenario } from '../src/scenario/run';
import type { Scenario } from '../src/scenario/schema';

type Localized = { en: string; fr: string } | undefined;

/**
 * Both languages present and not blank; for sentences, not the same text (a forgotten
 * translation). Short labels (a step's title, a choice) may rightly be the same word in both,
 * such as an error name.
 */
function bilingual(where: string, text: Localized, sentence = true): void {
  expect(text, `${where}: missing`).toBeDefined();
  expect(text?.en.trim(), `${where}.en is empty`).not.toBe('');
  expect(text?.fr.trim(), `${where}.fr is empty`).not.toBe('');
  if (sentence) expect(text?.fr, `${where}: the French is the English`).not.toBe(text?.en);
}

function checkTeaching(id: string, s: Scenario): void {
  bilingual(`${id} title`, s.title);
  bilingual(`${id} description`, s.description);
  expect(s.steps.length, `${id}: no narration step`).toBeGreaterThanOrEqual(1);
  s.steps.forEach((step, i) => {
    bilingual(`${id} steps[${i}]`, step);
    if (step.title !== undefined) bilingual(`${id} steps[${i}].title`, step.title, false);
    if (i > 0) expect(step.atMs, `${id} steps[${i}] comes before steps[${i - 1}]`).toBeGreaterThanOrEqual(s.steps[i - 1]?.atMs ?? 0);
    expect(step.atMs, `${id} steps[${i}] is after durationMs`).toBeLessThanOrEqual(s.durationMs);
    const q = step.question;
    if (q === undefined) return;
    bilingual(`${id} steps[${i}].question`, q);
    q.choices.forEach((c, j) => bilingual(`${id} steps[${i}].question.choices[${j}]`, c, false));
    expect(q.answer, `${id} steps[${i}].question.answer`).toBeLessThan(q.choices.length);
    if (q.explain !== undefined) bilingual(`${id} steps[${i}].question.explain`, q.explain);
  });
  expect(s.steps.some((st) => st.question !== undefined), `${id}: no step asks a question`).toBe(true);
  expect(s.expect.length, `${id}: no expect check`).toBeGreaterThanOrEqual(1);
  for (const e of s.expect) expect(e.atMs, `${id}: check "${e.name}" is after durationMs`).toBeLessThanOrEqual(s.durationMs);
}

/** Runs the lesson headless; a failure names the lesson, the check, what it wanted and what it saw. */
function checkRun(id: string, s: Scenario): void {
  const { expectations } = runScenario(s);
  expect(expectations).toHaveLength(s.expect.length);
  const failed = expectations.filter((e) => !e.pass).map((e) => `${id}: "${e.name}" at ${e.atMs} ms: ${e.path} is ${JSON.stringify(e.actual)}, wanted ${e.wanted}`);
  expect(failed, failed.join('\n')).toEqual([]);
}

describe('the lesson index', () => {
  it('lesson ids are unique', () => {
    const ids = LESSONS.map((l) => l.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('every lesson sits in a chapter of the course', () => {
    const chapters = new Set(CHAPTERS.map((c) => c.id));
    for (const l of LESSONS) expect(chapters.has(l.chapter), `${l.id}: unknown chapter ${l.chapter}`).toBe(true);
  });

  // The course's chapters; 'kraft' and 'failures' are ours, filled by the failure-story lessons.
  // While the other lesson authors are at work this may fail for their chapters (schemas, example).
  it('every chapter of the course has at least one lesson', () => {
    const empty = CHAPTERS.filter((c) => c.id !== 'kraft' && c.id !== 'failures' && !LESSONS.some((l) => l.chapter === c.id)).map((c) => c.id);
    expect(empty, `chapters without a lesson: ${empty.join(', ')}`).toEqual([]);
  });

  it('an unknown id is refused by name', () => {
    const r = loadLesson('no-such-lesson');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]?.message).toContain('no-such-lesson');
  });
});

describe.each(LESSONS.map((l) => [l.id, l] as const))('lesson %s', (id) => {
  const loaded = loadLesson(id);

  it('parses, is named by its id, and teaches in English and French', () => {
    expect(loaded.ok ? [] : loaded.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([]);
    if (!loaded.ok) return;
    expect(loaded.scenario.name).toBe(id);
    checkTeaching(id, loaded.scenario);
  });

  it('its run makes every check true', () => {
    if (!loaded.ok) throw new Error(`${id} does not parse`);
    checkRun(id, loaded.scenario);
  });
});

describe('docs/writing-a-lesson.md', () => {
  const jsonBlocks = (): string[] => {
    const doc = readFileSync(new URL('../docs/writing-a-lesson.md', import.meta.url), 'utf8');
    return [...doc.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => m[1] as string);
  };

  it('holds one complete example lesson that parses, teaches and passes its checks', () => {
    const blocks = jsonBlocks();
    expect(blocks).toHaveLength(1);
    const parsed = parseScenario(JSON.parse(blocks[0] as string));
    expect(parsed.ok ? [] : parsed.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([]);
    if (!parsed.ok) return;
    checkTeaching(`doc example ${parsed.scenario.name}`, parsed.scenario);
    checkRun(`doc example ${parsed.scenario.name}`, parsed.scenario);
  });

  it('its example is a lesson of the library, copied whole', () => {
    const example = JSON.parse(jsonBlocks()[0] ?? '{}') as { name: string };
    const entry = LESSONS.find((l) => l.id === example.name);
    expect(entry, `${example.name} is not in LESSONS`).toBeDefined();
    expect(example).toEqual(entry?.scenario);
  });
});
