import { describe, expect, it } from 'vitest';
import { World, type Model } from './world';
import { createPingWorld } from './ping-model';
import type { Message, NodeId } from './types';

function runPing(seed: number, untilMs = 2_000) {
  const w = createPingWorld({ seed, nodes: 5, faults: true, faultEveryMs: 50, pongEventEvery: 7 });
  w.runUntil(untilMs);
  return w;
}

describe('determinism of the kernel', () => {
  it('the same seed gives the same trace hash, over 200 seeds of a faulty workload', () => {
    for (let seed = 0; seed < 200; seed++) {
      const a = runPing(seed, 800);
      const b = runPing(seed, 800);
      expect(b.traceHash, `seed ${seed}: replay with npx vitest run src/sim/world.test.ts`).toBe(a.traceHash);
      expect(b.state.steps).toBe(a.state.steps);
      expect(a.state.network.droppedCount, `seed ${seed} should exercise drops`).toBeGreaterThanOrEqual(0);
    }
  });

  it('the faulty workload really injects faults and drops messages', () => {
    const w = runPing(3, 3_000);
    const faults = new Set(w.state.events.filter((e) => e.type === 'FaultInjected').map((e) => e.fault));
    expect([...faults].sort()).toEqual(['crash', 'dropLink', 'heal', 'isolate', 'pauseNode', 'restart', 'slowLink']);
    expect(w.state.network.droppedCount).toBeGreaterThan(0);
    const reasons = new Set(w.state.network.recentDrops.map((d) => d.reason));
    expect(reasons.has('partition')).toBe(true);
  });

  it('different seeds give different hashes', () => {
    const hashes = new Set<string>();
    for (let seed = 0; seed < 50; seed++) hashes.add(runPing(seed, 500).traceHash);
    expect(hashes.size).toBe(50);
  });

  it('stepping one event at a time gives the same hash as runUntil', () => {
    const a = runPing(11, 1_500);
    const b = createPingWorld({ seed: 11, nodes: 5, faults: true, faultEveryMs: 50, pongEventEvery: 7 });
    while ((b.nextEventAtMs() ?? Infinity) <= 1_500) b.step();
    b.runUntil(1_500);
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.state.steps).toBe(a.state.steps);
  });

  it('a structuredClone checkpoint taken mid-run continues exactly like the original', () => {
    const straight = runPing(42, 2_000);
    const w = createPingWorld({ seed: 42, nodes: 5, faults: true, faultEveryMs: 50, pongEventEvery: 7 });
    w.runUntil(777);
    const checkpoint = structuredClone(w.state);
    const resumed = World.fromState(checkpoint, w.model);
    resumed.runUntil(2_000);
    w.runUntil(2_000);
    expect(resumed.traceHash).toBe(straight.traceHash);
    expect(w.traceHash).toBe(straight.traceHash);
  });

  it('a command added while paused at t runs exactly where the same command read from the script runs', () => {
    const scripted = createPingWorld({ seed: 5, nodes: 4 });
    scripted.addCommand(300, { do: 'fault' });
    scripted.runUntil(1_000);
    const clicked = createPingWorld({ seed: 5, nodes: 4 });
    clicked.runUntil(300);
    clicked.addCommand(300, { do: 'fault' }, 'user');
    clicked.runUntil(1_000);
    expect(clicked.state.events.some((e) => e.type === 'FaultInjected' && e.atMs === 300)).toBe(true);
    expect(clicked.traceHash).toBe(scripted.traceHash);
    const other = createPingWorld({ seed: 5, nodes: 4 });
    other.addCommand(301, { do: 'fault' });
    other.runUntil(1_000);
    expect(other.traceHash).not.toBe(scripted.traceHash);
  });

  it('commands may not be added in the past, and a fork drops only the person’s future commands', () => {
    const w = createPingWorld({ seed: 5, nodes: 3 });
    w.addCommand(500, { do: 'fault' });
    w.addCommand(400, { do: 'fault' }, 'user');
    w.runUntil(200);
    expect(() => w.addCommand(100, { do: 'fault' })).toThrow(/in the past/);
    w.dropFutureUserCommands();
    expect(w.state.script.map((e) => [e.atMs, e.source])).toEqual([[500, 'scenario']]);
  });

  it('the clock only moves forward and lands on runUntil', () => {
    const w = createPingWorld({ seed: 1, nodes: 3 });
    let last = 0;
    for (let i = 0; i < 1000; i++) {
      w.step();
      expect(w.nowMs).toBeGreaterThanOrEqual(last);
      last = w.nowMs;
    }
    w.runUntil(last + 12_345);
    expect(w.nowMs).toBe(last + 12_345);
  });
});

