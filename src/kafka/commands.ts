/**
 * Timeline commands: faults and actions, from a scenario or a click. Each either changes the world
 * and emits a domain event saying what was done, or is refused with a clear reason and changes
 * nothing (recorded as `CommandRejected`).
 */
import type { World } from '../sim/world';
import type { Command } from '../scenario/schema';
import { brokerNodeName } from '../scenario/nodes';
import type { KafkaState } from './state';

export type KafkaWorld = World<KafkaState>;

class CommandError extends Error {}

function nodeId(world: KafkaWorld, name: string): number {
  const id = world.state.model.nodeByName[name];
  if (id === undefined) throw new CommandError(`no node named "${name}"`);
  return id;
}

function broker(world: KafkaWorld, id: number) {
  const b = world.state.model.brokers[String(id)];
  if (b === undefined) throw new CommandError(`no broker ${id} in the cluster`);
  return b;
}

/** "1/10" or 0.1 → [numerator, denominator]. */
export function lossRatio(loss: string | number): [number, number] {
  if (typeof loss === 'string') {
    const [n, d] = loss.split('/').map(Number);
    return [n ?? 0, d ?? 1];
  }
  return [Math.round(loss * 10_000), 10_000];
}

export function applyCommand(world: KafkaWorld, raw: unknown): void {
  const command = raw as Command;
  try {
    apply(world, command);
  } catch (e) {
    if (!(e instanceof CommandError)) throw e;
    world.state.model.rejectedCommands.push({ atMs: world.nowMs, command, error: e.message });
    world.emit('CommandRejected', { command: command.do, error: e.message });
  }
}

function apply(world: KafkaWorld, c: Command): void {
  switch (c.do) {
    case 'crashBroker':
    case 'powerFailBroker': {
      const b = broker(world, c.broker);
      if (b.status !== 'running') throw new CommandError(`broker ${c.broker} is not running (${b.status})`);
      world.crashNode(b.node);
      b.status = 'crashed';
      world.emit('FaultInjected', { fault: c.do, broker: c.broker });
      return;
    }
    case 'shutdownBroker': {
      const b = broker(world, c.broker);
      if (b.status !== 'running') throw new CommandError(`broker ${c.broker} is not running (${b.status})`);
      world.crashNode(b.node);
      b.status = 'stopped';
      world.emit('FaultInjected', { fault: c.do, broker: c.broker });
      return;
    }
    case 'restartBroker': {
      const b = broker(world, c.broker);
      if (b.status === 'running') throw new CommandError(`broker ${c.broker} is already running`);
      world.restartNode(b.node);
      b.status = 'running';
      world.emit('FaultInjected', { fault: c.do, broker: c.broker });
      return;
    }
    case 'crashNode': {
      const id = nodeId(world, c.node);
      if (!world.node(id).up) throw new CommandError(`${c.node} is already down`);
      world.crashNode(id);
      world.emit('FaultInjected', { fault: c.do, node: c.node });
      return;
    }
    case 'restartNode': {
      const id = nodeId(world, c.node);
      if (world.node(id).up) throw new CommandError(`${c.node} is already running`);
      world.restartNode(id);
      world.emit('FaultInjected', { fault: c.do, node: c.node });
      return;
    }
    case 'pauseNode': {
      const id = nodeId(world, c.node);
      if (!world.node(id).up) throw new CommandError(`${c.node} is down; only a running process can stall`);
      world.pauseNode(id, c.durationMs);
      world.emit('FaultInjected', { fault: c.do, node: c.node, durationMs: c.durationMs });
      return;
    }
    case 'isolate': {
      const a = c.a.map((n) => nodeId(world, n));
      const b = c.b.map((n) => nodeId(world, n));
      world.isolate(a, b, c.oneWay);
      world.emit('FaultInjected', { fault: c.do, a: c.a, b: c.b, oneWay: c.oneWay });
      return;
    }
    case 'heal':
      world.healNetwork();
      world.emit('FaultInjected', { fault: c.do });
      return;
    case 'slowLink': {
      const from = nodeId(world, c.from);
      const to = nodeId(world, c.to);
      world.setLinkFault(from, to, { extraLatencyMs: c.extraLatencyMs });
      if (c.bothWays) world.setLinkFault(to, from, { extraLatencyMs: c.extraLatencyMs });
      world.emit('FaultInjected', { fault: c.do, from: c.from, to: c.to, extraLatencyMs: c.extraLatencyMs, bothWays: c.bothWays });
      return;
    }
    case 'dropLink': {
      const from = nodeId(world, c.from);
      const to = nodeId(world, c.to);
      const [lossNumerator, lossDenominator] = lossRatio(c.loss);
      world.setLinkFault(from, to, { lossNumerator, lossDenominator });
      if (c.bothWays) world.setLinkFault(to, from, { lossNumerator, lossDenominator });
      world.emit('FaultInjected', { fault: c.do, from: c.from, to: c.to, loss: `${lossNumerator}/${lossDenominator}`, bothWays: c.bothWays });
      return;
    }
    default:
      // Client, topic and console commands get their meaning in the data-plane and group issues.
      world.emit('CommandIgnored', { command: c.do, reason: 'not modelled yet' });
  }
}

export { brokerNodeName };
