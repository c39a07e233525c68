/**
 * kafka-consumer-groups.sh (ConsumerGroupCommand, Kafka 3.x): --list, --describe --group G (the
 * offsets table), --reset-offsets (dry run by default, --execute to write). Read from the group
 * coordinators at the instant of the command; the reset goes through the coordinator's
 * `resetOffsets` path, which refuses a group that is not inactive.
 */
import { getOwn } from '../dict';
import { describeGroups, type GroupSummary } from '../group/describe';
import { resetOffsets } from '../client/consumer-commands';
import { parseTpKey, tpKey } from '../names';
import type { KafkaState } from '../state';
import type { ToolContext } from './context';
import { missingRequired, parseToolArgs } from './context';
import { has, helpLines, valueOf, valuesOf, type OptionSpec } from './options';

const SPECS: readonly OptionSpec[] = [
  { name: 'bootstrap-server', arg: 'required', argName: 'String: server to connect to', description: 'REQUIRED: The server(s) to connect to.' },
  { name: 'command-config', arg: 'required', argName: 'String: command config property file', description: 'Property file for the Admin Client (ignored here).' },
  { name: 'list', arg: 'none', description: 'List all consumer groups.' },
  { name: 'describe', arg: 'none', description: 'Describe consumer group and list offset lag (number of messages not yet processed) related to given group.' },
  { name: 'group', arg: 'required', argName: 'String: consumer group', description: 'The consumer group we wish to act on.' },
  { name: 'all-groups', arg: 'none', description: 'Apply to all consumer groups.' },
  { name: 'topic', arg: 'required', argName: 'String: topic', description: 'The topic whose consumer group offsets should be reset.' },
  { name: 'all-topics', arg: 'none', description: 'Consider all topics assigned to a group in the reset-offsets process.' },
  { name: 'reset-offsets', arg: 'none', description: 'Reset offsets of consumer group (one group at a time, inactive groups only).' },
  { name: 'to-earliest', arg: 'none', description: 'Reset offsets to earliest offset.' },
  { name: 'to-latest', arg: 'none', description: 'Reset offsets to latest offset.' },
  { name: 'to-offset', arg: 'required', integer: true, argName: 'Long: offset', description: 'Reset offsets to a specific offset.' },
  { name: 'to-current', arg: 'none', description: 'Reset offsets to current offset.' },
  { name: 'shift-by', arg: 'required', integer: true, argName: 'Long: number-of-offsets', description: 'Reset offsets shifting current offset by n (n may be negative).' },
  { name: 'to-datetime', arg: 'required', argName: 'String: datetime', description: 'Reset offsets to offset from datetime (not modelled).' },
  { name: 'by-duration', arg: 'required', argName: 'String: duration', description: 'Reset offsets to offset by duration from current timestamp (not modelled).' },
  { name: 'execute', arg: 'none', description: 'Execute operation.' },
  { name: 'dry-run', arg: 'none', description: 'Only show results without executing changes on consumer groups.' },
  { name: 'members', arg: 'none', description: 'Describe members of the group.' },
  { name: 'state', arg: 'optional', argName: 'String', description: 'Describe the group state, or with --list filter groups by state.' },
  { name: 'offsets', arg: 'none', description: 'Describe the group and list all topic partitions in the group along with their offset lag (default).' },
  { name: 'verbose', arg: 'none', description: 'Provide additional information, if any, when describing the group.' },
  { name: 'help', arg: 'none', description: 'Print usage information.' },
  { name: 'version', arg: 'none', description: 'Display Kafka version.' },
];

const RESET_SCENARIOS = ['to-datetime', 'by-duration', 'to-earliest', 'to-latest', 'shift-by', 'to-current', 'to-offset'];

/** Java's %-Ns: left-aligned, padded to N. */
function pad(s: string, n: number): string {
  return s.padEnd(n);
}

function groupRows(g: GroupSummary): { topic: string; partition: number; current: string; end: string; lag: string; consumerId: string; host: string; clientId: string }[] {
  const rows = Object.entries(g.partitions).map(([key, p]) => {
    const tp = parseTpKey(key) ?? { topic: key, partition: -1 };
    return {
      topic: tp.topic,
      partition: tp.partition,
      current: p.committedOffset === null ? '-' : String(p.committedOffset),
      end: p.logEndOffset < 0 ? '-' : String(p.logEndOffset),
      lag: p.lag === null ? '-' : String(p.lag),
      consumerId: p.memberId ?? '-',
      host: p.clientId === null ? '-' : `/${p.clientId}`,
      clientId: p.clientId ?? '-',
    };
  });
  rows.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  return rows;
}

