/**
 * A broker's side of KRaft (KIP-631): its lifecycle with the active controller
 * (BrokerLifecycleManager) and its copy of the metadata log (it fetches as a Raft observer).
 *
 * Lifecycle, one request at a time on one channel to the active controller:
 *   STARTING: BrokerRegistration, then a heartbeat at once and every 10 ms until the controller
 *     says it has caught up with its own registration record; the controller unfences it in the
 *     same heartbeat (this model is always ready to unfence), and it is RUNNING.
 *   RUNNING: a heartbeat every broker.heartbeat.interval.ms.
 *   PENDING_CONTROLLED_SHUTDOWN (requestControlledShutdown): a heartbeat at once with
 *     wantShutDown, the next after 50 ms, then at the interval, until one says shouldShutDown.
 * The active controller is found by asking any controller: a NOT_CONTROLLER answer names the
 * leader it knows; without a hint the broker tries the next controller.
 *
 * Metadata: the broker fetches the log from the quorum leader (FetchMetadata, observer), keeps
 * the entries it has not applied, and applies those below the high watermark to its image. Each
 * application that changed something returns a `partitions` event: the changed partitions it
 * hosts (for the broker's LeaderAndIsr path), every partition and the live brokers (for its
 * metadata cache). The broker's state lives in the integrator's broker record as a
 * `KraftBrokerState` (plain data).
 */
import { DISCONNECTED, type DisconnectedPayload, type Message, type NodeId } from '../../../sim/types';
import { defaultConfig } from '../../config/resolve';
import type { BrokerConfig } from '../../config/types';
import { getOwn, setOwn } from '../../dict';
import { tpKey } from '../../names';
import type {
  AlterPartitionRequest,
  BrokerEndpoint,
  ConfigValue,
  PartitionState,
} from '../../protocol/messages';
import {
  KRAFT_BROKER_KINDS,
  KRAFT_BROKER_REQUEST_KINDS,
  KRAFT_HEADER_BYTES,
  type BrokerHeartbeatRequest,
  type BrokerHeartbeatResponse,
  type BrokerRegistrationRequest,
  type BrokerRegistrationResponse,
  type FetchMetadataRequest,
  type FetchMetadataResponse,
  type KraftAlterPartitionRequest,
} from './protocol';
import {
  FETCH_MAX_WAIT_MS,
  RECONNECT_BACKOFF_MS,
  appendFetched,
  endOffsetForEpoch,
  lastLogEpoch,
  logEndOffset,
  newRaftLog,
  truncateLog,
  type KraftWorld,
  type RaftLog,
} from './raft';
import {
  applyEntry,
  brokerEndpoints,
  newMetadataImage,
  partitionList,
  unfencedBrokerIds,
  type MetadataImage,
} from './records';

/** Kafka's BrokerState names. */
export type KraftBrokerLifecycle =
  'NOT_RUNNING' | 'STARTING' | 'RECOVERY' | 'RUNNING' | 'PENDING_CONTROLLED_SHUTDOWN' | 'SHUTTING_DOWN';

export interface KraftBrokerTimings {
  heartbeatIntervalMs: number;
  requestTimeoutMs: number;
  retryBackoffMs: number;
  fetchMaxWaitMs: number;
}

/** While STARTING, heartbeats come this often (BrokerLifecycleManager). */
export const STARTING_HEARTBEAT_MS = 10;
/** After the first answer to a controlled shutdown request, the next heartbeat comes this soon. */
export const CONTROLLED_SHUTDOWN_FIRST_RETRY_MS = 50;
/** With no controller known, wait this long before asking the next one. */
export const CONTROLLER_DISCOVERY_BACKOFF_MS = 100;

export const KRAFT_BROKER_TIMERS = {
  communication: 'KraftBrokerCommunication',
  fetch: 'KraftBrokerFetch',
  requestTimeout: 'KraftBrokerRequestTimeout',
} as const;

