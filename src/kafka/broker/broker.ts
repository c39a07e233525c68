/**
 * A broker process: its requests, its timers and its life (start, crash, power failure, restart).
 *
 * Timers, each re-armed by itself: `isrCheck` every replica.lag.time.max.ms / 2 (ISR shrink),
 * `retention` every log.retention.check.interval.ms, `flush` every second (flush.ms and the
 * OS writing the page cache back every `osFlushIntervalMs`).
 */
import { applyRetention, flush, flushIfDue, loseUnflushed } from '../log/partition-log';
import { resolveConfig } from '../config/resolve';
import type { BrokerConfig } from '../config/types';
import type { KafkaApis } from '../protocol/messages';
import type { DisconnectedPayload, Message } from '../../sim/types';
import type { BrokerState } from '../state';
import type { KafkaWorld } from '../world';
import { handleAlterPartition, onControllerRequestAnswered, onControllerResend } from '../controller/controller';
import { completeDelayedFetches, expireDelayedFetch, handleFetch } from './fetch';
import { forgetSequencesFrom, handleProduce, onProduceTimeout } from './produce';
import { onAlterPartitionResponse, onAlterPartitionTimeout } from './isr-change';
import { shrinkIsrIfNeeded } from './leader';
import { handleCreateTopics, handleMetadata } from './metadata';
import { applyLeaderAndIsr, applyUpdateMetadata } from './partition-state';
import { onReplicaFetchBackoff, onReplicaFetchDisconnected, onReplicaFetchResponse, onReplicaFetchTimeout, sendFetch } from './fetcher';
import { sendFromBroker } from './respond';
import { handleListOffsets } from './list-offsets';
import { tpKey } from '../names';
import { isZkClientTimer, isZkMessage, onZkClientMessage, onZkClientTimer } from '../zookeeper';
import { isKraftBrokerMessage, isKraftBrokerTimer, kraftBrokerReset, onKraftBrokerMessage, onKraftBrokerTimer, sendToActiveController, startKraftBroker, type KraftBrokerEvent } from '../controller/kraft/broker-metadata';
import { getOwn } from '../dict';
import { crashZkBroker, handleControlledShutdown, onControlledShutdownResponse, onZkBrokerTimer, onZkEvents, startZkBroker } from '../controller/zk-controller';
import { isGroupRequest, isGroupTimer, onCoordinatorLeadershipChange, onCoordinatorProduceResponse, onGroupCoordinatorCrash, onGroupRequest, onGroupTimer } from '../group/coordinator';
import { newGroupCoordinatorState } from '../group/types';

/** How often the broker looks at flush.ms and the OS page-cache write-back. */
const FLUSH_TICK_MS = 1_000;

export function newBrokerState(id: number, node: number, rack: string | null, config: BrokerConfig): BrokerState {
  return {
    id,
    node,
    rack,
    status: 'running',
    starts: 0,
    config,
    replicas: {},
    metadata: {},
    topicPartitions: {},
    liveBrokers: [],
    controllerId: -1,
    controllerEpoch: 0,
    controller: null,
    zk: null,
    shuttingDown: false,
    kraft: null,
    fenced: false,
    groupCoordinator: newGroupCoordinatorState(0),
    delayedProduces: [],
    delayedFetches: [],
    fetchers: {},
    nextCorrelationId: 1,
  };
}

export function brokerConfigFor(overrides: Record<string, unknown>): BrokerConfig {
  const r = resolveConfig('broker', overrides, 'cluster.config');
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.config;
}

/** Arms the broker's periodic work; called at start and after a restart. */
export function startBroker(world: KafkaWorld, b: BrokerState): void {
  b.starts++;
  const zkServers = Object.values(world.state.model.zkServers).map((z) => z.node);
  if (zkServers.length > 0) {
    if (b.starts > 1) forgetWhatTheControllerSaid(b);
    startZkBroker(world, b, zkServers);
  }
  if (b.kraft !== null) {
    // A (re)started broker replays the metadata log from the start, fenced until it has caught up.
    forgetWhatTheControllerSaid(b);
    b.fenced = true;
    startKraftBroker(world, b.node, b.kraft);
  }
  world.setTimer(b.node, Math.max(1, Math.floor(b.config['replica.lag.time.max.ms'] / 2)), 'isrCheck');
  world.setTimer(b.node, b.config['log.retention.check.interval.ms'], 'retention');
  world.setTimer(b.node, FLUSH_TICK_MS, 'flush', { lastOsFlushMs: world.nowMs });
  for (const f of Object.values(b.fetchers)) sendFetch(world, b, f);
}

