/**
 * kafka-console-producer.sh (ConsoleProducer, Kafka 3.x): starts a real simulated producer with
 * the tool's defaults (acks=-1, linger.ms=1000 from --timeout, request.timeout.ms=1500,
 * retries=3, retry.backoff.ms=100, batch.size=16384, max.block.ms=60000, client.id
 * console-producer), then every line typed is one record (LineMessageReader: `key<sep>value`
 * with parse.key=true). ^C or ^D closes the producer, which flushes what is queued.
 */
import { setOwn } from '../dict';
import { resolveConfig } from '../config/resolve';
import type { ProducerConfig } from '../config/types';
import { createProducer, setProducerConfig, startProducer, stopProducer, type ProducerState } from '../client/producer';
import type { ProducerSpec } from '../../scenario/schema';
import { producerNodeName } from '../../scenario/nodes';
import type { ToolContext } from './context';
import { missingRequired, parseToolArgs } from './context';
import { has, helpLines, keyValues, valueOf, valuesOf, type OptionSpec } from './options';
import type { ConsoleProducerSession } from './types';

const SPECS: readonly OptionSpec[] = [
  { name: 'bootstrap-server', arg: 'required', argName: 'String: server to connect to', description: 'REQUIRED unless --broker-list(deprecated) is specified. The server(s) to connect to.' },
  { name: 'broker-list', arg: 'required', argName: 'String: broker-list', description: 'DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified.' },
  { name: 'topic', arg: 'required', argName: 'String: topic', description: 'REQUIRED: The topic id to produce messages to.' },
  { name: 'property', arg: 'required', argName: 'String: prop', description: 'Properties for the line reader: parse.key, key.separator, ignore.error.' },
  { name: 'producer-property', arg: 'required', argName: 'String: producer_prop', description: 'A mechanism to pass user-defined properties in the form key=value to the producer.' },
  { name: 'producer.config', arg: 'required', argName: 'String: config file', description: 'Producer config properties file (not modelled: no files).' },
  { name: 'sync', arg: 'none', description: 'If set message send requests to the brokers are synchronously, one at a time as they arrive.' },
  { name: 'request-required-acks', arg: 'required', argName: 'String: request required acks', description: 'The required `acks` of the producer requests (default: -1).' },
  { name: 'timeout', arg: 'required', integer: true, argName: 'Long: timeout_ms', description: 'linger.ms of the producer (default: 1000).' },
  { name: 'request-timeout-ms', arg: 'required', integer: true, argName: 'Integer: request timeout ms', description: 'request.timeout.ms (default: 1500).' },
  { name: 'message-send-max-retries', arg: 'required', integer: true, argName: 'Integer', description: 'retries (default: 3).' },
  { name: 'retry-backoff-ms', arg: 'required', integer: true, argName: 'Long', description: 'retry.backoff.ms (default: 100).' },
  { name: 'batch-size', arg: 'required', integer: true, argName: 'Integer: size', description: 'batch.size (default: 16384).' },
  { name: 'max-partition-memory-bytes', arg: 'required', integer: true, argName: 'Integer: memory in bytes per partition', description: 'batch.size (default: 16384).' },
  { name: 'max-memory-bytes', arg: 'required', integer: true, argName: 'Long: total memory in bytes', description: 'buffer.memory (default: 33554432).' },
  { name: 'max-block-ms', arg: 'required', integer: true, argName: 'Long: max block on send', description: 'max.block.ms (default: 60000).' },
  { name: 'metadata-expiry-ms', arg: 'required', integer: true, argName: 'Long: metadata expiration interval', description: 'metadata.max.age.ms (default: 300000).' },
  { name: 'compression-codec', arg: 'optional', argName: 'String: compression-codec', description: "The compression codec: either 'none', 'gzip', 'snappy', 'lz4', or 'zstd'." },
  { name: 'help', arg: 'none', description: 'Print usage information.' },
  { name: 'version', arg: 'none', description: 'Display Kafka version.' },
];

