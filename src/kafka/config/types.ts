/**
 * Resolved configuration objects, one per scope. Property names are Kafka's own keys, so model
 * code reads `producer['linger.ms']` and a reader can grep Kafka's documentation for the same
 * string. Values are already parsed, range-checked and normalised by `resolveConfig`.
 *
 * Units follow Kafka: a key ending in `.ms` holds milliseconds, `log.retention.hours` holds hours,
 * and so on. "Never / unbounded" values:
 *   - Kafka's `-1` sentinels (`retention.ms`, `retention.bytes`, `log.retention.bytes`) are kept as -1.
 *   - Kafka's `Long.MAX_VALUE` (9223372036854775807, not representable in a JS number) is stored
 *     as `LONG_MAX` = Number.MAX_SAFE_INTEGER (about 285 000 years in ms). Never `Infinity`.
 *   - `null` means "not set, another key supplies the value" (e.g. `log.retention.ms` → minutes → hours).
 */

/** `acks` normalised: Kafka accepts "all", "-1", "0", "1"; "-1" and "all" are the same setting. */
export type Acks = 'all' | 0 | 1;

export type ProducerCompressionType = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** Topic/broker `compression.type`: a codec, or `producer` (keep whatever the producer used). */
export type BrokerCompressionType = 'uncompressed' | 'zstd' | 'lz4' | 'snappy' | 'gzip' | 'producer';

/**
 * `partitioner.class`, normalised to the Java simple class name. `null` (the default) selects the
 * built-in KIP-794 logic. The fully qualified names are accepted as input too.
 */
export type PartitionerClass = 'RoundRobinPartitioner' | 'UniformStickyPartitioner' | 'DefaultPartitioner';

/**
 * Client-side assignors, as the protocol name each Java assignor announces in JoinGroup
 * (`RangeAssignor.name()` is "range", and so on). The Java class names are accepted as input.
 */
export type AssignorName = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky';

/** Broker-side assignors of the KIP-848 protocol (`group.consumer.assignors`). */
export type ServerAssignorName = 'uniform' | 'range';

export type CleanupPolicy = 'delete' | 'compact';
export type TimestampType = 'CreateTime' | 'LogAppendTime';
export type AutoOffsetReset = 'latest' | 'earliest' | 'none';
export type IsolationLevel = 'read_uncommitted' | 'read_committed';
export type GroupProtocol = 'classic' | 'consumer';

export interface ProducerConfig {
  readonly acks: Acks;
  readonly 'enable.idempotence': boolean;
  readonly retries: number;
  readonly 'max.in.flight.requests.per.connection': number;
  readonly 'batch.size': number;
  readonly 'linger.ms': number;
  readonly 'buffer.memory': number;
  readonly 'max.block.ms': number;
  readonly 'request.timeout.ms': number;
  readonly 'delivery.timeout.ms': number;
  readonly 'max.request.size': number;
  readonly 'compression.type': ProducerCompressionType;
  readonly 'retry.backoff.ms': number;
  readonly 'retry.backoff.max.ms': number;
  readonly 'reconnect.backoff.ms': number;
  readonly 'reconnect.backoff.max.ms': number;
  readonly 'metadata.max.age.ms': number;
  readonly 'metadata.max.idle.ms': number;
  readonly 'partitioner.class': PartitionerClass | null;
  readonly 'partitioner.ignore.keys': boolean;
  readonly 'partitioner.adaptive.partitioning.enable': boolean;
  readonly 'partitioner.availability.timeout.ms': number;
  readonly 'transaction.timeout.ms': number;
  readonly 'transactional.id': string | null;
  readonly 'send.buffer.bytes': number;
  readonly 'receive.buffer.bytes': number;
  readonly 'connections.max.idle.ms': number;
  readonly 'client.id': string;
}

