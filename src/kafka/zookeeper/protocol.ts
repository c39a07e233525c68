/**
 * Messages of the simulated ZooKeeper. Every kind starts with `Zk`, so an owner can route them
 * with `isZkMessage(kind)`. Payloads are plain data.
 *
 * Client ⇄ server (ClientCnxn / NIOServerCnxn in ZooKeeper):
 *   ZkConnect → ZkConnectResponse, ZkRequest → ZkResponse, ZkPing → ZkPong,
 *   server-initiated: ZkWatchEvent, ZkConnectionClosed.
 * Server ⇄ server (leader election, ZAB, session tracking):
 *   ZkPeerPing (all to all, every heartbeat); ZAB's phases: ZkFollow (FOLLOWERINFO) → ZkNewEpoch →
 *   ZkAckEpoch, then ZkSnapshotRequest → ZkSnapshot (the leader takes the best history) and
 *   ZkSync (NEWLEADER with a full copy) → ZkAckNewLeader; then ZkForward (follower → leader),
 *   ZkPropose → ZkAck → ZkCommit, and ZkRevalidate → ZkRevalidateResponse for reconnecting sessions.
 *
 * Client messages carry the client's connection generation `gen`: a client ignores anything from
 * an older connection (a server it already left may still answer). On a connection, messages also
 * carry a sequence number `seq` (1, 2, … each way after the connect exchange): the kernel drops
 * messages on a cut link where TCP would break the connection, so a gap is treated as exactly
 * that, a broken connection. Between servers, the leader's pings say how far it logged and
 * committed, and a follower's pings how far it logged: a follower that missed a proposal resyncs,
 * and a lost acknowledgement or commit is made up for at the next ping.
 */
import { DISCONNECTED, type DisconnectedPayload, type Message } from '../../sim/types';
import type { ZkDatabase, ZkProposal, ZkTxn } from './tree';
import type { ZkOp, ZkResult, ZkWatchEventType } from './types';

export const ZK_CONNECT = 'ZkConnect';
export const ZK_CONNECT_RESPONSE = 'ZkConnectResponse';
export const ZK_REQUEST = 'ZkRequest';
export const ZK_RESPONSE = 'ZkResponse';
export const ZK_PING = 'ZkPing';
export const ZK_PONG = 'ZkPong';
export const ZK_WATCH_EVENT = 'ZkWatchEvent';
export const ZK_CONNECTION_CLOSED = 'ZkConnectionClosed';

export const ZK_PEER_PING = 'ZkPeerPing';
export const ZK_FOLLOW = 'ZkFollow';
export const ZK_NEW_EPOCH = 'ZkNewEpoch';
export const ZK_ACK_EPOCH = 'ZkAckEpoch';
export const ZK_SYNC = 'ZkSync';
export const ZK_ACK_NEW_LEADER = 'ZkAckNewLeader';
export const ZK_SNAPSHOT_REQUEST = 'ZkSnapshotRequest';
export const ZK_SNAPSHOT = 'ZkSnapshot';
export const ZK_FORWARD = 'ZkForward';
export const ZK_PROPOSE = 'ZkPropose';
export const ZK_ACK = 'ZkAck';
export const ZK_COMMIT = 'ZkCommit';
export const ZK_REVALIDATE = 'ZkRevalidate';
export const ZK_REVALIDATE_RESPONSE = 'ZkRevalidateResponse';

export const ZK_CLIENT_KINDS = [
  ZK_CONNECT,
  ZK_CONNECT_RESPONSE,
  ZK_REQUEST,
  ZK_RESPONSE,
  ZK_PING,
  ZK_PONG,
  ZK_WATCH_EVENT,
  ZK_CONNECTION_CLOSED,
] as const;
export const ZK_PEER_KINDS = [
  ZK_PEER_PING,
  ZK_FOLLOW,
  ZK_NEW_EPOCH,
  ZK_ACK_EPOCH,
  ZK_SYNC,
  ZK_ACK_NEW_LEADER,
  ZK_SNAPSHOT_REQUEST,
  ZK_SNAPSHOT,
  ZK_FORWARD,
  ZK_PROPOSE,
  ZK_ACK,
  ZK_COMMIT,
  ZK_REVALIDATE,
  ZK_REVALIDATE_RESPONSE,
] as const;

