/**
 * What clients saw, recorded as it happened: the checkers' input (Jepsen-style). Plain data in
 * world state.
 */
import type { KafkaErrorName } from '../protocol/errors';

/** One send's outcome, as the producer's callback (or future) got it. */
export interface SendOutcome {
  producer: string;
  /** The producer's record number (0, 1, 2…): the same record across retries. */
  seq: number;
  topic: string;
  /** -1 when the send failed before a partition was chosen. */
  partition: number;
  key: string | null;
  value: string;
  sentAtMs: number;
  completedAtMs: number;
  /** 'NONE' when acknowledged; otherwise the error name (or a client-side exception name). */
  error: KafkaErrorName | 'TimeoutException' | 'BufferExhaustedException' | 'SerializationException';
  /** The record's offset when acknowledged with acks ≥ 1; -1 otherwise (acks=0 never learns it). */
  offset: number;
  acks: 0 | 1 | -1;
  /** True when the application looked at the result (sync and async sends; not fire-and-forget). */
  seenByApp: boolean;
}

/** A record handed to a consumer application by poll(). */
export interface Delivery {
  consumer: string;
  groupId: string | null;
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string;
  /** The producing client and its record number (tracing header): identity for duplicate checks. */
  producer: string;
  recordId: number;
  atMs: number;
  /** Group generation at delivery time; -1 without a group. */
  generation: number;
}

export interface ClientHistory {
  sends: SendOutcome[];
  deliveries: Delivery[];
  /** The rebalance listener's callbacks, as each consumer application saw them. */
  rebalances: RebalanceCallback[];
  /** Every commit a consumer made (or an admin reset wrote), with its outcome. */
  commits: CommitOutcome[];
  /** What each poll() handed over and how much of it the application processed. */
  processing: ProcessingSpan[];
}

export function newHistory(): ClientHistory {
  return { sends: [], deliveries: [], rebalances: [], commits: [], processing: [] };
}

/** ConsumerRebalanceListener: onPartitionsRevoked, onPartitionsAssigned, onPartitionsLost. */
export interface RebalanceCallback {
  consumer: string;
  groupId: string;
  memberId: string;
  /** The generation the member was in when the callback ran (-1 after a reset). */
  generation: number;
  callback: 'revoked' | 'assigned' | 'lost';
  /** `topic-p`. */
  partitions: string[];
  atMs: number;
}

export interface CommitOutcome {
  /** The committing consumer's name; `admin` for kafka-consumer-groups --reset-offsets. */
  consumer: string;
  groupId: string;
  generation: number;
  /** auto (enable.auto.commit), sync (commitSync), async (commitAsync), close (the commit of close()), reset (admin). */
  style: 'auto' | 'sync' | 'async' | 'close' | 'reset';
  /** Next offset to read, by `topic-p`. */
  offsets: Record<string, number>;
  sentAtMs: number;
  /** -1 while pending. */
  completedAtMs: number;
  /**
   * 'NONE' on success; otherwise the Java exception the application saw (CommitFailedException,
   * RebalanceInProgressException, RetriableCommitFailedException, TimeoutException) or the error
   * name; '' while pending.
   */
  error: string;
}

/**
 * One batch returned by poll(): deliveries `firstDelivery` .. `firstDelivery + records - 1`,
 * processed one after another from `startMs`. A crash stops it part way (`processed` < `records`).
 */
export interface ProcessingSpan {
  consumer: string;
  groupId: string;
  generation: number;
  firstDelivery: number;
  records: number;
  /** Records fully processed: all of them once done; those before the crash otherwise. */
  processed: number;
  startMs: number;
  /** -1 while processing. */
  endMs: number;
}
