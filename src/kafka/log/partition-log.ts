/**
 * The partition log: segments of record batches, the log start and end offsets, the high
 * watermark, the flushed offset and the leader-epoch cache, as plain data (`./types`) with
 * functions over it. Modelled on Kafka's UnifiedLog, LocalLog, LogSegment and
 * LeaderEpochFileCache. This module is the one entry point; the work is split by concern:
 *
 *   append.ts     new log, leader and follower appends, segment roll, flush.messages
 *   read.ts       Fetch reads and single-record lookup (binary search)
 *   truncate.ts   truncation, high watermark, flush / flush.ms, power failure
 *   retention.ts  the retention rules (§2.12) and the log size
 *   epochs.ts     the leader-epoch cache and OffsetsForLeaderEpoch
 *   segments.ts   roll, binary searches, the flush mark, the log start offset
 *   invariants.ts what every log must satisfy
 *   record-size.ts v2 record and batch sizes
 *   log-config.ts the topic settings read here
 */
export type { LogConfig } from './log-config';
export { appendAsFollower, appendAsLeader, batchSizeError, newPartitionLog } from './append';
export { assignEpochStart, endOffsetForEpoch, latestEpoch } from './epochs';
export { checkLogInvariants, recordCount } from './invariants';
export { findRecord, readRecords } from './read';
export { batchSizeBytes, recordSizeBytes, RECORD_BATCH_OVERHEAD_BYTES } from './record-size';
export { applyRetention, logSizeBytes, type DeletedSegment, type RetentionReason } from './retention';
export { incrementLogStartOffset } from './segments';
export {
  flush,
  flushIfDue,
  loseUnflushed,
  setHighWatermark,
  truncateFullyAndStartAt,
  truncateTo,
} from './truncate';
