/**
 * The host's session: time travel and forks keep the one rule (same scenario + seed + commands ⇒
 * same run), and an exported session replays, headless, to the trace hash the screen showed.
 */
import { describe, expect, it } from 'vitest';
import { Session } from '../src/host/session';
import { parseScenarioText } from '../src/scenario/parse';
import { runScenario } from '../src/scenario/run';
import { builtinScenarios } from '../src/scenario/builtin';
import { scenario } from './helpers';
import { divergentLogs, ackedAloneThenFailover } from './failure-stories';
import { summarize } from '../src/kafka/summary';

function hello() {
  return scenario({
    seed: 42,
    durationMs: 30_000,
    cluster: { brokers: 3, controller: 'zookeeper', network: { latencyMs: 2, jitterMs: 1 } },
    topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
    producers: [{ id: 'p1', topic: 'orders', ratePerSec: 50, key: 'customer-{seq%5}' }],
    consumerGroups: [{ groupId: 'billing', topics: ['orders'], members: 2 }],
    timeline: [{ atMs: 9_000, do: 'crashBroker', broker: 2 }],
  });
}

/** What the screen shows, minus what says where the session is in its own history. */
function picture(s: Session) {
  const { headMs: _h, atHead: _a, markers: _m, ...rest } = s.view();
  return rest;
}

describe('time travel', () => {
  it('seeking back restores the earlier picture exactly, and playing on repeats the same future', () => {
    const s = new Session(hello());
    s.seek(7_321);
    const at7 = picture(s);
    s.seek(20_000);
    const at20 = picture(s);
    expect(at20.nowMs).toBe(20_000);
    s.seek(7_321);
    expect(picture(s)).toEqual(at7);
    s.seek(20_000);
    expect(picture(s)).toEqual(at20);
    s.seek(3_000);
    s.advance(17_000);
    expect(picture(s)).toEqual(at20);
  });

  it('stepping one event at a time gives the same run as playing', () => {
    const a = new Session(hello());
    a.seek(2_000);
    const b = new Session(hello());
    while (b.nowMs < 2_000) {
      const next = b.world.nextEventAtMs();
      if (next === undefined || next > 2_000) break;
      b.stepEvent();
    }
    b.seek(2_000);
    expect(b.view().traceHash).toBe(a.view().traceHash);
  });

  it('the fault markers and elections are on the timeline', () => {
    const s = new Session(hello());
    s.runToEnd();
    expect(s.markers.some((m) => m.kind === 'fault' && m.atMs === 9_000)).toBe(true);
    expect(s.markers.some((m) => m.kind === 'election' && m.atMs > 9_000)).toBe(true);
    const kinds = s.markers.map((m) => m.atMs);
    expect([...kinds].sort((x, y) => x - y)).toEqual(kinds);
  });

  it('after a seek back, the events already computed ahead are known, and a fork forgets them', () => {
    const s = new Session(hello());
    s.seek(20_000);
    const all = s.events().length;
    s.seek(8_000);
    const later = s.laterEvents();
    expect(s.events().length + later.length).toBe(all);
    expect(later.every((e) => e.atMs > 8_000)).toBe(true);
    expect(later.some((e) => e.type === 'FaultInjected' && e.atMs === 9_000)).toBe(true);
    s.command({ do: 'heal' });
    expect(s.laterEvents()).toEqual([]);
  });

  it('the next interesting event is the crash, then an election', () => {
    const s = new Session(hello());
    s.seek(7_000);
    const first = s.stepToNextInteresting();
    expect(first?.kind).toBe('fault');
    expect(s.nowMs).toBe(9_000);
    // Broker 2's ZooKeeper session expires 18 s after the crash: then the controller elects.
    const second = s.stepToNextInteresting();
    expect(second?.kind).toBe('election');
    expect(s.nowMs).toBeGreaterThan(9_000 + 18_000 - 3_000);
    // Back in the past, the known markers are used.
    s.seek(1_000);
    expect(s.stepToNextInteresting()?.kind).toBe('rebalance');
  });
});

