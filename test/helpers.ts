/** Helpers for scenario tests: build a scenario from a partial document and run it with checks. */
import { parseScenario } from '../src/scenario/parse';
import type { Scenario } from '../src/scenario/schema';
import { buildWorld } from '../src/scenario/build';
import { createInvariantChecker } from '../src/check/invariants';
import { summarize } from '../src/kafka/summary';

export function scenario(doc: Record<string, unknown>): Scenario {
  const r = parseScenario({ version: 1, name: 'test', seed: 1, ...doc });
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.scenario;
}

/** Runs to `untilMs`, checking every invariant after every step; throws on the first violation. */
export function runChecked(s: Scenario, untilMs = s.durationMs, options: { logs?: boolean; every?: number } = {}) {
  const world = buildWorld(s);
  const checker = createInvariantChecker({ logs: options.logs ?? true });
  const every = options.every ?? 1;
  let n = 0;
  for (;;) {
    const next = world.nextEventAtMs();
    if (next === undefined || next > untilMs) break;
    world.step();
    if (++n % every !== 0) continue;
    const v = checker.check(world.state.model, world.nowMs, world.state.events);
    if (v.length > 0) throw new Error(`seed ${s.seed}: invariant broken\n${v.slice(0, 5).join('\n')}`);
  }
  world.runUntil(untilMs);
  return { world, summary: summarize(world) };
}
