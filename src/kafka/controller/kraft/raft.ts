/**
 * The KRaft quorum (KIP-595): a Raft of 1, 3 or 5 voters replicating the metadata log.
 *
 * - Roles: unattached (knows an epoch, no leader; may have voted), follower, candidate, leader,
 *   resigned (a leader that gave up its epoch). `epoch`, `votedFor` and the leader are Kafka's
 *   `quorum-state` file and survive a crash, as does the log; everything else is volatile.
 * - Replication is pull: followers (and brokers, as observers) send FetchMetadata to the leader,
 *   which answers at once when it has entries past the fetch offset, else holds the fetch up to
 *   `maxWaitMs` and answers as soon as it appends or its high watermark moves (or at once when
 *   the fetcher's high watermark is behind its own, as KIP-1166 has it). A fetch names the
 *   epoch of the fetcher's last entry: when the logs diverge the leader answers with the point to
 *   truncate to (`divergingEpoch`), and the follower truncates and fetches again.
 * - High watermark: the offset a majority of voters hold (the leader's own log end counts; voter
 *   progress is the offset each last fetched from). It never moves back, and a new leader only
 *   moves it once it covers the LeaderChange record it appended at the start of its epoch, so
 *   entries of older epochs are never committed by counting replicas alone.
 * - Elections: a follower that has no successful fetch for `controller.quorum.fetch.timeout.ms`,
 *   or an unattached voter after a random election timeout in [T, 2T), becomes a candidate:
 *   epoch + 1, votes for itself, asks the others (Vote). A vote is granted at most once per epoch
 *   (the vote is persisted) and only to a candidate whose log is at least as up to date (last
 *   epoch, then log end offset). A majority makes it leader: it appends LeaderChange and sends
 *   BeginQuorumEpoch. A candidate rejected by a majority, or whose election timeout runs out,
 *   backs off min(100 × random(2^retries), controller.quorum.election.backoff.max.ms) and runs
 *   again in a new epoch. Any message with a higher epoch makes a node step down to it.
 * - Check quorum (Kafka 3.6+): a leader that has not heard fetches from a majority for
 *   1.5 × fetch timeout resigns, so a leader cut off in a minority stops claiming the epoch.
 *
 * Timers are world timers carrying a generation number (`gen`, bumped at every role change), so
 * a timer of an earlier role is ignored; deadlines that move (fetch timeout, check quorum) are
 * re-armed when they fire early. Everything here is plain data and plain functions.
 */
import { DISCONNECTED, type DisconnectedPayload, type Message, type NodeId } from '../../../sim/types';
import type { BrokerConfig } from '../../config/types';
import type { KafkaErrorName } from '../../protocol/errors';
import {
  KRAFT_ENTRY_BYTES,
  KRAFT_HEADER_BYTES,
  type BeginQuorumEpochRequest,
  type BeginQuorumEpochResponse,
  type FetchMetadataRequest,
  type FetchMetadataResponse,
  type VoteRequest,
  type VoteResponse,
} from './protocol';
import type { MetadataRecord, RaftLogEntry } from './records';

/** What the KRaft modules need of the world: the kernel's `World` satisfies it. */
export interface KraftWorld {
  readonly nowMs: number;
  send<P>(from: NodeId, to: NodeId, kind: string, payload: P, sizeBytes?: number): unknown;
  setTimer(node: NodeId, delayMs: number, name: string, data?: unknown): void;
  randomInt(componentId: string, boundExclusive: number): number;
  emit(type: string, fields?: Record<string, unknown>): unknown;
}

// ---------------------------------------------------------------------------------- the log

/**
 * A metadata log, or its tail: entries from `startOffset` on. Voters keep it whole
 * (`startOffset` 0); a broker keeps only what it has not applied yet.
 */
export interface RaftLog {
  startOffset: number;
  /** Epoch of the entry just before `startOffset` (0 when there is none). */
  startEpoch: number;
  entries: RaftLogEntry[];
}

export function newRaftLog(): RaftLog {
  return { startOffset: 0, startEpoch: 0, entries: [] };
}

export function logEndOffset(log: RaftLog): number {
  return log.startOffset + log.entries.length;
}

export function lastLogEpoch(log: RaftLog): number {
  return log.entries[log.entries.length - 1]?.epoch ?? log.startEpoch;
}

export function entriesFrom(log: RaftLog, offset: number, max: number): RaftLogEntry[] {
  const from = Math.max(0, offset - log.startOffset);
  return log.entries.slice(from, from + max);
}

/**
 * Kafka's `endOffsetForEpoch`: for `epoch`, the largest epoch ≤ it that the log holds and the
 * offset where that epoch ends (the log end when it is the last epoch).
 */
