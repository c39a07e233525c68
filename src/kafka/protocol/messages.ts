/**
 * Requests and responses as plain data, named as Kafka's protocol names them. They travel on the
 * simulated network inside `Message.payload`; `Message.kind` is the API name (`Produce`,
 * `ProduceResponse`…). Every request carries a `correlationId` that its response echoes.
 */
import type { KafkaErrorName } from './errors';
import type { ProducerBatch, RecordBatch } from '../log/types';

/** A config value as a request carries it (a properties value, or a list). */
export type ConfigValue = string | number | boolean | string[];

export interface PartitionMetadata {
  partition: number;
  /** -1 when the partition has no leader. */
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  error: KafkaErrorName;
}

export interface TopicMetadata {
  name: string;
  error: KafkaErrorName;
  partitions: PartitionMetadata[];
}

export interface BrokerEndpoint {
  id: number;
  rack: string | null;
}

export interface MetadataRequest {
  correlationId: number;
  /** null = all topics. */
  topics: string[] | null;
  allowAutoTopicCreation: boolean;
}
export interface MetadataResponse {
  correlationId: number;
  brokers: BrokerEndpoint[];
  controllerId: number;
  topics: TopicMetadata[];
}

export type Acks = 0 | 1 | -1;

export interface ProducePartitionData {
  topic: string;
  partition: number;
  batch: ProducerBatch;
}
export interface ProduceRequest {
  correlationId: number;
  acks: Acks;
  timeoutMs: number;
  partitions: ProducePartitionData[];
}
export interface ProducePartitionResponse {
  topic: string;
  partition: number;
  error: KafkaErrorName;
  /** -1 on error. */
  baseOffset: number;
  logStartOffset: number;
}
export interface ProduceResponse {
  correlationId: number;
  partitions: ProducePartitionResponse[];
}

export interface FetchPartition {
  topic: string;
  partition: number;
  fetchOffset: number;
  /** The fetcher's view of the leader epoch (KIP-320); -1 = not checked. */
  currentLeaderEpoch: number;
  /** Epoch of the last batch the follower holds (KIP-595/KIP-320 divergence check); -1 = none. */
  lastFetchedEpoch: number;
  partitionMaxBytes: number;
}
export interface FetchRequest {
  correlationId: number;
  /** -1 for a consumer; the follower's broker id for replication. */
  replicaId: number;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  partitions: FetchPartition[];
}
export interface FetchPartitionResponse {
  topic: string;
  partition: number;
  error: KafkaErrorName;
  highWatermark: number;
  logStartOffset: number;
  /** Whole batches, as Kafka returns them: the first may start before the fetch offset. */
  batches: RecordBatch[];
  /** Set when the follower's log diverges from the leader's (truncate to it, then fetch again). */
  divergingEpoch: { epoch: number; endOffset: number } | null;
}
export interface FetchResponse {
  correlationId: number;
  partitions: FetchPartitionResponse[];
}

/** ListOffsets timestamps, as Kafka encodes them. */
export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;
export interface ListOffsetsRequest {
  correlationId: number;
  partitions: { topic: string; partition: number; timestamp: number }[];
}
export interface ListOffsetsResponse {
  correlationId: number;
  partitions: { topic: string; partition: number; error: KafkaErrorName; offset: number }[];
}

export interface CreatableTopic {
  name: string;
  /** -1 = the broker's num.partitions. */
  numPartitions: number;
  /** -1 = the broker's default.replication.factor. */
  replicationFactor: number;
  /** Explicit placement, one broker list per partition; empty = Kafka's placement. */
  assignment: number[][];
  configs: Record<string, ConfigValue>;
}
export interface CreateTopicsRequest {
  correlationId: number;
  topics: CreatableTopic[];
  timeoutMs: number;
}
export interface CreateTopicsResponse {
  correlationId: number;
  topics: { name: string; error: KafkaErrorName; errorMessage: string | null }[];
}

/** Partition state as the controller hands it out (LeaderAndIsr / UpdateMetadata). */
export interface PartitionState {
  topic: string;
  partition: number;
  leader: number;
  leaderEpoch: number;
  isr: number[];
  replicas: number[];
  /** Bumped on every change of leader or ISR (ZK znode version / KRaft partition epoch). */
  partitionEpoch: number;
}
export interface LeaderAndIsrRequest {
  correlationId: number;
  controllerId: number;
  controllerEpoch: number;
  partitions: PartitionState[];
  /** Effective topic configs, for topics this broker hosts. */
  topicConfigs: Record<string, Record<string, ConfigValue>>;
}
export interface UpdateMetadataRequest {
  correlationId: number;
  controllerId: number;
  controllerEpoch: number;
  liveBrokers: BrokerEndpoint[];
  partitions: PartitionState[];
  /** Topics deleted since the last update. */
  deletedTopics: string[];
}
export interface ControllerResponse {
  correlationId: number;
  error: KafkaErrorName;
}

/** A leader asks the controller to change a partition's ISR (KIP-497). */
export interface AlterPartitionRequest {
  correlationId: number;
  brokerId: number;
  topic: string;
  partition: number;
  leaderEpoch: number;
  partitionEpoch: number;
  newIsr: number[];
}
export interface AlterPartitionResponse {
  correlationId: number;
  topic: string;
  partition: number;
  error: KafkaErrorName;
  /** The partition's state after the change (or as it stands, on error). */
  state: PartitionState | null;
}

/** A broker asks the controller to move its leaderships away before it stops. */
export interface ControlledShutdownRequest {
  correlationId: number;
  brokerId: number;
}
export interface ControlledShutdownResponse {
  correlationId: number;
  error: KafkaErrorName;
  /** Partitions the broker still leads (0 once all have moved). */
  remainingPartitions: number;
}

/** Every payload by API name: the `kind` of a message says which. */
export interface KafkaApis {
  Metadata: MetadataRequest;
  MetadataResponse: MetadataResponse;
  Produce: ProduceRequest;
  ProduceResponse: ProduceResponse;
  Fetch: FetchRequest;
  FetchResponse: FetchResponse;
  ListOffsets: ListOffsetsRequest;
  ListOffsetsResponse: ListOffsetsResponse;
  CreateTopics: CreateTopicsRequest;
  CreateTopicsResponse: CreateTopicsResponse;
  LeaderAndIsr: LeaderAndIsrRequest;
  LeaderAndIsrResponse: ControllerResponse;
  UpdateMetadata: UpdateMetadataRequest;
  UpdateMetadataResponse: ControllerResponse;
  AlterPartition: AlterPartitionRequest;
  AlterPartitionResponse: AlterPartitionResponse;
  ControlledShutdown: ControlledShutdownRequest;
  ControlledShutdownResponse: ControlledShutdownResponse;
}
export type ApiName = keyof KafkaApis;
