/**
 * The active controller (QuorumController, KIP-631): the Raft leader, once its LeaderChange record
 * is committed (Kafka only hands leadership to the controller after it has replayed that far).
 *
 * Every decision becomes records appended to the metadata log; the active controller applies its
 * own records to its image at once (so the next decision sees them), and sends each response only
 * when every record written so far is committed. A controller that loses leadership fails what it
 * still owed with NOT_CONTROLLER and rebuilds its image from the committed records.
 *
 * - BrokerRegistration: a broker registers fenced; its broker epoch is the offset of its
 *   RegisterBroker record. Another live incarnation of the id within its session is refused
 *   (DUPLICATE_BROKER_REGISTRATION); a new incarnation replaces the old one, which leaves ISRs.
 * - BrokerHeartbeat (BrokerHeartbeatManager.calculateNextBrokerState): a fenced broker is unfenced
 *   once it reports a metadata offset ≥ its registration offset; `wantShutDown` puts an unfenced
 *   broker that leads partitions in controlled shutdown (leaderships and ISR membership move away
 *   at once) and grants the shutdown once it leads nothing and every active broker has caught up
 *   past that record; a broker with nothing to lead is fenced and let go at once.
 * - Session: an unfenced broker that has not heartbeated for broker.session.timeout.ms is fenced.
 *   Fencing removes it from every ISR and moves its leaderships (election.ts rules; unclean only
 *   when the topic allows it); a broker unfenced again gives offline partitions a leader back.
 * - CreateTopics (Kafka's checks and errors), placement by StripedReplicaPlacer over the
 *   registered brokers not in controlled shutdown (fenced ones only as followers), ISR = the
 *   active replicas, leader = the first of them.
 * - AlterPartition from a leader: checked against the leader epoch and partition epoch, then a
 *   PartitionChange with partition epoch + 1. ElectLeaders (preferred or unclean) on request, and
 *   a preferred election every leader.imbalance.check.interval.seconds when
 *   auto.leader.rebalance.enable.
 */
import type { Message, NodeId } from '../../../sim/types';
import { stripedPlacement, type StripedBroker } from '../../algorithms';
import { leaderImbalanceCheckIntervalMs, resolveTopicConfig } from '../../config/resolve';
import { topicNamesCollide, validateTopicName } from '../../config/names';
import type { BrokerConfig } from '../../config/types';
import { getOwn } from '../../dict';
import { tpKey } from '../../names';
import type { KafkaErrorName } from '../../protocol/errors';
import type {
  AlterPartitionResponse,
  CreatableTopic,
  CreateTopicsRequest,
  CreateTopicsResponse,
  PartitionState,
} from '../../protocol/messages';
import {
  electForControlledShutdown,
  electOnBrokerLoss,
  electOnBrokerReturn,
  electPreferred,
  imbalancedPartitions,
  type ElectionResult,
} from '../election';
import {
  KRAFT_HEADER_BYTES,
  type BrokerHeartbeatRequest,
  type BrokerHeartbeatResponse,
  type BrokerRegistrationRequest,
  type BrokerRegistrationResponse,
  type ElectLeadersRequest,
  type ElectLeadersResponse,
  type KraftAlterPartitionRequest,
} from './protocol';
import { logEndOffset, raftAppend, type KraftWorld, type RaftState } from './raft';
import {
  applyEntry,
  brokerRegistration,
  isActiveBroker,
  newMetadataImage,
  partitionChangeRecord,
  partitionList,
  type MetadataImage,
  type MetadataRecord,
  type RaftLogEntry,
} from './records';

/** What the active controller tracks per broker outside the log (BrokerHeartbeatManager). */
export interface BrokerHeartbeatInfo {
  /** The metadata offset its last heartbeat reported (-1 = none yet). */
  metadataOffset: number;
  /** Offset of the records that put it in controlled shutdown (-1 = not shutting down). */
  controlledShutdownOffset: number;
}

/** A response owed once every record written before it is committed. */
export interface PendingReply {
  offset: number;
  to: NodeId;
  kind: string;
  payload: unknown;
  /** What to send instead if leadership is lost first. */
  notControllerPayload: unknown;
  requestKind: string;
  request: unknown;
  sizeBytes: number;
}

/** A domain event to emit when the record it explains commits. */
export interface PendingEvent {
  offset: number;
  type: string;
  fields: Record<string, unknown>;
}

export interface ActiveControllerState {
  /** The Raft epoch it is active in. */
  epoch: number;
  brokers: Record<string, BrokerHeartbeatInfo>;
  replies: PendingReply[];
  events: PendingEvent[];
  /** Time of the armed session check, or -1. */
  sessionCheckAtMs: number;
}

/** One controller process (`controller-N`): its Raft voter, its metadata image, its active role. */
export interface KraftControllerState {
  /** Voter id, 1..n. */
  id: number;
  node: NodeId;
  name: string;
  up: boolean;
  /** The controller's own server config: quorum timings and the defaults for new topics. */
  config: BrokerConfig;
  raft: RaftState;
  /** Committed records applied, or, while active, every record of its log. */
  image: MetadataImage;
  active: ActiveControllerState | null;
}

