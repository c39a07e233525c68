/**
 * The consumer-side timeline commands (addConsumer, stopConsumer, crashConsumer, pauseConsumer,
 * slowConsumer) and `resetOffsets` (kafka-consumer-groups --reset-offsets --execute). Each returns
 * null when done, or why it was refused (commands.ts turns that into CommandRejected).
 */
import { offsetsTopicPartition } from '../algorithms';
import { getOwn } from '../dict';
import { resolveConfig } from '../config/resolve';
import type { ConsumerConfig } from '../config/types';
import type { ResolveResult } from '../config/types';
import type { ConsumerGroupSpec } from '../../scenario/schema';
import { consumerNodeName } from '../../scenario/nodes';
import type { BrokerState } from '../state';
import type { KafkaWorld } from '../world';
import { tpKey } from '../names';
import { OFFSETS_TOPIC } from '../group/types';
import { resetOffsetsOnCoordinator } from '../group/offsets';
import { createConsumer, crashConsumerProcess, delayProcessing, requestClose, startConsumer } from './consumer';
import type { ConsumerState } from './consumer-types';

/**
 * A group's consumer config. The manual commit styles turn auto commit off unless the scenario
 * says otherwise, as the course's code does (`enable.auto.commit=false`).
 */
export function consumerConfigFor(spec: ConsumerGroupSpec, where: string): ResolveResult<ConsumerConfig> {
  return resolveConfig('consumer', { 'group.id': spec.groupId, 'enable.auto.commit': spec.commit === 'auto', ...spec.config }, where) as ResolveResult<ConsumerConfig>;
}

/**
 * One more member. A member slot whose process stopped or crashed is started again (same node
 * name, same `group.instance.id`: a restarted instance); otherwise a new member n+1 starts.
 */
export function addConsumer(world: KafkaWorld, groupId: string): string | null {
  const m = world.state.model;
  const spec = m.scenario.consumerGroups.find((g) => g.groupId === groupId);
  if (spec === undefined) return `no consumer group "${groupId}"`;
  const config = consumerConfigFor(spec, 'config');
  if (!config.ok) return config.errors.map((e) => e.message).join('; ');
  const members = Object.values(m.consumers).filter((x) => x.groupId === groupId);
  const dead = members.filter((x) => x.status !== 'running').sort((a, b) => a.memberIndex - b.memberIndex)[0];
  let consumer: ConsumerState;
  if (dead !== undefined) {
    world.restartNode(dead.node);
    consumer = createConsumer(dead.name, dead.node, dead.memberIndex, spec, config.config);
  } else {
    const index = members.length + 1;
    const name = consumerNodeName(groupId, index);
    const node = world.addNode(name, 'consumer');
    m.nodeByName[name] = node;
    m.roles[node] = { kind: 'consumer', key: name };
    consumer = createConsumer(name, node, index, spec, config.config);
  }
  m.consumers[consumer.name] = consumer;
  startConsumer(world, consumer, world.nowMs);
  world.emit('ConsumerAdded', { consumer: consumer.name, groupId, restarted: dead !== undefined, groupInstanceId: consumer.groupInstanceId });
  return null;
}

function running(world: KafkaWorld, name: string): ConsumerState | string {
  const c = getOwn(world.state.model.consumers, name);
  if (c === undefined) return `no consumer "${name}"`;
  if (c.status !== 'running') return `${name} is not running (${c.status})`;
  return c;
}

/** A clean close: the application finishes its batch, commits per its style, leaves the group. */
export function stopConsumer(world: KafkaWorld, name: string): string | null {
  const c = running(world, name);
  if (typeof c === 'string') return c;
  if (c.closeRequested) return `${name} is already closing`;
  world.emit('ConsumerStopRequested', { consumer: name, groupId: c.groupId });
  requestClose(world, c);
  return null;
}

