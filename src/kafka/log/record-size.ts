/**
 * Sizes of records in Kafka's v2 message format (magic 2, KIP-98), as `DefaultRecordBatch` and
 * `DefaultRecord.sizeInBytes` compute them, without building any bytes.
 *
 * A batch is a fixed 61-byte header (base offset 8, length 4, partition leader epoch 4, magic 1,
 * CRC 4, attributes 2, last offset delta 4, base and max timestamp 8 + 8, producer id 8, producer
 * epoch 2, base sequence 4, record count 4) followed by its records. One record is
 *
 *   varint(bodySize) + bodySize, where
 *   bodySize = attributes (1) + varlong(timestampDelta) + varint(offsetDelta)
 *            + varint(keyLength) + keyBytes        (keyLength = -1 for a null key, no bytes)
 *            + varint(valueLength) + valueBytes
 *            + varint(headerCount)                 (0 headers: 1 byte)
 *
 * with zig-zag varints (1 byte up to 63, 2 up to 8191, …). The one approximation: the timestamp
 * delta is counted as 1 byte (records of a batch within 64 ms of the first), since the size is
 * computed before timestamps are known. The simulator's record ids are tracing data, not headers,
 * and cost nothing. No compression is modelled.
 */

/** DefaultRecordBatch.RECORD_BATCH_OVERHEAD. */
export const RECORD_BATCH_OVERHEAD_BYTES = 61;

/** ByteUtils.sizeOfVarint of a zig-zag encoded int. */
function varintSize(value: number): number {
  const zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  if (zigzag < 0x80) return 1;
  if (zigzag < 0x4000) return 2;
  if (zigzag < 0x200000) return 3;
  if (zigzag < 0x10000000) return 4;
  return 5;
}

/** UTF-8 length of a JS string, one pass over its UTF-16 code units (no TextEncoder). */
export function utf8Length(s: string): number {
  const n = s.length;
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      bytes += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        // A surrogate pair: two code units, four bytes.
        bytes += 2;
        i++;
      } else {
        bytes += 2;
      }
    } else {
      // Three-byte characters, and lone surrogates (written as U+FFFD, also three bytes).
      bytes += 2;
    }
  }
  return bytes;
}

function encodedRecordSize(key: string | null, value: string, offsetDelta: number): number {
  const keyLength = key === null ? -1 : utf8Length(key);
  const valueLength = utf8Length(value);
  const body =
    1 + // attributes
    1 + // timestamp delta (approximated, see above)
    varintSize(offsetDelta) +
    varintSize(keyLength) +
    (keyLength > 0 ? keyLength : 0) +
    varintSize(valueLength) +
    valueLength +
    1; // header count = 0
  return varintSize(body) + body;
}

/** Encoded size of one record, as the first record of its batch (offset delta 0). */
export function recordSizeBytes(key: string | null, value: string): number {
  return encodedRecordSize(key, value, 0);
}

/** Encoded size of a whole batch: the 61-byte header plus every record at its offset delta. */
export function batchSizeBytes(keys: (string | null)[], values: string[]): number {
  if (keys.length !== values.length) {
    throw new Error(`batchSizeBytes: ${keys.length} keys but ${values.length} values`);
  }
  let size = RECORD_BATCH_OVERHEAD_BYTES;
  for (let i = 0; i < values.length; i++) {
    size += encodedRecordSize(keys[i] ?? null, values[i] as string, i);
  }
  return size;
}
