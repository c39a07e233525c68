/**
 * The Sender thread, run after every event that could change what it would do (Sender.runOnce):
 *  1. connections to a broker that died or restarted are closed: their requests fail with
 *     NETWORK_EXCEPTION (retriable);
 *  2. idempotence bookkeeping: sequences left unresolved by an expired batch are settled, and a
 *     requested epoch bump rewrites the affected partitions' sequences from 0 (KIP-360);
 *  3. batches past `delivery.timeout.ms` since their creation fail with TimeoutException, in flight
 *     or queued;
 *  4. a broker is ready when one of its partitions' first batch is sendable: full, `linger.ms`
 *     old, retrying after its backoff, or the producer is closing or out of buffer memory;
 *  5. each ready broker with fewer than `max.in.flight.requests.per.connection` requests in flight
 *     gets one Produce request holding the first batch of every partition it leads (ready or
 *     not, as Kafka's drain does), up to `max.request.size`; repeated while it stays ready;
 *  6. the next wake-up is scheduled: the earliest linger, backoff or delivery deadline.
 * Responses complete batches (offsets into the history), re-enqueue retriable failures at the head
 * of their partition's queue (in sequence order with idempotence), or fail them.
 */
import type { Message } from '../../sim/types';
import type { World } from '../../sim/world';
import type { SendOutcome } from './history';
import { isRetriable, type KafkaErrorName } from '../protocol/errors';
import type { Acks, ProducePartitionData, ProduceRequest, ProduceResponse } from '../protocol/messages';
import { isFull, updateLoadStats } from './producer-accumulator';
import { failMetadataRequest, isStaleMetadataError, requestMetadata, topicLeaders } from './producer-metadata';
import { MAX_TIMER_DELAY_MS, TIMER_CONNECTION_TIMEOUT, armSlot } from './producer-timers';
import type { AccumulatedBatch, BrokerConnection, PartitionLeader, ProducerHost, ProducerState } from './producer-types';
import { isArmedDeadlineDue, needsDeadlineTimer } from '../deadline-timer';

type Outcome = SendOutcome['error'];

/** Fixed bytes of a Produce request around its batches (header, acks, timeout, topic names). */
const PRODUCE_REQUEST_OVERHEAD_BYTES = 64;
const NEVER = Number.MAX_SAFE_INTEGER;

// ---------------------------------------------------------------- readiness

/** Exponential retry backoff (KIP-580): retry.backoff.ms doubling per attempt, up to retry.backoff.max.ms. */
function retryBackoffMs(p: ProducerState, attempts: number): number {
  const initial = p.config['retry.backoff.ms'];
  const max = Math.max(initial, p.config['retry.backoff.max.ms']);
  const exp = attempts > 1 ? attempts - 1 : 0;
  const term = exp >= 40 ? max : initial * 2 ** exp;
  return term > max ? max : term;
}

function isMuted(p: ProducerState, partition: number): boolean {
  // max.in.flight.requests.per.connection=1 guarantees order by muting partitions with a batch in flight.
  return p.config['max.in.flight.requests.per.connection'] === 1 && (p.inFlightByPartition[partition]?.length ?? 0) > 0;
}

/** When the partition's first batch becomes sendable (RecordAccumulator.batchReady); ≤ now means now. */
function readyAtMs(p: ProducerState, dq: AccumulatedBatch[], b: AccumulatedBatch, leaderEpoch: number, now: number): number {
  if (b.attempts > 0) {
    const until = b.lastAttemptAtMs + retryBackoffMs(p, b.attempts);
    // KIP-951: a retry to a new leader does not wait for the backoff.
    if (now < until && !(leaderEpoch > b.drainedLeaderEpoch)) return until;
  }
  if (dq.length > 1 || isFull(b) || p.status === 'stopped' || p.app.blockedOn === 'buffer') return now;
  return (b.attempts > 0 ? b.lastAttemptAtMs : b.createdAtMs) + b.lingerMs;
}

