/**
 * Timeline commands: faults and actions, from a scenario or a click. Each either changes the world
 * and emits a domain event saying what was done, or is refused with a clear reason and changes
 * nothing (recorded as `CommandRejected`).
 */
import type { Command } from '../scenario/schema';
import { getOwn } from './dict';
import { resolveConfig, resolveTopicConfig } from './config/resolve';
import type { ProducerConfig, TopicConfig } from './config/types';
import type { Replica } from './state';
import type { ConfigValue } from './protocol/messages';
import { crashBroker, powerFailBroker, startBroker, stopBrokerProcess } from './broker/broker';
import { activeController, clusterTopics, createTopic } from './controller/controller';
import { electPreferredLeaders, startControlledShutdown } from './controller/zk-controller';
import { crashZkServer, startZkServer } from './zookeeper';
import { crashKraftController, startKraftController } from './controller/kraft/controller-node';
import { requestControlledShutdown, sendToActiveController } from './controller/kraft/broker-metadata';
import { addConsumer, crashConsumer, pauseConsumer, resetOffsets, slowConsumer, stopConsumer } from './client/consumer-commands';
import { resumeProducer, setProducerConfig, stopProducer, type ProducerState } from './client/producer';
import type { KafkaWorld } from './world';
import { applyConsoleCommand } from './console/console';
import { registerSchemaCommand, setCompatibilityCommand, setProducerSchema } from './schema-registry/commands';

class CommandError extends Error {}

function nodeId(world: KafkaWorld, name: string): number {
  const id = getOwn(world.state.model.nodeByName, name);
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
    case 'crashBroker': {
      const b = broker(world, c.broker);
      if (b.status !== 'running') throw new CommandError(`broker ${c.broker} is not running (${b.status})`);
      world.crashNode(b.node);
      crashBroker(world, b);
      world.emit('FaultInjected', { fault: c.do, broker: c.broker });
      return;
    }
    case 'powerFailBroker': {
      const b = broker(world, c.broker);
      if (b.status !== 'running') throw new CommandError(`broker ${c.broker} is not running (${b.status})`);
      world.crashNode(b.node, true);
      const recordsLost = powerFailBroker(b);
      world.emit('FaultInjected', { fault: c.do, broker: c.broker, unflushedRecordsLost: recordsLost });
      return;
    }
    case 'shutdownBroker': {
      const b = broker(world, c.broker);
      if (b.status !== 'running') throw new CommandError(`broker ${c.broker} is not running (${b.status})`);
      if (b.shuttingDown) throw new CommandError(`broker ${c.broker} is already shutting down`);
      world.emit('FaultInjected', { fault: c.do, broker: c.broker });
      // A controlled shutdown moves leadership first; without one, a clean stop now.
      if (b.kraft !== null && b.config['controlled.shutdown.enable']) {
        b.shuttingDown = true;
        world.emit('ControlledShutdownStarted', { broker: b.id });
        for (const e of requestControlledShutdown(world, b.node, b.kraft)) if (e.type === 'shutdownGranted') stopBrokerProcess(world, b);
      } else if (!startControlledShutdown(world, b)) stopBrokerProcess(world, b);
      return;
    }
    case 'restartBroker': {
      const b = broker(world, c.broker);
      if (b.status === 'running') throw new CommandError(`broker ${c.broker} is already running`);
      world.restartNode(b.node);
      b.status = 'running';
      startBroker(world, b);
      world.emit('FaultInjected', { fault: c.do, broker: c.broker });
      return;
    }
    case 'crashNode':
    case 'restartNode': {
      const id = nodeId(world, c.node);
      const role = world.state.model.roles[id];
      if (role?.kind === 'broker') return apply(world, { do: c.do === 'crashNode' ? 'crashBroker' : 'restartBroker', broker: Number(role.key) });
      if (role?.kind === 'consumer' && c.do === 'crashNode') return apply(world, { do: 'crashConsumer', consumer: c.node });
      const up = world.node(id).up;
      if (c.do === 'crashNode' && !up) throw new CommandError(`${c.node} is already down`);
      if (c.do === 'restartNode' && up) throw new CommandError(`${c.node} is already running`);
      if (role?.kind === 'controller') {
        const k = world.state.model.kraftControllers[role.key];
        if (k === undefined) throw new CommandError(`no KRaft controller ${role.key}`);
        if (c.do === 'crashNode') {
          world.crashNode(id);
          for (const h of crashKraftController(k)) world.resetConnection(id, h.peer, h.requestKind, h.request);
        } else {
          world.restartNode(id);
          startKraftController(world, k);
        }
      } else if (role?.kind === 'zookeeper') {
        const server = world.state.model.zkServers[role.key];
        if (server === undefined) throw new CommandError(`no ZooKeeper server ${role.key}`);
        if (c.do === 'crashNode') {
          world.crashNode(id);
          crashZkServer(server);
        } else {
          world.restartNode(id);
          startZkServer(world, server);
        }
      } else if (c.do === 'crashNode') {
        world.crashNode(id);
      } else {
        throw new CommandError(`${c.node} is a client: start another with addConsumer or startProducer`);
      }
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
    case 'createTopic': {
      const t = c.topic;
      const r = createTopic(world, { name: t.name, numPartitions: t.partitions, replicationFactor: t.replicationFactor, assignment: t.replicaAssignment ?? [], configs: t.config }, 'network');
      if (r.error !== 'NONE') throw new CommandError(`${r.error}: ${r.message ?? ''}`);
      return;
    }
    case 'alterTopicConfig':
      refuseIf(alterTopicConfig(world, c.topic, c.config));
      return;
    case 'setProducerConfig': {
      const p = producer(world, c.producer);
      const overrides = { ...p.configOverrides, ...c.config };
      const merged = resolveConfig('producer', overrides, 'config');
      if (!merged.ok) throw new CommandError(merged.errors.map((e) => e.message).join('; '));
      p.configOverrides = overrides;
      setProducerConfig(world, p, merged.config as ProducerConfig);
      world.emit('ProducerConfigChanged', { producer: c.producer, config: c.config });
      return;
    }
    case 'stopProducer': {
      const p = producer(world, c.producer);
      stopProducer(world, p);
      world.emit('ProducerStopped', { producer: c.producer });
      return;
    }
    case 'startProducer': {
      const p = producer(world, c.producer);
      resumeProducer(world, p);
      world.emit('ProducerStarted', { producer: c.producer });
      return;
    }
    case 'addConsumer':
      refuseIf(addConsumer(world, c.groupId));
      return;
    case 'stopConsumer':
      refuseIf(stopConsumer(world, c.consumer));
      return;
    case 'crashConsumer':
      refuseIf(crashConsumer(world, c.consumer));
      return;
    case 'pauseConsumer':
      refuseIf(pauseConsumer(world, c.consumer, c.durationMs));
      return;
    case 'slowConsumer':
      refuseIf(slowConsumer(world, c.consumer, c.processingMsPerRecord));
      return;
    case 'resetOffsets':
      refuseIf(resetOffsets(world, c.groupId, c.topic, c.to));
      return;
    case 'electPreferredLeaders': {
      const viaBroker = Object.values(world.state.model.brokers).find((x) => x.status === 'running' && x.kraft !== null);
      if (viaBroker?.kraft) {
        // KRaft: the admin request (kafka-leader-election.sh) goes to the active controller.
        sendToActiveController(world, viaBroker.node, viaBroker.kraft, 'ElectLeaders', { correlationId: viaBroker.nextCorrelationId++, electionType: 'PREFERRED', partitions: null });
        world.emit('PreferredLeaderElection', { requested: true });
        return;
      }
      const controller = activeController(world);
      if (controller === null) throw new CommandError('there is no active controller to run the election');
      const moved = electPreferredLeaders(world, controller);
      world.emit('PreferredLeaderElection', { controller: controller.id, moved });
      return;
    }
    case 'registerSchema':
      registerSchemaCommand(world, c.subject, c.schema);
      return;
    case 'setCompatibility':
      setCompatibilityCommand(world, c.subject ?? null, c.compatibility);
      return;
    case 'setProducerSchema':
      refuseIf(setProducerSchema(world, producer(world, c.producer), c.valueSchema, c.valueFields));
      return;
    case 'console':
      applyConsoleCommand(world, c);
      return;
    default:
      world.emit('CommandIgnored', { command: (c as { do: string }).do, reason: 'not modelled yet' });
  }
}

