/** Builds the world a scenario describes: nodes for every process, and the timeline queued. */
import { World } from '../sim/world';
import { kafkaModel } from '../kafka/model';
import type { KafkaState } from '../kafka/state';
import type { Scenario } from './schema';
import {
  brokerList,
  brokerNodeName,
  consumerNodeName,
  controllerNodeName,
  producerNodeName,
  zookeeperNodeName,
} from './nodes';

export function buildWorld(scenario: Scenario, seed: number = scenario.seed): World<KafkaState> {
  const state: KafkaState = { scenario, nodeByName: {}, brokers: {}, rejectedCommands: [] };
  const world = World.create(seed, scenario.cluster.network, state, kafkaModel);
  const add = (name: string, kind: string): number => {
    const id = world.addNode(name, kind);
    state.nodeByName[name] = id;
    return id;
  };
  if (scenario.cluster.controller === 'zookeeper') {
    for (let i = 1; i <= scenario.cluster.zookeeperServers; i++) add(zookeeperNodeName(i), 'zookeeper');
  } else {
    for (let i = 1; i <= scenario.cluster.kraftControllers; i++) add(controllerNodeName(i), 'controller');
  }
  for (const b of brokerList(scenario)) {
    const node = add(brokerNodeName(b.id), 'broker');
    state.brokers[String(b.id)] = { id: b.id, node, rack: b.rack, status: 'running' };
  }
  for (const p of scenario.producers) add(producerNodeName(p.id), 'producer');
  for (const g of scenario.consumerGroups) {
    for (let i = 1; i <= g.members; i++) add(consumerNodeName(g.groupId, i), 'consumer');
  }
  for (const c of scenario.timeline) {
    const { atMs, ...command } = c;
    world.scheduleCommand(atMs, command);
  }
  return world;
}
