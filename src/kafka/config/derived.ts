/**
 * Values Kafka derives from several broker keys, and the broker → topic default chain.
 *
 * All results are in ms. "Forever" stays Kafka's -1 for retention; Long.MAX_VALUE stays LONG_MAX.
 */
import type { BrokerConfig, TopicConfig } from './types';

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;

export type LogRetentionKey = 'log.retention.ms' | 'log.retention.minutes' | 'log.retention.hours';

/** Which key decides the broker's retention time: ms beats minutes beats hours (KafkaConfig). */
export function logRetentionSource(broker: BrokerConfig): LogRetentionKey {
  if (broker['log.retention.ms'] !== null) return 'log.retention.ms';
  if (broker['log.retention.minutes'] !== null) return 'log.retention.minutes';
  return 'log.retention.hours';
}

/**
 * The broker's default retention time in ms. Any negative setting means "keep forever" and is
 * reported as -1, as Kafka does (so `log.retention.hours=-1` works too).
 */
export function logRetentionMs(broker: BrokerConfig): number {
  const ms = broker['log.retention.ms'];
  const minutes = broker['log.retention.minutes'];
  const raw =
    ms ?? (minutes !== null ? minutes * MS_PER_MINUTE : broker['log.retention.hours'] * MS_PER_HOUR);
  return raw < 0 ? -1 : raw;
}

/** Segment roll time in ms: `log.roll.ms` if set, else `log.roll.hours`. */
export function logRollMs(broker: BrokerConfig): number {
  return broker['log.roll.ms'] ?? broker['log.roll.hours'] * MS_PER_HOUR;
}

/** Segment roll jitter in ms: `log.roll.jitter.ms` if set, else `log.roll.jitter.hours`. */
export function logRollJitterMs(broker: BrokerConfig): number {
  return broker['log.roll.jitter.ms'] ?? broker['log.roll.jitter.hours'] * MS_PER_HOUR;
}

/** Flush age in ms: `log.flush.interval.ms` if set, else `log.flush.scheduler.interval.ms`. */
export function logFlushIntervalMs(broker: BrokerConfig): number {
  return broker['log.flush.interval.ms'] ?? broker['log.flush.scheduler.interval.ms'];
}

/** How long committed offsets of an empty group survive, in ms. */
export function offsetsRetentionMs(broker: BrokerConfig): number {
  return broker['offsets.retention.minutes'] * MS_PER_MINUTE;
}

/** Period of the preferred-leader check, in ms. */
export function leaderImbalanceCheckIntervalMs(broker: BrokerConfig): number {
  return broker['leader.imbalance.check.interval.seconds'] * MS_PER_SECOND;
}

/** ZooKeeper connection timeout: defaults to the session timeout. */
export function zookeeperConnectionTimeoutMs(broker: BrokerConfig): number {
  return broker['zookeeper.connection.timeout.ms'] ?? broker['zookeeper.session.timeout.ms'];
}

/**
 * A topic's effective config: each key not overridden falls back to the broker's synonym
 * (`retention.ms` ← log.retention.ms/minutes/hours, `segment.ms` ← log.roll.ms/hours,
 * `max.message.bytes` ← message.max.bytes, …; see TOPIC_CONFIG_SYNONYMS in defs.ts).
 *
 * `overrides` must already be validated (use `resolveTopicConfig` for raw scenario input);
 * keys whose value is `undefined` are ignored.
 */
export function topicConfigFromBroker(
  broker: BrokerConfig,
  overrides: Partial<TopicConfig> = {},
): TopicConfig {
  const fromBroker: TopicConfig = {
    'cleanup.policy': [...broker['log.cleanup.policy']],
    'retention.ms': logRetentionMs(broker),
    'retention.bytes': broker['log.retention.bytes'],
    'segment.bytes': broker['log.segment.bytes'],
    'segment.ms': logRollMs(broker),
    'segment.jitter.ms': logRollJitterMs(broker),
    'segment.index.bytes': broker['log.index.size.max.bytes'],
    'index.interval.bytes': broker['log.index.interval.bytes'],
    'min.insync.replicas': broker['min.insync.replicas'],
    'unclean.leader.election.enable': broker['unclean.leader.election.enable'],
    'max.message.bytes': broker['message.max.bytes'],
    'message.timestamp.type': broker['log.message.timestamp.type'],
    'message.timestamp.before.max.ms': broker['log.message.timestamp.before.max.ms'],
    'message.timestamp.after.max.ms': broker['log.message.timestamp.after.max.ms'],
    'compression.type': broker['compression.type'],
    'delete.retention.ms': broker['log.cleaner.delete.retention.ms'],
    'min.compaction.lag.ms': broker['log.cleaner.min.compaction.lag.ms'],
    'max.compaction.lag.ms': broker['log.cleaner.max.compaction.lag.ms'],
    'min.cleanable.dirty.ratio': broker['log.cleaner.min.cleanable.ratio'],
    'file.delete.delay.ms': broker['log.segment.delete.delay.ms'],
    'flush.messages': broker['log.flush.interval.messages'],
    'flush.ms': logFlushIntervalMs(broker),
    'local.retention.ms': broker['log.local.retention.ms'],
    'local.retention.bytes': broker['log.local.retention.bytes'],
  };
  const defined = Object.fromEntries(
    Object.entries(overrides).filter(([, v]) => v !== undefined),
  ) as Partial<TopicConfig>;
  return { ...fromBroker, ...defined };
}
