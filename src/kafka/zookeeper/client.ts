/**
 * The ZooKeeper client a Kafka broker embeds (ClientCnxn, as wrapped by Kafka's ZooKeeperClient).
 * Plain data owned by the broker's state; every timer runs on the owner's node, so it dies with
 * the owner's process.
 *
 * - Connecting: servers are tried in order from `startIndex`, each for sessionTimeout / n
 *   (ClientCnxn's connect timeout); after a full round without success it waits 1 s. Within an
 *   attempt the request is repeated after 1 s, 2 s, 4 s… as TCP would retransmit it.
 * - Connected: a ping goes out when nothing was sent for timeout / 3; with no answer of any kind
 *   for 2/3 of the timeout (the read timeout) the client reports `disconnected`, fails the
 *   requests in flight with CONNECTION_LOSS and moves to the next server, asking to resume its
 *   session and re-register its watches there.
 * - The session is never expired by the client itself: it learns of it from a server when it
 *   gets through again (`expired`), then fails everything with SESSION_EXPIRED. The owner calls
 *   `zkConnect` again for a new session.
 * - Requests submitted while disconnected wait; each one fails with CONNECTION_LOSS if it has no
 *   answer within the session timeout of its submission.
 */
import { DISCONNECTED, type DisconnectedPayload, type Message } from '../../sim/types';
import {
  ZK_CONNECT,
  ZK_CONNECT_RESPONSE,
  ZK_CONNECTION_CLOSED,
  ZK_PING,
  ZK_PONG,
  ZK_REQUEST,
  ZK_RESPONSE,
  ZK_WATCH_EVENT,
  isZkMessage,
  type ZkConnectionClosedPayload,
  type ZkConnectPayload,
  type ZkConnectResponsePayload,
  type ZkPingPayload,
  type ZkRequestPayload,
  type ZkResponsePayload,
  type ZkWatchEventPayload,
  type ZkWatchSet,
} from './protocol';
import type { AnyWorld } from './server-state';
import { pathProblem, type ZkClientEvent, type ZkError, type ZkOp, type ZkResult } from './types';

export const ZKC_CONNECT_TIMER = 'zkc.connect';
export const ZKC_BACKOFF_TIMER = 'zkc.backoff';
export const ZKC_PING_TIMER = 'zkc.ping';
export const ZKC_READ_TIMER = 'zkc.read';
export const ZKC_REQUEST_TIMER = 'zkc.request';
export const ZKC_FAIL_TIMER = 'zkc.fail';
export const ZKC_RESEND_TIMER = 'zkc.resend';
/**
 * The kernel drops what a cut link carries, where TCP would retransmit it once the link heals
 * (SYN and data alike, from about 1 s, doubling). The connect request is sent again on that
 * schedule while the attempt lasts; servers answer a repeated request once.
 */
export const ZKC_CONNECT_RESEND_MS = 1000;
/** Pause after every server was tried once (StaticHostProvider's spin delay). */
export const ZKC_RETRY_BACKOFF_MS = 1000;

export interface ZkClientRequest {
  xid: number;
  tag: string;
  op: ZkOp;
  deadlineMs: number;
}

export interface ZkClientState {
  ownerId: string;
  /** Node ids of the ensemble's servers (the connect string). */
  servers: number[];
  startIndex: number;
  /** Requested session timeout (`zookeeper.session.timeout.ms`). */
  sessionTimeoutMs: number;
  /** Timeout granted by the server; 0 before the first connection. */
  negotiatedTimeoutMs: number;
  status: 'idle' | 'connecting' | 'connected' | 'expired';
  /** 0 = no session yet. */
  sessionId: number;
  /** Index in `servers` of the server in use or being tried. */
  serverIndex: number;
  /** Servers tried since the last success or back-off. */
  triedInRound: number;
  /** Connection generation: bumped at every attempt; older messages and timers are ignored. */
  gen: number;
  lastHeardMs: number;
  lastSentMs: number;
  /** Sequence number of the last message sent on the connection. */
  seqOut: number;
  /** Sequence number expected on the next message from the server (a gap = a broken connection). */
  seqIn: number;
  lastZxidSeen: number;
  nextXid: number;
  /** Sent on the current connection, not answered yet. */
  inflight: ZkClientRequest[];
  /** Waiting for a connection. */
  queued: ZkClientRequest[];
  /** Submitted after the session expired: failed with SESSION_EXPIRED by a zero-delay timer. */
  failed: ZkClientRequest[];
  /** Watches the session holds (ZKWatchManager), re-registered after a reconnection. */
  watches: ZkWatchSet;
  /** When the request-timeout timer is armed; -1 when none is. */
  requestTimerAtMs: number;
}

