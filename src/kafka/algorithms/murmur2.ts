/**
 * Kafka's MurmurHash2 variant (`org.apache.kafka.common.utils.Utils.murmur2`) and the
 * key → partition rule of the default producer (`BuiltInPartitioner.partitionForKey`).
 *
 * Everything is int32 arithmetic: `Math.imul` wraps multiplications to 32 bits, `>>>` is
 * Java's unsigned shift, and `| 0` brings a result back to a signed int32 as Java holds it.
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/** Signed int32 hash of the bytes, identical to Java's `Utils.murmur2(byte[])`. */
export function murmur2(bytes: Uint8Array): number {
  const length = bytes.length;
  let h = (SEED ^ length) | 0;
  const blocks = length >>> 2;

  for (let i = 0; i < blocks; i++) {
    const o = i * 4;
    // Little-endian, bytes taken unsigned (Java masks each with 0xff).
    let k = (at(bytes, o) | (at(bytes, o + 1) << 8) | (at(bytes, o + 2) << 16) | (at(bytes, o + 3) << 24)) | 0;
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }

  // The tail (Java's switch falling through from case 3 to case 1): 3 bytes left do all three
  // XORs, and only a non-empty tail pays the multiply.
  const tail = length & ~3;
  const remaining = length & 3;
  if (remaining >= 3) h ^= at(bytes, tail + 2) << 16;
  if (remaining >= 2) h ^= at(bytes, tail + 1) << 8;
  if (remaining >= 1) {
    h ^= at(bytes, tail);
    h = Math.imul(h, M);
  }

  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * `Utils.toPositive`: clears the sign bit. It is not `Math.abs`: for a negative hash the two
 * give different partitions, and only this one matches the Java producer.
 */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/**
 * Partition of a record with a non-null key when no `partitioner.class` is set. `numPartitions`
 * counts all partitions of the topic, available or not (Kafka does not skip leaderless ones).
 */
export function partitionForKey(keyBytes: Uint8Array, numPartitions: number): number {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) {
    throw new RangeError(`numPartitions must be a positive integer, got ${numPartitions}`);
  }
  return toPositive(murmur2(keyBytes)) % numPartitions;
}

/** The bytes `StringSerializer` produces (UTF-8), which are what the producer hashes. */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

const encoder = new TextEncoder();

function at(bytes: Uint8Array, i: number): number {
  // Callers stay within bounds; the fallback only satisfies noUncheckedIndexedAccess.
  return bytes[i] ?? 0;
}
