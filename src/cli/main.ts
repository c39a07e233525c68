/**
 * The headless runner: `npm run sim -- <scenario.json> [--seed N] [--until-ms N] [--events out.jsonl]`.
 * Prints one JSON summary on stdout. Exit codes: 0 ran and every expectation passed; 1 an
 * expectation failed; 2 bad input (the message on stderr names the field and the problem).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseScenarioText } from '../scenario/parse';
import { runScenario } from '../scenario/run';
import { describeProblems } from '../scenario/errors';
import { dumpPartition, type PartitionDump } from '../kafka/dump';

const USAGE = `usage: npm run sim -- <scenario.json> [--seed N] [--until-ms N] [--events out.jsonl] [--dump <topic>-<partition>]`;

interface CliArgs {
  file: string;
  seed?: number;
  untilMs?: number;
  eventsOut?: string;
  dump?: string;
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
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else if (file === undefined) file = a;
    else throw new UsageError(`one scenario at a time (got ${file} and ${a})`);
  }
  if (file === undefined) throw new UsageError('which scenario? give a path to a scenario JSON file');
  return { ...out, file };
}

function main(): number {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
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