export function newClient(
  ownerId: string,
  serverNodes: number[],
  startIndex: number,
  sessionTimeoutMs: number,
): ZkClientState {
  if (serverNodes.length === 0) throw new Error('zookeeper client: the ensemble has no server');
  if (!(sessionTimeoutMs > 0) || !Number.isInteger(sessionTimeoutMs))
    throw new Error(`zookeeper client: bad session timeout ${sessionTimeoutMs}`);
  const start = ((startIndex % serverNodes.length) + serverNodes.length) % serverNodes.length;
  return {
    ownerId,
    servers: serverNodes.slice(),
    startIndex: start,
    sessionTimeoutMs,
    negotiatedTimeoutMs: 0,
    status: 'idle',
    sessionId: 0,
    serverIndex: start,
    triedInRound: 0,
    gen: 0,
    lastHeardMs: 0,
    lastSentMs: 0,
    seqOut: 0,
    seqIn: 1,
    lastZxidSeen: 0,
    nextXid: 1,
    inflight: [],
    queued: [],
    failed: [],
    watches: { data: [], exist: [], child: [] },
    requestTimerAtMs: -1,
  };
}

function currentServer(c: ZkClientState): number {
  const node = c.servers[c.serverIndex];
  if (node === undefined)
    throw new Error(`zookeeper client ${c.ownerId}: no server at index ${c.serverIndex}`);
  return node;
}

function pingIntervalMs(c: ZkClientState): number {
  return Math.max(1, Math.floor(c.negotiatedTimeoutMs / 3));
}

function readTimeoutMs(c: ZkClientState): number {
  return Math.max(1, Math.floor((c.negotiatedTimeoutMs * 2) / 3));
}

function connectTimeoutMs(c: ZkClientState): number {
  return Math.max(1, Math.floor(c.sessionTimeoutMs / c.servers.length));
}

function opBytes(op: ZkOp): number {
  return 32 + op.path.length + (op.op === 'create' || op.op === 'setData' ? op.data.length : 0);
}

function removePath(list: string[], path: string): void {
  const i = list.indexOf(path);
  if (i >= 0) list.splice(i, 1);
}

function addPath(list: string[], path: string): void {
  if (!list.includes(path)) list.push(path);
}

// ---------------------------------------------------------------- connecting

function sendConnect(world: AnyWorld, owner: number, c: ZkClientState): void {
  const payload: ZkConnectPayload = {
    gen: c.gen,
    sessionId: c.sessionId,
    timeoutMs: c.sessionTimeoutMs,
    owner: c.ownerId,
    lastZxidSeen: c.lastZxidSeen,
    watches: structuredClone(c.watches),
  };
  c.lastSentMs = world.nowMs;
  world.send(owner, currentServer(c), ZK_CONNECT, payload, 48);
}

function attempt(world: AnyWorld, owner: number, c: ZkClientState): void {
  c.gen++;
  sendConnect(world, owner, c);
  world.setTimer(owner, connectTimeoutMs(c), ZKC_CONNECT_TIMER, { gen: c.gen });
  world.setTimer(owner, ZKC_CONNECT_RESEND_MS, ZKC_RESEND_TIMER, {
    gen: c.gen,
    delayMs: ZKC_CONNECT_RESEND_MS,
  });
}

function attemptFailed(world: AnyWorld, owner: number, c: ZkClientState): void {
  c.serverIndex = (c.serverIndex + 1) % c.servers.length;
  c.triedInRound++;
  if (c.triedInRound < c.servers.length) {
    attempt(world, owner, c);
    return;
  }
  c.triedInRound = 0;
  c.gen++;
  world.setTimer(owner, ZKC_RETRY_BACKOFF_MS, ZKC_BACKOFF_TIMER, { gen: c.gen });
}