export function kafkaConsumerGroups(ctx: ToolContext, args: readonly string[]): void {
  const o = parseToolArgs(ctx, SPECS, args, 'uncaught');
  if (o === null) return;
  if (has(o, 'help') || args.length === 0) {
    ctx.out('This tool helps to list all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets.');
    for (const l of helpLines(SPECS)) ctx.out(l);
    return;
  }
  if (has(o, 'version')) {
    ctx.out('3.7.0 (Kafkascope)');
    return;
  }
  const actions = ['list', 'describe', 'reset-offsets'].filter((a) => has(o, a));
  if (actions.length !== 1) {
    ctx.err('Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets');
    return;
  }
  if (!has(o, 'bootstrap-server')) {
    missingRequired(ctx, 'bootstrap-server');
    return;
  }
  const m = ctx.world.state.model;
  const groups = describeGroups(m, ctx.world.nowMs);
  const action = actions[0];
  if (action === 'list') {
    for (const id of Object.keys(groups).sort()) {
      const g = groups[id] as GroupSummary;
      if (g.state !== 'Dead' && g.state !== 'Unknown') ctx.out(id);
    }
    return;
  }
  const ids = has(o, 'all-groups') ? Object.keys(groups).filter((id) => groups[id]?.state !== 'Dead').sort() : valuesOf(o, 'group');
  if (ids.length === 0 && has(o, 'all-groups')) return; // no group at all: the real tool prints nothing
  if (ids.length === 0) {
    ctx.err(`Option [${action as string}] takes one of these options: [all-groups], [group]`);
    return;
  }
  if (action === 'describe') {
    for (const id of ids) describe(ctx, id, getOwn(groups, id), has(o, 'members'), has(o, 'state'));
    return;
  }
  resetGroupOffsets(ctx, m, ids[0] as string, getOwn(groups, ids[0] as string), o.values);
}

function groupMissing(ctx: ToolContext, id: string, g: GroupSummary | undefined): boolean {
  if (g === undefined || g.state === 'Dead') {
    ctx.err(`Error: Consumer group '${id}' does not exist.`);
    return true;
  }
  if (g.state === 'Unknown') {
    ctx.err('Error: Executing consumer group command failed due to org.apache.kafka.common.errors.CoordinatorNotAvailableException: The coordinator is not available.');
    return true;
  }
  return false;
}

function describe(ctx: ToolContext, id: string, g: GroupSummary | undefined, members: boolean, state: boolean): void {
  if (groupMissing(ctx, id, g)) return;
  const group = g as GroupSummary;
  ctx.out('');
  if (state) {
    const w = Math.max(15, id.length);
    ctx.out(`${pad('GROUP', w)} ${pad('COORDINATOR (ID)', 25)} ${pad('ASSIGNMENT-STRATEGY', 20)} ${pad('STATE', 20)} #MEMBERS`);
    ctx.out(`${pad(id, w)} ${pad(`broker-${group.coordinator}:9092 (${group.coordinator})`, 25)} ${pad(group.assignor ?? '', 20)} ${pad(group.state, 20)} ${group.members.length}`);
    return;
  }
  if (group.members.length === 0) {
    ctx.out(`Consumer group '${id}' has no active members.`);
    ctx.out('');
  } else if (group.state === 'PreparingRebalance' || group.state === 'CompletingRebalance') {
    ctx.out(`Warning: Consumer group '${id}' is rebalancing.`);
    ctx.out('');
  }
  if (members) {
    const idW = Math.max(15, ...group.members.map((x) => x.memberId.length));
    const hostW = Math.max(15, ...group.members.map((x) => x.clientId.length + 1));
    const clientW = Math.max(15, ...group.members.map((x) => x.clientId.length));
    ctx.out(`${pad('GROUP', Math.max(15, id.length))} ${pad('CONSUMER-ID', idW)} ${pad('HOST', hostW)} ${pad('CLIENT-ID', clientW)} #PARTITIONS`);
    for (const x of group.members) ctx.out(`${pad(id, Math.max(15, id.length))} ${pad(x.memberId, idW)} ${pad(`/${x.clientId}`, hostW)} ${pad(x.clientId, clientW)} ${x.assigned.length}`);
    return;
  }
  const rows = groupRows(group);
  const gw = Math.max(15, id.length);
  const tw = Math.max(15, ...rows.map((r) => r.topic.length));
  const cw = Math.max(15, ...rows.map((r) => r.consumerId.length));
  const hw = Math.max(15, ...rows.map((r) => r.host.length));
  const line = (a: string[]): string =>
    `${pad(a[0] as string, gw)} ${pad(a[1] as string, tw)} ${pad(a[2] as string, 10)} ${pad(a[3] as string, 15)} ${pad(a[4] as string, 15)} ${pad(a[5] as string, 15)} ${pad(a[6] as string, cw)} ${pad(a[7] as string, hw)} ${a[8] as string}`.trimEnd();
  ctx.out(line(['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID']));
  for (const r of rows) ctx.out(line([id, r.topic, String(r.partition), r.current, r.end, r.lag, r.consumerId, r.host, r.clientId]));
}