export function endOffsetForEpoch(log: RaftLog, epoch: number): { epoch: number; endOffset: number } {
  if (epoch === lastLogEpoch(log)) return { epoch, endOffset: logEndOffset(log) };
  for (let i = log.entries.length - 1; i >= 0; i--) {
    const e = log.entries[i] as RaftLogEntry;
    if (e.epoch <= epoch) return { epoch: e.epoch, endOffset: e.offset + 1 };
  }
  if (log.startOffset > 0 && log.startEpoch <= epoch)
    return { epoch: log.startEpoch, endOffset: log.startOffset };
  return { epoch: -1, endOffset: log.startOffset };
}

/** Drops the entries at and after `offset` (never before the log's start). Returns how many. */
export function truncateLog(log: RaftLog, offset: number): number {
  const keep = Math.max(0, offset - log.startOffset);
  const dropped = Math.max(0, log.entries.length - keep);
  if (dropped > 0) log.entries.length = keep;
  return dropped;
}

/**
 * Appends fetched entries that continue the log; returns false (appending nothing) when they do
 * not start at the log end.
 */
export function appendFetched(log: RaftLog, entries: readonly RaftLogEntry[]): boolean {
  const first = entries[0];
  if (first === undefined) return true;
  if (first.offset !== logEndOffset(log)) return false;
  for (const e of entries) log.entries.push(e);
  return true;
}

// ---------------------------------------------------------------------------------- state

export interface RaftTimings {
  electionTimeoutMs: number;
  fetchTimeoutMs: number;
  electionBackoffMaxMs: number;
  requestTimeoutMs: number;
  retryBackoffMs: number;
  /** How long a leader holds a fetch that has nothing new (KafkaRaftClient's 500 ms). */
  fetchMaxWaitMs: number;
}

/** Kafka's raft client holds an idle fetch this long. */
export const FETCH_MAX_WAIT_MS = 500;
/** Kafka's RETRY_BACKOFF_BASE_MS: the unit of the election backoff. */
export const ELECTION_BACKOFF_BASE_MS = 100;
/** A leader resigns after this many fetch timeouts without fetches from a majority. */
export const CHECK_QUORUM_TIMEOUT_FACTOR = 1.5;
/** Pause before reconnecting after a reset connection (Kafka's reconnect.backoff.ms default). */
export const RECONNECT_BACKOFF_MS = 50;
/** At most this many entries in one fetch response. */
export const MAX_FETCH_ENTRIES = 1000;

export function raftTimingsFromConfig(config: BrokerConfig): RaftTimings {
  return {
    electionTimeoutMs: config['controller.quorum.election.timeout.ms'],
    fetchTimeoutMs: config['controller.quorum.fetch.timeout.ms'],
    electionBackoffMaxMs: config['controller.quorum.election.backoff.max.ms'],
    requestTimeoutMs: config['controller.quorum.request.timeout.ms'],
    retryBackoffMs: config['controller.quorum.retry.backoff.ms'],
    fetchMaxWaitMs: FETCH_MAX_WAIT_MS,
  };
}

export type RaftRole = 'unattached' | 'follower' | 'candidate' | 'leader' | 'resigned';

export interface VoterProgress {
  id: number;
  /** The offset the voter last fetched from (it holds everything before); -1 = not heard from. */
  endOffset: number;
  lastFetchAtMs: number;
  /** It acknowledged BeginQuorumEpoch (or fetched) in this epoch. */
  acked: boolean;
  /** Correlation id of the BeginQuorumEpoch in flight to it, or -1. */
  beginInFlight: number;
}

export interface ObserverProgress {
  replicaId: number;
  endOffset: number;
  lastFetchAtMs: number;
}

/** A fetch the leader holds until it has something to say. */
export interface ParkedFetch {
  from: NodeId;
  request: FetchMetadataRequest;
}

export interface RaftState {
  /** Voter id, 1..n. */
  id: number;
  node: NodeId;
  /** Stable name (`controller-1`): the id of its random stream. */
  name: string;
  /** Kernel node of voter i + 1 at index i. */
  voterNodes: NodeId[];
  timings: RaftTimings;

  // Durable: the log and the quorum-state file.
  log: RaftLog;
  epoch: number;
  votedFor: number;
  persistedLeaderId: number;

  // Volatile.
  role: RaftRole;
  leaderId: number;
  /** Entries below this offset are committed. */
  highWatermark: number;
  /** Bumped at every role change and crash: older timers are ignored. */
  gen: number;
  electionGen: number;
  electionDeadlineMs: number;
  /** Follower: a candidate at this time unless a fetch succeeds before. */
  fetchDeadlineMs: number;
  /** Follower: correlation id of the fetch in flight, or -1. */
  fetchInFlight: number;
  /** Consecutive candidacies without a known leader (drives the backoff). */
  retries: number;
  /** Candidate: voters that granted or rejected its vote in this epoch. */
  granted: number[];
  rejected: number[];
  backingOff: boolean;
  /** Leader: offset of its LeaderChange record. */
  epochStartOffset: number;
  voters: VoterProgress[];
  observers: Record<string, ObserverProgress>;
  parked: ParkedFetch[];
  checkQuorumFetched: number[];
  checkQuorumDeadlineMs: number;
  nextCorrelationId: number;
}

