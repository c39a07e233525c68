/**
 * Timeline commands: faults and actions, from a scenario or a click. Each either changes the world
 * and emits a domain event saying what was done, or is refused with a clear reason and changes
 * nothing (recorded as `CommandRejected`).
 */
import type { Command } from '../scenario/schema';
import { getOwn } from './dict';
import { consumerNodeName } from '../scenario/nodes';
import { resolveConfig, resolveTopicConfig } from './config/resolve';
import type { ConsumerConfig, ProducerConfig, TopicConfig } from './config/types';
import type { Replica } from './state';
import { crashBroker, powerFailBroker, startBroker } from './broker/broker';
import { createTopic } from './controller/controller';
import { createConsumer, startConsumer } from './client/consumer';
import { resumeProducer, setProducerConfig, stopProducer, type ProducerState } from './client/producer';
import type { KafkaWorld } from './world';

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
      world.crashNode(b.node);
      crashBroker(world, b);
      b.status = 'stopped';
      world.emit('FaultInjected', { fault: c.do, broker: c.broker });
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
    case 'createTopic': {
      const t = c.topic;
      const r = createTopic(world, { name: t.name, numPartitions: t.partitions, replicationFactor: t.replicationFactor, assignment: t.replicaAssignment ?? [], configs: t.config }, 'network');
      if (r.error !== 'NONE') throw new CommandError(`${r.error}: ${r.message ?? ''}`);
      return;
    }
    case 'alterTopicConfig': {
      const m = world.state.model;
      const topic = getOwn(m.controller.topics, c.topic);
      if (topic === undefined) throw new CommandError(`UNKNOWN_TOPIC_OR_PARTITION: Topic '${c.topic}' does not exist.`);
      const overrides = { ...topic.configOverrides, ...c.config };
      // Validate against every broker first: all or nothing.
      const updates: [Replica, TopicConfig][] = [];
      for (const b of Object.values(m.brokers)) {
        const resolvedTopic = resolveTopicConfig(b.config, overrides, 'config');
        if (!resolvedTopic.ok) throw new CommandError(`INVALID_CONFIG: ${resolvedTopic.errors.map((e) => e.message).join('; ')}`);
        for (const r of Object.values(b.replicas)) if (r.topic === c.topic) updates.push([r, resolvedTopic.config]);
      }
      topic.configOverrides = overrides;
      for (const [r, config] of updates) r.config = config;
      world.emit('TopicConfigAltered', { topic: c.topic, config: c.config });
      return;
    }
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
    case 'addConsumer': {
      const m = world.state.model;
      const spec = m.scenario.consumerGroups.find((g) => g.groupId === c.groupId);
      if (spec === undefined) throw new CommandError(`no consumer group "${c.groupId}"`);
      const index = Object.values(m.consumers).filter((x) => x.groupId === c.groupId).length + 1;
      const name = consumerNodeName(c.groupId, index);
      const config = resolveConfig('consumer', { 'group.id': c.groupId, ...spec.config }, 'config');
      if (!config.ok) throw new CommandError(config.errors.map((e) => e.message).join('; '));
      const node = world.addNode(name, 'consumer');
      m.nodeByName[name] = node;
      m.roles[node] = { kind: 'consumer', key: name };
      const consumer = createConsumer(name, node, index, spec, config.config as ConsumerConfig);
      m.consumers[name] = consumer;
      startConsumer(world, consumer, world.nowMs);
      world.emit('ConsumerAdded', { consumer: name, groupId: c.groupId });
      return;
    }
    case 'stopConsumer':
    case 'crashConsumer': {
      const consumer = world.state.model.consumers[c.consumer];
      if (consumer === undefined) throw new CommandError(`no consumer "${c.consumer}"`);
      if (consumer.status !== 'running') throw new CommandError(`${c.consumer} is not running`);
      consumer.status = c.do === 'stopConsumer' ? 'stopped' : 'crashed';
      world.crashNode(consumer.node);
      world.emit(c.do === 'stopConsumer' ? 'ConsumerStopped' : 'FaultInjected', { fault: c.do, consumer: c.consumer });
      return;
    }
    case 'pauseConsumer': {
      const consumer = world.state.model.consumers[c.consumer];
      if (consumer === undefined || consumer.status !== 'running') throw new CommandError(`no running consumer "${c.consumer}"`);
      world.pauseNode(consumer.node, c.durationMs);
      world.emit('FaultInjected', { fault: c.do, consumer: c.consumer, durationMs: c.durationMs });
      return;
    }
    case 'slowConsumer': {
      const consumer = world.state.model.consumers[c.consumer];
      if (consumer === undefined) throw new CommandError(`no consumer "${c.consumer}"`);
      consumer.processingMsPerRecord = c.processingMsPerRecord;
      world.emit('FaultInjected', { fault: c.do, consumer: c.consumer, processingMsPerRecord: c.processingMsPerRecord });
      return;
    }
    default:
      // Controller and console commands get their meaning in the control-plane and lessons issues.
      world.emit('CommandIgnored', { command: c.do, reason: 'not modelled yet' });
  }
}

function producer(world: KafkaWorld, id: string): ProducerState {
  const p = getOwn(world.state.model.producers, id);
  if (p === undefined) throw new CommandError(`no producer "${id}"`);
  return p;
}
