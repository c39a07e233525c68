/**
 * The client-facing half of a server: connections, the per-session request queue (a session's
 * requests are answered in order, so a read after a write sees the write), watches (one-shot,
 * fired by the server the session is connected to), session touches, and what a committed
 * transaction means for the clients of this server.
 */
import {
  ZK_CONNECT_RESPONSE,
  ZK_CONNECTION_CLOSED,
  ZK_PONG,
  ZK_RESPONSE,
  ZK_WATCH_EVENT,
  type ZkConnectionClosedPayload,
  type ZkConnectResponsePayload,
  type ZkPongPayload,
  type ZkResponsePayload,
  type ZkWatchEventPayload,
  type ZkWatchSet,
} from './protocol';
import {
  addUnique,
  isEstablishedLeader,
  sortedKeys,
  type AnyWorld,
  type PendingConnect,
  type ServerConnection,
  type ZkServerState,
} from './server-state';
import { getSession, getZnode, readOp, type ApplyOutcome, type WatchTrigger, type ZkProposal } from './tree';
import { isWriteOp, type ZkResult, type ZkWatchEventType } from './types';

function connectionOf(s: ZkServerState, sessionId: number): ServerConnection | undefined {
  const key = String(sessionId);
  return Object.hasOwn(s.vol.connections, key) ? s.vol.connections[key] : undefined;
}

/** The connection a client message belongs to, if it is still the current one. */
export function currentConnection(
  s: ZkServerState,
  sessionId: number,
  clientNode: number,
  gen: number,
): ServerConnection | undefined {
  const c = connectionOf(s, sessionId);
  return c !== undefined && c.clientNode === clientNode && c.gen === gen ? c : undefined;
}

export function sendConnectResponse(
  world: AnyWorld,
  s: ZkServerState,
  to: number,
  payload: ZkConnectResponsePayload,
): void {
  world.send(s.node, to, ZK_CONNECT_RESPONSE, payload, 36);
}

export function sendConnectionClosed(
  world: AnyWorld,
  s: ZkServerState,
  to: number,
  gen: number,
  expired: boolean,
): void {
  const payload: ZkConnectionClosedPayload = { gen, expired };
  world.send(s.node, to, ZK_CONNECTION_CLOSED, payload, 16);
}

/** Session activity: the leader pushes the deadline; a follower reports it at its next ping. */
export function touchSession(s: ZkServerState, sessionId: number, nowMs: number): void {
  if (isEstablishedLeader(s)) {
    const l = s.vol.leader;
    const session = getSession(s.disk.db, sessionId);
    if (l === null || session === undefined || l.closing.includes(sessionId)) return;
    l.sessionDeadlines[String(sessionId)] = nowMs + session.timeoutMs;
  } else if (s.vol.role === 'following') {
    addUnique(s.vol.touched, sessionId);
  }
}

function removeWatchesOf(s: ZkServerState, sessionId: number): void {
  for (const table of [s.vol.dataWatches, s.vol.childWatches]) {
    for (const path of Object.keys(table)) {
      const list = (table[path] ?? []).filter((id) => id !== sessionId);
      if (list.length === 0) delete table[path];
      else table[path] = list;
    }
  }
}

/** Forget a connection (the socket closed); the session lives on in the ensemble. */
export function dropConnection(s: ZkServerState, sessionId: number): void {
  delete s.vol.connections[String(sessionId)];
  removeWatchesOf(s, sessionId);
}

/** The server stops serving (lost its leader or its quorum, or resynchronises): every client must move. */
export function closeAllConnections(world: AnyWorld, s: ZkServerState): void {
  for (const key of sortedKeys(s.vol.connections)) {
    const c = s.vol.connections[key];
    if (c !== undefined) sendConnectionClosed(world, s, c.clientNode, c.gen, false);
  }
  for (const key of sortedKeys(s.vol.pendingConnects)) {
    const p = s.vol.pendingConnects[key];
    if (p !== undefined)
      sendConnectResponse(world, s, p.clientNode, {
        gen: p.gen,
        outcome: 'refused',
        sessionId: p.sessionId,
        timeoutMs: 0,
        zxid: s.disk.db.lastZxid,
      });
  }
  for (const p of s.vol.pendingCreates) {
    sendConnectResponse(world, s, p.clientNode, {
      gen: p.gen,
      outcome: 'refused',
      sessionId: 0,
      timeoutMs: 0,
      zxid: s.disk.db.lastZxid,
    });
  }
  s.vol.connections = {};
  s.vol.pendingConnects = {};
  s.vol.pendingCreates = [];
  s.vol.dataWatches = {};
  s.vol.childWatches = {};
  s.vol.touched = [];
}

