/**
 * Metadata and CreateTopics on a broker. Metadata is answered from this broker's own cache (what
 * UpdateMetadata told it), so a client can see stale leadership, as in Kafka. An unknown topic is
 * created on first use when `auto.create.topics.enable` and the client allow it.
 */
import type { CreateTopicsRequest, MetadataRequest, PartitionMetadata, TopicMetadata } from '../protocol/messages';
import { getOwn } from '../dict';
import type { BrokerState } from '../state';
import type { KafkaWorld } from '../world';
import { brokerById, brokerNode } from '../world';
import { tpKey } from '../names';
import { createTopicAt } from '../controller/controller';
import { HEADER_BYTES, sendFromBroker } from './respond';
import { sendToActiveController } from '../controller/kraft/broker-metadata';

function describeTopic(b: BrokerState, name: string): TopicMetadata | null {
  const count = getOwn(b.topicPartitions, name);
  if (count === undefined) return null;
  const partitions: PartitionMetadata[] = [];
  for (let p = 0; p < count; p++) {
    const s = b.metadata[tpKey(name, p)];
    if (s === undefined) continue;
    const leaderAlive = s.leader >= 0 && b.liveBrokers.includes(s.leader);
    partitions.push({
      partition: p,
      leader: leaderAlive ? s.leader : -1,
      leaderEpoch: s.leaderEpoch,
      replicas: s.replicas,
      isr: s.isr,
      error: leaderAlive ? 'NONE' : 'LEADER_NOT_AVAILABLE',
    });
  }
  return { name, error: 'NONE', partitions };
}

export function handleMetadata(world: KafkaWorld, b: BrokerState, fromNode: number, req: MetadataRequest): void {
  const names = req.topics ?? Object.keys(b.topicPartitions).sort();
  const topics: TopicMetadata[] = [];
  for (const name of names) {
    const known = describeTopic(b, name);
    if (known !== null) {
      topics.push(known);
      continue;
    }
    if (req.allowAutoTopicCreation && b.config['auto.create.topics.enable']) {
      requestAutoCreate(world, b, name);
      topics.push({ name, error: 'LEADER_NOT_AVAILABLE', partitions: [] });
    } else {
      topics.push({ name, error: 'UNKNOWN_TOPIC_OR_PARTITION', partitions: [] });
    }
  }
  const brokers = b.liveBrokers.map((id) => ({ id, rack: brokerById(world, id)?.rack ?? null }));
  sendFromBroker(world, b, fromNode, 'MetadataResponse', { correlationId: req.correlationId, brokers, controllerId: b.controllerId, topics }, HEADER_BYTES + 24 * topics.length);
}

/** Kafka ≥ 2.8 forwards auto-creation to the controller with the broker defaults. */
function requestAutoCreate(world: KafkaWorld, b: BrokerState, name: string): void {
  // The scenario's own topics are being created by its setup (with their partitions and
  // replication factor); auto-creation must not win that race with the broker defaults.
  if (world.state.model.scenario.topics.some((t) => t.name === name)) return;
  const request = { correlationId: b.nextCorrelationId++, topics: [{ name, numPartitions: -1, replicationFactor: -1, assignment: [], configs: {} }], timeoutMs: 30_000 };
  if (b.kraft !== null) {
    sendToActiveController(world, b.node, b.kraft, 'CreateTopics', request);
    return;
  }
  const controllerNode = brokerNode(world, b.controllerId);
  if (controllerNode !== undefined) sendFromBroker(world, b, controllerNode, 'CreateTopics', request);
}

export function handleCreateTopics(world: KafkaWorld, b: BrokerState, fromNode: number, req: CreateTopicsRequest): void {
  const topics = req.topics.map((t) => {
    const r = createTopicAt(world, b, t, 'network');
    if (r.error !== 'NONE') world.emit('TopicCreationFailed', { topic: t.name, error: r.error, message: r.message });
    return { name: t.name, error: r.error, errorMessage: r.message };
  });
  sendFromBroker(world, b, fromNode, 'CreateTopicsResponse', { correlationId: req.correlationId, topics });
}
