/** Plain-data types of the kernel. Everything here survives `structuredClone` unchanged. */
import type { TraceHash } from './hash';
import type { RandomStreams } from './random';

/** A node's index in `WorldState.nodes`; stable for the whole run. */
export type NodeId = number;

export interface NodeState {
  id: NodeId;
  /** Stable, human-readable id: `broker-1`, `zk-1`, `producer-p1`. Also its PRNG stream id. */
  name: string;
  kind: string;
  /** False while the process is down (crashed or shut down). */
  up: boolean;
  /** Bumped at every crash: timers and connections of an older incarnation are dead. */
  incarnation: number;
  /**
   * While down: true when the machine is up but the process is gone, so its operating system
   * answers with a reset (senders learn of it at once); false when the machine itself is gone
   * (power failure): senders hear nothing and time out.
   */
  resetsConnections: boolean;
  /** While `nowMs < pausedUntilMs` the node neither runs handlers nor sends (a GC stall). */
  pausedUntilMs: number;
  /** Events that fell due while paused, replayed in order when the node resumes. */
  deferred: KernelEvent[];
}

/**
 * A message on the wire. Kafka runs on TCP: per connection (from → to) delivery is FIFO and never
 * duplicated; `deliverAtMs` never precedes the previous message's on the same connection.
 */
export interface Message<P = unknown> {
  id: number;
  from: NodeId;
  to: NodeId;
  sentAtMs: number;
  deliverAtMs: number;
  /** Request or response name (`Produce`, `FetchResponse`…), for the UI's filters. */
  kind: string;
  sizeBytes: number;
  /** The receiver's incarnation at send time: a restart closes old connections. */
  toIncarnation: number;
  payload: P;
}

export const EV_DELIVER = 0;
export const EV_TIMER = 1;
export const EV_COMMAND = 2;
export const EV_RESUME = 3;

/**
 * One entry of the queue. A single object shape for every kind keeps the hot loop monomorphic.
 * - deliver: `node` = receiver, `data` = the Message
 * - timer:   `node` = owner, `inc` = owner's incarnation when set, `name` + `data` = the model's
 * - command: `data` = the command (plain data from the scenario or the UI)
 * - resume:  `node` = the paused node
 */
export interface KernelEvent {
  atMs: number;
  seq: number;
  type: number;
  node: NodeId;
  inc: number;
  name: string;
  data: unknown;
}

export interface LinkFault {
  /** Messages from → to are dropped (a network partition, possibly one-way). */
  blocked: boolean;
  /** Added to the base latency on this link (a slow link). */
  extraLatencyMs: number;
  /** Loss ratio lossNumerator/lossDenominator of packets on this link (TCP resends them). */
  lossNumerator: number;
  lossDenominator: number;
}

export interface NetworkConfig {
  latencyMs: number;
  jitterMs: number;
}

export type DropReason = 'partition' | 'loss' | 'receiver-down' | 'connection-reset';

/** Kind of the message a sender gets back when its connection was reset (TCP RST). */
export const DISCONNECTED = 'Disconnected';

/** Payload of a `Disconnected` message: which request never got through. */
export interface DisconnectedPayload {
  requestKind: string;
  request: unknown;
}

export interface DroppedMessage {
  msg: Message;
  droppedAtMs: number;
  reason: DropReason;
}

export interface NetworkState {
  config: NetworkConfig;
  /** Directed link faults keyed by `linkKey(from, to)`; absent = a healthy link. */
  links: Record<string, LinkFault>;
  /** How many entries `links` has: the hot path skips the lookup when there are none. */
  faultyLinkCount: number;
  /** Last delivery time per connection, `lastDeliverAtMs[from][to]` (FIFO under jitter). */
  lastDeliverAtMs: number[][];
  nextMessageId: number;
  sentCount: number;
  deliveredCount: number;
  droppedCount: number;
  /** Messages that were late because a lossy link made TCP send them again. */
  retransmittedCount: number;
  /** The most recent drops, for the UI to show them falling. Bounded. */
  recentDrops: DroppedMessage[];
}

/** A domain event: what happened, in the model's words. `type` doubles as the i18n key. */
export interface DomainEvent {
  /** Position in the log (0-based). */
  index: number;
  atMs: number;
  type: string;
  [field: string]: unknown;
}

/** One command of the run's script. `source` tells the scenario's own from a person's. */
export interface ScriptEntry {
  atMs: number;
  command: unknown;
  source: 'scenario' | 'user';
}

export interface WorldState<M = unknown> {
  formatVersion: 1;
  seed: number;
  nowMs: number;
  /** Next queue sequence number: ties at one millisecond run in scheduling order. */
  seq: number;
  /** Kernel events processed so far. */
  steps: number;
  queue: KernelEvent[];
  nodes: NodeState[];
  network: NetworkState;
  rng: RandomStreams;
  events: DomainEvent[];
  hash: TraceHash;
  /**
   * The run's commands in the order they run (the scenario's timeline, then what a person does).
   * Entry `scriptCursor` is the next to run. A command due at `atMs` runs once every event due at
   * or before `atMs` has run, so a command added at the current time while paused runs exactly
   * where the same command, read from a file, runs in a replay.
   */
  script: ScriptEntry[];
  scriptCursor: number;
  /** The model's own state (plain data). */
  model: M;
}
