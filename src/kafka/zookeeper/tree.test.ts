import { describe, expect, it } from 'vitest';
import { applyTxn, newDatabase, readOp, zxidOf, type ZkDatabase, type ZkTxn } from './tree';
import type { ZkWriteOp } from './types';

/** Applies transactions one after another with increasing zxids, like a committed log. */
function log(db: ZkDatabase) {
  let counter = 0;
  return (txn: ZkTxn) => applyTxn(db, zxidOf(1, ++counter), txn);
}

const op = (sessionId: number, o: ZkWriteOp): ZkTxn => ({ type: 'op', sessionId, xid: 0, op: o });

describe('the znode tree', () => {
  it('creates, reads, updates with versions and deletes nodes as ZooKeeper does', () => {
    const db = newDatabase();
    const apply = log(db);
    const sid = apply({
      type: 'createSession',
      owner: 'broker-1',
      timeoutMs: 6000,
      clientNode: 9,
      gen: 1,
    }).sessionId;
    expect(sid).toBe(1);

    expect(apply(op(sid, { op: 'create', path: '/brokers', data: '', ephemeral: false })).result?.ok).toBe(
      true,
    );
    expect(
      apply(op(sid, { op: 'create', path: '/brokers/ids/1', data: 'x', ephemeral: true })).result,
    ).toEqual({ ok: false, error: 'NO_NODE' });
    expect(
      apply(op(sid, { op: 'create', path: '/brokers/ids', data: '', ephemeral: false })).result?.ok,
    ).toBe(true);
    expect(
      apply(op(sid, { op: 'create', path: '/brokers/ids/2', data: 'b2', ephemeral: true })).result?.ok,
    ).toBe(true);
    expect(
      apply(op(sid, { op: 'create', path: '/brokers/ids/1', data: 'b1', ephemeral: true })).result?.ok,
    ).toBe(true);
    expect(
      apply(op(sid, { op: 'create', path: '/brokers/ids/1', data: 'again', ephemeral: true })).result,
    ).toEqual({ ok: false, error: 'NODE_EXISTS' });

    // Children come back sorted, whatever the creation order.
    expect(readOp(db, { op: 'getChildren', path: '/brokers/ids', watch: false })).toEqual({
      ok: true,
      data: null,
      version: 0,
      children: ['1', '2'],
      exists: true,
      ephemeralOwner: 0,
    });
    expect(readOp(db, { op: 'getData', path: '/brokers/ids/1', watch: false })).toEqual({
      ok: true,
      data: 'b1',
      version: 0,
      children: [],
      exists: true,
      ephemeralOwner: sid,
    });
    expect(readOp(db, { op: 'exists', path: '/nope', watch: false })).toEqual({
      ok: true,
      data: null,
      version: -1,
      children: [],
      exists: false,
      ephemeralOwner: 0,
    });
    expect(readOp(db, { op: 'getData', path: '/nope', watch: false })).toEqual({
      ok: false,
      error: 'NO_NODE',
    });

    // Conditional setData: the version must match (or be -1), and each write bumps it.
    expect(
      apply(op(sid, { op: 'setData', path: '/brokers/ids/1', data: 'v1', version: 0 })).result,
    ).toMatchObject({ ok: true, version: 1 });
    expect(
      apply(op(sid, { op: 'setData', path: '/brokers/ids/1', data: 'stale', version: 0 })).result,
    ).toEqual({ ok: false, error: 'BAD_VERSION' });
    expect(
      apply(op(sid, { op: 'setData', path: '/brokers/ids/1', data: 'v2', version: -1 })).result,
    ).toMatchObject({ ok: true, version: 2, data: 'v2' });

    expect(apply(op(sid, { op: 'delete', path: '/brokers/ids', version: -1 })).result).toEqual({
      ok: false,
      error: 'NOT_EMPTY',
    });
    expect(apply(op(sid, { op: 'delete', path: '/brokers/ids/1', version: 1 })).result).toEqual({
      ok: false,
      error: 'BAD_VERSION',
    });
    expect(apply(op(sid, { op: 'delete', path: '/brokers/ids/1', version: 2 })).result?.ok).toBe(true);
    expect(apply(op(sid, { op: 'delete', path: '/brokers/ids/1', version: -1 })).result).toEqual({
      ok: false,
      error: 'NO_NODE',
    });
    expect(db.nodes['/brokers/ids']?.cversion).toBe(3);
  });

  it('closing a session deletes its ephemeral nodes and says which watches fire', () => {
    const db = newDatabase();
    const apply = log(db);
    const a = apply({
      type: 'createSession',
      owner: 'broker-1',
      timeoutMs: 6000,
      clientNode: 9,
      gen: 1,
    }).sessionId;
    const b = apply({
      type: 'createSession',
      owner: 'broker-2',
      timeoutMs: 6000,
      clientNode: 10,
      gen: 1,
    }).sessionId;
    apply(op(a, { op: 'create', path: '/controller', data: '1', ephemeral: true }));
    apply(op(a, { op: 'create', path: '/config', data: '', ephemeral: false }));
    apply(op(b, { op: 'create', path: '/b', data: '', ephemeral: true }));
    // Ephemeral nodes cannot have children.
    expect(apply(op(a, { op: 'create', path: '/controller/x', data: '', ephemeral: false })).result).toEqual({
      ok: false,
      error: 'NO_NODE',
    });

    const out = apply({ type: 'closeSession', sessionId: a });
    expect(out.closedOwner).toBe('broker-1');
    expect(out.deletedEphemerals).toEqual(['/controller']);
    expect(out.triggers).toEqual([
      { path: '/controller', event: 'NodeDeleted', kind: 'both' },
      { path: '/', event: 'NodeChildrenChanged', kind: 'child' },
    ]);
    expect(Object.keys(db.nodes).sort()).toEqual(['/', '/b', '/config']);
    // A closed session can no longer write.
    expect(apply(op(a, { op: 'create', path: '/late', data: '', ephemeral: true })).result).toEqual({
      ok: false,
      error: 'SESSION_EXPIRED',
    });
    expect(Object.keys(db.sessions)).toEqual([String(b)]);
  });
});