export function connect(world: AnyWorld, owner: number, c: ZkClientState): void {
  if (c.status === 'connecting' || c.status === 'connected') return;
  if (c.status === 'expired') {
    c.sessionId = 0;
    c.lastZxidSeen = 0;
    c.watches = { data: [], exist: [], child: [] };
  }
  c.status = 'connecting';
  c.triedInRound = 0;
  attempt(world, owner, c);
}

/** The owner's process died: everything in its memory is gone. The session lives on until it expires. */
export function resetClient(c: ZkClientState): void {
  c.status = 'idle';
  c.sessionId = 0;
  c.negotiatedTimeoutMs = 0;
  c.serverIndex = c.startIndex;
  c.triedInRound = 0;
  c.gen++;
  c.lastZxidSeen = 0;
  c.inflight = [];
  c.queued = [];
  c.failed = [];
  c.watches = { data: [], exist: [], child: [] };
  c.requestTimerAtMs = -1;
}

function failAll(list: ZkClientRequest[], error: ZkError, events: ZkClientEvent[]): void {
  for (const r of list) events.push({ type: 'result', tag: r.tag, op: r.op, result: { ok: false, error } });
}

function becomeExpired(c: ZkClientState, events: ZkClientEvent[]): void {
  c.status = 'expired';
  c.gen++;
  events.push({ type: 'expired' });
  const all = c.inflight.concat(c.queued).sort((a, b) => a.xid - b.xid);
  c.inflight = [];
  c.queued = [];
  failAll(all, 'SESSION_EXPIRED', events);
  c.watches = { data: [], exist: [], child: [] };
}

/** The connection is gone (closed, reset, or silent for the read timeout): try the next server. */
function lostConnection(world: AnyWorld, owner: number, c: ZkClientState, events: ZkClientEvent[]): void {
  c.status = 'connecting';
  events.push({ type: 'disconnected' });
  const inflight = c.inflight;
  c.inflight = [];
  failAll(inflight, 'CONNECTION_LOSS', events);
  c.serverIndex = (c.serverIndex + 1) % c.servers.length;
  c.triedInRound = 0;
  attempt(world, owner, c);
}

function sendRequest(world: AnyWorld, owner: number, c: ZkClientState, r: ZkClientRequest): void {
  const payload: ZkRequestPayload = {
    gen: c.gen,
    seq: ++c.seqOut,
    sessionId: c.sessionId,
    xid: r.xid,
    op: r.op,
  };
  c.lastSentMs = world.nowMs;
  c.inflight.push(r);
  world.send(owner, currentServer(c), ZK_REQUEST, payload, opBytes(r.op));
}

function onConnectResponse(
  world: AnyWorld,
  owner: number,
  c: ZkClientState,
  p: ZkConnectResponsePayload,
  events: ZkClientEvent[],
): void {
  if (c.status !== 'connecting') return;
  if (p.outcome === 'refused') {
    attemptFailed(world, owner, c);
    return;
  }
  if (p.outcome === 'expired') {
    becomeExpired(c, events);
    return;
  }
  const newSession = c.sessionId === 0;
  c.status = 'connected';
  c.sessionId = p.sessionId;
  c.negotiatedTimeoutMs = p.timeoutMs;
  c.lastHeardMs = world.nowMs;
  c.seqOut = 0;
  c.seqIn = 1;
  c.lastZxidSeen = Math.max(c.lastZxidSeen, p.zxid);
  c.triedInRound = 0;
  world.setTimer(owner, pingIntervalMs(c), ZKC_PING_TIMER, { gen: c.gen });
  world.setTimer(owner, readTimeoutMs(c), ZKC_READ_TIMER, { gen: c.gen });
  events.push({ type: 'connected', sessionId: c.sessionId, newSession });
  const queued = c.queued;
  c.queued = [];
  for (const r of queued) sendRequest(world, owner, c, r);
}

