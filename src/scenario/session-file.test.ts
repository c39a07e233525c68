import { describe, expect, it } from 'vitest';
import { buildWorld } from './build';
import { parseScenario, parseScenarioText, MAX_SCENARIO_BYTES } from './parse';
import { runScenario } from './run';
import type { TimedCommand } from './schema';
import { exportSession, importScenarioFile, mergeTimeline, unsafeJsonProblem, MAX_JSON_DEPTH } from './session-file';

const scenario = {
  version: 1,
  name: 'export-me',
  seed: 3,
  durationMs: 3000,
  cluster: { brokers: 3, network: { latencyMs: 1, jitterMs: 2 }, config: { 'min.insync.replicas': 2 } },
  topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
  producers: [{ id: 'p1', topic: 'orders', ratePerSec: 50, key: 'k{seq%3}', sendMode: 'sync', config: { acks: 'all' } }],
  consumerGroups: [{ groupId: 'g', topics: ['orders'], members: 2, commit: 'sync' }],
  timeline: [
    { atMs: 1200, do: 'restartBroker', broker: 2 },
    { atMs: 500, do: 'crashBroker', broker: 2 },
  ],
};

/** What a person clicked, in the order they clicked it. Two at 500 ms: a tie with the scenario's own. */
const commands: TimedCommand[] = [
  { atMs: 500, do: 'crashBroker', broker: 1 },
  { atMs: 500, do: 'restartBroker', broker: 2 },
  { atMs: 900, do: 'isolate', a: ['broker-3'], b: ['broker-1'], oneWay: false },
  { atMs: 1500, do: 'heal' },
  { atMs: 1600, do: 'restartBroker', broker: 1 },
];

/**
 * The run as the app makes it: the world built from the scenario (its timeline in the script),
 * then each command the person made added to the script as it was made, while the run goes on.
 */
function liveTraceHash(seed: number, cmds: readonly TimedCommand[]): string {
  const r = parseScenario(scenario);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const world = buildWorld(r.scenario, seed);
  for (const { atMs, ...command } of cmds) {
    world.runUntil(atMs);
    world.addCommand(atMs, command, 'user');
  }
  world.runUntil(r.scenario.durationMs);
  return world.traceHash;
}

describe('exportSession', () => {
  it('writes a version-1 scenario with the commands merged by time (ties: the scenario first, then the person in order) and the seed', () => {
    const text = exportSession({ scenario, commands, seed: 77 });
    expect(text.startsWith('{\n  "version": 1,')).toBe(true);
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(doc.seed).toBe(77);
    expect(doc.timeline).toEqual([
      { atMs: 500, do: 'crashBroker', broker: 2 },
      { atMs: 500, do: 'crashBroker', broker: 1 },
      { atMs: 500, do: 'restartBroker', broker: 2 },
      { atMs: 900, do: 'isolate', a: ['broker-3'], b: ['broker-1'], oneWay: false },
      { atMs: 1200, do: 'restartBroker', broker: 2 },
      { atMs: 1500, do: 'heal' },
      { atMs: 1600, do: 'restartBroker', broker: 1 },
    ]);
    // Everything else as the teacher wrote it (no defaults filled in).
    expect({ ...doc, seed: scenario.seed, timeline: scenario.timeline }).toStrictEqual(scenario);
    // The input was not changed.
    expect(scenario.timeline).toHaveLength(2);
  });

  it('parses back into the same run input, and replays the session byte for byte', () => {
    const text = exportSession({ scenario, commands, seed: 77 });
    const back = parseScenarioText(text);
    if (!back.ok) throw new Error(JSON.stringify(back.problems));
    expect(back.scenario.seed).toBe(77);
    expect(back.scenario.timeline.slice(1, 3)).toEqual(commands.slice(0, 2));
    const imported = runScenario(back.scenario).summary.traceHash;
    expect(imported).toBe(liveTraceHash(77, commands));
    // The tie order matters: the person's two commands at 500 ms run after the scenario's own.
    const swapped = [commands[1], commands[0], ...commands.slice(2)] as TimedCommand[];
    expect(liveTraceHash(77, swapped)).not.toBe(imported);
  });

  it('exports a session with no commands as the scenario with its seed', () => {
    const back = parseScenarioText(exportSession({ scenario, commands: [], seed: 3 }));
    if (!back.ok) throw new Error(JSON.stringify(back.problems));
    expect(runScenario(back.scenario).summary.traceHash).toBe(liveTraceHash(3, []));
  });

  it('mergeTimeline keeps equal times in order: the scenario first, then the commands', () => {
    expect(mergeTimeline([{ atMs: 5, n: 'a' }, { atMs: 1, n: 'b' }, { atMs: 5, n: 'c' }], [{ atMs: 5, n: 'd' }, { atMs: 0, n: 'e' }]).map((c) => (c as { n: string }).n)).toEqual([
      'e',
      'b',
      'a',
      'c',
      'd',
    ]);
  });
});

