/**
 * Each checker fires when its rule is broken. Runs are real scenarios; where no correct run can
 * break a rule (an invariant), the state is broken by hand after a real run.
 */
import { describe, expect, it } from 'vitest';
import { runChecked, scenario } from '../../test/helpers';
import { buildWorld } from '../scenario/build';
import { createInvariantChecker } from './invariants';
import { checkAnomalies } from './anomalies';

const oneBroker = (producerConfig: Record<string, unknown>, timeline: unknown[] = []) =>
  scenario({
    seed: 3,
    durationMs: 20_000,
    cluster: { brokers: 1, network: { latencyMs: 2, jitterMs: 0 } },
    topics: [{ name: 't', partitions: 1, replicationFactor: 1 }],
    producers: [{ id: 'p', topic: 't', ratePerSec: 50, key: 'k', stopMs: 8_000, config: producerConfig }],
    timeline,
  });

describe('the anomaly checker', () => {
  it('reports reordering when a producer\'s record is stored after one it sent later', () => {
    const w = buildWorld(oneBroker({ acks: 1 }));
    w.runUntil(3_000);
    const batches = w.state.model.brokers['1']?.replicas['t-0']?.log.segments[0]?.batches;
    const [first, second] = [batches?.[0], batches?.[1]];
    if (first === undefined || second === undefined || batches === undefined) throw new Error('no batches');
    // As a retried batch landing behind the next one would leave it (no idempotence, 5 in flight).
    batches[0] = { ...first, recordIds: second.recordIds };
    batches[1] = { ...second, recordIds: first.recordIds };
    const report = checkAnomalies(w.state.model);
    expect(report.reordered.count).toBeGreaterThan(0);
    expect(report.reordered.examples[0]).toMatch(/producer-p #\d+ is at t-0@\d+, after #\d+ which it sent later/);
  });

  it('reports nothing for the same run with idempotence', () => {
    const { summary } = runChecked(
      oneBroker({ 'enable.idempotence': true, 'max.in.flight.requests.per.connection': 5, acks: 'all', 'linger.ms': 0, 'request.timeout.ms': 300, 'delivery.timeout.ms': 10_000, 'retry.backoff.ms': 10 }, [
        { atMs: 0, do: 'dropLink', from: 'producer-p', to: 'broker-1', loss: '1/5', bothWays: false },
      ]),
    );
    expect(summary.checks).toEqual({ lostAcknowledged: { count: 0, examples: [] }, duplicates: { count: 0, examples: [] }, reordered: { count: 0, examples: [] }, divergent: { count: 0, examples: [] } });
  });

  it('reports an acknowledged write whose offset now holds another record', () => {
    const w = buildWorld(oneBroker({ acks: 1 }));
    w.runUntil(3_000);
    const log = w.state.model.brokers['1']?.replicas['t-0']?.log;
    const batch = log?.segments[0]?.batches[0];
    if (batch === undefined) throw new Error('no batch');
    // Another producer's record in its place, as after a divergent truncation.
    log?.segments[0]?.batches.splice(0, 1, { ...batch, producer: 'producer-intruder' });
    expect(checkAnomalies(w.state.model).lostAcknowledged.examples[0]).toMatch(/that offset now holds producer-intruder/);
  });
});

describe('the invariant checker', () => {
  function brokenAfterRun(breakIt: (w: ReturnType<typeof buildWorld>) => void): string[] {
    const w = buildWorld(oneBroker({ acks: 1 }));
    const checker = createInvariantChecker();
    w.runUntil(2_000);
    expect(checker.check(w.state.model, w.nowMs)).toEqual([]);
    breakIt(w);
    return checker.check(w.state.model, w.nowMs);
  }

  it('fires when a leader is not in its ISR', () => {
    const v = brokenAfterRun((w) => {
      const r = w.state.model.brokers['1']?.replicas['t-0'];
      if (r !== undefined) r.state = { ...r.state, isr: [] };
    });
    expect(v[0]).toMatch(/leads t-0 but is not in its ISR/);
  });

  it('fires when a leader\'s high watermark moves back', () => {
    const v = brokenAfterRun((w) => {
      const log = w.state.model.brokers['1']?.replicas['t-0']?.log;
      if (log !== undefined) log.highWatermark = 1;
    });
    expect(v.some((x) => /high watermark of t-0 on its leader 1 moved back/.test(x))).toBe(true);
  });

  it('fires when a consumer is handed a record at or above the high watermark', () => {
    const v = brokenAfterRun((w) => {
      w.state.model.history.deliveries.push({ consumer: 'c', groupId: null, topic: 't', partition: 0, offset: 10_000, key: null, value: '', producer: 'x', recordId: 0, atMs: w.nowMs, generation: -1 });
    });
    expect(v[0]).toMatch(/c read t-0@10000, at or above the high watermark/);
  });

  it('fires when a log has a hole in its offsets', () => {
    const v = brokenAfterRun((w) => {
      const seg = w.state.model.brokers['1']?.replicas['t-0']?.log.segments[0];
      seg?.batches.splice(1, 1);
    });
    expect(v.length).toBeGreaterThan(0);
    expect(v[0]).toMatch(/broker 1 t-0:/);
  });
});