export const RAFT_TIMERS = {
  election: 'KraftElectionTimeout',
  fetchTimeout: 'KraftFetchTimeout',
  checkQuorum: 'KraftCheckQuorum',
  fetchExpire: 'KraftFetchExpire',
  requestTimeout: 'KraftRequestTimeout',
  retry: 'KraftRetry',
} as const;

const RAFT_TIMER_NAMES: readonly string[] = Object.values(RAFT_TIMERS);
const RAFT_KINDS: readonly string[] = [
  'Vote',
  'VoteResponse',
  'BeginQuorumEpoch',
  'BeginQuorumEpochResponse',
  'FetchMetadata',
  'FetchMetadataResponse',
];

export function isRaftTimer(name: string): boolean {
  return RAFT_TIMER_NAMES.includes(name);
}

/** Raft messages, including the `Disconnected` of a Raft request this node sent. */
export function isRaftMessage(msg: Message): boolean {
  if (msg.kind === DISCONNECTED) return RAFT_KINDS.includes((msg.payload as DisconnectedPayload).requestKind);
  return RAFT_KINDS.includes(msg.kind);
}

export function newRaftState(
  id: number,
  node: NodeId,
  voterNodes: readonly NodeId[],
  timings: RaftTimings,
  name = `controller-${id}`,
): RaftState {
  return {
    id,
    node,
    name,
    voterNodes: [...voterNodes],
    timings: { ...timings },
    log: newRaftLog(),
    epoch: 0,
    votedFor: -1,
    persistedLeaderId: -1,
    role: 'unattached',
    leaderId: -1,
    highWatermark: 0,
    gen: 0,
    electionGen: 0,
    electionDeadlineMs: 0,
    fetchDeadlineMs: 0,
    fetchInFlight: -1,
    retries: 0,
    granted: [],
    rejected: [],
    backingOff: false,
    epochStartOffset: 0,
    voters: [],
    observers: {},
    parked: [],
    checkQuorumFetched: [],
    checkQuorumDeadlineMs: 0,
    nextCorrelationId: 1,
  };
}

export function majority(voterCount: number): number {
  return Math.floor(voterCount / 2) + 1;
}

function voterIds(r: RaftState): number[] {
  return r.voterNodes.map((_, i) => i + 1);
}

function voterNode(r: RaftState, voterId: number): NodeId {
  const node = r.voterNodes[voterId - 1];
  if (node === undefined) throw new Error(`raft: no voter ${voterId}`);
  return node;
}

function isVoter(r: RaftState, id: number): boolean {
  return id >= 1 && id <= r.voterNodes.length;
}

// ---------------------------------------------------------------------------------- lifecycle

/** The process starts (first boot or restart): its role comes from the persisted quorum state. */
export function raftStart(world: KraftWorld, r: RaftState): void {
  if (r.voterNodes.length === 1) {
    becomeCandidate(world, r);
    return;
  }
  if (r.persistedLeaderId >= 1 && r.persistedLeaderId !== r.id)
    becomeFollower(world, r, r.epoch, r.persistedLeaderId);
  else becomeUnattached(world, r, r.epoch, true);
}

/**
 * The process dies: volatile state goes, the log and quorum state stay. Returns the fetches it
 * was holding, whose connections the integrator resets (unless the machine itself went down).
 */
export function raftCrash(r: RaftState): ParkedFetch[] {
  const parked = r.parked;
  r.role = 'unattached';
  r.leaderId = -1;
  r.highWatermark = 0;
  r.gen++;
  r.electionGen++;
  r.fetchInFlight = -1;
  r.retries = 0;
  r.granted = [];
  r.rejected = [];
  r.backingOff = false;
  r.voters = [];
  r.observers = {};
  r.parked = [];
  r.checkQuorumFetched = [];
  return parked;
}

function enterRole(world: KraftWorld, r: RaftState, role: RaftRole, epoch: number, leaderId: number): void {
  const parked = r.role === 'leader' ? r.parked : [];
  if (epoch > r.epoch) {
    r.epoch = epoch;
    r.votedFor = -1;
  }
  r.role = role;
  r.leaderId = leaderId;
  r.persistedLeaderId = leaderId;
  r.gen++;
  r.electionGen++;
  r.fetchInFlight = -1;
  r.granted = [];
  r.rejected = [];
  r.backingOff = false;
  r.voters = [];
  r.observers = {};
  r.parked = [];
  r.checkQuorumFetched = [];
  // Fetches the old leader was holding learn where leadership went.
  for (const p of parked) respondFetch(world, r, p.from, p.request, 'NOT_LEADER_OR_FOLLOWER', [], null);
}