export const QC_TIMERS = {
  sessionCheck: 'KraftSessionCheck',
  imbalanceCheck: 'KraftLeaderImbalanceCheck',
} as const;

const NOT_ACTIVE_OFFSET = Number.MAX_SAFE_INTEGER;

// ---------------------------------------------------------------------------------- commit, activation

/**
 * Brings the controller in line with its Raft state after any Raft event: deactivates a
 * controller that lost leadership, applies newly committed records, activates a leader whose
 * LeaderChange has committed, and sends the responses and events whose records are committed.
 */
export function syncWithRaft(world: KraftWorld, s: KraftControllerState): void {
  const r = s.raft;
  if (s.active !== null && !(r.role === 'leader' && r.epoch === s.active.epoch)) deactivate(world, s);
  if (s.active === null) {
    applyCommitted(s.image, r.log.entries, r.highWatermark);
    if (r.role === 'leader' && r.highWatermark > r.epochStartOffset) activate(world, s);
  }
  if (s.active !== null) completeCommitted(world, s);
}

function applyCommitted(image: MetadataImage, entries: readonly RaftLogEntry[], upTo: number): void {
  for (let o = image.nextOffset; o < upTo; o++) {
    const e = entries[o];
    if (e === undefined) break;
    applyEntry(image, e);
  }
}

function activate(world: KraftWorld, s: KraftControllerState): void {
  const r = s.raft;
  applyCommitted(s.image, r.log.entries, logEndOffset(r.log));
  const a: ActiveControllerState = {
    epoch: r.epoch,
    brokers: {},
    replies: [],
    events: [],
    sessionCheckAtMs: -1,
  };
  s.active = a;
  // A new active controller gives every broker a full session from now.
  for (const b of Object.values(s.image.brokers)) {
    b.lastHeartbeatMs = world.nowMs;
    a.brokers[String(b.brokerId)] = {
      metadataOffset: -1,
      controlledShutdownOffset: b.inControlledShutdown ? s.image.nextOffset - 1 : -1,
    };
  }
  world.emit('KraftControllerActivated', {
    controller: s.id,
    epoch: r.epoch,
    metadataOffset: s.image.nextOffset,
  });
  scheduleSessionCheck(world, s);
  if (s.config['auto.leader.rebalance.enable']) {
    world.setTimer(s.node, leaderImbalanceCheckIntervalMs(s.config), QC_TIMERS.imbalanceCheck, {
      epoch: r.epoch,
    });
  }
}

function deactivate(world: KraftWorld, s: KraftControllerState): void {
  const a = s.active;
  if (a === null) return;
  s.active = null;
  for (const p of a.replies) world.send(s.node, p.to, p.kind, p.notControllerPayload, KRAFT_HEADER_BYTES);
  rebuildImage(s);
  world.emit('KraftControllerDeactivated', { controller: s.id, epoch: a.epoch });
}

/** The image of the committed records only (what a controller that is not active holds). */
function rebuildImage(s: KraftControllerState): void {
  const r = s.raft;
  if (s.image.nextOffset > r.highWatermark) {
    s.image = newMetadataImage();
    applyCommitted(s.image, r.log.entries, r.highWatermark);
  } else {
    for (const b of Object.values(s.image.brokers)) b.lastHeartbeatMs = -1;
  }
}

/** The process died: nothing is owed any more. Returns the requests it still held, for their connections' reset. */
export function qcCrash(s: KraftControllerState): { peer: NodeId; requestKind: string; request: unknown }[] {
  const owed =
    s.active?.replies.map((p) => ({ peer: p.to, requestKind: p.requestKind, request: p.request })) ?? [];
  s.active = null;
  s.image = newMetadataImage();
  return owed;
}

function completeCommitted(world: KraftWorld, s: KraftControllerState): void {
  const a = s.active;
  if (a === null) return;
  const hw = s.raft.highWatermark;
  let e = 0;
  while (e < a.events.length && (a.events[e] as PendingEvent).offset < hw) {
    const ev = a.events[e] as PendingEvent;
    world.emit(ev.type, ev.fields);
    e++;
  }
  if (e > 0) a.events.splice(0, e);
  let n = 0;
  while (n < a.replies.length && (a.replies[n] as PendingReply).offset < hw) {
    const p = a.replies[n] as PendingReply;
    world.send(s.node, p.to, p.kind, p.payload, p.sizeBytes);
    n++;
  }
  if (n > 0) a.replies.splice(0, n);
}

/** Appends records (applying them to the image) and the events that explain them. */
function append(
  world: KraftWorld,
  s: KraftControllerState,
  records: MetadataRecord[],
  events: Omit<PendingEvent, 'offset'>[] = [],
): number {
  const r = s.raft;
  const a = s.active;
  if (a === null || records.length === 0) return logEndOffset(r.log) - 1;
  const first = logEndOffset(r.log);
  const last = raftAppend(world, r, records);
  for (let i = 0; i < records.length; i++)
    applyEntry(s.image, { offset: first + i, epoch: r.epoch, record: records[i] as MetadataRecord });
  for (const ev of events) a.events.push({ offset: last, type: ev.type, fields: ev.fields });
  return last;
}

