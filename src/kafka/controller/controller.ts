/**
 * The controller's work that does not depend on how it was chosen: creating topics (validation,
 * replica placement, initial leaders), committing ISR changes (AlterPartition), and telling
 * brokers (LeaderAndIsr to replicas, UpdateMetadata to everyone).
 *
 * The controller is a broker holding a controller context (`BrokerState.controller`): in
 * ZooKeeper mode the winner of the race for /controller (zk-controller.ts), which also writes every
 * change to the znodes. Functions here take that broker.
 */
import { assignReplicasToBrokers } from '../algorithms';
import { getOwn, setOwn } from '../dict';
import { resolveTopicConfig } from '../config/resolve';
import { validateTopicName } from '../config/names';
import type { KafkaErrorName } from '../protocol/errors';
import type { AlterPartitionRequest, ConfigValue, CreatableTopic, LeaderAndIsrRequest, PartitionState, UpdateMetadataRequest } from '../protocol/messages';
import type { BrokerState, ControllerState, KafkaState } from '../state';
import type { KafkaWorld } from '../world';
import { brokerById } from '../world';
import { tpKey } from '../names';
import { HEADER_BYTES, sendFromBroker } from '../broker/respond';
import { applyLeaderAndIsr, applyUpdateMetadata } from '../broker/partition-state';
import { onPartitionStateChanged, onTopicCreated } from './zk-persist';
import { sendToActiveController } from './kraft/broker-metadata';

export function newControllerState(epoch: number, liveBrokers: number[]): ControllerState {
  return { epoch, epochZkVersion: -1, ready: false, loading: 0, brokersRead: false, brokerEpochs: {}, topics: {}, partitions: {}, pending: {}, nextChangeId: 1, outstanding: {}, liveBrokers, shuttingDown: [], nextCorrelationId: 1 };
}

/**
 * The controller the cluster follows now, for observers (summary, screen, checkers, the admin
 * tools): among running brokers holding a ready context, the one with the highest epoch.
 */
export function activeController(world: KafkaWorld): BrokerState | null {
  return activeControllerOf(world.state.model);
}

export function activeControllerOf(m: KafkaState): BrokerState | null {
  let best: BrokerState | null = null;
  for (const b of Object.values(m.brokers)) {
    if (b.status !== 'running' || b.controller === null || !b.controller.ready) continue;
    if (best === null || (best.controller as ControllerState).epoch < b.controller.epoch) best = b;
  }
  return best;
}

/** The cluster's metadata as its active controller holds it, whatever the mode; for observers. */
export interface ClusterView {
  mode: 'zookeeper' | 'kraft' | 'static';
  /** The controller: a broker id (ZooKeeper) or a KRaft controller id; -1 when none. */
  controllerId: number;
  /** Controller epoch (ZooKeeper) or quorum epoch (KRaft). */
  epoch: number;
  topics: ControllerState['topics'];
  partitions: Record<string, PartitionState>;
}

export function clusterView(m: KafkaState): ClusterView {
  const kraft = Object.values(m.kraftControllers).find((c) => c.up && c.active !== null);
  if (Object.keys(m.kraftControllers).length > 0) {
    const topics: ControllerState['topics'] = {};
    for (const t of Object.values(kraft?.image.topics ?? {})) setOwn(topics, t.name, { name: t.name, partitions: t.partitions, configOverrides: t.configs });
    return { mode: 'kraft', controllerId: kraft?.id ?? -1, epoch: kraft?.image.quorumEpoch ?? -1, topics, partitions: kraft?.image.partitions ?? {} };
  }
  const b = activeControllerOf(m);
  const mode = Object.keys(m.zkServers).length > 0 ? 'zookeeper' : 'static';
  if (b !== null && b.controller !== null) {
    return { mode, controllerId: b.id, epoch: b.controller.epoch, topics: b.controller.topics, partitions: b.controller.partitions };
  }
  // No controller right now (it died and its session has not expired yet): show the newest
  // partition states the brokers were told, so observers still see the cluster.
  const partitions: Record<string, PartitionState> = {};
  const counts: Record<string, number> = {};
  for (const broker of Object.values(m.brokers)) {
    for (const [key, st] of Object.entries(broker.metadata)) {
      const known = partitions[key];
      if (known === undefined || st.leaderEpoch > known.leaderEpoch || (st.leaderEpoch === known.leaderEpoch && st.partitionEpoch > known.partitionEpoch)) partitions[key] = st;
    }
    for (const [t, n] of Object.entries(broker.topicPartitions)) setOwn(counts, t, Math.max(getOwn(counts, t) ?? 0, n));
  }
  const topics: ControllerState['topics'] = {};
  for (const [t, n] of Object.entries(counts)) setOwn(topics, t, { name: t, partitions: n, configOverrides: {} });
  return { mode, controllerId: -1, epoch: -1, topics, partitions };
}