export interface KraftBrokerState {
  brokerId: number;
  rack: string | null;
  /** Kernel node of controller (voter) i + 1 at index i. */
  controllerNodes: NodeId[];
  timings: KraftBrokerTimings;
  lifecycle: KraftBrokerLifecycle;
  /** Bumped at every start: tells the controller a new process registers. */
  incarnationId: number;
  registered: boolean;
  brokerEpoch: number;
  /** As the controller last said. */
  fenced: boolean;
  gotControlledShutdownResponse: boolean;
  /** The registration or heartbeat in flight (correlation id), or -1, and where it went. */
  commInFlight: number;
  commSentTo: NodeId;
  commGen: number;
  /** A communication fell due while one was in flight: send the next at once. */
  commImmediate: boolean;
  /** The quorum leader (voter id) and epoch as last learned; -1 = unknown. */
  leaderId: number;
  leaderEpoch: number;
  /** Next controller to ask when the leader is unknown (index into controllerNodes). */
  probe: number;
  fetchInFlight: number;
  fetchSentTo: NodeId;
  /** Fetched entries not applied yet (from the applied offset on). */
  log: RaftLog;
  highWatermark: number;
  image: MetadataImage;
  nextCorrelationId: number;
  /** Bumped at every reset: timers of an earlier process are ignored. */
  gen: number;
}

export type KraftBrokerEvent =
  | {
      type: 'partitions';
      /** Partitions this broker hosts whose state changed (feed them to its LeaderAndIsr path). */
      changed: PartitionState[];
      /** Every partition (its metadata cache). */
      all: PartitionState[];
      /** Unfenced brokers. */
      liveBrokers: number[];
      liveBrokerEndpoints: BrokerEndpoint[];
      /** Config overrides of the topics in `changed`. */
      topicConfigs: Record<string, Record<string, ConfigValue>>;
      /** The quorum leader and epoch of the last LeaderChange applied (controller id and epoch). */
      controllerId: number;
      controllerEpoch: number;
      /** The last metadata offset applied. */
      metadataOffset: number;
    }
  | { type: 'fenced' }
  | { type: 'unfenced' }
  | { type: 'shutdownGranted' };

export function kraftBrokerTimingsFromConfig(config: BrokerConfig): KraftBrokerTimings {
  return {
    heartbeatIntervalMs: config['broker.heartbeat.interval.ms'],
    requestTimeoutMs: config['controller.quorum.request.timeout.ms'],
    retryBackoffMs: config['controller.quorum.retry.backoff.ms'],
    fetchMaxWaitMs: FETCH_MAX_WAIT_MS,
  };
}

/** `controllerNodes[i]` is the kernel node of controller i + 1. */
export function newKraftBroker(
  brokerId: number,
  rack: string | null,
  controllerNodes: readonly NodeId[],
  config: BrokerConfig = defaultConfig('broker'),
): KraftBrokerState {
  return {
    brokerId,
    rack,
    controllerNodes: [...controllerNodes],
    timings: kraftBrokerTimingsFromConfig(config),
    lifecycle: 'NOT_RUNNING',
    incarnationId: 0,
    registered: false,
    brokerEpoch: -1,
    fenced: true,
    gotControlledShutdownResponse: false,
    commInFlight: -1,
    commSentTo: -1,
    commGen: 0,
    commImmediate: false,
    leaderId: -1,
    leaderEpoch: -1,
    probe: brokerId % Math.max(1, controllerNodes.length),
    fetchInFlight: -1,
    fetchSentTo: -1,
    log: newRaftLog(),
    highWatermark: 0,
    image: newMetadataImage(),
    nextCorrelationId: 1,
    gen: 0,
  };
}

/** The process died (or is about to start again): everything here is volatile. */
export function kraftBrokerReset(kb: KraftBrokerState): void {
  kb.lifecycle = 'NOT_RUNNING';
  kb.registered = false;
  kb.brokerEpoch = -1;
  kb.fenced = true;
  kb.gotControlledShutdownResponse = false;
  kb.commInFlight = -1;
  kb.commImmediate = false;
  kb.leaderId = -1;
  kb.leaderEpoch = -1;
  kb.fetchInFlight = -1;
  kb.log = newRaftLog();
  kb.highWatermark = 0;
  kb.image = newMetadataImage();
  kb.gen++;
}

