/**
 * ZAB-lite: the leader turns each write into a proposal with the next zxid, followers log it and
 * acknowledge, and once a majority (leader included) has logged it the leader commits it and tells
 * the followers. Everyone applies in zxid order. A follower that joins gets a plain copy of the
 * leader's database plus its uncommitted proposals (a SNAP sync; no DIFF or TRUNC here).
 * The leader also owns the session tracker: it expires sessions not touched within their timeout.
 */
import {
  ZK_ACK,
  ZK_ACK_NEW_LEADER,
  ZK_COMMIT,
  ZK_FORWARD,
  ZK_PROPOSE,
  ZK_REVALIDATE_RESPONSE,
  ZK_SYNC,
  type ZkAckNewLeaderPayload,
  type ZkAckPayload,
  type ZkCommitPayload,
  type ZkForwardPayload,
  type ZkProposePayload,
  type ZkRevalidateResponsePayload,
  type ZkSyncPayload,
} from './protocol';
import { afterApply, touchSession } from './server-sessions';
import {
  addUnique,
  isEstablishedLeader,
  lastLoggedZxid,
  majority,
  nodeOfServer,
  replicaIds,
  type AnyWorld,
  type ZkServerState,
} from './server-state';
import { goLooking } from './server-role';
import {
  applyTxn,
  databaseBytes,
  epochOfZxid,
  getSession,
  ZXID_EPOCH_FACTOR,
  zxidOf,
  type ZkProposal,
  type ZkTxn,
} from './tree';
import type { ZkPeerPingPayload } from './protocol';

function txnBytes(txn: ZkTxn): number {
  if (txn.type !== 'op') return 32;
  const op = txn.op;
  return 40 + op.path.length + (op.op === 'delete' ? 0 : op.data.length);
}

/** Applies a committed proposal here; the leader also narrates it and updates its session tracker. */
export function applyCommitted(world: AnyWorld, s: ZkServerState, p: ZkProposal): void {
  const out = applyTxn(s.disk.db, p.zxid, p.txn);
  const l = s.vol.role === 'leading' ? s.vol.leader : null;
  if (l !== null) {
    if (p.txn.type === 'createSession') {
      l.sessionDeadlines[String(out.sessionId)] = world.nowMs + p.txn.timeoutMs;
    } else if (p.txn.type === 'closeSession') {
      const id = p.txn.sessionId;
      delete l.sessionDeadlines[String(id)];
      l.closing = l.closing.filter((x) => x !== id);
      if (out.closedOwner !== null) {
        world.emit('ZkSessionExpired', { owner: out.closedOwner, sessionId: id, server: s.id });
        for (const path of out.deletedEphemerals)
          world.emit('ZkEphemeralDeleted', { path, owner: out.closedOwner, sessionId: id });
      }
    }
  }
  afterApply(world, s, p, out);
}

/** Leader: commits, in zxid order, every proposal a majority has logged. */
function tryCommit(world: AnyWorld, s: ZkServerState): void {
  const l = s.vol.leader;
  if (l === null) return;
  const need = majority(s);
  for (;;) {
    const head = s.disk.log[0];
    if (head === undefined) return;
    const key = String(head.zxid);
    // Only a server following this leader in this epoch acknowledges its proposals: every ack counts.
    if ((l.acks[key] ?? []).length < need) return;
    s.disk.log.shift();
    delete l.acks[key];
    applyCommitted(world, s, head);
    const commit: ZkCommitPayload = { epoch: s.vol.epoch, zxid: head.zxid };
    for (const f of replicaIds(l)) world.send(s.node, nodeOfServer(s, f), ZK_COMMIT, commit, 24);
  }
}

/** Leader: logs a proposal, acknowledges it itself and sends it to the synchronised followers. */
export function propose(world: AnyWorld, s: ZkServerState, txn: ZkTxn, origin: number): void {
  const l = s.vol.leader;
  if (l === null || !isEstablishedLeader(s)) return;
  l.counter++;
  const proposal: ZkProposal = { zxid: zxidOf(s.vol.epoch, l.counter), txn, origin };
  s.disk.log.push(proposal);
  l.acks[String(proposal.zxid)] = [s.id];
  const payload: ZkProposePayload = { epoch: s.vol.epoch, proposal };
  for (const f of replicaIds(l)) world.send(s.node, nodeOfServer(s, f), ZK_PROPOSE, payload, txnBytes(txn));
  tryCommit(world, s);
}

