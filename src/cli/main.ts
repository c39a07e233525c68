/**
 * The headless runner: `npm run sim -- <scenario.json> [--seed N] [--until-ms N] [--events out.jsonl]`.
 * Prints one JSON summary on stdout. Exit codes: 0 ran and every expectation passed; 1 an
 * expectation failed; 2 bad input (the message on stderr names the field and the problem).
 *
 * Lessons: `npm run sim -- --list-lessons` prints one line per lesson (id, chapter, English
 * title); `npm run sim -- lesson:<id>` runs a lesson and prints each check (✓/✗, name, wanted,
 * actual), with the same exit codes (2 for an unknown lesson id).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseScenarioText } from '../scenario/parse';
import { runScenario } from '../scenario/run';
import { describeProblems } from '../scenario/errors';
import { dumpPartition, type PartitionDump } from '../kafka/dump';
import { LESSONS, loadLesson } from '../scenario/lessons';
import type { ExpectationResult } from '../scenario/expect';

const USAGE = `usage: npm run sim -- <scenario.json> [--seed N] [--until-ms N] [--events out.jsonl] [--dump <topic>-<partition>]
       npm run sim -- lesson:<id> [--seed N]
       npm run sim -- --list-lessons`;

const LESSON_PREFIX = 'lesson:';

interface CliArgs {
  file: string;
  seed?: number;
  untilMs?: number;
  eventsOut?: string;
  dump?: string;
  listLessons?: boolean;
}

class UsageError extends Error {}

function wholeNumber(flag: string, value: string | undefined): number {
  if (value === undefined || !/^\d{1,15}$/.test(value)) throw new UsageError(`${flag} needs a whole number ≥ 0, got ${value ?? 'nothing'}`);
  return Number(value);
}

function parseArgs(argv: string[]): CliArgs {
  let file: string | undefined;
  const out: Partial<CliArgs> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--seed') out.seed = wholeNumber(a, argv[++i]);
    else if (a === '--until-ms') out.untilMs = wholeNumber(a, argv[++i]);
    else if (a === '--events') {
      const path = argv[++i];
      if (path === undefined) throw new UsageError('--events needs a file path');
      out.eventsOut = path;
    } else if (a === '--dump') {
      const ref = argv[++i];
      if (ref === undefined) throw new UsageError('--dump needs a partition, such as orders-0');
      out.dump = ref;
    } else if (a === '--list-lessons') {
      out.listLessons = true;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else if (file === undefined) file = a;
    else throw new UsageError(`one scenario at a time (got ${file} and ${a})`);
  }
  if (out.listLessons === true) return { ...out, file: file ?? '' };
  if (file === undefined) throw new UsageError('which scenario? give a path to a scenario JSON file, or lesson:<id>');
  return { ...out, file };
}

function listLessons(): number {
  for (const l of LESSONS) {
    const title = (l.scenario as { title?: { en?: string } }).title?.en ?? '';
    process.stdout.write(`${l.id}\t${l.chapter}\t${title}\n`);
  }
  return 0;
}

function describeCheck(e: ExpectationResult): string {
  return `${e.pass ? '✓' : '✗'} ${e.name} (at ${e.atMs} ms, ${e.path}): wanted ${e.wanted}, actual ${JSON.stringify(e.actual)}`;
}

/** Runs a lesson of the library and reports each of its checks, one per line. */
function runLesson(id: string, args: CliArgs): number {
  const loaded = loadLesson(id);
  if (!loaded.ok) {
    if (LESSONS.some((l) => l.id === id)) {
      process.stderr.write(`lesson ${id}: invalid scenario\n${describeProblems(loaded.problems)}\n`);
    } else {
      process.stderr.write(`no lesson is called "${id}"; npm run sim -- --list-lessons lists them\n`);
    }
    return 2;
  }
  const { expectations, summary } = runScenario(loaded.scenario, args);
  const title = loaded.scenario.title?.en ?? id;
  process.stdout.write(`lesson ${id} (${loaded.entry.chapter}): ${title}\n`);
  for (const e of expectations) process.stdout.write(`${describeCheck(e)}\n`);
  // A run cut short by --until-ms has not verified the later checks: they do not pass.
  const unreached = loaded.scenario.expect.filter((e) => e.atMs > summary.nowMs);
  for (const e of unreached) process.stdout.write(`✗ ${e.name} (at ${e.atMs} ms): not reached, the run stopped at ${summary.nowMs} ms\n`);
  const total = expectations.length + unreached.length;
  const failed = expectations.filter((e) => !e.pass).length + unreached.length;
  process.stdout.write(failed === 0 ? `all ${total} checks pass\n` : `${failed} of ${total} checks fail\n`);
  return failed === 0 ? 0 : 1;
}

function main(): number {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.listLessons === true) return listLessons();
  if (args.file.startsWith(LESSON_PREFIX)) return runLesson(args.file.slice(LESSON_PREFIX.length), args);
  let text: string;
  try {
    text = readFileSync(args.file, 'utf8');
  } catch (e) {
    process.stderr.write(`cannot read ${args.file}: ${(e as Error).message}\n`);
    return 2;
  }
  const parsed = parseScenarioText(text);
  if (!parsed.ok) {
    process.stderr.write(`${args.file}: invalid scenario\n${describeProblems(parsed.problems)}\n`);
    return 2;
  }
  const { world, summary, expectations } = runScenario(parsed.scenario, args);
  if (args.eventsOut !== undefined) {
    writeFileSync(args.eventsOut, world.state.events.map((e) => JSON.stringify(e)).join('\n') + (world.state.events.length > 0 ? '\n' : ''));
  }
  const failed = expectations.filter((e) => !e.pass);
  let dump: PartitionDump | undefined;
  if (args.dump !== undefined) {
    const d = dumpPartition(world.state.model, args.dump);
    if (d === null) {
      process.stderr.write(`--dump ${args.dump}: no such partition (write it as <topic>-<partition>, e.g. orders-0)\n`);
      return 2;
    }
    dump = d;
  }
  process.stdout.write(`${JSON.stringify(dump === undefined ? { ...summary, expectations } : { ...summary, expectations, dump }, null, 2)}\n`);
  if (failed.length > 0) {
    for (const f of failed) process.stderr.write(`expectation failed at ${f.atMs} ms: ${f.name}: ${f.path} is ${JSON.stringify(f.actual)}, wanted ${f.wanted}\n`);
    return 1;
  }
  return 0;
}

process.exitCode = main();
