/**
 * Sessions, ephemeral nodes and watches, as a Kafka cluster in ZooKeeper mode relies on them.
 */
import { describe, expect, it } from 'vitest';
import { at, client, createZkWorld, eventsOf, paths, resultOf, server, type ZkTestWorld } from './testing';
import { zkEnsembleView, zkTreeView, type ZkOp } from './index';

const create = (path: string, data = '', ephemeral = false): ZkOp => ({
  op: 'create',
  path,
  data,
  ephemeral,
});

/** Creates /brokers/ids through client 0 once the ensemble serves (t = 2000). */
function withBrokerTree(world: ZkTestWorld): void {
  at(world, 2000, { do: 'submit', client: 0, op: create('/brokers'), tag: 'mk-brokers' });
  at(world, 2000, { do: 'submit', client: 0, op: create('/brokers/ids'), tag: 'mk-ids' });
}

describe('a client session', () => {
  it('connects, creates, reads, updates and deletes znodes with versions', () => {
    const w = createZkWorld({ servers: 1, clientStartIndexes: [0] });
    withBrokerTree(w);
    at(w, 2100, {
      do: 'submit',
      client: 0,
      op: create('/brokers/ids/1', 'host-1:9092', true),
      tag: 'register',
    });
    at(w, 2200, {
      do: 'submit',
      client: 0,
      op: { op: 'setData', path: '/brokers/ids/1', data: 'host-1:9093', version: 0 },
      tag: 'set-ok',
    });
    at(w, 2200, {
      do: 'submit',
      client: 0,
      op: { op: 'setData', path: '/brokers/ids/1', data: 'stale', version: 0 },
      tag: 'set-stale',
    });
    at(w, 2300, {
      do: 'submit',
      client: 0,
      op: { op: 'getData', path: '/brokers/ids/1', watch: false },
      tag: 'get',
    });
    at(w, 2300, {
      do: 'submit',
      client: 0,
      op: { op: 'getChildren', path: '/brokers/ids', watch: false },
      tag: 'children',
    });
    at(w, 2300, {
      do: 'submit',
      client: 0,
      op: { op: 'delete', path: '/brokers', version: -1 },
      tag: 'del-not-empty',
    });
    at(w, 2400, {
      do: 'submit',
      client: 0,
      op: { op: 'delete', path: '/brokers/ids/1', version: 1 },
      tag: 'del',
    });
    at(w, 2400, {
      do: 'submit',
      client: 0,
      op: { op: 'exists', path: '/brokers/ids/1', watch: false },
      tag: 'exists-after',
    });
    at(w, 2400, { do: 'submit', client: 0, op: create('/brokers/ids/1/x'), tag: 'no-parent' });
    w.runUntil(3000);

    expect(eventsOf(w, 0, 'connected')[0]?.ev).toEqual({ type: 'connected', sessionId: 1, newSession: true });
    expect(resultOf(w, 0, 'register')?.ev.result).toMatchObject({ ok: true });
    expect(resultOf(w, 0, 'set-ok')?.ev.result).toMatchObject({ ok: true, version: 1 });
    expect(resultOf(w, 0, 'set-stale')?.ev.result).toEqual({ ok: false, error: 'BAD_VERSION' });
    expect(resultOf(w, 0, 'get')?.ev.result).toEqual({
      ok: true,
      data: 'host-1:9093',
      version: 1,
      children: [],
      exists: true,
      ephemeralOwner: 1,
    });
    expect(resultOf(w, 0, 'children')?.ev.result).toMatchObject({ ok: true, children: ['1'] });
    expect(resultOf(w, 0, 'del-not-empty')?.ev.result).toEqual({ ok: false, error: 'NOT_EMPTY' });
    expect(resultOf(w, 0, 'del')?.ev.result).toMatchObject({ ok: true });
    expect(resultOf(w, 0, 'exists-after')?.ev.result).toMatchObject({ ok: true, exists: false });
    expect(resultOf(w, 0, 'no-parent')?.ev.result).toEqual({ ok: false, error: 'NO_NODE' });
    // Results come back in submission order: a session's requests are FIFO.
    const order = eventsOf(w, 0, 'result').map((e) => e.ev.tag);
    expect(order).toEqual([
      'mk-brokers',
      'mk-ids',
      'register',
      'set-ok',
      'set-stale',
      'get',
      'children',
      'del-not-empty',
      'del',
      'exists-after',
      'no-parent',
    ]);
  });

  it('a read on a follower right after a write of the same session sees the write', () => {
    const w = createZkWorld({ servers: 3, clientStartIndexes: [2], latencyMs: 3 });
    at(w, 2000, { do: 'submit', client: 0, op: create('/cluster', 'id-1'), tag: 'w' });
    at(w, 2000, { do: 'submit', client: 0, op: { op: 'getData', path: '/cluster', watch: false }, tag: 'r' });
    w.runUntil(2500);
    expect(client(w, 0).c.serverIndex).toBe(2);
    expect(server(w, 3).vol.role).toBe('following');
    expect(resultOf(w, 0, 'r')?.ev.result).toMatchObject({ ok: true, data: 'id-1' });
  });

  it('an ephemeral node disappears about one session timeout after its owner crashes, on every server', () => {
    const w = createZkWorld({ servers: 3, clientStartIndexes: [0, 1], sessionTimeoutMs: 6000 });
    withBrokerTree(w);
    at(w, 2100, { do: 'submit', client: 1, op: create('/brokers/ids/2', 'host-2', true), tag: 'register' });
    at(w, 10_000, { do: 'crashClient', client: 1 });
    w.runUntil(10_000 + 3900);
    // Not before 2/3 of the timeout: its last ping was at most a third of the timeout before the crash.
    for (const id of [1, 2, 3]) expect(paths(w, id)).toContain('/brokers/ids/2');
    w.runUntil(20_000);
    for (const id of [1, 2, 3]) expect(paths(w, id)).not.toContain('/brokers/ids/2');

    const expired = w.state.events.find((e) => e.type === 'ZkSessionExpired');
    const deleted = w.state.events.find((e) => e.type === 'ZkEphemeralDeleted');
    expect(expired).toMatchObject({ owner: 'broker-2', sessionId: 2 });
    expect(deleted).toMatchObject({ path: '/brokers/ids/2', owner: 'broker-2' });
    // Not much after: the timeout plus the leader's check period and a follower's report delay.
    expect(deleted?.atMs).toBeGreaterThanOrEqual(10_000 + 4000);
    expect(deleted?.atMs).toBeLessThanOrEqual(10_000 + 6000 + 1100);
    // The other broker's session lives on.
    expect(zkEnsembleView(w.state.model.servers, w.nowMs).sessions.map((s) => s.owner)).toEqual(['broker-1']);
  });

  it('a restarted owner gets a new session while its old ephemeral node still exists until the old session expires', () => {
    const w = createZkWorld({ servers: 3, clientStartIndexes: [1], sessionTimeoutMs: 6000 });
    at(w, 2000, { do: 'submit', client: 0, op: create('/b1', 'x', true), tag: 'first' });
    at(w, 5000, { do: 'crashClient', client: 0 });
    at(w, 5500, { do: 'restartClient', client: 0 });
    at(w, 6500, { do: 'submit', client: 0, op: create('/b1', 'y', true), tag: 'too-early' });
    at(w, 14_000, { do: 'submit', client: 0, op: create('/b1', 'z', true), tag: 'later' });
    w.runUntil(15_000);
    const connected = eventsOf(w, 0, 'connected').map((e) => e.ev);
    expect(connected).toEqual([
      { type: 'connected', sessionId: 1, newSession: true },
      { type: 'connected', sessionId: 2, newSession: true },
    ]);
    // Kafka's "the node exists (owned by the old session)" situation after a fast restart.
    expect(resultOf(w, 0, 'too-early')?.ev.result).toEqual({ ok: false, error: 'NODE_EXISTS' });
    expect(resultOf(w, 0, 'later')?.ev.result).toMatchObject({ ok: true });
    expect(zkTreeView(server(w, 1)).find((e) => e.path === '/b1')).toEqual({
      path: '/b1',
      data: 'z',
      ephemeralOwner: 2,
      version: 0,
    });
  });

  it('two brokers racing to create /controller: exactly one wins', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const w = createZkWorld({ seed, servers: 3, clientStartIndexes: [0, 1, 2], jitterMs: 3 });
      for (const i of [0, 1, 2])
        at(w, 2000, {
          do: 'submit',
          client: i,
          op: create('/controller', `{"brokerid":${i + 1}}`, true),
          tag: 'elect',
        });
      w.runUntil(3000);
      const outcomes = [0, 1, 2].map((i) => resultOf(w, i, 'elect')?.ev.result);
      expect(
        outcomes.filter((r) => r?.ok === true),
        `seed ${seed}`,
      ).toHaveLength(1);
      expect(
        outcomes.filter((r) => r?.ok === false && r.error === 'NODE_EXISTS'),
        `seed ${seed}`,
      ).toHaveLength(2);
      const winner = outcomes.findIndex((r) => r?.ok === true);
      for (const id of [1, 2, 3])
        expect(zkTreeView(server(w, id)).find((e) => e.path === '/controller')?.data).toBe(
          `{"brokerid":${winner + 1}}`,
        );
    }
  });
});