function backingOff(p: ProducerState, b: AccumulatedBatch, leaderEpoch: number, now: number): boolean {
  return b.attempts > 0 && now < b.lastAttemptAtMs + retryBackoffMs(p, b.attempts) && !(leaderEpoch > b.drainedLeaderEpoch);
}

function brokerReady(p: ProducerState, brokerId: number, leaders: PartitionLeader[], now: number): boolean {
  for (let i = 0; i < leaders.length; i++) {
    const l = leaders[i] as PartitionLeader;
    if (l.leader !== brokerId) continue;
    const dq = p.deques[i];
    const first = dq?.[0];
    if (dq === undefined || first === undefined || isMuted(p, i)) continue;
    if (readyAtMs(p, dq, first, l.leaderEpoch, now) <= now) return true;
  }
  return false;
}

// ---------------------------------------------------------------- the run

export function runSender<M extends ProducerHost>(world: World<M>, p: ProducerState): void {
  const now = world.nowMs;
  checkConnections(world, p);
  maybeResolveSequences(p);
  maybeBumpEpoch(world, p);
  expireBatches(world, p, now);
  const leaders = topicLeaders(p);
  if (leaders !== undefined) {
    const brokers = world.state.model.brokers;
    const ready: number[] = [];
    let unknownLeader = false;
    for (let i = 0; i < leaders.length; i++) {
      const dq = p.deques[i];
      const first = dq?.[0];
      if (dq === undefined || first === undefined) continue;
      const l = leaders[i] as PartitionLeader;
      if (l.leader < 0 || brokers[String(l.leader)] === undefined) {
        unknownLeader = true;
        continue;
      }
      if (isMuted(p, i)) continue;
      if (readyAtMs(p, dq, first, l.leaderEpoch, now) <= now && !ready.includes(l.leader)) ready.push(l.leader);
    }
    updateLoadStats(p, leaders);
    if (unknownLeader) requestMetadata(world, p, 'no-leader');
    ready.sort((a, b) => a - b);
    for (const brokerId of ready) sendToBroker(world, p, brokerId, leaders, now);
  }
  armNextWake(world, p, leaders, now);
}

function armNextWake<M extends ProducerHost>(world: World<M>, p: ProducerState, leaders: PartitionLeader[] | undefined, now: number): void {
  let next = NEVER;
  if (leaders !== undefined) {
    for (let i = 0; i < leaders.length; i++) {
      const dq = p.deques[i];
      const first = dq?.[0];
      const l = leaders[i] as PartitionLeader;
      if (dq === undefined || first === undefined || l.leader < 0 || isMuted(p, i)) continue;
      // Already sendable but not sent: a response (or the metadata it waits for) wakes the sender.
      const at = readyAtMs(p, dq, first, l.leaderEpoch, now);
      if (at > now && at < next) next = at;
    }
  }
  const deliveryTimeoutMs = p.config['delivery.timeout.ms'];
  for (let i = 0; i < p.deques.length; i++) {
    const a = p.deques[i]?.[0];
    if (a !== undefined && a.createdAtMs + deliveryTimeoutMs < next) next = a.createdAtMs + deliveryTimeoutMs;
    const b = p.inFlightByPartition[i]?.[0];
    if (b !== undefined && b.createdAtMs + deliveryTimeoutMs < next) next = b.createdAtMs + deliveryTimeoutMs;
  }
  if (next !== NEVER) armSlot(world, p, 'senderAtMs', next);
}

function connectionTo(p: ProducerState, brokerId: number, node: number, incarnation: number): BrokerConnection {
  let conn = p.connections[String(brokerId)];
  if (conn === undefined) {
    conn = { brokerId, node, incarnation, inFlight: [] };
    p.connections[String(brokerId)] = conn;
  } else if (conn.inFlight.length === 0) {
    conn.node = node;
    conn.incarnation = incarnation;
  }
  return conn;
}