/** A server with a write for the ensemble: the leader proposes it, a follower forwards it. */
export function submitTxn(world: AnyWorld, s: ZkServerState, txn: ZkTxn): void {
  if (isEstablishedLeader(s)) {
    propose(world, s, txn, s.id);
  } else if (s.vol.role === 'following') {
    const payload: ZkForwardPayload = { txn };
    world.send(s.node, nodeOfServer(s, s.vol.leaderId), ZK_FORWARD, payload, txnBytes(txn));
  }
}

export function onForward(world: AnyWorld, s: ZkServerState, fromId: number, p: ZkForwardPayload): void {
  const l = s.vol.leader;
  if (l === null || !replicaIds(l).includes(fromId)) return;
  propose(world, s, p.txn, fromId);
}

/** Acknowledgements are cumulative: a follower logs in zxid order, without gaps. */
function recordAcks(world: AnyWorld, s: ZkServerState, fromId: number, upToZxid: number): void {
  const l = s.vol.leader;
  if (l === null) return;
  for (const p of s.disk.log) {
    if (p.zxid > upToZxid) break;
    const acks = l.acks[String(p.zxid)];
    if (acks !== undefined) addUnique(acks, fromId);
  }
  tryCommit(world, s);
}

export function onAck(world: AnyWorld, s: ZkServerState, fromId: number, p: ZkAckPayload): void {
  if (!isEstablishedLeader(s) || p.epoch !== s.vol.epoch) return;
  recordAcks(world, s, fromId, p.zxid);
}

function fromMyLeader(s: ZkServerState, fromId: number, epoch: number): boolean {
  return s.vol.role === 'following' && s.vol.leaderId === fromId && s.vol.epoch === epoch;
}

/** Follower: applies, in order, every logged proposal up to `zxid`. */
function commitUpTo(world: AnyWorld, s: ZkServerState, zxid: number): void {
  for (;;) {
    const head = s.disk.log[0];
    if (head === undefined || head.zxid > zxid) return;
    s.disk.log.shift();
    applyCommitted(world, s, head);
  }
}

export function onPropose(world: AnyWorld, s: ZkServerState, fromId: number, p: ZkProposePayload): void {
  if (!fromMyLeader(s, fromId, p.epoch)) return;
  const last = lastLoggedZxid(s);
  const zxid = p.proposal.zxid;
  if (zxid <= last) return;
  // Proposals come in zxid order on one connection: a gap means the link dropped one.
  const next = epochOfZxid(zxid) === epochOfZxid(last) ? zxid === last + 1 : zxid % ZXID_EPOCH_FACTOR === 1;
  if (!next) {
    goLooking(world, s, 'missed a proposal');
    return;
  }
  s.disk.log.push(p.proposal);
  const ack: ZkAckPayload = { epoch: p.epoch, zxid };
  world.send(s.node, nodeOfServer(s, fromId), ZK_ACK, ack, 24);
}

export function onCommit(world: AnyWorld, s: ZkServerState, fromId: number, p: ZkCommitPayload): void {
  if (!fromMyLeader(s, fromId, p.epoch)) return;
  if (p.zxid > lastLoggedZxid(s)) {
    goLooking(world, s, 'missed a proposal');
    return;
  }
  commitUpTo(world, s, p.zxid);
}

/**
 * Pings between a leader and its followers double as the learner PING of ZooKeeper: the leader's
 * says how far it logged and committed (a follower behind it missed a proposal: it resyncs; a
 * lost commit is made up for), a follower's how far it logged (a lost ack is made up for).
 */
export function onZabPing(world: AnyWorld, s: ZkServerState, fromId: number, p: ZkPeerPingPayload): void {
  if (fromMyLeader(s, fromId, p.epoch) && p.role === 'leading') {
    if (p.lastZxid > lastLoggedZxid(s)) goLooking(world, s, 'missed a proposal');
    else commitUpTo(world, s, p.committedZxid);
    return;
  }
  const l = s.vol.leader;
  if (
    l === null ||
    !isEstablishedLeader(s) ||
    p.role !== 'following' ||
    p.leaderId !== s.id ||
    p.epoch !== s.vol.epoch
  )
    return;
  if (!replicaIds(l).includes(fromId)) return;
  onAckNewLeader(s, fromId, { epoch: p.epoch });
  recordAcks(world, s, fromId, p.lastZxid);
}

