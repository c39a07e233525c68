/**
 * kafka-console-consumer.sh (ConsoleConsumer, Kafka 3.x): starts a real simulated consumer that
 * subscribes to the topic in a group (--group G, else a generated `console-consumer-NNNNN` with
 * enable.auto.commit=false), auto.offset.reset=earliest with --from-beginning and latest
 * otherwise, and prints every record handed to it by poll() (DefaultMessageFormatter:
 * print.key, print.partition, print.offset, key.separator). ^C closes it and prints
 * `Processed a total of N messages`; so does reaching --max-messages.
 */
import { resolveConfig } from '../config/resolve';
import type { ConsumerConfig } from '../config/types';
import { createConsumer, requestClose, startConsumer } from '../client/consumer';
import type { ConsumerGroupSpec } from '../../scenario/schema';
import type { ToolContext } from './context';
import { missingRequired, parseToolArgs } from './context';
import { has, helpLines, keyValues, valueOf, valuesOf, type OptionSpec } from './options';
import type { ConsoleConsumerSession } from './types';

const SPECS: readonly OptionSpec[] = [
  { name: 'bootstrap-server', arg: 'required', argName: 'String: server to connect to', description: 'REQUIRED: The server(s) to connect to.' },
  { name: 'topic', arg: 'required', argName: 'String: topic', description: 'The topic to consume on.' },
  { name: 'include', arg: 'required', argName: 'String: Java regex (String)', description: 'Regular expression specifying list of topics to include for consumption (not modelled).' },
  { name: 'whitelist', arg: 'required', argName: 'String: Java regex (String)', description: 'DEPRECATED, use --include instead (not modelled).' },
  { name: 'group', arg: 'required', argName: 'String: consumer group id', description: 'The consumer group id of the consumer.' },
  { name: 'from-beginning', arg: 'none', description: 'If the consumer does not already have an established offset to consume from, start with the earliest message present in the log rather than the latest message.' },
  { name: 'max-messages', arg: 'required', integer: true, argName: 'Integer: num_messages', description: 'The maximum number of messages to consume before exiting. If not set, consumption is continual.' },
  { name: 'property', arg: 'required', argName: 'String: prop', description: 'The properties to initialize the message formatter: print.key, print.value, print.partition, print.offset, key.separator.' },
  { name: 'consumer-property', arg: 'required', argName: 'String: consumer_prop', description: 'A mechanism to pass user-defined properties in the form key=value to the consumer.' },
  { name: 'consumer.config', arg: 'required', argName: 'String: config file', description: 'Consumer config properties file (not modelled: no files).' },
  { name: 'partition', arg: 'required', integer: true, argName: 'Integer: partition', description: 'The partition to consume from (not modelled).' },
  { name: 'offset', arg: 'required', argName: 'String: consume offset', description: 'The offset to consume from (not modelled).' },
  { name: 'timeout-ms', arg: 'required', integer: true, argName: 'Integer: timeout_ms', description: 'If specified, exit if no message is available for consumption for the specified interval (not modelled).' },
  { name: 'skip-message-on-error', arg: 'none', description: 'If there is an error when processing a message, skip it instead of halt.' },
  { name: 'isolation-level', arg: 'required', argName: 'String', description: 'read_committed or read_uncommitted (default).' },
  { name: 'help', arg: 'none', description: 'Print usage information.' },
  { name: 'version', arg: 'none', description: 'Display Kafka version.' },
];

