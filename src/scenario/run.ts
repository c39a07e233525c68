/**
 * The headless run of a scenario: build the world, run it, check each expectation at its time.
 * Used by the CLI, the tests and the browser alike.
 */
import { summarize, type RunSummary } from '../kafka/summary';
import type { World } from '../sim/world';
import type { KafkaState } from '../kafka/state';
import { buildWorld } from './build';
import { evaluateExpectation, type ExpectationResult } from './expect';
import type { Scenario } from './schema';

export interface RunOptions {
  seed?: number;
  untilMs?: number;
}

export interface RunResult {
  world: World<KafkaState>;
  summary: RunSummary;
  expectations: ExpectationResult[];
}

export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const world = buildWorld(scenario, options.seed ?? scenario.seed);
  const untilMs = options.untilMs ?? scenario.durationMs;
  const checks = [...scenario.expect].filter((e) => e.atMs <= untilMs).sort((a, b) => a.atMs - b.atMs);
  const expectations: ExpectationResult[] = [];
  for (const e of checks) {
    world.runUntil(e.atMs);
    expectations.push(evaluateExpectation(e, summarize(world)));
  }
  world.runUntil(untilMs);
  return { world, summary: summarize(world), expectations };
}
