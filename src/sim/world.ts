/**
 * The world: plain state plus the model's behaviour.
 *
 * What one `step()` does, in order:
 *  0. if the next script command is due before the earliest queued event (or the queue is empty),
 *     run it instead: the clock jumps to its `atMs`, the step is counted and hashed, and
 *     `model.onCommand` runs it. A command at t thus runs after every event due at t;
 *  1. pop the earliest event by (atMs, seq); the clock jumps to its `atMs` (never backwards);
 *  2. mix (atMs, seq, type, node) into the trace hash and count the step;
 *  3. if the event targets a node that is paused, park it on that node (replayed at resume);
 *  4. dispatch it:
 *     - deliver: dropped if the link is now blocked or the receiver is down or restarted since
 *       the send; otherwise handed to `model.onMessage`;
 *     - timer:   ignored if its owner crashed since it was set; otherwise `model.onTimer`;
 *     - command: `model.onCommand` (scenario timeline and UI clicks alike);
 *     - resume:  the node's parked events are re-queued at `nowMs`, in their original order.
 * Handlers change state only through this class (send, setTimer, emit, random draws, node and
 * link changes), so every effect is ordered by the queue and every run is reproducible.
 *
 * The state is plain data: `World.fromState(structuredClone(w.state), model)` continues the exact
 * same run (a checkpoint).
 */
import { hashHex, mixInt, mixString, newTraceHash } from './hash';
import { heapPeek, heapPop, heapPush } from './queue';
import { chance, randomInt, streamFor, type StreamState } from './random';
import { clearLinkFaults, isBlocked, linkFault, newNetwork, recordDrop, updateLink } from './network';
import {
  EV_COMMAND,
  EV_DELIVER,
  EV_RESUME,
  EV_TIMER,
  DISCONNECTED,
  type DisconnectedPayload,
  type DomainEvent,
  type KernelEvent,
  type ScriptEntry,
  type LinkFault,
  type Message,
  type NetworkConfig,
  type NodeId,
  type NodeState,
  type WorldState,
} from './types';

export interface Model<M> {
  onMessage(world: World<M>, node: NodeId, msg: Message): void;
  onTimer(world: World<M>, node: NodeId, name: string, data: unknown): void;
  onCommand(world: World<M>, command: unknown): void;
}

export const NETWORK_STREAM = 'network';
/** Linux's minimum TCP retransmission timeout. */
export const TCP_MIN_RTO_MS = 200;
/** Linux's cap on the retransmission timeout (TCP_RTO_MAX). */
export const TCP_MAX_RTO_MS = 120_000;
/** Linux's tcp_retries2: retransmissions before the connection is given up (about 15 minutes). */
export const TCP_MAX_RETRANSMISSIONS = 15;

export class World<M = unknown> {
  /** The network's PRNG stream (an array inside `state.rng`), looked up once per World. */
  private netStream: StreamState | null = null;

  constructor(
    readonly state: WorldState<M>,
    readonly model: Model<M>,
  ) {}

  static create<M>(seed: number, network: NetworkConfig, modelState: M, model: Model<M>): World<M> {
    const state: WorldState<M> = {
      formatVersion: 1,
      seed,
      nowMs: 0,
      seq: 0,
      steps: 0,
      queue: [],
      nodes: [],
      network: newNetwork(network),
      rng: {},
      events: [],
      hash: newTraceHash(),
      script: [],
      scriptCursor: 0,
      model: modelState,
    };
    return new World(state, model);
  }

  /** Continue from a checkpoint (a structured clone of some world's state). */
  static fromState<M>(state: WorldState<M>, model: Model<M>): World<M> {
    return new World(state, model);
  }

  get nowMs(): number {
    return this.state.nowMs;
  }

  get traceHash(): string {
    return hashHex(this.state.hash);
  }

  // ---------------------------------------------------------------- the loop

  /** Runs the next event. Returns false when the queue is empty. */
  step(): boolean {
    const s = this.state;
    const cmd = s.script[s.scriptCursor];
    if (cmd !== undefined) {
      const head = heapPeek(s.queue);
      if (head === undefined || cmd.atMs < head.atMs) {
        s.scriptCursor++;
        if (cmd.atMs > s.nowMs) s.nowMs = cmd.atMs;
        s.steps++;
        const seq = s.seq++;
        mixInt(s.hash, s.nowMs * 8 + EV_COMMAND);
        mixInt(s.hash, seq * 4096);
        this.model.onCommand(this, cmd.command);
        return true;
      }
    }
    const ev = heapPop(s.queue);
    if (ev === undefined) return false;
    s.nowMs = ev.atMs;
    s.steps++;
    const h = s.hash;
    // Packed: type < 8, node + 1 < 4096, and both products stay below 2^53 for any real run.
    mixInt(h, ev.atMs * 8 + ev.type);
    mixInt(h, ev.seq * 4096 + ev.node + 1);
    this.dispatch(ev);
    return true;
  }