/** Owes `payload` to `msg.from` once everything written so far is committed. */
function reply(
  s: KraftControllerState,
  msg: Message,
  kind: string,
  payload: unknown,
  notControllerPayload: unknown,
  sizeBytes = KRAFT_HEADER_BYTES,
): void {
  const a = s.active;
  if (a === null) return;
  a.replies.push({
    offset: logEndOffset(s.raft.log) - 1,
    to: msg.from,
    kind,
    payload,
    notControllerPayload,
    requestKind: msg.kind,
    request: msg.payload,
    sizeBytes,
  });
}

// ---------------------------------------------------------------------------------- elections

function uncleanAllowed(s: KraftControllerState, topic: string): boolean {
  const t = getOwn(s.image.topics, topic);
  const r = resolveTopicConfig(s.config, t?.configs ?? {}, `topic ${topic}`);
  return r.ok ? r.config['unclean.leader.election.enable'] : false;
}

function partitionEvents(
  s: KraftControllerState,
  before: PartitionState,
  res: ElectionResult,
): Omit<PendingEvent, 'offset'>[] {
  const after = res.state;
  if (after.leader !== before.leader) {
    return [
      {
        type: after.leader >= 0 ? 'LeaderElected' : 'PartitionOffline',
        fields: {
          topic: after.topic,
          partition: after.partition,
          leader: after.leader,
          previousLeader: before.leader,
          leaderEpoch: after.leaderEpoch,
          isr: after.isr,
          reason: res.reason,
          unclean: res.unclean,
          controller: s.id,
        },
      },
    ];
  }
  return isrEvents(s, before, after);
}

function isrEvents(
  s: KraftControllerState,
  before: PartitionState,
  after: PartitionState,
): Omit<PendingEvent, 'offset'>[] {
  const out: Omit<PendingEvent, 'offset'>[] = [];
  const removed = before.isr.filter((b) => !after.isr.includes(b));
  const added = after.isr.filter((b) => !before.isr.includes(b));
  if (removed.length > 0)
    out.push({
      type: 'IsrShrunk',
      fields: {
        topic: after.topic,
        partition: after.partition,
        removed,
        isr: after.isr,
        leader: after.leader,
        controller: s.id,
      },
    });
  if (added.length > 0)
    out.push({
      type: 'IsrExpanded',
      fields: {
        topic: after.topic,
        partition: after.partition,
        added,
        isr: after.isr,
        leader: after.leader,
        controller: s.id,
      },
    });
  return out;
}

/** Runs `elect` over the partitions `only` selects (in topic, partition order) and appends the changes. */
function runElections(
  world: KraftWorld,
  s: KraftControllerState,
  elect: (p: PartitionState) => ElectionResult | null,
  only: (p: PartitionState) => boolean,
): PartitionState[] {
  const records: MetadataRecord[] = [];
  const events: Omit<PendingEvent, 'offset'>[] = [];
  const changed: PartitionState[] = [];
  for (const p of partitionList(s.image)) {
    if (!only(p)) continue;
    const res = elect(p);
    if (res === null) continue;
    records.push(partitionChangeRecord(res.state));
    events.push(...partitionEvents(s, p, res));
    changed.push(res.state);
  }
  append(world, s, records, events);
  return changed;
}

function isLiveIn(s: KraftControllerState): (id: number) => boolean {
  return (id) => isActiveBroker(s.image, id);
}

function fenceBroker(world: KraftWorld, s: KraftControllerState, brokerId: number, reason: string): void {
  append(
    world,
    s,
    [{ type: 'FenceBroker', brokerId }],
    [{ type: 'BrokerFenced', fields: { broker: brokerId, reason, controller: s.id } }],
  );
  const isLive = isLiveIn(s);
  runElections(
    world,
    s,
    (p) => electOnBrokerLoss(p, isLive, uncleanAllowed(s, p.topic)),
    (p) => p.leader === brokerId || p.isr.includes(brokerId),
  );
  const info = s.active?.brokers[String(brokerId)];
  if (info !== undefined) info.controlledShutdownOffset = -1;
}

function unfenceBroker(world: KraftWorld, s: KraftControllerState, brokerId: number): void {
  append(
    world,
    s,
    [{ type: 'UnfenceBroker', brokerId }],
    [{ type: 'BrokerUnfenced', fields: { broker: brokerId, controller: s.id } }],
  );
  const isLive = isLiveIn(s);
  runElections(
    world,
    s,
    (p) => electOnBrokerReturn(p, isLive, uncleanAllowed(s, p.topic)),
    (p) => p.leader < 0 && p.replicas.includes(brokerId),
  );
}

