/**
 * What kind of thing a domain event is, for the event log's filters, the timeline's markers and
 * the "next interesting event" button. Headless: plain functions over the event's type and fields.
 *
 * - `eventCategory(type)`: the room of the model the event comes from. Known types are listed;
 *   a type added later falls into a category by its name (`Zk…` → zookeeper, `Raft…` → raft,
 *   `Schema…` → schema, `Console…` → console, …), else `other`.
 * - `isInteresting(ev)`: the events worth a marker. Faults (what someone did to the cluster),
 *   elections (partition leaders, the ZooKeeper-mode controller, the KRaft quorum leader, the
 *   ZooKeeper ensemble leader), group rebalances, and "findings": consequences a student should
 *   stop on (records dropped by a truncation, a partition with no leader, an unclean election's
 *   victims, a producer giving up, offsets that expired, a consumer failing, a schema refused).
 *   A partition's first leader at topic creation is not marked: creating `__consumer_offsets`
 *   alone would put fifty markers at time zero.
 * - `verbose(type)`: the chatty events the log hides unless asked (metadata refreshes, ISR change
 *   proposals that the controller's IsrShrunk/IsrExpanded repeat, auto-commits, heartbeat-level
 *   noise, the ping model's pongs).
 */
import type { DomainEvent } from '../sim/types';

export type EventCategory =
  | 'fault'
  | 'controller'
  | 'election'
  | 'replication'
  | 'producer'
  | 'consumer'
  | 'group'
  | 'topic'
  | 'zookeeper'
  | 'raft'
  | 'log'
  | 'console'
  | 'schema'
  | 'other';

export type Marker = 'fault' | 'election' | 'rebalance' | 'finding';

const CATEGORY: Record<string, EventCategory> = {
  // faults and commands
  FaultInjected: 'fault',
  CommandRejected: 'other',
  CommandIgnored: 'other',
  UnsupportedRequest: 'other',
  PongReceived: 'other',
  // controllers and cluster membership
  ControllerElected: 'controller',
  ControllerReady: 'controller',
  ControllerResigned: 'controller',
  BrokerRegistered: 'controller',
  BrokersChanged: 'controller',
  BrokerBounced: 'controller',
  ControlledShutdownStarted: 'controller',
  BrokerStopped: 'controller',
  KraftControllerActivated: 'controller',
  KraftControllerDeactivated: 'controller',
  BrokerFenced: 'controller',
  BrokerUnfenced: 'controller',
  BrokerControlledShutdown: 'controller',
  BrokerShutdownGranted: 'controller',
  // partition leader elections
  LeaderElected: 'election',
  PartitionOffline: 'election',
  PreferredLeaderElection: 'election',
  // replication
  IsrShrunk: 'replication',
  IsrExpanded: 'replication',
  IsrShrinkProposed: 'replication',
  IsrExpandProposed: 'replication',
  FollowerTruncated: 'replication',
  HighWatermarkAdvanced: 'replication',
  // producers
  ProduceFailed: 'producer',
  ProduceRetried: 'producer',
  ProducerMetadataRefreshed: 'producer',
  ProducerEpochBumped: 'producer',
  ProducerConfigChanged: 'producer',
  ProducerStarted: 'producer',
  ProducerStopped: 'producer',
  DuplicateBatchDropped: 'producer',
  // consumers (client side)
  ConsumerAdded: 'consumer',
  ConsumerStopRequested: 'consumer',
  ConsumerClosing: 'consumer',
  ConsumerStopped: 'consumer',
  ConsumerCoordinatorFound: 'consumer',
  ConsumerCoordinatorLost: 'consumer',
  ConsumerGenerationReset: 'consumer',
  ConsumerJoining: 'consumer',
  ConsumerLeavingGroup: 'consumer',
  ConsumerError: 'consumer',
  ConsumerPollTimeout: 'consumer',
  ConsumerOffsetOutOfRange: 'consumer',
  ConsumerPositionReset: 'consumer',
  ConsumerPositionFromCommit: 'consumer',
  AssignmentComputed: 'consumer',
  PartitionsAssigned: 'consumer',
  HeartbeatFailed: 'consumer',
  CommitFailed: 'consumer',
  // consumer groups (coordinator side)
  MemberJoined: 'group',
  MemberLeft: 'group',
  MemberRemoved: 'group',
  MembersRemoved: 'group',
  MemberSessionExpired: 'group',
  StaticMemberReplaced: 'group',
  RebalanceStarted: 'group',
  RebalanceCompleted: 'group',
  GroupStable: 'group',
  GroupLoaded: 'group',
  GroupRemoved: 'group',
  GroupCoordinatorLoading: 'group',
  GroupCoordinatorLoaded: 'group',
  GroupCoordinatorResigned: 'group',
  OffsetCommitted: 'group',
  OffsetsReset: 'group',
  OffsetsResetRequested: 'group',
  OffsetsExpired: 'group',
  // topics
  TopicCreated: 'topic',
  TopicCreationFailed: 'topic',
  TopicConfigAltered: 'topic',
  // ZooKeeper
  ZkLeaderElected: 'zookeeper',
  ZkQuorumLost: 'zookeeper',
  ZkSessionExpired: 'zookeeper',
  ZkEphemeralDeleted: 'zookeeper',
  BrokerZkSessionExpired: 'zookeeper',
  BrokerZkDisconnected: 'zookeeper',
  // KRaft's Raft quorum
  RaftElectionStarted: 'raft',
  RaftLeaderElected: 'raft',
  RaftLeaderResigned: 'raft',
  RaftLogTruncated: 'raft',
  // logs
  SegmentDeleted: 'log',
  // console tools (kafka-console-producer, kafka-console-consumer)
  ConsoleProducerStarted: 'console',
  ConsoleProducerClosed: 'console',
  ConsoleConsumerStarted: 'console',
  ConsoleConsumerClosed: 'console',
  // schema registry and serdes
  SchemaRegistered: 'schema',
  SchemaRejected: 'schema',
  SchemaResolved: 'schema',
  CompatibilityChanged: 'schema',
  ProducerSchemaChanged: 'schema',
  DeserializationFailed: 'schema',
  SerializationFailed: 'schema',
};

