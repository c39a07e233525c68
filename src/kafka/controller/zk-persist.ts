/**
 * ZooKeeper mode: the controller writes what it decides to the znodes, so that the next controller
 * can read it back: `/brokers/topics/<topic>` (assignment and configs) and
 * `/brokers/topics/<topic>/partitions/<p>/state` (leader, leader epoch, ISR, controller epoch).
 * Writes are fire-and-forget: a controller that lost its session cannot write any more, and the
 * next one reads what was written.
 */
import { zkSubmit } from '../zookeeper';
import type { ConfigValue, PartitionState } from '../protocol/messages';
import type { BrokerState } from '../state';
import type { KafkaWorld } from '../world';

export const topicPath = (topic: string): string => `/brokers/topics/${topic}`;
export const statePath = (topic: string, partition: number): string => `/brokers/topics/${topic}/partitions/${partition}/state`;

export interface TopicZnode {
  assignment: number[][];
  configs: Record<string, ConfigValue>;
}

export function onTopicCreated(world: KafkaWorld, controller: BrokerState, topic: string, assignment: number[][], configs: Record<string, ConfigValue>, states: PartitionState[]): void {
  const zk = controller.zk;
  if (zk === null) return;
  const data: TopicZnode = { assignment, configs };
  zkSubmit(world, controller.node, zk, { op: 'create', path: topicPath(topic), data: JSON.stringify(data), ephemeral: false }, 'persist');
  zkSubmit(world, controller.node, zk, { op: 'create', path: `${topicPath(topic)}/partitions`, data: '', ephemeral: false }, 'persist');
  for (const s of states) {
    zkSubmit(world, controller.node, zk, { op: 'create', path: `${topicPath(topic)}/partitions/${s.partition}`, data: '', ephemeral: false }, 'persist');
    zkSubmit(world, controller.node, zk, { op: 'create', path: statePath(topic, s.partition), data: stateData(controller, s), ephemeral: false }, 'persist');
  }
}

export function onPartitionStateChanged(world: KafkaWorld, controller: BrokerState, s: PartitionState, tag = 'persist'): void {
  const zk = controller.zk;
  if (zk === null) return;
  // The state znode may be missing (its creator lost ZooKeeper mid-way): create the path first;
  // NODE_EXISTS answers are expected and ignored.
  zkSubmit(world, controller.node, zk, { op: 'create', path: `${topicPath(s.topic)}/partitions`, data: '', ephemeral: false }, 'mkdir');
  zkSubmit(world, controller.node, zk, { op: 'create', path: `${topicPath(s.topic)}/partitions/${s.partition}`, data: '', ephemeral: false }, 'mkdir');
  zkSubmit(world, controller.node, zk, { op: 'create', path: statePath(s.topic, s.partition), data: stateData(controller, s), ephemeral: false }, 'mkdir');
  zkSubmit(world, controller.node, zk, { op: 'setData', path: statePath(s.topic, s.partition), data: stateData(controller, s), version: -1 }, tag);
}

function stateData(controller: BrokerState, s: PartitionState): string {
  return JSON.stringify({ ...s, controllerEpoch: controller.controller?.epoch ?? 0 });
}
