/**
 * The producer's metadata (ProducerMetadata / DefaultMetadataUpdater): which broker leads each
 * partition of its topic. Fetched with a Metadata request to a running broker drawn from the
 * client's stream, refreshed when a produce error says the view is stale (NOT_LEADER_OR_FOLLOWER,
 * LEADER_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION, FENCED_LEADER_EPOCH…), when a partition with
 * queued batches has no leader, after a disconnect, and every `metadata.max.age.ms`. Refreshes are
 * at least `retry.backoff.ms` apart.
 */
import type { World } from '../../sim/world';
import { getOwn, setOwn } from '../dict';
import type { MetadataRequest, MetadataResponse } from '../protocol/messages';
import type { KafkaErrorName } from '../protocol/errors';
import { ensurePartitions } from './producer-accumulator';
import { MAX_TIMER_DELAY_MS, TIMER_METADATA_AGE, TIMER_REQUEST_TIMEOUT, armSlot } from './producer-timers';
import type { PartitionLeader, ProducerHost, ProducerState } from './producer-types';

/** Errors whose Java exception is an InvalidMetadataException: the client refreshes its metadata. */
const STALE_METADATA_ERRORS: ReadonlySet<string> = new Set<KafkaErrorName>([
  'NOT_LEADER_OR_FOLLOWER',
  'LEADER_NOT_AVAILABLE',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'FENCED_LEADER_EPOCH',
  'UNKNOWN_LEADER_EPOCH',
  'KAFKA_STORAGE_ERROR',
  'NETWORK_EXCEPTION',
]);

export function isStaleMetadataError(error: string): boolean {
  return STALE_METADATA_ERRORS.has(error);
}

/** The topic's partitions as last learned, or undefined before the first successful fetch. */
export function topicLeaders(p: ProducerState): PartitionLeader[] | undefined {
  return getOwn(p.metadata.topics, p.topic);
}

/** Asks for a refresh (Metadata.requestUpdate); the first reason asked is the one reported. */
export function requestMetadata<M extends ProducerHost>(world: World<M>, p: ProducerState, reason: string): void {
  if (p.metadata.pendingReason === null) p.metadata.pendingReason = reason;
  maybeSendMetadata(world, p);
}

/** Sends the wanted Metadata request unless one is in flight or the refresh backoff holds it. */
export function maybeSendMetadata<M extends ProducerHost>(world: World<M>, p: ProducerState): void {
  const md = p.metadata;
  if (md.inFlight !== null || md.pendingReason === null) return;
  const now = world.nowMs;
  const backoffMs = p.config['retry.backoff.ms'];
  if (md.lastRefreshAtMs >= 0 && now < md.lastRefreshAtMs + backoffMs) {
    armSlot(world, p, 'metadataAtMs', md.lastRefreshAtMs + backoffMs);
    return;
  }
  const running: { id: number; node: number }[] = [];
  for (const b of Object.values(world.state.model.brokers)) if (b.status === 'running') running.push(b);
  if (running.length === 0) {
    md.lastRefreshAtMs = now;
    armSlot(world, p, 'metadataAtMs', now + backoffMs);
    return;
  }
  running.sort((a, b) => a.id - b.id);
  const target = running[world.randomInt(p.clientId, running.length)] as { id: number; node: number };
  const correlationId = p.nextCorrelationId++;
  md.inFlight = { correlationId, node: target.node, incarnation: world.node(target.node).incarnation, reason: md.pendingReason };
  md.pendingReason = null;
  p.counters.metadataRequests++;
  const request: MetadataRequest = { correlationId, topics: [p.topic], allowAutoTopicCreation: true };
  world.send(p.node, target.node, 'Metadata', request, 24 + p.topic.length);
  world.setTimer(p.node, Math.min(p.config['request.timeout.ms'], MAX_TIMER_DELAY_MS), TIMER_REQUEST_TIMEOUT, correlationId);
}

/** The Metadata request got no answer (timeout or broken connection): try again after the backoff. */
export function failMetadataRequest<M extends ProducerHost>(world: World<M>, p: ProducerState): void {
  const md = p.metadata;
  if (md.inFlight === null) return;
  if (md.pendingReason === null) md.pendingReason = md.inFlight.reason;
  md.inFlight = null;
  md.lastRefreshAtMs = world.nowMs;
  maybeSendMetadata(world, p);
}

/**
 * Applies a MetadataResponse. Returns true when the topic's partitions are known afterwards.
 * A partition's leader is only replaced by one with an equal or newer leader epoch (KIP-320).
 */
export function handleMetadataResponse<M extends ProducerHost>(world: World<M>, p: ProducerState, resp: MetadataResponse): boolean {
  const md = p.metadata;
  if (md.inFlight === null || md.inFlight.correlationId !== resp.correlationId) return topicLeaders(p) !== undefined;
  const reason = md.inFlight.reason;
  md.inFlight = null;
  const now = world.nowMs;
  md.lastRefreshAtMs = now;
  const t = resp.topics.find((x) => x.name === p.topic);
  if (t === undefined || t.error !== 'NONE' || t.partitions.length === 0) {
    // Unknown yet (perhaps being auto-created): ask again while we have nothing to go on.
    if (topicLeaders(p) === undefined) requestMetadata(world, p, t?.error ?? 'UNKNOWN_TOPIC_OR_PARTITION');
    else maybeSendMetadata(world, p);
    return topicLeaders(p) !== undefined;
  }
  let leaders = getOwn(md.topics, p.topic);
  if (leaders === undefined) {
    leaders = [];
    setOwn(md.topics, p.topic, leaders);
  }
  let n = leaders.length;
  for (const pm of t.partitions) if (pm.partition + 1 > n) n = pm.partition + 1;
  while (leaders.length < n) leaders.push({ leader: -1, leaderEpoch: -1 });
  for (const pm of t.partitions) {
    const cached = leaders[pm.partition] as PartitionLeader;
    if (pm.leaderEpoch < cached.leaderEpoch) continue;
    const hasLeader = pm.leader >= 0 && pm.error !== 'LEADER_NOT_AVAILABLE';
    cached.leader = hasLeader ? pm.leader : -1;
    cached.leaderEpoch = pm.leaderEpoch;
  }
  ensurePartitions(p, n);
  md.lastSuccessAtMs = now;
  world.emit('ProducerMetadataRefreshed', { producer: p.id, topic: p.topic, reason });
  const maxAgeMs = p.config['metadata.max.age.ms'];
  if (maxAgeMs <= MAX_TIMER_DELAY_MS) world.setTimer(p.node, maxAgeMs, TIMER_METADATA_AGE, now);
  if (p.app.blockedOn === 'metadata') p.app.wake = true;
  maybeSendMetadata(world, p);
  return true;
}

/** metadata.max.age.ms passed since the refresh at `refreshedAtMs`: refresh unless a newer one happened. */
export function onMetadataAge<M extends ProducerHost>(world: World<M>, p: ProducerState, refreshedAtMs: unknown): void {
  if (p.metadata.lastSuccessAtMs === refreshedAtMs) requestMetadata(world, p, 'metadata.max.age.ms');
}
