/**
 * Small builders for the log tests: topic settings with a few overrides, and producer batches.
 * Not used by the model itself.
 */
import { defaultConfig } from '../config/resolve';
import type { LogConfig } from './log-config';
import { batchSizeBytes } from './record-size';
import type { ProducerBatch } from './types';

export function logConfig(overrides: Partial<LogConfig> = {}): LogConfig {
  const topic = defaultConfig('topic');
  return {
    'segment.bytes': topic['segment.bytes'],
    'segment.ms': topic['segment.ms'],
    'retention.ms': topic['retention.ms'],
    'retention.bytes': topic['retention.bytes'],
    'flush.messages': topic['flush.messages'],
    'flush.ms': topic['flush.ms'],
    'cleanup.policy': topic['cleanup.policy'],
    'max.message.bytes': topic['max.message.bytes'],
    ...overrides,
  };
}

let nextRecordId = 1;

/** A batch of records with the given values (null keys), all stamped `timestampMs`. */
export function producerBatch(
  values: string[],
  timestampMs: number,
  opts: { keys?: (string | null)[]; producer?: string } = {},
): ProducerBatch {
  const keys = opts.keys ?? values.map(() => null);
  return {
    producerId: -1,
    producerEpoch: -1,
    baseSequence: -1,
    producer: opts.producer ?? 'producer-1',
    timestampsMs: values.map(() => timestampMs),
    keys,
    values,
    recordIds: values.map(() => nextRecordId++),
    sizeBytes: batchSizeBytes(keys, values),
  };
}

/** `count` records named `${prefix}0`, `${prefix}1`, … */
export function records(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}