describe('watches', () => {
  it('fire once: a data watch on /controller and a child watch on /brokers/ids', () => {
    const w = createZkWorld({ servers: 3, clientStartIndexes: [0, 1] });
    withBrokerTree(w);
    at(w, 2100, { do: 'submit', client: 0, op: create('/controller', '1', true), tag: 'c' });
    at(w, 2200, {
      do: 'submit',
      client: 1,
      op: { op: 'getData', path: '/controller', watch: true },
      tag: 'watch-data',
    });
    at(w, 2200, {
      do: 'submit',
      client: 1,
      op: { op: 'getChildren', path: '/brokers/ids', watch: true },
      tag: 'watch-children',
    });
    at(w, 2200, {
      do: 'submit',
      client: 1,
      op: { op: 'exists', path: '/admin', watch: true },
      tag: 'watch-exists',
    });
    at(w, 2300, {
      do: 'submit',
      client: 0,
      op: { op: 'setData', path: '/controller', data: '2', version: -1 },
      tag: 's1',
    });
    at(w, 2300, {
      do: 'submit',
      client: 0,
      op: { op: 'setData', path: '/controller', data: '3', version: -1 },
      tag: 's2',
    });
    at(w, 2300, { do: 'submit', client: 0, op: create('/brokers/ids/1', '', true), tag: 'b1' });
    at(w, 2300, { do: 'submit', client: 0, op: create('/brokers/ids/2', '', true), tag: 'b2' });
    at(w, 2300, { do: 'submit', client: 0, op: create('/admin'), tag: 'admin' });
    at(w, 2300, {
      do: 'submit',
      client: 0,
      op: { op: 'delete', path: '/admin', version: -1 },
      tag: 'admin-del',
    });
    w.runUntil(3000);
    expect(eventsOf(w, 1, 'watch').map((e) => e.ev)).toEqual([
      { type: 'watch', path: '/controller', event: 'NodeDataChanged' },
      { type: 'watch', path: '/brokers/ids', event: 'NodeChildrenChanged' },
      { type: 'watch', path: '/admin', event: 'NodeCreated' },
    ]);
    // The writer set no watch and hears nothing.
    expect(eventsOf(w, 0, 'watch')).toEqual([]);
    // Setting it again re-arms it, once more.
    at(w, 3000, {
      do: 'submit',
      client: 1,
      op: { op: 'exists', path: '/controller', watch: true },
      tag: 'rewatch',
    });
    at(w, 3100, { do: 'crashClient', client: 0 });
    w.runUntil(12_000);
    expect(
      eventsOf(w, 1, 'watch')
        .slice(3)
        .map((e) => e.ev),
    ).toEqual([{ type: 'watch', path: '/controller', event: 'NodeDeleted' }]);
  });

  it('follow the session to another server, and a change missed while away fires on reconnection', () => {
    const w = createZkWorld({ servers: 3, clientStartIndexes: [0, 1], sessionTimeoutMs: 9000 });
    at(w, 2000, { do: 'submit', client: 0, op: create('/controller', '1'), tag: 'c' });
    at(w, 2000, { do: 'submit', client: 0, op: create('/topics'), tag: 't' });
    at(w, 2100, {
      do: 'submit',
      client: 1,
      op: { op: 'getData', path: '/controller', watch: true },
      tag: 'wd',
    });
    at(w, 2100, {
      do: 'submit',
      client: 1,
      op: { op: 'getChildren', path: '/topics', watch: true },
      tag: 'wc',
    });
    // Client 1's server (zk-2) dies; while client 1 looks for another one, /controller changes.
    at(w, 3000, { do: 'crashServer', server: 2, machineDown: true });
    at(w, 3100, {
      do: 'submit',
      client: 0,
      op: { op: 'setData', path: '/controller', data: '2', version: -1 },
      tag: 's',
    });
    w.runUntil(12_000);
    const moved = eventsOf(w, 1, 'connected').map((e) => e.ev);
    expect(moved).toEqual([
      { type: 'connected', sessionId: 2, newSession: true },
      { type: 'connected', sessionId: 2, newSession: false },
    ]);
    expect(client(w, 1).c.serverIndex).toBe(2);
    expect(eventsOf(w, 1, 'watch').map((e) => e.ev)).toEqual([
      { type: 'watch', path: '/controller', event: 'NodeDataChanged' },
    ]);
    // The child watch was carried over and fires from the new server.
    at(w, 12_000, { do: 'submit', client: 0, op: create('/topics/orders'), tag: 'o' });
    w.runUntil(13_000);
    expect(eventsOf(w, 1, 'watch').map((e) => e.ev.event)).toEqual([
      'NodeDataChanged',
      'NodeChildrenChanged',
    ]);
  });
});