function randomElectionTimeoutMs(world: KraftWorld, r: RaftState): number {
  const t = r.timings.electionTimeoutMs;
  return t <= 0 ? 0 : t + world.randomInt(r.name, t);
}

/** KafkaRaftClient.binaryExponentialElectionBackoffMs. */
function electionBackoffMs(world: KraftWorld, r: RaftState): number {
  const retries = Math.max(1, r.retries);
  const bound = 2 << Math.min(20, retries - 1);
  return Math.min(ELECTION_BACKOFF_BASE_MS * world.randomInt(r.name, bound), r.timings.electionBackoffMaxMs);
}

function armElection(world: KraftWorld, r: RaftState, delayMs: number): void {
  r.electionGen++;
  r.electionDeadlineMs = world.nowMs + delayMs;
  world.setTimer(r.node, delayMs, RAFT_TIMERS.election, { gen: r.gen, electionGen: r.electionGen });
}

/**
 * Unattached in `epoch`. A voter that was already waiting for an election (unattached or
 * candidate) keeps the time it had left, as Kafka's QuorumState does: a candidate that keeps
 * coming back with higher epochs cannot hold the others' timers back forever.
 */
function becomeUnattached(world: KraftWorld, r: RaftState, epoch: number, fresh = false): void {
  const keep = !fresh && (r.role === 'unattached' || r.role === 'candidate');
  const remaining = Math.max(0, r.electionDeadlineMs - world.nowMs);
  enterRole(world, r, 'unattached', epoch, -1);
  armElection(world, r, keep ? remaining : randomElectionTimeoutMs(world, r));
}

function becomeFollower(world: KraftWorld, r: RaftState, epoch: number, leaderId: number): void {
  enterRole(world, r, 'follower', epoch, leaderId);
  r.retries = 0;
  r.fetchDeadlineMs = world.nowMs + r.timings.fetchTimeoutMs;
  world.setTimer(r.node, r.timings.fetchTimeoutMs, RAFT_TIMERS.fetchTimeout, { gen: r.gen });
  sendFetch(world, r);
}

function becomeCandidate(world: KraftWorld, r: RaftState): void {
  enterRole(world, r, 'candidate', r.epoch + 1, -1);
  r.votedFor = r.id;
  r.granted = [r.id];
  r.retries++;
  world.emit('RaftElectionStarted', { controller: r.id, epoch: r.epoch });
  if (r.granted.length >= majority(r.voterNodes.length)) {
    becomeLeader(world, r);
    return;
  }
  armElection(world, r, randomElectionTimeoutMs(world, r));
  const req: Omit<VoteRequest, 'correlationId'> = {
    candidateId: r.id,
    candidateEpoch: r.epoch,
    lastOffsetEpoch: lastLogEpoch(r.log),
    lastOffset: logEndOffset(r.log),
  };
  for (const v of voterIds(r)) {
    if (v === r.id) continue;
    world.send<VoteRequest>(
      r.node,
      voterNode(r, v),
      'Vote',
      { correlationId: r.nextCorrelationId++, ...req },
      KRAFT_HEADER_BYTES,
    );
  }
}

function becomeLeader(world: KraftWorld, r: RaftState): void {
  enterRole(world, r, 'leader', r.epoch, r.id);
  r.retries = 0;
  r.epochStartOffset = logEndOffset(r.log);
  r.voters = voterIds(r).map((id) => ({
    id,
    endOffset: -1,
    lastFetchAtMs: -1,
    acked: id === r.id,
    beginInFlight: -1,
  }));
  r.log.entries.push({
    offset: r.epochStartOffset,
    epoch: r.epoch,
    record: { type: 'LeaderChange', epoch: r.epoch, leader: r.id },
  });
  world.emit('RaftLeaderElected', { controller: r.id, epoch: r.epoch, epochStartOffset: r.epochStartOffset });
  for (const v of r.voters) if (v.id !== r.id) sendBeginQuorumEpoch(world, r, v);
  if (r.voterNodes.length > 1) {
    const window = Math.floor(r.timings.fetchTimeoutMs * CHECK_QUORUM_TIMEOUT_FACTOR);
    r.checkQuorumDeadlineMs = world.nowMs + window;
    world.setTimer(r.node, window, RAFT_TIMERS.checkQuorum, { gen: r.gen });
  }
  maybeAdvanceHighWatermark(r);
}