/** The partition states the active controller holds (empty when there is none yet). */
export function clusterPartitions(m: KafkaState): Record<string, PartitionState> {
  return clusterView(m).partitions;
}

export function clusterTopics(world: KafkaWorld): ControllerState['topics'] {
  return clusterView(world.state.model).topics;
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
  if (Object.keys(world.state.model.kraftControllers).length > 0) return createTopicViaQuorum(world, t);
  const controller = activeController(world);
  if (controller === null) return { error: 'NOT_CONTROLLER', message: 'There is no controller.' };
  return createTopicAt(world, controller, t, deliver);
}

/**
 * KRaft mode: the admin request goes to the active controller through a running broker's
 * controller channel; the answer comes later (validation errors are the controller's to give).
 */
function createTopicViaQuorum(world: KafkaWorld, t: CreatableTopic): CreateTopicResult {
  const b = Object.values(world.state.model.brokers).find((x) => x.status === 'running' && x.kraft !== null);
  if (b === undefined || b.kraft === null) return { error: 'NOT_CONTROLLER', message: 'No broker can reach the controller quorum.' };
  sendToActiveController(world, b.node, b.kraft, 'CreateTopics', { correlationId: b.nextCorrelationId++, topics: [t], timeoutMs: 30_000 });
  return { error: 'NONE', message: null };
}

/** CreateTopics on the controller broker `controller`. */
export function createTopicAt(world: KafkaWorld, controller: BrokerState, t: CreatableTopic, deliver: 'network' | 'immediate'): CreateTopicResult {
  const c = controller.controller;
  if (c === null || !c.ready) return { error: 'NOT_CONTROLLER', message: 'This is not the correct controller for this cluster.' };
  const nameProblem = validateTopicName(t.name);
  if (nameProblem !== null) return { error: 'INVALID_TOPIC_EXCEPTION', message: nameProblem };
  if (getOwn(c.topics, t.name) !== undefined) return { error: 'TOPIC_ALREADY_EXISTS', message: `Topic '${t.name}' already exists.` };
  const numPartitions = t.numPartitions === -1 ? controller.config['num.partitions'] : t.numPartitions;
  const replicationFactor = t.replicationFactor === -1 ? controller.config['default.replication.factor'] : t.replicationFactor;
  if (t.assignment.length === 0 && numPartitions < 1) return { error: 'INVALID_PARTITIONS', message: 'Number of partitions must be larger than 0.' };
  if (t.assignment.length === 0 && replicationFactor < 1) return { error: 'INVALID_REPLICATION_FACTOR', message: 'Replication factor must be larger than 0.' };
  const resolved = resolveTopicConfig(controller.config, t.configs, `topic ${t.name}`);
  if (!resolved.ok) return { error: 'INVALID_CONFIG', message: resolved.errors.map((e) => e.message).join('; ') };
  const live = c.liveBrokers.filter((id) => !c.shuttingDown.includes(id));
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
  setOwn(c.topics, t.name, { name: t.name, partitions: assignment.length, configOverrides: { ...t.configs }, assignment });
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
  propagate(world, controller, states, topicConfigs, deliver);
  onTopicCreated(world, controller, t.name, assignment, t.configs, states);
  return { error: 'NONE', message: null };
}

/** Sends LeaderAndIsr to each partition's replicas and UpdateMetadata to every live broker. */
export function propagate(
  world: KafkaWorld,
  controller: BrokerState,
  states: PartitionState[],
  topicConfigs: Record<string, Record<string, ConfigValue>>,
  deliver: 'network' | 'immediate',
  to: readonly number[] | null = null,
): void {
  const c = controller.controller;
  if (c === null) return;
  for (const id of to ?? c.liveBrokers) {
    const b = brokerById(world, id);
    if (b === undefined) continue;
    const mine = states.filter((s) => s.replicas.includes(b.id));
    const leaderAndIsr = { correlationId: c.nextCorrelationId++, controllerId: controller.id, controllerEpoch: c.epoch, partitions: mine, topicConfigs };
    const update = { correlationId: c.nextCorrelationId++, controllerId: controller.id, controllerEpoch: c.epoch, liveBrokers: liveEndpoints(world, c), partitions: states, deletedTopics: [] };
    if (deliver === 'immediate') {
      applyUpdateMetadata(world, b, update);
      if (mine.length > 0) applyLeaderAndIsr(world, b, leaderAndIsr);
    } else {
      if (mine.length > 0) sendToBroker(world, controller, b, 'LeaderAndIsr', leaderAndIsr);
      sendToBroker(world, controller, b, 'UpdateMetadata', update);
    }
  }
}

