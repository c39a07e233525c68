/**
 * End to end: records per second produced, replicated (3 brokers, RF 3, acks=all) and consumed,
 * headless; and memory per retained record once a million small records are in the logs.
 */
import { parseScenario } from '../src/scenario/parse';
import { buildWorld } from '../src/scenario/build';
import type { Scenario } from '../src/scenario/schema';
import { median, timeIt } from './stats';

function endToEndScenario(ratePerSec: number, durationMs: number, withConsumer: boolean): Scenario {
  const r = parseScenario({
    version: 1,
    name: 'bench-e2e',
    seed: 1,
    durationMs,
    // No initial rebalance delay: the consumer group starts reading within the 5 s run.
    cluster: { brokers: 3, network: { latencyMs: 1, jitterMs: 0 }, config: { 'log.retention.check.interval.ms': 3_600_000, 'group.initial.rebalance.delay.ms': 0 } },
    topics: [{ name: 'bench', partitions: 6, replicationFactor: 3, config: { 'segment.bytes': 100_000_000 } }],
    producers: [{ id: 'load', topic: 'bench', ratePerSec, key: null, value: 'v{seq%1000}', config: { acks: 'all', 'linger.ms': 5, 'batch.size': 65_536 } }],
    consumerGroups: withConsumer ? [{ groupId: 'readers', topics: ['bench'], members: 2, config: { 'auto.offset.reset': 'earliest', 'max.poll.records': 2_000 } }] : [],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.scenario;
}

function retainedRecords(world: ReturnType<typeof buildWorld>): number {
  let n = 0;
  for (const b of Object.values(world.state.model.brokers)) {
    for (const r of Object.values(b.replicas)) if (b.id === r.state.leader) n += r.log.logEndOffset - r.log.logStartOffset;
  }
  return n;
}

export function benchDataPlane(runs = 3): Record<string, number> {
  const rate = 100_000;
  const durationMs = 5_000;
  const results = Array.from({ length: runs }, () => {
    const world = buildWorld(endToEndScenario(rate, durationMs, true));
    const ms = timeIt(() => world.runUntil(durationMs));
    const produced = retainedRecords(world);
    const consumed = world.state.model.history.deliveries.length;
    return { ms, produced, consumed, steps: world.state.steps };
  });
  const recordsPerSec = median(results.map((r) => (r.produced / r.ms) * 1000));
  const consumedPerSec = median(results.map((r) => (r.consumed / r.ms) * 1000));

  // Memory: a million small records retained at RF 3 (followers share the leader's batches).
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const world = buildWorld(endToEndScenario(100_000, 10_000, false));
  world.runUntil(10_000);
  // Drop what is not retained data (client history) before measuring.
  world.state.model.history.sends = [];
  world.state.events = [];
  gc?.();
  const after = process.memoryUsage().heapUsed;
  const retained = retainedRecords(world);
  return {
    e2eRecordsPerSec: Math.round(recordsPerSec),
    e2eConsumedPerSec: Math.round(consumedPerSec),
    e2eKernelStepsPerRecord: Number((median(results.map((r) => r.steps)) / (results[0]?.produced ?? 1)).toFixed(3)),
    memoryRetainedRecords: retained,
    memoryBytesPerRetainedRecord: Math.round((after - before) / Math.max(1, retained)),
    memoryMeasuredWithGc: gc === undefined ? 0 : 1,
  };
}
