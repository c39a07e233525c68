/**
 * The controller's work that does not depend on how it was chosen: creating topics (validation,
 * replica placement, initial leaders), committing ISR changes (AlterPartition), and telling
 * brokers (LeaderAndIsr to replicas, UpdateMetadata to everyone).
 *
 * Until the control-plane issue lands, the controller is the broker with the lowest id, fixed for
 * the whole run (docs/fidelity.md says so); its records live in `KafkaState.controller`.
 */
import { assignReplicasToBrokers } from '../algorithms';
import { getOwn, setOwn } from '../dict';
import { resolveTopicConfig } from '../config/resolve';
import { validateTopicName } from '../config/names';
import type { KafkaErrorName } from '../protocol/errors';
import type { AlterPartitionRequest, ConfigValue, CreatableTopic, PartitionState } from '../protocol/messages';
import type { BrokerState, ControllerState } from '../state';
import type { KafkaWorld } from '../world';
import { brokerById } from '../world';
import { tpKey } from '../names';
import { HEADER_BYTES, sendFromBroker } from '../broker/respond';
import { applyLeaderAndIsr, applyUpdateMetadata } from '../broker/partition-state';

export function newControllerState(brokerId: number): ControllerState {
  return { brokerId, epoch: 1, topics: {}, partitions: {}, nextCorrelationId: 1 };
}

export function liveBrokerIds(world: KafkaWorld): number[] {
  return Object.values(world.state.model.brokers)
    .filter((b) => b.status === 'running')
    .map((b) => b.id)
    .sort((a, b) => a - b);
}

export interface CreateTopicResult {
  error: KafkaErrorName;
  message: string | null;
}

/**
 * Validates and creates a topic (AdminManager.createTopics): Kafka's errors and messages; replica
 * placement by AdminUtils with the controller's seeded stream unless an assignment is given.
 * `deliver` says how brokers learn of it: by messages, or at once (topics a scenario starts with).
 */
export function createTopic(world: KafkaWorld, t: CreatableTopic, deliver: 'network' | 'immediate'): CreateTopicResult {
  const c = world.state.model.controller;
  const controller = brokerById(world, c.brokerId);
  if (controller === undefined) return { error: 'NOT_CONTROLLER', message: 'There is no controller.' };
  const nameProblem = validateTopicName(t.name);
  if (nameProblem !== null) return { error: 'INVALID_TOPIC_EXCEPTION', message: nameProblem };
  if (getOwn(c.topics, t.name) !== undefined) return { error: 'TOPIC_ALREADY_EXISTS', message: `Topic '${t.name}' already exists.` };
  const numPartitions = t.numPartitions === -1 ? controller.config['num.partitions'] : t.numPartitions;
  const replicationFactor = t.replicationFactor === -1 ? controller.config['default.replication.factor'] : t.replicationFactor;
  if (t.assignment.length === 0 && numPartitions < 1) return { error: 'INVALID_PARTITIONS', message: 'Number of partitions must be larger than 0.' };
  if (t.assignment.length === 0 && replicationFactor < 1) return { error: 'INVALID_REPLICATION_FACTOR', message: 'Replication factor must be larger than 0.' };
  const resolved = resolveTopicConfig(controller.config, t.configs, `topic ${t.name}`);
  if (!resolved.ok) return { error: 'INVALID_CONFIG', message: resolved.errors.map((e) => e.message).join('; ') };
  const live = liveBrokerIds(world);
  let assignment: number[][];
  if (t.assignment.length > 0) {
    assignment = t.assignment;
  } else {
    if (replicationFactor > live.length) {
      return { error: 'INVALID_REPLICATION_FACTOR', message: `Replication factor: ${replicationFactor} larger than available brokers: ${live.length}.` };
    }
    const brokers = live.map((id) => ({ id, rack: brokerById(world, id)?.rack ?? null }));
    try {
      assignment = assignReplicasToBrokers({
        brokers,
        partitions: numPartitions,
        replicationFactor,
        randomInt: (bound) => world.randomInt('controller', bound),
      });
    } catch (e) {
      return { error: 'INVALID_REPLICATION_FACTOR', message: (e as Error).message };
    }
  }
  setOwn(c.topics, t.name, { name: t.name, partitions: assignment.length, configOverrides: { ...t.configs } });
  const states: PartitionState[] = assignment.map((replicas, partition) => {
    // A new partition's leader is its first live replica; its ISR the live replicas.
    const alive = replicas.filter((id) => live.includes(id));
    const state: PartitionState = { topic: t.name, partition, leader: alive[0] ?? -1, leaderEpoch: 0, isr: alive, replicas, partitionEpoch: 0 };
    c.partitions[tpKey(t.name, partition)] = state;
    return state;
  });
  world.emit('TopicCreated', { topic: t.name, partitions: assignment.length, replicationFactor: assignment[0]?.length ?? 0, assignment });
  for (const s of states) {
    world.emit('LeaderElected', { topic: s.topic, partition: s.partition, leader: s.leader, leaderEpoch: s.leaderEpoch, isr: s.isr, reason: 'new-topic' });
  }
  const topicConfigs = {};
  setOwn(topicConfigs, t.name, t.configs);
  propagate(world, states, topicConfigs, deliver);
  return { error: 'NONE', message: null };
}

