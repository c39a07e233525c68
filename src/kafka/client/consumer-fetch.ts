/**
 * The consumer's data path (Fetcher, SubscriptionState, ConsumerMetadata): metadata, positions
 * from `auto.offset.reset` (ListOffsets), fetching from partition leaders (one Fetch per leader,
 * long-polled by the broker: `fetch.min.bytes`, `fetch.max.wait.ms`) and handing records to the
 * application, up to `max.poll.records` per poll(), in offset order per partition.
 */
import { getOwn, setOwn } from '../dict';
import type { KafkaApis, FetchResponse, ListOffsetsResponse, MetadataResponse } from '../protocol/messages';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../protocol/messages';
import type { RecordBatch } from '../log/types';
import type { KafkaWorld } from '../world';
import { brokerNode } from '../world';
import { parseTpKey, tpKey } from '../names';
import type { ConsumerState } from './consumer-types';
import { deserializeRecords } from '../schema-registry/serializer';
import { isArmedDeadlineDue, needsDeadlineTimer } from '../deadline-timer';

export const HEADER_BYTES = 40;

/** A random broker, as the Java client picks the least-loaded known node. */
export function anyBrokerNode(world: KafkaWorld, c: ConsumerState): number | undefined {
  const brokers = Object.values(world.state.model.brokers);
  if (brokers.length === 0) return undefined;
  return brokers[world.randomInt(c.name, brokers.length)]?.node;
}

/** Keys here are always built by tpKey, so they always parse. */
export function partitionOf(key: string): { topic: string; partition: number } {
  return parseTpKey(key) as { topic: string; partition: number };
}

/** Topics this consumer subscribes to, given what the cluster has (a pattern matches existing topics). */
export function subscribedTopics(c: ConsumerState): string[] {
  if (c.topicPattern === null) return c.topics;
  const re = new RegExp(`^(?:${c.topicPattern})$`);
  return Object.keys(c.partitionCounts)
    .filter((t) => !(c.config['exclude.internal.topics'] && t.startsWith('__')) && re.test(t))
    .sort();
}

export function requestMetadata(world: KafkaWorld, c: ConsumerState): void {
  if (c.metadataInFlight) return;
  const to = anyBrokerNode(world, c);
  if (to === undefined) return;
  c.metadataInFlight = true;
  const correlationId = c.nextCorrelationId++;
  const topics = c.topicPattern === null ? [...new Set([...c.topics, ...c.groupSubscription])].sort() : null;
  world.send(c.node, to, 'Metadata', { correlationId, topics, allowAutoTopicCreation: c.config['allow.auto.create.topics'] } satisfies KafkaApis['Metadata'], HEADER_BYTES);
  world.setTimer(c.node, c.config['request.timeout.ms'], 'metadataTimeout', { correlationId });
}

export function metadataDue(world: KafkaWorld, c: ConsumerState): boolean {
  return c.lastMetadataAtMs < 0 || world.nowMs - c.lastMetadataAtMs >= c.config['metadata.max.age.ms'];
}

/** Takes a Metadata answer into the cache. */
export function onMetadata(world: KafkaWorld, c: ConsumerState, resp: MetadataResponse): void {
  c.metadataInFlight = false;
  c.lastMetadataAtMs = world.nowMs;
  let incomplete = false;
  for (const t of resp.topics) {
    if (t.error !== 'NONE' || t.partitions.length === 0) {
      incomplete = true;
      continue;
    }
    setOwn(c.partitionCounts, t.name, t.partitions.length);
    for (const p of t.partitions) {
      c.leaders[tpKey(t.name, p.partition)] = { leader: p.leader, leaderEpoch: p.leaderEpoch };
      if (p.leader < 0) incomplete = true;
    }
  }
  // A topic not there yet, or a partition without a leader: ask again after retry.backoff.ms.
  if (incomplete) requestMetadataSoon(world, c);
}

/** Makes the metadata due again `retry.backoff.ms` from now (Metadata.requestUpdate with its backoff). */
export function requestMetadataSoon(world: KafkaWorld, c: ConsumerState): void {
  const dueAtMs = world.nowMs + c.config['retry.backoff.ms'] - c.config['metadata.max.age.ms'];
  if (c.lastMetadataAtMs > dueAtMs) c.lastMetadataAtMs = dueAtMs;
}

/** Forgets fetching state of partitions no longer owned (revoked or lost). */
export function dropPartitions(c: ConsumerState, keys: readonly string[]): void {
  for (const k of keys) {
    delete c.positions[k];
    delete c.buffer[k];
    delete c.resetting[k];
    delete c.noCommittedOffset[k];
  }
}