export interface ConsumerConfig {
  readonly 'group.id': string | null;
  readonly 'group.instance.id': string | null;
  readonly 'group.protocol': GroupProtocol;
  readonly 'group.remote.assignor': string | null;
  readonly 'session.timeout.ms': number;
  readonly 'heartbeat.interval.ms': number;
  readonly 'max.poll.interval.ms': number;
  readonly 'max.poll.records': number;
  readonly 'enable.auto.commit': boolean;
  readonly 'auto.commit.interval.ms': number;
  readonly 'auto.offset.reset': AutoOffsetReset;
  readonly 'partition.assignment.strategy': readonly AssignorName[];
  readonly 'fetch.min.bytes': number;
  readonly 'fetch.max.bytes': number;
  readonly 'fetch.max.wait.ms': number;
  readonly 'max.partition.fetch.bytes': number;
  readonly 'isolation.level': IsolationLevel;
  readonly 'request.timeout.ms': number;
  readonly 'default.api.timeout.ms': number;
  readonly 'allow.auto.create.topics': boolean;
  readonly 'exclude.internal.topics': boolean;
  readonly 'metadata.max.age.ms': number;
  readonly 'check.crcs': boolean;
  readonly 'receive.buffer.bytes': number;
  readonly 'send.buffer.bytes': number;
  readonly 'retry.backoff.ms': number;
  readonly 'retry.backoff.max.ms': number;
  readonly 'reconnect.backoff.ms': number;
  readonly 'reconnect.backoff.max.ms': number;
  readonly 'connections.max.idle.ms': number;
  readonly 'client.rack': string;
  readonly 'client.id': string;
}

export interface BrokerConfig {
  // Topic creation defaults
  readonly 'num.partitions': number;
  readonly 'default.replication.factor': number;
  readonly 'auto.create.topics.enable': boolean;
  // Replication and leader election
  readonly 'min.insync.replicas': number;
  readonly 'unclean.leader.election.enable': boolean;
  readonly 'unclean.leader.election.interval.ms': number;
  readonly 'eligible.leader.replicas.enable': boolean;
  readonly 'replica.lag.time.max.ms': number;
  readonly 'replica.fetch.wait.max.ms': number;
  readonly 'replica.fetch.min.bytes': number;
  readonly 'replica.fetch.max.bytes': number;
  readonly 'replica.fetch.response.max.bytes': number;
  readonly 'replica.fetch.backoff.ms': number;
  readonly 'replica.socket.timeout.ms': number;
  readonly 'num.replica.fetchers': number;
  readonly 'replica.high.watermark.checkpoint.interval.ms': number;
  readonly 'auto.leader.rebalance.enable': boolean;
  readonly 'leader.imbalance.check.interval.seconds': number;
  readonly 'leader.imbalance.per.broker.percentage': number;
  readonly 'controlled.shutdown.enable': boolean;
  // Log: retention, segments, flushing (topic-level defaults)
  readonly 'message.max.bytes': number;
  readonly 'log.retention.ms': number | null;
  readonly 'log.retention.minutes': number | null;
  readonly 'log.retention.hours': number;
  readonly 'log.retention.bytes': number;
  readonly 'log.retention.check.interval.ms': number;
  readonly 'log.segment.bytes': number;
  readonly 'log.roll.ms': number | null;
  readonly 'log.roll.hours': number;
  readonly 'log.roll.jitter.ms': number | null;
  readonly 'log.roll.jitter.hours': number;
  readonly 'log.segment.delete.delay.ms': number;
  readonly 'log.cleanup.policy': readonly CleanupPolicy[];
  readonly 'log.cleaner.delete.retention.ms': number;
  readonly 'log.cleaner.min.compaction.lag.ms': number;
  readonly 'log.cleaner.max.compaction.lag.ms': number;
  readonly 'log.cleaner.min.cleanable.ratio': number;
  readonly 'log.index.size.max.bytes': number;
  readonly 'log.index.interval.bytes': number;
  readonly 'log.flush.interval.messages': number;
  readonly 'log.flush.interval.ms': number | null;
  readonly 'log.flush.scheduler.interval.ms': number;
  readonly 'log.message.timestamp.type': TimestampType;
  readonly 'log.message.timestamp.before.max.ms': number;
  readonly 'log.message.timestamp.after.max.ms': number;
  readonly 'log.local.retention.ms': number;
  readonly 'log.local.retention.bytes': number;
  readonly 'compression.type': BrokerCompressionType;
  // __consumer_offsets and the classic group coordinator
  readonly 'offsets.topic.num.partitions': number;
  readonly 'offsets.topic.replication.factor': number;
  readonly 'offsets.topic.segment.bytes': number;
  readonly 'offsets.retention.minutes': number;
  readonly 'offsets.retention.check.interval.ms': number;
  readonly 'offsets.commit.timeout.ms': number;
  readonly 'offset.metadata.max.bytes': number;
  readonly 'group.initial.rebalance.delay.ms': number;
  readonly 'group.min.session.timeout.ms': number;
  readonly 'group.max.session.timeout.ms': number;
  readonly 'group.max.size': number;
  // KIP-848 consumer groups
  readonly 'group.consumer.session.timeout.ms': number;
  readonly 'group.consumer.min.session.timeout.ms': number;
  readonly 'group.consumer.max.session.timeout.ms': number;
  readonly 'group.consumer.heartbeat.interval.ms': number;
  readonly 'group.consumer.min.heartbeat.interval.ms': number;
  readonly 'group.consumer.max.heartbeat.interval.ms': number;
  readonly 'group.consumer.assignors': readonly ServerAssignorName[];
  // Transactions and producer state
  readonly 'transaction.state.log.num.partitions': number;
  readonly 'transaction.state.log.replication.factor': number;
  readonly 'transaction.state.log.min.isr': number;
  readonly 'transaction.max.timeout.ms': number;
  readonly 'transactional.id.expiration.ms': number;
  readonly 'producer.id.expiration.ms': number;
  // ZooKeeper mode
  readonly 'zookeeper.session.timeout.ms': number;
  readonly 'zookeeper.connection.timeout.ms': number | null;
  // KRaft mode
  readonly 'broker.heartbeat.interval.ms': number;
  readonly 'broker.session.timeout.ms': number;
  readonly 'initial.broker.registration.timeout.ms': number;
  readonly 'controller.quorum.election.timeout.ms': number;
  readonly 'controller.quorum.fetch.timeout.ms': number;
  readonly 'controller.quorum.election.backoff.max.ms': number;
  readonly 'controller.quorum.append.linger.ms': number;
  readonly 'controller.quorum.request.timeout.ms': number;
  readonly 'controller.quorum.retry.backoff.ms': number;
  readonly 'metadata.max.retention.bytes': number;
}