function sendToBroker<M extends ProducerHost>(world: World<M>, p: ProducerState, brokerId: number, leaders: PartitionLeader[], now: number): void {
  const broker = world.state.model.brokers[String(brokerId)];
  if (broker === undefined) return;
  const node = world.node(broker.node);
  if (!node.up) {
    // Connection refused: the batches wait; try to connect again after reconnect.backoff.ms, and
    // ask for fresh metadata (NetworkClient does on every failed connection): leadership may move.
    armSlot(world, p, 'senderAtMs', now + p.config['reconnect.backoff.ms']);
    requestMetadata(world, p, 'connection-refused');
    return;
  }
  const conn = connectionTo(p, brokerId, broker.node, node.incarnation);
  const maxInFlight = p.config['max.in.flight.requests.per.connection'];
  for (;;) {
    if (conn.inFlight.length >= maxInFlight) return;
    const batches = drainBroker(p, brokerId, leaders, now);
    if (batches.length === 0) return;
    sendProduce(world, p, conn, batches);
    if (!brokerReady(p, brokerId, leaders, now)) return;
  }
}

/**
 * RecordAccumulator.drainBatchesForOneNode: one batch per partition led by the broker, starting
 * where the last drain for it stopped; stops at max.request.size, and (idempotence) at a retried
 * batch that is not the partition's oldest unacknowledged one.
 */
function drainBroker(p: ProducerState, brokerId: number, leaders: PartitionLeader[], now: number): AccumulatedBatch[] {
  const out: AccumulatedBatch[] = [];
  const n = leaders.length;
  if (n === 0) return out;
  const key = String(brokerId);
  const start = (p.drainIndex[key] ?? 0) % n;
  const maxBytes = p.config['max.request.size'];
  const idempotent = p.config['enable.idempotence'];
  const idem = p.idempotence;
  let size = 0;
  let acks: Acks | null = null;
  let i = start;
  do {
    const part = i;
    i = (i + 1) % n;
    const l = leaders[part] as PartitionLeader;
    if (l.leader !== brokerId || isMuted(p, part)) continue;
    const dq = p.deques[part];
    const first = dq?.[0];
    if (dq === undefined || first === undefined) continue;
    if (backingOff(p, first, l.leaderEpoch, now)) continue;
    if (size + first.records.sizeBytes > maxBytes && out.length > 0) break;
    // One acks value per request: a batch made under another acks setting waits for the next one.
    if (acks !== null && first.acks !== acks) continue;
    const hasSequence = first.records.baseSequence >= 0;
    const ps = idem.partitions[part];
    if (idempotent && ps !== undefined) {
      if (!hasSequence && ps.inflight.length > 0 && ps.epoch !== idem.producerEpoch) break;
      if (!hasSequence && ps.unresolved) break;
      const oldest = ps.inflight[0];
      if (oldest !== undefined && hasSequence && oldest.records.baseSequence !== first.records.baseSequence) break;
    }
    dq.shift();
    if (idempotent && ps !== undefined && !hasSequence) {
      if (ps.epoch !== idem.producerEpoch) {
        ps.epoch = idem.producerEpoch;
        ps.nextSequence = 0;
        ps.lastAckedSequence = -1;
      }
      // A batch already on the wire (sent before idempotence was switched on) is never mutated.
      if (first.attempts > 0) first.records = { ...first.records };
      first.records.producerId = idem.producerId;
      first.records.producerEpoch = idem.producerEpoch;
      first.records.baseSequence = ps.nextSequence;
      ps.nextSequence += first.records.values.length;
      ps.inflight.push(first);
    }
    first.closed = true;
    first.drainedLeaderEpoch = l.leaderEpoch;
    acks = first.acks;
    size += first.records.sizeBytes;
    out.push(first);
    p.drainIndex[key] = i;
  } while (i !== start);
  return out;
}