/**
 * The process dies. The page cache survives (the OS writes it back), so nothing appended is lost;
 * parked requests die with the process, and their senders see the connection reset.
 */
export function crashBroker(world: KafkaWorld, b: BrokerState): void {
  b.status = 'crashed';
  crashZkBroker(b);
  if (b.kraft !== null) kraftBrokerReset(b.kraft);
  onGroupCoordinatorCrash(world, b);
  for (const r of Object.values(b.replicas)) flush(r.log, -1);
  for (const d of b.delayedFetches) world.resetConnection(b.node, d.requestNode, 'Fetch', d.request);
  for (const d of b.delayedProduces) world.resetConnection(b.node, d.requestNode, 'Produce', { correlationId: d.correlationId });
  forgetVolatile(b);
}

/** The machine loses power: what the OS had not written to disk is gone. Returns records lost. */
export function powerFailBroker(b: BrokerState): number {
  b.status = 'crashed';
  crashZkBroker(b);
  if (b.kraft !== null) kraftBrokerReset(b.kraft);
  let lost = 0;
  for (const r of Object.values(b.replicas)) {
    lost += loseUnflushed(r.log);
    forgetSequencesFrom(r, r.log.logEndOffset);
  }
  forgetVolatile(b);
  return lost;
}

/** What the KRaft metadata log told this broker. */
function onKraftEvents(world: KafkaWorld, b: BrokerState, events: KraftBrokerEvent[]): void {
  for (const e of events) {
    if (e.type === 'partitions') {
      if (e.changed.length > 0) {
        applyLeaderAndIsr(world, b, { correlationId: 0, controllerId: e.controllerId, controllerEpoch: e.controllerEpoch, partitions: e.changed, topicConfigs: e.topicConfigs });
        onCoordinatorLeadershipChange(world, b);
      }
      applyUpdateMetadata(world, b, { correlationId: 0, controllerId: e.controllerId, controllerEpoch: e.controllerEpoch, liveBrokers: e.liveBrokerEndpoints, partitions: e.all, deletedTopics: [] });
    } else if (e.type === 'fenced' || e.type === 'unfenced') {
      b.fenced = e.type === 'fenced';
      if (e.type === 'unfenced' && b.id === Math.min(...Object.values(world.state.model.brokers).map((x) => x.id))) bootstrapTopicsViaQuorum(world, b);
    } else if (e.type === 'shutdownGranted') {
      stopBrokerProcess(world, b);
    }
  }
}

/**
 * KRaft mode: the scenario's topics are created by an admin request once the quorum answers, as
 * a setup script would (retried until the metadata shows them). The lowest broker id does it.
 */
function bootstrapTopicsViaQuorum(world: KafkaWorld, b: BrokerState): void {
  if (b.kraft === null || b.status !== 'running') return;
  const missing = world.state.model.scenario.topics.filter((t) => getOwn(b.topicPartitions, t.name) === undefined);
  if (missing.length === 0) return;
  sendToActiveController(world, b.node, b.kraft, 'CreateTopics', {
    correlationId: b.nextCorrelationId++,
    topics: missing.map((t) => ({ name: t.name, numPartitions: t.partitions, replicationFactor: t.replicationFactor, assignment: t.replicaAssignment ?? [], configs: t.config })),
    timeoutMs: 30_000,
  });
  world.setTimer(b.node, 500, 'kraftBootstrapTopics');
}

/** The end of a controlled shutdown: a clean stop (everything flushed, the process gone). */
export function stopBrokerProcess(world: KafkaWorld, b: BrokerState): void {
  if (b.status !== 'running') return;
  world.crashNode(b.node);
  crashBroker(world, b);
  b.status = 'stopped';
  world.emit('BrokerStopped', { broker: b.id, controlled: true });
}

/**
 * A restarted broker has its logs but no roles: it serves nothing until the controller's
 * LeaderAndIsr and UpdateMetadata arrive (ZooKeeper mode).
 */
