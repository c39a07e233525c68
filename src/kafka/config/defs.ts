/**
 * Config definitions for the four scopes Kafka has: producer, consumer, broker and topic.
 *
 * Defaults are Kafka 3.9's compiled-in values (kafka-reference.md §1); ranges mirror the validators
 * of Kafka's ConfigDef (`atLeast`, `between`, `in`). Types are Kafka's: `int` is a Java int
 * (32-bit), `long` a Java long. Descriptions are ours.
 *
 * Each table is keyed by the Kafka key and typed against the matching interface in `types.ts`,
 * so a key missing from either side is a compile error.
 */
import type { BrokerConfig, ConfigScope, ConsumerConfig, ProducerConfig, TopicConfig } from './types';

/** Java's Integer.MAX_VALUE. */
export const INT_MAX = 2147483647;
/** Java's Integer.MIN_VALUE. */
export const INT_MIN = -2147483648;
/**
 * Kafka's Long.MAX_VALUE ("never"/"unbounded", e.g. `flush.ms`) as stored here. The real value,
 * 9223372036854775807, has no exact JS number; any long above 2^53-1 is clamped to this.
 */
export const LONG_MAX = Number.MAX_SAFE_INTEGER;

export type ConfigType = 'int' | 'long' | 'double' | 'boolean' | 'string' | 'list' | 'enum' | 'class';

export type ConfigUnit =
  | 'ms'
  | 'seconds'
  | 'minutes'
  | 'hours'
  | 'bytes'
  | 'messages'
  | 'records'
  | 'requests'
  | 'partitions'
  | 'replicas'
  | 'members'
  | 'threads'
  | 'percent'
  | 'ratio'
  | 'count';

interface DefBase {
  /** One line, in our words. */
  readonly doc: string;
}

export interface NumberDef extends DefBase {
  readonly type: 'int' | 'long' | 'double';
  /** `null`: unset by default; another key supplies the value (see `derived.ts`). */
  readonly default: number | null;
  readonly min?: number;
  readonly max?: number;
  readonly unit: ConfigUnit;
}

export interface BooleanDef extends DefBase {
  readonly type: 'boolean';
  readonly default: boolean;
}

export interface StringDef extends DefBase {
  readonly type: 'string';
  readonly default: string | null;
  /** Kafka's NonEmptyString validator. */
  readonly nonEmpty?: boolean;
}

export interface EnumDef extends DefBase {
  readonly type: 'enum';
  /** A string Kafka stores for this key; enums are STRING keys with an `in(...)` validator in Kafka. */
  readonly default: string;
  readonly values: readonly string[];
  /** Kafka's CaseInsensitiveValidString. */
  readonly caseInsensitive?: boolean;
  /** Accepted spelling → stored value (e.g. acks "-1" → "all", "1" → 1). */
  readonly normalize?: Readonly<Record<string, string | number>>;
}

export interface ListDef extends DefBase {
  readonly type: 'list';
  readonly default: readonly string[];
  /** Canonical allowed entries; absent means any string. */
  readonly values?: readonly string[];
  /** Other accepted spellings (e.g. Java class names) → canonical entry. */
  readonly aliases?: Readonly<Record<string, string>>;
  readonly nonEmpty?: boolean;
  readonly noDuplicates?: boolean;
}

export interface ClassDef extends DefBase {
  readonly type: 'class';
  /** `null` means "use the built-in behaviour". */
  readonly default: string | null;
  /** The classes the simulator implements, by canonical (simple) name. */
  readonly values: readonly string[];
  /** Fully qualified Java names → canonical name. */
  readonly aliases?: Readonly<Record<string, string>>;
}

export type ConfigDef = NumberDef | BooleanDef | StringDef | EnumDef | ListDef | ClassDef;

export type ConfigDefTable<C> = { readonly [K in keyof C]: ConfigDef };

interface Range {
  readonly min?: number;
  readonly max?: number;
}
const atLeast = (min: number): Range => ({ min });
const between = (min: number, max: number): Range => ({ min, max });

function int(dflt: number | null, unit: ConfigUnit, doc: string, range: Range = {}): NumberDef {
  return { type: 'int', default: dflt, unit, doc, ...range };
}
function long(dflt: number | null, unit: ConfigUnit, doc: string, range: Range = {}): NumberDef {
  return { type: 'long', default: dflt, unit, doc, ...range };
}
function double(dflt: number, unit: ConfigUnit, doc: string, range: Range = {}): NumberDef {
  return { type: 'double', default: dflt, unit, doc, ...range };
}
function bool(dflt: boolean, doc: string): BooleanDef {
  return { type: 'boolean', default: dflt, doc };
}
function str(dflt: string | null, doc: string, nonEmpty = false): StringDef {
  return nonEmpty ? { type: 'string', default: dflt, doc, nonEmpty } : { type: 'string', default: dflt, doc };
}
function oneOf(dflt: string, values: readonly string[], doc: string, extra: Partial<EnumDef> = {}): EnumDef {
  return { type: 'enum', default: dflt, values, doc, ...extra };
}

