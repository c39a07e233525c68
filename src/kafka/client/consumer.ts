/**
 * The consumer client (the Java KafkaConsumer's model), without group management yet: its members
 * get partitions as `assign()` would give them. The application loop: poll() hands over up to
 * `max.poll.records` buffered records, the application spends `processingMsPerRecord` on each, then
 * polls again. Fetching runs beside it: one Fetch per leader broker for the assigned partitions
 * whose buffer is empty, long-polled by the broker (`fetch.min.bytes`, `fetch.max.wait.ms`).
 *
 * Positions without a committed offset come from `auto.offset.reset` (ListOffsets), and so does
 * the recovery from OFFSET_OUT_OF_RANGE after retention moved the log start.
 */
import type { ConsumerConfig } from '../config/types';
import { getOwn, setOwn } from '../dict';
import type { DisconnectedPayload, Message } from '../../sim/types';
import type { KafkaApis, FetchResponse, ListOffsetsResponse, MetadataResponse } from '../protocol/messages';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../protocol/messages';
import type { RecordBatch } from '../log/types';
import type { ConsumerGroupSpec } from '../../scenario/schema';
import type { KafkaWorld } from '../world';
import { brokerNode } from '../world';
import { parseTpKey, tpKey } from '../names';

const HEADER_BYTES = 40;
/** How often an idle application loop looks again (metadata age, positions) between fetches. */
const IDLE_POLL_MS = 100;

export interface PartitionLeader {
  leader: number;
  leaderEpoch: number;
}

export interface ConsumerState {
  name: string;
  node: number;
  groupId: string;
  /** 1-based index of this member in its group (its node name's suffix). */
  memberIndex: number;
  config: ConsumerConfig;
  processingMsPerRecord: number;
  topics: string[];
  topicPattern: string | null;
  status: 'running' | 'stopped' | 'crashed';
  /** Partitions this consumer reads, `topic-partition`. */
  assigned: string[];
  /** Next offset to hand to the application, per partition; absent = unknown yet. */
  positions: Record<string, number>;
  /** Partitions waiting for a ListOffsets answer. */
  resetting: Record<string, true>;
  leaders: Record<string, PartitionLeader>;
  partitionCounts: Record<string, number>;
  metadataInFlight: boolean;
  lastMetadataAtMs: number;
  /** Fetch in flight per broker id: its correlation id. */
  fetchesInFlight: Record<string, number>;
  /** Batches fetched and not yet handed to the application, per partition. */
  buffer: Record<string, RecordBatch[]>;
  /** True while the application is processing what the last poll returned. */
  processing: boolean;
  nextCorrelationId: number;
  delivered: number;
  lastPollAtMs: number;
  /** An idle-poll timer is pending (at most one, so idle polling never multiplies). */
  idleTimerArmed: boolean;
}

export function createConsumer(name: string, node: number, memberIndex: number, spec: ConsumerGroupSpec, config: ConsumerConfig): ConsumerState {
  return {
    name,
    node,
    groupId: spec.groupId,
    memberIndex,
    config,
    processingMsPerRecord: spec.processingMsPerRecord,
    topics: spec.topics ?? [],
    topicPattern: spec.topicPattern ?? null,
    status: 'running',
    assigned: [],
    positions: {},
    resetting: {},
    leaders: {},
    partitionCounts: {},
    metadataInFlight: false,
    lastMetadataAtMs: -1,
    fetchesInFlight: {},
    buffer: {},
    processing: false,
    nextCorrelationId: 1,
    delivered: 0,
    lastPollAtMs: -1,
    idleTimerArmed: false,
  };
}

export function startConsumer(world: KafkaWorld, c: ConsumerState, atMs: number): void {
  world.setTimer(c.node, Math.max(0, atMs - world.nowMs), 'poll');
}

function anyBrokerNode(world: KafkaWorld, c: ConsumerState): number | undefined {
  const brokers = Object.values(world.state.model.brokers);
  if (brokers.length === 0) return undefined;
  const pick = brokers[world.randomInt(c.name, brokers.length)];
  return pick?.node;
}

