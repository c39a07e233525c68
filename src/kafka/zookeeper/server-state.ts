/**
 * State of one simulated ZooKeeper server, split as a real server's is: what survives a crash
 * (the database, the accepted epochs and the transaction log on disk) and what dies with the
 * process (role, peers, client connections, watches, the leader's session tracker).
 */
import type { World } from '../../sim/world';
import type { ZkPeerPingPayload, ZkRole } from './protocol';
import { newDatabase, type ZkDatabase, type ZkProposal } from './tree';
import type { ZkOp, ZkResult } from './types';

/** ZooKeeper's `tickTime` (2000 ms in Kafka's bundled zookeeper.properties). */
export const ZK_TICK_TIME_MS = 2000;
/** Sessions are negotiated within [2, 20] × tickTime (minSessionTimeout, maxSessionTimeout). */
export const ZK_MIN_SESSION_TIMEOUT_MS = 2 * ZK_TICK_TIME_MS;
export const ZK_MAX_SESSION_TIMEOUT_MS = 20 * ZK_TICK_TIME_MS;
/** How often servers ping each other and the leader checks session deadlines (a learner pings its leader every tickTime/2). */
export const ZK_HEARTBEAT_MS = 500;
/** A peer not heard from for this long is unreachable; a follower then drops its leader. */
export const ZK_PEER_TIMEOUT_MS = ZK_TICK_TIME_MS;
/** A leader candidate that cannot gather and sync a quorum for this long gives up and looks again. */
export const ZK_DISCOVERY_TIMEOUT_MS = 2 * ZK_PEER_TIMEOUT_MS;

export const ZK_SERVER_TICK = 'zks.tick';

export interface PeerView {
  /** Last time any message came from this peer; -1 = never (since this process started). */
  lastHeardMs: number;
  /** When its last ZkPeerPing arrived; -1 = never. */
  pingAtMs: number;
  ping: ZkPeerPingPayload | null;
}

/** One client request a server is working on, answered strictly in arrival order (FIFO per session). */
export interface PendingClientRequest {
  xid: number;
  op: ZkOp;
  receivedAtMs: number;
  /** A write whose transaction has been applied here. */
  done: boolean;
  result: ZkResult | null;
}

export interface ServerConnection {
  sessionId: number;
  clientNode: number;
  gen: number;
  /** Sequence number expected on the next message from the client. */
  seqIn: number;
  /** Sequence number of the last message sent to the client. */
  seqOut: number;
  queue: PendingClientRequest[];
}

export interface PendingConnect {
  atMs: number;
  sessionId: number;
  clientNode: number;
  gen: number;
  lastZxidSeen: number;
  watches: { data: string[]; exist: string[]; child: string[] };
}

export interface EpochAck {
  currentEpoch: number;
  lastZxid: number;
}

export interface LeaderState {
  /**
   * discovery: gathering followers (ZkFollow), then their promise for the new epoch (ZkAckEpoch);
   * fetching: taking the most up-to-date history from a follower; established: serving,
   * proposing, tracking sessions.
   */
  phase: 'discovery' | 'fetching' | 'established';
  phaseSinceMs: number;
  /** Server id → accepted epoch of the servers that want to follow (FOLLOWERINFO). */
  followerEpochs: Record<string, number>;
  /** The epoch proposed to them (ZkNewEpoch); 0 until a majority wants to follow. */
  proposedEpoch: number;
  /** Server id → history of the servers that accepted the new epoch. */
  epochAcks: Record<string, EpochAck>;
  snapshotFrom: number;
  /** Followers that acknowledged their sync (NEWLEADER), ascending. */
  followers: number[];
  /** Server id → when it was sent its sync, while its acknowledgement is awaited. */
  syncing: Record<string, number>;
  /** Counter part of the next zxid in this epoch. */
  counter: number;
  /** Zxid → ids of the servers that logged the proposal. */
  acks: Record<string, number[]>;
  /** Session id → expiry deadline (SessionTrackerImpl). */
  sessionDeadlines: Record<string, number>;
  /** Sessions whose closeSession is proposed but not yet applied. */
  closing: number[];
}