function enterControlledShutdown(world: KraftWorld, s: KraftControllerState, brokerId: number): void {
  append(
    world,
    s,
    [{ type: 'BrokerControlledShutdown', brokerId }],
    [{ type: 'BrokerControlledShutdown', fields: { broker: brokerId, controller: s.id } }],
  );
  const isLive = isLiveIn(s);
  // Hand leadership to another in-sync replica; with none, the partition goes offline now, as
  // KRaft's PartitionChangeBuilder does (the broker keeps its place in a one-member ISR).
  runElections(
    world,
    s,
    (p) =>
      electForControlledShutdown(p, brokerId, isLive) ??
      (p.leader === brokerId ? electOnBrokerLoss(p, isLive, uncleanAllowed(s, p.topic)) : null),
    (p) => p.replicas.includes(brokerId),
  );
  const info = s.active?.brokers[String(brokerId)];
  if (info !== undefined) info.controlledShutdownOffset = logEndOffset(s.raft.log) - 1;
}

function hasLeaderships(s: KraftControllerState, brokerId: number): boolean {
  return Object.values(s.image.partitions).some((p) => p.leader === brokerId);
}

/** The lowest metadata offset reported by an active broker (no active broker: no limit). */
function lowestActiveOffset(s: KraftControllerState): number {
  let lowest = NOT_ACTIVE_OFFSET;
  const a = s.active;
  if (a === null) return lowest;
  for (const b of Object.values(s.image.brokers)) {
    if (b.fenced || b.inControlledShutdown) continue;
    lowest = Math.min(lowest, a.brokers[String(b.brokerId)]?.metadataOffset ?? -1);
  }
  return lowest;
}

// ---------------------------------------------------------------------------------- session timeout

function scheduleSessionCheck(world: KraftWorld, s: KraftControllerState): void {
  const a = s.active;
  if (a === null) return;
  const timeout = s.config['broker.session.timeout.ms'];
  let next = -1;
  for (const b of Object.values(s.image.brokers)) {
    if (b.fenced) continue;
    const expiry = b.lastHeartbeatMs + timeout;
    if (next === -1 || expiry < next) next = expiry;
  }
  if (next === -1) return;
  if (a.sessionCheckAtMs !== -1 && a.sessionCheckAtMs <= next) return;
  a.sessionCheckAtMs = next;
  world.setTimer(s.node, Math.max(0, next - world.nowMs), QC_TIMERS.sessionCheck, {
    epoch: a.epoch,
    atMs: next,
  });
}

function onSessionCheck(
  world: KraftWorld,
  s: KraftControllerState,
  data: { epoch: number; atMs: number },
): void {
  const a = s.active;
  if (a === null || data.epoch !== a.epoch || data.atMs !== a.sessionCheckAtMs) return;
  a.sessionCheckAtMs = -1;
  const timeout = s.config['broker.session.timeout.ms'];
  const stale = Object.values(s.image.brokers)
    .filter((b) => !b.fenced && world.nowMs >= b.lastHeartbeatMs + timeout)
    .map((b) => b.brokerId);
  for (const id of stale) fenceBroker(world, s, id, 'session-timeout');
  scheduleSessionCheck(world, s);
}

function onImbalanceCheck(world: KraftWorld, s: KraftControllerState, data: { epoch: number }): void {
  const a = s.active;
  if (a === null || data.epoch !== a.epoch) return;
  const isLive = isLiveIn(s);
  const targets = new Set(
    imbalancedPartitions(
      partitionList(s.image),
      isLive,
      s.config['leader.imbalance.per.broker.percentage'],
    ).map((p) => tpKey(p.topic, p.partition)),
  );
  if (targets.size > 0) {
    const moved = runElections(
      world,
      s,
      (p) => electPreferred(p, isLive),
      (p) => targets.has(tpKey(p.topic, p.partition)),
    );
    if (moved.length > 0)
      a.events.push({
        offset: logEndOffset(s.raft.log) - 1,
        type: 'PreferredLeaderElection',
        fields: { controller: s.id, moved: moved.length },
      });
  }
  world.setTimer(s.node, leaderImbalanceCheckIntervalMs(s.config), QC_TIMERS.imbalanceCheck, {
    epoch: a.epoch,
  });
}

/** Handles a quorum-controller timer; false when the name is not one. */
export function qcOnTimer(world: KraftWorld, s: KraftControllerState, name: string, data: unknown): boolean {
  if (name === QC_TIMERS.sessionCheck) onSessionCheck(world, s, data as { epoch: number; atMs: number });
  else if (name === QC_TIMERS.imbalanceCheck) onImbalanceCheck(world, s, data as { epoch: number });
  else return false;
  return true;
}

// ---------------------------------------------------------------------------------- requests

/** Requests only the active controller serves. */
export const QC_REQUEST_KINDS: readonly string[] = [
  'BrokerRegistration',
  'BrokerHeartbeat',
  'CreateTopics',
  'AlterPartition',
  'ElectLeaders',
];

