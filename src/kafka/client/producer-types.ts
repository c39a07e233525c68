/**
 * The producer's state as plain data (the Java client's KafkaProducer, RecordAccumulator, Sender,
 * Metadata and TransactionManager, flattened). Everything here survives `structuredClone`; batch
 * objects are shared between a partition's queue, the in-flight lists and the request on the wire,
 * which a clone preserves.
 */
import type { ProducerSpec } from '../../scenario/schema';
import type { ProducerConfig } from '../config/types';
import type { ProducerBatch } from '../log/types';
import type { Acks, ProduceResponse } from '../protocol/messages';
import type { SendOutcome } from './history';
import type { ValueSerializerState } from '../schema-registry/serializer';

/** What the producer needs from the model state it lives in (KafkaState has all of it). */
export interface ProducerHost {
  /** Brokers by id; a Metadata request goes to one that is running. */
  brokers: Record<string, { id: number; node: number; status: string }>;
  history: { sends: SendOutcome[] };
}

/** One piece of a key or value pattern (`{seq}`, `{seq%N}`, `{rand%N}`, `{producer}`, text). */
export type PatternPart =
  | { kind: 'text'; text: string }
  | { kind: 'seq' }
  | { kind: 'seqMod'; n: number }
  | { kind: 'rand'; n: number }
  | { kind: 'producer' };

/** A batch in the accumulator (Java's ProducerBatch) around the records it will put on the wire. */
export interface AccumulatedBatch {
  id: number;
  partition: number;
  /** The wire batch: records, size, producer id, epoch and base sequence. Never changed once sent. */
  records: ProducerBatch;
  createdAtMs: number;
  /** `batch.size` when the batch was opened (config changes apply to new batches). */
  capacityBytes: number;
  /** Bytes taken from `buffer.memory` (max of batch.size and the first record). */
  allocatedBytes: number;
  lingerMs: number;
  acks: Acks;
  /** No more appends: it did not fit a record, or it was drained. */
  closed: boolean;
  /** Times it was re-enqueued after a retriable error. */
  attempts: number;
  /** When it was last re-enqueued (the retry backoff counts from here). */
  lastAttemptAtMs: number;
  /** The partition's leader epoch when the batch was last drained (KIP-951: a new leader skips the backoff). */
  drainedLeaderEpoch: number;
  /** Its sequence numbers were rewritten by an epoch bump. */
  sequenceReset: boolean;
  /** A final outcome was delivered to the application. */
  done: boolean;
}

/** The producer's view of one partition (from Metadata). */
export interface PartitionLeader {
  /** Broker id, -1 when the partition has no leader. */
  leader: number;
  leaderEpoch: number;
}

export interface InFlightProduce {
  correlationId: number;
  sentAtMs: number;
  batches: AccumulatedBatch[];
  /**
   * Its response, when it came before the response of an older request on the same connection:
   * held until those are answered, as TCP and Kafka's in-order responses per connection would.
   */
  response: ProduceResponse | null;
}

/** One connection to a broker (NetworkClient's per-node state). */
export interface BrokerConnection {
  brokerId: number;
  node: number;
  /** The broker's incarnation when the connection opened: a restart resets it. */
  incarnation: number;
  /** Requests waiting for their response, oldest first (acks=0 requests never wait). */
  inFlight: InFlightProduce[];
  /**
   * When the connection's one request-timeout timer fires, and the producer's incarnation that
   * set it: one timer per connection, moved on to the oldest request's deadline when it fires
   * early, rather than one timer per request.
   */
  timeoutAtMs?: number;
  timeoutIncarnation?: number;
}

export interface MetadataInFlight {
  correlationId: number;
  node: number;
  incarnation: number;
  reason: string;
}

export interface ProducerMetadata {
  /** Topic → partitions, indexed by partition number. */
  topics: Record<string, PartitionLeader[]>;
  inFlight: MetadataInFlight | null;
  /** Why the next refresh is wanted (null: none wanted). */
  pendingReason: string | null;
  /** Last response or failure: refreshes are at least `retry.backoff.ms` apart. -1 = never. */
  lastRefreshAtMs: number;
  lastSuccessAtMs: number;
}