function sendProduce<M extends ProducerHost>(world: World<M>, p: ProducerState, conn: BrokerConnection, batches: AccumulatedBatch[]): void {
  const first = batches[0] as AccumulatedBatch;
  const correlationId = p.nextCorrelationId++;
  const partitions: ProducePartitionData[] = [];
  let bytes = PRODUCE_REQUEST_OVERHEAD_BYTES;
  let records = 0;
  for (const b of batches) {
    partitions.push({ topic: p.topic, partition: b.partition, batch: b.records });
    bytes += b.records.sizeBytes;
    records += b.records.values.length;
  }
  const request: ProduceRequest = { correlationId, acks: first.acks, timeoutMs: p.config['request.timeout.ms'], partitions };
  const c = p.counters;
  c.produceRequests++;
  c.batchesInRequests += batches.length;
  c.recordsInRequests += records;
  world.send(p.node, conn.node, 'Produce', request, bytes);
  if (first.acks === 0) {
    // No response will come: the send is the completion, and no error is ever learned.
    for (const b of batches) succeed(world, p, b, -1);
    return;
  }
  conn.inFlight.push({ correlationId, sentAtMs: world.nowMs, batches, response: null });
  for (const b of batches) (p.inFlightByPartition[b.partition] as AccumulatedBatch[]).push(b);
  const incarnation = world.state.nodes[p.node]?.incarnation ?? 0;
  const deadline = world.nowMs + p.config['request.timeout.ms'];
  // A timer set before the producer's process restarted died with it.
  if (needsDeadlineTimer(conn.timeoutAtMs, deadline) || conn.timeoutIncarnation !== incarnation) armConnectionTimeout(world, p, String(conn.brokerId), deadline);
}

function armConnectionTimeout<M extends ProducerHost>(world: World<M>, p: ProducerState, key: string, atMs: number): void {
  const conn = p.connections[key] as BrokerConnection;
  const delay = Math.min(atMs - world.nowMs, MAX_TIMER_DELAY_MS);
  conn.timeoutAtMs = world.nowMs + delay;
  conn.timeoutIncarnation = world.state.nodes[p.node]?.incarnation ?? 0;
  world.setTimer(p.node, delay, TIMER_CONNECTION_TIMEOUT, key);
}

/** A connection's timeout timer: its oldest request has waited request.timeout.ms (the connection is dropped), or not yet. */
export function onConnectionTimeout<M extends ProducerHost>(world: World<M>, p: ProducerState, key: unknown): void {
  const conn = typeof key === 'string' ? p.connections[key] : undefined;
  if (conn === undefined || !isArmedDeadlineDue(conn.timeoutAtMs, world.nowMs)) return;
  conn.timeoutAtMs = -1;
  const oldest = conn.inFlight[0];
  if (oldest === undefined) return;
  const deadline = oldest.sentAtMs + p.config['request.timeout.ms'];
  if (world.nowMs < deadline) {
    armConnectionTimeout(world, p, key as string, deadline);
    return;
  }
  disconnect(world, p, conn);
}

// ---------------------------------------------------------------- responses and failures

/**
 * A ProduceResponse. Responses are taken in request order per connection (Kafka answers a
 * connection's requests in order, over TCP): one that overtakes an unanswered older request (whose
 * response the network lost) waits behind it, and goes down with it when it times out.
 */
export function handleProduceResponse<M extends ProducerHost>(world: World<M>, p: ProducerState, msg: Message): void {
  const resp = msg.payload as ProduceResponse;
  for (const key in p.connections) {
    const conn = p.connections[key] as BrokerConnection;
    if (conn.node !== msg.from) continue;
    const req = conn.inFlight.find((r) => r.correlationId === resp.correlationId);
    if (req === undefined) continue;
    req.response = resp;
    for (;;) {
      const oldest = conn.inFlight[0];
      if (oldest === undefined || oldest.response === null) return;
      conn.inFlight.shift();
      const answer = oldest.response;
      for (const b of oldest.batches) {
        const pr = answer.partitions.find((x) => x.partition === b.partition && x.topic === p.topic);
        if (pr === undefined) completeBatch(world, p, b, 'NETWORK_EXCEPTION', -1, -1);
        else completeBatch(world, p, b, pr.error, pr.baseOffset, pr.logStartOffset);
      }
    }
  }
  // A late answer to a request already given up on (timed out, connection closed): ignored.
}

