/**
 * kafka-topics.sh (TopicCommand, Kafka 3.x): --create, --list, --describe; --alter and --delete
 * answer that they are not modelled. Topics are created through the controller's CreateTopics
 * path (validation, Kafka's replica placement, LeaderAndIsr to the replicas). The answers to
 * --list and --describe are read from the cluster's metadata at the instant of the command.
 */
import { getOwn } from '../dict';
import { clusterView, createTopic } from '../controller/controller';
import { tpKey } from '../names';
import type { ConfigValue, PartitionState } from '../protocol/messages';
import { OFFSETS_TOPIC } from '../group/types';
import type { ToolContext } from './context';
import { missingRequired, parseToolArgs, usage } from './context';
import { has, helpLines, keyValues, valueOf, type OptionSpec } from './options';

const SPECS: readonly OptionSpec[] = [
  { name: 'bootstrap-server', arg: 'required', argName: 'String: server to connect to', description: 'REQUIRED: The Kafka server to connect to.' },
  { name: 'zookeeper', arg: 'required', argName: 'String: hosts', description: 'Before Kafka 3.0: the ZooKeeper connection string (accepted here like --bootstrap-server).' },
  { name: 'command-config', arg: 'required', argName: 'String: command config property file', description: 'Property file for the Admin Client (ignored here).' },
  { name: 'list', arg: 'none', description: 'List all available topics.' },
  { name: 'create', arg: 'none', description: 'Create a new topic.' },
  { name: 'describe', arg: 'none', description: 'List details for the given topics.' },
  { name: 'alter', arg: 'none', description: 'Alter the number of partitions and replica assignment (not modelled).' },
  { name: 'delete', arg: 'none', description: 'Delete a topic (not modelled).' },
  { name: 'topic', arg: 'required', argName: 'String: topic', description: 'The topic to create, alter, describe or delete. A regular expression for --describe and --list.' },
  { name: 'partitions', arg: 'required', integer: true, argName: 'Integer: # of partitions', description: 'The number of partitions for the topic.' },
  { name: 'replication-factor', arg: 'required', integer: true, argName: 'Integer: replication factor', description: 'The replication factor for each partition in the topic.' },
  { name: 'config', arg: 'required', argName: 'String: name=value', description: 'A topic configuration override for the topic being created.' },
  { name: 'replica-assignment', arg: 'required', argName: 'String: broker_id_for_part1_replica1:broker_id_for_part1_replica2, …', description: 'A list of manual partition-to-broker assignments.' },
  { name: 'if-not-exists', arg: 'none', description: 'If set when creating topics, the action will only execute if the topic does not already exist.' },
  { name: 'if-exists', arg: 'none', description: 'If set when altering or deleting or describing topics, the action will only execute if the topic exists.' },
  { name: 'under-replicated-partitions', arg: 'none', description: 'If set when describing topics, only show under replicated partitions.' },
  { name: 'unavailable-partitions', arg: 'none', description: 'If set when describing topics, only show partitions whose leader is not available.' },
  { name: 'exclude-internal', arg: 'none', description: 'Exclude internal topics when running list or describe command.' },
  { name: 'help', arg: 'none', description: 'Print usage information.' },
  { name: 'version', arg: 'none', description: 'Display Kafka version.' },
];

const ACTIONS = ['list', 'describe', 'create', 'alter', 'delete'] as const;

/** Kafka's exception class for a CreateTopics error. */
const EXCEPTIONS: Record<string, string> = {
  TOPIC_ALREADY_EXISTS: 'TopicExistsException',
  INVALID_REPLICATION_FACTOR: 'InvalidReplicationFactorException',
  INVALID_PARTITIONS: 'InvalidPartitionsException',
  INVALID_TOPIC_EXCEPTION: 'InvalidTopicException',
  INVALID_CONFIG: 'InvalidConfigurationException',
  INVALID_REPLICA_ASSIGNMENT: 'InvalidReplicaAssignmentException',
};

/** `Error while executing topic command : …` and the logged exception. */
function fail(ctx: ToolContext, message: string, exception: string): void {
  ctx.err(`Error while executing topic command : ${message}`);
  ctx.err(`ERROR ${exception}: ${message} (kafka.admin.TopicCommand$)`);
}