/** The running broker that leads `key` now (the one ListOffsets would reach). */
function leaderLog(m: KafkaState, key: string): { logStartOffset: number; highWatermark: number } | undefined {
  let best: { epoch: number; log: { logStartOffset: number; highWatermark: number } } | undefined;
  for (const b of Object.values(m.brokers)) {
    const r = b.replicas[key];
    if (b.status !== 'running' || r === undefined || r.role !== 'leader') continue;
    if (best === undefined || best.epoch < r.state.leaderEpoch) best = { epoch: r.state.leaderEpoch, log: r.log };
  }
  return best?.log;
}

function resetGroupOffsets(ctx: ToolContext, m: KafkaState, id: string, g: GroupSummary | undefined, values: Record<string, string[]>): void {
  const o = { values, rest: [] };
  const scenarios = RESET_SCENARIOS.filter((s) => has(o, s));
  if (scenarios.length !== 1) {
    ctx.err(`Option [reset-offsets] takes one of these options: ${RESET_SCENARIOS.map((s) => `[${s}]`).join(', ')}`);
    return;
  }
  const scenario = scenarios[0] as string;
  if (scenario === 'to-datetime' || scenario === 'by-duration') {
    ctx.err(`Error: --${scenario} is not modelled in Kafkascope (records carry no wall-clock timestamps here).`);
    return;
  }
  const topics = has(o, 'all-topics') ? Object.keys(g?.partitions ?? {}).map((k) => parseTpKey(k)?.topic ?? k) : valuesOf(o, 'topic');
  if (topics.length === 0) {
    ctx.err('Option [reset-offsets] takes one of these options: [all-topics], [topic]');
    return;
  }
  const execute = has(o, 'execute');
  if (!execute && !has(o, 'dry-run')) {
    ctx.out(
      'WARN: No action will be performed as the --execute option is missing. In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.',
    );
  }
  if (g !== undefined && g.state !== 'Dead' && g.state !== 'Empty' && g.state !== 'Unknown') {
    ctx.err(`Error: Assignments can only be reset if the group '${id}' is inactive, but the current state is ${g.state}.`);
    return;
  }
  const broker = Object.values(m.brokers).find((b) => b.status === 'running');
  const plan: { topic: string; partition: number; offset: number }[] = [];
  for (const spec of [...new Set(topics)].sort()) {
    // --topic T or --topic T:0,1 (some partitions).
    const [topic, parts] = spec.includes(':') ? [spec.slice(0, spec.indexOf(':')), spec.slice(spec.indexOf(':') + 1)] : [spec, null];
    const count = broker === undefined ? undefined : getOwn(broker.topicPartitions, topic);
    if (count === undefined) {
      ctx.err(`Error: Executing consumer group command failed due to org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.`);
      return;
    }
    const partitions = parts === null ? Array.from({ length: count }, (_, p) => p) : parts.split(',').map(Number);
    for (const p of partitions) {
      const log = leaderLog(m, tpKey(topic, p));
      if (log === undefined) {
        ctx.err(`Error: Executing consumer group command failed due to org.apache.kafka.common.errors.LeaderNotAvailableException: There is no leader for ${tpKey(topic, p)}.`);
        return;
      }
      const committed = g?.partitions[tpKey(topic, p)]?.committedOffset ?? null;
      let target: number;
      if (scenario === 'to-earliest') target = log.logStartOffset;
      else if (scenario === 'to-latest') target = log.highWatermark;
      else if (scenario === 'to-current') target = committed ?? log.highWatermark;
      else if (scenario === 'shift-by') target = (committed ?? log.highWatermark) + Number(valueOf(o, 'shift-by'));
      else target = Number(valueOf(o, 'to-offset'));
      // Like the tool: an offset outside the log is clamped to it (with a warning in Kafka's log).
      plan.push({ topic, partition: p, offset: Math.max(log.logStartOffset, Math.min(target, log.highWatermark)) });
    }
  }
  if (execute) {
    for (const topic of [...new Set(plan.map((x) => x.topic))]) {
      const mine = plan.filter((x) => x.topic === topic);
      const whole = mine.length === (getOwn(broker?.topicPartitions ?? {}, topic) ?? -1) && (scenario === 'to-earliest' || scenario === 'to-latest' || scenario === 'to-offset');
      if (!whole) {
        ctx.err('Error: Kafkascope resets whole topics to one target (--to-earliest, --to-latest, --to-offset); this reset is not modelled.');
        return;
      }
      const to = scenario === 'to-earliest' ? 'earliest' : scenario === 'to-latest' ? 'latest' : { offset: Math.max(0, Number(valueOf(o, 'to-offset'))) };
      const refused = resetOffsets(ctx.world, id, topic, to);
      if (refused !== null) {
        ctx.err(refused.startsWith('Assignments') ? `Error: ${refused}` : `Error: Executing consumer group command failed due to ${refused}`);
        return;
      }
    }
  }
  ctx.out('');
  const row = (a: string, b: string, c: string, d: string): string => `${pad(a, 30)} ${pad(b, 30)} ${pad(c, 10)} ${d}`;
  ctx.out(row('GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET'));
  for (const x of plan) ctx.out(row(id, x.topic, String(x.partition), String(x.offset)));
}