function resign(world: KraftWorld, r: RaftState, reason: string): void {
  const epoch = r.epoch;
  enterRole(world, r, 'resigned', r.epoch, -1);
  world.emit('RaftLeaderResigned', { controller: r.id, epoch, reason });
  armElection(world, r, randomElectionTimeoutMs(world, r));
}

/** A message said `epoch` (and maybe its leader): step down to a higher epoch, or follow a leader found in ours. */
function observeEpoch(world: KraftWorld, r: RaftState, epoch: number, leaderId: number): void {
  if (epoch > r.epoch) {
    if (leaderId >= 1 && leaderId !== r.id) becomeFollower(world, r, epoch, leaderId);
    else becomeUnattached(world, r, epoch);
    return;
  }
  if (
    epoch === r.epoch &&
    leaderId >= 1 &&
    leaderId !== r.id &&
    (r.role === 'unattached' || r.role === 'candidate')
  ) {
    becomeFollower(world, r, epoch, leaderId);
  }
}

// ---------------------------------------------------------------------------------- leader side

/**
 * Appends records at the leader in its epoch. Returns the offset of the last one. Parked fetches
 * are answered; with a single voter the records commit at once.
 */
export function raftAppend(world: KraftWorld, r: RaftState, records: readonly MetadataRecord[]): number {
  if (r.role !== 'leader') throw new Error(`raft: controller ${r.id} appends while ${r.role}`);
  for (const record of records) r.log.entries.push({ offset: logEndOffset(r.log), epoch: r.epoch, record });
  maybeAdvanceHighWatermark(r);
  completeParked(world, r);
  return logEndOffset(r.log) - 1;
}

/** The majority's offset, once it covers this leader's LeaderChange. Returns true when it moved. */
function maybeAdvanceHighWatermark(r: RaftState): boolean {
  if (r.role !== 'leader') return false;
  const leo = logEndOffset(r.log);
  const offsets = r.voters.map((v) => (v.id === r.id ? leo : v.endOffset)).sort((a, b) => b - a);
  const candidate = offsets[Math.floor(offsets.length / 2)] ?? -1;
  if (candidate > r.highWatermark && candidate > r.epochStartOffset) {
    r.highWatermark = candidate;
    return true;
  }
  return false;
}

function respondFetch(
  world: KraftWorld,
  r: RaftState,
  to: NodeId,
  req: FetchMetadataRequest,
  error: KafkaErrorName,
  entries: RaftLogEntry[],
  divergingEpoch: FetchMetadataResponse['divergingEpoch'],
): void {
  const resp: FetchMetadataResponse = {
    correlationId: req.correlationId,
    error,
    epoch: r.epoch,
    leaderId: r.leaderId,
    highWatermark: r.highWatermark,
    entries,
    divergingEpoch,
  };
  world.send<FetchMetadataResponse>(
    r.node,
    to,
    'FetchMetadataResponse',
    resp,
    KRAFT_HEADER_BYTES + KRAFT_ENTRY_BYTES * entries.length,
  );
}

function completeParked(world: KraftWorld, r: RaftState): void {
  if (r.parked.length === 0) return;
  const parked = r.parked;
  r.parked = [];
  for (const p of parked)
    respondFetch(
      world,
      r,
      p.from,
      p.request,
      'NONE',
      entriesFrom(r.log, p.request.fetchOffset, MAX_FETCH_ENTRIES),
      null,
    );
}

function onFetchRequest(world: KraftWorld, r: RaftState, from: NodeId, req: FetchMetadataRequest): void {
  if (r.role !== 'leader') {
    respondFetch(world, r, from, req, 'NOT_LEADER_OR_FOLLOWER', [], null);
    return;
  }
  if (req.epoch < r.epoch) {
    respondFetch(world, r, from, req, 'FENCED_LEADER_EPOCH', [], null);
    return;
  }
  if (req.epoch > r.epoch) {
    respondFetch(world, r, from, req, 'UNKNOWN_LEADER_EPOCH', [], null);
    return;
  }
  if (req.fetchOffset > 0) {
    const end = endOffsetForEpoch(r.log, req.lastFetchedEpoch);
    if (end.epoch < req.lastFetchedEpoch || end.endOffset < req.fetchOffset) {
      respondFetch(world, r, from, req, 'NONE', [], { epoch: end.epoch, endOffset: end.endOffset });
      return;
    }
  }
  const now = world.nowMs;
  let moved = false;
  const voter =
    !req.observer && isVoter(r, req.replicaId) ? r.voters.find((v) => v.id === req.replicaId) : undefined;
  if (voter !== undefined) {
    voter.endOffset = Math.max(voter.endOffset, req.fetchOffset);
    voter.lastFetchAtMs = now;
    voter.acked = true;
    noteCheckQuorumFetch(world, r, voter.id);
    moved = maybeAdvanceHighWatermark(r);
  } else {
    r.observers[String(req.replicaId)] = {
      replicaId: req.replicaId,
      endOffset: req.fetchOffset,
      lastFetchAtMs: now,
    };
  }
  if (moved) completeParked(world, r);
  // Answer at once with new entries, or with a high watermark the fetcher has not seen (KIP-1166).
  if (req.fetchOffset < logEndOffset(r.log) || req.highWatermark < r.highWatermark || req.maxWaitMs <= 0) {
    respondFetch(world, r, from, req, 'NONE', entriesFrom(r.log, req.fetchOffset, MAX_FETCH_ENTRIES), null);
    return;
  }
  r.parked.push({ from, request: req });
  world.setTimer(r.node, req.maxWaitMs, RAFT_TIMERS.fetchExpire, {
    gen: r.gen,
    from,
    correlationId: req.correlationId,
  });
}