/** The connection a client's connect request (this attempt: same node, same generation) already opened. */
export function connectionOfAttempt(
  s: ZkServerState,
  clientNode: number,
  gen: number,
): ServerConnection | undefined {
  for (const key of sortedKeys(s.vol.connections)) {
    const c = s.vol.connections[key];
    if (c !== undefined && c.clientNode === clientNode && c.gen === gen) return c;
  }
  return undefined;
}

/** A process died under a connection (its reset came back): forget it, keep the session. */
export function onClientGone(s: ZkServerState, clientNode: number, gen: number): void {
  for (const key of sortedKeys(s.vol.connections)) {
    const c = s.vol.connections[key];
    if (c !== undefined && c.clientNode === clientNode && c.gen === gen) dropConnection(s, c.sessionId);
  }
}

export function newConnection(sessionId: number, clientNode: number, gen: number): ServerConnection {
  return { sessionId, clientNode, gen, seqIn: 1, seqOut: 0, queue: [] };
}

export function sendPong(world: AnyWorld, s: ZkServerState, c: ServerConnection): void {
  const pong: ZkPongPayload = { gen: c.gen, seq: ++c.seqOut, zxid: s.disk.db.lastZxid };
  world.send(s.node, c.clientNode, ZK_PONG, pong, 16);
}

function sendWatchEvent(
  world: AnyWorld,
  s: ZkServerState,
  c: ServerConnection,
  path: string,
  event: ZkWatchEventType,
): void {
  const payload: ZkWatchEventPayload = { gen: c.gen, seq: ++c.seqOut, path, event, zxid: s.disk.db.lastZxid };
  world.send(s.node, c.clientNode, ZK_WATCH_EVENT, payload, 24 + path.length);
}

function addWatch(table: Record<string, number[]>, path: string, sessionId: number): void {
  const list = Object.hasOwn(table, path) ? table[path] : undefined;
  if (list === undefined) table[path] = [sessionId];
  else addUnique(list, sessionId);
}

function takeWatchers(table: Record<string, number[]>, path: string): number[] {
  if (!Object.hasOwn(table, path)) return [];
  const list = table[path] ?? [];
  delete table[path];
  return list;
}

/** Fires (and removes) the watches a transaction triggered, once per session per trigger (WatchManager). */
export function fireWatches(world: AnyWorld, s: ZkServerState, triggers: WatchTrigger[]): void {
  for (const t of triggers) {
    const notified: number[] = [];
    if (t.kind !== 'child') for (const id of takeWatchers(s.vol.dataWatches, t.path)) addUnique(notified, id);
    if (t.kind !== 'data') for (const id of takeWatchers(s.vol.childWatches, t.path)) addUnique(notified, id);
    for (const id of notified) {
      const c = connectionOf(s, id);
      if (c !== undefined) sendWatchEvent(world, s, c, t.path, t.event);
    }
  }
}

function respond(
  world: AnyWorld,
  s: ZkServerState,
  c: ServerConnection,
  xid: number,
  result: ZkResult,
): void {
  const payload: ZkResponsePayload = { gen: c.gen, seq: ++c.seqOut, xid, result, zxid: s.disk.db.lastZxid };
  let bytes = 32;
  if (result.ok) {
    bytes += result.data?.length ?? 0;
    for (const child of result.children) bytes += 4 + child.length;
  }
  world.send(s.node, c.clientNode, ZK_RESPONSE, payload, bytes);
}

/**
 * Answers what can be answered at the head of the session's queue: reads from the local copy
 * (registering their watch), writes once their transaction was applied here.
 */
export function processQueue(world: AnyWorld, s: ZkServerState, c: ServerConnection): void {
  for (;;) {
    const head = c.queue[0];
    if (head === undefined) return;
    if (isWriteOp(head.op)) {
      if (!head.done || head.result === null) return;
      respond(world, s, c, head.xid, head.result);
    } else {
      const op = head.op;
      const result = readOp(s.disk.db, op);
      if (op.watch) {
        // exists leaves a watch either way; getData/getChildren only on a node that exists.
        if (op.op === 'exists' || (op.op === 'getData' && result.ok))
          addWatch(s.vol.dataWatches, op.path, c.sessionId);
        if (op.op === 'getChildren' && result.ok) addWatch(s.vol.childWatches, op.path, c.sessionId);
      }
      respond(world, s, c, head.xid, result);
    }
    c.queue.shift();
  }
}

