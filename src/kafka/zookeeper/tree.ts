/**
 * The replicated database of one ZooKeeper server (ZKDatabase: the DataTree plus the session
 * table), and the deterministic function that applies one committed transaction to it.
 *
 * Every server applies the same transactions in zxid order, so every server computes the same
 * result for a write, errors included. (Real ZooKeeper checks a write once, on the leader's
 * PrepRequestProcessor, and logs an error transaction when it fails; applying the request itself
 * everywhere gives the same outcome with less machinery.) The database lives on disk: a crash keeps it.
 */
import {
  baseName,
  parentPath,
  type ZkResult,
  type ZkWatchEventType,
  type ZkReadOp,
  type ZkWriteOp,
} from './types';

export interface Znode {
  data: string;
  /** Bumped by every setData (the `dataVersion` that conditional setData/delete compare). */
  version: number;
  /** Bumped whenever a child is created or deleted (`cversion`). */
  cversion: number;
  czxid: number;
  /** Zxid of the last change of the data: a client reconnecting with an older zxid missed it. */
  mzxid: number;
  /** Zxid of the last change of the children. */
  pzxid: number;
  /** Session that owns this ephemeral node; 0 for a persistent node (as in ZooKeeper's Stat). */
  ephemeralOwner: number;
  /** Child names, sorted (ZooKeeper returns them in hash order; sorted is deterministic). */
  children: string[];
}

export interface ZkSessionRecord {
  /** Who opened it (the owner id given to the client, e.g. `broker-1`), for views and events. */
  owner: string;
  /** Negotiated session timeout. */
  timeoutMs: number;
}

export interface ZkDatabase {
  nodes: Record<string, Znode>;
  /** Open sessions by id (createSession and closeSession are transactions, as in ZooKeeper). */
  sessions: Record<string, ZkSessionRecord>;
  /** Session ids are small counters here (ZooKeeper's are 64-bit, seeded from the server id and time). */
  nextSessionId: number;
  /** Zxid of the last applied transaction. */
  lastZxid: number;
}

export type ZkTxn =
  | { type: 'op'; sessionId: number; xid: number; op: ZkWriteOp }
  | { type: 'createSession'; owner: string; timeoutMs: number; clientNode: number; gen: number }
  | { type: 'closeSession'; sessionId: number };

export interface ZkProposal {
  zxid: number;
  txn: ZkTxn;
  /** Id of the server whose client asked for it (it answers the client); 0 = nobody waits. */
  origin: number;
}

/** A watch to fire: `data` watches (getData/exists), `child` watches (getChildren), or both. */
export interface WatchTrigger {
  path: string;
  event: ZkWatchEventType;
  kind: 'data' | 'child' | 'both';
}

export interface ApplyOutcome {
  /** The result for the client that asked (an `op` transaction), else null. */
  result: ZkResult | null;
  /** createSession: the new id; closeSession: the closed id; else 0. */
  sessionId: number;
  triggers: WatchTrigger[];
  /** closeSession: the ephemeral nodes it deleted, in path order. */
  deletedEphemerals: string[];
  /** closeSession: the owner of the closed session (null when it was unknown). */
  closedOwner: string | null;
}

/** Zxid = (epoch << 32) | counter, as in ZooKeeper; epochs stay far below 2^21, so it is exact. */
export const ZXID_EPOCH_FACTOR = 0x100000000;

export function zxidOf(epoch: number, counter: number): number {
  return epoch * ZXID_EPOCH_FACTOR + counter;
}

export function epochOfZxid(zxid: number): number {
  return Math.floor(zxid / ZXID_EPOCH_FACTOR);
}

export function newDatabase(): ZkDatabase {
  return { nodes: { '/': newZnode('', 0, 0) }, sessions: {}, nextSessionId: 1, lastZxid: 0 };
}

function newZnode(data: string, zxid: number, ephemeralOwner: number): Znode {
  return {
    data,
    version: 0,
    cversion: 0,
    czxid: zxid,
    mzxid: zxid,
    pzxid: zxid,
    ephemeralOwner,
    children: [],
  };
}

export function getZnode(db: ZkDatabase, path: string): Znode | undefined {
  return Object.hasOwn(db.nodes, path) ? db.nodes[path] : undefined;
}

export function getSession(db: ZkDatabase, sessionId: number): ZkSessionRecord | undefined {
  const key = String(sessionId);
  return Object.hasOwn(db.sessions, key) ? db.sessions[key] : undefined;
}

function ok(data: string | null, version: number, children: string[], exists: boolean, ephemeralOwner = 0): ZkResult {
  return { ok: true, data, version, children, exists, ephemeralOwner };
}

function insertSorted(list: string[], name: string): void {
  let i = 0;
  while (i < list.length && (list[i] as string) < name) i++;
  list.splice(i, 0, name);
}