function onResponse(c: ZkClientState, p: ZkResponsePayload, events: ZkClientEvent[]): void {
  const i = c.inflight.findIndex((r) => r.xid === p.xid);
  if (i < 0) return;
  const r = c.inflight[i] as ZkClientRequest;
  c.inflight.splice(i, 1);
  const op = r.op;
  const result: ZkResult = p.result;
  if ((op.op === 'getData' || op.op === 'exists' || op.op === 'getChildren') && op.watch) {
    if (op.op === 'getData' && result.ok) addPath(c.watches.data, op.path);
    if (op.op === 'getChildren' && result.ok) addPath(c.watches.child, op.path);
    if (op.op === 'exists' && result.ok) addPath(result.exists ? c.watches.data : c.watches.exist, op.path);
  }
  events.push({ type: 'result', tag: r.tag, op, result });
}

function onWatchEvent(c: ZkClientState, p: ZkWatchEventPayload, events: ZkClientEvent[]): void {
  if (p.event === 'NodeChildrenChanged' || p.event === 'NodeDeleted') removePath(c.watches.child, p.path);
  if (p.event !== 'NodeChildrenChanged') {
    removePath(c.watches.data, p.path);
    removePath(c.watches.exist, p.path);
  }
  events.push({ type: 'watch', path: p.path, event: p.event });
}

/** A message for the client: a `Zk*` kind, or a `Disconnected` whose request was a `Zk*` one. */
export function onClientMessage(
  world: AnyWorld,
  owner: number,
  c: ZkClientState,
  msg: Message,
): ZkClientEvent[] {
  const events: ZkClientEvent[] = [];
  if (msg.kind === DISCONNECTED) {
    const d = msg.payload as DisconnectedPayload;
    const gen = (d.request as { gen?: unknown } | null)?.gen;
    if (!isZkMessage(d.requestKind) || gen !== c.gen || msg.from !== c.servers[c.serverIndex]) return events;
    if (c.status === 'connecting') attemptFailed(world, owner, c);
    else if (c.status === 'connected') lostConnection(world, owner, c, events);
    return events;
  }
  const gen = (msg.payload as { gen?: unknown } | null)?.gen;
  if (gen !== c.gen || msg.from !== c.servers[c.serverIndex]) return events;
  if (msg.kind === ZK_CONNECT_RESPONSE) {
    onConnectResponse(world, owner, c, msg.payload as ZkConnectResponsePayload, events);
    return events;
  }
  if (msg.kind === ZK_CONNECTION_CLOSED) {
    const p = msg.payload as ZkConnectionClosedPayload;
    if (p.expired && c.status !== 'idle') becomeExpired(c, events);
    else if (c.status === 'connected') lostConnection(world, owner, c, events);
    else if (c.status === 'connecting') attemptFailed(world, owner, c);
    return events;
  }
  if (c.status !== 'connected') return events;
  if ((msg.payload as { seq?: unknown }).seq !== c.seqIn) {
    // Something the server sent on this connection was lost: the connection is broken.
    lostConnection(world, owner, c, events);
    return events;
  }
  c.seqIn++;
  c.lastHeardMs = world.nowMs;
  const zxid = (msg.payload as { zxid?: unknown }).zxid;
  if (typeof zxid === 'number' && zxid > c.lastZxidSeen) c.lastZxidSeen = zxid;
  switch (msg.kind) {
    case ZK_RESPONSE:
      onResponse(c, msg.payload as ZkResponsePayload, events);
      break;
    case ZK_WATCH_EVENT:
      onWatchEvent(c, msg.payload as ZkWatchEventPayload, events);
      break;
    case ZK_PONG:
    default:
      break;
  }
  return events;
}

// ---------------------------------------------------------------- requests

function armRequestTimer(world: AnyWorld, owner: number, c: ZkClientState): void {
  if (c.requestTimerAtMs >= 0) return;
  let earliest = -1;
  for (const list of [c.inflight, c.queued])
    for (const r of list) if (earliest < 0 || r.deadlineMs < earliest) earliest = r.deadlineMs;
  if (earliest < 0) return;
  c.requestTimerAtMs = earliest;
  world.setTimer(owner, Math.max(0, earliest - world.nowMs), ZKC_REQUEST_TIMER, { atMs: earliest });
}