/**
 * ControllerChannelManager: a request to a broker is sent again until the broker answers (or
 * leaves), after `CONTROLLER_RESEND_MS` without an answer (a lost or cut connection).
 */
export const CONTROLLER_RESEND_MS = 5_000;

function sendToBroker(world: KafkaWorld, controller: BrokerState, to: BrokerState, kind: 'LeaderAndIsr' | 'UpdateMetadata', payload: LeaderAndIsrRequest | UpdateMetadataRequest): void {
  const c = controller.controller;
  if (c === null) return;
  const size = HEADER_BYTES + 32 * payload.partitions.length;
  c.outstanding[String(payload.correlationId)] = { brokerId: to.id, kind, payload };
  sendFromBroker(world, controller, to.node, kind, payload as never, size);
  world.setTimer(controller.node, CONTROLLER_RESEND_MS, 'controllerResend', { correlationId: payload.correlationId, epoch: c.epoch });
}

/** The resend timer of one controller request. */
export function onControllerResend(world: KafkaWorld, controller: BrokerState, data: { correlationId: number; epoch: number }): void {
  const c = controller.controller;
  if (c === null || c.epoch !== data.epoch) return;
  const o = c.outstanding[String(data.correlationId)];
  if (o === undefined) return;
  const to = brokerById(world, o.brokerId);
  if (to === undefined || !c.liveBrokers.includes(o.brokerId)) {
    delete c.outstanding[String(data.correlationId)];
    return;
  }
  sendFromBroker(world, controller, to.node, o.kind, o.payload as never, HEADER_BYTES + 32 * o.payload.partitions.length);
  world.setTimer(controller.node, CONTROLLER_RESEND_MS, 'controllerResend', data);
}

/** A broker answered LeaderAndIsr or UpdateMetadata. */
export function onControllerRequestAnswered(controller: BrokerState, correlationId: number): void {
  if (controller.controller !== null) delete controller.controller.outstanding[String(correlationId)];
}

export function liveEndpoints(world: KafkaWorld, c: ControllerState): { id: number; rack: string | null }[] {
  return c.liveBrokers.map((id) => ({ id, rack: brokerById(world, id)?.rack ?? null }));
}

/** AlterPartition from a leader: commit the new ISR if it still speaks for the current state. */
export function handleAlterPartition(world: KafkaWorld, controller: BrokerState, fromNode: number, req: AlterPartitionRequest): void {
  const c = controller.controller;
  if (c === null || !c.ready) {
    sendFromBroker(world, controller, fromNode, 'AlterPartitionResponse', { correlationId: req.correlationId, topic: req.topic, partition: req.partition, error: 'NOT_CONTROLLER', state: null });
    return;
  }
  const key = tpKey(req.topic, req.partition);
  const current = c.partitions[key];
  let error: KafkaErrorName = 'NONE';
  if (current === undefined) error = 'UNKNOWN_TOPIC_OR_PARTITION';
  else if (current.leader !== req.brokerId || current.leaderEpoch !== req.leaderEpoch) error = 'FENCED_LEADER_EPOCH';
  else if (current.partitionEpoch !== req.partitionEpoch) error = 'INVALID_UPDATE_VERSION';
  else if (!req.newIsr.includes(req.brokerId)) error = 'INVALID_REQUEST';
  // KIP-841: only live brokers that are not shutting down may join an ISR.
  else if (req.newIsr.some((id) => !current.isr.includes(id) && (!c.liveBrokers.includes(id) || c.shuttingDown.includes(id)))) error = 'INELIGIBLE_REPLICA';
  if (error !== 'NONE' || current === undefined) {
    sendFromBroker(world, controller, fromNode, 'AlterPartitionResponse', { correlationId: req.correlationId, topic: req.topic, partition: req.partition, error, state: current ?? null });
    return;
  }
  if (hasPendingChange(c, key)) {
    // A change of this partition is still being written: the leader will try again.
    sendFromBroker(world, controller, fromNode, 'AlterPartitionResponse', { correlationId: req.correlationId, topic: req.topic, partition: req.partition, error: 'INVALID_UPDATE_VERSION', state: current });
    return;
  }
  const next: PartitionState = { ...current, isr: [...req.newIsr], partitionEpoch: current.partitionEpoch + 1 };
  commitPartitionChange(world, controller, { state: next, previous: current, reason: 'isr', unclean: false, respondTo: { node: fromNode, correlationId: req.correlationId } });
}