/** TransactionManager's per-partition sequence state (idempotence, KIP-98). */
export interface PartitionSequences {
  /** The producer epoch these sequences belong to. */
  epoch: number;
  nextSequence: number;
  lastAckedSequence: number;
  /** Batches that hold a sequence and have no outcome yet, in sequence order (sent or waiting to retry). */
  inflight: AccumulatedBatch[];
  /** A sent batch expired: until the partition drains, nobody knows whether the broker has it. */
  unresolved: boolean;
}

export interface IdempotenceState {
  /** No InitProducerId in the model: a stable id derived from the producer's position. */
  producerId: number;
  producerEpoch: number;
  partitions: PartitionSequences[];
  /** Partitions whose sequences restart at 0 under a bumped epoch (KIP-360), at the next sender run. */
  bumpPartitions: number[];
  bumpRequired: boolean;
}

export interface PartitionerState {
  /** KIP-794 built-in sticky partition, -1 before the first record. */
  sticky: number;
  producedBytes: number;
  /** Adaptive partitioning (queue-length weights): cumulative frequency table and partition ids; empty = uniform. */
  loadCft: number[];
  loadIds: number[];
  /** RoundRobinPartitioner's counter. */
  roundRobinCounter: number;
  /** KIP-480 StickyPartitionCache (DefaultPartitioner, UniformStickyPartitioner), -1 = none. */
  stickyCache: number;
}

export interface PendingRecord {
  seq: number;
  key: string | null;
  value: string;
  sentAtMs: number;
}

/** The application thread around the producer: the record generator and its send mode. */
export interface ProducerApp {
  /** The next record number. */
  nextSeq: number;
  /** The rate counts from here: floor(rate × elapsed) records after `rateBaseCount`. */
  rateBaseMs: number;
  rateBaseCount: number;
  /** sync mode: the record whose completion the app is blocked on, -1 = none. */
  awaitingSeq: number;
  /** send() is blocked (max.block.ms) waiting for metadata or buffer memory, with this record. */
  blockedOn: 'metadata' | 'buffer' | null;
  blockedSinceMs: number;
  pending: PendingRecord | null;
  /** Something the app waits for happened: run the generator again. */
  wake: boolean;
}

export interface ProducerCounters {
  /** Records accepted by send() into the accumulator. */
  recordsSent: number;
  recordsAcknowledged: number;
  recordsFailed: number;
  failedByError: Record<string, number>;
  produceRequests: number;
  /** Over all Produce requests (retries included): divide by `produceRequests` for the averages. */
  batchesInRequests: number;
  recordsInRequests: number;
  batchesRetried: number;
  metadataRequests: number;
}

/** Earliest pending time of each self-scheduled timer, -1 when none is pending. */
export interface ProducerTimers {
  generateAtMs: number;
  senderAtMs: number;
  metadataAtMs: number;
}

export interface ProducerState {
  /** The scenario's producer id. */
  id: string;
  /** `producer-<id>`: node name, record tag and PRNG stream. */
  clientId: string;
  index: number;
  node: number;
  spec: ProducerSpec;
  config: ProducerConfig;
  /** The config overrides in force (the scenario's, then each setProducerConfig on top). */
  configOverrides: Record<string, unknown>;
  status: 'running' | 'stopped';
  topic: string;
  keyPattern: PatternPart[] | null;
  valuePattern: PatternPart[];
  /** A json/avro value serializer (schema-registry/serializer.ts); null: `value` is sent as text. */
  valueSerializer: ValueSerializerState | null;
  app: ProducerApp;
  metadata: ProducerMetadata;
  /** RecordAccumulator: one deque of batches per partition of the topic. */
  deques: AccumulatedBatch[][];
  /** Partitions that ever had a deque (adaptive partitioning waits for all of them). */
  touched: boolean[];
  bufferedBytes: number;
  nextBatchId: number;
  /** Where the next drain for a broker starts, by broker id (fairness across partitions). */
  drainIndex: Record<string, number>;
  partitioner: PartitionerState;
  /** Network connections by broker id. */
  connections: Record<string, BrokerConnection>;
  /** Sender's in-flight batches per partition, in drain order (for delivery.timeout.ms and muting). */
  inFlightByPartition: AccumulatedBatch[][];
  nextCorrelationId: number;
  idempotence: IdempotenceState;
  timers: ProducerTimers;
  counters: ProducerCounters;
}
