/**
 * The Kafka model's state inside the world (plain data). One record per simulated process;
 * node ids are the kernel's. The scenario that built the world is kept, as the run's input.
 */
import type { Scenario } from '../scenario/schema';
import type { BrokerConfig, ConsumerConfig, ProducerConfig, TopicConfig } from './config/types';
import type { PartitionLog } from './log/types';
import type { ConfigValue, FetchRequest, PartitionState } from './protocol/messages';
import type { ClientHistory } from './client/history';
import type { ConsumerState } from './client/consumer';
import type { ProducerState } from './client/producer-types';

export type ProcessStatus = 'running' | 'crashed' | 'stopped';

/** What the leader knows of one follower (Partition.scala's replica state). */
export interface FollowerProgress {
  brokerId: number;
  /** The follower's log end offset, as its last fetch said. */
  logEndOffset: number;
  lastFetchAtMs: number;
  /** The leader's LEO when that fetch arrived (for the caught-up rule of §2.7). */
  leaderEndOffsetAtLastFetch: number;
  lastCaughtUpAtMs: number;
}

/** Per idempotent producer, on a partition leader: the last batches, to drop duplicates (KIP-98). */
export interface ProducerIdEntry {
  producerId: number;
  producerEpoch: number;
  /** Up to the last 5 appended batches: sequence range → offset, as ProducerStateManager keeps. */
  recent: { firstSeq: number; lastSeq: number; baseOffset: number }[];
}

/** A produce with acks=all waiting for the high watermark (DelayedProduce). */
export interface DelayedProduce {
  requestNode: number;
  correlationId: number;
  expiresAtMs: number;
  partitions: { topic: string; partition: number; baseOffset: number; requiredOffset: number; error: string | null }[];
}

/** One replica of a partition hosted on a broker. */
export interface Replica {
  topic: string;
  partition: number;
  log: PartitionLog;
  /** The controller's latest state for the partition, as this broker learned it. */
  state: PartitionState;
  role: 'leader' | 'follower';
  config: TopicConfig;
  /** Leader only: progress of each follower, by broker id. */
  followers: Record<string, FollowerProgress>;
  /** Leader only: idempotent producers by producer id. */
  producerIds: Record<string, ProducerIdEntry>;
  /** Leader only: an AlterPartition is in flight (no other ISR change until it returns). */
  pendingIsr: number[] | null;
}

export interface BrokerState {
  id: number;
  node: number;
  rack: string | null;
  status: ProcessStatus;
  /** How many times the process has started (a new process keeps nothing volatile). */
  starts: number;
  config: BrokerConfig;
  /** Replicas this broker hosts, keyed `topic-partition`. */
  replicas: Record<string, Replica>;
  /** Metadata cache (UpdateMetadata): every partition's state, keyed `topic-partition`. */
  metadata: Record<string, PartitionState>;
  /** Partition counts by topic, from the metadata cache. */
  topicPartitions: Record<string, number>;
  liveBrokers: number[];
  controllerId: number;
  /** The highest controller epoch obeyed (older controllers get STALE_CONTROLLER_EPOCH). */
  controllerEpoch: number;
  delayedProduces: DelayedProduce[];
  /** Parked consumer/follower fetches waiting for data (DelayedFetch). */
  delayedFetches: DelayedFetch[];
  /** Follower side: one fetcher per leader broker (ReplicaFetcherThread), keyed by leader id. */
  fetchers: Record<string, ReplicaFetcher>;
  nextCorrelationId: number;
}

export interface DelayedFetch {
  requestNode: number;
  request: FetchRequest;
  expiresAtMs: number;
}

export interface ReplicaFetcher {
  leaderId: number;
  /** Partitions fetched from that leader, keyed `topic-partition`. */
  partitions: string[];
  /** Correlation id of the Fetch in flight, or -1. */
  inFlight: number;
  /** No fetch before this time (replica.fetch.backoff.ms after an error). */
  backoffUntilMs: number;
}

/** The controller's own records (ZooKeeper's znodes or the KRaft metadata log, in later issues). */
export interface ControllerState {
  /** The broker acting as controller, or -1 when none. */
  brokerId: number;
  epoch: number;
  topics: Record<string, { name: string; partitions: number; configOverrides: Record<string, ConfigValue> }>;
  partitions: Record<string, PartitionState>;
  nextCorrelationId: number;
}

export interface NodeRole {
  kind: 'broker' | 'producer' | 'consumer' | 'zookeeper' | 'controller';
  /** The key in its table: broker id, producer id or consumer name. */
  key: string;
}

export interface KafkaState {
  scenario: Scenario;
  /** Kernel node id by node name (`broker-1`, `zk-1`, `producer-p1`…). */
  nodeByName: Record<string, number>;
  /** What each kernel node is, by node id: where its messages and timers go. */
  roles: NodeRole[];
  /** Brokers by broker id (as a string key). */
  brokers: Record<string, BrokerState>;
  /** Producers by producer id (the scenario's `id`). */
  producers: Record<string, ProducerState>;
  /** Consumers by node name. */
  consumers: Record<string, ConsumerState>;
  history: ClientHistory;
  controller: ControllerState;
  /** Commands that were refused, with why (bad commands change nothing). */
  rejectedCommands: { atMs: number; command: unknown; error: string }[];
}

export type { ConsumerConfig, ProducerConfig };