/** request.timeout.ms passed without an answer: NetworkClient closes the connection. */
export function onRequestTimeout<M extends ProducerHost>(world: World<M>, p: ProducerState, correlationId: unknown): void {
  if (p.metadata.inFlight?.correlationId === correlationId) {
    failMetadataRequest(world, p);
    return;
  }
  for (const key in p.connections) {
    const conn = p.connections[key] as BrokerConnection;
    if (conn.inFlight.some((r) => r.correlationId === correlationId)) {
      disconnect(world, p, conn);
      return;
    }
  }
}

/** The connection to the broker on `node` is gone: its requests fail with NETWORK_EXCEPTION. */
export function connectionLost<M extends ProducerHost>(world: World<M>, p: ProducerState, node: number): void {
  if (p.metadata.inFlight?.node === node) failMetadataRequest(world, p);
  for (const key in p.connections) {
    const conn = p.connections[key] as BrokerConnection;
    if (conn.node === node && conn.inFlight.length > 0) disconnect(world, p, conn);
  }
}

function disconnect<M extends ProducerHost>(world: World<M>, p: ProducerState, conn: BrokerConnection): void {
  const requests = conn.inFlight;
  conn.inFlight = [];
  // NetworkClient asks for a metadata update after any disconnection.
  requestMetadata(world, p, 'disconnected');
  for (const req of requests) for (const b of req.batches) completeBatch(world, p, b, 'NETWORK_EXCEPTION', -1, -1);
}

/** A broker process that died or restarted resets its connections (the OS closes the sockets). */
function checkConnections<M extends ProducerHost>(world: World<M>, p: ProducerState): void {
  for (const key in p.connections) {
    const conn = p.connections[key] as BrokerConnection;
    if (conn.inFlight.length === 0) continue;
    const n = world.node(conn.node);
    if (!n.up || n.incarnation !== conn.incarnation) disconnect(world, p, conn);
  }
  const md = p.metadata.inFlight;
  if (md !== null) {
    const n = world.node(md.node);
    if (!n.up || n.incarnation !== md.incarnation) failMetadataRequest(world, p);
  }
}

function removeFrom(list: AccumulatedBatch[] | undefined, b: AccumulatedBatch): void {
  if (list === undefined) return;
  const i = list.indexOf(b);
  if (i >= 0) list.splice(i, 1);
}

/** Sender.completeBatch. */
function completeBatch<M extends ProducerHost>(world: World<M>, p: ProducerState, b: AccumulatedBatch, error: KafkaErrorName, baseOffset: number, logStartOffset: number): void {
  removeFrom(p.inFlightByPartition[b.partition], b);
  if (b.done) return;
  if (error === 'NONE') {
    succeed(world, p, b, baseOffset);
    return;
  }
  if (canRetry(world, p, b, error, logStartOffset)) {
    reenqueue(world, p, b, error);
  } else if (error === 'DUPLICATE_SEQUENCE_NUMBER') {
    // The broker already has this batch: success (its offset, when the broker still knows it).
    succeed(world, p, b, baseOffset);
  } else {
    fail(world, p, b, error, b.attempts < p.config.retries);
  }
  if (isStaleMetadataError(error)) requestMetadata(world, p, error);
}

function isNextSequence(lastAcked: number, sequence: number): boolean {
  return sequence - lastAcked === 1;
}