/**
 * Re-registers the watches of a client that moved here (SetWatches, DataTree.setWatches): what
 * changed after the last zxid the client saw fires at once, the rest is watched from now on.
 */
export function setWatches(
  world: AnyWorld,
  s: ZkServerState,
  c: ServerConnection,
  w: ZkWatchSet,
  relativeZxid: number,
): void {
  const db = s.disk.db;
  for (const path of w.data) {
    const node = getZnode(db, path);
    if (node === undefined) sendWatchEvent(world, s, c, path, 'NodeDeleted');
    else if (node.mzxid > relativeZxid) sendWatchEvent(world, s, c, path, 'NodeDataChanged');
    else addWatch(s.vol.dataWatches, path, c.sessionId);
  }
  for (const path of w.exist) {
    if (getZnode(db, path) !== undefined) sendWatchEvent(world, s, c, path, 'NodeCreated');
    else addWatch(s.vol.dataWatches, path, c.sessionId);
  }
  for (const path of w.child) {
    const node = getZnode(db, path);
    if (node === undefined) sendWatchEvent(world, s, c, path, 'NodeDeleted');
    else if (node.pzxid > relativeZxid) sendWatchEvent(world, s, c, path, 'NodeChildrenChanged');
    else addWatch(s.vol.childWatches, path, c.sessionId);
  }
}

/** A reconnecting client's session was checked by the leader: take the client, or tell it it expired. */
export function finishReconnect(world: AnyWorld, s: ZkServerState, p: PendingConnect, valid: boolean): void {
  const db = s.disk.db;
  const session = getSession(db, p.sessionId);
  if (!valid || session === undefined) {
    sendConnectResponse(world, s, p.clientNode, {
      gen: p.gen,
      outcome: 'expired',
      sessionId: p.sessionId,
      timeoutMs: 0,
      zxid: db.lastZxid,
    });
    return;
  }
  dropConnection(s, p.sessionId);
  const c = newConnection(p.sessionId, p.clientNode, p.gen);
  s.vol.connections[String(p.sessionId)] = c;
  sendConnectResponse(world, s, p.clientNode, {
    gen: p.gen,
    outcome: 'connected',
    sessionId: p.sessionId,
    timeoutMs: session.timeoutMs,
    zxid: db.lastZxid,
  });
  setWatches(world, s, c, p.watches, p.lastZxidSeen);
}

/**
 * What a transaction just applied on this server means for its clients, in ZooKeeper's order
 * (FinalRequestProcessor): watches fire first, then the server that took the request answers it.
 */
export function afterApply(world: AnyWorld, s: ZkServerState, p: ZkProposal, out: ApplyOutcome): void {
  fireWatches(world, s, out.triggers);
  const txn = p.txn;
  if (txn.type === 'createSession') {
    if (p.origin !== s.id) return;
    s.vol.pendingCreates = s.vol.pendingCreates.filter(
      (c) => c.clientNode !== txn.clientNode || c.gen !== txn.gen,
    );
    const c = newConnection(out.sessionId, txn.clientNode, txn.gen);
    s.vol.connections[String(out.sessionId)] = c;
    sendConnectResponse(world, s, txn.clientNode, {
      gen: txn.gen,
      outcome: 'connected',
      sessionId: out.sessionId,
      timeoutMs: txn.timeoutMs,
      zxid: s.disk.db.lastZxid,
    });
    return;
  }
  if (txn.type === 'closeSession') {
    const c = connectionOf(s, txn.sessionId);
    if (c !== undefined) {
      sendConnectionClosed(world, s, c.clientNode, c.gen, true);
      dropConnection(s, txn.sessionId);
    }
    const key = String(txn.sessionId);
    const pending = Object.hasOwn(s.vol.pendingConnects, key) ? s.vol.pendingConnects[key] : undefined;
    if (pending !== undefined) {
      delete s.vol.pendingConnects[key];
      finishReconnect(world, s, pending, false);
    }
    return;
  }
  if (p.origin !== s.id) return;
  const c = connectionOf(s, txn.sessionId);
  if (c === undefined) return;
  const entry = c.queue.find((e) => e.xid === txn.xid && !e.done);
  if (entry === undefined) return;
  entry.done = true;
  entry.result = out.result;
  processQueue(world, s, c);
}