/** The broker process starts: it registers and starts fetching the metadata log from offset 0. */
export function startKraftBroker(world: KraftWorld, ownerNode: NodeId, kb: KraftBrokerState): void {
  kraftBrokerReset(kb);
  kb.incarnationId++;
  kb.lifecycle = 'STARTING';
  scheduleCommunication(world, ownerNode, kb, 0);
  sendFetch(world, ownerNode, kb);
}

export function isKraftBrokerMessage(msg: Message): boolean {
  if (msg.kind === DISCONNECTED)
    return (KRAFT_BROKER_REQUEST_KINDS as readonly string[]).includes(
      (msg.payload as DisconnectedPayload).requestKind,
    );
  return (KRAFT_BROKER_KINDS as readonly string[]).includes(msg.kind);
}

export function isKraftBrokerTimer(name: string): boolean {
  return (
    name === KRAFT_BROKER_TIMERS.communication ||
    name === KRAFT_BROKER_TIMERS.fetch ||
    name === KRAFT_BROKER_TIMERS.requestTimeout
  );
}

// ---------------------------------------------------------------------------------- controller discovery

/** The node requests for the active controller go to: the known leader, else the next to ask. */
export function kraftControllerNode(kb: KraftBrokerState): NodeId {
  const n = kb.controllerNodes.length;
  if (kb.leaderId >= 1 && kb.leaderId <= n) return kb.controllerNodes[kb.leaderId - 1] as NodeId;
  return kb.controllerNodes[kb.probe % n] as NodeId;
}

function learnLeader(kb: KraftBrokerState, epoch: number, leaderId: number): void {
  if (epoch < kb.leaderEpoch) return;
  if (epoch === kb.leaderEpoch && leaderId < 1) return;
  kb.leaderEpoch = epoch;
  kb.leaderId = leaderId >= 1 && leaderId <= kb.controllerNodes.length ? leaderId : -1;
}

/** `failedNode` did not answer as leader: forget it and ask the next controller. */
function forgetLeader(kb: KraftBrokerState, failedNode: NodeId): void {
  if (kraftControllerNode(kb) !== failedNode) return;
  const i = kb.controllerNodes.indexOf(failedNode);
  kb.leaderId = -1;
  kb.probe = (i + 1) % kb.controllerNodes.length;
}

/** Sends a request to the active controller (as far as the broker knows it); returns the node. */
export function sendToActiveController<P>(
  world: KraftWorld,
  ownerNode: NodeId,
  kb: KraftBrokerState,
  kind: string,
  payload: P,
  sizeBytes = KRAFT_HEADER_BYTES,
): NodeId {
  const to = kraftControllerNode(kb);
  world.send<P>(ownerNode, to, kind, payload, sizeBytes);
  return to;
}

/** AlterPartition to the active controller, with this broker's epoch. The answer is the usual AlterPartitionResponse. */
export function sendAlterPartition(
  world: KraftWorld,
  ownerNode: NodeId,
  kb: KraftBrokerState,
  req: AlterPartitionRequest,
): NodeId {
  const full: KraftAlterPartitionRequest = { ...req, brokerEpoch: kb.brokerEpoch };
  return sendToActiveController(world, ownerNode, kb, 'AlterPartition', full);
}

// ---------------------------------------------------------------------------------- lifecycle channel

function scheduleCommunication(
  world: KraftWorld,
  ownerNode: NodeId,
  kb: KraftBrokerState,
  delayMs: number,
): void {
  const d = kb.commImmediate ? 0 : delayMs;
  kb.commImmediate = false;
  kb.commGen++;
  world.setTimer(ownerNode, d, KRAFT_BROKER_TIMERS.communication, { gen: kb.gen, commGen: kb.commGen });
}