function noteCheckQuorumFetch(world: KraftWorld, r: RaftState, voterId: number): void {
  if (!r.checkQuorumFetched.includes(voterId)) r.checkQuorumFetched.push(voterId);
  if (r.checkQuorumFetched.length + 1 >= majority(r.voterNodes.length)) {
    r.checkQuorumFetched = [];
    r.checkQuorumDeadlineMs =
      world.nowMs + Math.floor(r.timings.fetchTimeoutMs * CHECK_QUORUM_TIMEOUT_FACTOR);
  }
}

function sendBeginQuorumEpoch(world: KraftWorld, r: RaftState, v: VoterProgress): void {
  const correlationId = r.nextCorrelationId++;
  v.beginInFlight = correlationId;
  world.send<BeginQuorumEpochRequest>(
    r.node,
    voterNode(r, v.id),
    'BeginQuorumEpoch',
    { correlationId, leaderId: r.id, epoch: r.epoch },
    KRAFT_HEADER_BYTES,
  );
  world.setTimer(r.node, r.timings.requestTimeoutMs, RAFT_TIMERS.requestTimeout, {
    gen: r.gen,
    kind: 'BeginQuorumEpoch',
    voter: v.id,
    correlationId,
  });
}

// ---------------------------------------------------------------------------------- follower side

function sendFetch(world: KraftWorld, r: RaftState): void {
  if (r.role !== 'follower' || r.fetchInFlight !== -1) return;
  const correlationId = r.nextCorrelationId++;
  r.fetchInFlight = correlationId;
  const req: FetchMetadataRequest = {
    correlationId,
    replicaId: r.id,
    observer: false,
    epoch: r.epoch,
    fetchOffset: logEndOffset(r.log),
    lastFetchedEpoch: lastLogEpoch(r.log),
    highWatermark: r.highWatermark,
    maxWaitMs: r.timings.fetchMaxWaitMs,
  };
  world.send<FetchMetadataRequest>(
    r.node,
    voterNode(r, r.leaderId),
    'FetchMetadata',
    req,
    KRAFT_HEADER_BYTES,
  );
  world.setTimer(r.node, r.timings.requestTimeoutMs, RAFT_TIMERS.requestTimeout, {
    gen: r.gen,
    kind: 'FetchMetadata',
    correlationId,
  });
}

function onFetchResponse(world: KraftWorld, r: RaftState, resp: FetchMetadataResponse): void {
  if (resp.correlationId !== r.fetchInFlight) return;
  r.fetchInFlight = -1;
  if (resp.epoch > r.epoch) {
    observeEpoch(world, r, resp.epoch, resp.leaderId);
    return;
  }
  if (r.role !== 'follower') return;
  if (resp.error !== 'NONE' || resp.epoch < r.epoch) {
    world.setTimer(r.node, r.timings.retryBackoffMs, RAFT_TIMERS.retry, {
      gen: r.gen,
      kind: 'FetchMetadata',
    });
    return;
  }
  r.fetchDeadlineMs = world.nowMs + r.timings.fetchTimeoutMs;
  if (resp.divergingEpoch !== null) {
    const own = endOffsetForEpoch(r.log, resp.divergingEpoch.epoch);
    const to = Math.max(r.highWatermark, Math.min(resp.divergingEpoch.endOffset, own.endOffset));
    const dropped = truncateLog(r.log, to);
    if (dropped > 0)
      world.emit('RaftLogTruncated', { controller: r.id, epoch: r.epoch, offset: to, dropped });
    sendFetch(world, r);
    return;
  }
  if (appendFetched(r.log, resp.entries)) {
    const hw = Math.min(resp.highWatermark, logEndOffset(r.log));
    if (hw > r.highWatermark) r.highWatermark = hw;
  }
  sendFetch(world, r);
}

