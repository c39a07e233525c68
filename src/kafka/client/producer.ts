/**
 * A Kafka producer as the Java client behaves (KafkaProducer, RecordAccumulator, Sender), driven
 * by an application that sends records at `ratePerSec` in one of three send modes:
 *  - fireAndForget: send() and never look at the result;
 *  - async: send() with a callback, which looks at every result;
 *  - sync: send().get(): the next record is made only once the previous one completed, so the
 *    rate is bounded by the round trip (and by `linger.ms`, which still applies).
 *
 * Every event that reaches the producer ends with `pump`: the application makes the records due
 * by now (floor(rate × elapsed), no drift), then the sender runs (producer-sender.ts). Timers:
 * see producer-timers.ts. Files: producer-accumulator.ts (batches, partitioners),
 * producer-metadata.ts (Metadata), producer-sender.ts (requests, retries, timeouts, idempotence),
 * producer-types.ts (the state).
 */
import { DISCONNECTED, type Message } from '../../sim/types';
import type { World } from '../../sim/world';
import type { ProducerSpec } from '../../scenario/schema';
import type { ProducerConfig } from '../config/types';
import type { MetadataResponse } from '../protocol/messages';
import { APPENDED, BLOCKED, appendRecord } from './producer-accumulator';
import { handleMetadataResponse, maybeSendMetadata, onMetadataAge, requestMetadata, topicLeaders } from './producer-metadata';
import { connectionLost, handleProduceResponse, onConnectionTimeout, onRequestTimeout, runSender } from './producer-sender';
import {
  MAX_TIMER_DELAY_MS,
  TIMER_BLOCK_TIMEOUT,
  TIMER_GENERATE,
  TIMER_METADATA,
  TIMER_METADATA_AGE,
  TIMER_CONNECTION_TIMEOUT,
  TIMER_REQUEST_TIMEOUT,
  TIMER_SEND,
  armSlot,
  slotFired,
} from './producer-timers';
import type { PatternPart, ProducerHost, ProducerState } from './producer-types';
import { firstFailureOfItsKind, serializeValue } from '../schema-registry/serializer';

export type * from './producer-types';
export { estimateRecordBytes, BATCH_HEADER_BYTES } from './producer-accumulator';
export {
  TIMER_BLOCK_TIMEOUT,
  TIMER_GENERATE,
  TIMER_METADATA,
  TIMER_METADATA_AGE,
  TIMER_REQUEST_TIMEOUT,
  TIMER_SEND,
} from './producer-timers';

/** Producer ids are stable per scenario position, as there is no InitProducerId in the model. */
export const PRODUCER_ID_BASE = 1000;

// ---------------------------------------------------------------- patterns

const PLACEHOLDER = /\{(seq|producer|seq%(\d+)|rand%(\d+))\}/g;

/** Compiles `{seq}`, `{seq%N}`, `{rand%N}`, `{producer}` and text; anything else is text. */
export function compilePattern(pattern: string): PatternPart[] {
  const parts: PatternPart[] = [];
  let last = 0;
  for (const m of pattern.matchAll(PLACEHOLDER)) {
    const at = m.index;
    const seqMod = m[2] === undefined ? 0 : Number(m[2]);
    const randMod = m[3] === undefined ? 0 : Number(m[3]);
    const part: PatternPart | null =
      m[1] === 'seq'
        ? { kind: 'seq' }
        : m[1] === 'producer'
          ? { kind: 'producer' }
          : seqMod >= 1
            ? { kind: 'seqMod', n: seqMod }
            : randMod >= 1
              ? { kind: 'rand', n: randMod }
              : null;
    if (part === null) continue;
    if (at > last) parts.push({ kind: 'text', text: pattern.slice(last, at) });
    parts.push(part);
    last = at + m[0].length;
  }
  if (last < pattern.length || parts.length === 0) parts.push({ kind: 'text', text: pattern.slice(last) });
  return parts;
}

function render<M>(world: World<M>, p: ProducerState, parts: PatternPart[], seq: number): string {
  let s = '';
  for (const part of parts) {
    switch (part.kind) {
      case 'text':
        s += part.text;
        break;
      case 'seq':
        s += seq;
        break;
      case 'seqMod':
        s += seq % part.n;
        break;
      case 'rand':
        s += world.randomInt(recordStream(p), part.n);
        break;
      case 'producer':
        s += p.id;
        break;
    }
  }
  return s;
}