describe('importScenarioFile', () => {
  it('round trip: the imported scenario holds the commands and the seed, and keeps its JSON input', () => {
    const text = exportSession({ scenario, commands, seed: 9 });
    const r = importScenarioFile(text);
    if (!r.ok) throw new Error(r.message);
    expect(r.scenario.seed).toBe(9);
    expect(r.scenario.timeline).toHaveLength(7);
    expect(r.scenario.timeline).toEqual(expect.arrayContaining(commands));
    expect(r.input).toStrictEqual(JSON.parse(text));
  });

  it('says what and where, in a sentence that starts the same way', () => {
    const bad = { ...scenario, topics: [{ name: 'orders', partitions: 3, replicationFactor: 4 }] };
    const r = importScenarioFile(JSON.stringify(bad));
    expect(r).toEqual({
      ok: false,
      message:
        'This file is not a Kafkascope scenario: topics[0].replicationFactor: INVALID_REPLICATION_FACTOR: Replication factor: 4 larger than available brokers: 3. Your current session was kept.',
    });
  });

  it('lists the first three problems, then how many more', () => {
    const timeline = [7, 8, 9, 10, 11].map((b) => ({ atMs: 100, do: 'crashBroker', broker: b }));
    const r = importScenarioFile(JSON.stringify({ ...scenario, timeline }));
    if (r.ok) throw new Error('expected a refusal');
    expect(r.message).toContain('timeline[0].broker: no broker 7 in the cluster');
    expect(r.message).toContain('timeline[2].broker: no broker 9');
    expect(r.message).not.toContain('broker 10');
    expect(r.message).toContain('and 2 more.');
  });

  it('refuses text that is not JSON with its line and column, an empty file, a JSON list', () => {
    const notJson = importScenarioFile('{\n  "version": 1,\n  oops\n}');
    expect(notJson.ok).toBe(false);
    if (!notJson.ok) expect(notJson.message).toMatch(/^This file is not a Kafkascope scenario: \(document\): not valid JSON: line 3, column 3/);
    expect(importScenarioFile('')).toEqual({ ok: false, message: 'This file is not a Kafkascope scenario: (document): the file is empty. Your current session was kept.' });
    const list = importScenarioFile('[1, 2]');
    expect(list.ok).toBe(false);
    if (!list.ok) expect(list.message).toContain('a scenario is a JSON object');
  });

  it('reads a file that starts with a byte order mark', () => {
    expect(importScenarioFile(`\uFEFF${JSON.stringify(scenario)}`).ok).toBe(true);
  });

  it('refuses a file over the size cap without parsing it', () => {
    const r = importScenarioFile(`${JSON.stringify(scenario)}${' '.repeat(MAX_SCENARIO_BYTES)}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(`at most ${MAX_SCENARIO_BYTES}`);
  });

  it('refuses prototype-polluting keys anywhere, naming where', () => {
    const text = JSON.stringify(scenario).replace('"min.insync.replicas"', '"__proto__":{"polluted":1},"min.insync.replicas"');
    const r = importScenarioFile(text);
    expect(r).toEqual({
      ok: false,
      message: 'This file is not a Kafkascope scenario: cluster.config.__proto__: the key "__proto__" is not allowed (it could change how the app behaves). Your current session was kept.',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const key of ['constructor', 'prototype']) {
      const r2 = importScenarioFile(JSON.stringify({ ...scenario, cluster: { ...scenario.cluster, config: { [key]: 1 } } }));
      expect(r2.ok).toBe(false);
      if (!r2.ok) expect(r2.message).toContain(`cluster.config.${key}: the key "${key}" is not allowed`);
    }
  });

  it('refuses deep nesting and numbers JSON cannot hold', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const text = JSON.stringify({ ...scenario, expect: [{ atMs: 1, name: 'x', path: 'a', equals: 'DEEP' }] }).replace('"DEEP"', deep);
    const r = importScenarioFile(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(`nested more than ${MAX_JSON_DEPTH} levels deep`);
    const huge = importScenarioFile(JSON.stringify({ ...scenario, expect: [{ atMs: 1, name: 'x', path: 'a', equals: 'BIG' }] }).replace('"BIG"', '1e400'));
    expect(huge.ok).toBe(false);
    if (!huge.ok) expect(huge.message).toContain('expect[0].equals: a number too large to write in JSON');
  });

  it('unsafeJsonProblem accepts plain data, including keys that merely contain the words', () => {
    expect(unsafeJsonProblem({ a: [1, { b: null, proto: 'x', __proto: 1, constructors: true }], 'x.prototype.y': 2 })).toBeNull();
  });
});