describe('forks', () => {
  it('acting after seeking back drops the future and its commands; the new future is computed from here', () => {
    const s = new Session(hello());
    s.seek(4_000);
    s.command({ do: 'crashConsumer', consumer: 'consumer-billing-1' });
    s.seek(25_000);
    const first = s.view().traceHash;
    expect(s.userCommands()).toHaveLength(1);
    s.seek(2_000);
    expect(s.atHead).toBe(false);
    s.command({ do: 'crashBroker', broker: 1 });
    expect(s.atHead).toBe(true);
    expect(s.headMs).toBe(2_000);
    expect(s.userCommands()).toEqual([{ atMs: 2_000, do: 'crashBroker', broker: 1 }]);
    s.seek(25_000);
    expect(s.view().traceHash).not.toBe(first);
    expect(s.markers.filter((m) => m.kind === 'fault').map((m) => m.atMs)).toEqual([2_000, 9_000]);
  });

  it('a session with clicks, exported and replayed headless, gives the trace hash the session showed', () => {
    const s = new Session(hello());
    s.seek(3_500);
    s.command({ do: 'crashConsumer', consumer: 'consumer-billing-2' });
    s.seek(6_000);
    s.command({ do: 'isolate', a: ['broker-1'], b: ['broker-3'], oneWay: false });
    s.command({ do: 'setProducerConfig', producer: 'p1', config: { acks: 1 } });
    s.seek(9_000);
    s.command({ do: 'heal' });
    s.runToEnd();
    const shown = s.view().traceHash;
    const text = JSON.stringify(s.exportScenario());
    const parsed = parseScenarioText(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.scenario.timeline.map((c) => [c.atMs, c.do])).toEqual([
      [3_500, 'crashConsumer'],
      [6_000, 'isolate'],
      [6_000, 'setProducerConfig'],
      [9_000, 'crashBroker'],
      [9_000, 'heal'],
    ]);
    expect(runScenario(parsed.scenario).summary.traceHash).toBe(shown);
  });

  it('a command at time zero, before playing, runs after the scenario’s own commands at zero, in the replay too', () => {
    const base = scenario({ ...JSON.parse(JSON.stringify(builtinScenarios.hello)), durationMs: 5_000, expect: [], timeline: [{ atMs: 0, do: 'stopProducer', producer: 'p1' }] });
    const s = new Session(base);
    s.command({ do: 'startProducer', producer: 'p1' });
    s.runToEnd();
    const parsed = parseScenarioText(JSON.stringify(s.exportScenario()));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(runScenario(parsed.scenario).summary.traceHash).toBe(s.view().traceHash);
    expect(s.view().producers[0]?.acknowledged).toBeGreaterThan(0);
  });
});

describe('the checker findings', () => {
  it('are stamped with the moment they were seen, and a seek back hides the later ones', () => {
    const s = new Session(
      scenario({
        durationMs: 60_000,
        cluster: { brokers: [9, 1, 2, 3], controller: 'zookeeper', network: { latencyMs: 2, jitterMs: 1 } },
        topics: [{ name: 'orders', partitions: 1, replicationFactor: 3, replicaAssignment: [[1, 2, 3]] }],
        producers: [{ id: 'shop', topic: 'orders', ratePerSec: 50, key: 'k', config: { acks: 1 } }],
        timeline: [
          { atMs: 5_000, do: 'slowLink', from: 'broker-1', to: 'broker-2', extraLatencyMs: 400 },
          { atMs: 5_000, do: 'slowLink', from: 'broker-1', to: 'broker-3', extraLatencyMs: 400 },
          { atMs: 8_000, do: 'crashBroker', broker: 1 },
          { atMs: 9_000, do: 'heal' },
          { atMs: 40_000, do: 'restartBroker', broker: 1 },
        ],
      }),
    );
    s.runToEnd();
    const lost = s.findings.find((f) => f.checker === 'lostAcknowledged');
    expect(lost).toBeDefined();
    expect(lost?.atMs).toBeGreaterThan(8_000);
    expect(s.view().findings.length).toBeGreaterThan(0);
    s.seek(6_000);
    expect(s.view().findings).toEqual([]);
  });
});