/** A partition change the controller decided: committed to the store first, then announced. */
export interface PartitionChange {
  state: PartitionState;
  previous: PartitionState;
  reason: string;
  unclean: boolean;
  /** The leader whose AlterPartition this answers. */
  respondTo: { node: number; correlationId: number } | null;
}

function hasPendingChange(c: ControllerState, key: string): boolean {
  return Object.values(c.pending).some((p) => tpKey(p.state.topic, p.state.partition) === key);
}

/** The partition's newest decided state: a change still being written, or the committed one. */
export function latestPartitionState(c: ControllerState, key: string): PartitionState | undefined {
  let latest: PartitionState | undefined;
  let latestId = -1;
  for (const [id, p] of Object.entries(c.pending)) {
    if (tpKey(p.state.topic, p.state.partition) === key && Number(id) > latestId) {
      latest = p.state;
      latestId = Number(id);
    }
  }
  return latest ?? c.partitions[key];
}

/**
 * ZooKeeper mode: the change is written to the partition's state znode, and only once ZooKeeper
 * has it does the controller adopt it and tell the brokers (as KafkaController does), so the next
 * controller never reads a state older than one a broker acted on. Without ZooKeeper, at once.
 */
export function commitPartitionChange(world: KafkaWorld, controller: BrokerState, change: PartitionChange): void {
  const c = controller.controller;
  if (c === null) return;
  if (controller.zk === null) {
    finishPartitionChange(world, controller, change);
    return;
  }
  const id = c.nextChangeId++;
  c.pending[String(id)] = change;
  onPartitionStateChanged(world, controller, change.state, `commit:${id}`);
}

/** ZooKeeper answered the write `id`. */
export function onPartitionChangeWritten(world: KafkaWorld, controller: BrokerState, id: string, ok: boolean): void {
  const c = controller.controller;
  const change = c?.pending[id];
  if (c === null || change === undefined) return;
  delete c.pending[id];
  if (ok) finishPartitionChange(world, controller, change);
  else if (change.respondTo !== null) {
    const s = change.state;
    sendFromBroker(world, controller, change.respondTo.node, 'AlterPartitionResponse', { correlationId: change.respondTo.correlationId, topic: s.topic, partition: s.partition, error: 'NOT_CONTROLLER', state: null });
  }
}

function finishPartitionChange(world: KafkaWorld, controller: BrokerState, change: PartitionChange): void {
  const c = controller.controller;
  if (c === null) return;
  const { state: next, previous: current } = change;
  c.partitions[tpKey(next.topic, next.partition)] = next;
  if (next.leader !== current.leader) {
    world.emit(next.leader >= 0 ? 'LeaderElected' : 'PartitionOffline', {
      topic: next.topic,
      partition: next.partition,
      leader: next.leader,
      previousLeader: current.leader,
      leaderEpoch: next.leaderEpoch,
      isr: next.isr,
      reason: change.reason,
      unclean: change.unclean,
      controller: controller.id,
    });
  }
  const shrunk = current.isr.filter((b) => !next.isr.includes(b));
  const grown = next.isr.filter((b) => !current.isr.includes(b));
  if (shrunk.length > 0) world.emit('IsrShrunk', { topic: next.topic, partition: next.partition, removed: shrunk, isr: next.isr, leader: next.leader, controller: controller.id });
  if (grown.length > 0) world.emit('IsrExpanded', { topic: next.topic, partition: next.partition, added: grown, isr: next.isr, leader: next.leader, controller: controller.id });
  if (change.respondTo !== null) {
    sendFromBroker(world, controller, change.respondTo.node, 'AlterPartitionResponse', { correlationId: change.respondTo.correlationId, topic: next.topic, partition: next.partition, error: 'NONE', state: next });
    // Everyone else learns the new ISR through UpdateMetadata.
    for (const id of c.liveBrokers) {
      const b = brokerById(world, id);
      if (b === undefined || b.node === change.respondTo.node) continue;
      sendFromBroker(world, controller, b.node, 'UpdateMetadata', {
        correlationId: c.nextCorrelationId++,
        controllerId: controller.id,
        controllerEpoch: c.epoch,
        liveBrokers: liveEndpoints(world, c),
        partitions: [next],
        deletedTopics: [],
      });
    }
  } else {
    propagate(world, controller, [next], topicConfigsOf(c), 'network');
  }
}

export function topicConfigsOf(c: ControllerState): Record<string, Record<string, ConfigValue>> {
  const out: Record<string, Record<string, ConfigValue>> = {};
  for (const t of Object.values(c.topics)) setOwn(out, t.name, t.configOverrides);
  return out;
}