/** Kafka 3.9 ProducerConfig accepts exactly these codec names (case-sensitive). */
const PRODUCER_COMPRESSION = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
/** BrokerCompressionType: a codec, `uncompressed`, or `producer` (keep the producer's codec). */
const BROKER_COMPRESSION = ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'] as const;
const TIMESTAMP_TYPES = ['CreateTime', 'LogAppendTime'] as const;
const CLEANUP_POLICIES = ['compact', 'delete'] as const;

/** Java class names of the client assignors → the protocol name each one announces. */
export const ASSIGNOR_CLASS_NAMES: Readonly<Record<string, string>> = {
  'org.apache.kafka.clients.consumer.RangeAssignor': 'range',
  'org.apache.kafka.clients.consumer.RoundRobinAssignor': 'roundrobin',
  'org.apache.kafka.clients.consumer.StickyAssignor': 'sticky',
  'org.apache.kafka.clients.consumer.CooperativeStickyAssignor': 'cooperative-sticky',
  RangeAssignor: 'range',
  RoundRobinAssignor: 'roundrobin',
  StickyAssignor: 'sticky',
  CooperativeStickyAssignor: 'cooperative-sticky',
};

/** Java class names of the partitioners Kafka ships → their simple names. */
export const PARTITIONER_CLASS_NAMES: Readonly<Record<string, string>> = {
  'org.apache.kafka.clients.producer.RoundRobinPartitioner': 'RoundRobinPartitioner',
  'org.apache.kafka.clients.producer.UniformStickyPartitioner': 'UniformStickyPartitioner',
  'org.apache.kafka.clients.producer.internals.DefaultPartitioner': 'DefaultPartitioner',
};

/** Java class names of the KIP-848 server-side assignors → short names. */
const SERVER_ASSIGNOR_CLASS_NAMES: Readonly<Record<string, string>> = {
  'org.apache.kafka.coordinator.group.assignor.UniformAssignor': 'uniform',
  'org.apache.kafka.coordinator.group.assignor.RangeAssignor': 'range',
};

export const PRODUCER_CONFIG_DEFS: ConfigDefTable<ProducerConfig> = {
  acks: oneOf(
    'all',
    ['all', '-1', '0', '1'],
    'How many replicas must have the batch before the leader answers: 0 (none), 1 (leader only) or all (every ISR member).',
    {
      normalize: { all: 'all', '-1': 'all', '0': 0, '1': 1 },
    },
  ),
  'enable.idempotence': bool(
    true,
    'Attach producer id and sequence numbers so the broker drops retried duplicates and keeps per-partition order (default on since 3.0, KIP-679).',
  ),
  retries: int(
    INT_MAX,
    'count',
    'How many times a failed batch may be resent; in practice delivery.timeout.ms is the real bound.',
    between(0, INT_MAX),
  ),
  'max.in.flight.requests.per.connection': int(
    5,
    'requests',
    'Unacknowledged produce requests allowed per broker connection; idempotence needs 5 or fewer.',
    atLeast(1),
  ),
  'batch.size': int(
    16384,
    'bytes',
    'Target size of one partition batch; a full batch is sent at once. Also the sticky-partition switch threshold.',
    atLeast(0),
  ),
  'linger.ms': long(
    0,
    'ms',
    'How long a batch that is not yet full waits for more records before it becomes sendable.',
    atLeast(0),
  ),
  'buffer.memory': long(
    33554432,
    'bytes',
    'Total memory for records waiting to be sent; send() blocks when it is exhausted.',
    atLeast(0),
  ),
  'max.block.ms': long(
    60000,
    'ms',
    'Longest time send() may block waiting for metadata or buffer space.',
    atLeast(0),
  ),
  'request.timeout.ms': int(
    30000,
    'ms',
    'How long to wait for a broker response; also the produce timeout the leader waits for acks=all.',
    atLeast(0),
  ),
  'delivery.timeout.ms': int(
    120000,
    'ms',
    'Upper bound from send() to success or failure, retries included; must cover linger.ms + request.timeout.ms.',
    atLeast(0),
  ),
  'max.request.size': int(
    1048576,
    'bytes',
    'Largest produce request (and so largest uncompressed batch) the producer will build.',
    atLeast(0),
  ),
  'compression.type': oneOf('none', PRODUCER_COMPRESSION, 'Codec applied to each batch by the producer.'),
  'retry.backoff.ms': long(
    100,
    'ms',
    'Initial pause before retrying a failed request; grows exponentially up to retry.backoff.max.ms.',
    atLeast(0),
  ),
  'retry.backoff.max.ms': long(1000, 'ms', 'Ceiling of the exponential retry backoff (3.7+).', atLeast(0)),
  'reconnect.backoff.ms': long(50, 'ms', 'Initial pause before reconnecting to a broker.', atLeast(0)),
  'reconnect.backoff.max.ms': long(1000, 'ms', 'Ceiling of the exponential reconnect backoff.', atLeast(0)),
  'metadata.max.age.ms': long(
    300000,
    'ms',
    'Refresh metadata at least this often even without errors.',
    atLeast(0),
  ),
  'metadata.max.idle.ms': long(
    300000,
    'ms',
    'Forget metadata of a topic not produced to for this long.',
    atLeast(5000),
  ),
  'partitioner.class': {
    type: 'class',
    default: null,
    values: ['RoundRobinPartitioner', 'UniformStickyPartitioner', 'DefaultPartitioner'],
    aliases: PARTITIONER_CLASS_NAMES,
    doc: 'Custom partitioner; unset means the built-in logic (key hash, or uniform sticky for null keys).',
  },
  'partitioner.ignore.keys': bool(
    false,
    'Spread keyed records like unkeyed ones instead of hashing the key (built-in partitioner only).',
  ),
  'partitioner.adaptive.partitioning.enable': bool(
    true,
    'Send more unkeyed records to partitions whose brokers drain their queues faster (KIP-794).',
  ),
  'partitioner.availability.timeout.ms': long(
    0,
    'ms',
    'Treat a partition as unavailable when its broker has not taken a batch for this long; 0 disables.',
    atLeast(0),
  ),
  'transaction.timeout.ms': int(
    60000,
    'ms',
    'How long the transaction coordinator lets a transaction stay open before aborting it.',
  ),
  'transactional.id': str(
    null,
    'Stable id that makes the producer transactional and fences older instances with the same id.',
    true,
  ),
  'send.buffer.bytes': int(131072, 'bytes', 'TCP send buffer size; -1 uses the OS default.', atLeast(-1)),
  'receive.buffer.bytes': int(
    32768,
    'bytes',
    'TCP receive buffer size; -1 uses the OS default.',
    atLeast(-1),
  ),
  'connections.max.idle.ms': long(540000, 'ms', 'Close broker connections idle for this long.'),
  'client.id': str('', 'Name sent with every request, for broker logs and quotas.'),
};