function communicate(world: KraftWorld, ownerNode: NodeId, kb: KraftBrokerState): void {
  if (kb.lifecycle === 'NOT_RUNNING' || kb.lifecycle === 'SHUTTING_DOWN') return;
  if (kb.commInFlight !== -1) {
    kb.commImmediate = true;
    return;
  }
  const correlationId = kb.nextCorrelationId++;
  kb.commInFlight = correlationId;
  if (!kb.registered) {
    const req: BrokerRegistrationRequest = {
      correlationId,
      brokerId: kb.brokerId,
      incarnationId: kb.incarnationId,
      rack: kb.rack,
      previousBrokerEpoch: kb.brokerEpoch,
    };
    kb.commSentTo = sendToActiveController(world, ownerNode, kb, 'BrokerRegistration', req);
  } else {
    const req: BrokerHeartbeatRequest = {
      correlationId,
      brokerId: kb.brokerId,
      brokerEpoch: kb.brokerEpoch,
      currentMetadataOffset: kb.image.nextOffset - 1,
      wantFence: false,
      wantShutDown: kb.lifecycle === 'PENDING_CONTROLLED_SHUTDOWN',
    };
    kb.commSentTo = sendToActiveController(world, ownerNode, kb, 'BrokerHeartbeat', req);
  }
  world.setTimer(ownerNode, kb.timings.requestTimeoutMs, KRAFT_BROKER_TIMERS.requestTimeout, {
    gen: kb.gen,
    which: 'comm',
    correlationId,
  });
}

/** The request never got an answer: find the controller again and retry. */
function onCommFailed(
  world: KraftWorld,
  ownerNode: NodeId,
  kb: KraftBrokerState,
  sentTo: NodeId,
  why: 'timeout' | 'disconnected',
): void {
  kb.commInFlight = -1;
  forgetLeader(kb, sentTo);
  // Kafka's lifecycle manager waits a heartbeat interval after a failure; a reset connection is retried sooner.
  scheduleCommunication(
    world,
    ownerNode,
    kb,
    why === 'timeout' ? kb.timings.heartbeatIntervalMs : RECONNECT_BACKOFF_MS,
  );
}

/**
 * An answer that says "not me": learn the leader it names, forget `sentTo` unless it named itself
 * (a leader not active yet), and tell how long to wait before asking again.
 */
function redirect(kb: KraftBrokerState, sentTo: NodeId, hint: { leaderId: number; epoch: number }): number {
  learnLeader(kb, hint.epoch, hint.leaderId);
  const namedItself = hint.leaderId >= 1 && kb.controllerNodes[hint.leaderId - 1] === sentTo;
  if (kraftControllerNode(kb) === sentTo && !namedItself) forgetLeader(kb, sentTo);
  return kb.leaderId >= 1 && kraftControllerNode(kb) !== sentTo ? 0 : CONTROLLER_DISCOVERY_BACKOFF_MS;
}

/** NOT_CONTROLLER: resend to the leader it named, or to the next controller. */
function onNotController(
  world: KraftWorld,
  ownerNode: NodeId,
  kb: KraftBrokerState,
  sentTo: NodeId,
  hint: { leaderId: number; epoch: number },
): void {
  kb.commInFlight = -1;
  const wait = redirect(kb, sentTo, hint);
  scheduleCommunication(world, ownerNode, kb, wait === 0 ? kb.timings.retryBackoffMs : wait);
}

function onRegistrationResponse(
  world: KraftWorld,
  ownerNode: NodeId,
  kb: KraftBrokerState,
  from: NodeId,
  resp: BrokerRegistrationResponse,
): KraftBrokerEvent[] {
  if (resp.correlationId !== kb.commInFlight) return [];
  if (resp.error === 'NOT_CONTROLLER') {
    onNotController(world, ownerNode, kb, from, resp);
    return [];
  }
  kb.commInFlight = -1;
  learnLeader(kb, resp.epoch, resp.leaderId);
  if (resp.error !== 'NONE') {
    scheduleCommunication(world, ownerNode, kb, kb.timings.heartbeatIntervalMs);
    return [];
  }
  kb.registered = true;
  kb.brokerEpoch = resp.brokerEpoch;
  scheduleCommunication(world, ownerNode, kb, 0);
  return [];
}