export interface TopicConfig {
  readonly 'cleanup.policy': readonly CleanupPolicy[];
  readonly 'retention.ms': number;
  readonly 'retention.bytes': number;
  readonly 'segment.bytes': number;
  readonly 'segment.ms': number;
  readonly 'segment.jitter.ms': number;
  readonly 'segment.index.bytes': number;
  readonly 'index.interval.bytes': number;
  readonly 'min.insync.replicas': number;
  readonly 'unclean.leader.election.enable': boolean;
  readonly 'max.message.bytes': number;
  readonly 'message.timestamp.type': TimestampType;
  readonly 'message.timestamp.before.max.ms': number;
  readonly 'message.timestamp.after.max.ms': number;
  readonly 'compression.type': BrokerCompressionType;
  readonly 'delete.retention.ms': number;
  readonly 'min.compaction.lag.ms': number;
  readonly 'max.compaction.lag.ms': number;
  readonly 'min.cleanable.dirty.ratio': number;
  readonly 'file.delete.delay.ms': number;
  readonly 'flush.messages': number;
  readonly 'flush.ms': number;
  readonly 'local.retention.ms': number;
  readonly 'local.retention.bytes': number;
}

export type ConfigScope = 'producer' | 'consumer' | 'broker' | 'topic';

export interface ConfigByScope {
  producer: ProducerConfig;
  consumer: ConsumerConfig;
  broker: BrokerConfig;
  topic: TopicConfig;
}

/** A problem with one key. `path` is where it sits in the scenario, e.g. "producers[0].config.linger.ms". */
export interface ConfigError {
  readonly path: string;
  readonly key: string;
  readonly message: string;
}

/** Same shape as an error, for things Kafka accepts but logs (e.g. idempotence silently turned off). */
export type ConfigWarning = ConfigError;

export type ResolveResult<T> =
  | { readonly ok: true; readonly config: T; readonly warnings: readonly ConfigWarning[] }
  | { readonly ok: false; readonly errors: readonly ConfigError[] };