function forgetWhatTheControllerSaid(b: BrokerState): void {
  for (const r of Object.values(b.replicas)) r.role = 'follower';
  b.fetchers = {};
  b.metadata = {};
  b.topicPartitions = {};
  b.liveBrokers = [];
  b.controllerId = -1;
  b.controllerEpoch = 0;
}

function forgetVolatile(b: BrokerState): void {
  b.delayedProduces = [];
  b.produceTimeoutAtMs = -1;
  b.delayedFetches = [];
  for (const f of Object.values(b.fetchers)) {
    f.inFlight = -1;
    // Its timeout timer died with the process.
    f.timeoutAtMs = -1;
  }
  for (const r of Object.values(b.replicas)) {
    r.pendingIsr = null;
    r.followers = {};
    r.followingSinceStart = false;
  }
}

export function onBrokerTimer(world: KafkaWorld, b: BrokerState, name: string, data: unknown): void {
  if (b.zk !== null && isZkClientTimer(name)) {
    onZkEvents(world, b, onZkClientTimer(world, b.node, b.zk, name, data));
    return;
  }
  if (onZkBrokerTimer(world, b, name, data)) return;
  if (b.kraft !== null && isKraftBrokerTimer(name)) {
    onKraftEvents(world, b, onKraftBrokerTimer(world, b.node, b.kraft, name, data));
    return;
  }
  if (name === 'kraftBootstrapTopics') {
    bootstrapTopicsViaQuorum(world, b);
    return;
  }
  if (isGroupTimer(name)) return onGroupTimer(world, b, name, data);
  switch (name) {
    case 'isrCheck':
      shrinkIsrIfNeeded(world, b);
      world.setTimer(b.node, Math.max(1, Math.floor(b.config['replica.lag.time.max.ms'] / 2)), 'isrCheck');
      return;
    case 'retention':
      runRetention(world, b);
      world.setTimer(b.node, b.config['log.retention.check.interval.ms'], 'retention');
      return;
    case 'flush': {
      const { lastOsFlushMs } = data as { lastOsFlushMs: number };
      const osFlush = world.nowMs - lastOsFlushMs >= world.state.model.scenario.cluster.osFlushIntervalMs;
      for (const r of Object.values(b.replicas)) {
        if (osFlush) flush(r.log, world.nowMs);
        else flushIfDue(r.log, world.nowMs, r.config);
      }
      world.setTimer(b.node, FLUSH_TICK_MS, 'flush', { lastOsFlushMs: osFlush ? world.nowMs : lastOsFlushMs });
      return;
    }
    case 'produceTimeout':
      onProduceTimeout(world, b);
      return;
    case 'fetchWait': {
      const d = data as { requestNode: number; correlationId: number };
      expireDelayedFetch(world, b, d.requestNode, d.correlationId);
      return;
    }
    case 'replicaFetchTimeout': {
      onReplicaFetchTimeout(world, b, (data as { leaderId: number }).leaderId);
      return;
    }
    case 'replicaFetchBackoff':
      onReplicaFetchBackoff(world, b, (data as { leaderId: number }).leaderId);
      return;
    case 'controllerResend':
      onControllerResend(world, b, data as { correlationId: number; epoch: number });
      return;
    case 'controlledShutdownTimeout':
      // The controller never answered: stop anyway, as Kafka does after its retries.
      if (b.shuttingDown) stopBrokerProcess(world, b);
      return;
    case 'alterPartitionTimeout': {
      const d = data as { key: string; correlationId: number };
      onAlterPartitionTimeout(world, b, d.key, d.correlationId);
      return;
    }
    default:
      throw new Error(`broker ${b.id}: unknown timer ${name}`);
  }
}

function runRetention(world: KafkaWorld, b: BrokerState): void {
  for (const r of Object.values(b.replicas)) {
    const deleted = applyRetention(r.log, world.nowMs, r.config);
    for (const d of deleted) {
      world.emit('SegmentDeleted', { broker: b.id, topic: r.topic, partition: r.partition, baseOffset: d.baseOffset, endOffset: d.endOffset, sizeBytes: d.sizeBytes, reason: d.reason, logStartOffset: r.log.logStartOffset });
    }
    if (deleted.length > 0 && r.role === 'leader') completeDelayedFetches(world, b, r.topic, r.partition, 'consumer');
  }
}