describe('a briefly cut link', () => {
  it('loses no watch: the broken connection is re-established and the missed change fires', () => {
    const w = createZkWorld({ servers: 3, clientStartIndexes: [0, 1], sessionTimeoutMs: 6000 });
    at(w, 2000, { do: 'submit', client: 0, op: create('/controller', '1'), tag: 'c' });
    at(w, 2100, {
      do: 'submit',
      client: 1,
      op: { op: 'getData', path: '/controller', watch: true },
      tag: 'wd',
    });
    // 300 ms without a link between broker-2 and its server: the watch event is dropped on the way.
    at(w, 3000, { do: 'isolate', a: ['broker-2'], b: ['zk-2'] });
    at(w, 3100, {
      do: 'submit',
      client: 0,
      op: { op: 'setData', path: '/controller', data: '2', version: -1 },
      tag: 's',
    });
    at(w, 3300, { do: 'heal' });
    w.runUntil(12_000);
    expect(eventsOf(w, 1, 'watch').map((e) => e.ev)).toEqual([
      { type: 'watch', path: '/controller', event: 'NodeDataChanged' },
    ]);
    expect(eventsOf(w, 1, 'connected').map((e) => e.ev.newSession)).toEqual([true, false]);
    expect(eventsOf(w, 1, 'expired')).toEqual([]);
  });
});

