/**
 * The Kafka console: a terminal inside the world. Every line a person types (or a lesson's
 * timeline holds) is the command `{ do: 'console', line }` at its simulated time; `^C` and `^D`
 * stand for Ctrl-C and Ctrl-D. In the shell, a line runs one of Kafka's command-line tools
 * against the simulated cluster; kafka-console-producer.sh and kafka-console-consumer.sh stay in
 * the foreground (modes 'producer' and 'consumer') with a real simulated client until ^C.
 *
 * While a client tool runs, the console watches it with a tick every `CONSOLE_TICK_MS` (a queued
 * command `{ do: 'console', tick: true }`): records handed to the console consumer are printed
 * with the time poll() returned them, the producer's blocked lines are handed to send(), and
 * failed sends are reported. Everything is world state; nothing here reads a clock.
 */
import type { KafkaWorld } from '../world';
import { kafkaTopics } from './topics';
import { kafkaConsoleProducer, closeConsoleProducer, feedProducer, produceLine, reportProducerErrors } from './producer';
import { kafkaConsoleConsumer, printDeliveries, stopConsoleConsumer } from './consumer';
import { kafkaConsumerGroups } from './groups';
import { kafkaConfigs } from './configs';
import { tokenize } from './tokenize';
import type { ToolContext } from './context';
import { newConsoleState, print, type ConsoleState } from './types';

export type { ConsoleLine, ConsoleMode, ConsoleState } from './types';
export { newConsoleState, CONSOLE_MAX_LINES } from './types';

/** How often a running client tool is looked at (simulated ms). */
export const CONSOLE_TICK_MS = 10;

export const SHELL_PROMPT = '$ ';
export const PRODUCER_PROMPT = '>';

const TOOLS: Record<string, (ctx: ToolContext, args: readonly string[]) => void> = {
  'kafka-topics': kafkaTopics,
  'kafka-console-producer': kafkaConsoleProducer,
  'kafka-console-consumer': kafkaConsoleConsumer,
  'kafka-consumer-groups': kafkaConsumerGroups,
  'kafka-configs': kafkaConfigs,
};

const SERVER_SCRIPTS = ['kafka-server-start', 'kafka-server-stop', 'zookeeper-server-start', 'zookeeper-server-stop', 'kafka-storage'];

const HELP = [
  'Kafka command-line tools against the simulated cluster (Kafka 3.x flags):',
  '  kafka-topics.sh --bootstrap-server localhost:9092 --create --topic T --partitions 3 --replication-factor 3',
  '  kafka-topics.sh --bootstrap-server localhost:9092 --list | --describe [--topic T]',
  '  kafka-console-producer.sh --bootstrap-server localhost:9092 --topic T [--property parse.key=true --property key.separator=:]',
  '  kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic T [--from-beginning] [--group G] [--property print.key=true] [--max-messages N]',
  '  kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list | --describe --group G',
  '  kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group G --topic T --to-earliest|--to-latest|--to-offset N [--execute]',
  '  kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name T --add-config retention.ms=60000',
  'Each tool answers --help. Ctrl-C (^C) stops the console producer or consumer; Ctrl-D (^D) ends the producer\'s input.',
  'Shell: help, clear.',
];

/** The console state, created on first use (worlds built before the console existed have none). */
export function consoleOf(world: KafkaWorld): ConsoleState {
  const m = world.state.model;
  m.console ??= newConsoleState();
  return m.console;
}

function context(world: KafkaWorld, c: ConsoleState): ToolContext {
  return {
    world,
    console: c,
    out: (text) => print(c, world.nowMs, 'output', text),
    err: (text) => print(c, world.nowMs, 'error', text),
    outAt: (atMs, text) => print(c, atMs, 'output', text),
  };
}

/** `bin/kafka-topics.sh`, `./kafka-topics.sh`, `kafka-topics`, `kafka-topics.bat` → `kafka-topics`. */
function toolName(word: string): string {
  const base = word.slice(word.lastIndexOf('/') + 1);
  return base.endsWith('.sh') || base.endsWith('.bat') ? base.slice(0, base.lastIndexOf('.')) : base;
}

/**
 * The course types its commands in Windows' cmd: `.\bin\windows\kafka-topics.bat --create …`.
 * cmd does not treat `\` as an escape, so the tool's path is cut off before the shell-like split.
 */