export function onBrokerMessage(world: KafkaWorld, b: BrokerState, msg: Message): void {
  if (b.zk !== null && isZkMessage(msg.kind)) {
    onZkEvents(world, b, onZkClientMessage(world, b.node, b.zk, msg));
    return;
  }
  if (b.kraft !== null && isKraftBrokerMessage(msg)) {
    onKraftEvents(world, b, onKraftBrokerMessage(world, b.node, b.kraft, msg));
    return;
  }
  if (isGroupRequest(msg.kind)) return onGroupRequest(world, b, msg);
  // The group coordinator's own writes to __consumer_offsets answer over the loopback connection.
  if (msg.kind === 'ProduceResponse' && msg.from === b.node) return onCoordinatorProduceResponse(world, b, msg.payload as KafkaApis['ProduceResponse']);
  switch (msg.kind) {
    case 'ControlledShutdown':
      handleControlledShutdown(world, b, msg.from, msg.payload as KafkaApis['ControlledShutdown']);
      return;
    case 'ControlledShutdownResponse':
      if ((msg.payload as KafkaApis['ControlledShutdownResponse']).error === 'NONE') onControlledShutdownResponse(world, b);
      return;
    case 'Produce':
      handleProduce(world, b, msg.from, msg.payload as KafkaApis['Produce']);
      return;
    case 'Fetch':
      handleFetch(world, b, msg.from, msg.payload as KafkaApis['Fetch']);
      return;
    case 'FetchResponse':
      onReplicaFetchResponse(world, b, msg.from, msg.payload as KafkaApis['FetchResponse']);
      return;
    case 'ListOffsets':
      handleListOffsets(world, b, msg.from, msg.payload as KafkaApis['ListOffsets']);
      return;
    case 'Metadata':
      handleMetadata(world, b, msg.from, msg.payload as KafkaApis['Metadata']);
      return;
    case 'CreateTopics':
      handleCreateTopics(world, b, msg.from, msg.payload as KafkaApis['CreateTopics']);
      return;
    case 'LeaderAndIsr': {
      const req = msg.payload as KafkaApis['LeaderAndIsr'];
      sendFromBroker(world, b, msg.from, 'LeaderAndIsrResponse', { correlationId: req.correlationId, error: applyLeaderAndIsr(world, b, req) });
      onCoordinatorLeadershipChange(world, b);
      return;
    }
    case 'UpdateMetadata': {
      const req = msg.payload as KafkaApis['UpdateMetadata'];
      sendFromBroker(world, b, msg.from, 'UpdateMetadataResponse', { correlationId: req.correlationId, error: applyUpdateMetadata(world, b, req) });
      return;
    }
    case 'AlterPartition':
      handleAlterPartition(world, b, msg.from, msg.payload as KafkaApis['AlterPartition']);
      return;
    case 'AlterPartitionResponse':
      onAlterPartitionResponse(world, b, msg.payload as KafkaApis['AlterPartitionResponse']);
      return;
    case 'Disconnected': {
      const d = msg.payload as DisconnectedPayload;
      if (b.zk !== null && d.requestKind.startsWith('Zk')) {
        onZkEvents(world, b, onZkClientMessage(world, b.node, b.zk, msg));
        return;
      }
      if (d.requestKind === 'Fetch') onReplicaFetchDisconnected(world, b, msg.from, (d.request as KafkaApis['Fetch']).correlationId);
      else if (d.requestKind === 'AlterPartition') {
        const req = d.request as KafkaApis['AlterPartition'];
        const r = b.replicas[tpKey(req.topic, req.partition)];
        if (r !== undefined) r.pendingIsr = null;
      }
      return;
    }
    case 'LeaderAndIsrResponse':
    case 'UpdateMetadataResponse':
      onControllerRequestAnswered(b, (msg.payload as KafkaApis['LeaderAndIsrResponse']).correlationId);
      return;
    case 'CreateTopicsResponse':
      return;
    case 'ElectLeadersResponse': {
      // The answer to the admin request sent on behalf of `electPreferredLeaders` (KRaft mode).
      const r = msg.payload as { error: string; results: { error: string }[] };
      world.emit('PreferredLeaderElection', { moved: r.results.filter((x) => x.error === 'NONE').length, error: r.error });
      return;
    }
    default:
      world.emit('UnsupportedRequest', { broker: b.id, kind: msg.kind });
  }
}