describe('a client cut off from the ensemble', () => {
  it('keeps its session when the link heals within the session timeout (a lost connect request is sent again)', () => {
    const w = createZkWorld({ servers: 1, clientStartIndexes: [0], sessionTimeoutMs: 18_000 });
    at(w, 2000, { do: 'submit', client: 0, op: create('/brokers'), tag: 'b' });
    at(w, 2000, { do: 'submit', client: 0, op: create('/brokers/1', '', true), tag: 'r' });
    // The server's answers are lost for 14 s: the client sees silence, then its reconnections go unanswered.
    at(w, 5000, { do: 'isolate', a: ['zk-1'], b: ['broker-1'], oneWay: true });
    at(w, 19_000, { do: 'heal' });
    w.runUntil(40_000);
    const disconnected = eventsOf(w, 0, 'disconnected');
    expect(disconnected).toHaveLength(1);
    // 2/3 of the timeout after the last answer it got (its writes, at about 2000 ms).
    expect(disconnected[0]?.atMs).toBeGreaterThanOrEqual(2000 + 12_000);
    const connected = eventsOf(w, 0, 'connected');
    expect(connected.map((e) => e.ev.newSession)).toEqual([true, false]);
    expect(connected[1]?.atMs).toBeLessThan(19_000 + 5000);
    expect(eventsOf(w, 0, 'expired')).toEqual([]);
    expect(paths(w, 1)).toContain('/brokers/1');
  });

  it('sees disconnected after 2/3 of its timeout, then expired when it gets back; its ephemeral node is gone', () => {
    const w = createZkWorld({ servers: 3, clientStartIndexes: [0, 1], sessionTimeoutMs: 6000 });
    withBrokerTree(w);
    at(w, 2100, { do: 'submit', client: 1, op: create('/brokers/ids/2', '', true), tag: 'register' });
    at(w, 5000, { do: 'isolate', a: ['broker-2'], b: ['zk-1', 'zk-2', 'zk-3'] });
    at(w, 5100, {
      do: 'submit',
      client: 1,
      op: { op: 'getData', path: '/brokers/ids/2', watch: false },
      tag: 'stuck',
    });
    at(w, 20_000, { do: 'heal' });
    w.runUntil(30_000);

    const disconnected = eventsOf(w, 1, 'disconnected');
    expect(disconnected).toHaveLength(1);
    expect(disconnected[0]?.atMs).toBeGreaterThan(5000);
    expect(disconnected[0]?.atMs).toBeLessThanOrEqual(5000 + 4000);
    expect(resultOf(w, 1, 'stuck')?.ev.result).toEqual({ ok: false, error: 'CONNECTION_LOSS' });
    const expired = eventsOf(w, 1, 'expired');
    expect(expired).toHaveLength(1);
    expect(expired[0]?.atMs).toBeGreaterThan(20_000);
    const gone = w.state.events.find((e) => e.type === 'ZkEphemeralDeleted');
    expect(gone).toMatchObject({ path: '/brokers/ids/2', owner: 'broker-2' });
    expect(gone?.atMs).toBeLessThan(20_000);
    expect(paths(w, 1)).not.toContain('/brokers/ids/2');

    // The owner opens a new session and registers again.
    at(w, 30_000, { do: 'connect', client: 1 });
    at(w, 30_000, { do: 'submit', client: 1, op: create('/brokers/ids/2', '', true), tag: 're-register' });
    w.runUntil(32_000);
    expect(eventsOf(w, 1, 'connected').at(-1)?.ev).toEqual({
      type: 'connected',
      sessionId: 3,
      newSession: true,
    });
    expect(resultOf(w, 1, 're-register')?.ev.result).toMatchObject({ ok: true });
  });

  it('gets expired, then a new session, when its session expired while only the server→client direction was cut', () => {
    const w = createZkWorld({ servers: 1, clientStartIndexes: [0], sessionTimeoutMs: 6000, autoReconnect: true });
    at(w, 2000, { do: 'submit', client: 0, op: create('/brokers'), tag: 'b' });
    at(w, 2000, { do: 'submit', client: 0, op: create('/brokers/1', '', true), tag: 'r' });
    // Cut both ways until the session is gone (its ZkConnectionClosed is lost)...
    at(w, 3000, { do: 'isolate', a: ['broker-1'], b: ['zk-1'] });
    // ...then only the server's answers are lost: the client's connect requests reach the server,
    // which answers (in vain) that the session expired, every time one is repeated.
    at(w, 12_000, { do: 'heal' });
    at(w, 12_000, { do: 'isolate', a: ['zk-1'], b: ['broker-1'], oneWay: true });
    at(w, 20_000, { do: 'heal' });
    w.runUntil(12_000);
    expect(w.state.events.find((e) => e.type === 'ZkSessionExpired')).toMatchObject({ sessionId: 1 });
    expect(eventsOf(w, 0, 'expired')).toEqual([]);
    w.runUntil(40_000);
    const expired = eventsOf(w, 0, 'expired');
    expect(expired).toHaveLength(1);
    expect(expired[0]?.atMs).toBeGreaterThan(20_000);
    expect(eventsOf(w, 0, 'connected').map((e) => e.ev)).toEqual([
      { type: 'connected', sessionId: 1, newSession: true },
      { type: 'connected', sessionId: 2, newSession: true },
    ]);
    expect(eventsOf(w, 0, 'connected')[1]?.atMs).toBeGreaterThan(expired[0]?.atMs ?? 0);
    expect(client(w, 0).c).toMatchObject({ status: 'connected', sessionId: 2 });
    expect(paths(w, 1)).not.toContain('/brokers/1');
  });

  it('a request submitted after expiry fails with SESSION_EXPIRED', () => {
    const w = createZkWorld({ servers: 1, clientStartIndexes: [0], sessionTimeoutMs: 4000 });
    at(w, 2000, { do: 'isolate', a: ['broker-1'], b: ['zk-1'] });
    at(w, 10_000, { do: 'heal' });
    w.runUntil(15_000);
    expect(eventsOf(w, 0, 'expired')).toHaveLength(1);
    at(w, 15_000, { do: 'submit', client: 0, op: create('/x'), tag: 'late' });
    w.runUntil(15_001);
    expect(resultOf(w, 0, 'late')?.ev.result).toEqual({ ok: false, error: 'SESSION_EXPIRED' });
  });
});
