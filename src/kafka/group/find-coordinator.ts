/**
 * FindCoordinator on any broker (KafkaApis.handleFindCoordinatorRequest): the coordinator is the
 * leader of partition `abs(hash(group.id)) % partitions` of `__consumer_offsets` (§2.6), read
 * from this broker's metadata cache. The topic is created on first use, like Kafka's
 * AutoTopicCreationManager: the broker asks the controller and answers COORDINATOR_NOT_AVAILABLE
 * until the topic and its leader exist.
 */
import { offsetsTopicPartition } from '../algorithms';
import { getOwn } from '../dict';
import type { BrokerState } from '../state';
import type { KafkaWorld } from '../world';
import { brokerNode } from '../world';
import { tpKey } from '../names';
import { coordinatorOf, respond } from './context';
import type { FindCoordinatorRequest } from './protocol';
import { OFFSETS_TOPIC } from './types';
import type { CreateTopicsRequest } from '../protocol/messages';
import { sendToActiveController } from '../controller/kraft/broker-metadata';

/** While a creation request is outstanding, the broker does not ask again (AutoTopicCreationManager's in-flight set). */
const CREATE_AGAIN_AFTER_MS = 1_000;

export function handleFindCoordinator(world: KafkaWorld, b: BrokerState, fromNode: number, req: FindCoordinatorRequest): void {
  const answer = (error: 'NONE' | 'COORDINATOR_NOT_AVAILABLE', nodeId: number): void => respond(world, b, fromNode, 'FindCoordinatorResponse', { correlationId: req.correlationId, error, nodeId });
  const partitions = getOwn(b.topicPartitions, OFFSETS_TOPIC);
  if (partitions === undefined) {
    requestOffsetsTopic(world, b);
    answer('COORDINATOR_NOT_AVAILABLE', -1);
    return;
  }
  const s = b.metadata[tpKey(OFFSETS_TOPIC, offsetsTopicPartition(req.key, partitions))];
  const leader = s?.leader ?? -1;
  if (leader < 0 || !b.liveBrokers.includes(leader)) answer('COORDINATOR_NOT_AVAILABLE', -1);
  else answer('NONE', leader);
}

/**
 * Asks the controller for `__consumer_offsets` with `offsets.topic.num.partitions` partitions and
 * `offsets.topic.replication.factor` replicas, capped at the live brokers (see docs/fidelity.md:
 * Kafka ≥ 0.11 refuses instead), compacted, with `offsets.topic.segment.bytes` segments.
 */
export function requestOffsetsTopic(world: KafkaWorld, b: BrokerState): void {
  const gc = coordinatorOf(b);
  if (gc.offsetsTopicRequestedAtMs >= 0 && world.nowMs - gc.offsetsTopicRequestedAtMs < CREATE_AGAIN_AFTER_MS) return;
  if (b.liveBrokers.length === 0) return;
  const request: CreateTopicsRequest = {
    correlationId: b.nextCorrelationId++,
    topics: [
      {
        name: OFFSETS_TOPIC,
        numPartitions: b.config['offsets.topic.num.partitions'],
        replicationFactor: Math.min(b.config['offsets.topic.replication.factor'], b.liveBrokers.length),
        assignment: [],
        configs: { 'cleanup.policy': 'compact', 'segment.bytes': b.config['offsets.topic.segment.bytes'], 'compression.type': 'producer' },
      },
    ],
    timeoutMs: 30_000,
  };
  // Like auto-creation: to the KRaft quorum's active controller, or to the ZooKeeper-mode controller broker.
  if (b.kraft !== null) {
    gc.offsetsTopicRequestedAtMs = world.nowMs;
    sendToActiveController(world, b.node, b.kraft, 'CreateTopics', request);
    return;
  }
  const controllerNode = brokerNode(world, b.controllerId);
  if (controllerNode === undefined) return;
  gc.offsetsTopicRequestedAtMs = world.nowMs;
  world.send(b.node, controllerNode, 'CreateTopics', request);
}