/**
 * A stable topic id in Kafka's printed form (a UUID as 22 url-safe base64 characters), derived
 * from the topic's name and the run's seed, so the same run prints the same ids.
 */
export function topicIdOf(name: string, seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  let h = (2166136261 ^ (seed % 2147483647)) >>> 0;
  for (let k = 0; out.length < 22; k++) {
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0;
    h = Math.imul(h ^ k, 16777619) >>> 0;
    out += alphabet[h & 63] as string;
    out += alphabet[(h >>> 6) & 63] as string;
  }
  return out.slice(0, 22);
}

function topicMatcher(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined) return () => true;
  let re: RegExp | null = null;
  try {
    re = new RegExp(`^(?:${pattern})$`);
  } catch {
    re = null;
  }
  return (name) => name === pattern || (re !== null && re.test(name));
}

function formatConfigs(overrides: Record<string, ConfigValue>): string {
  return Object.keys(overrides)
    .sort()
    .map((k) => `${k}=${String(overrides[k])}`)
    .join(',');
}

export function kafkaTopics(ctx: ToolContext, args: readonly string[]): void {
  const o = parseToolArgs(ctx, SPECS, args, 'uncaught');
  if (o === null) return;
  if (has(o, 'help') || args.length === 0) {
    usage(ctx, [], 'This tool helps to create, delete, describe, or change a topic.');
    for (const l of helpLines(SPECS)) ctx.out(l);
    return;
  }
  if (has(o, 'version')) {
    ctx.out('3.7.0 (Kafkascope)');
    return;
  }
  const actions = ACTIONS.filter((a) => has(o, a));
  if (actions.length !== 1) {
    ctx.err('Command must include exactly one action: --list, --describe, --create, --alter or --delete');
    return;
  }
  if (!has(o, 'bootstrap-server') && !has(o, 'zookeeper')) {
    ctx.err('Exception in thread "main" java.lang.IllegalArgumentException: --bootstrap-server must be specified');
    return;
  }
  const action = actions[0] as (typeof ACTIONS)[number];
  const topic = valueOf(o, 'topic');
  if ((action === 'create' || action === 'alter' || action === 'delete') && topic === undefined) {
    missingRequired(ctx, 'topic');
    return;
  }
  switch (action) {
    case 'create':
      create(ctx, topic as string, o.values);
      return;
    case 'list':
      list(ctx, topic, has(o, 'exclude-internal'));
      return;
    case 'describe':
      describe(ctx, topic, {
        excludeInternal: has(o, 'exclude-internal'),
        ifExists: has(o, 'if-exists'),
        underReplicated: has(o, 'under-replicated-partitions'),
        unavailable: has(o, 'unavailable-partitions'),
        withTopicId: !has(o, 'zookeeper') || has(o, 'bootstrap-server'),
      });
      return;
    case 'alter':
      fail(ctx, 'Altering the partitions of a topic is not modelled in Kafkascope.', 'java.lang.UnsupportedOperationException');
      return;
    case 'delete':
      fail(ctx, `Deleting topics is not modelled in Kafkascope (topic '${topic as string}' is kept).`, 'java.lang.UnsupportedOperationException');
      return;
  }
}