export function submit(world: AnyWorld, owner: number, c: ZkClientState, op: ZkOp, tag: string): void {
  const problem = pathProblem(op.path);
  if (problem !== null) throw new Error(`zookeeper client ${c.ownerId}: ${problem}`);
  if (op.path === '/' && (op.op === 'create' || op.op === 'delete'))
    throw new Error(`zookeeper client ${c.ownerId}: cannot ${op.op} the root`);
  const r: ZkClientRequest = { xid: c.nextXid++, tag, op, deadlineMs: world.nowMs + c.sessionTimeoutMs };
  if (c.status === 'expired') {
    c.failed.push(r);
    world.setTimer(owner, 0, ZKC_FAIL_TIMER, null);
    return;
  }
  if (c.status === 'connected') sendRequest(world, owner, c, r);
  else c.queued.push(r);
  armRequestTimer(world, owner, c);
}

// ---------------------------------------------------------------- timers

export function isClientTimer(name: string): boolean {
  return name.startsWith('zkc.');
}

export function onClientTimer(
  world: AnyWorld,
  owner: number,
  c: ZkClientState,
  name: string,
  data: unknown,
): ZkClientEvent[] {
  const events: ZkClientEvent[] = [];
  const now = world.nowMs;
  if (name === ZKC_REQUEST_TIMER) {
    if ((data as { atMs?: unknown } | null)?.atMs !== c.requestTimerAtMs) return events;
    c.requestTimerAtMs = -1;
    const expired = (r: ZkClientRequest): boolean => r.deadlineMs <= now;
    const late = c.inflight.filter(expired).concat(c.queued.filter(expired));
    c.inflight = c.inflight.filter((r) => !expired(r));
    c.queued = c.queued.filter((r) => !expired(r));
    failAll(
      late.sort((a, b) => a.xid - b.xid),
      'CONNECTION_LOSS',
      events,
    );
    armRequestTimer(world, owner, c);
    return events;
  }
  if (name === ZKC_FAIL_TIMER) {
    const failed = c.failed;
    c.failed = [];
    failAll(failed, 'SESSION_EXPIRED', events);
    return events;
  }
  const gen = (data as { gen?: unknown } | null)?.gen;
  if (gen !== c.gen) return events;
  switch (name) {
    case ZKC_CONNECT_TIMER:
      if (c.status === 'connecting') attemptFailed(world, owner, c);
      break;
    case ZKC_BACKOFF_TIMER:
      if (c.status === 'connecting') attempt(world, owner, c);
      break;
    case ZKC_RESEND_TIMER: {
      if (c.status !== 'connecting') break;
      const delayMs = (data as { delayMs?: unknown }).delayMs;
      const next = typeof delayMs === 'number' ? delayMs * 2 : ZKC_CONNECT_RESEND_MS;
      sendConnect(world, owner, c);
      world.setTimer(owner, next, ZKC_RESEND_TIMER, { gen: c.gen, delayMs: next });
      break;
    }
    case ZKC_PING_TIMER: {
      if (c.status !== 'connected') break;
      const interval = pingIntervalMs(c);
      if (now - c.lastSentMs >= interval) {
        const ping: ZkPingPayload = { gen: c.gen, seq: ++c.seqOut, sessionId: c.sessionId };
        c.lastSentMs = now;
        world.send(owner, currentServer(c), ZK_PING, ping, 16);
      }
      world.setTimer(owner, Math.max(1, c.lastSentMs + interval - now), ZKC_PING_TIMER, { gen: c.gen });
      break;
    }
    case ZKC_READ_TIMER: {
      if (c.status !== 'connected') break;
      const timeout = readTimeoutMs(c);
      if (now - c.lastHeardMs >= timeout) lostConnection(world, owner, c, events);
      else world.setTimer(owner, c.lastHeardMs + timeout - now, ZKC_READ_TIMER, { gen: c.gen });
      break;
    }
    default:
      break;
  }
  return events;
}