/** The process dies: no commit, no LeaveGroup; the coordinator notices after session.timeout.ms. */
export function crashConsumer(world: KafkaWorld, name: string): string | null {
  const c = running(world, name);
  if (typeof c === 'string') return c;
  crashConsumerProcess(world, c);
  world.emit('FaultInjected', { fault: 'crashConsumer', consumer: name });
  return null;
}

/** A stop-the-world pause of the application and its heartbeat thread alike (a GC stall). */
export function pauseConsumer(world: KafkaWorld, name: string, durationMs: number): string | null {
  const c = running(world, name);
  if (typeof c === 'string') return c;
  world.pauseNode(c.node, durationMs);
  delayProcessing(c, world.nowMs, durationMs);
  world.emit('FaultInjected', { fault: 'pauseConsumer', consumer: name, durationMs });
  return null;
}

export function slowConsumer(world: KafkaWorld, name: string, processingMsPerRecord: number): string | null {
  const c = getOwn(world.state.model.consumers, name);
  if (c === undefined) return `no consumer "${name}"`;
  c.processingMsPerRecord = processingMsPerRecord;
  world.emit('FaultInjected', { fault: 'slowConsumer', consumer: name, processingMsPerRecord });
  return null;
}

/** The running broker leading a partition now (the one clients would find), if any. */
function leaderOf(world: KafkaWorld, key: string): BrokerState | undefined {
  let best: BrokerState | undefined;
  for (const b of Object.values(world.state.model.brokers)) {
    const r = b.replicas[key];
    if (b.status !== 'running' || r === undefined || r.role !== 'leader') continue;
    if (best === undefined || (best.replicas[key]?.state.leaderEpoch ?? -1) < r.state.leaderEpoch) best = b;
  }
  return best;
}

/**
 * kafka-consumer-groups --reset-offsets --topic T --to-earliest|--to-latest|--to-offset N
 * --execute: refused while the group has members; an offset beyond the log is clamped to it.
 */
export function resetOffsets(world: KafkaWorld, groupId: string, topic: string, to: 'earliest' | 'latest' | { offset: number }): string | null {
  const anyBroker = Object.values(world.state.model.brokers).find((b) => b.status === 'running');
  const offsetsPartitions = anyBroker === undefined ? undefined : getOwn(anyBroker.topicPartitions, OFFSETS_TOPIC);
  const partitions = anyBroker === undefined ? undefined : getOwn(anyBroker.topicPartitions, topic);
  if (partitions === undefined) return `UNKNOWN_TOPIC_OR_PARTITION: Topic '${topic}' does not exist.`;
  const coordinator = offsetsPartitions === undefined ? undefined : leaderOf(world, tpKey(OFFSETS_TOPIC, offsetsTopicPartition(groupId, offsetsPartitions)));
  if (coordinator === undefined) return 'COORDINATOR_NOT_AVAILABLE: the group coordinator is not available.';
  const offsets: { topic: string; partition: number; offset: number }[] = [];
  for (let p = 0; p < partitions; p++) {
    const log = leaderOf(world, tpKey(topic, p))?.replicas[tpKey(topic, p)]?.log;
    if (log === undefined) return `LEADER_NOT_AVAILABLE: ${tpKey(topic, p)} has no leader.`;
    const offset = to === 'earliest' ? log.logStartOffset : to === 'latest' ? log.highWatermark : Math.max(log.logStartOffset, Math.min(to.offset, log.highWatermark));
    offsets.push({ topic, partition: p, offset });
  }
  const refused = resetOffsetsOnCoordinator(world, coordinator, groupId, offsets);
  if (refused !== null) return refused;
  const byKey: Record<string, number> = {};
  for (const o of offsets) byKey[tpKey(o.topic, o.partition)] = o.offset;
  world.state.model.history.commits.push({ consumer: 'admin', groupId, generation: -1, style: 'reset', offsets: byKey, sentAtMs: world.nowMs, completedAtMs: world.nowMs, error: 'NONE' });
  world.emit('OffsetsResetRequested', { groupId, topic, to, offsets: byKey, coordinator: coordinator.id });
  return null;
}