/** Leader: brings a follower up to date with a full copy (NEWLEADER); it counts once it acknowledges. */
export function syncFollower(world: AnyWorld, s: ZkServerState, followerId: number): void {
  const l = s.vol.leader;
  if (l === null) return;
  const payload: ZkSyncPayload = {
    epoch: s.vol.epoch,
    db: structuredClone(s.disk.db),
    outstanding: structuredClone(s.disk.log),
  };
  world.send(s.node, nodeOfServer(s, followerId), ZK_SYNC, payload, databaseBytes(s.disk.db));
  l.followers = l.followers.filter((id) => id !== followerId);
  l.syncing[String(followerId)] = world.nowMs;
}

export function onAckNewLeader(s: ZkServerState, fromId: number, p: ZkAckNewLeaderPayload): void {
  const l = s.vol.leader;
  const key = String(fromId);
  if (l === null || !isEstablishedLeader(s) || p.epoch !== s.vol.epoch || !Object.hasOwn(l.syncing, key))
    return;
  delete l.syncing[key];
  addUnique(l.followers, fromId);
  l.followers.sort((a, b) => a - b);
}

/**
 * Follower: takes the leader's copy, logs its outstanding proposals and acknowledges them. Only a
 * looking server that did not promise a newer epoch to someone else accepts it.
 */
export function onSync(world: AnyWorld, s: ZkServerState, fromId: number, p: ZkSyncPayload): void {
  if (s.vol.role !== 'looking' || p.epoch < s.disk.acceptedEpoch) return;
  s.disk.acceptedEpoch = p.epoch;
  s.disk.currentEpoch = p.epoch;
  s.disk.db = structuredClone(p.db);
  s.disk.log = structuredClone(p.outstanding);
  s.vol.role = 'following';
  s.vol.leaderId = fromId;
  s.vol.epoch = p.epoch;
  s.vol.sinceMs = world.nowMs;
  s.vol.leader = null;
  const leaderNode = nodeOfServer(s, fromId);
  const synced: ZkAckNewLeaderPayload = { epoch: p.epoch };
  world.send(s.node, leaderNode, ZK_ACK_NEW_LEADER, synced, 16);
  for (const proposal of s.disk.log) {
    const ack: ZkAckPayload = { epoch: p.epoch, zxid: proposal.zxid };
    world.send(s.node, leaderNode, ZK_ACK, ack, 24);
  }
}

/**
 * Leader: a session may go on if it is open and not being closed; checking it counts as activity
 * (the REVALIDATE a follower sends when a client reconnects through it).
 */
export function revalidateSession(world: AnyWorld, s: ZkServerState, sessionId: number): boolean {
  const l = s.vol.leader;
  if (l === null || !isEstablishedLeader(s)) return false;
  if (getSession(s.disk.db, sessionId) === undefined || l.closing.includes(sessionId)) return false;
  touchSession(s, sessionId, world.nowMs);
  return true;
}

export function onRevalidate(world: AnyWorld, s: ZkServerState, fromId: number, sessionId: number): void {
  if (!isEstablishedLeader(s)) return;
  const payload: ZkRevalidateResponsePayload = { sessionId, valid: revalidateSession(world, s, sessionId) };
  world.send(s.node, nodeOfServer(s, fromId), ZK_REVALIDATE_RESPONSE, payload, 16);
}

/** Leader, every heartbeat: sessions past their deadline are closed through the quorum. */
export function expireSessions(world: AnyWorld, s: ZkServerState): void {
  const l = s.vol.leader;
  if (l === null || !isEstablishedLeader(s)) return;
  const ids = Object.keys(s.disk.db.sessions)
    .map(Number)
    .sort((a, b) => a - b);
  for (const id of ids) {
    const key = String(id);
    const session = getSession(s.disk.db, id);
    if (session === undefined || l.closing.includes(id)) continue;
    const deadline = l.sessionDeadlines[key];
    if (deadline === undefined) {
      l.sessionDeadlines[key] = world.nowMs + session.timeoutMs;
      continue;
    }
    if (deadline > world.nowMs) continue;
    l.closing.push(id);
    propose(world, s, { type: 'closeSession', sessionId: id }, 0);
  }
}