function onHeartbeatResponse(
  world: KraftWorld,
  ownerNode: NodeId,
  kb: KraftBrokerState,
  from: NodeId,
  resp: BrokerHeartbeatResponse,
): KraftBrokerEvent[] {
  if (resp.correlationId !== kb.commInFlight) return [];
  if (resp.error === 'NOT_CONTROLLER') {
    onNotController(world, ownerNode, kb, from, resp);
    return [];
  }
  kb.commInFlight = -1;
  learnLeader(kb, resp.epoch, resp.leaderId);
  const events: KraftBrokerEvent[] = [];
  if (resp.error === 'STALE_BROKER_EPOCH' || resp.error === 'BROKER_ID_NOT_REGISTERED') {
    // Another registration replaced ours: register again.
    kb.registered = false;
    if (!kb.fenced) events.push({ type: 'fenced' });
    kb.fenced = true;
    scheduleCommunication(world, ownerNode, kb, kb.timings.retryBackoffMs);
    return events;
  }
  if (resp.error !== 'NONE') {
    scheduleCommunication(world, ownerNode, kb, kb.timings.heartbeatIntervalMs);
    return events;
  }
  const wasFenced = kb.fenced;
  kb.fenced = resp.isFenced;
  if (wasFenced && !resp.isFenced) events.push({ type: 'unfenced' });
  if (!wasFenced && resp.isFenced && !resp.shouldShutDown) events.push({ type: 'fenced' });
  switch (kb.lifecycle) {
    case 'STARTING':
      if (!resp.isFenced) kb.lifecycle = 'RUNNING';
      else if (resp.isCaughtUp) kb.lifecycle = 'RECOVERY';
      scheduleCommunication(
        world,
        ownerNode,
        kb,
        kb.lifecycle === 'STARTING' ? STARTING_HEARTBEAT_MS : kb.timings.heartbeatIntervalMs,
      );
      break;
    case 'RECOVERY':
      if (!resp.isFenced) kb.lifecycle = 'RUNNING';
      scheduleCommunication(world, ownerNode, kb, kb.timings.heartbeatIntervalMs);
      break;
    case 'RUNNING':
      scheduleCommunication(world, ownerNode, kb, kb.timings.heartbeatIntervalMs);
      break;
    case 'PENDING_CONTROLLED_SHUTDOWN':
      if (resp.shouldShutDown) {
        kb.lifecycle = 'SHUTTING_DOWN';
        events.push({ type: 'shutdownGranted' });
      } else {
        scheduleCommunication(
          world,
          ownerNode,
          kb,
          kb.gotControlledShutdownResponse
            ? kb.timings.heartbeatIntervalMs
            : CONTROLLED_SHUTDOWN_FIRST_RETRY_MS,
        );
      }
      kb.gotControlledShutdownResponse = true;
      break;
    default:
      break;
  }
  return events;
}

/**
 * Starts a controlled shutdown: the next heartbeat (sent at once) asks for it. A broker that is
 * not yet RUNNING has nothing to hand over and is let go at once (`shutdownGranted`).
 */
export function requestControlledShutdown(
  world: KraftWorld,
  ownerNode: NodeId,
  kb: KraftBrokerState,
): KraftBrokerEvent[] {
  if (kb.lifecycle === 'PENDING_CONTROLLED_SHUTDOWN' || kb.lifecycle === 'SHUTTING_DOWN') return [];
  if (kb.lifecycle !== 'RUNNING') {
    kb.lifecycle = 'SHUTTING_DOWN';
    return [{ type: 'shutdownGranted' }];
  }
  kb.lifecycle = 'PENDING_CONTROLLED_SHUTDOWN';
  kb.gotControlledShutdownResponse = false;
  scheduleCommunication(world, ownerNode, kb, 0);
  return [];
}

// ---------------------------------------------------------------------------------- metadata log