/** Tool option → producer config key (CommandLineUtils.maybeMergeOptions), with the tool's defaults. */
const MERGED: readonly [string, string, string | number][] = [
  ['timeout', 'linger.ms', 1000],
  ['request-required-acks', 'acks', '-1'],
  ['request-timeout-ms', 'request.timeout.ms', 1500],
  ['message-send-max-retries', 'retries', 3],
  ['retry-backoff-ms', 'retry.backoff.ms', 100],
  ['max-memory-bytes', 'buffer.memory', 33554432],
  ['batch-size', 'batch.size', 16384],
  ['max-partition-memory-bytes', 'batch.size', 16384],
  ['metadata-expiry-ms', 'metadata.max.age.ms', 300000],
  ['max-block-ms', 'max.block.ms', 60000],
];

/** Console producers get idempotence ids after the scenario's (at most 100 producers). */
const CONSOLE_PRODUCER_INDEX_BASE = 100;

export function kafkaConsoleProducer(ctx: ToolContext, args: readonly string[]): void {
  const o = parseToolArgs(ctx, SPECS, args, 'message');
  if (o === null) return;
  if (has(o, 'help') || args.length === 0) {
    ctx.out('This tool helps to read data from standard input and publish it to Kafka.');
    for (const l of helpLines(SPECS)) ctx.out(l);
    return;
  }
  if (has(o, 'version')) {
    ctx.out('3.7.0 (Kafkascope)');
    return;
  }
  if (!has(o, 'bootstrap-server') && !has(o, 'broker-list')) {
    ctx.err('Missing required option(s) [bootstrap-server]');
    return;
  }
  const topic = valueOf(o, 'topic');
  if (topic === undefined) {
    missingRequired(ctx, 'topic');
    return;
  }
  const servers = valueOf(o, has(o, 'bootstrap-server') ? 'bootstrap-server' : 'broker-list') ?? '';
  if (!servers.split(',').every((s) => /^[^:\s]+:\d+$/.test(s.trim()))) {
    ctx.err('Please provide valid host:port like host1:9091,host2:9092');
    return;
  }
  const overrides: Record<string, unknown> = { ...keyValues(valuesOf(o, 'producer-property')) };
  for (const [opt, key, fallback] of MERGED) {
    const given = valueOf(o, opt);
    if (given !== undefined) overrides[key] = given;
    else if (overrides[key] === undefined) overrides[key] = fallback;
  }
  if (has(o, 'compression-codec')) overrides['compression.type'] = valueOf(o, 'compression-codec') || 'gzip';
  if (overrides['client.id'] === undefined) overrides['client.id'] = 'console-producer';
  const resolved = resolveConfig('producer', overrides, 'producer');
  if (!resolved.ok) {
    ctx.err(`org.apache.kafka.common.config.ConfigException: ${resolved.errors.map((e) => e.message).join('; ')}`);
    return;
  }
  const props = keyValues(valuesOf(o, 'property'));
  const world = ctx.world;
  const m = world.state.model;
  const n = ++ctx.console.producersStarted;
  const id = `console-${n}`;
  const spec: ProducerSpec = {
    id,
    topic,
    ratePerSec: 0,
    key: null,
    value: '',
    startMs: world.nowMs,
    config: overrides as ProducerSpec['config'],
    sendMode: has(o, 'sync') ? 'sync' : 'async',
  };
  const name = producerNodeName(id);
  const node = world.addNode(name, 'producer');
  m.nodeByName[name] = node;
  m.roles[node] = { kind: 'producer', key: id };
  const p = createProducer(spec, resolved.config as ProducerConfig, node, CONSOLE_PRODUCER_INDEX_BASE + n);
  setOwn(m.producers, id, p);
  startProducer(world, p);
  ctx.console.producer = {
    producerId: id,
    clientId: p.clientId,
    topic,
    parseKey: (props['parse.key'] ?? '').trim().toLowerCase() === 'true',
    keySeparator: props['key.separator'] ?? '\t',
    ignoreError: (props['ignore.error'] ?? '').trim().toLowerCase() === 'true',
    lineNumber: 0,
    queue: [],
    sendsSeen: m.history.sends.length,
  };
  ctx.console.mode = 'producer';
  world.emit('ConsoleProducerStarted', { producer: id, topic });
}

/**
 * One line typed at the `>` prompt. Returns an error text when the line reader fails (the tool
 * then exits, as LineMessageReader's exception ends ConsoleProducer).
 */
