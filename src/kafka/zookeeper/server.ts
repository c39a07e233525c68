/**
 * A simulated ZooKeeper server: lifecycle, the client requests it takes, and the entry points for
 * messages and timers. Election is in server-election.ts, the quorum protocol in server-zab.ts,
 * connections, sessions and watches in server-sessions.ts.
 */
import { DISCONNECTED, type DisconnectedPayload, type Message } from '../../sim/types';
import {
  ZK_ACK,
  ZK_ACK_EPOCH,
  ZK_ACK_NEW_LEADER,
  ZK_COMMIT,
  ZK_CONNECT,
  ZK_FOLLOW,
  ZK_FORWARD,
  ZK_NEW_EPOCH,
  ZK_PEER_PING,
  ZK_PING,
  ZK_PROPOSE,
  ZK_REQUEST,
  ZK_REVALIDATE,
  ZK_REVALIDATE_RESPONSE,
  ZK_SNAPSHOT,
  ZK_SNAPSHOT_REQUEST,
  ZK_SYNC,
  isZkMessage,
  type ZkAckEpochPayload,
  type ZkAckNewLeaderPayload,
  type ZkAckPayload,
  type ZkCommitPayload,
  type ZkConnectPayload,
  type ZkFollowPayload,
  type ZkForwardPayload,
  type ZkNewEpochPayload,
  type ZkPeerPingPayload,
  type ZkPingPayload,
  type ZkProposePayload,
  type ZkRequestPayload,
  type ZkRevalidatePayload,
  type ZkRevalidateResponsePayload,
  type ZkSnapshotPayload,
  type ZkSnapshotRequestPayload,
  type ZkSyncPayload,
} from './protocol';
import {
  evaluateRole,
  onAckEpoch,
  onFollow,
  onNewEpoch,
  onPeerPing,
  onSnapshot,
  onSnapshotRequest,
  sendPeerPings,
} from './server-election';
import {
  connectionOfAttempt,
  currentConnection,
  dropConnection,
  finishReconnect,
  newConnection,
  setWatches,
  onClientGone,
  processQueue,
  sendConnectionClosed,
  sendConnectResponse,
  sendPong,
  touchSession,
} from './server-sessions';
import { goLooking } from './server-role';
import {
  ZK_HEARTBEAT_MS,
  ZK_PEER_TIMEOUT_MS,
  ZK_MAX_SESSION_TIMEOUT_MS,
  ZK_MIN_SESSION_TIMEOUT_MS,
  ZK_SERVER_TICK,
  isEstablishedLeader,
  isServing,
  newVolatile,
  nodeOfServer,
  serverIdOfNode,
  type AnyWorld,
  type PendingConnect,
  type ServerConnection,
  type ZkServerState,
} from './server-state';
import {
  expireSessions,
  onAck,
  onAckNewLeader,
  onCommit,
  onForward,
  onPropose,
  onRevalidate,
  onSync,
  revalidateSession,
  submitTxn,
} from './server-zab';
import { getSession } from './tree';
import { isWriteOp } from './types';

// ---------------------------------------------------------------- lifecycle

/** The process starts (at build and after a restart): volatile state is fresh, the disk is kept. */
export function startServer(world: AnyWorld, s: ZkServerState): void {
  s.up = true;
  s.vol = newVolatile(s.ensemble.length, world.nowMs);
  sendPeerPings(world, s);
  world.setTimer(s.node, ZK_HEARTBEAT_MS, ZK_SERVER_TICK);
  evaluateRole(world, s);
}

/** The process dies: everything in memory is gone; the database, epochs and log stay on disk. */
export function crashServer(s: ZkServerState): void {
  s.up = false;
  s.vol = newVolatile(s.ensemble.length, s.vol.clockMs);
}

export function onServerTimer(world: AnyWorld, s: ZkServerState, name: string): void {
  if (!s.up || name !== ZK_SERVER_TICK) return;
  s.vol.clockMs = world.nowMs;
  world.setTimer(s.node, ZK_HEARTBEAT_MS, ZK_SERVER_TICK);
  evaluateRole(world, s);
  expireSessions(world, s);
  checkStuckRequests(world, s);
  sendPeerPings(world, s);
}

/**
 * A follower whose forwarded write or session check got no answer within the peer timeout lost it
 * on a cut link (where ZooKeeper's TCP connection to the leader would have broken): it resyncs,
 * which closes its client connections. Reconnections waiting for the leader are refused.
 */