function sendFetch(world: KraftWorld, ownerNode: NodeId, kb: KraftBrokerState): void {
  if (kb.fetchInFlight !== -1 || kb.lifecycle === 'NOT_RUNNING' || kb.lifecycle === 'SHUTTING_DOWN') return;
  const correlationId = kb.nextCorrelationId++;
  kb.fetchInFlight = correlationId;
  const req: FetchMetadataRequest = {
    correlationId,
    replicaId: kb.brokerId,
    observer: true,
    epoch: kb.leaderEpoch,
    fetchOffset: logEndOffset(kb.log),
    lastFetchedEpoch: lastLogEpoch(kb.log),
    highWatermark: kb.highWatermark,
    maxWaitMs: kb.timings.fetchMaxWaitMs,
  };
  kb.fetchSentTo = sendToActiveController(world, ownerNode, kb, 'FetchMetadata', req);
  world.setTimer(ownerNode, kb.timings.requestTimeoutMs, KRAFT_BROKER_TIMERS.requestTimeout, {
    gen: kb.gen,
    which: 'fetch',
    correlationId,
  });
}

function fetchLater(world: KraftWorld, ownerNode: NodeId, kb: KraftBrokerState, delayMs: number): void {
  world.setTimer(ownerNode, delayMs, KRAFT_BROKER_TIMERS.fetch, { gen: kb.gen });
}

function onFetchResponse(
  world: KraftWorld,
  ownerNode: NodeId,
  kb: KraftBrokerState,
  from: NodeId,
  resp: FetchMetadataResponse,
): KraftBrokerEvent[] {
  if (resp.correlationId !== kb.fetchInFlight) return [];
  kb.fetchInFlight = -1;
  learnLeader(kb, resp.epoch, resp.leaderId);
  if (resp.error !== 'NONE') {
    // FENCED_LEADER_EPOCH from the leader itself: it named itself with its epoch; fetch again now.
    const wait =
      resp.error === 'FENCED_LEADER_EPOCH' &&
      resp.leaderId >= 1 &&
      kb.controllerNodes[resp.leaderId - 1] === from
        ? 0
        : redirect(kb, from, resp);
    if (wait === 0) sendFetch(world, ownerNode, kb);
    else fetchLater(world, ownerNode, kb, wait);
    return [];
  }
  if (resp.divergingEpoch !== null) {
    const own = endOffsetForEpoch(kb.log, resp.divergingEpoch.epoch);
    truncateLog(kb.log, Math.max(kb.highWatermark, Math.min(resp.divergingEpoch.endOffset, own.endOffset)));
    sendFetch(world, ownerNode, kb);
    return [];
  }
  const events: KraftBrokerEvent[] = [];
  if (appendFetched(kb.log, resp.entries)) {
    const hw = Math.min(resp.highWatermark, logEndOffset(kb.log));
    if (hw > kb.highWatermark) kb.highWatermark = hw;
    const e = applyCommitted(kb);
    if (e !== null) events.push(e);
  }
  sendFetch(world, ownerNode, kb);
  return events;
}

/** Applies the fetched entries below the high watermark; the event says what changed, or null. */
function applyCommitted(kb: KraftBrokerState): KraftBrokerEvent | null {
  const changed: Record<string, PartitionState> = {};
  let anyPartition = false;
  let brokersChanged = false;
  let n = 0;
  for (const e of kb.log.entries) {
    if (e.offset >= kb.highWatermark) break;
    const p = applyEntry(kb.image, e);
    if (p !== null) {
      anyPartition = true;
      if (p.replicas.includes(kb.brokerId)) changed[tpKey(p.topic, p.partition)] = p;
    }
    const t = e.record.type;
    if (
      t === 'RegisterBroker' ||
      t === 'FenceBroker' ||
      t === 'UnfenceBroker' ||
      t === 'BrokerControlledShutdown' ||
      t === 'LeaderChange'
    )
      brokersChanged = true;
    n++;
  }
  if (n === 0) return null;
  const last = kb.log.entries[n - 1];
  kb.log.entries.splice(0, n);
  if (last !== undefined) {
    kb.log.startOffset = last.offset + 1;
    kb.log.startEpoch = last.epoch;
  }
  if (!anyPartition && !brokersChanged) return null;
  const copy = (s: PartitionState): PartitionState => ({ ...s, isr: [...s.isr], replicas: [...s.replicas] });
  const mine = Object.values(changed).sort((a, b) =>
    a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
  );
  const topicConfigs: Record<string, Record<string, ConfigValue>> = {};
  for (const s of mine) {
    const t = getOwn(kb.image.topics, s.topic);
    if (t !== undefined && getOwn(topicConfigs, s.topic) === undefined)
      setOwn(topicConfigs, s.topic, { ...t.configs });
  }
  const live = unfencedBrokerIds(kb.image);
  return {
    type: 'partitions',
    changed: mine.map(copy),
    all: partitionList(kb.image).map(copy),
    liveBrokers: live,
    liveBrokerEndpoints: brokerEndpoints(kb.image, live),
    topicConfigs,
    controllerId: kb.image.quorumLeader,
    controllerEpoch: kb.image.quorumEpoch,
    metadataOffset: kb.image.nextOffset - 1,
  };
}