/** Serves a broker or admin request, or answers NOT_CONTROLLER when this controller is not active. */
export function qcOnRequest(world: KraftWorld, s: KraftControllerState, msg: Message): void {
  if (s.active === null) {
    world.send(
      s.node,
      msg.from,
      `${msg.kind}Response`,
      notController(s, msg.kind, msg.payload),
      KRAFT_HEADER_BYTES,
    );
    return;
  }
  switch (msg.kind) {
    case 'BrokerRegistration':
      onRegistration(world, s, msg, msg.payload as BrokerRegistrationRequest);
      break;
    case 'BrokerHeartbeat':
      onHeartbeat(world, s, msg, msg.payload as BrokerHeartbeatRequest);
      break;
    case 'CreateTopics':
      onCreateTopics(world, s, msg, msg.payload as CreateTopicsRequest);
      break;
    case 'AlterPartition':
      onAlterPartition(world, s, msg, msg.payload as KraftAlterPartitionRequest);
      break;
    case 'ElectLeaders':
      onElectLeaders(world, s, msg, msg.payload as ElectLeadersRequest);
      break;
    default:
      return;
  }
  scheduleSessionCheck(world, s);
}

/** The NOT_CONTROLLER answer to a request, with the leader this controller knows as a hint. */
function notController(s: KraftControllerState, kind: string, payload: unknown): unknown {
  const r = s.raft;
  const correlationId = (payload as { correlationId: number }).correlationId;
  const hint = { leaderId: r.leaderId, epoch: r.epoch };
  switch (kind) {
    case 'BrokerRegistration':
      return {
        correlationId,
        error: 'NOT_CONTROLLER',
        brokerEpoch: -1,
        ...hint,
      } satisfies BrokerRegistrationResponse;
    case 'BrokerHeartbeat':
      return {
        correlationId,
        error: 'NOT_CONTROLLER',
        isCaughtUp: false,
        isFenced: true,
        shouldShutDown: false,
        ...hint,
      } satisfies BrokerHeartbeatResponse;
    case 'CreateTopics': {
      const req = payload as CreateTopicsRequest;
      return {
        correlationId,
        topics: req.topics.map((t) => ({
          name: t.name,
          error: 'NOT_CONTROLLER',
          errorMessage: 'This is not the correct controller for this cluster.',
        })),
      } satisfies CreateTopicsResponse;
    }
    case 'AlterPartition': {
      const req = payload as KraftAlterPartitionRequest;
      return {
        correlationId,
        topic: req.topic,
        partition: req.partition,
        error: 'NOT_CONTROLLER',
        state: null,
      } satisfies AlterPartitionResponse;
    }
    case 'ElectLeaders':
      return { correlationId, error: 'NOT_CONTROLLER', results: [] } satisfies ElectLeadersResponse;
    default:
      return { correlationId, error: 'NOT_CONTROLLER' };
  }
}

function onRegistration(
  world: KraftWorld,
  s: KraftControllerState,
  msg: Message,
  req: BrokerRegistrationRequest,
): void {
  const a = s.active as ActiveControllerState;
  const r = s.raft;
  const fail = notController(s, msg.kind, req);
  const existing = brokerRegistration(s.image, req.brokerId);
  const session = s.config['broker.session.timeout.ms'];
  if (
    existing !== undefined &&
    !existing.fenced &&
    world.nowMs < existing.lastHeartbeatMs + session &&
    existing.incarnationId !== req.incarnationId
  ) {
    const resp: BrokerRegistrationResponse = {
      correlationId: req.correlationId,
      error: 'DUPLICATE_BROKER_REGISTRATION',
      brokerEpoch: -1,
      leaderId: s.id,
      epoch: r.epoch,
    };
    reply(s, msg, 'BrokerRegistrationResponse', resp, fail);
    return;
  }
  const brokerEpoch = logEndOffset(r.log);
  append(
    world,
    s,
    [
      {
        type: 'RegisterBroker',
        brokerId: req.brokerId,
        brokerEpoch,
        rack: req.rack,
        incarnationId: req.incarnationId,
      },
    ],
    [
      {
        type: 'BrokerRegistered',
        fields: { broker: req.brokerId, brokerEpoch, rack: req.rack, controller: s.id },
      },
    ],
  );
  // The old incarnation is gone: it leaves the ISRs it was still in.
  if (existing !== undefined) {
    const isLive = isLiveIn(s);
    runElections(
      world,
      s,
      (p) => electOnBrokerLoss(p, isLive, uncleanAllowed(s, p.topic)),
      (p) => p.leader === req.brokerId || p.isr.includes(req.brokerId),
    );
  }
  const reg = brokerRegistration(s.image, req.brokerId);
  if (reg !== undefined) reg.lastHeartbeatMs = world.nowMs;
  a.brokers[String(req.brokerId)] = { metadataOffset: -1, controlledShutdownOffset: -1 };
  const resp: BrokerRegistrationResponse = {
    correlationId: req.correlationId,
    error: 'NONE',
    brokerEpoch,
    leaderId: s.id,
    epoch: r.epoch,
  };
  reply(s, msg, 'BrokerRegistrationResponse', resp, fail);
}

