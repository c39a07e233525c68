/**
 * The topic settings the partition log reads. Kafka's own keys (`LogConfig`), already resolved:
 * `-1` keeps Kafka's "unlimited" meaning for `retention.ms` / `retention.bytes`, and `LONG_MAX`
 * stands for Kafka's Long.MAX_VALUE (the `flush.*` defaults).
 */
import type { TopicConfig } from '../config/types';

export type LogConfig = Pick<
  TopicConfig,
  | 'segment.bytes'
  | 'segment.ms'
  | 'retention.ms'
  | 'retention.bytes'
  | 'flush.messages'
  | 'flush.ms'
  | 'cleanup.policy'
  | 'max.message.bytes'
>;
