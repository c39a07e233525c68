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
  error: KafkaErrorName | 'TimeoutException' | 'BufferExhaustedException';
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
}

export function newHistory(): ClientHistory {
  return { sends: [], deliveries: [] };
}