type BrokerControlState = 'FENCED' | 'UNFENCED' | 'CONTROLLED_SHUTDOWN' | 'SHUTDOWN_NOW';

function onHeartbeat(
  world: KraftWorld,
  s: KraftControllerState,
  msg: Message,
  req: BrokerHeartbeatRequest,
): void {
  const a = s.active as ActiveControllerState;
  const r = s.raft;
  const fail = notController(s, msg.kind, req);
  const base = { correlationId: req.correlationId, leaderId: s.id, epoch: r.epoch };
  const reg = brokerRegistration(s.image, req.brokerId);
  if (reg === undefined || reg.brokerEpoch !== req.brokerEpoch) {
    const error: KafkaErrorName = reg === undefined ? 'BROKER_ID_NOT_REGISTERED' : 'STALE_BROKER_EPOCH';
    reply(
      s,
      msg,
      'BrokerHeartbeatResponse',
      {
        ...base,
        error,
        isCaughtUp: false,
        isFenced: true,
        shouldShutDown: false,
      } satisfies BrokerHeartbeatResponse,
      fail,
    );
    return;
  }
  const key = String(req.brokerId);
  const info = (a.brokers[key] ??= { metadataOffset: -1, controlledShutdownOffset: -1 });
  const current: BrokerControlState = reg.inControlledShutdown
    ? 'CONTROLLED_SHUTDOWN'
    : reg.fenced
      ? 'FENCED'
      : 'UNFENCED';
  let next: BrokerControlState = current;
  switch (current) {
    case 'FENCED':
      if (req.wantShutDown) next = 'SHUTDOWN_NOW';
      else if (!req.wantFence && req.currentMetadataOffset >= reg.brokerEpoch) next = 'UNFENCED';
      break;
    case 'UNFENCED':
      if (req.wantFence) next = req.wantShutDown ? 'SHUTDOWN_NOW' : 'FENCED';
      else if (req.wantShutDown)
        next = hasLeaderships(s, req.brokerId) ? 'CONTROLLED_SHUTDOWN' : 'SHUTDOWN_NOW';
      break;
    case 'CONTROLLED_SHUTDOWN':
      if (!hasLeaderships(s, req.brokerId) && info.controlledShutdownOffset <= lowestActiveOffset(s))
        next = 'SHUTDOWN_NOW';
      break;
    default:
      break;
  }
  if (next !== current) {
    if (next === 'UNFENCED') unfenceBroker(world, s, req.brokerId);
    else if (next === 'CONTROLLED_SHUTDOWN') enterControlledShutdown(world, s, req.brokerId);
    else if (next === 'FENCED') fenceBroker(world, s, req.brokerId, 'requested');
    else if (current !== 'FENCED') fenceBroker(world, s, req.brokerId, 'shutdown');
    if (next === 'SHUTDOWN_NOW')
      a.events.push({
        offset: logEndOffset(r.log) - 1,
        type: 'BrokerShutdownGranted',
        fields: { broker: req.brokerId, controller: s.id },
      });
  }
  const now = brokerRegistration(s.image, req.brokerId);
  if (now !== undefined) now.lastHeartbeatMs = world.nowMs;
  info.metadataOffset = Math.max(info.metadataOffset, req.currentMetadataOffset);
  const resp: BrokerHeartbeatResponse = {
    ...base,
    error: 'NONE',
    isCaughtUp: req.currentMetadataOffset >= reg.brokerEpoch,
    isFenced: next === 'FENCED' || next === 'SHUTDOWN_NOW',
    shouldShutDown: next === 'SHUTDOWN_NOW',
  };
  reply(s, msg, 'BrokerHeartbeatResponse', resp, fail);
}

interface TopicResult {
  name: string;
  error: KafkaErrorName;
  errorMessage: string | null;
}

function onCreateTopics(
  world: KraftWorld,
  s: KraftControllerState,
  msg: Message,
  req: CreateTopicsRequest,
): void {
  const results = req.topics.map((t) => createTopic(world, s, t));
  const resp: CreateTopicsResponse = { correlationId: req.correlationId, topics: results };
  reply(
    s,
    msg,
    'CreateTopicsResponse',
    resp,
    notController(s, msg.kind, req),
    KRAFT_HEADER_BYTES + 16 * results.length,
  );
}

/** The `CODE: message` errors the placer throws, as a Kafka error and message. */
function placementError(e: unknown): { error: KafkaErrorName; message: string } {
  const text = e instanceof Error ? e.message : String(e);
  const m = /^([A-Z_]+): (.*)$/s.exec(text);
  if (m !== null && (m[1] === 'INVALID_REPLICATION_FACTOR' || m[1] === 'INVALID_PARTITIONS'))
    return { error: m[1], message: m[2] as string };
  return { error: 'INVALID_REPLICATION_FACTOR', message: text };
}