export function kafkaConsoleConsumer(ctx: ToolContext, args: readonly string[]): void {
  const o = parseToolArgs(ctx, SPECS, args, 'message');
  if (o === null) return;
  if (has(o, 'help') || args.length === 0) {
    ctx.out('This tool helps to read data from Kafka topics and outputs it to standard output.');
    for (const l of helpLines(SPECS)) ctx.out(l);
    return;
  }
  if (has(o, 'version')) {
    ctx.out('3.7.0 (Kafkascope)');
    return;
  }
  const filters = ['topic', 'include', 'whitelist'].filter((x) => has(o, x));
  if (filters.length !== 1) {
    ctx.err('Exactly one of include/topic is required.');
    return;
  }
  if (!has(o, 'topic')) {
    ctx.err('Error: --include is not modelled in Kafkascope; use --topic.');
    return;
  }
  for (const x of ['partition', 'offset', 'timeout-ms']) {
    if (has(o, x)) {
      ctx.err(`Error: --${x} is not modelled in Kafkascope.`);
      return;
    }
  }
  if (!has(o, 'bootstrap-server')) {
    missingRequired(ctx, 'bootstrap-server');
    return;
  }
  const topic = valueOf(o, 'topic') as string;
  const world = ctx.world;
  const m = world.state.model;
  const extra = keyValues(valuesOf(o, 'consumer-property'));
  const groupGiven = valueOf(o, 'group') ?? extra['group.id'];
  const groupId = groupGiven ?? `console-consumer-${world.randomInt('console', 100000)}`;
  const overrides: Record<string, unknown> = { ...extra, 'group.id': groupId };
  // By default, avoid unnecessary expansion of the coordinator cache: a generated group commits nothing.
  if (groupGiven === undefined && extra['enable.auto.commit'] === undefined) overrides['enable.auto.commit'] = false;
  overrides['auto.offset.reset'] = has(o, 'from-beginning') ? 'earliest' : 'latest';
  if (has(o, 'isolation-level')) overrides['isolation.level'] = valueOf(o, 'isolation-level');
  const resolved = resolveConfig('consumer', overrides, 'consumer');
  if (!resolved.ok) {
    ctx.err(`org.apache.kafka.common.config.ConfigException: ${resolved.errors.map((e) => e.message).join('; ')}`);
    return;
  }
  const props = keyValues(valuesOf(o, 'property'));
  const yes = (k: string, fallback: boolean): boolean => (props[k] === undefined ? fallback : props[k].trim().toLowerCase() === 'true');
  const n = ++ctx.console.consumersStarted;
  const name = `console-consumer-${n}`;
  const spec: ConsumerGroupSpec = { groupId, topics: [topic], members: 1, config: {}, processingMsPerRecord: 0, commit: 'auto', startMs: world.nowMs };
  const node = world.addNode(name, 'consumer');
  m.nodeByName[name] = node;
  m.roles[node] = { kind: 'consumer', key: name };
  const c = createConsumer(name, node, 1, spec, resolved.config as ConsumerConfig);
  m.consumers[name] = c;
  startConsumer(world, c, world.nowMs);
  const maxMessages = has(o, 'max-messages') ? Number(valueOf(o, 'max-messages')) : -1;
  ctx.console.consumer = {
    consumer: name,
    groupId,
    printKey: yes('print.key', false),
    printValue: yes('print.value', true),
    printPartition: yes('print.partition', false),
    printOffset: yes('print.offset', false),
    keySeparator: props['key.separator'] ?? '\t',
    maxMessages,
    count: 0,
    deliveriesSeen: m.history.deliveries.length,
  };
  ctx.console.mode = 'consumer';
  world.emit('ConsoleConsumerStarted', { consumer: name, groupId, topic, fromBeginning: has(o, 'from-beginning') });
  if (maxMessages === 0) {
    stopConsoleConsumer(ctx, ctx.console.consumer);
    ctx.console.consumer = null;
    ctx.console.mode = 'shell';
  }
}

/**
 * Prints the records delivered to the console consumer since the last look, each at the time
 * poll() handed it over. Returns true when --max-messages was reached (the consumer then closes).
 */
export function printDeliveries(ctx: ToolContext, s: ConsoleConsumerSession): boolean {
  const deliveries = ctx.world.state.model.history.deliveries;
  for (; s.deliveriesSeen < deliveries.length; s.deliveriesSeen++) {
    const d = deliveries[s.deliveriesSeen];
    if (d === undefined || d.consumer !== s.consumer) continue;
    const parts: string[] = [];
    if (s.printPartition) parts.push(`Partition:${d.partition}`);
    if (s.printOffset) parts.push(`Offset:${d.offset}`);
    if (s.printKey) parts.push(d.key ?? 'null');
    if (s.printValue) parts.push(d.value);
    ctx.outAt(d.atMs, parts.join(s.keySeparator));
    s.count++;
    if (s.maxMessages >= 0 && s.count >= s.maxMessages) {
      s.deliveriesSeen++;
      return true;
    }
  }
  return false;
}

/** ^C (or --max-messages reached): close the consumer and report the count on stderr. */
export function stopConsoleConsumer(ctx: ToolContext, s: ConsoleConsumerSession): void {
  const c = ctx.world.state.model.consumers[s.consumer];
  if (c !== undefined && c.status === 'running' && !c.closeRequested) requestClose(ctx.world, c);
  ctx.out(`Processed a total of ${s.count} messages`);
  ctx.world.emit('ConsoleConsumerClosed', { consumer: s.consumer, groupId: s.groupId, messages: s.count });
}
