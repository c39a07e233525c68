/**
 * The KRaft control plane's requests and responses, as plain data (KIP-595 for the Raft quorum,
 * KIP-631 for brokers). `Message.kind` is the name below; a response is `<Request>Response`.
 *
 * Raft between controllers (and brokers as observers):
 *   Vote → VoteResponse, BeginQuorumEpoch → BeginQuorumEpochResponse,
 *   FetchMetadata → FetchMetadataResponse (Kafka's Fetch on `__cluster_metadata`; renamed so it
 *   never mixes with the data plane's Fetch).
 * Brokers to the active controller:
 *   BrokerRegistration, BrokerHeartbeat, and the existing CreateTopics and AlterPartition (the
 *   latter may carry the broker epoch), plus ElectLeaders.
 *
 * Voters are numbered 1..n and live on kernel nodes `controller-1..n`: `leaderId` fields are
 * voter ids (-1 = unknown), never node ids.
 */
import type { KafkaErrorName } from '../../protocol/errors';
import type {
  AlterPartitionRequest,
  AlterPartitionResponse,
  CreateTopicsRequest,
  CreateTopicsResponse,
} from '../../protocol/messages';
import type { RaftLogEntry } from './records';

export interface VoteRequest {
  correlationId: number;
  candidateId: number;
  candidateEpoch: number;
  /** Epoch of the candidate's last log entry (0 for an empty log). */
  lastOffsetEpoch: number;
  /** The candidate's log end offset. */
  lastOffset: number;
}
export interface VoteResponse {
  correlationId: number;
  error: KafkaErrorName;
  voterId: number;
  /** The voter's epoch after handling the request. */
  epoch: number;
  /** The leader the voter knows in that epoch, or -1. */
  leaderId: number;
  voteGranted: boolean;
}

export interface BeginQuorumEpochRequest {
  correlationId: number;
  leaderId: number;
  epoch: number;
}
export interface BeginQuorumEpochResponse {
  correlationId: number;
  error: KafkaErrorName;
  voterId: number;
  epoch: number;
  leaderId: number;
}

export interface FetchMetadataRequest {
  correlationId: number;
  /** The voter id, or for an observer (a broker) its broker id. */
  replicaId: number;
  observer: boolean;
  /** The epoch the fetcher believes current (-1 when it does not know). */
  epoch: number;
  fetchOffset: number;
  /** Epoch of the fetcher's last entry (0 when its log is empty). */
  lastFetchedEpoch: number;
  /** The fetcher's high watermark: a leader ahead of it answers at once (KIP-1166). */
  highWatermark: number;
  /** How long the leader may hold the fetch when it has nothing new. */
  maxWaitMs: number;
}
export interface FetchMetadataResponse {
  correlationId: number;
  /** NONE, NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH or UNKNOWN_LEADER_EPOCH. */
  error: KafkaErrorName;
  /** The responder's epoch and the leader it knows: where to fetch next. */
  epoch: number;
  leaderId: number;
  highWatermark: number;
  entries: RaftLogEntry[];
  /** Set when the fetcher's log diverges: truncate to this (epoch, end offset), then fetch again. */
  divergingEpoch: { epoch: number; endOffset: number } | null;
}

export interface BrokerRegistrationRequest {
  correlationId: number;
  brokerId: number;
  /** Distinguishes two processes of one broker id (Kafka's incarnation id). */
  incarnationId: number;
  rack: string | null;
  previousBrokerEpoch: number;
}
export interface BrokerRegistrationResponse {
  correlationId: number;
  error: KafkaErrorName;
  /** The offset of the broker's RegisterBroker record. */
  brokerEpoch: number;
  /** Where the active controller is, when the answer is NOT_CONTROLLER (-1 = unknown). */
  leaderId: number;
  epoch: number;
}

export interface BrokerHeartbeatRequest {
  correlationId: number;
  brokerId: number;
  brokerEpoch: number;
  /** The last metadata offset the broker has applied (-1 = none). */
  currentMetadataOffset: number;
  wantFence: boolean;
  wantShutDown: boolean;
}
export interface BrokerHeartbeatResponse {
  correlationId: number;
  error: KafkaErrorName;
  isCaughtUp: boolean;
  isFenced: boolean;
  shouldShutDown: boolean;
  leaderId: number;
  epoch: number;
}

export type ElectionType = 'PREFERRED' | 'UNCLEAN';
export interface ElectLeadersRequest {
  correlationId: number;
  electionType: ElectionType;
  /** null = every partition. */
  partitions: { topic: string; partition: number }[] | null;
}
export interface ElectLeadersResponse {
  correlationId: number;
  error: KafkaErrorName;
  results: { topic: string; partition: number; error: KafkaErrorName }[];
}

/** AlterPartition as a KRaft broker sends it: with its broker epoch (checked when present). */
export type KraftAlterPartitionRequest = AlterPartitionRequest & { brokerEpoch?: number };

/** Every KRaft payload by message kind. */
export interface KraftApis {
  Vote: VoteRequest;
  VoteResponse: VoteResponse;
  BeginQuorumEpoch: BeginQuorumEpochRequest;
  BeginQuorumEpochResponse: BeginQuorumEpochResponse;
  FetchMetadata: FetchMetadataRequest;
  FetchMetadataResponse: FetchMetadataResponse;
  BrokerRegistration: BrokerRegistrationRequest;
  BrokerRegistrationResponse: BrokerRegistrationResponse;
  BrokerHeartbeat: BrokerHeartbeatRequest;
  BrokerHeartbeatResponse: BrokerHeartbeatResponse;
  ElectLeaders: ElectLeadersRequest;
  ElectLeadersResponse: ElectLeadersResponse;
  CreateTopics: CreateTopicsRequest;
  CreateTopicsResponse: CreateTopicsResponse;
  AlterPartition: KraftAlterPartitionRequest;
  AlterPartitionResponse: AlterPartitionResponse;
}
export type KraftApiName = keyof KraftApis;

/** Kinds a controller node handles (plus `Disconnected` for the Raft requests it sent). */
export const KRAFT_CONTROLLER_KINDS: readonly KraftApiName[] = [
  'Vote',
  'VoteResponse',
  'BeginQuorumEpoch',
  'BeginQuorumEpochResponse',
  'FetchMetadata',
  'FetchMetadataResponse',
  'BrokerRegistration',
  'BrokerHeartbeat',
  'CreateTopics',
  'AlterPartition',
  'ElectLeaders',
];

/** Kinds a broker's KRaft side handles (plus `Disconnected` for the requests it sent). */
export const KRAFT_BROKER_KINDS: readonly KraftApiName[] = [
  'FetchMetadataResponse',
  'BrokerRegistrationResponse',
  'BrokerHeartbeatResponse',
];

/** Requests a broker's KRaft side sends: a `Disconnected` naming one of them is its to handle. */
export const KRAFT_BROKER_REQUEST_KINDS: readonly KraftApiName[] = [
  'FetchMetadata',
  'BrokerRegistration',
  'BrokerHeartbeat',
];

/** Rough wire sizes, for the UI's message sizes and network accounting. */
export const KRAFT_HEADER_BYTES = 40;
export const KRAFT_ENTRY_BYTES = 48;
