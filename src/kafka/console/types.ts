/**
 * The Kafka console's state (plain data in the world): the shell's mode, the tool running in the
 * foreground with its client, and the terminal's output.
 */

export type ConsoleMode = 'shell' | 'producer' | 'consumer';

export interface ConsoleLine {
  atMs: number;
  /** 'input': what was typed, with its prompt; 'output': stdout; 'error': stderr and failures. */
  kind: 'input' | 'output' | 'error';
  text: string;
}

/** kafka-console-producer.sh in the foreground. */
export interface ConsoleProducerSession {
  /** The producer's id in `KafkaState.producers` (its node is `producer-<id>`). */
  producerId: string;
  clientId: string;
  topic: string;
  parseKey: boolean;
  keySeparator: string;
  ignoreError: boolean;
  /** LineMessageReader's line counter. */
  lineNumber: number;
  /** Lines read but not yet accepted by send() (it blocks on metadata or buffer memory). */
  queue: { key: string | null; value: string }[];
  /** How far `history.sends` has been read for this producer's failures. */
  sendsSeen: number;
  /**
   * ^C or ^D was typed: the tool calls close(), which returns once every line read has been
   * handed to send() and sent; the prompt comes back then.
   */
  closing?: boolean;
}

/** kafka-console-consumer.sh in the foreground. */
export interface ConsoleConsumerSession {
  /** The consumer's node name, its key in `KafkaState.consumers` and its client id. */
  consumer: string;
  groupId: string;
  printKey: boolean;
  printValue: boolean;
  printPartition: boolean;
  printOffset: boolean;
  keySeparator: string;
  /** --max-messages, or -1. */
  maxMessages: number;
  /** Messages printed so far. */
  count: number;
  /** How far `history.deliveries` has been read. */
  deliveriesSeen: number;
}

export interface ConsoleState {
  mode: ConsoleMode;
  /** The last lines (at most `CONSOLE_MAX_LINES`). */
  lines: ConsoleLine[];
  /** Lines dropped from the front to keep the cap. */
  droppedLines: number;
  producer: ConsoleProducerSession | null;
  consumer: ConsoleConsumerSession | null;
  /** Clients started from the console so far (their names count from 1). */
  producersStarted: number;
  consumersStarted: number;
  /** When the queued watch tick runs (-1: none queued). */
  tickAtMs: number;
}

export const CONSOLE_MAX_LINES = 1_000;

export function newConsoleState(): ConsoleState {
  return { mode: 'shell', lines: [], droppedLines: 0, producer: null, consumer: null, producersStarted: 0, consumersStarted: 0, tickAtMs: -1 };
}

export function print(c: ConsoleState, atMs: number, kind: ConsoleLine['kind'], text: string): void {
  for (const t of text.split('\n')) c.lines.push({ atMs, kind, text: t });
  const extra = c.lines.length - CONSOLE_MAX_LINES;
  if (extra > 0) {
    c.lines.splice(0, extra);
    c.droppedLines += extra;
  }
}