// ---------------------------------------------------------------------------------- votes

function logIsUpToDate(r: RaftState, req: VoteRequest): boolean {
  const mine = lastLogEpoch(r.log);
  return (
    req.lastOffsetEpoch > mine || (req.lastOffsetEpoch === mine && req.lastOffset >= logEndOffset(r.log))
  );
}

function onVoteRequest(world: KraftWorld, r: RaftState, from: NodeId, req: VoteRequest): void {
  let error: KafkaErrorName = 'NONE';
  let granted = false;
  if (req.candidateEpoch < r.epoch) {
    error = 'FENCED_LEADER_EPOCH';
  } else {
    if (req.candidateEpoch > r.epoch) becomeUnattached(world, r, req.candidateEpoch);
    if (
      r.role === 'unattached' &&
      (r.votedFor === -1 || r.votedFor === req.candidateId) &&
      logIsUpToDate(r, req)
    ) {
      granted = true;
      r.votedFor = req.candidateId;
      armElection(world, r, randomElectionTimeoutMs(world, r));
    }
  }
  const resp: VoteResponse = {
    correlationId: req.correlationId,
    error,
    voterId: r.id,
    epoch: r.epoch,
    leaderId: r.leaderId,
    voteGranted: granted,
  };
  world.send<VoteResponse>(r.node, from, 'VoteResponse', resp, KRAFT_HEADER_BYTES);
}

function startBackoff(world: KraftWorld, r: RaftState): void {
  r.backingOff = true;
  armElection(world, r, electionBackoffMs(world, r));
}

function onVoteResponse(world: KraftWorld, r: RaftState, resp: VoteResponse): void {
  if (resp.epoch > r.epoch) {
    observeEpoch(world, r, resp.epoch, resp.leaderId);
    return;
  }
  if (resp.epoch === r.epoch && resp.leaderId >= 1 && resp.leaderId !== r.id) {
    observeEpoch(world, r, resp.epoch, resp.leaderId);
    return;
  }
  if (r.role !== 'candidate' || resp.epoch !== r.epoch || resp.error !== 'NONE') return;
  const n = r.voterNodes.length;
  if (resp.voteGranted) {
    if (!r.granted.includes(resp.voterId)) r.granted.push(resp.voterId);
    if (r.granted.length >= majority(n)) becomeLeader(world, r);
    return;
  }
  if (!r.rejected.includes(resp.voterId)) r.rejected.push(resp.voterId);
  // Rejected by enough voters that it cannot win: back off at once rather than wait out the timeout.
  if (n - r.rejected.length < majority(n) && !r.backingOff) startBackoff(world, r);
}

function onBeginQuorumEpoch(
  world: KraftWorld,
  r: RaftState,
  from: NodeId,
  req: BeginQuorumEpochRequest,
): void {
  let error: KafkaErrorName = 'NONE';
  if (req.epoch < r.epoch) {
    error = 'FENCED_LEADER_EPOCH';
  } else if (
    !(r.role === 'follower' && r.epoch === req.epoch && r.leaderId === req.leaderId) &&
    !(r.role === 'leader' && r.epoch === req.epoch)
  ) {
    becomeFollower(world, r, req.epoch, req.leaderId);
  }
  const resp: BeginQuorumEpochResponse = {
    correlationId: req.correlationId,
    error,
    voterId: r.id,
    epoch: r.epoch,
    leaderId: r.leaderId,
  };
  world.send<BeginQuorumEpochResponse>(r.node, from, 'BeginQuorumEpochResponse', resp, KRAFT_HEADER_BYTES);
}

function onBeginQuorumEpochResponse(world: KraftWorld, r: RaftState, resp: BeginQuorumEpochResponse): void {
  if (resp.epoch > r.epoch) {
    observeEpoch(world, r, resp.epoch, resp.leaderId);
    return;
  }
  if (r.role !== 'leader' || resp.epoch !== r.epoch) return;
  const v = r.voters.find((x) => x.id === resp.voterId);
  if (v === undefined) return;
  v.beginInFlight = -1;
  if (resp.error === 'NONE') v.acked = true;
}

// ---------------------------------------------------------------------------------- dispatch

/** Handles a Raft message (see `isRaftMessage`). */
export function raftOnMessage(world: KraftWorld, r: RaftState, msg: Message): void {
  switch (msg.kind) {
    case 'Vote':
      onVoteRequest(world, r, msg.from, msg.payload as VoteRequest);
      return;
    case 'VoteResponse':
      onVoteResponse(world, r, msg.payload as VoteResponse);
      return;
    case 'BeginQuorumEpoch':
      onBeginQuorumEpoch(world, r, msg.from, msg.payload as BeginQuorumEpochRequest);
      return;
    case 'BeginQuorumEpochResponse':
      onBeginQuorumEpochResponse(world, r, msg.payload as BeginQuorumEpochResponse);
      return;
    case 'FetchMetadata':
      onFetchRequest(world, r, msg.from, msg.payload as FetchMetadataRequest);
      return;
    case 'FetchMetadataResponse':
      onFetchResponse(world, r, msg.payload as FetchMetadataResponse);
      return;
    case DISCONNECTED:
      onDisconnected(world, r, msg.payload as DisconnectedPayload);
      return;
    default:
      return;
  }
}