// ---------------------------------------------------------------------------------- dispatch

/** Handles a message for the broker's KRaft side (see `isKraftBrokerMessage`). */
export function onKraftBrokerMessage(
  world: KraftWorld,
  ownerNode: NodeId,
  kb: KraftBrokerState,
  msg: Message,
): KraftBrokerEvent[] {
  if (kb.lifecycle === 'NOT_RUNNING') return [];
  switch (msg.kind) {
    case 'BrokerRegistrationResponse':
      return onRegistrationResponse(
        world,
        ownerNode,
        kb,
        msg.from,
        msg.payload as BrokerRegistrationResponse,
      );
    case 'BrokerHeartbeatResponse':
      return onHeartbeatResponse(world, ownerNode, kb, msg.from, msg.payload as BrokerHeartbeatResponse);
    case 'FetchMetadataResponse':
      return onFetchResponse(world, ownerNode, kb, msg.from, msg.payload as FetchMetadataResponse);
    case DISCONNECTED: {
      const d = msg.payload as DisconnectedPayload;
      const correlationId = (d.request as { correlationId: number }).correlationId;
      if (d.requestKind === 'FetchMetadata' && correlationId === kb.fetchInFlight) {
        kb.fetchInFlight = -1;
        forgetLeader(kb, msg.from);
        fetchLater(world, ownerNode, kb, RECONNECT_BACKOFF_MS);
      } else if (
        (d.requestKind === 'BrokerRegistration' || d.requestKind === 'BrokerHeartbeat') &&
        correlationId === kb.commInFlight
      ) {
        onCommFailed(world, ownerNode, kb, msg.from, 'disconnected');
      }
      return [];
    }
    default:
      return [];
  }
}

interface BrokerTimerData {
  gen: number;
  commGen?: number;
  which?: 'comm' | 'fetch';
  correlationId?: number;
}

/** Handles a timer of the broker's KRaft side (see `isKraftBrokerTimer`). */
export function onKraftBrokerTimer(
  world: KraftWorld,
  ownerNode: NodeId,
  kb: KraftBrokerState,
  name: string,
  data: unknown,
): KraftBrokerEvent[] {
  const d = data as BrokerTimerData;
  if (d.gen !== kb.gen) return [];
  switch (name) {
    case KRAFT_BROKER_TIMERS.communication:
      if (d.commGen === kb.commGen) communicate(world, ownerNode, kb);
      return [];
    case KRAFT_BROKER_TIMERS.fetch:
      sendFetch(world, ownerNode, kb);
      return [];
    case KRAFT_BROKER_TIMERS.requestTimeout:
      if (d.which === 'comm' && d.correlationId === kb.commInFlight)
        onCommFailed(world, ownerNode, kb, kb.commSentTo, 'timeout');
      else if (d.which === 'fetch' && d.correlationId === kb.fetchInFlight) {
        kb.fetchInFlight = -1;
        forgetLeader(kb, kb.fetchSentTo);
        sendFetch(world, ownerNode, kb);
      }
      return [];
    default:
      return [];
  }
}