/** Sends LeaderAndIsr to each partition's replicas and UpdateMetadata to every live broker. */
export function propagate(world: KafkaWorld, states: PartitionState[], topicConfigs: Record<string, Record<string, ConfigValue>>, deliver: 'network' | 'immediate'): void {
  const c = world.state.model.controller;
  const controller = brokerById(world, c.brokerId);
  if (controller === undefined) return;
  for (const b of Object.values(world.state.model.brokers)) {
    if (b.status !== 'running') continue;
    const mine = states.filter((s) => s.replicas.includes(b.id));
    const leaderAndIsr = { correlationId: c.nextCorrelationId++, controllerId: c.brokerId, controllerEpoch: c.epoch, partitions: mine, topicConfigs };
    const update = { correlationId: c.nextCorrelationId++, controllerId: c.brokerId, controllerEpoch: c.epoch, liveBrokers: liveBrokerIds(world).map((id) => ({ id, rack: brokerById(world, id)?.rack ?? null })), partitions: states, deletedTopics: [] };
    if (deliver === 'immediate') {
      applyUpdateMetadata(world, b, update);
      if (mine.length > 0) applyLeaderAndIsr(world, b, leaderAndIsr);
    } else {
      if (mine.length > 0) sendFromBroker(world, controller, b.node, 'LeaderAndIsr', leaderAndIsr, HEADER_BYTES + 32 * mine.length);
      sendFromBroker(world, controller, b.node, 'UpdateMetadata', update, HEADER_BYTES + 32 * states.length);
    }
  }
}

/** AlterPartition from a leader: commit the new ISR if it still speaks for the current state. */
export function handleAlterPartition(world: KafkaWorld, controller: BrokerState, fromNode: number, req: AlterPartitionRequest): void {
  const c = world.state.model.controller;
  const key = tpKey(req.topic, req.partition);
  const current = c.partitions[key];
  let error: KafkaErrorName = 'NONE';
  if (current === undefined) error = 'UNKNOWN_TOPIC_OR_PARTITION';
  else if (current.leader !== req.brokerId || current.leaderEpoch !== req.leaderEpoch) error = 'FENCED_LEADER_EPOCH';
  else if (current.partitionEpoch !== req.partitionEpoch) error = 'INVALID_UPDATE_VERSION';
  else if (!req.newIsr.includes(req.brokerId)) error = 'INVALID_REQUEST';
  if (error !== 'NONE' || current === undefined) {
    sendFromBroker(world, controller, fromNode, 'AlterPartitionResponse', { correlationId: req.correlationId, topic: req.topic, partition: req.partition, error, state: current ?? null });
    return;
  }
  const next: PartitionState = { ...current, isr: [...req.newIsr], partitionEpoch: current.partitionEpoch + 1 };
  c.partitions[key] = next;
  const shrunk = current.isr.filter((b) => !next.isr.includes(b));
  const grown = next.isr.filter((b) => !current.isr.includes(b));
  if (shrunk.length > 0) world.emit('IsrShrunk', { topic: req.topic, partition: req.partition, removed: shrunk, isr: next.isr, leader: next.leader });
  if (grown.length > 0) world.emit('IsrExpanded', { topic: req.topic, partition: req.partition, added: grown, isr: next.isr, leader: next.leader });
  sendFromBroker(world, controller, fromNode, 'AlterPartitionResponse', { correlationId: req.correlationId, topic: req.topic, partition: req.partition, error: 'NONE', state: next });
  // Everyone else learns the new ISR through UpdateMetadata.
  for (const b of Object.values(world.state.model.brokers)) {
    if (b.status !== 'running' || b.node === fromNode) continue;
    sendFromBroker(world, controller, b.node, 'UpdateMetadata', {
      correlationId: c.nextCorrelationId++,
      controllerId: c.brokerId,
      controllerEpoch: c.epoch,
      liveBrokers: liveBrokerIds(world).map((id) => ({ id, rack: brokerById(world, id)?.rack ?? null })),
      partitions: [next],
      deletedTopics: [],
    });
  }
}