/** A model that records what each node receives, for precise network tests. */
interface Recorder {
  received: { at: number; to: NodeId; from: NodeId; n: number }[];
}
const recorder: Model<Recorder> = {
  onMessage(world, node, msg: Message) {
    if (msg.kind === 'Disconnected') return;
    world.state.model.received.push({ at: world.nowMs, to: node, from: msg.from, n: msg.payload as number });
  },
  onTimer(world, node, name, data) {
    const { to, n } = data as { to: NodeId; n: number };
    world.send(node, to, name, n);
  },
  onCommand() {},
};

function recorderWorld(nodes: number, jitterMs: number, seed = 7) {
  const w = World.create<Recorder>(seed, { latencyMs: 5, jitterMs }, { received: [] }, recorder);
  for (let i = 0; i < nodes; i++) w.addNode(`n${i}`, 'test');
  return w;
}

describe('the network', () => {
  it('is FIFO per connection under heavy jitter, yet jitter does vary delivery times', () => {
    const w = recorderWorld(3, 40);
    for (let i = 0; i < 500; i++) {
      w.setTimer(0, i, 'Data', { to: 1, n: i });
      w.setTimer(2, i, 'Data', { to: 1, n: i });
    }
    w.runUntil(10_000);
    for (const from of [0, 2]) {
      const seen = w.state.model.received.filter((r) => r.from === from).map((r) => r.n);
      expect(seen).toEqual([...Array(500).keys()]);
    }
    const delays = new Set(w.state.model.received.filter((r) => r.from === 0).map((r) => r.at - r.n));
    expect(delays.size).toBeGreaterThan(5);
  });

  it('a one-way partition drops exactly the messages sent in its direction', () => {
    const w = recorderWorld(2, 0);
    w.isolate([0], [1], true);
    for (let i = 0; i < 10; i++) {
      w.setTimer(0, i, 'Data', { to: 1, n: i });
      w.setTimer(1, i, 'Data', { to: 0, n: 100 + i });
    }
    w.runUntil(100);
    expect(w.state.model.received.filter((r) => r.to === 1)).toEqual([]);
    expect(w.state.model.received.filter((r) => r.to === 0).map((r) => r.n)).toEqual([...Array(10).keys()].map((i) => 100 + i));
    expect(w.state.network.droppedCount).toBe(10);
    expect(w.state.network.recentDrops.every((d) => d.msg.from === 0 && d.reason === 'partition')).toBe(true);
  });

  it('a two-way partition drops both directions, spares other links, and heals', () => {
    const w = recorderWorld(3, 0);
    w.isolate([0], [1]);
    w.setTimer(0, 0, 'Data', { to: 1, n: 1 });
    w.setTimer(1, 0, 'Data', { to: 0, n: 2 });
    w.setTimer(0, 0, 'Data', { to: 2, n: 3 });
    w.setTimer(2, 0, 'Data', { to: 1, n: 4 });
    w.runUntil(50);
    expect(w.state.model.received.map((r) => r.n).sort()).toEqual([3, 4]);
    w.healNetwork();
    w.setTimer(0, 0, 'Data', { to: 1, n: 5 });
    w.runUntil(100);
    expect(w.state.model.received.map((r) => r.n)).toContain(5);
  });

  it('a partition that starts while a message is in flight drops it at delivery', () => {
    const w = recorderWorld(2, 0);
    w.setTimer(0, 0, 'Data', { to: 1, n: 1 });
    w.runUntil(2); // sent at 0, due at 5
    w.isolate([0], [1]);
    w.runUntil(20);
    expect(w.state.model.received).toEqual([]);
    expect(w.state.network.recentDrops[0]?.reason).toBe('partition');
  });

  it('a lossy link loses nothing but makes TCP resend: about its ratio of messages arrive a timeout late, in order', () => {
    const w = recorderWorld(2, 0);
    w.setLinkFault(0, 1, { lossNumerator: 1, lossDenominator: 4 });
    for (let i = 0; i < 4000; i++) w.setTimer(0, i * 1000, 'Data', { to: 1, n: i });
    w.runUntil(5_000_000);
    const got = w.state.model.received;
    expect(got.map((r) => r.n)).toEqual([...Array(4000).keys()]);
    const late = got.filter((r) => r.at - r.n * 1000 >= 205).length;
    expect(late).toBeGreaterThan(850);
    expect(late).toBeLessThan(1150);
    // A message resent twice can hold back the next one on the connection (head-of-line blocking).
    expect(w.state.network.retransmittedCount).toBeLessThanOrEqual(late);
    expect(w.state.network.retransmittedCount).toBeGreaterThan(850);
  });

  it('a slow link adds its latency', () => {
    const w = recorderWorld(2, 0);
    w.setLinkFault(0, 1, { extraLatencyMs: 100 });
    w.setTimer(0, 0, 'Data', { to: 1, n: 1 });
    w.runUntil(1000);
    expect(w.state.model.received[0]?.at).toBe(105);
  });

  it('a paused node neither receives nor sends until it resumes, then gets its messages in order', () => {
    const w = recorderWorld(2, 0);
    w.pauseNode(1, 1_000);
    for (let i = 0; i < 5; i++) w.setTimer(0, i, 'Data', { to: 1, n: i });
    w.setTimer(1, 10, 'Data', { to: 0, n: 99 }); // falls due during the pause
    w.runUntil(999);
    expect(w.state.model.received).toEqual([]);
    w.runUntil(2_000);
    const toOne = w.state.model.received.filter((r) => r.to === 1);
    expect(toOne.map((r) => r.n)).toEqual([0, 1, 2, 3, 4]);
    expect(toOne.every((r) => r.at === 1_000)).toBe(true);
    expect(w.state.model.received.find((r) => r.to === 0)?.at).toBe(1_005);
  });

  it('a crashed node drops what reaches it and its timers die; a restart does not revive old connections', () => {
    const w = recorderWorld(2, 0);
    w.setTimer(0, 0, 'Data', { to: 1, n: 1 });
    w.setTimer(1, 50, 'Data', { to: 0, n: 2 });
    w.crashNode(1);
    w.runUntil(3);
    w.restartNode(1);
    w.runUntil(100);
    expect(w.state.model.received).toEqual([]);
    expect(w.state.network.recentDrops.map((d) => d.reason)).toEqual(['connection-reset']);
  });

  it('a crashed process resets its connections: the sender hears of it after one latency; a dead machine says nothing', () => {
    const heard: { at: number; kind: string }[] = [];
    const listener: Model<null> = {
      onMessage(world, _node, msg) {
        heard.push({ at: world.nowMs, kind: msg.kind });
      },
      onTimer(world, node, name) {
        world.send(node, 1, name, null);
      },
      onCommand() {},
    };
    const w = World.create<null>(1, { latencyMs: 5, jitterMs: 0 }, null, listener);
    w.addNode('client', 'test');
    w.addNode('server', 'test');
    w.crashNode(1);
    w.setTimer(0, 0, 'Request');
    w.runUntil(100);
    expect(heard).toEqual([{ at: 10, kind: 'Disconnected' }]);
    w.restartNode(1);
    w.crashNode(1, true);
    w.setTimer(0, 0, 'Request');
    w.runUntil(200);
    expect(heard).toHaveLength(1);
  });
});
