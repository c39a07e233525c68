/**
 * A simulated ZooKeeper ensemble (1, 3 or 5 servers, kernel nodes `zk-1..n`) and the client
 * library a Kafka broker embeds. Faithful in what Kafka depends on: ephemeral znodes tied to
 * sessions, sessions expired by the leader when not heard from within their timeout, one-shot
 * watches, conditional writes with versions, writes that need a quorum, reads from the local copy.
 *
 * Integration: the owner of a client routes every message whose kind `isZkMessage` (and every
 * `Disconnected` whose `payload.requestKind` is one; `isZkClientMessage(msg)` says both) to
 * `onZkClientMessage`, and every timer for which `isZkClientTimer` to `onZkClientTimer`; it acts
 * on the returned events. Messages and timers
 * of the `zk-N` nodes go to `onZkServerMessage` / `onZkServerTimer`. When a server process
 * crashes call `crashZkServer` (after `world.crashNode`), and `startZkServer` after
 * `world.restartNode`. When a client's owner crashes call `resetZkClient`, then `zkConnect` when it
 * starts again (a new session).
 *
 * Simplifications (docs/fidelity.md):
 * - Election is not FastLeaderElection: servers ping each other every 500 ms; a looking server
 *   connected (both ways, within the 2000 ms peer timeout) to a majority follows an established
 *   leader among them, else the lowest id among them. ZAB's discovery is kept (FOLLOWERINFO,
 *   NEWEPOCH, ACKEPOCH: a server promises an epoch to one leader only, so epochs and zxids are
 *   never shared), and the leader takes the most up-to-date history of its quorum (highest
 *   current epoch, then zxid) before serving.
 * - ZAB's broadcast is proposal → ack from a majority → commit, applied in zxid order. A joining
 *   follower always gets a full copy of the leader's database and uncommitted proposals (SNAP),
 *   never a DIFF or TRUNC; there are no snapshot or log files apart from that copy and the list
 *   of uncommitted proposals, both kept across crashes.
 * - The kernel drops messages on a cut link where TCP would break the connection. Client
 *   connections carry sequence numbers, and a gap is handled as a broken connection (the client
 *   reconnects and re-registers its watches). Between servers, a follower that detects a missing
 *   proposal resyncs, and a follower whose forwarded write or session check is unanswered after
 *   the peer timeout resyncs too (closing its clients); lost acks and commits are made up for by
 *   the next ping (pings carry the logged and committed zxids).
 * - A write is checked where it is applied (every server applies it the same way, errors
 *   included) rather than once by the leader's PrepRequestProcessor; the outcome is the same.
 *   Creating a child of an ephemeral node fails with NO_NODE (ZooKeeper: NoChildrenForEphemerals).
 * - Session ids are small counters in the replicated database (ZooKeeper: 64-bit, server id and
 *   time). Negotiated timeouts are clamped to [2, 20] × tickTime (tickTime 2000 ms). The leader
 *   checks deadlines every 500 ms (ZooKeeper: in tickTime buckets); followers report the
 *   sessions their clients touched in their ping to the leader. A new leader restarts every
 *   session's clock, as ZooKeeper does.
 * - A session closed by expiry tells its connected client at once (`expired`), instead of the
 *   client learning it when it next reconnects. There is no explicit close: a session ends only
 *   by expiry (as when a broker crashes, or is cut off for longer than the timeout). The leader
 *   that commits an expiry emits `ZkSessionExpired`; if it dies just after, the next leader may
 *   announce it again.
 * - A server that stops serving (no leader or no quorum) tells its clients to go
 *   (`ZkConnectionClosed`) and refuses new ones, as ZooKeeper closes client sockets when it leaves the quorum. A server
 *   behind the last zxid a client saw refuses it too.
 * - The client has no reconnect jitter; it tries servers in order from `startIndex`, each for
 *   sessionTimeout / n, then waits 1 s after a full round. Within an attempt it repeats its
 *   connect request after 1 s, 2 s, 4 s… (what TCP's retransmissions would do on a link that
 *   heals); a server answers a repeated request once. Requests waiting for a connection
 *   fail with CONNECTION_LOSS when unanswered within the session timeout of their submission;
 *   those submitted after `expired` fail with SESSION_EXPIRED. No ACLs, sequential nodes,
 *   multi-ops, sync, quotas, observers or dynamic reconfiguration; getChildren returns names sorted.
 */