  /** Runs every event due at or before `untilMs`, then sets the clock to `untilMs`. */
  runUntil(untilMs: number): void {
    for (;;) {
      const next = this.nextEventAtMs();
      if (next === undefined || next > untilMs) break;
      this.step();
    }
    if (untilMs > this.state.nowMs) this.state.nowMs = untilMs;
  }

  /** Time of the next event, or undefined when nothing is scheduled. */
  nextEventAtMs(): number | undefined {
    const q = heapPeek(this.state.queue)?.atMs;
    const c = this.state.script[this.state.scriptCursor]?.atMs;
    if (c === undefined) return q;
    return q === undefined || c < q ? c : q;
  }

  private dispatch(ev: KernelEvent): void {
    const s = this.state;
    if (ev.type === EV_COMMAND) {
      this.model.onCommand(this, ev.data);
      return;
    }
    const node = s.nodes[ev.node] as NodeState;
    if (ev.type === EV_RESUME) {
      this.resumeNow(node);
      return;
    }
    if (node.pausedUntilMs > s.nowMs) {
      node.deferred.push(ev);
      return;
    }
    if (ev.type === EV_DELIVER) {
      const msg = ev.data as Message;
      const net = s.network;
      if (isBlocked(net, msg.from, msg.to)) {
        this.drop(msg, 'partition');
      } else if (!node.up) {
        this.drop(msg, 'receiver-down');
        if (node.resetsConnections) this.bounce(msg);
      } else if (node.incarnation !== msg.toIncarnation) {
        this.drop(msg, 'connection-reset');
        this.bounce(msg);
      } else {
        net.deliveredCount++;
        this.model.onMessage(this, ev.node, msg);
      }
      return;
    }
    if (ev.type === EV_TIMER) {
      if (node.up && ev.inc === node.incarnation) this.model.onTimer(this, ev.node, ev.name, ev.data);
      return;
    }
    throw new Error(`kernel: unknown event type ${ev.type}`);
  }

  private enqueue(atMs: number, type: number, node: NodeId, inc: number, name: string, data: unknown): void {
    const s = this.state;
    heapPush(s.queue, { atMs, seq: s.seq++, type, node, inc, name, data });
  }

  // ---------------------------------------------------------------- nodes

  addNode(name: string, kind: string): NodeId {
    const nodes = this.state.nodes;
    if (nodes.length >= 4095) throw new Error('kernel: at most 4095 nodes');
    if (nodes.some((n) => n.name === name)) throw new Error(`kernel: a node named ${name} already exists`);
    const id = nodes.length;
    nodes.push({ id, name, kind, up: true, incarnation: 0, resetsConnections: true, pausedUntilMs: 0, deferred: [] });
    return id;
  }

  node(id: NodeId): NodeState {
    const n = this.state.nodes[id];
    if (n === undefined) throw new Error(`kernel: no node ${id}`);
    return n;
  }

  nodeByName(name: string): NodeState | undefined {
    return this.state.nodes.find((n) => n.name === name);
  }

  /**
   * The process dies: its timers are void and its open connections reset. With `machineDown`
   * (a power failure) nothing answers for it: senders hear nothing and must time out.
   */
  crashNode(id: NodeId, machineDown = false): void {
    const n = this.node(id);
    n.up = false;
    n.resetsConnections = !machineDown;
    n.incarnation++;
    n.pausedUntilMs = 0;
    n.deferred = [];
  }

  /**
   * The process starts again as a new incarnation: nothing sent to the old process (or to the
   * dead one) reaches it, as a restarted server accepts only new connections. The model
   * re-initialises its own state.
   */
  restartNode(id: NodeId): void {
    const n = this.node(id);
    n.up = true;
    n.incarnation++;
  }

  /** A stop-the-world pause (GC stall) of `durationMs`: nothing runs on the node until it ends. */
  pauseNode(id: NodeId, durationMs: number): void {
    const n = this.node(id);
    const until = this.state.nowMs + durationMs;
    if (until <= n.pausedUntilMs) return;
    n.pausedUntilMs = until;
    this.enqueue(until, EV_RESUME, id, n.incarnation, '', null);
  }