export const CONSUMER_CONFIG_DEFS: ConfigDefTable<ConsumerConfig> = {
  'group.id': str(
    null,
    'Consumer group to join; without one the consumer cannot subscribe or commit offsets.',
  ),
  'group.instance.id': str(
    null,
    'Static membership id (KIP-345): a restart within the session timeout keeps the assignment without a rebalance.',
  ),
  'group.protocol': oneOf(
    'classic',
    ['classic', 'consumer'],
    'Rebalance protocol: classic (JoinGroup/SyncGroup) or consumer (KIP-848, broker-side assignment).',
    {
      caseInsensitive: true,
    },
  ),
  'group.remote.assignor': str(
    null,
    'Broker-side assignor to ask for; only used with group.protocol=consumer.',
  ),
  'session.timeout.ms': int(
    45000,
    'ms',
    'Without a heartbeat for this long the coordinator removes the member; must lie within the broker group.min/max.session.timeout.ms.',
  ),
  'heartbeat.interval.ms': int(
    3000,
    'ms',
    'How often the background thread heartbeats to the coordinator; must be lower than session.timeout.ms.',
  ),
  'max.poll.interval.ms': int(
    300000,
    'ms',
    'Longest allowed gap between poll() calls before the member leaves the group; also the classic rebalance timeout.',
    atLeast(1),
  ),
  'max.poll.records': int(500, 'records', 'Most records a single poll() returns.', atLeast(1)),
  'enable.auto.commit': bool(
    true,
    'Commit the positions of returned records periodically from inside poll().',
  ),
  'auto.commit.interval.ms': int(5000, 'ms', 'Period of automatic offset commits.', atLeast(0)),
  'auto.offset.reset': oneOf(
    'latest',
    ['latest', 'earliest', 'none'],
    'Where to start when there is no committed offset or it is out of range: log end, log start, or fail.',
  ),
  'partition.assignment.strategy': {
    type: 'list',
    default: ['range', 'cooperative-sticky'],
    values: ['range', 'roundrobin', 'sticky', 'cooperative-sticky'],
    aliases: ASSIGNOR_CLASS_NAMES,
    nonEmpty: true,
    noDuplicates: true,
    doc: 'Client assignors in order of preference; the group uses the first one every member supports.',
  },
  'fetch.min.bytes': int(
    1,
    'bytes',
    'The broker holds a fetch until at least this much data is available or fetch.max.wait.ms passes.',
    atLeast(0),
  ),
  'fetch.max.bytes': int(
    52428800,
    'bytes',
    'Soft cap on the data one fetch response returns across partitions.',
    atLeast(0),
  ),
  'fetch.max.wait.ms': int(
    500,
    'ms',
    'Longest time the broker holds a fetch waiting for fetch.min.bytes.',
    atLeast(0),
  ),
  'max.partition.fetch.bytes': int(
    1048576,
    'bytes',
    'Soft cap on the data one fetch returns for a single partition.',
    atLeast(0),
  ),
  'isolation.level': oneOf(
    'read_uncommitted',
    ['read_committed', 'read_uncommitted'],
    'read_committed stops at the last stable offset and hides aborted transactional records.',
  ),
  'request.timeout.ms': int(
    30000,
    'ms',
    'How long to wait for a broker response before failing or retrying the request.',
    atLeast(0),
  ),
  'default.api.timeout.ms': int(
    60000,
    'ms',
    'Timeout for blocking consumer calls that take no explicit timeout (commitSync, position...).',
    atLeast(0),
  ),
  'allow.auto.create.topics': bool(
    true,
    'Let subscribing to a missing topic create it, if the broker also allows it.',
  ),
  'exclude.internal.topics': bool(
    true,
    'Keep internal topics such as __consumer_offsets out of pattern subscriptions.',
  ),
  'metadata.max.age.ms': long(
    300000,
    'ms',
    'Refresh metadata at least this often even without errors.',
    atLeast(0),
  ),
  'check.crcs': bool(true, 'Verify the CRC of fetched batches.'),
  'receive.buffer.bytes': int(
    65536,
    'bytes',
    'TCP receive buffer size; -1 uses the OS default.',
    atLeast(-1),
  ),
  'send.buffer.bytes': int(131072, 'bytes', 'TCP send buffer size; -1 uses the OS default.', atLeast(-1)),
  'retry.backoff.ms': long(
    100,
    'ms',
    'Initial pause before retrying a failed request (also after a failed auto commit).',
    atLeast(0),
  ),
  'retry.backoff.max.ms': long(1000, 'ms', 'Ceiling of the exponential retry backoff (3.7+).', atLeast(0)),
  'reconnect.backoff.ms': long(50, 'ms', 'Initial pause before reconnecting to a broker.', atLeast(0)),
  'reconnect.backoff.max.ms': long(1000, 'ms', 'Ceiling of the exponential reconnect backoff.', atLeast(0)),
  'connections.max.idle.ms': long(540000, 'ms', 'Close broker connections idle for this long.'),
  'client.rack': str(
    '',
    'Rack of this consumer; enables rack-aware assignment and fetching from a nearby follower (KIP-392).',
  ),
  'client.id': str('', 'Name sent with every request, for broker logs and quotas.'),
};