function validateAssignment(
  s: KraftControllerState,
  assignment: number[][],
): { error: KafkaErrorName; message: string } | null {
  let rf = -1;
  for (const [partition, replicas] of assignment.entries()) {
    if (replicas.length === 0)
      return {
        error: 'INVALID_REPLICA_ASSIGNMENT',
        message: `The manual partition assignment includes an empty replica list for partition ${partition}.`,
      };
    if (rf !== -1 && replicas.length !== rf) {
      return {
        error: 'INVALID_REPLICA_ASSIGNMENT',
        message: `The manual partition assignment includes a partition with ${replicas.length} replica(s), but this is inconsistent with previous partitions, which have ${rf} replica(s).`,
      };
    }
    rf = replicas.length;
    const seen = new Set<number>();
    for (const b of replicas) {
      if (seen.has(b))
        return {
          error: 'INVALID_REPLICA_ASSIGNMENT',
          message: `The manual partition assignment includes the broker ${b} more than once.`,
        };
      seen.add(b);
      if (brokerRegistration(s.image, b) === undefined)
        return {
          error: 'INVALID_REPLICA_ASSIGNMENT',
          message: `The manual partition assignment includes broker ${b}, but no such broker is registered.`,
        };
    }
  }
  return null;
}

/** ReplicationControlManager.createTopic: validates, places, appends Topic + Partition records. */
function createTopic(world: KraftWorld, s: KraftControllerState, t: CreatableTopic): TopicResult {
  const fail = (error: KafkaErrorName, message: string): TopicResult => ({
    name: t.name,
    error,
    errorMessage: message,
  });
  const nameProblem = validateTopicName(t.name);
  if (nameProblem !== null) return fail('INVALID_TOPIC_EXCEPTION', nameProblem);
  if (getOwn(s.image.topics, t.name) !== undefined)
    return fail('TOPIC_ALREADY_EXISTS', `Topic '${t.name}' already exists.`);
  const collision = Object.keys(s.image.topics).find((other) => topicNamesCollide(t.name, other));
  if (collision !== undefined)
    return fail('INVALID_TOPIC_EXCEPTION', `Topic '${t.name}' collides with existing topic: ${collision}`);
  const manual = t.assignment.length > 0;
  if (
    manual &&
    ((t.numPartitions !== -1 && t.numPartitions !== t.assignment.length) ||
      (t.replicationFactor !== -1 && t.assignment.some((r) => r.length !== t.replicationFactor)))
  ) {
    return fail(
      'INVALID_REQUEST',
      'A topic with a manual replica assignment must leave the number of partitions and the replication factor unset (-1).',
    );
  }
  const numPartitions = t.numPartitions === -1 ? s.config['num.partitions'] : t.numPartitions;
  const replicationFactor =
    t.replicationFactor === -1 ? s.config['default.replication.factor'] : t.replicationFactor;
  if (!manual && numPartitions < 1)
    return fail('INVALID_PARTITIONS', 'Number of partitions must be larger than 0.');
  if (!manual && replicationFactor < 1)
    return fail('INVALID_REPLICATION_FACTOR', 'Replication factor must be larger than 0.');
  const resolved = resolveTopicConfig(s.config, t.configs, `topic ${t.name}`);
  if (!resolved.ok) return fail('INVALID_CONFIG', resolved.errors.map((e) => e.message).join('; '));
  let assignment: number[][];
  if (manual) {
    const problem = validateAssignment(s, t.assignment);
    if (problem !== null) return fail(problem.error, problem.message);
    assignment = t.assignment.map((r) => [...r]);
  } else {
    // Usable brokers: registered and not shutting down, by id (the heartbeat manager's order).
    const brokers: StripedBroker[] = Object.values(s.image.brokers)
      .filter((b) => !b.inControlledShutdown)
      .sort((x, y) => x.brokerId - y.brokerId)
      .map((b) => ({ id: b.brokerId, rack: b.rack, fenced: b.fenced }));
    try {
      assignment = stripedPlacement({
        brokers,
        partitions: numPartitions,
        replicationFactor,
        randomInt: (bound) => world.randomInt(`${s.name}/placer`, bound),
      });
    } catch (e) {
      const p = placementError(e);
      return fail(p.error, `Unable to replicate the partition ${replicationFactor} time(s): ${p.message}`);
    }
  }
  const states: PartitionState[] = [];
  for (const [partition, replicas] of assignment.entries()) {
    const isr = replicas.filter((b) => isActiveBroker(s.image, b));
    const leader = isr[0];
    if (leader === undefined)
      return fail(
        'INVALID_REPLICATION_FACTOR',
        `All brokers specified in the partition assignment for partition ${partition} are fenced or in controlled shutdown.`,
      );
    states.push({ topic: t.name, partition, leader, leaderEpoch: 0, isr, replicas, partitionEpoch: 0 });
  }
  const events: Omit<PendingEvent, 'offset'>[] = [
    {
      type: 'TopicCreated',
      fields: {
        topic: t.name,
        partitions: assignment.length,
        replicationFactor: assignment[0]?.length ?? 0,
        assignment,
        controller: s.id,
      },
    },
    ...states.map((p) => ({
      type: 'LeaderElected',
      fields: {
        topic: p.topic,
        partition: p.partition,
        leader: p.leader,
        previousLeader: -1,
        leaderEpoch: p.leaderEpoch,
        isr: p.isr,
        reason: 'new-topic',
        unclean: false,
        controller: s.id,
      },
    })),
  ];
  append(
    world,
    s,
    [
      { type: 'Topic', name: t.name, configs: { ...t.configs } },
      ...states.map((state): MetadataRecord => ({ type: 'Partition', state })),
    ],
    events,
  );
  return { name: t.name, error: 'NONE', errorMessage: null };
}