  isPaused(id: NodeId): boolean {
    return this.node(id).pausedUntilMs > this.state.nowMs;
  }

  private resumeNow(n: NodeState): void {
    // A later pause may have extended this one; only the last resume replays.
    if (n.pausedUntilMs > this.state.nowMs) return;
    const parked = n.deferred;
    n.deferred = [];
    for (const ev of parked) this.enqueue(this.state.nowMs, ev.type, ev.node, ev.inc, ev.name, ev.data);
  }

  // ---------------------------------------------------------------- time and commands

  setTimer(node: NodeId, delayMs: number, name: string, data: unknown = null): void {
    if (!(delayMs >= 0) || !Number.isInteger(delayMs)) {
      throw new Error(`kernel: timer ${name} needs a whole, non-negative delay, got ${delayMs}`);
    }
    this.enqueue(this.state.nowMs + delayMs, EV_TIMER, node, this.node(node).incarnation, name, data);
  }

  /**
   * Adds a command to the run's script: after every entry due at or before `atMs` (so commands
   * at one time run in the order given). It may not be earlier than the clock.
   */
  addCommand(atMs: number, command: unknown, source: ScriptEntry['source'] = 'scenario'): void {
    const s = this.state;
    if (!Number.isInteger(atMs) || atMs < s.nowMs) throw new Error(`kernel: a command at ${atMs} ms is in the past (now ${s.nowMs} ms)`);
    let i = s.script.length;
    while (i > s.scriptCursor && (s.script[i - 1] as ScriptEntry).atMs > atMs) i--;
    s.script.splice(i, 0, { atMs, command, source });
  }

  /** Drops the person's commands not yet run (a fork: the future after this point is gone). */
  dropFutureUserCommands(): void {
    const s = this.state;
    s.script = [...s.script.slice(0, s.scriptCursor), ...s.script.slice(s.scriptCursor).filter((e) => e.source !== 'user')];
  }

  /** Queues a command as a plain event (tests): it runs in (atMs, seq) order among the others. */
  scheduleCommand(atMs: number, command: unknown): void {
    if (atMs < this.state.nowMs) throw new Error(`kernel: a command at ${atMs} ms is in the past`);
    this.enqueue(atMs, EV_COMMAND, -1, 0, '', command);
  }

  // ---------------------------------------------------------------- network

  /**
   * Puts a message on the wire from `from` to `to`. Returns the message, or undefined when it was
   * dropped at once (partition or loss). A paused or down sender cannot send.
   */
  send<P>(from: NodeId, to: NodeId, kind: string, payload: P, sizeBytes = 0): Message<P> | undefined {
    const s = this.state;
    const net = s.network;
    const sender = s.nodes[from] as NodeState;
    if (!sender.up || sender.pausedUntilMs > s.nowMs) return undefined;
    const receiver = s.nodes[to];
    if (receiver === undefined) throw new Error(`kernel: send to unknown node ${to}`);
    const fault = linkFault(net, from, to);
    let delay = net.config.latencyMs;
    if (net.config.jitterMs > 0) delay += randomInt((this.netStream ??= streamFor(s.rng, s.seed, NETWORK_STREAM)), net.config.jitterMs + 1);
    if (fault !== undefined) delay += fault.extraLatencyMs;
    let lastRow = net.lastDeliverAtMs[from];
    if (lastRow === undefined) {
      lastRow = [];
      net.lastDeliverAtMs[from] = lastRow;
    }
    const last = lastRow[to] ?? 0;
    const msg: Message<P> = {
      id: net.nextMessageId++,
      from,
      to,
      sentAtMs: s.nowMs,
      deliverAtMs: s.nowMs + delay,
      kind,
      sizeBytes,
      toIncarnation: receiver.incarnation,
      payload,
    };
    net.sentCount++;
    if (fault !== undefined) {
      if (fault.blocked) {
        this.drop(msg, 'partition');
        return undefined;
      }
      if (fault.lossNumerator > 0) {
        // TCP over a lossy path: a lost segment is sent again after the retransmission timeout,
        // doubling each time (capped), and everything behind it on the connection waits (the
        // FIFO clamp below). When TCP gives up, the connection is reset at that moment: the
        // message is dropped on arrival and its sender hears of it.
        const stream = (this.netStream ??= streamFor(s.rng, s.seed, NETWORK_STREAM));
        let rtoMs = TCP_MIN_RTO_MS;
        let tries = 0;
        while (tries <= TCP_MAX_RETRANSMISSIONS && chance(stream, fault.lossNumerator, fault.lossDenominator)) {
          tries++;
          msg.deliverAtMs += rtoMs;
          rtoMs = Math.min(rtoMs * 2, TCP_MAX_RTO_MS);
        }
        if (tries > TCP_MAX_RETRANSMISSIONS) msg.toIncarnation = -1;
        if (tries > 0) net.retransmittedCount++;
      }
    }
    if (msg.deliverAtMs < last) msg.deliverAtMs = last;
    lastRow[to] = msg.deliverAtMs;
    this.enqueue(msg.deliverAtMs, EV_DELIVER, to, 0, '', msg);
    return msg;
  }