/** By name, for types this table does not list yet (most specific first). */
const CATEGORY_BY_NAME: [RegExp, EventCategory][] = [
  [/^Console/, 'console'],
  [/Schema|Serializ|Deserializ|Subject|Compatibility/, 'schema'],
  [/Fault/, 'fault'],
  [/^Zk|ZooKeeper/, 'zookeeper'],
  [/^Raft|^Kraft/, 'raft'],
  [/^Controller/, 'controller'],
  [/^Isr|HighWatermark|Follower|Replica/, 'replication'],
  [/Leader(Elected|Election)|Offline/, 'election'],
  [/^Produce/, 'producer'],
  [/^Consumer|^Commit|^Fetch/, 'consumer'],
  [/^Group|^Member|^Rebalance|^Offset/, 'group'],
  [/^Topic|^Partitions?Created/, 'topic'],
  [/^Segment|^Log/, 'log'],
  [/^Broker/, 'controller'],
];

export function eventCategory(type: string): EventCategory {
  const known = Object.hasOwn(CATEGORY, type) ? CATEGORY[type] : undefined;
  if (known !== undefined) return known;
  for (const [re, category] of CATEGORY_BY_NAME) if (re.test(type)) return category;
  return 'other';
}

const ELECTIONS = new Set(['LeaderElected', 'ControllerElected', 'RaftLeaderElected', 'ZkLeaderElected']);
const REBALANCES = new Set(['RebalanceStarted', 'RebalanceCompleted']);
const FINDINGS = new Set([
  'PartitionOffline',
  'RaftLogTruncated',
  'ProduceFailed',
  'OffsetsExpired',
  'ConsumerError',
  'ConsumerOffsetOutOfRange',
  'SchemaRejected',
  'DeserializationFailed',
  'SerializationFailed',
]);

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The marker an event gets on the timeline, or null when it is routine. */
export function isInteresting(ev: DomainEvent): { marker: Marker } | null {
  const t = ev.type;
  if (eventCategory(t) === 'fault') return { marker: 'fault' };
  if (ELECTIONS.has(t)) {
    if (t === 'LeaderElected' && ev.reason === 'new-topic') return null;
    return { marker: 'election' };
  }
  if (t === 'PreferredLeaderElection') return (num(ev.moved) ?? 0) > 0 ? { marker: 'election' } : null;
  if (REBALANCES.has(t)) return { marker: 'rebalance' };
  if (FINDINGS.has(t) || /Anomaly|Finding|Violat/.test(t)) return { marker: 'finding' };
  if (t === 'FollowerTruncated') {
    const from = num(ev.from);
    const to = num(ev.to);
    return from !== null && to !== null && from > to ? { marker: 'finding' } : null;
  }
  return null;
}

const VERBOSE = new Set([
  'PongReceived',
  'ProducerMetadataRefreshed',
  'IsrShrinkProposed',
  'IsrExpandProposed',
  'OffsetCommitted',
  'HighWatermarkAdvanced',
  'GroupCoordinatorResigned',
  'ConsumerPositionFromCommit',
]);

/** The noisy events the log hides by default. */
export function verbose(type: string): boolean {
  if (VERBOSE.has(type)) return true;
  // Heartbeat-level and per-request chatter a later type might bring (a failed heartbeat is news).
  if (type === 'HeartbeatFailed') return false;
  return /Heartbeat|Pong|Ping|(Fetch|Request|Response)(Sent|Received)$/.test(type);
}