export const BROKER_CONFIG_DEFS: ConfigDefTable<BrokerConfig> = {
  // Topic creation defaults
  'num.partitions': int(1, 'partitions', 'Partition count of automatically created topics.', atLeast(1)),
  'default.replication.factor': int(1, 'replicas', 'Replication factor of automatically created topics.'),
  'auto.create.topics.enable': bool(
    true,
    'Create a topic when a client asks for metadata of a topic that does not exist.',
  ),

  // Replication and leader election
  'min.insync.replicas': int(
    1,
    'replicas',
    'Default for topics: with acks=all a write needs at least this many in-sync replicas.',
    atLeast(1),
  ),
  'unclean.leader.election.enable': bool(
    false,
    'Default for topics: allow an out-of-sync replica to become leader, trading data loss for availability (false since 0.11, KIP-106).',
  ),
  'unclean.leader.election.interval.ms': long(
    300000,
    'ms',
    'How often the KRaft controller sweeps leaderless partitions for unclean elections.',
    atLeast(1),
  ),
  'eligible.leader.replicas.enable': bool(false, 'Track eligible leader replicas beyond the ISR (KIP-966).'),
  'replica.lag.time.max.ms': long(
    30000,
    'ms',
    'A follower that has not caught up to the leader for this long leaves the ISR.',
  ),
  'replica.fetch.wait.max.ms': int(
    500,
    'ms',
    'Longest time the leader holds a follower fetch waiting for data.',
  ),
  'replica.fetch.min.bytes': int(1, 'bytes', 'Data a follower fetch waits for before the leader answers.'),
  'replica.fetch.max.bytes': int(
    1048576,
    'bytes',
    'Soft cap on the data a follower fetches per partition.',
    atLeast(0),
  ),
  'replica.fetch.response.max.bytes': int(
    10485760,
    'bytes',
    'Soft cap on a whole follower fetch response.',
    atLeast(0),
  ),
  'replica.fetch.backoff.ms': int(1000, 'ms', 'Pause after a follower fetch fails.', atLeast(0)),
  'replica.socket.timeout.ms': int(
    30000,
    'ms',
    'Network timeout of follower fetch requests; must be at least replica.fetch.wait.max.ms.',
  ),
  'num.replica.fetchers': int(1, 'threads', 'Fetcher threads per source broker.'),
  'replica.high.watermark.checkpoint.interval.ms': long(
    5000,
    'ms',
    'How often each replica writes its high watermark to disk.',
  ),
  'auto.leader.rebalance.enable': bool(
    true,
    'Periodically move leadership back to the preferred (first) replica.',
  ),
  'leader.imbalance.check.interval.seconds': long(
    300,
    'seconds',
    'Period of the preferred-leader check.',
    atLeast(1),
  ),
  'leader.imbalance.per.broker.percentage': int(
    10,
    'percent',
    'Share of non-preferred leaders on a broker above which a preferred election is triggered.',
  ),
  'controlled.shutdown.enable': bool(
    true,
    'On clean shutdown, hand leadership to other replicas before stopping.',
  ),

  // Log: retention, segments, cleaning, flushing (broker defaults of the topic configs)
  'message.max.bytes': int(
    1048588,
    'bytes',
    'Default for topics: largest record batch the broker accepts.',
    atLeast(0),
  ),
  'log.retention.ms': long(
    null,
    'ms',
    'Retention time in ms; when set it overrides log.retention.minutes and log.retention.hours. -1: keep forever.',
  ),
  'log.retention.minutes': int(
    null,
    'minutes',
    'Retention time in minutes; used when log.retention.ms is unset, overrides log.retention.hours.',
  ),
  'log.retention.hours': int(
    168,
    'hours',
    'Retention time in hours; used when neither log.retention.ms nor log.retention.minutes is set.',
  ),
  'log.retention.bytes': long(
    -1,
    'bytes',
    'Default for topics: delete old segments once a partition is larger than this. -1: no size limit.',
  ),
  'log.retention.check.interval.ms': long(
    300000,
    'ms',
    'How often the broker looks for segments to delete.',
    atLeast(1),
  ),
  'log.segment.bytes': int(
    1073741824,
    'bytes',
    'Default for topics: roll a new segment when the active one would exceed this size.',
    atLeast(14),
  ),
  'log.roll.ms': long(
    null,
    'ms',
    'Roll a new segment after this long even if not full; overrides log.roll.hours when set.',
  ),
  'log.roll.hours': int(
    168,
    'hours',
    'Roll a new segment after this many hours; used when log.roll.ms is unset.',
    atLeast(1),
  ),
  'log.roll.jitter.ms': long(
    null,
    'ms',
    'Random amount subtracted from the roll time so segments do not all roll at once; overrides log.roll.jitter.hours.',
  ),
  'log.roll.jitter.hours': int(
    0,
    'hours',
    'Roll jitter in hours; used when log.roll.jitter.ms is unset.',
    atLeast(0),
  ),
  'log.segment.delete.delay.ms': long(
    60000,
    'ms',
    'Delay between unlinking a deleted segment and removing its files.',
    atLeast(0),
  ),
  'log.cleanup.policy': {
    type: 'list',
    default: ['delete'],
    values: CLEANUP_POLICIES,
    doc: 'Default for topics: delete old segments, compact by key, or both.',
  },
  'log.cleaner.delete.retention.ms': long(
    86400000,
    'ms',
    'Default for topics: how long tombstones survive after compaction.',
    atLeast(0),
  ),
  'log.cleaner.min.compaction.lag.ms': long(
    0,
    'ms',
    'Default for topics: a record stays uncompacted at least this long.',
    atLeast(0),
  ),
  'log.cleaner.max.compaction.lag.ms': long(
    LONG_MAX,
    'ms',
    'Default for topics: a record becomes eligible for compaction at most this long after it was written.',
    atLeast(1),
  ),
  'log.cleaner.min.cleanable.ratio': double(
    0.5,
    'ratio',
    'Default for topics: compact once this share of the log is dirty.',
    between(0, 1),
  ),
  'log.index.size.max.bytes': int(
    10485760,
    'bytes',
    'Default for topics: size of the offset index; a full index rolls the segment.',
    atLeast(4),
  ),
  'log.index.interval.bytes': int(
    4096,
    'bytes',
    'Default for topics: bytes of records between two offset index entries.',
    atLeast(0),
  ),
  'log.flush.interval.messages': long(
    LONG_MAX,
    'messages',
    'Default for topics: fsync after this many messages (by default never; rely on replication).',
    atLeast(1),
  ),
  'log.flush.interval.ms': long(
    null,
    'ms',
    'Default for topics: fsync data older than this; unset means log.flush.scheduler.interval.ms.',
  ),
  'log.flush.scheduler.interval.ms': long(
    LONG_MAX,
    'ms',
    'How often the flusher checks for logs that need an fsync.',
  ),
  'log.message.timestamp.type': oneOf(
    'CreateTime',
    TIMESTAMP_TYPES,
    'Default for topics: keep the producer timestamp, or stamp records with the broker append time.',
  ),
  'log.message.timestamp.before.max.ms': long(
    LONG_MAX,
    'ms',
    'Default for topics: reject CreateTime timestamps older than the broker clock by more than this.',
    atLeast(0),
  ),
  'log.message.timestamp.after.max.ms': long(
    LONG_MAX,
    'ms',
    'Default for topics: reject CreateTime timestamps ahead of the broker clock by more than this.',
    atLeast(0),
  ),
  'log.local.retention.ms': long(
    -2,
    'ms',
    'Default for topics with tiered storage: local retention time; -2 means same as retention.',
    atLeast(-2),
  ),
  'log.local.retention.bytes': long(
    -2,
    'bytes',
    'Default for topics with tiered storage: local retention size; -2 means same as retention.',
    atLeast(-2),
  ),
  'compression.type': oneOf(
    'producer',
    BROKER_COMPRESSION,
    'Default for topics: codec the broker stores batches with; producer keeps what the producer sent.',
  ),

  // __consumer_offsets and the classic group coordinator
  'offsets.topic.num.partitions': int(
    50,
    'partitions',
    'Partition count of __consumer_offsets; a group lives on partition hash(group.id) mod this.',
    atLeast(1),
  ),
  'offsets.topic.replication.factor': int(
    3,
    'replicas',
    'Replication factor of __consumer_offsets; creating it fails until this many brokers are alive.',
    between(1, 32767),
  ),
  'offsets.topic.segment.bytes': int(
    104857600,
    'bytes',
    'Segment size of __consumer_offsets, kept small for fast loading.',
    atLeast(1),
  ),
  'offsets.retention.minutes': int(
    10080,
    'minutes',
    'Committed offsets of a group that has been empty this long are deleted (KIP-211).',
    atLeast(1),
  ),
  'offsets.retention.check.interval.ms': long(
    600000,
    'ms',
    'How often the coordinator looks for expired offsets.',
    atLeast(1),
  ),
  'offsets.commit.timeout.ms': int(
    5000,
    'ms',
    'How long an offset commit waits for the __consumer_offsets write to replicate.',
    atLeast(1),
  ),
  'offset.metadata.max.bytes': int(4096, 'bytes', 'Largest metadata string allowed with a committed offset.'),
  'group.initial.rebalance.delay.ms': int(
    3000,
    'ms',
    'The first rebalance of an empty group waits this long for more members to join (KIP-134).',
  ),
  'group.min.session.timeout.ms': int(6000, 'ms', 'Smallest session.timeout.ms a member may ask for.'),
  'group.max.session.timeout.ms': int(1800000, 'ms', 'Largest session.timeout.ms a member may ask for.'),
  'group.max.size': int(INT_MAX, 'members', 'Most members a classic group may hold.', atLeast(1)),

  // KIP-848 consumer groups
  'group.consumer.session.timeout.ms': int(
    45000,
    'ms',
    'Session timeout of members of KIP-848 consumer groups.',
    atLeast(1),
  ),
  'group.consumer.min.session.timeout.ms': int(
    45000,
    'ms',
    'Lower bound for group.consumer.session.timeout.ms.',
    atLeast(1),
  ),
  'group.consumer.max.session.timeout.ms': int(
    60000,
    'ms',
    'Upper bound for group.consumer.session.timeout.ms.',
    atLeast(1),
  ),
  'group.consumer.heartbeat.interval.ms': int(
    5000,
    'ms',
    'Heartbeat interval the broker tells KIP-848 members to use.',
    atLeast(1),
  ),
  'group.consumer.min.heartbeat.interval.ms': int(
    5000,
    'ms',
    'Lower bound for group.consumer.heartbeat.interval.ms.',
    atLeast(1),
  ),
  'group.consumer.max.heartbeat.interval.ms': int(
    15000,
    'ms',
    'Upper bound for group.consumer.heartbeat.interval.ms.',
    atLeast(1),
  ),
  'group.consumer.assignors': {
    type: 'list',
    default: ['uniform', 'range'],
    values: ['uniform', 'range'],
    aliases: SERVER_ASSIGNOR_CLASS_NAMES,
    nonEmpty: true,
    noDuplicates: true,
    doc: 'Server-side assignors for KIP-848 groups; the first is the default.',
  },

  // Transactions and producer state
  'transaction.state.log.num.partitions': int(
    50,
    'partitions',
    'Partition count of __transaction_state.',
    atLeast(1),
  ),
  'transaction.state.log.replication.factor': int(
    3,
    'replicas',
    'Replication factor of __transaction_state.',
    between(1, 32767),
  ),
  'transaction.state.log.min.isr': int(
    2,
    'replicas',
    'min.insync.replicas of __transaction_state.',
    atLeast(1),
  ),
  'transaction.max.timeout.ms': int(
    900000,
    'ms',
    'Largest transaction.timeout.ms a producer may ask for.',
    atLeast(1),
  ),
  'transactional.id.expiration.ms': int(
    604800000,
    'ms',
    'Forget a transactional id unused for this long.',
    atLeast(1),
  ),
  'producer.id.expiration.ms': int(
    86400000,
    'ms',
    'Forget the idempotence state of a producer id that has not written for this long.',
    atLeast(1),
  ),

  // ZooKeeper mode (until 3.x)
  'zookeeper.session.timeout.ms': int(
    18000,
    'ms',
    'A broker whose ZooKeeper session expires loses its ephemeral node and is considered dead (18000 since 2.5, KIP-537).',
  ),
  'zookeeper.connection.timeout.ms': int(
    null,
    'ms',
    'How long to wait to connect to ZooKeeper; unset means zookeeper.session.timeout.ms.',
  ),

  // KRaft mode
  'broker.heartbeat.interval.ms': int(2000, 'ms', 'How often a broker heartbeats to the active controller.'),
  'broker.session.timeout.ms': int(
    9000,
    'ms',
    'The controller fences a broker that has not heartbeated for this long.',
  ),
  'initial.broker.registration.timeout.ms': int(
    60000,
    'ms',
    'How long a starting broker waits for the controller to accept its registration.',
  ),
  'controller.quorum.election.timeout.ms': int(
    1000,
    'ms',
    'A voter that hears no leader for a random time in [T, 2T) starts an election.',
  ),
  'controller.quorum.fetch.timeout.ms': int(
    2000,
    'ms',
    'A follower that gets no successful fetch from the leader for this long becomes a candidate.',
  ),
  'controller.quorum.election.backoff.max.ms': int(
    1000,
    'ms',
    'Ceiling of the backoff between failed elections.',
  ),
  'controller.quorum.append.linger.ms': int(
    25,
    'ms',
    'How long the quorum leader batches metadata records before appending them.',
  ),
  'controller.quorum.request.timeout.ms': int(2000, 'ms', 'Timeout of Raft requests between controllers.'),
  'controller.quorum.retry.backoff.ms': int(20, 'ms', 'Pause before retrying a failed Raft request.'),
  'metadata.max.retention.bytes': long(
    104857600,
    'bytes',
    'Size of the metadata log kept before older snapshots and segments are deleted.',
  ),
};