function requestMetadata(world: KafkaWorld, c: ConsumerState): void {
  if (c.metadataInFlight) return;
  const to = anyBrokerNode(world, c);
  if (to === undefined) return;
  c.metadataInFlight = true;
  const correlationId = c.nextCorrelationId++;
  world.send(c.node, to, 'Metadata', { correlationId, topics: c.topicPattern === null ? c.topics : null, allowAutoTopicCreation: c.config['allow.auto.create.topics'] } satisfies KafkaApis['Metadata'], HEADER_BYTES);
  world.setTimer(c.node, c.config['request.timeout.ms'], 'metadataTimeout', { correlationId });
}

/** Which topics this consumer reads, given what the cluster has. */
function subscribedTopics(c: ConsumerState): string[] {
  if (c.topicPattern === null) return c.topics;
  const re = new RegExp(`^(?:${c.topicPattern})$`);
  return Object.keys(c.partitionCounts).filter((t) => !t.startsWith('__') && re.test(t)).sort();
}

/**
 * Without group management, members share partitions as `assign()` calls written by hand would:
 * partition i of the sorted list goes to member i mod n. (The group issue replaces this.)
 */
function staticAssignment(world: KafkaWorld, c: ConsumerState): string[] {
  const members = Object.values(world.state.model.consumers).filter((x) => x.groupId === c.groupId).length;
  const all: string[] = [];
  for (const t of subscribedTopics(c)) {
    const n = getOwn(c.partitionCounts, t) ?? 0;
    for (let p = 0; p < n; p++) all.push(tpKey(t, p));
  }
  return all.filter((_, i) => i % Math.max(1, members) === c.memberIndex - 1);
}

function onMetadata(world: KafkaWorld, c: ConsumerState, resp: MetadataResponse): void {
  c.metadataInFlight = false;
  c.lastMetadataAtMs = world.nowMs;
  for (const t of resp.topics) {
    if (t.error !== 'NONE') continue;
    setOwn(c.partitionCounts, t.name, t.partitions.length);
    for (const p of t.partitions) c.leaders[tpKey(t.name, p.partition)] = { leader: p.leader, leaderEpoch: p.leaderEpoch };
  }
  const next = staticAssignment(world, c);
  if (next.join(',') !== c.assigned.join(',')) {
    c.assigned = next;
    world.emit('PartitionsAssigned', { consumer: c.name, groupId: c.groupId, partitions: next, mode: 'assign' });
  }
}

/** Keys here are always built by tpKey, so they always parse. */
function partitionOf(key: string): { topic: string; partition: number } {
  return parseTpKey(key) as { topic: string; partition: number };
}

function resetPositions(world: KafkaWorld, c: ConsumerState, keys: string[]): void {
  const policy = c.config['auto.offset.reset'];
  const byBroker = new Map<number, string[]>();
  for (const key of keys) {
    if (c.resetting[key] === true) continue;
    if (policy === 'none') {
      world.emit('ConsumerError', { consumer: c.name, error: 'NoOffsetForPartitionException', partition: key });
      continue;
    }
    const leader = c.leaders[key]?.leader ?? -1;
    if (leader < 0) continue;
    byBroker.set(leader, [...(byBroker.get(leader) ?? []), key]);
  }
  for (const [leader, list] of byBroker) {
    const to = brokerNode(world, leader);
    if (to === undefined) continue;
    for (const k of list) c.resetting[k] = true;
    const correlationId = c.nextCorrelationId++;
    const timestamp = policy === 'earliest' ? EARLIEST_TIMESTAMP : LATEST_TIMESTAMP;
    world.send(c.node, to, 'ListOffsets', { correlationId, partitions: list.map((k) => ({ ...partitionOf(k), timestamp })) } satisfies KafkaApis['ListOffsets'], HEADER_BYTES);
    world.setTimer(c.node, c.config['request.timeout.ms'], 'listOffsetsTimeout', { keys: list });
  }
}

function onListOffsets(world: KafkaWorld, c: ConsumerState, resp: ListOffsetsResponse): void {
  for (const p of resp.partitions) {
    const key = tpKey(p.topic, p.partition);
    delete c.resetting[key];
    if (p.error !== 'NONE') {
      c.lastMetadataAtMs = -1;
      continue;
    }
    const from = c.positions[key];
    c.positions[key] = p.offset;
    world.emit('ConsumerPositionReset', { consumer: c.name, topic: p.topic, partition: p.partition, from: from ?? null, to: p.offset, policy: c.config['auto.offset.reset'] });
  }
}