/** `{rand%N}` draws from a stream of its own, so changing a pattern leaves partition draws alone. */
function recordStream(p: ProducerState): string {
  return `${p.clientId}/records`;
}

// ---------------------------------------------------------------- creation and control

export function createProducer(spec: ProducerSpec, config: ProducerConfig, node: number, index: number): ProducerState {
  return {
    id: spec.id,
    clientId: `producer-${spec.id}`,
    index,
    node,
    spec,
    configOverrides: { ...spec.config },
    config,
    status: 'running',
    topic: spec.topic,
    keyPattern: spec.key === null ? null : compilePattern(spec.key),
    valuePattern: compilePattern(spec.value),
    valueSerializer: null,
    app: {
      nextSeq: 0,
      rateBaseMs: spec.startMs,
      rateBaseCount: 0,
      awaitingSeq: -1,
      blockedOn: null,
      blockedSinceMs: -1,
      pending: null,
      wake: false,
    },
    metadata: { topics: {}, inFlight: null, pendingReason: null, lastRefreshAtMs: -1, lastSuccessAtMs: -1 },
    deques: [],
    touched: [],
    bufferedBytes: 0,
    nextBatchId: 0,
    drainIndex: {},
    partitioner: { sticky: -1, producedBytes: 0, loadCft: [], loadIds: [], roundRobinCounter: 0, stickyCache: -1 },
    connections: {},
    inFlightByPartition: [],
    nextCorrelationId: 0,
    idempotence: {
      producerId: PRODUCER_ID_BASE + index,
      producerEpoch: 0,
      partitions: [],
      bumpPartitions: [],
      bumpRequired: false,
    },
    timers: { generateAtMs: -1, senderAtMs: -1, metadataAtMs: -1 },
    counters: {
      recordsSent: 0,
      recordsAcknowledged: 0,
      recordsFailed: 0,
      failedByError: {},
      produceRequests: 0,
      batchesInRequests: 0,
      recordsInRequests: 0,
      batchesRetried: 0,
      metadataRequests: 0,
    },
  };
}

/** Schedules the first metadata fetch and the first record, both from `startMs`. */
export function startProducer<M extends ProducerHost>(world: World<M>, p: ProducerState): void {
  p.status = 'running';
  p.app.rateBaseMs = Math.max(p.spec.startMs, world.nowMs);
  p.app.rateBaseCount = p.app.nextSeq;
  if (p.metadata.pendingReason === null) p.metadata.pendingReason = 'bootstrap';
  armSlot(world, p, 'metadataAtMs', p.spec.startMs);
  scheduleGeneration(world, p);
}

/** The application stops sending and closes the producer: what is queued is sent now (close() flushes). */
export function stopProducer<M extends ProducerHost>(world: World<M>, p: ProducerState): void {
  if (p.status === 'stopped') return;
  p.status = 'stopped';
  const app = p.app;
  if (app.pending !== null) {
    // The blocked send() is abandoned before the record ever existed for the producer.
    app.nextSeq = app.pending.seq;
    app.pending = null;
    app.blockedOn = null;
    app.blockedSinceMs = -1;
  }
  pump(world, p);
}

/** The application starts sending again; the rate counts from now (no catching up on the pause). */
export function resumeProducer<M extends ProducerHost>(world: World<M>, p: ProducerState): void {
  if (p.status === 'running') return;
  p.status = 'running';
  p.app.rateBaseMs = Math.max(world.nowMs, p.spec.startMs);
  p.app.rateBaseCount = p.app.nextSeq;
  pump(world, p);
}

/** New settings; `acks`, `linger.ms` and `batch.size` apply to batches opened from now on. */
export function setProducerConfig<M extends ProducerHost>(world: World<M>, p: ProducerState, config: ProducerConfig): void {
  const wasIdempotent = p.config['enable.idempotence'];
  p.config = config;
  if (config['enable.idempotence'] && !wasIdempotent) {
    // Sequences restart under a new epoch, as after InitProducerId.
    p.idempotence.producerEpoch++;
  }
  pump(world, p);
}

/**
 * Optional hook for the model: the connection to the broker on `brokerNode` broke (the broker
 * process died). Without it the producer notices at its next sender run or at request.timeout.ms.
 */