/** Answers a read from this server's copy (reads never go through the leader). */
export function readOp(db: ZkDatabase, op: ZkReadOp): ZkResult {
  const node = getZnode(db, op.path);
  switch (op.op) {
    case 'getData':
      return node === undefined
        ? { ok: false, error: 'NO_NODE' }
        : ok(node.data, node.version, [], true, node.ephemeralOwner);
    case 'getChildren':
      return node === undefined
        ? { ok: false, error: 'NO_NODE' }
        : ok(null, node.version, node.children.slice(), true, node.ephemeralOwner);
    case 'exists':
      return node === undefined ? ok(null, -1, [], false) : ok(null, node.version, [], true, node.ephemeralOwner);
  }
}

/** Applies one committed transaction at `zxid`. Deterministic: same database + txn ⇒ same outcome. */
export function applyTxn(db: ZkDatabase, zxid: number, txn: ZkTxn): ApplyOutcome {
  const out: ApplyOutcome = {
    result: null,
    sessionId: 0,
    triggers: [],
    deletedEphemerals: [],
    closedOwner: null,
  };
  db.lastZxid = zxid;
  switch (txn.type) {
    case 'createSession': {
      const id = db.nextSessionId++;
      db.sessions[String(id)] = { owner: txn.owner, timeoutMs: txn.timeoutMs };
      out.sessionId = id;
      return out;
    }
    case 'closeSession': {
      out.sessionId = txn.sessionId;
      const session = getSession(db, txn.sessionId);
      if (session === undefined) return out;
      out.closedOwner = session.owner;
      const owned = Object.keys(db.nodes)
        .filter((p) => db.nodes[p]?.ephemeralOwner === txn.sessionId)
        .sort();
      for (const path of owned) {
        removeNode(db, path, zxid, out.triggers);
        out.deletedEphemerals.push(path);
      }
      delete db.sessions[String(txn.sessionId)];
      return out;
    }
    case 'op':
      out.result = applyWrite(db, zxid, txn.sessionId, txn.op, out.triggers);
      return out;
  }
}

function applyWrite(
  db: ZkDatabase,
  zxid: number,
  sessionId: number,
  op: ZkWriteOp,
  triggers: WatchTrigger[],
): ZkResult {
  // The leader refuses requests of a closed session (SessionTrackerImpl.checkSession).
  if (getSession(db, sessionId) === undefined) return { ok: false, error: 'SESSION_EXPIRED' };
  const node = getZnode(db, op.path);
  switch (op.op) {
    case 'create': {
      if (node !== undefined) return { ok: false, error: 'NODE_EXISTS' };
      const parent = getZnode(db, parentPath(op.path));
      // Ephemeral nodes cannot have children (NoChildrenForEphemerals): reported as NO_NODE here.
      if (parent === undefined || parent.ephemeralOwner !== 0) return { ok: false, error: 'NO_NODE' };
      db.nodes[op.path] = newZnode(op.data, zxid, op.ephemeral ? sessionId : 0);
      insertSorted(parent.children, baseName(op.path));
      parent.cversion++;
      parent.pzxid = zxid;
      triggers.push({ path: op.path, event: 'NodeCreated', kind: 'data' });
      triggers.push({ path: parentPath(op.path), event: 'NodeChildrenChanged', kind: 'child' });
      return ok(null, 0, [], true, op.ephemeral ? sessionId : 0);
    }
    case 'delete': {
      if (node === undefined) return { ok: false, error: 'NO_NODE' };
      if (op.version !== -1 && op.version !== node.version) return { ok: false, error: 'BAD_VERSION' };
      if (node.children.length > 0) return { ok: false, error: 'NOT_EMPTY' };
      removeNode(db, op.path, zxid, triggers);
      return ok(null, -1, [], false);
    }
    case 'setData': {
      if (node === undefined) return { ok: false, error: 'NO_NODE' };
      if (op.version !== -1 && op.version !== node.version) return { ok: false, error: 'BAD_VERSION' };
      node.data = op.data;
      node.version++;
      node.mzxid = zxid;
      triggers.push({ path: op.path, event: 'NodeDataChanged', kind: 'data' });
      return ok(op.data, node.version, [], true, node.ephemeralOwner);
    }
  }
}

function removeNode(db: ZkDatabase, path: string, zxid: number, triggers: WatchTrigger[]): void {
  delete db.nodes[path];
  const parent = getZnode(db, parentPath(path));
  if (parent !== undefined) {
    const i = parent.children.indexOf(baseName(path));
    if (i >= 0) parent.children.splice(i, 1);
    parent.cversion++;
    parent.pzxid = zxid;
  }
  triggers.push({ path, event: 'NodeDeleted', kind: 'both' });
  triggers.push({ path: parentPath(path), event: 'NodeChildrenChanged', kind: 'child' });
}

/** A rough wire size of a database copy (for the UI's message sizes). */
export function databaseBytes(db: ZkDatabase): number {
  let bytes = 16;
  for (const path of Object.keys(db.nodes)) bytes += 40 + path.length + (db.nodes[path]?.data.length ?? 0);
  return bytes + 24 * Object.keys(db.sessions).length;
}
