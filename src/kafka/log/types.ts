/**
 * The partition log as plain data. Batches are immutable once appended: a follower's log holds
 * the very batch objects its leader sent (the fetch response carries them), so replicas share
 * memory the way they share content, and a checkpoint clones them like any other data.
 */

/** Records as a producer batches them (RecordAccumulator), before a leader gives them offsets. */
export interface ProducerBatch {
  /** Idempotence (KIP-98): -1 when the producer is not idempotent. */
  producerId: number;
  producerEpoch: number;
  /** Sequence number of the first record; -1 without idempotence. */
  baseSequence: number;
  /** The producer's client id, so the screen can colour records by producer. */
  producer: string;
  /** One entry per record (CreateTime). */
  timestampsMs: number[];
  keys: (string | null)[];
  values: string[];
  /**
   * The producer's record number of each record: the simulator's tracing header, so checkers can
   * tell a duplicate (one record at two offsets) from two records with equal contents.
   */
  recordIds: number[];
  /** Kafka's v2 batch size: 61 bytes of header plus each record's encoded size. */
  sizeBytes: number;
}

/** A batch in a log: a ProducerBatch with the offsets and epoch its leader stamped. */
export interface RecordBatch extends ProducerBatch {
  baseOffset: number;
  /** baseOffset + record count - 1. */
  lastOffset: number;
  /** The leader epoch of the leader that appended it (KIP-101). */
  partitionLeaderEpoch: number;
  maxTimestampMs: number;
}

export interface Segment {
  baseOffset: number;
  /** Only ever appended to; a truncation replaces the array (checkpoints share it). */
  batches: RecordBatch[];
  sizeBytes: number;
  /** Simulated time of the first append into the segment (`segment.ms` rolls from it). */
  createdAtMs: number;
  /** Newest record timestamp in the segment (`retention.ms` reads it); -1 when empty. */
  largestTimestampMs: number;
}

/** One entry of the leader-epoch cache (leader-epoch-checkpoint): epoch → its first offset. */
export interface EpochEntry {
  epoch: number;
  startOffset: number;
}

export interface PartitionLog {
  topic: string;
  partition: number;
  /** Oldest first; the last one is the active segment. Never empty. */
  segments: Segment[];
  logStartOffset: number;
  /** The offset the next record gets. */
  logEndOffset: number;
  /** Offsets below it are committed (this replica's view). */
  highWatermark: number;
  /** Offsets below it are on disk; the rest only in the page cache (lost on power failure). */
  flushedOffset: number;
  /** Records appended since the last flush (`flush.messages`). */
  unflushedRecords: number;
  lastFlushAtMs: number;
  epochs: EpochEntry[];
}