function onAlterPartition(
  world: KraftWorld,
  s: KraftControllerState,
  msg: Message,
  req: KraftAlterPartitionRequest,
): void {
  const current = s.image.partitions[tpKey(req.topic, req.partition)];
  const reg = brokerRegistration(s.image, req.brokerId);
  let error: KafkaErrorName = 'NONE';
  if (current === undefined) error = 'UNKNOWN_TOPIC_OR_PARTITION';
  else if (req.brokerEpoch !== undefined && (reg === undefined || reg.brokerEpoch !== req.brokerEpoch))
    error = 'STALE_BROKER_EPOCH';
  else if (req.leaderEpoch !== current.leaderEpoch) error = 'FENCED_LEADER_EPOCH';
  else if (req.brokerId !== current.leader) error = 'INVALID_REQUEST';
  else if (req.partitionEpoch !== current.partitionEpoch) error = 'INVALID_UPDATE_VERSION';
  else if (!req.newIsr.includes(req.brokerId)) error = 'INVALID_REQUEST';
  else if (
    req.newIsr.some(
      (b) => !current.isr.includes(b) && (!current.replicas.includes(b) || !isActiveBroker(s.image, b)),
    )
  )
    error = 'INELIGIBLE_REPLICA';
  const fail = notController(s, msg.kind, req);
  if (error !== 'NONE' || current === undefined) {
    reply(
      s,
      msg,
      'AlterPartitionResponse',
      {
        correlationId: req.correlationId,
        topic: req.topic,
        partition: req.partition,
        error,
        state: current ?? null,
      } satisfies AlterPartitionResponse,
      fail,
    );
    return;
  }
  const same = req.newIsr.length === current.isr.length && req.newIsr.every((b) => current.isr.includes(b));
  let state = current;
  if (!same) {
    state = {
      ...current,
      isr: [...req.newIsr],
      replicas: [...current.replicas],
      partitionEpoch: current.partitionEpoch + 1,
    };
    append(world, s, [partitionChangeRecord(state)], isrEvents(s, current, state));
  }
  reply(
    s,
    msg,
    'AlterPartitionResponse',
    {
      correlationId: req.correlationId,
      topic: req.topic,
      partition: req.partition,
      error: 'NONE',
      state,
    } satisfies AlterPartitionResponse,
    fail,
  );
}

function onElectLeaders(
  world: KraftWorld,
  s: KraftControllerState,
  msg: Message,
  req: ElectLeadersRequest,
): void {
  const isLive = isLiveIn(s);
  const wanted =
    req.partitions === null
      ? partitionList(s.image)
      : req.partitions.map(
          (p) =>
            s.image.partitions[tpKey(p.topic, p.partition)] ?? {
              topic: p.topic,
              partition: p.partition,
              missing: true as const,
            },
        );
  const results: ElectLeadersResponse['results'] = [];
  const elected = new Set<string>();
  for (const p of wanted) {
    if ('missing' in p) {
      results.push({ topic: p.topic, partition: p.partition, error: 'UNKNOWN_TOPIC_OR_PARTITION' });
      continue;
    }
    let error: KafkaErrorName = 'NONE';
    if (req.electionType === 'PREFERRED') {
      if (p.leader === p.replicas[0]) error = 'ELECTION_NOT_NEEDED';
      else if (electPreferred(p, isLive) === null) error = 'PREFERRED_LEADER_NOT_AVAILABLE';
    } else if (p.leader >= 0) error = 'ELECTION_NOT_NEEDED';
    else if ((electOnBrokerLoss(p, isLive, true)?.state.leader ?? -1) < 0)
      error = 'ELIGIBLE_LEADERS_NOT_AVAILABLE';
    if (error === 'NONE') elected.add(tpKey(p.topic, p.partition));
    results.push({ topic: p.topic, partition: p.partition, error });
  }
  if (elected.size > 0) {
    runElections(
      world,
      s,
      (p) =>
        req.electionType === 'PREFERRED' ? electPreferred(p, isLive) : electOnBrokerLoss(p, isLive, true),
      (p) => elected.has(tpKey(p.topic, p.partition)),
    );
  }
  const resp: ElectLeadersResponse = { correlationId: req.correlationId, error: 'NONE', results };
  reply(s, msg, 'ElectLeadersResponse', resp, notController(s, msg.kind, req));
}