  /**
   * The receiver's side reset the connection: the sender gets a `Disconnected` message back after
   * one base latency (no jitter draw, so bouncing does not shift the network's random stream).
   */
  /**
   * A process that dies resets the connections on which peers still wait for an answer (a request
   * it had parked): the model calls this for each, so the peer gets its `Disconnected`.
   */
  resetConnection(deadNode: NodeId, peer: NodeId, requestKind: string, request: unknown): void {
    const peerNode = this.node(peer);
    this.bounce({ id: 0, from: peer, to: deadNode, sentAtMs: this.nowMs, deliverAtMs: this.nowMs, kind: requestKind, sizeBytes: 0, toIncarnation: peerNode.incarnation, payload: request });
  }

  private bounce(msg: Message): void {
    const s = this.state;
    const sender = s.nodes[msg.from] as NodeState;
    if (!sender.up) return;
    const net = s.network;
    const row = net.lastDeliverAtMs[msg.to] ?? (net.lastDeliverAtMs[msg.to] = []);
    const deliverAtMs = Math.max(s.nowMs + net.config.latencyMs, row[msg.from] ?? 0);
    row[msg.from] = deliverAtMs;
    const payload: DisconnectedPayload = { requestKind: msg.kind, request: msg.payload };
    const back: Message<DisconnectedPayload> = {
      id: net.nextMessageId++,
      from: msg.to,
      to: msg.from,
      sentAtMs: s.nowMs,
      deliverAtMs,
      kind: DISCONNECTED,
      sizeBytes: 0,
      toIncarnation: sender.incarnation,
      payload,
    };
    net.sentCount++;
    this.enqueue(deliverAtMs, EV_DELIVER, msg.from, 0, '', back);
  }

  private drop(msg: Message, reason: 'partition' | 'loss' | 'receiver-down' | 'connection-reset'): void {
    recordDrop(this.state.network, msg, this.state.nowMs, reason);
    const h = this.state.hash;
    mixInt(h, msg.id);
    mixInt(h, reason.length);
  }

  /** Blocks traffic from every node of `a` to every node of `b` (and back unless `oneWay`). */
  isolate(a: readonly NodeId[], b: readonly NodeId[], oneWay = false): void {
    for (const x of a) {
      for (const y of b) {
        if (x === y) continue;
        updateLink(this.state.network, x, y, { blocked: true });
        if (!oneWay) updateLink(this.state.network, y, x, { blocked: true });
      }
    }
  }

  setLinkFault(from: NodeId, to: NodeId, change: Partial<LinkFault>): void {
    updateLink(this.state.network, from, to, change);
  }

  /** Heals every network fault: partitions, slow links and lossy links. */
  healNetwork(): void {
    clearLinkFaults(this.state.network);
  }

  /** Messages currently on the wire (for views): scans the queue, so call it per frame, not per event. */
  inFlight(): Message[] {
    const out: Message[] = [];
    for (const ev of this.state.queue) if (ev.type === EV_DELIVER) out.push(ev.data as Message);
    for (const n of this.state.nodes) for (const ev of n.deferred) if (ev.type === EV_DELIVER) out.push(ev.data as Message);
    return out.sort((x, y) => x.id - y.id);
  }

  // ---------------------------------------------------------------- randomness

  /** A uniform integer in [0, boundExclusive) from the component's own stream. */
  randomInt(componentId: string, boundExclusive: number): number {
    return randomInt(streamFor(this.state.rng, this.state.seed, componentId), boundExclusive);
  }

  chance(componentId: string, numerator: number, denominator: number): boolean {
    return chance(streamFor(this.state.rng, this.state.seed, componentId), numerator, denominator);
  }

  // ---------------------------------------------------------------- domain events

  emit(type: string, fields: Record<string, unknown> = {}): DomainEvent {
    const s = this.state;
    const ev: DomainEvent = { ...fields, index: s.events.length, atMs: s.nowMs, type };
    s.events.push(ev);
    mixString(s.hash, JSON.stringify(ev));
    return ev;
  }
}