/** Sender.canRetry, with TransactionManager.canRetry's idempotent cases. */
function canRetry<M extends ProducerHost>(world: World<M>, p: ProducerState, b: AccumulatedBatch, error: KafkaErrorName, logStartOffset: number): boolean {
  if (world.nowMs - b.createdAtMs >= p.config['delivery.timeout.ms']) return false;
  if (b.attempts >= p.config.retries) return false;
  const sequence = b.records.baseSequence;
  const ps = p.idempotence.partitions[b.partition];
  if (sequence < 0 || ps === undefined) return isRetriable(error);
  if (error === 'UNKNOWN_PRODUCER_ID') {
    // The broker lost this producer's state: restart the sequences under a new epoch, then retry.
    if (logStartOffset !== -1 && !b.sequenceReset) requestEpochBump(p, b.partition);
    return true;
  }
  if (error === 'OUT_OF_ORDER_SEQUENCE_NUMBER') {
    // An earlier batch failed, so this one could not be appended: retry it after that one.
    if (!ps.unresolved && (b.sequenceReset || !isNextSequence(ps.lastAckedSequence, sequence))) return true;
    // A real gap: bump the epoch and restart the sequences.
    if (!ps.unresolved) requestEpochBump(p, b.partition);
    return true;
  }
  return isRetriable(error);
}

/** RecordAccumulator.reenqueue: back to the head of its queue (in sequence order when idempotent). */
function reenqueue<M extends ProducerHost>(world: World<M>, p: ProducerState, b: AccumulatedBatch, error: KafkaErrorName): void {
  b.attempts++;
  b.lastAttemptAtMs = world.nowMs;
  const dq = p.deques[b.partition] as AccumulatedBatch[];
  const sequence = b.records.baseSequence;
  if (sequence >= 0) {
    let i = 0;
    while (i < dq.length) {
      const other = (dq[i] as AccumulatedBatch).records.baseSequence;
      if (other < 0 || other > sequence) break;
      i++;
    }
    dq.splice(i, 0, b);
  } else {
    dq.unshift(b);
  }
  p.counters.batchesRetried++;
  world.emit('ProduceRetried', { producer: p.id, topic: p.topic, partition: b.partition, error, attempt: b.attempts });
}

function succeed<M extends ProducerHost>(world: World<M>, p: ProducerState, b: AccumulatedBatch, baseOffset: number): void {
  const sequence = b.records.baseSequence;
  const ps = p.idempotence.partitions[b.partition];
  if (sequence >= 0 && ps !== undefined) {
    const last = sequence + b.records.values.length - 1;
    if (b.records.producerEpoch === ps.epoch && last > ps.lastAckedSequence) ps.lastAckedSequence = last;
    removeFrom(ps.inflight, b);
  }
  finish(world, p, b, 'NONE', baseOffset);
}

/** Sender.failBatch with TransactionManager.handleFailedBatch. */
function fail<M extends ProducerHost>(world: World<M>, p: ProducerState, b: AccumulatedBatch, error: Outcome, adjustSequences: boolean): void {
  const ps = p.idempotence.partitions[b.partition];
  if (b.records.baseSequence >= 0 && ps !== undefined) {
    removeFrom(ps.inflight, b);
    if (error === 'OUT_OF_ORDER_SEQUENCE_NUMBER' || adjustSequences) requestEpochBump(p, b.partition);
  }
  world.emit('ProduceFailed', { producer: p.id, topic: p.topic, partition: b.partition, error, records: b.records.values.length });
  finish(world, p, b, error, -1);
}

/** The application's callbacks: one outcome per record, into the history. */
function finish<M extends ProducerHost>(world: World<M>, p: ProducerState, b: AccumulatedBatch, error: Outcome, baseOffset: number): void {
  b.done = true;
  p.bufferedBytes -= b.allocatedBytes;
  const r = b.records;
  const count = r.values.length;
  const now = world.nowMs;
  const seenByApp = p.spec.sendMode !== 'fireAndForget';
  const sends = world.state.model.history.sends;
  const app = p.app;
  const ok = error === 'NONE';
  for (let i = 0; i < count; i++) {
    const seq = r.recordIds[i] as number;
    sends.push({
      producer: p.clientId,
      seq,
      topic: p.topic,
      partition: b.partition,
      key: r.keys[i] ?? null,
      value: r.values[i] as string,
      sentAtMs: r.timestampsMs[i] as number,
      completedAtMs: now,
      error,
      offset: ok && baseOffset >= 0 ? baseOffset + i : -1,
      acks: b.acks,
      seenByApp,
    });
    if (seq === app.awaitingSeq) {
      app.awaitingSeq = -1;
      app.wake = true;
    }
  }
  const c = p.counters;
  if (ok) {
    c.recordsAcknowledged += count;
  } else {
    c.recordsFailed += count;
    c.failedByError[error] = (c.failedByError[error] ?? 0) + count;
  }
  if (app.blockedOn === 'buffer') app.wake = true;
}