/**
 * `kafka-configs.sh --alter --entity-type topics`: sets (and with `remove`, deletes) topic config
 * overrides, validated against every broker first (all or nothing). Null when done, else why not.
 */
export function alterTopicConfig(world: KafkaWorld, topicName: string, config: Record<string, ConfigValue>, remove: readonly string[] = []): string | null {
  const m = world.state.model;
  const topic = getOwn(clusterTopics(world), topicName);
  if (topic === undefined) return `UNKNOWN_TOPIC_OR_PARTITION: Topic '${topicName}' does not exist.`;
  const overrides: Record<string, ConfigValue> = { ...topic.configOverrides, ...config };
  for (const k of remove) delete overrides[k];
  const updates: [Replica, TopicConfig][] = [];
  for (const b of Object.values(m.brokers)) {
    const resolvedTopic = resolveTopicConfig(b.config, overrides, 'config');
    if (!resolvedTopic.ok) return `INVALID_CONFIG: ${resolvedTopic.errors.map((e) => e.message).join('; ')}`;
    for (const r of Object.values(b.replicas)) if (r.topic === topicName) updates.push([r, resolvedTopic.config]);
  }
  topic.configOverrides = overrides;
  for (const [r, resolved] of updates) r.config = resolved;
  world.emit('TopicConfigAltered', remove.length > 0 ? { topic: topicName, config, deleted: [...remove] } : { topic: topicName, config });
  return null;
}

/** Consumer commands say why they refuse (or null when done). */
function refuseIf(problem: string | null): void {
  if (problem !== null) throw new CommandError(problem);
}

function producer(world: KafkaWorld, id: string): ProducerState {
  const p = getOwn(world.state.model.producers, id);
  if (p === undefined) throw new CommandError(`no producer "${id}"`);
  return p;
}