/** True for every message kind of the simulated ZooKeeper (client and peer traffic). */
export function isZkMessage(kind: string): boolean {
  return kind.startsWith('Zk');
}

/** True for a message a ZooKeeper client must handle: a `Zk*` kind, or the reset of a `Zk*` request. */
export function isZkClientMessage(msg: Message): boolean {
  if (msg.kind === DISCONNECTED)
    return isZkMessage((msg.payload as DisconnectedPayload | null)?.requestKind ?? '');
  return isZkMessage(msg.kind);
}

/** Watches a client holds, re-registered on the next server after a reconnection (SetWatches). */
export interface ZkWatchSet {
  /** getData watches. */
  data: string[];
  /** exists watches (on a node that may not exist yet). */
  exist: string[];
  /** getChildren watches. */
  child: string[];
}

// ---------------------------------------------------------------- client ⇄ server

export interface ZkConnectPayload {
  gen: number;
  /** 0 asks for a new session. */
  sessionId: number;
  timeoutMs: number;
  owner: string;
  /** Last zxid the client saw: a server that is behind it refuses the connection. */
  lastZxidSeen: number;
  watches: ZkWatchSet;
}

export interface ZkConnectResponsePayload {
  gen: number;
  /** `refused`: this server does not serve clients now (no quorum, or behind the client). */
  outcome: 'connected' | 'expired' | 'refused';
  sessionId: number;
  /** The negotiated session timeout. */
  timeoutMs: number;
  zxid: number;
}

export interface ZkRequestPayload {
  gen: number;
  seq: number;
  sessionId: number;
  xid: number;
  op: ZkOp;
}

export interface ZkResponsePayload {
  gen: number;
  seq: number;
  xid: number;
  result: ZkResult;
  zxid: number;
}

export interface ZkPingPayload {
  gen: number;
  seq: number;
  sessionId: number;
}

export interface ZkPongPayload {
  gen: number;
  seq: number;
  zxid: number;
}

export interface ZkWatchEventPayload {
  gen: number;
  seq: number;
  path: string;
  event: ZkWatchEventType;
  zxid: number;
}

export interface ZkConnectionClosedPayload {
  gen: number;
  /** The session itself is gone (expired), not only this connection. */
  expired: boolean;
}

// ---------------------------------------------------------------- server ⇄ server

export type ZkRole = 'looking' | 'leading' | 'following';

export interface ZkPeerPingPayload {
  acceptedEpoch: number;
  /** Epoch of the leader this server serves with (0 while looking). */
  epoch: number;
  role: ZkRole;
  /** A leader that finished synchronising a quorum. */
  established: boolean;
  /** Server id of the leader it serves with, 0 if none. */
  leaderId: number;
  /** Last zxid it logged (applied or accepted). */
  lastZxid: number;
  /** Last zxid it applied (for a leader: committed). */
  committedZxid: number;
  /** Ids of the servers it heard from recently. */
  hears: number[];
  /** A leader's followers (synchronised or being synchronised): a follower missing from it must sync again. */
  followers: number[];
  /** To its leader only: sessions its clients touched since the last ping (learner PING). */
  touched: number[];
}

export interface ZkFollowPayload {
  acceptedEpoch: number;
}

export interface ZkNewEpochPayload {
  epoch: number;
}

/** The follower promises not to follow an older epoch, and says how recent its history is. */
export interface ZkAckEpochPayload {
  epoch: number;
  currentEpoch: number;
  lastZxid: number;
}

export interface ZkAckNewLeaderPayload {
  epoch: number;
}

export interface ZkSyncPayload {
  epoch: number;
  db: ZkDatabase;
  /** Proposals the leader has not committed yet: the follower logs and acknowledges them. */
  outstanding: ZkProposal[];
}

export interface ZkSnapshotRequestPayload {
  epoch: number;
}

export interface ZkSnapshotPayload {
  epoch: number;
  db: ZkDatabase;
  log: ZkProposal[];
}

export interface ZkForwardPayload {
  txn: ZkTxn;
}

export interface ZkProposePayload {
  epoch: number;
  proposal: ZkProposal;
}

export interface ZkAckPayload {
  epoch: number;
  zxid: number;
}

export interface ZkCommitPayload {
  epoch: number;
  zxid: number;
}

export interface ZkRevalidatePayload {
  sessionId: number;
}

export interface ZkRevalidateResponsePayload {
  sessionId: number;
  valid: boolean;
}