export const TOPIC_CONFIG_DEFS: ConfigDefTable<TopicConfig> = {
  'cleanup.policy': {
    type: 'list',
    default: ['delete'],
    values: CLEANUP_POLICIES,
    doc: 'delete old segments, compact by key (keep the newest record per key), or both.',
  },
  'retention.ms': long(
    604800000,
    'ms',
    'Delete a segment once its newest record is older than this. -1: keep forever.',
    atLeast(-1),
  ),
  'retention.bytes': long(
    -1,
    'bytes',
    'Delete the oldest segments once the partition is larger than this. -1: no size limit.',
  ),
  'segment.bytes': int(
    1073741824,
    'bytes',
    'Roll a new segment when the active one would exceed this size.',
    atLeast(14),
  ),
  'segment.ms': long(
    604800000,
    'ms',
    'Roll a new segment after this long even if it is not full, so time retention can act.',
    atLeast(1),
  ),
  'segment.jitter.ms': long(0, 'ms', 'Random amount subtracted from segment.ms per segment.', atLeast(0)),
  'segment.index.bytes': int(
    10485760,
    'bytes',
    'Size of the offset index; a full index rolls the segment.',
    atLeast(4),
  ),
  'index.interval.bytes': int(
    4096,
    'bytes',
    'Bytes of records between two offset index entries.',
    atLeast(0),
  ),
  'min.insync.replicas': int(
    1,
    'replicas',
    'With acks=all a write needs at least this many in-sync replicas, else NOT_ENOUGH_REPLICAS.',
    atLeast(1),
  ),
  'unclean.leader.election.enable': bool(
    false,
    'Allow an out-of-sync replica to become leader when no ISR member is alive (possible data loss).',
  ),
  'max.message.bytes': int(
    1048588,
    'bytes',
    'Largest record batch accepted for this topic, else MESSAGE_TOO_LARGE.',
    atLeast(0),
  ),
  'message.timestamp.type': oneOf(
    'CreateTime',
    TIMESTAMP_TYPES,
    'Keep the producer timestamp (CreateTime) or stamp records with the broker append time.',
  ),
  'message.timestamp.before.max.ms': long(
    LONG_MAX,
    'ms',
    'Reject CreateTime timestamps older than the broker clock by more than this.',
    atLeast(0),
  ),
  'message.timestamp.after.max.ms': long(
    LONG_MAX,
    'ms',
    'Reject CreateTime timestamps ahead of the broker clock by more than this (1 h in 4.0).',
    atLeast(0),
  ),
  'compression.type': oneOf(
    'producer',
    BROKER_COMPRESSION,
    'Codec the broker stores batches with; producer keeps what the producer sent.',
  ),
  'delete.retention.ms': long(
    86400000,
    'ms',
    'How long tombstones survive after compaction, so slow readers still see the delete.',
    atLeast(0),
  ),
  'min.compaction.lag.ms': long(0, 'ms', 'A record stays uncompacted at least this long.', atLeast(0)),
  'max.compaction.lag.ms': long(
    LONG_MAX,
    'ms',
    'A record becomes eligible for compaction at most this long after it was written.',
    atLeast(1),
  ),
  'min.cleanable.dirty.ratio': double(
    0.5,
    'ratio',
    'Compact once this share of the log has not been compacted yet.',
    between(0, 1),
  ),
  'file.delete.delay.ms': long(
    60000,
    'ms',
    'Delay between unlinking a deleted segment and removing its files.',
    atLeast(0),
  ),
  'flush.messages': long(
    LONG_MAX,
    'messages',
    'fsync after this many messages; by default never (durability comes from replication).',
    atLeast(1),
  ),
  'flush.ms': long(LONG_MAX, 'ms', 'fsync data older than this; by default never.', atLeast(0)),
  'local.retention.ms': long(
    -2,
    'ms',
    'Tiered storage: how long segments stay on local disk; -2 means same as retention.ms.',
    atLeast(-2),
  ),
  'local.retention.bytes': long(
    -2,
    'bytes',
    'Tiered storage: local size limit per partition; -2 means same as retention.bytes.',
    atLeast(-2),
  ),
};