export function produceLine(ctx: ToolContext, s: ConsoleProducerSession, line: string): string | null {
  s.lineNumber++;
  let key: string | null = null;
  let value = line;
  if (s.parseKey) {
    const at = line.indexOf(s.keySeparator);
    if (at < 0) {
      if (!s.ignoreError) return `org.apache.kafka.common.KafkaException: No key separator found on line number ${s.lineNumber}: '${line}'`;
    } else {
      key = line.slice(0, at);
      value = line.slice(at + s.keySeparator.length);
    }
  }
  s.queue.push({ key, value });
  feedProducer(ctx, s);
  return null;
}

function producerOf(ctx: ToolContext, s: ConsoleProducerSession): ProducerState | undefined {
  return ctx.world.state.model.producers[s.producerId];
}

/**
 * Hands queued lines to send() one at a time: a record waits in `app.pending` (the producer's
 * blocked send()) until metadata or buffer memory lets it into the accumulator.
 */
export function feedProducer(ctx: ToolContext, s: ConsoleProducerSession): void {
  const p = producerOf(ctx, s);
  if (p === undefined || p.status !== 'running') return;
  while (s.queue.length > 0 && p.app.pending === null && p.app.awaitingSeq < 0) {
    const r = s.queue.shift() as { key: string | null; value: string };
    p.app.pending = { seq: p.app.nextSeq++, key: r.key, value: r.value, sentAtMs: ctx.world.nowMs };
    // Runs the producer's application step and sender now (the config is unchanged).
    setProducerConfig(ctx.world, p, p.config);
  }
}

const EXCEPTIONS: Record<string, [string, string]> = {
  NOT_ENOUGH_REPLICAS: ['NotEnoughReplicasException', 'Messages are rejected since there are fewer in-sync replicas than required.'],
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: ['NotEnoughReplicasAfterAppendException', 'Messages are written to the log, but to fewer in-sync replicas than required.'],
  REQUEST_TIMED_OUT: ['TimeoutException', 'The request timed out.'],
  NETWORK_EXCEPTION: ['NetworkException', 'The server disconnected before a response was received.'],
  NOT_LEADER_OR_FOLLOWER: ['NotLeaderOrFollowerException', 'For requests intended only for the leader, this error indicates that the broker is not the current leader.'],
  UNKNOWN_TOPIC_OR_PARTITION: ['UnknownTopicOrPartitionException', 'This server does not host this topic-partition.'],
  MESSAGE_TOO_LARGE: ['RecordTooLargeException', 'The message is too large.'],
  BufferExhaustedException: ['BufferExhaustedException', 'Failed to allocate memory within the configured max blocking time.'],
};

/** Failed sends of the console producer, as ErrorLoggingCallback prints them. */
export function reportProducerErrors(ctx: ToolContext, s: ConsoleProducerSession): void {
  const sends = ctx.world.state.model.history.sends;
  const p = producerOf(ctx, s);
  for (; s.sendsSeen < sends.length; s.sendsSeen++) {
    const r = sends[s.sendsSeen];
    if (r === undefined || r.producer !== s.clientId || r.error === 'NONE') continue;
    const bytes = (t: string | null): string => (t === null ? 'null' : `${new TextEncoder().encode(t).length} bytes`);
    ctx.err(`ERROR Error when sending message to topic ${r.topic} with key: ${bytes(r.key)}, value: ${bytes(r.value)} with error: (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)`);
    const known = EXCEPTIONS[r.error];
    if (r.error === 'TimeoutException') {
      const maxBlock = p?.config['max.block.ms'] ?? 60000;
      ctx.err(r.partition < 0 ? `org.apache.kafka.common.errors.TimeoutException: Topic ${r.topic} not present in metadata after ${maxBlock} ms.` : `org.apache.kafka.common.errors.TimeoutException: Expiring 1 record(s) for ${r.topic}-${r.partition}: ${r.completedAtMs - r.sentAtMs} ms has passed since batch creation`);
    } else if (known !== undefined) {
      ctx.err(`org.apache.kafka.common.errors.${known[0]}: ${known[1]}`);
    } else {
      ctx.err(`org.apache.kafka.common.KafkaException: ${r.error}`);
    }
  }
}

/** ^C or ^D: the producer closes (close() sends what is queued first). */
export function closeConsoleProducer(ctx: ToolContext, s: ConsoleProducerSession): void {
  const p = producerOf(ctx, s);
  if (p !== undefined) stopProducer(ctx.world, p);
  ctx.world.emit('ConsoleProducerClosed', { producer: s.producerId, unsentLines: s.queue.length });
  s.queue.length = 0;
}