import type { Message } from '../../sim/types';
import type { World } from '../../sim/world';
import {
  connect,
  isClientTimer,
  newClient,
  onClientMessage,
  onClientTimer,
  resetClient,
  submit,
  type ZkClientState,
} from './client';
import { crashServer, onServerMessage, onServerTimer, startServer } from './server';
import { newServerState, type ZkServerState } from './server-state';
import { ensembleView, treeView, type ZkEnsembleView, type ZkTreeEntry } from './views';
import type { ZkClientEvent, ZkOp } from './types';

export type { ZkClientEvent, ZkError, ZkOp, ZkResult, ZkWatchEventType } from './types';
export type { ZkClientState } from './client';
export type { ZkServerState } from './server-state';
export type { ZkEnsembleView, ZkTreeEntry } from './views';
export { isZkClientMessage, isZkMessage } from './protocol';
export {
  ZK_HEARTBEAT_MS,
  ZK_MAX_SESSION_TIMEOUT_MS,
  ZK_MIN_SESSION_TIMEOUT_MS,
  ZK_PEER_TIMEOUT_MS,
  ZK_SERVER_TICK,
  ZK_TICK_TIME_MS,
} from './server-state';

export function newZkClient(
  ownerId: string,
  serverNodes: number[],
  startIndex: number,
  sessionTimeoutMs: number,
): ZkClientState {
  return newClient(ownerId, serverNodes, startIndex, sessionTimeoutMs);
}

/** (Re)connects: resumes the session if it has one, opens a new one otherwise (or after `expired`). */
export function zkConnect<M>(world: World<M>, ownerNode: number, c: ZkClientState): void {
  connect(world, ownerNode, c);
}

/** Submits an operation; its `result` event (with `tag`) comes later, whatever happens. */
export function zkSubmit<M>(
  world: World<M>,
  ownerNode: number,
  c: ZkClientState,
  op: ZkOp,
  tag: string,
): void {
  submit(world, ownerNode, c, op, tag);
}

export function onZkClientMessage<M>(
  world: World<M>,
  ownerNode: number,
  c: ZkClientState,
  msg: Message,
): ZkClientEvent[] {
  return onClientMessage(world, ownerNode, c, msg);
}

/** Client timer names start with `zkc.`. */
export function isZkClientTimer(name: string): boolean {
  return isClientTimer(name);
}

export function onZkClientTimer<M>(
  world: World<M>,
  ownerNode: number,
  c: ZkClientState,
  name: string,
  data: unknown,
): ZkClientEvent[] {
  return onClientTimer(world, ownerNode, c, name, data);
}

/** The owner's process crashed: forget the connection and session (which stays on the servers until it expires). */
export function resetZkClient(c: ZkClientState): void {
  resetClient(c);
}

export function newZkServer(id: number, node: number, ensemble: number[]): ZkServerState {
  return newServerState(id, node, ensemble);
}

/** At build and after a restart (after `world.restartNode`). */
export function startZkServer<M>(world: World<M>, s: ZkServerState): void {
  startServer(world, s);
}

export function onZkServerMessage<M>(world: World<M>, s: ZkServerState, msg: Message): void {
  onServerMessage(world, s, msg);
}

/** Server timer names start with `zks.`. */
export function onZkServerTimer<M>(world: World<M>, s: ZkServerState, name: string, _data: unknown): void {
  onServerTimer(world, s, name);
}

/** The server process died: memory is gone; the database, epochs and log stay on disk. */
export function crashZkServer(s: ZkServerState): void {
  crashServer(s);
}

export function zkTreeView(s: ZkServerState): ZkTreeEntry[] {
  return treeView(s);
}

export function zkEnsembleView(servers: ZkServerState[], nowMs?: number): ZkEnsembleView {
  return ensembleView(servers, nowMs);
}