/**
 * Topic key → broker keys that supply its default, highest precedence first (Kafka's
 * ServerTopicConfigSynonyms). Keys in `hours`/`minutes` are converted to ms by `derived.ts`.
 */
export const TOPIC_CONFIG_SYNONYMS: { readonly [K in keyof TopicConfig]: readonly (keyof BrokerConfig)[] } = {
  'cleanup.policy': ['log.cleanup.policy'],
  'retention.ms': ['log.retention.ms', 'log.retention.minutes', 'log.retention.hours'],
  'retention.bytes': ['log.retention.bytes'],
  'segment.bytes': ['log.segment.bytes'],
  'segment.ms': ['log.roll.ms', 'log.roll.hours'],
  'segment.jitter.ms': ['log.roll.jitter.ms', 'log.roll.jitter.hours'],
  'segment.index.bytes': ['log.index.size.max.bytes'],
  'index.interval.bytes': ['log.index.interval.bytes'],
  'min.insync.replicas': ['min.insync.replicas'],
  'unclean.leader.election.enable': ['unclean.leader.election.enable'],
  'max.message.bytes': ['message.max.bytes'],
  'message.timestamp.type': ['log.message.timestamp.type'],
  'message.timestamp.before.max.ms': ['log.message.timestamp.before.max.ms'],
  'message.timestamp.after.max.ms': ['log.message.timestamp.after.max.ms'],
  'compression.type': ['compression.type'],
  'delete.retention.ms': ['log.cleaner.delete.retention.ms'],
  'min.compaction.lag.ms': ['log.cleaner.min.compaction.lag.ms'],
  'max.compaction.lag.ms': ['log.cleaner.max.compaction.lag.ms'],
  'min.cleanable.dirty.ratio': ['log.cleaner.min.cleanable.ratio'],
  'file.delete.delay.ms': ['log.segment.delete.delay.ms'],
  'flush.messages': ['log.flush.interval.messages'],
  'flush.ms': ['log.flush.interval.ms', 'log.flush.scheduler.interval.ms'],
  'local.retention.ms': ['log.local.retention.ms'],
  'local.retention.bytes': ['log.local.retention.bytes'],
};

export const CONFIG_DEFS: {
  readonly producer: ConfigDefTable<ProducerConfig>;
  readonly consumer: ConfigDefTable<ConsumerConfig>;
  readonly broker: ConfigDefTable<BrokerConfig>;
  readonly topic: ConfigDefTable<TopicConfig>;
} = {
  producer: PRODUCER_CONFIG_DEFS,
  consumer: CONSUMER_CONFIG_DEFS,
  broker: BROKER_CONFIG_DEFS,
  topic: TOPIC_CONFIG_DEFS,
};

/** The definition of `key` in `scope`, or undefined (own keys only: "constructor" is not a config). */
export function configDef(scope: ConfigScope, key: string): ConfigDef | undefined {
  const table: Readonly<Record<string, ConfigDef>> = CONFIG_DEFS[scope];
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** All keys of a scope, in table order. */
export function configKeys(scope: ConfigScope): readonly string[] {
  return Object.keys(CONFIG_DEFS[scope]);
}