function create(ctx: ToolContext, name: string, values: Record<string, string[]>): void {
  const world = ctx.world;
  const partitions = values['partitions'] === undefined ? -1 : Number(values['partitions'][values['partitions'].length - 1]);
  const rf = values['replication-factor'] === undefined ? -1 : Number(values['replication-factor'][values['replication-factor'].length - 1]);
  const configs: Record<string, ConfigValue> = { ...keyValues(values['config'] ?? []) };
  let assignment: number[][] = [];
  const ra = values['replica-assignment'];
  if (ra !== undefined) {
    const text = ra[ra.length - 1] as string;
    assignment = text.split(',').map((p) => p.split(':').map((x) => Number(x.trim())));
    if (assignment.some((p) => p.some((x) => !Number.isInteger(x) || x < 0))) {
      fail(ctx, `Invalid replica assignment: ${text}`, 'java.lang.NumberFormatException');
      return;
    }
    if (partitions !== -1 || rf !== -1) {
      ctx.err('Option "[replica-assignment]" can\'t be used with option "[partitions],[replication-factor]"');
      return;
    }
  }
  const ifNotExists = values['if-not-exists'] !== undefined;
  const view = clusterView(world.state.model);
  if (name.includes('.') || name.includes('_')) {
    ctx.out("WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.");
  }
  if (getOwn(view.topics, name) !== undefined) {
    if (ifNotExists) return;
    fail(ctx, `Topic '${name}' already exists.`, `org.apache.kafka.common.errors.${EXCEPTIONS['TOPIC_ALREADY_EXISTS'] as string}`);
    return;
  }
  if (view.mode === 'kraft' && rf > 0 && assignment.length === 0) {
    // In KRaft mode the controller answers later; the replication-factor check is made here first.
    const available = Object.values(world.state.model.brokers).filter((b) => b.status === 'running' && !b.fenced).length;
    if (rf > available) {
      fail(ctx, `Unable to replicate the partition ${rf} time(s): The target replication factor of ${rf} cannot be reached because only ${available} broker(s) are registered.`, 'org.apache.kafka.common.errors.InvalidReplicationFactorException');
      return;
    }
  }
  const r = createTopic(world, { name, numPartitions: partitions, replicationFactor: rf, assignment, configs }, 'network');
  if (r.error === 'NONE') {
    ctx.out(`Created topic ${name}.`);
    return;
  }
  if (r.error === 'NOT_CONTROLLER') {
    fail(ctx, 'Timed out waiting for a node assignment. Call: createTopics', 'org.apache.kafka.common.errors.TimeoutException');
    return;
  }
  if (r.error === 'TOPIC_ALREADY_EXISTS' && ifNotExists) return;
  fail(ctx, r.message ?? r.error, `org.apache.kafka.common.errors.${EXCEPTIONS[r.error] ?? 'InvalidRequestException'}`);
}

function topicNames(ctx: ToolContext, pattern: string | undefined, excludeInternal: boolean): string[] {
  const view = clusterView(ctx.world.state.model);
  const match = topicMatcher(pattern);
  return Object.keys(view.topics)
    .filter((t) => match(t) && !(excludeInternal && t === OFFSETS_TOPIC))
    .sort();
}

function list(ctx: ToolContext, pattern: string | undefined, excludeInternal: boolean): void {
  for (const t of topicNames(ctx, pattern, excludeInternal)) ctx.out(t);
}

interface DescribeOptions {
  excludeInternal: boolean;
  ifExists: boolean;
  underReplicated: boolean;
  unavailable: boolean;
  /** Kafka ≥ 2.8 prints TopicId; the tools of the ZooKeeper days did not. */
  withTopicId: boolean;
}

function describe(ctx: ToolContext, pattern: string | undefined, opts: DescribeOptions): void {
  const m = ctx.world.state.model;
  const view = clusterView(m);
  const names = topicNames(ctx, pattern, opts.excludeInternal);
  if (names.length === 0 && pattern !== undefined && !opts.ifExists) {
    fail(ctx, `Topic '${pattern}' does not exist as expected`, 'java.lang.IllegalArgumentException');
    return;
  }
  const filtered = opts.underReplicated || opts.unavailable;
  for (const name of names) {
    const t = getOwn(view.topics, name);
    if (t === undefined) continue;
    const states: PartitionState[] = [];
    for (let p = 0; p < t.partitions; p++) {
      const s = view.partitions[tpKey(name, p)];
      if (s !== undefined) states.push(s);
    }
    const rf = states[0]?.replicas.length ?? 0;
    if (!filtered) {
      const id = opts.withTopicId ? `\tTopicId: ${topicIdOf(name, ctx.world.state.seed)}` : '';
      ctx.out(`Topic: ${name}${id}\tPartitionCount: ${t.partitions}\tReplicationFactor: ${rf}\tConfigs: ${formatConfigs(t.configOverrides)}`);
    }
    for (const s of states) {
      const liveLeader = s.leader >= 0 && m.brokers[String(s.leader)]?.status === 'running';
      if (opts.underReplicated && s.isr.length >= s.replicas.length) continue;
      if (opts.unavailable && liveLeader) continue;
      const leader = s.leader < 0 ? 'none' : String(s.leader);
      ctx.out(`\tTopic: ${name}\tPartition: ${s.partition}\tLeader: ${leader}\tReplicas: ${s.replicas.join(',')}\tIsr: ${s.isr.join(',')}`);
    }
  }
}