function checkStuckRequests(world: AnyWorld, s: ZkServerState): void {
  if (s.vol.role !== 'following') return;
  const now = world.nowMs;
  for (const key of Object.keys(s.vol.pendingConnects)) {
    const p = s.vol.pendingConnects[key];
    if (p === undefined || now - p.atMs <= ZK_PEER_TIMEOUT_MS) continue;
    delete s.vol.pendingConnects[key];
    sendConnectResponse(world, s, p.clientNode, {
      gen: p.gen,
      outcome: 'refused',
      sessionId: p.sessionId,
      timeoutMs: 0,
      zxid: s.disk.db.lastZxid,
    });
  }
  for (const c of Object.values(s.vol.connections)) {
    const head = c.queue[0];
    if (
      head !== undefined &&
      isWriteOp(head.op) &&
      !head.done &&
      now - head.receivedAtMs > ZK_PEER_TIMEOUT_MS
    ) {
      goLooking(world, s, 'lost a forwarded request');
      return;
    }
  }
}

// ---------------------------------------------------------------- clients

function negotiatedTimeoutMs(requestedMs: number): number {
  return Math.min(ZK_MAX_SESSION_TIMEOUT_MS, Math.max(ZK_MIN_SESSION_TIMEOUT_MS, requestedMs));
}

function onConnect(world: AnyWorld, s: ZkServerState, from: number, p: ZkConnectPayload): void {
  const db = s.disk.db;
  // A server that does not serve, or that is behind what the client already saw, turns it away
  // ("Refusing session request for client as it has seen zxid ...").
  if (!isServing(s) || p.lastZxidSeen > db.lastZxid) {
    sendConnectResponse(world, s, from, {
      gen: p.gen,
      outcome: 'refused',
      sessionId: p.sessionId,
      timeoutMs: 0,
      zxid: db.lastZxid,
    });
    return;
  }
  // The same attempt again (its answer was lost): answer it again on a fresh connection (what
  // was sent on the old one is lost too), and fire again the watches whose changes it missed.
  const open = connectionOfAttempt(s, from, p.gen);
  if (open !== undefined) {
    const session = getSession(db, open.sessionId);
    if (session !== undefined) {
      const fresh = newConnection(open.sessionId, from, p.gen);
      fresh.queue = open.queue;
      s.vol.connections[String(open.sessionId)] = fresh;
      sendConnectResponse(world, s, from, {
        gen: p.gen,
        outcome: 'connected',
        sessionId: open.sessionId,
        timeoutMs: session.timeoutMs,
        zxid: db.lastZxid,
      });
      if (p.sessionId !== 0) setWatches(world, s, fresh, p.watches, p.lastZxidSeen);
      return;
    }
  }
  if (p.sessionId === 0) {
    if (s.vol.pendingCreates.some((c) => c.clientNode === from && c.gen === p.gen)) return;
    s.vol.pendingCreates.push({ clientNode: from, gen: p.gen, atMs: world.nowMs });
    submitTxn(world, s, {
      type: 'createSession',
      owner: p.owner,
      timeoutMs: negotiatedTimeoutMs(p.timeoutMs),
      clientNode: from,
      gen: p.gen,
    });
    return;
  }
  const key = String(p.sessionId);
  const waiting = Object.hasOwn(s.vol.pendingConnects, key) ? s.vol.pendingConnects[key] : undefined;
  if (waiting !== undefined && waiting.clientNode === from && waiting.gen === p.gen) return;
  const pending: PendingConnect = {
    atMs: world.nowMs,
    sessionId: p.sessionId,
    clientNode: from,
    gen: p.gen,
    lastZxidSeen: p.lastZxidSeen,
    watches: p.watches,
  };
  if (isEstablishedLeader(s)) {
    finishReconnect(world, s, pending, revalidateSession(world, s, p.sessionId));
    return;
  }
  s.vol.pendingConnects[key] = pending;
  const req: ZkRevalidatePayload = { sessionId: p.sessionId };
  world.send(s.node, nodeOfServer(s, s.vol.leaderId), ZK_REVALIDATE, req, 16);
}

function onRevalidateResponse(world: AnyWorld, s: ZkServerState, p: ZkRevalidateResponsePayload): void {
  const key = String(p.sessionId);
  const pending = Object.hasOwn(s.vol.pendingConnects, key) ? s.vol.pendingConnects[key] : undefined;
  if (pending === undefined) return;
  delete s.vol.pendingConnects[key];
  finishReconnect(world, s, pending, p.valid);
}

/**
 * The connection a client message arrived on, if it is current, in sequence and served; otherwise
 * the connection is closed (a message lost on a cut link means the TCP connection broke).
 */