function windowsTool(line: string): string {
  return line.replace(/^\s*[A-Za-z0-9_.:>-]*\\(?:[^\\\s]*\\)*([a-z][a-z0-9-]*\.bat)(?=\s|$)/, '$1');
}

/** Applies `{ do: 'console', line }` (or the console's own watch tick). */
export function applyConsoleCommand(world: KafkaWorld, command: { line?: unknown; tick?: unknown }): void {
  const c = consoleOf(world);
  const ctx = context(world, c);
  watch(ctx);
  if (command.tick === true) {
    if (c.tickAtMs === world.nowMs) c.tickAtMs = -1;
  } else {
    typed(ctx, typeof command.line === 'string' ? command.line : '');
  }
  armTick(ctx);
}

/** Catches up with the running client tool. */
function watch(ctx: ToolContext): void {
  const c = ctx.console;
  if (c.mode === 'consumer' && c.consumer !== null) {
    if (printDeliveries(ctx, c.consumer)) {
      stopConsoleConsumer(ctx, c.consumer);
      c.consumer = null;
      c.mode = 'shell';
    }
  } else if (c.mode === 'producer' && c.producer !== null) {
    feedProducer(ctx, c.producer);
    reportProducerErrors(ctx, c.producer);
    finishClosing(ctx);
  }
}

/** A closing console producer whose lines are all in send(): close() flushes and returns. */
function finishClosing(ctx: ToolContext): void {
  const c = ctx.console;
  const s = c.producer;
  if (s === null || s.closing !== true) return;
  const p = ctx.world.state.model.producers[s.producerId];
  if (s.queue.length > 0 && p !== undefined && p.status === 'running') return;
  if (p !== undefined && p.app.pending !== null && p.status === 'running') return;
  closeConsoleProducer(ctx, s);
  reportProducerErrors(ctx, s);
  c.producer = null;
  c.mode = 'shell';
}

function armTick(ctx: ToolContext): void {
  const c = ctx.console;
  if (c.mode === 'shell' || c.tickAtMs >= 0) return;
  c.tickAtMs = ctx.world.nowMs + CONSOLE_TICK_MS;
  ctx.world.scheduleCommand(c.tickAtMs, { do: 'console', tick: true });
}

function typed(ctx: ToolContext, line: string): void {
  const c = ctx.console;
  const now = ctx.world.nowMs;
  if (c.mode === 'producer' && c.producer !== null) {
    print(c, now, 'input', `${PRODUCER_PROMPT}${line}`);
    if (c.producer.closing === true) return;
    if (line === '^C' || line === '^D') {
      c.producer.closing = true;
      feedProducer(ctx, c.producer);
      finishClosing(ctx);
      return;
    }
    const error = produceLine(ctx, c.producer, line);
    if (error !== null) {
      ctx.err(error);
      closeConsoleProducer(ctx, c.producer);
      c.producer = null;
      c.mode = 'shell';
    }
    return;
  }
  if (c.mode === 'consumer' && c.consumer !== null) {
    // The terminal echoes what is typed; the console consumer does not read its input.
    print(c, now, 'input', line);
    if (line === '^C') {
      stopConsoleConsumer(ctx, c.consumer);
      c.consumer = null;
      c.mode = 'shell';
    }
    return;
  }
  c.mode = 'shell';
  print(c, now, 'input', `${SHELL_PROMPT}${line}`);
  shell(ctx, line);
}

function shell(ctx: ToolContext, line: string): void {
  const c = ctx.console;
  if (line === '^C' || line === '^D') return;
  const t = tokenize(windowsTool(line));
  if (!t.ok) {
    ctx.err(`bash: ${t.error}`);
    return;
  }
  const [first, ...args] = t.words;
  if (first === undefined) return;
  if (first === 'help') {
    for (const l of HELP) ctx.out(l);
    return;
  }
  if (first === 'clear') {
    c.droppedLines += c.lines.length;
    c.lines = [];
    return;
  }
  const name = toolName(first);
  const tool = TOOLS[name];
  if (tool !== undefined && Object.prototype.hasOwnProperty.call(TOOLS, name)) {
    tool(ctx, args);
    return;
  }
  if (SERVER_SCRIPTS.includes(name)) {
    ctx.err(`${first}: the simulated cluster is already running; stop or restart brokers with the fault controls (crashBroker, restartBroker).`);
    return;
  }
  ctx.err(`bash: ${first}: command not found`);
}
