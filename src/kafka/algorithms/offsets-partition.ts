/**
 * Which `__consumer_offsets` partition stores a group (and so which broker coordinates it):
 * `Utils.abs(groupId.hashCode()) % offsets.topic.num.partitions`, as in
 * `GroupCoordinatorService.partitionFor` (and `GroupMetadataManager.partitionFor` before it).
 * The transaction coordinator applies the same rule to `transactional.id`.
 */

/**
 * Java's `String.hashCode`: `h = 31*h + c` over UTF-16 code units (not bytes, not code points),
 * wrapping to a signed int32. JavaScript strings are UTF-16 too, so `charCodeAt` gives the
 * same units Java sees.
 */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) {
    h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  }
  return h;
}

/**
 * `org.apache.kafka.common.utils.Utils.abs`: like `Math.abs`, except that `Integer.MIN_VALUE`
 * (which has no positive int32) maps to 0 instead of staying negative.
 */
export function kafkaAbs(n: number): number {
  return n === -2147483648 ? 0 : Math.abs(n);
}

/** Partition of `__consumer_offsets` holding `groupId`'s offsets (default 50 partitions). */
export function offsetsTopicPartition(groupId: string, numPartitions: number): number {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) {
    throw new RangeError(`numPartitions must be a positive integer, got ${numPartitions}`);
  }
  return kafkaAbs(javaStringHashCode(groupId)) % numPartitions;
}