/** Sends a Fetch to each leader for assigned partitions with a known position and an empty buffer. */
function sendFetches(world: KafkaWorld, c: ConsumerState): void {
  const byBroker = new Map<number, string[]>();
  for (const key of c.assigned) {
    if (c.positions[key] === undefined || c.resetting[key] === true || (c.buffer[key]?.length ?? 0) > 0) continue;
    const leader = c.leaders[key]?.leader ?? -1;
    if (leader < 0 || c.fetchesInFlight[String(leader)] !== undefined) continue;
    byBroker.set(leader, [...(byBroker.get(leader) ?? []), key]);
  }
  for (const [leader, keys] of byBroker) {
    const to = brokerNode(world, leader);
    if (to === undefined) continue;
    const correlationId = c.nextCorrelationId++;
    c.fetchesInFlight[String(leader)] = correlationId;
    world.send(c.node, to, 'Fetch', {
      correlationId,
      replicaId: -1,
      maxWaitMs: c.config['fetch.max.wait.ms'],
      minBytes: c.config['fetch.min.bytes'],
      maxBytes: c.config['fetch.max.bytes'],
      partitions: keys.map((k) => ({ ...partitionOf(k), fetchOffset: c.positions[k] ?? 0, currentLeaderEpoch: c.leaders[k]?.leaderEpoch ?? -1, lastFetchedEpoch: -1, partitionMaxBytes: c.config['max.partition.fetch.bytes'] })),
    } satisfies KafkaApis['Fetch'], HEADER_BYTES + 24 * keys.length);
    world.setTimer(c.node, c.config['request.timeout.ms'], 'fetchTimeout', { leader, correlationId });
  }
}

function onFetch(world: KafkaWorld, c: ConsumerState, from: number, resp: FetchResponse): void {
  const leader = Object.entries(c.fetchesInFlight).find(([, id]) => id === resp.correlationId)?.[0];
  if (leader === undefined || brokerNode(world, Number(leader)) !== from) return;
  delete c.fetchesInFlight[leader];
  let refresh = false;
  const outOfRange: string[] = [];
  for (const p of resp.partitions) {
    const key = tpKey(p.topic, p.partition);
    if (!c.assigned.includes(key)) continue;
    if (p.error === 'OFFSET_OUT_OF_RANGE') {
      world.emit('ConsumerOffsetOutOfRange', { consumer: c.name, topic: p.topic, partition: p.partition, position: c.positions[key] ?? null, logStartOffset: p.logStartOffset, highWatermark: p.highWatermark });
      outOfRange.push(key);
      continue;
    }
    if (p.error !== 'NONE') {
      refresh = true;
      continue;
    }
    if (p.batches.length > 0) c.buffer[key] = [...(c.buffer[key] ?? []), ...p.batches];
  }
  if (outOfRange.length > 0) {
    // The position stays until ListOffsets answers, so the reset can say where it jumped from.
    for (const k of outOfRange) delete c.buffer[k];
    resetPositions(world, c, outOfRange);
  }
  if (refresh) c.lastMetadataAtMs = -1;
  if (!c.processing) poll(world, c);
}

/**
 * poll(): refresh metadata when due, find positions, start fetches, and hand the application up to
 * max.poll.records records in offset order per partition. Records below the position (the head
 * of a whole batch) are skipped, as the Java client skips them.
 */
