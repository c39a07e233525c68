/**
 * The ensemble as a quorum: leader election, writes that need a majority, sessions that only the
 * leader of a majority can renew, and a deterministic, checkpointable run.
 */
import { describe, expect, it } from 'vitest';
import { World } from '../../sim/world';
import {
  at,
  client,
  createZkWorld,
  eventsOf,
  paths,
  resultOf,
  server,
  zkTestModel,
  type ZkTestWorld,
} from './testing';
import { zkEnsembleView, zkTreeView, type ZkOp } from './index';

const create = (path: string, data = '', ephemeral = false): ZkOp => ({
  op: 'create',
  path,
  data,
  ephemeral,
});

function domain(w: ZkTestWorld, type: string) {
  return w.state.events.filter((e) => e.type === type);
}

describe('a three-server ensemble', () => {
  it('elects the lowest id, and every server holds the same tree', () => {
    const w = createZkWorld({ servers: 3, clientStartIndexes: [0, 1, 2] });
    for (const i of [0, 1, 2])
      at(w, 2000, { do: 'submit', client: i, op: create(`/n${i}`, `v${i}`), tag: 'w' });
    w.runUntil(3000);
    expect(domain(w, 'ZkLeaderElected').map((e) => [e.server, e.epoch])).toEqual([[1, 1]]);
    expect([1, 2, 3].map((id) => server(w, id).vol.role)).toEqual(['leading', 'following', 'following']);
    const tree = zkTreeView(server(w, 1));
    expect(tree.map((e) => e.path)).toEqual(['/', '/n0', '/n1', '/n2']);
    for (const id of [2, 3]) expect(zkTreeView(server(w, id))).toEqual(tree);
    expect(zkEnsembleView(w.state.model.servers, w.nowMs)).toMatchObject({
      leader: 1,
      sessions: [{ owner: 'broker-1' }, { owner: 'broker-2' }, { owner: 'broker-3' }].map((s, i) => ({
        ...s,
        id: i + 1,
      })),
    });
  });

  it('losing the leader: a new one is elected, writes go on and sessions survive', () => {
    const w = createZkWorld({ servers: 3, clientStartIndexes: [0, 1], sessionTimeoutMs: 6000 });
    at(w, 2000, { do: 'submit', client: 0, op: create('/b1', '', true), tag: 'r1' });
    at(w, 2000, { do: 'submit', client: 1, op: create('/b2', '', true), tag: 'r2' });
    at(w, 5000, { do: 'crashServer', server: 1 });
    at(w, 9000, { do: 'submit', client: 0, op: create('/after', 'x'), tag: 'after' });
    w.runUntil(9500);
    const elected = domain(w, 'ZkLeaderElected');
    expect(elected.map((e) => [e.server, e.epoch])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(elected[1]?.atMs).toBeGreaterThan(5000);
    expect(elected[1]?.atMs).toBeLessThan(5000 + 3500);
    // Client 0 was on zk-1: it moved on with the same session.
    expect(eventsOf(w, 0, 'connected').map((e) => e.ev.newSession)).toEqual([true, false]);
    expect(resultOf(w, 0, 'after')?.ev.result).toMatchObject({ ok: true });

    // zk-1 comes back as a follower and catches up with a copy of the tree.
    at(w, 12_000, { do: 'restartServer', server: 1 });
    w.runUntil(25_000);
    expect(server(w, 1).vol.role).toBe('following');
    expect(zkTreeView(server(w, 1))).toEqual(zkTreeView(server(w, 2)));
    expect(paths(w, 1)).toEqual(['/', '/after', '/b1', '/b2']);
    expect(domain(w, 'ZkSessionExpired')).toEqual([]);
  });

  it('losing two servers: writes fail with CONNECTION_LOSS and nobody connects, until the quorum is back', () => {
    const w = createZkWorld({ servers: 3, clientStartIndexes: [2], sessionTimeoutMs: 6000 });
    at(w, 2000, { do: 'submit', client: 0, op: create('/b1', '', true), tag: 'r1' });
    at(w, 5000, { do: 'crashServer', server: 1, machineDown: true });
    at(w, 5000, { do: 'crashServer', server: 2, machineDown: true });
    at(w, 8000, { do: 'submit', client: 0, op: create('/blocked'), tag: 'blocked' });
    w.runUntil(20_000);
    expect(domain(w, 'ZkQuorumLost').map((e) => e.server)).toEqual([3]);
    expect(server(w, 3).vol.role).toBe('looking');
    expect(eventsOf(w, 0, 'disconnected')).toHaveLength(1);
    expect(eventsOf(w, 0, 'connected')).toHaveLength(1);
    const blocked = resultOf(w, 0, 'blocked');
    expect(blocked?.ev.result).toEqual({ ok: false, error: 'CONNECTION_LOSS' });
    expect(blocked?.atMs).toBe(8000 + 6000);
    expect(paths(w, 3)).not.toContain('/blocked');
    // Without a leader nobody expires sessions...
    expect(domain(w, 'ZkSessionExpired')).toEqual([]);

    // ...and a new leader restarts every session's clock: the client resumes its session.
    at(w, 20_000, { do: 'restartServer', server: 1 });
    at(w, 20_000, { do: 'restartServer', server: 2 });
    w.runUntil(30_000);
    expect(eventsOf(w, 0, 'connected').map((e) => e.ev)).toEqual([
      { type: 'connected', sessionId: 1, newSession: true },
      { type: 'connected', sessionId: 1, newSession: false },
    ]);
    expect(paths(w, 1)).toContain('/b1');
  });

  it('a server cut off from the others stops serving: its client fails over and keeps its session', () => {
    const w = createZkWorld({ servers: 3, clientStartIndexes: [2], sessionTimeoutMs: 6000 });
    at(w, 2000, { do: 'submit', client: 0, op: create('/b1', '', true), tag: 'r1' });
    at(w, 5000, { do: 'isolate', a: ['zk-3'], b: ['zk-1', 'zk-2'] });
    w.runUntil(30_000);
    expect(domain(w, 'ZkQuorumLost').map((e) => e.server)).toEqual([3]);
    expect(eventsOf(w, 0, 'connected').map((e) => e.ev.newSession)).toEqual([true, false]);
    expect(client(w, 0).c.serverIndex).toBe(0);
    expect(domain(w, 'ZkSessionExpired')).toEqual([]);
    expect(paths(w, 1)).toContain('/b1');
  });

  it('a client that can only reach a cut-off server cannot renew its session: it expires', () => {
    const w = createZkWorld({ servers: 3, clientStartIndexes: [2], sessionTimeoutMs: 6000 });
    at(w, 2000, { do: 'submit', client: 0, op: create('/b1', '', true), tag: 'r1' });
    at(w, 5000, { do: 'isolate', a: ['zk-3', 'broker-1'], b: ['zk-1', 'zk-2'] });
    at(w, 20_000, { do: 'heal' });
    w.runUntil(30_000);
    const expired = domain(w, 'ZkSessionExpired');
    expect(expired).toHaveLength(1);
    expect(expired[0]?.atMs).toBeGreaterThan(5000 + 4000);
    expect(expired[0]?.atMs).toBeLessThan(5000 + 6000 + 1100);
    expect(paths(w, 1)).not.toContain('/b1');
    expect(eventsOf(w, 0, 'disconnected')).toHaveLength(1);
    expect(eventsOf(w, 0, 'expired')).toHaveLength(1);
    expect(eventsOf(w, 0, 'expired')[0]?.atMs).toBeGreaterThan(20_000);
  });

  it('a write committed under one leader survives when a server that missed it leads next', () => {
    const w = createZkWorld({ servers: 3, clientStartIndexes: [1], sessionTimeoutMs: 20_000 });
    at(w, 3000, { do: 'crashServer', server: 1 });
    at(w, 7000, { do: 'submit', client: 0, op: create('/committed', 'under-epoch-2'), tag: 'w' });
    at(w, 9000, { do: 'crashServer', server: 2 });
    at(w, 10_000, { do: 'restartServer', server: 1 });
    at(w, 14_000, { do: 'submit', client: 0, op: create('/later'), tag: 'later' });
    w.runUntil(16_000);
    expect(resultOf(w, 0, 'w')?.ev.result).toMatchObject({ ok: true });
    // zk-1 (lowest id) leads again, but first takes zk-3's newer history.
    expect(domain(w, 'ZkLeaderElected').map((e) => [e.server, e.epoch])).toEqual([
      [1, 1],
      [2, 2],
      [1, 3],
    ]);
    expect(paths(w, 1)).toEqual(['/', '/committed', '/later']);
    expect(paths(w, 3)).toEqual(['/', '/committed', '/later']);
    expect(resultOf(w, 0, 'later')?.ev.result).toMatchObject({ ok: true });
  });
});

describe('other ensemble sizes', () => {
  it('a single server is its own quorum, and its tree survives a restart', () => {
    const w = createZkWorld({ servers: 1, clientStartIndexes: [0], sessionTimeoutMs: 10_000 });
    at(w, 1000, { do: 'submit', client: 0, op: create('/config', 'v'), tag: 'w' });
    at(w, 3000, { do: 'crashServer', server: 1 });
    at(w, 4000, { do: 'restartServer', server: 1 });
    w.runUntil(10_000);
    expect(domain(w, 'ZkLeaderElected').map((e) => [e.server, e.epoch])).toEqual([
      [1, 1],
      [1, 2],
    ]);
    expect(paths(w, 1)).toEqual(['/', '/config']);
    expect(eventsOf(w, 0, 'connected').map((e) => e.ev.newSession)).toEqual([true, false]);
  });

  it('five servers: losing two keeps the quorum, a 2|3 split leaves only the three serving', () => {
    const w = createZkWorld({ servers: 5, clientStartIndexes: [0, 4], sessionTimeoutMs: 6000 });
    at(w, 3000, { do: 'crashServer', server: 1 });
    at(w, 3000, { do: 'crashServer', server: 2 });
    at(w, 8000, { do: 'submit', client: 1, op: create('/three-left'), tag: 'w' });
    at(w, 10_000, { do: 'restartServer', server: 1 });
    at(w, 10_000, { do: 'restartServer', server: 2 });
    at(w, 15_000, { do: 'isolate', a: ['zk-1', 'zk-2'], b: ['zk-3', 'zk-4', 'zk-5'] });
    at(w, 20_000, { do: 'submit', client: 1, op: create('/majority-side'), tag: 'w2' });
    w.runUntil(22_000);
    expect(resultOf(w, 1, 'w')?.ev.result).toMatchObject({ ok: true });
    expect(resultOf(w, 1, 'w2')?.ev.result).toMatchObject({ ok: true });
    expect([1, 2].map((id) => server(w, id).vol.role)).toEqual(['looking', 'looking']);
    expect(zkEnsembleView(w.state.model.servers, w.nowMs).leader).toBe(3);
    expect(paths(w, 5)).toContain('/majority-side');
    expect(paths(w, 1)).not.toContain('/majority-side');
  });
});

/** A busy, faulty run: clients writing, a leader crash, a partition, a client crash, jitter. */
function faultyRun(seed: number): ZkTestWorld {
  const w = createZkWorld({
    seed,
    servers: 3,
    clientStartIndexes: [0, 1, 2],
    sessionTimeoutMs: 6000,
    jitterMs: 4,
  });
  for (let t = 2000; t < 30_000; t += 700) {
    const i = (t / 100) % 3;
    at(w, t, { do: 'submit', client: i, op: create(`/n${t}`, String(t), t % 1400 === 0), tag: `c${t}` });
    at(w, t + 50, {
      do: 'submit',
      client: (i + 1) % 3,
      op: { op: 'getChildren', path: '/', watch: true },
      tag: `g${t}`,
    });
  }
  at(w, 6000, { do: 'crashServer', server: 1 });
  at(w, 9000, { do: 'restartServer', server: 1 });
  at(w, 12_000, { do: 'isolate', a: ['zk-2'], b: ['zk-1', 'zk-3'] });
  at(w, 16_000, { do: 'heal' });
  at(w, 18_000, { do: 'crashClient', client: 2 });
  at(w, 19_000, { do: 'restartClient', client: 2 });
  return w;
}

describe('determinism', () => {
  it('the same seed gives the same run, event for event', () => {
    for (const seed of [1, 2, 3, 7, 42]) {
      const a = faultyRun(seed);
      a.runUntil(30_000);
      const b = faultyRun(seed);
      b.runUntil(30_000);
      expect(b.traceHash, `seed ${seed}`).toBe(a.traceHash);
      expect(b.state.events).toEqual(a.state.events);
      expect(a.state.model.clients.map((c) => c.events)).toEqual(b.state.model.clients.map((c) => c.events));
    }
    const [one, two] = [faultyRun(1), faultyRun(2)];
    one.runUntil(30_000);
    two.runUntil(30_000);
    expect(one.traceHash).not.toBe(two.traceHash);
  });

  it('the faulty run really exercises failover, expiry and watches', () => {
    const w = faultyRun(7);
    w.runUntil(30_000);
    expect(domain(w, 'ZkLeaderElected').length).toBeGreaterThanOrEqual(2);
    expect(domain(w, 'ZkQuorumLost').length).toBeGreaterThanOrEqual(1);
    expect(domain(w, 'ZkSessionExpired').map((e) => e.owner)).toEqual(['broker-3']);
    expect(
      w.state.model.clients.flatMap((c) => c.events).filter((e) => e.ev.type === 'watch').length,
    ).toBeGreaterThan(10);
    // Every server that serves ends with the leader's tree.
    const leader = zkEnsembleView(w.state.model.servers, w.nowMs).leader;
    expect(leader).not.toBeNull();
    for (const id of [1, 2, 3]) expect(zkTreeView(server(w, id))).toEqual(zkTreeView(server(w, leader ?? 0)));
  });

  it('a structuredClone checkpoint continues exactly like the original', () => {
    const straight = faultyRun(5);
    straight.runUntil(30_000);
    for (const cut of [4321, 6001, 12_345, 18_500]) {
      const w = faultyRun(5);
      w.runUntil(cut);
      const resumed = World.fromState(structuredClone(w.state), zkTestModel);
      resumed.runUntil(30_000);
      expect(resumed.traceHash, `checkpoint at ${cut}`).toBe(straight.traceHash);
      expect(resumed.state.model).toEqual(straight.state.model);
    }
  });
});