export function onProducerConnectionLost<M extends ProducerHost>(world: World<M>, p: ProducerState, brokerNode: number): void {
  connectionLost(world, p, brokerNode);
  pump(world, p);
}

// ---------------------------------------------------------------- dispatch

export function onProducerTimer<M extends ProducerHost>(world: World<M>, p: ProducerState, name: string, data: unknown): void {
  switch (name) {
    case TIMER_GENERATE:
      slotFired(p, 'generateAtMs', data);
      break;
    case TIMER_SEND:
      slotFired(p, 'senderAtMs', data);
      break;
    case TIMER_METADATA:
      slotFired(p, 'metadataAtMs', data);
      maybeSendMetadata(world, p);
      break;
    case TIMER_METADATA_AGE:
      onMetadataAge(world, p, data);
      break;
    case TIMER_REQUEST_TIMEOUT:
      onRequestTimeout(world, p, data);
      break;
    case TIMER_CONNECTION_TIMEOUT:
      onConnectionTimeout(world, p, data);
      break;
    case TIMER_BLOCK_TIMEOUT:
      onBlockTimeout(world, p, data);
      break;
    default:
      return;
  }
  pump(world, p);
}

export function onProducerMessage<M extends ProducerHost>(world: World<M>, p: ProducerState, msg: Message): void {
  switch (msg.kind) {
    case 'MetadataResponse':
      handleMetadataResponse(world, p, msg.payload as MetadataResponse);
      break;
    case 'ProduceResponse':
      handleProduceResponse(world, p, msg);
      break;
    case DISCONNECTED:
      // The broker's process died: every request on that connection fails now (NETWORK_EXCEPTION).
      onProducerConnectionLost(world, p, msg.from);
      return;
    default:
      return;
  }
  pump(world, p);
}

/** The application makes what is due, then the sender runs; again while a completion unblocks the app. */
function pump<M extends ProducerHost>(world: World<M>, p: ProducerState): void {
  for (;;) {
    p.app.wake = false;
    generate(world, p);
    runSender(world, p);
    if (!p.app.wake) return;
  }
}

// ---------------------------------------------------------------- the application

/** Records due by `atMs`: floor(rate × elapsed) after the rate base, within `count` and `stopMs`. */
function dueCount(p: ProducerState, atMs: number): number {
  const spec = p.spec;
  const app = p.app;
  const end = spec.stopMs !== undefined && spec.stopMs < atMs ? spec.stopMs : atMs;
  let n = app.rateBaseCount;
  if (spec.ratePerSec > 0 && end > app.rateBaseMs) n += Math.floor((spec.ratePerSec * (end - app.rateBaseMs)) / 1000);
  if (spec.count !== undefined && n > spec.count) n = spec.count;
  return n;
}

/** When record number `app.nextSeq` falls due, or -1 when it never will. */
function nextDueAtMs(p: ProducerState): number {
  const spec = p.spec;
  const app = p.app;
  const rate = spec.ratePerSec;
  if (rate <= 0) return -1;
  if (spec.count !== undefined && app.nextSeq >= spec.count) return -1;
  const k = app.nextSeq - app.rateBaseCount + 1;
  const due = (t: number): boolean => Math.floor((rate * (t - app.rateBaseMs)) / 1000) >= k;
  let t = app.rateBaseMs + Math.ceil((k * 1000) / rate);
  // The float estimate may be off by one either way; the floor formula is the rule.
  while (!due(t)) t++;
  while (t - 1 > app.rateBaseMs && due(t - 1)) t--;
  if (spec.stopMs !== undefined && t > spec.stopMs) return -1;
  return t;
}

function scheduleGeneration<M extends ProducerHost>(world: World<M>, p: ProducerState): void {
  const at = nextDueAtMs(p);
  if (at < 0) return;
  armSlot(world, p, 'generateAtMs', at > world.nowMs ? at : world.nowMs + 1);
}

function generate<M extends ProducerHost>(world: World<M>, p: ProducerState): void {
  if (p.status !== 'running') return;
  const app = p.app;
  if (app.awaitingSeq >= 0) return;
  const target = dueCount(p, world.nowMs);
  while (app.pending !== null || app.nextSeq < target) {
    if (!sendOne(world, p)) return;
    if (app.awaitingSeq >= 0) return;
  }
  scheduleGeneration(world, p);
}

