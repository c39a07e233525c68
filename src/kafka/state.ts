/**
 * The Kafka model's state inside the world (plain data). One record per simulated process;
 * node ids are the kernel's. The scenario that built the world is kept, as the run's input.
 */
import type { Scenario } from '../scenario/schema';
import type { BrokerConfig, ConsumerConfig, ProducerConfig, TopicConfig } from './config/types';
import type { PartitionLog } from './log/types';
import type { ConfigValue, FetchRequest, LeaderAndIsrRequest, PartitionState, UpdateMetadataRequest } from './protocol/messages';
import type { ClientHistory } from './client/history';
import type { ConsumerState } from './client/consumer';
import type { ProducerState } from './client/producer-types';
import type { GroupCoordinatorState } from './group/types';
import type { ZkClientState, ZkServerState } from './zookeeper';
import type { KraftControllerState } from './controller/kraft/controller-node';
import type { PartitionChange } from './controller/controller';
import type { KraftBrokerState } from './controller/kraft/broker-metadata';
import type { ConsoleState } from './console/types';
import type { SchemaRegistryState } from './schema-registry/registry';

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
  /**
   * Idempotent producers' recent batches, by `producerKey(producerId)`: every replica keeps them,
   * so a follower that becomes leader still recognises a retried batch.
   */
  producerIds: Record<string, ProducerIdEntry>;
  /** Leader only: an AlterPartition is in flight (no other ISR change until it returns). */
  pendingIsr: number[] | null;
  /** The correlation id of the AlterPartition carrying `pendingIsr` (resent until answered). */
  pendingIsrCorrelationId: number;
  /** False after a (re)start until the replica is told its role: a restarted follower is a new follower. */
  followingSinceStart: boolean;
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
  /** Set while this broker acts as the controller. */
  controller: ControllerState | null;
  /** ZooKeeper mode: this broker's ZooKeeper client and session. */
  zk: ZkClientState | null;
  /** In a controlled shutdown: waiting for the controller to move its leaderships. */
  shuttingDown: boolean;
  /** KRaft mode: registration, heartbeats and the metadata log this broker follows. */
  kraft: KraftBrokerState | null;
  /** KRaft mode: fenced by the controller (no heartbeat within broker.session.timeout.ms). */
  fenced: boolean;
  /** The classic group coordinator for the `__consumer_offsets` partitions this broker leads (volatile). */
  groupCoordinator: GroupCoordinatorState;
  delayedProduces: DelayedProduce[];
  /**
   * When the broker's one produce-expiry timer fires, or -1: one timer for all parked produces,
   * set for the earliest expiry, rather than one per request.
   */
  produceTimeoutAtMs?: number;
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
  /** When the Fetch in flight was sent (its replica.socket.timeout.ms counts from there). */
  inFlightSentAtMs?: number;
  /**
   * When the fetcher's one timeout timer fires, or -1 when none is set. One timer per fetcher,
   * moved on to the deadline of the Fetch in flight when it fires early, rather than one timer
   * per Fetch (thousands of dead timers in a busy cluster).
   */
  timeoutAtMs?: number;
}

/**
 * A broker's controller context (KafkaController's ControllerContext): what the broker acting as
 * controller holds in memory. In ZooKeeper mode it is loaded from the znodes when the broker wins
 * the race for /controller, and written back to them; a broker that is no longer controller drops it.
 */
export interface ControllerState {
  /** The controller epoch this broker won (/controller_epoch). */
  epoch: number;
  /** Version of the /controller_epoch znode it wrote, for conditional writes. */
  epochZkVersion: number;
  /** False while the context is still being read from ZooKeeper. */
  ready: boolean;
  /** ZooKeeper reads still outstanding while loading. */
  loading: number;
  /** The first read of /brokers/ids has answered. */
  brokersRead: boolean;
  /** Each live broker's epoch as its registration says (KIP-380), by broker id. */
  brokerEpochs: Record<string, number>;
  topics: Record<string, { name: string; partitions: number; configOverrides: Record<string, ConfigValue>; assignment?: number[][] }>;
  partitions: Record<string, PartitionState>;
  /** Partition changes decided but not yet written to ZooKeeper, by change id. */
  pending: Record<string, PartitionChange>;
  nextChangeId: number;
  /** LeaderAndIsr and UpdateMetadata requests not yet answered, by correlation id (resent). */
  outstanding: Record<string, { brokerId: number; kind: 'LeaderAndIsr' | 'UpdateMetadata'; payload: LeaderAndIsrRequest | UpdateMetadataRequest }>;
  /** Brokers registered in /brokers/ids, as the controller last read them. */
  liveBrokers: number[];
  /** Brokers in a controlled shutdown. */
  shuttingDown: number[];
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
  /** ZooKeeper mode: the ensemble's servers by server id. */
  zkServers: Record<string, ZkServerState>;
  /** KRaft mode: the controller quorum's voters by controller id. */
  kraftControllers: Record<string, KraftControllerState>;
  /** The schema registry: an always-available service inside the world (schema-registry/). */
  schemaRegistry: SchemaRegistryState;
  /** Commands that were refused, with why (bad commands change nothing). */
  rejectedCommands: { atMs: number; command: unknown; error: string }[];
  /** The Kafka console (terminal): created by its first `console` command. */
  console?: ConsoleState;
}

export type { ConsumerConfig, ProducerConfig };
