/**
 * A tiny workload for the kernel's own tests and benchmark: nodes ping random peers on jittered
 * timers and answer pings with pongs. A fault injector (its own PRNG stream) can isolate, heal,
 * slow, make lossy, pause, crash and restart nodes. It is not Kafka; it exercises every kernel
 * path (timers, delivery, drops, pauses, crashes) with seeded randomness.
 */
import { World, type Model } from './world';
import type { Message, NodeId } from './types';

export interface PingState {
  tickMs: number;
  /** Emit a domain event for every Nth pong received (0 = never): keeps the bench lean. */
  pongEventEvery: number;
  pongs: number;
  pings: number;
  faults: boolean;
  faultEveryMs: number;
}

export type PingCommand = { do: 'fault' };

export const pingModel: Model<PingState> = {
  onMessage(world: World<PingState>, node: NodeId, msg: Message): void {
    const m = world.state.model;
    if (msg.kind === 'Ping') {
      m.pings++;
      world.send(node, msg.from, 'Pong', msg.payload, 8);
    } else {
      m.pongs++;
      if (m.pongEventEvery > 0 && m.pongs % m.pongEventEvery === 0) {
        world.emit('PongReceived', { node, from: msg.from, pongs: m.pongs });
      }
    }
  },
  onTimer(world: World<PingState>, node: NodeId): void {
    const m = world.state.model;
    const n = world.state.nodes.length;
    const me = world.state.nodes[node];
    if (me === undefined) return;
    // One draw gives both the peer and the next tick's delay.
    const r = world.randomInt(me.name, (n - 1) * m.tickMs);
    const peer = (node + 1 + (r % (n - 1))) % n;
    world.send(node, peer, 'Ping', world.state.steps, 8);
    world.setTimer(node, 1 + Math.floor(r / (n - 1)), 'tick');
  },
  onCommand(world: World<PingState>): void {
    injectRandomFault(world);
    world.scheduleCommand(world.nowMs + world.state.model.faultEveryMs, { do: 'fault' });
  },
};

function injectRandomFault(world: World<PingState>): void {
  const nodes = world.state.nodes;
  const n = nodes.length;
  const pick = (): NodeId => world.randomInt('faults', n);
  switch (world.randomInt('faults', 7)) {
    case 0: {
      const a = [pick(), pick()];
      const b = [pick()];
      const oneWay = world.chance('faults', 1, 2);
      world.isolate(a, b, oneWay);
      world.emit('FaultInjected', { fault: 'isolate', a, b, oneWay });
      break;
    }
    case 1:
      world.healNetwork();
      world.emit('FaultInjected', { fault: 'heal' });
      break;
    case 2: {
      const from = pick();
      const to = pick();
      const extraLatencyMs = 1 + world.randomInt('faults', 50);
      world.setLinkFault(from, to, { extraLatencyMs });
      world.emit('FaultInjected', { fault: 'slowLink', from, to, extraLatencyMs });
      break;
    }
    case 3: {
      const from = pick();
      const to = pick();
      world.setLinkFault(from, to, { lossNumerator: 1, lossDenominator: 3 });
      world.emit('FaultInjected', { fault: 'dropLink', from, to, loss: '1/3' });
      break;
    }
    case 4: {
      const node = pick();
      const durationMs = 1 + world.randomInt('faults', 200);
      world.pauseNode(node, durationMs);
      world.emit('FaultInjected', { fault: 'pauseNode', node, durationMs });
      break;
    }
    case 5: {
      const node = pick();
      const target = nodes[node];
      if (target?.up === true) {
        world.crashNode(node);
        world.emit('FaultInjected', { fault: 'crash', node });
      }
      break;
    }
    default: {
      const down = nodes.filter((x) => !x.up);
      if (down.length > 0) {
        const target = down[world.randomInt('faults', down.length)];
        if (target !== undefined) {
          world.restartNode(target.id);
          world.setTimer(target.id, 1, 'tick');
          world.emit('FaultInjected', { fault: 'restart', node: target.id });
        }
      }
    }
  }
}

export interface PingOptions {
  seed: number;
  nodes: number;
  latencyMs?: number;
  jitterMs?: number;
  tickMs?: number;
  faults?: boolean;
  faultEveryMs?: number;
  pongEventEvery?: number;
}

export function createPingWorld(o: PingOptions): World<PingState> {
  const state: PingState = {
    tickMs: o.tickMs ?? 10,
    pongEventEvery: o.pongEventEvery ?? 0,
    pongs: 0,
    pings: 0,
    faults: o.faults ?? false,
    faultEveryMs: o.faultEveryMs ?? 100,
  };
  const world = World.create(o.seed, { latencyMs: o.latencyMs ?? 2, jitterMs: o.jitterMs ?? 3 }, state, pingModel);
  for (let i = 0; i < o.nodes; i++) world.addNode(`node-${i}`, 'ping');
  for (let i = 0; i < o.nodes; i++) world.setTimer(i, 1 + world.randomInt(`node-${i}`, state.tickMs), 'tick');
  if (state.faults) world.scheduleCommand(state.faultEveryMs, { do: 'fault' });
  return world;
}
