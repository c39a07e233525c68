/**
 * The leader-epoch cache (KIP-101, `LeaderEpochFileCache`): for every leader epoch that wrote to
 * this log, the first offset it wrote. Kept as an array ordered by epoch, strictly increasing in
 * both fields once `assign` has pruned what would break monotonicity.
 */
import type { EpochEntry, PartitionLog } from './types';

/** Kafka's UNDEFINED_EPOCH / UNDEFINED_EPOCH_OFFSET in an OffsetsForLeaderEpoch answer. */
const UNDEFINED = { epoch: -1, endOffset: -1 } as const;

/** The newest epoch in the cache, or -1 when the cache is empty. */
export function latestEpoch(log: PartitionLog): number {
  const last = log.epochs[log.epochs.length - 1];
  return last === undefined ? -1 : last.epoch;
}

/**
 * LeaderEpochFileCache.assign: records that `epoch` starts at `startOffset`. Nothing changes when
 * the latest entry already is this epoch starting at or before that offset (so calling it on every
 * append is cheap). Otherwise entries that would break monotonicity (epoch ≥ the new one, or start
 * ≥ the new start) are dropped from the end before the entry is added. Returns whether the cache
 * changed.
 */
export function assignEpoch(epochs: EpochEntry[], epoch: number, startOffset: number): boolean {
  const latest = epochs[epochs.length - 1];
  if (latest !== undefined && latest.epoch === epoch && startOffset >= latest.startOffset) return false;
  for (let last = epochs[epochs.length - 1]; last !== undefined; last = epochs[epochs.length - 1]) {
    if (last.epoch >= epoch || last.startOffset >= startOffset) epochs.pop();
    else break;
  }
  epochs.push({ epoch, startOffset });
  return true;
}

/**
 * What a new leader does on election (Partition.makeLeader): its epoch starts at its log end.
 * Also usable for any explicit assignment; throws on negative values, as Kafka does.
 */
export function assignEpochStart(log: PartitionLog, epoch: number, startOffset: number): void {
  if (!Number.isInteger(epoch) || epoch < 0 || !Number.isInteger(startOffset) || startOffset < 0) {
    throw new Error(
      `assignEpochStart(${log.topic}-${log.partition}): invalid leader epoch entry (epoch ${epoch}, start ${startOffset})`,
    );
  }
  assignEpoch(log.epochs, epoch, startOffset);
}

/**
 * OffsetsForLeaderEpoch as LeaderEpochFileCache.endOffsetFor answers it:
 *  - the latest epoch → (that epoch, log end offset);
 *  - an epoch with a known later epoch → (the largest epoch ≤ it, start offset of the first epoch
 *    above it);
 *  - an epoch older than every cached one → (the requested epoch, start offset of the first cached
 *    epoch): that data is gone, the follower should replicate from there;
 *  - -1, an empty cache, or an epoch newer than the latest → (-1, -1).
 */
export function endOffsetForEpoch(log: PartitionLog, epoch: number): { epoch: number; endOffset: number } {
  const epochs = log.epochs;
  const n = epochs.length;
  if (epoch < 0 || n === 0) return { ...UNDEFINED };
  const latest = epochs[n - 1] as EpochEntry;
  if (latest.epoch === epoch) return { epoch, endOffset: log.logEndOffset };
  if (epoch > latest.epoch) return { ...UNDEFINED };
  // First entry with an epoch above the requested one (exists, since latest.epoch > epoch).
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((epochs[mid] as EpochEntry).epoch > epoch) hi = mid;
    else lo = mid + 1;
  }
  const higher = epochs[lo] as EpochEntry;
  const floor = epochs[lo - 1];
  return { epoch: floor === undefined ? epoch : floor.epoch, endOffset: higher.startOffset };
}

/** LeaderEpochFileCache.truncateFromEnd: drops entries whose start offset is ≥ `endOffset`. */
export function truncateEpochsFromEnd(epochs: EpochEntry[], endOffset: number): void {
  for (let last = epochs[epochs.length - 1]; last !== undefined; last = epochs[epochs.length - 1]) {
    if (last.startOffset >= endOffset) epochs.pop();
    else break;
  }
}

/**
 * LeaderEpochFileCache.truncateFromStart, run when the log start offset moves up: entries starting
 * at or below the new start are dropped, except the last of them, which now starts at it.
 */
export function truncateEpochsFromStart(epochs: EpochEntry[], startOffset: number): void {
  let removed = 0;
  while (removed < epochs.length && (epochs[removed] as EpochEntry).startOffset <= startOffset) removed++;
  if (removed === 0) return;
  const kept = epochs[removed - 1] as EpochEntry;
  epochs.splice(0, removed, { epoch: kept.epoch, startOffset });
}