describe('a restored state holds its objects as the live one did', () => {
  it('seeking back, then playing past delivery.timeout.ms, repeats the head second by second', () => {
    // A producer's batch is held in three places (its request, its partition's in-flight list, its
    // idempotence state) and found by identity: a restore that made three copies of it would leave
    // an acknowledged batch in flight, to expire later as a failed send the head never had.
    const story = scenario({
      seed: 5,
      durationMs: 30_000,
      cluster: { brokers: 3 },
      topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
      producers: [{ id: 'p1', topic: 'orders', ratePerSec: 100, key: 'k-{seq%9}', config: { 'request.timeout.ms': 2_000, 'delivery.timeout.ms': 4_000 } }],
    });
    const s = new Session(story);
    const head = new Map<number, string>();
    for (let t = 1_000; t <= story.durationMs; t += 1_000) {
      s.seek(t);
      head.set(t, s.view().traceHash);
    }
    s.seek(3_370);
    for (let t = 4_000; t <= story.durationMs; t += 1_000) {
      s.advance(t - s.nowMs);
      expect(s.view().traceHash, `at ${t} ms`).toBe(head.get(t));
    }
    expect(s.view().producers.find((p) => p.id === 'p1')?.failed).toBe(0);
  });
});

describe('checkpoints share what never changes, yet a restore is exact', () => {
  const stories = {
    'truncation after a diverged leader (leader epochs)': divergentLogs('zookeeper', 'leader-epoch'),
    'truncation by the high watermark, on KRaft': divergentLogs('kraft', 'high-watermark'),
    'acks=1 failover': ackedAloneThenFailover('kraft'),
  };
  for (const [name, story] of Object.entries(stories)) {
    it(`${name}: seeking back and forth ends where a straight run ends`, () => {
      const straight = runScenario(story);
      const s = new Session(story);
      const end = story.durationMs;
      for (const t of [end * 0.7, end * 0.2, end * 0.9, end * 0.45, end]) s.seek(Math.round(t));
      expect(s.view().traceHash).toBe(straight.summary.traceHash);
      expect(summarize(s.world)).toEqual(straight.summary);
    });

    it(`${name}: a fork from a restored checkpoint replays exactly from its exported file`, () => {
      const s = new Session(story);
      s.runToEnd();
      s.seek(Math.round(story.durationMs * 0.35) + 7);
      s.command({ do: 'heal' });
      s.runToEnd();
      const parsed = parseScenarioText(JSON.stringify(s.exportScenario()));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      const replay = runScenario(parsed.scenario);
      expect(s.view().traceHash).toBe(replay.summary.traceHash);
      expect(summarize(s.world)).toEqual(replay.summary);
    });
  }
});

describe('opening a link or a file within a wall-time budget', () => {
  it('gives up on a scenario that asks for more than the budget, and reaches the moment otherwise', () => {
    const heavy = scenario({
      durationMs: 600_000,
      cluster: { brokers: 3 },
      topics: [{ name: 't', partitions: 12, replicationFactor: 3 }],
      producers: Array.from({ length: 6 }, (_, i) => ({ id: `p${i}`, topic: 't', ratePerSec: 20_000 })),
    });
    let calls = 0;
    // A fake clock that says 50 ms pass at each look: the budget of 200 ms is spent after 4 looks.
    const clock = (): number => 50 * calls++;
    const s = new Session(heavy);
    expect(s.seekWithin(600_000, 200, clock)).toBe(false);
    expect(s.nowMs).toBeLessThan(600_000);
    const light = new Session(hello());
    expect(light.seekWithin(7_000, 1e9, () => 0)).toBe(true);
    const reference = new Session(hello());
    reference.seek(7_000);
    expect(light.view().traceHash).toBe(reference.view().traceHash);
  });
});