/** auto.offset.reset for partitions with no committed offset, or whose position fell out of the log. */
export function resetPositions(world: KafkaWorld, c: ConsumerState, keys: string[]): void {
  const policy = c.config['auto.offset.reset'];
  const byBroker = new Map<number, string[]>();
  for (const key of keys) {
    if (c.resetting[key] === true) continue;
    if (policy === 'none') {
      world.emit('ConsumerError', { consumer: c.name, error: 'NoOffsetForPartitionException', partition: key });
      continue;
    }
    const leader = c.leaders[key]?.leader ?? -1;
    if (leader < 0) {
      requestMetadataSoon(world, c);
      continue;
    }
    const forLeader = byBroker.get(leader);
    if (forLeader === undefined) byBroker.set(leader, [key]);
    else forLeader.push(key);
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

export function onListOffsets(world: KafkaWorld, c: ConsumerState, resp: ListOffsetsResponse): void {
  for (const p of resp.partitions) {
    const key = tpKey(p.topic, p.partition);
    delete c.resetting[key];
    if (!c.assigned.includes(key)) continue;
    if (p.error !== 'NONE') {
      c.lastMetadataAtMs = -1;
      continue;
    }
    const from = c.positions[key];
    c.positions[key] = p.offset;
    delete c.noCommittedOffset[key];
    world.emit('ConsumerPositionReset', { consumer: c.name, groupId: c.groupId, topic: p.topic, partition: p.partition, from: from ?? null, to: p.offset, policy: c.config['auto.offset.reset'] });
  }
}

/** Sends a Fetch to each leader for owned partitions with a known position and an empty buffer. */
export function sendFetches(world: KafkaWorld, c: ConsumerState): void {
  const byBroker = new Map<number, string[]>();
  for (const key of c.assigned) {
    if (c.positions[key] === undefined || c.resetting[key] === true || (c.buffer[key]?.length ?? 0) > 0) continue;
    const leader = c.leaders[key]?.leader ?? -1;
    if (leader < 0) requestMetadataSoon(world, c);
    if (leader < 0 || c.fetchesInFlight[String(leader)] !== undefined) continue;
    const forLeader = byBroker.get(leader);
    if (forLeader === undefined) byBroker.set(leader, [key]);
    else forLeader.push(key);
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
    (c.fetchSentAtMs ??= {})[String(leader)] = world.nowMs;
    const deadline = world.nowMs + c.config['request.timeout.ms'];
    if (needsDeadlineTimer(c.fetchTimeoutAtMs?.[String(leader)], deadline)) armFetchTimeout(world, c, leader, deadline);
  }
}

function armFetchTimeout(world: KafkaWorld, c: ConsumerState, leader: number, atMs: number): void {
  (c.fetchTimeoutAtMs ??= {})[String(leader)] = atMs;
  world.setTimer(c.node, atMs - world.nowMs, 'fetchTimeout', { leader });
}

/**
 * The fetch-timeout timer of one leader: the Fetch in flight there has waited request.timeout.ms
 * (the consumer gives it up and refreshes metadata), or not yet (the timer moves to its deadline).
 */
export function onFetchTimeout(world: KafkaWorld, c: ConsumerState, leader: number): void {
  const key = String(leader);
  if (c.fetchTimeoutAtMs === undefined || !isArmedDeadlineDue(c.fetchTimeoutAtMs[key], world.nowMs)) return;
  c.fetchTimeoutAtMs[key] = -1;
  if (c.fetchesInFlight[key] === undefined) return;
  const deadline = (c.fetchSentAtMs?.[key] ?? world.nowMs) + c.config['request.timeout.ms'];
  if (world.nowMs < deadline) {
    armFetchTimeout(world, c, leader, deadline);
    return;
  }
  delete c.fetchesInFlight[key];
  c.lastMetadataAtMs = -1;
}

/** Buffers what a Fetch brought for partitions still owned; errors send the consumer back to metadata or auto.offset.reset. */
export function onFetch(world: KafkaWorld, c: ConsumerState, from: number, resp: FetchResponse): void {
  let leader: string | undefined;
  for (const id in c.fetchesInFlight) {
    if (c.fetchesInFlight[id] === resp.correlationId) {
      leader = id;
      break;
    }
  }
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
    if (p.batches.length > 0) c.buffer[key] = (c.buffer[key] ?? []).concat(p.batches);
  }
  if (outOfRange.length > 0) {
    // The position stays until ListOffsets answers, so the reset can say where it jumped from.
    for (const k of outOfRange) delete c.buffer[k];
    resetPositions(world, c, outOfRange);
  }
  if (refresh) c.lastMetadataAtMs = -1;
}

/**
 * Hands the application up to max.poll.records buffered records, in offset order per partition,
 * recording each delivery. Records below the position (the head of a whole batch) are skipped,
 * as the Java client skips them. Returns how many records were handed over.
 */
export function deliverRecords(world: KafkaWorld, c: ConsumerState): number {
  let budget = c.config['max.poll.records'];
  let taken = 0;
  const deliveries = world.state.model.history.deliveries;
  for (const key of c.assigned) {
    const batches = c.buffer[key];
    if (batches === undefined || batches.length === 0 || budget === 0) continue;
    let position = c.positions[key];
    if (position === undefined) continue;
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
          generation: c.generation,
        });
      }
      if (c.valueDeserializer !== null) deserializeRecords(world, c.name, c.groupId, c.valueDeserializer, topic, partition, batch, start, end);
      const n = end - start;
      taken += n;
      budget -= n;
      position += n;
      if (position > batch.lastOffset) batches.shift();
    }
    c.positions[key] = position;
  }
  c.delivered += taken;
  return taken;
}

/** SubscriptionState.allConsumed: the position of every owned partition that has one. */
export function allConsumed(c: ConsumerState): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of c.assigned) {
    const p = c.positions[key];
    if (p !== undefined) setOwn(out, key, p);
  }
  return out;
}

export function hasOffsets(offsets: Record<string, number>): boolean {
  for (const k in offsets) if (getOwn(offsets, k) !== undefined) return true;
  return false;
}