function poll(world: KafkaWorld, c: ConsumerState): void {
  if (c.status !== 'running') return;
  c.lastPollAtMs = world.nowMs;
  if (c.lastMetadataAtMs < 0 || world.nowMs - c.lastMetadataAtMs >= c.config['metadata.max.age.ms']) requestMetadata(world, c);
  const unknown = c.assigned.filter((k) => c.positions[k] === undefined);
  if (unknown.length > 0) resetPositions(world, c, unknown);
  let budget = c.config['max.poll.records'];
  let taken = 0;
  const deliveries = world.state.model.history.deliveries;
  for (const key of c.assigned) {
    const batches = c.buffer[key];
    if (batches === undefined || batches.length === 0 || budget === 0) continue;
    let position = c.positions[key] ?? 0;
    const { topic, partition } = partitionOf(key);
    while (batches.length > 0 && budget > 0) {
      const batch = batches[0] as RecordBatch;
      if (batch.lastOffset < position) {
        batches.shift();
        continue;
      }
      const start = Math.max(0, position - batch.baseOffset);
      if (batch.baseOffset + start !== position) {
        // The buffer does not continue from the position (reset meanwhile): drop it.
        batches.length = 0;
        break;
      }
      const end = Math.min(batch.values.length, start + budget);
      for (let i = start; i < end; i++) {
        deliveries.push({
          consumer: c.name,
          groupId: c.groupId,
          topic,
          partition,
          offset: batch.baseOffset + i,
          key: batch.keys[i] ?? null,
          value: batch.values[i] ?? '',
          producer: batch.producer,
          recordId: batch.recordIds[i] ?? -1,
          atMs: world.nowMs,
          generation: -1,
        });
      }
      const n = end - start;
      taken += n;
      budget -= n;
      position += n;
      if (position > batch.lastOffset) batches.shift();
    }
    c.positions[key] = position;
  }
  c.delivered += taken;
  sendFetches(world, c);
  if (taken > 0) {
    c.processing = true;
    world.setTimer(c.node, taken * c.processingMsPerRecord, 'processed');
  } else {
    // Nothing to hand over: the application sits in poll() until a fetch returns, or a tick passes.
    if (!c.idleTimerArmed) {
      c.idleTimerArmed = true;
      world.setTimer(c.node, IDLE_POLL_MS, 'pollIdle');
    }
  }
}

export function onConsumerTimer(world: KafkaWorld, c: ConsumerState, name: string, data: unknown): void {
  if (c.status !== 'running') return;
  switch (name) {
    case 'poll':
      poll(world, c);
      return;
    case 'processed':
      c.processing = false;
      poll(world, c);
      return;
    case 'pollIdle':
      c.idleTimerArmed = false;
      if (!c.processing) poll(world, c);
      return;
    case 'metadataTimeout':
      c.metadataInFlight = false;
      return;
    case 'listOffsetsTimeout':
      for (const k of (data as { keys: string[] }).keys) delete c.resetting[k];
      return;
    case 'fetchTimeout': {
      const d = data as { leader: number; correlationId: number };
      if (c.fetchesInFlight[String(d.leader)] === d.correlationId) {
        delete c.fetchesInFlight[String(d.leader)];
        c.lastMetadataAtMs = -1;
      }
      return;
    }
    default:
      throw new Error(`consumer ${c.name}: unknown timer ${name}`);
  }
}

export function onConsumerMessage(world: KafkaWorld, c: ConsumerState, msg: Message): void {
  if (c.status !== 'running') return;
  switch (msg.kind) {
    case 'MetadataResponse':
      onMetadata(world, c, msg.payload as MetadataResponse);
      if (!c.processing) sendFetches(world, c);
      return;
    case 'ListOffsetsResponse':
      onListOffsets(world, c, msg.payload as ListOffsetsResponse);
      if (!c.processing) sendFetches(world, c);
      return;
    case 'FetchResponse':
      onFetch(world, c, msg.from, msg.payload as FetchResponse);
      return;
    case 'Disconnected': {
      // The broker's process is gone: forget what was asked of it and look for the new leaders.
      const d = msg.payload as DisconnectedPayload;
      if (d.requestKind === 'Fetch') {
        const id = (d.request as KafkaApis['Fetch']).correlationId;
        for (const [leader, cid] of Object.entries(c.fetchesInFlight)) if (cid === id) delete c.fetchesInFlight[leader];
      } else if (d.requestKind === 'Metadata') c.metadataInFlight = false;
      else if (d.requestKind === 'ListOffsets') for (const p of (d.request as KafkaApis['ListOffsets']).partitions) delete c.resetting[tpKey(p.topic, p.partition)];
      c.lastMetadataAtMs = -1;
      return;
    }
    default:
  }
}