export interface ZkServerVolatile {
  role: ZkRole;
  /** Id of the leader it serves with (itself when leading); 0 = none. */
  leaderId: number;
  /** Epoch it serves in (the new epoch while a leader candidate). */
  epoch: number;
  /** When the current role began. */
  sinceMs: number;
  peers: PeerView[];
  lastFollowSentMs: number;
  /** The candidate this server promised `disk.acceptedEpoch` to (ZkAckEpoch), 0 = none. */
  promisedTo: number;
  leader: LeaderState | null;
  connections: Record<string, ServerConnection>;
  pendingConnects: Record<string, PendingConnect>;
  /** New sessions asked for through this server and not yet created (a repeated request is ignored). */
  pendingCreates: { clientNode: number; gen: number; atMs: number }[];
  /** Path → session ids watching its data (getData) or existence (exists). */
  dataWatches: Record<string, number[]>;
  /** Path → session ids watching its children (getChildren). */
  childWatches: Record<string, number[]>;
  /** Sessions touched since the last ping to the leader (a follower reports them). */
  touched: number[];
  /** Time of the last event this server handled (for views that have no clock at hand). */
  clockMs: number;
}

export interface ZkServerDisk {
  db: ZkDatabase;
  /** Highest epoch it agreed to (acceptedEpoch file). */
  acceptedEpoch: number;
  /** Epoch of the leader whose history it holds (currentEpoch file). */
  currentEpoch: number;
  /** Proposals logged but not committed yet, in zxid order. */
  log: ZkProposal[];
}

export interface ZkServerState {
  /** myid: 1..n. */
  id: number;
  node: number;
  /** Node ids of all servers, index = id - 1. */
  ensemble: number[];
  up: boolean;
  disk: ZkServerDisk;
  vol: ZkServerVolatile;
}

export type AnyWorld = World<unknown>;

export function newVolatile(n: number, nowMs: number): ZkServerVolatile {
  const peers: PeerView[] = [];
  for (let i = 0; i < n; i++) peers.push({ lastHeardMs: -1, pingAtMs: -1, ping: null });
  return {
    role: 'looking',
    leaderId: 0,
    epoch: 0,
    sinceMs: nowMs,
    peers,
    lastFollowSentMs: -1,
    promisedTo: 0,
    leader: null,
    connections: {},
    pendingConnects: {},
    pendingCreates: [],
    dataWatches: {},
    childWatches: {},
    touched: [],
    clockMs: nowMs,
  };
}

export function newServerState(id: number, node: number, ensemble: number[]): ZkServerState {
  if (ensemble[id - 1] !== node) throw new Error(`zookeeper: server ${id} must be node ensemble[${id - 1}]`);
  return {
    id,
    node,
    ensemble: ensemble.slice(),
    up: false,
    disk: { db: newDatabase(), acceptedEpoch: 0, currentEpoch: 0, log: [] },
    vol: newVolatile(ensemble.length, 0),
  };
}

export function majority(s: ZkServerState): number {
  return Math.floor(s.ensemble.length / 2) + 1;
}

/** Server id of a node, or 0 when the node is not a server of this ensemble (a client). */
export function serverIdOfNode(s: ZkServerState, node: number): number {
  return s.ensemble.indexOf(node) + 1;
}

export function nodeOfServer(s: ZkServerState, id: number): number {
  const node = s.ensemble[id - 1];
  if (node === undefined) throw new Error(`zookeeper: no server ${id}`);
  return node;
}

/** Serves clients: a follower synchronised with its leader, or an established leader. */
export function isServing(s: ZkServerState): boolean {
  return s.vol.role === 'following' || (s.vol.role === 'leading' && s.vol.leader?.phase === 'established');
}

export function isEstablishedLeader(s: ZkServerState): boolean {
  return s.vol.role === 'leading' && s.vol.leader?.phase === 'established';
}

export function lastLoggedZxid(s: ZkServerState): number {
  const last = s.disk.log[s.disk.log.length - 1];
  return last === undefined ? s.disk.db.lastZxid : last.zxid;
}

export function heardRecently(s: ZkServerState, id: number, nowMs: number, timeoutMs: number): boolean {
  const p = s.vol.peers[id - 1];
  return p !== undefined && p.lastHeardMs >= 0 && nowMs - p.lastHeardMs <= timeoutMs;
}

/** Servers the leader sends proposals to: synchronised followers and those being synchronised. */
export function replicaIds(l: LeaderState): number[] {
  const out = l.followers.slice();
  for (const key of Object.keys(l.syncing)) addUnique(out, Number(key));
  return out.sort((a, b) => a - b);
}

export function addUnique(list: number[], value: number): void {
  if (!list.includes(value)) list.push(value);
}

export function sortedKeys(rec: Record<string, unknown>): string[] {
  return Object.keys(rec).sort();
}