/** One send() call. False when it blocks (metadata or buffer memory). */
function sendOne<M extends ProducerHost>(world: World<M>, p: ProducerState): boolean {
  const app = p.app;
  const now = world.nowMs;
  const pending = app.pending;
  let seq: number;
  let key: string | null;
  let value: string;
  let sentAtMs: number;
  if (pending !== null) {
    seq = pending.seq;
    key = pending.key;
    value = pending.value;
    sentAtMs = pending.sentAtMs;
  } else {
    seq = app.nextSeq++;
    key = p.keyPattern === null ? null : render(world, p, p.keyPattern, seq);
    sentAtMs = now;
    if (p.valueSerializer === null) value = render(world, p, p.valuePattern, seq);
    else {
      const serialized = serializeValue(p.valueSerializer, (parts) => render(world, p, parts, seq));
      if (serialized === null) {
        // KafkaProducer.send(): the serializer threw before the record reached the accumulator.
        recordImmediateFailure(world, p, seq, key, '', sentAtMs, 'SerializationException');
        if (firstFailureOfItsKind(p.valueSerializer)) world.emit('ProduceFailed', { producer: p.id, topic: p.topic, partition: -1, error: 'SerializationException', records: 1, reason: p.valueSerializer.lastFailure });
        return true;
      }
      value = serialized;
    }
  }
  const leaders = topicLeaders(p);
  let result: number;
  if (leaders === undefined || leaders.length === 0) {
    result = BLOCKED;
    if (p.metadata.inFlight === null) requestMetadata(world, p, 'bootstrap');
  } else {
    result = appendRecord(world, p, leaders, seq, key, value, sentAtMs);
  }
  if (result === BLOCKED) {
    if (pending === null) app.pending = { seq, key, value, sentAtMs };
    app.blockedOn = leaders === undefined ? 'metadata' : 'buffer';
    if (app.blockedSinceMs < 0) {
      app.blockedSinceMs = now;
      const maxBlockMs = p.config['max.block.ms'];
      if (maxBlockMs <= MAX_TIMER_DELAY_MS) world.setTimer(p.node, maxBlockMs, TIMER_BLOCK_TIMEOUT, now);
    }
    return false;
  }
  app.pending = null;
  app.blockedOn = null;
  app.blockedSinceMs = -1;
  if (result === APPENDED) {
    p.counters.recordsSent++;
    if (p.spec.sendMode === 'sync') app.awaitingSeq = seq;
    return true;
  }
  // TOO_LARGE: send() fails at once (RecordTooLargeException).
  recordImmediateFailure(world, p, seq, key, value, sentAtMs, 'MESSAGE_TOO_LARGE');
  return true;
}

/** max.block.ms passed with send() still blocked: it fails (TimeoutException / BufferExhaustedException). */
function onBlockTimeout<M extends ProducerHost>(world: World<M>, p: ProducerState, blockedSinceMs: unknown): void {
  const app = p.app;
  const r = app.pending;
  if (r === null || app.blockedSinceMs !== blockedSinceMs) return;
  const error = app.blockedOn === 'buffer' ? 'BufferExhaustedException' : 'TimeoutException';
  app.pending = null;
  app.blockedOn = null;
  app.blockedSinceMs = -1;
  recordImmediateFailure(world, p, r.seq, r.key, r.value, r.sentAtMs, error);
  world.emit('ProduceFailed', { producer: p.id, topic: p.topic, partition: -1, error, records: 1 });
}

function recordImmediateFailure<M extends ProducerHost>(
  world: World<M>,
  p: ProducerState,
  seq: number,
  key: string | null,
  value: string,
  sentAtMs: number,
  error: 'MESSAGE_TOO_LARGE' | 'TimeoutException' | 'BufferExhaustedException' | 'SerializationException',
): void {
  const acks = p.config.acks;
  world.state.model.history.sends.push({
    producer: p.clientId,
    seq,
    topic: p.topic,
    partition: -1,
    key,
    value,
    sentAtMs,
    completedAtMs: world.nowMs,
    error,
    offset: -1,
    acks: acks === 'all' ? -1 : acks,
    seenByApp: p.spec.sendMode !== 'fireAndForget',
  });
  p.counters.recordsFailed++;
  p.counters.failedByError[error] = (p.counters.failedByError[error] ?? 0) + 1;
}
