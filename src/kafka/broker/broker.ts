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
import { handleAlterPartition } from '../controller/controller';
import { completeDelayedFetches, expireDelayedFetch, handleFetch } from './fetch';
import { expireDelayedProduce, handleProduce } from './produce';
import { onAlterPartitionResponse } from './isr-change';
import { shrinkIsrIfNeeded } from './leader';
import { handleCreateTopics, handleMetadata } from './metadata';
import { applyLeaderAndIsr, applyUpdateMetadata } from './partition-state';
import { onReplicaFetchBackoff, onReplicaFetchDisconnected, onReplicaFetchResponse, onReplicaFetchTimeout, sendFetch } from './fetcher';
import { sendFromBroker } from './respond';
import { handleListOffsets } from './list-offsets';
import { tpKey } from '../names';

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
  for (const r of Object.values(b.replicas)) flush(r.log, -1);
  for (const d of b.delayedFetches) world.resetConnection(b.node, d.requestNode, 'Fetch', d.request);
  for (const d of b.delayedProduces) world.resetConnection(b.node, d.requestNode, 'Produce', { correlationId: d.correlationId });
  forgetVolatile(b);
}

/** The machine loses power: what the OS had not written to disk is gone. Returns records lost. */
export function powerFailBroker(b: BrokerState): number {
  b.status = 'crashed';
  let lost = 0;
  for (const r of Object.values(b.replicas)) lost += loseUnflushed(r.log);
  forgetVolatile(b);
  return lost;
}

function forgetVolatile(b: BrokerState): void {
  b.delayedProduces = [];
  b.delayedFetches = [];
  for (const f of Object.values(b.fetchers)) f.inFlight = -1;
  for (const r of Object.values(b.replicas)) {
    r.pendingIsr = null;
    r.followers = {};
  }
}

export function onBrokerTimer(world: KafkaWorld, b: BrokerState, name: string, data: unknown): void {
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
    case 'produceTimeout': {
      const d = data as { requestNode: number; correlationId: number };
      expireDelayedProduce(world, b, d.requestNode, d.correlationId);
      return;
    }
    case 'fetchWait': {
      const d = data as { requestNode: number; correlationId: number };
      expireDelayedFetch(world, b, d.requestNode, d.correlationId);
      return;
    }
    case 'replicaFetchTimeout': {
      const d = data as { leaderId: number; correlationId: number };
      onReplicaFetchTimeout(world, b, d.leaderId, d.correlationId);
      return;
    }
    case 'replicaFetchBackoff':
      onReplicaFetchBackoff(world, b, (data as { leaderId: number }).leaderId);
      return;
    case 'alterPartitionTimeout': {
      const d = data as { key: string };
      const r = b.replicas[d.key];
      if (r !== undefined) r.pendingIsr = null;
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
  switch (msg.kind) {
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
      if (d.requestKind === 'Fetch') onReplicaFetchDisconnected(world, b, msg.from, (d.request as KafkaApis['Fetch']).correlationId);
      else if (d.requestKind === 'AlterPartition') {
        const req = d.request as KafkaApis['AlterPartition'];
        const r = b.replicas[tpKey(req.topic, req.partition)];
        if (r !== undefined) r.pendingIsr = null;
      }
      return;
    }
    case 'CreateTopicsResponse':
    case 'LeaderAndIsrResponse':
    case 'UpdateMetadataResponse':
      return;
    default:
      world.emit('UnsupportedRequest', { broker: b.id, kind: msg.kind });
  }
}