function onDisconnected(world: KraftWorld, r: RaftState, d: DisconnectedPayload): void {
  if (d.requestKind === 'FetchMetadata') {
    const req = d.request as FetchMetadataRequest;
    if (r.role !== 'follower' || req.correlationId !== r.fetchInFlight) return;
    r.fetchInFlight = -1;
    world.setTimer(r.node, Math.max(r.timings.retryBackoffMs, RECONNECT_BACKOFF_MS), RAFT_TIMERS.retry, {
      gen: r.gen,
      kind: 'FetchMetadata',
    });
  } else if (d.requestKind === 'BeginQuorumEpoch') {
    const req = d.request as BeginQuorumEpochRequest;
    if (r.role !== 'leader' || req.epoch !== r.epoch) return;
    const v = r.voters.find((x) => x.beginInFlight === req.correlationId);
    if (v === undefined || v.acked) return;
    v.beginInFlight = -1;
    world.setTimer(r.node, r.timings.requestTimeoutMs, RAFT_TIMERS.retry, {
      gen: r.gen,
      kind: 'BeginQuorumEpoch',
      voter: v.id,
    });
  }
  // A Vote that did not get through is not resent: the election timeout starts another round.
}

interface RaftTimerData {
  gen: number;
  electionGen?: number;
  kind?: string;
  voter?: number;
  from?: NodeId;
  correlationId?: number;
}

/** Handles a Raft timer (see `isRaftTimer`). */
export function raftOnTimer(world: KraftWorld, r: RaftState, name: string, data: unknown): void {
  const d = data as RaftTimerData;
  if (d.gen !== r.gen) return;
  const now = world.nowMs;
  switch (name) {
    case RAFT_TIMERS.election:
      if (d.electionGen !== r.electionGen) return;
      if (r.role === 'unattached' || r.role === 'resigned') becomeCandidate(world, r);
      else if (r.role === 'candidate') {
        if (r.backingOff) becomeCandidate(world, r);
        else startBackoff(world, r);
      }
      return;
    case RAFT_TIMERS.fetchTimeout:
      if (r.role !== 'follower') return;
      if (now < r.fetchDeadlineMs)
        world.setTimer(r.node, r.fetchDeadlineMs - now, RAFT_TIMERS.fetchTimeout, { gen: r.gen });
      else becomeCandidate(world, r);
      return;
    case RAFT_TIMERS.checkQuorum:
      if (r.role !== 'leader') return;
      if (now < r.checkQuorumDeadlineMs)
        world.setTimer(r.node, r.checkQuorumDeadlineMs - now, RAFT_TIMERS.checkQuorum, { gen: r.gen });
      else resign(world, r, 'check-quorum');
      return;
    case RAFT_TIMERS.fetchExpire: {
      const i = r.parked.findIndex((p) => p.from === d.from && p.request.correlationId === d.correlationId);
      const p = r.parked[i];
      if (p === undefined) return;
      r.parked.splice(i, 1);
      respondFetch(
        world,
        r,
        p.from,
        p.request,
        'NONE',
        entriesFrom(r.log, p.request.fetchOffset, MAX_FETCH_ENTRIES),
        null,
      );
      return;
    }
    case RAFT_TIMERS.requestTimeout:
      if (d.kind === 'FetchMetadata') {
        if (r.role === 'follower' && r.fetchInFlight === d.correlationId) {
          r.fetchInFlight = -1;
          sendFetch(world, r);
        }
      } else if (d.kind === 'BeginQuorumEpoch') {
        const v = r.voters.find((x) => x.id === d.voter);
        if (r.role === 'leader' && v !== undefined && !v.acked && v.beginInFlight === d.correlationId)
          sendBeginQuorumEpoch(world, r, v);
      }
      return;
    case RAFT_TIMERS.retry:
      if (d.kind === 'FetchMetadata') sendFetch(world, r);
      else if (d.kind === 'BeginQuorumEpoch') {
        const v = r.voters.find((x) => x.id === d.voter);
        if (r.role === 'leader' && v !== undefined && !v.acked && v.beginInFlight === -1)
          sendBeginQuorumEpoch(world, r, v);
      }
      return;
    default:
      return;
  }
}