// ---------------------------------------------------------------- delivery timeout

/** Sender.getExpiredInflightBatches and RecordAccumulator.expiredBatches. */
function expireBatches<M extends ProducerHost>(world: World<M>, p: ProducerState, now: number): void {
  const deliveryTimeoutMs = p.config['delivery.timeout.ms'];
  for (const list of p.inFlightByPartition) {
    while (list.length > 0 && now - (list[0] as AccumulatedBatch).createdAtMs >= deliveryTimeoutMs) {
      expire(world, p, list.shift() as AccumulatedBatch);
    }
  }
  for (const dq of p.deques) {
    while (dq.length > 0 && now - (dq[0] as AccumulatedBatch).createdAtMs >= deliveryTimeoutMs) {
      expire(world, p, dq.shift() as AccumulatedBatch);
    }
  }
}

function expire<M extends ProducerHost>(world: World<M>, p: ProducerState, b: AccumulatedBatch): void {
  if (b.done) return;
  b.closed = true;
  fail(world, p, b, 'TimeoutException', false);
  const ps = p.idempotence.partitions[b.partition];
  // Sent before and given up on: the broker may or may not have it (markSequenceUnresolved).
  if (b.records.baseSequence >= 0 && b.attempts > 0 && ps !== undefined) ps.unresolved = true;
}

// ---------------------------------------------------------------- idempotence

function requestEpochBump(p: ProducerState, partition: number): void {
  const idem = p.idempotence;
  idem.bumpRequired = true;
  if (!idem.bumpPartitions.includes(partition)) idem.bumpPartitions.push(partition);
}

/** TransactionManager.maybeResolveSequences: once an unresolved partition drains, all acked or bump. */
function maybeResolveSequences(p: ProducerState): void {
  const parts = p.idempotence.partitions;
  for (let i = 0; i < parts.length; i++) {
    const ps = parts[i];
    if (ps === undefined || !ps.unresolved || ps.inflight.length > 0) continue;
    if (!isNextSequence(ps.lastAckedSequence, ps.nextSequence)) requestEpochBump(p, i);
    ps.unresolved = false;
  }
}

/** KIP-360 local epoch bump: the affected partitions' unacknowledged batches get sequences from 0. */
function maybeBumpEpoch<M extends ProducerHost>(world: World<M>, p: ProducerState): void {
  const idem = p.idempotence;
  if (!idem.bumpRequired) return;
  idem.producerEpoch++;
  for (const partition of idem.bumpPartitions) {
    const ps = idem.partitions[partition];
    if (ps === undefined) continue;
    let sequence = 0;
    for (const b of ps.inflight) {
      // A new wire object: the old one may sit in a request or a broker's log.
      b.records = { ...b.records, producerEpoch: idem.producerEpoch, baseSequence: sequence };
      b.sequenceReset = true;
      sequence += b.records.values.length;
    }
    ps.epoch = idem.producerEpoch;
    ps.nextSequence = sequence;
    ps.lastAckedSequence = -1;
    ps.unresolved = false;
  }
  world.emit('ProducerEpochBumped', { producer: p.id, producerId: idem.producerId, epoch: idem.producerEpoch, partitions: idem.bumpPartitions.slice() });
  idem.bumpPartitions = [];
  idem.bumpRequired = false;
}