function connectionFor(
  world: AnyWorld,
  s: ZkServerState,
  from: number,
  p: { gen: number; seq: number; sessionId: number },
): ServerConnection | undefined {
  const c = currentConnection(s, p.sessionId, from, p.gen);
  if (c !== undefined && isServing(s) && p.seq === c.seqIn) {
    c.seqIn++;
    return c;
  }
  if (c !== undefined) dropConnection(s, p.sessionId);
  sendConnectionClosed(world, s, from, p.gen, getSession(s.disk.db, p.sessionId) === undefined);
  return undefined;
}

function onRequest(world: AnyWorld, s: ZkServerState, from: number, p: ZkRequestPayload): void {
  const c = connectionFor(world, s, from, p);
  if (c === undefined) return;
  touchSession(s, p.sessionId, world.nowMs);
  c.queue.push({ xid: p.xid, op: p.op, receivedAtMs: world.nowMs, done: false, result: null });
  if (isWriteOp(p.op)) submitTxn(world, s, { type: 'op', sessionId: p.sessionId, xid: p.xid, op: p.op });
  processQueue(world, s, c);
}

function onPing(world: AnyWorld, s: ZkServerState, from: number, p: ZkPingPayload): void {
  const c = connectionFor(world, s, from, p);
  if (c === undefined) return;
  touchSession(s, p.sessionId, world.nowMs);
  sendPong(world, s, c);
}

// ---------------------------------------------------------------- dispatch

export function onServerMessage(world: AnyWorld, s: ZkServerState, msg: Message): void {
  if (!s.up) return;
  s.vol.clockMs = world.nowMs;
  if (msg.kind === DISCONNECTED) {
    // A reset came back: if the peer was a client, its process is gone (peers just time out).
    const d = msg.payload as DisconnectedPayload;
    const gen = (d.request as { gen?: unknown } | null)?.gen;
    if (isZkMessage(d.requestKind) && serverIdOfNode(s, msg.from) === 0 && typeof gen === 'number')
      onClientGone(s, msg.from, gen);
    return;
  }
  const fromId = serverIdOfNode(s, msg.from);
  if (fromId === 0) {
    switch (msg.kind) {
      case ZK_CONNECT:
        return onConnect(world, s, msg.from, msg.payload as ZkConnectPayload);
      case ZK_REQUEST:
        return onRequest(world, s, msg.from, msg.payload as ZkRequestPayload);
      case ZK_PING:
        return onPing(world, s, msg.from, msg.payload as ZkPingPayload);
      default:
        return;
    }
  }
  const peer = s.vol.peers[fromId - 1];
  if (peer !== undefined) peer.lastHeardMs = world.nowMs;
  switch (msg.kind) {
    case ZK_PEER_PING:
      return onPeerPing(world, s, fromId, msg.payload as ZkPeerPingPayload);
    case ZK_FOLLOW:
      return onFollow(world, s, fromId, msg.payload as ZkFollowPayload);
    case ZK_NEW_EPOCH:
      return onNewEpoch(world, s, fromId, msg.payload as ZkNewEpochPayload);
    case ZK_ACK_EPOCH:
      return onAckEpoch(world, s, fromId, msg.payload as ZkAckEpochPayload);
    case ZK_SYNC:
      return onSync(world, s, fromId, msg.payload as ZkSyncPayload);
    case ZK_ACK_NEW_LEADER:
      return onAckNewLeader(s, fromId, msg.payload as ZkAckNewLeaderPayload);
    case ZK_SNAPSHOT_REQUEST:
      return onSnapshotRequest(world, s, fromId, msg.payload as ZkSnapshotRequestPayload);
    case ZK_SNAPSHOT:
      return onSnapshot(world, s, fromId, msg.payload as ZkSnapshotPayload);
    case ZK_FORWARD:
      return onForward(world, s, fromId, msg.payload as ZkForwardPayload);
    case ZK_PROPOSE:
      return onPropose(world, s, fromId, msg.payload as ZkProposePayload);
    case ZK_ACK:
      return onAck(world, s, fromId, msg.payload as ZkAckPayload);
    case ZK_COMMIT:
      return onCommit(world, s, fromId, msg.payload as ZkCommitPayload);
    case ZK_REVALIDATE:
      return onRevalidate(world, s, fromId, (msg.payload as ZkRevalidatePayload).sessionId);
    case ZK_REVALIDATE_RESPONSE:
      return onRevalidateResponse(world, s, msg.payload as ZkRevalidateResponsePayload);
    default:
      return;
  }
}
