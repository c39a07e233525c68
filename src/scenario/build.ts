/**
 * Builds the world a scenario describes: nodes for every process, the scenario's topics already
 * created (as if the cluster had been running before time 0), clients started at their times, and
 * the timeline queued.
 */
import { World } from '../sim/world';
import { setOwn } from '../kafka/dict';
import { kafkaModel } from '../kafka/model';
import type { KafkaState, NodeRole } from '../kafka/state';
import { newHistory } from '../kafka/client/history';
import { brokerConfigFor, newBrokerState, startBroker } from '../kafka/broker/broker';
import { createTopic, newControllerState, propagate } from '../kafka/controller/controller';
import { createConsumer, startConsumer } from '../kafka/client/consumer';
import { createProducer, startProducer } from '../kafka/client/producer';
import { resolveConfig } from '../kafka/config/resolve';
import type { ConsumerConfig, ProducerConfig } from '../kafka/config/types';
import type { Scenario } from './schema';
import { brokerList, brokerNodeName, consumerNodeName, controllerNodeName, producerNodeName, zookeeperNodeName } from './nodes';

function resolved<T>(r: { ok: true; config: T } | { ok: false; errors: readonly { path: string; message: string }[] }): T {
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.config;
}

export function buildWorld(scenario: Scenario, seed: number = scenario.seed): World<KafkaState> {
  const brokers = brokerList(scenario);
  const state: KafkaState = {
    scenario,
    nodeByName: {},
    roles: [],
    brokers: {},
    producers: {},
    consumers: {},
    history: newHistory(),
    controller: newControllerState(Math.min(...brokers.map((b) => b.id))),
    rejectedCommands: [],
  };
  const world = World.create(seed, scenario.cluster.network, state, kafkaModel);
  const add = (name: string, role: NodeRole): number => {
    const id = world.addNode(name, role.kind);
    state.nodeByName[name] = id;
    state.roles[id] = role;
    return id;
  };
  if (scenario.cluster.controller === 'zookeeper') {
    for (let i = 1; i <= scenario.cluster.zookeeperServers; i++) add(zookeeperNodeName(i), { kind: 'zookeeper', key: String(i) });
  } else {
    for (let i = 1; i <= scenario.cluster.kraftControllers; i++) add(controllerNodeName(i), { kind: 'controller', key: String(i) });
  }
  const brokerConfig = brokerConfigFor(scenario.cluster.config);
  for (const b of brokers) {
    const node = add(brokerNodeName(b.id), { kind: 'broker', key: String(b.id) });
    state.brokers[String(b.id)] = newBrokerState(b.id, node, b.rack, brokerConfig);
  }
  // The cluster was running before time 0: its brokers know each other and the scenario's topics.
  propagate(world, [], {}, 'immediate');
  for (const t of scenario.topics) {
    const r = createTopic(world, { name: t.name, numPartitions: t.partitions, replicationFactor: t.replicationFactor, assignment: t.replicaAssignment ?? [], configs: t.config }, 'immediate');
    if (r.error !== 'NONE') throw new Error(`topics: ${t.name}: ${r.error}: ${r.message ?? ''}`);
  }
  for (const b of Object.values(state.brokers)) startBroker(world, b);

  scenario.producers.forEach((spec, index) => {
    const node = add(producerNodeName(spec.id), { kind: 'producer', key: spec.id });
    const config = resolved(resolveConfig('producer', spec.config, `producers[${index}].config`)) as ProducerConfig;
    const p = createProducer(spec, config, node, index);
    setOwn(state.producers, spec.id, p);
    startProducer(world, p);
  });
  for (const g of scenario.consumerGroups) {
    const config = resolved(resolveConfig('consumer', { 'group.id': g.groupId, ...g.config }, `consumerGroups.${g.groupId}.config`)) as ConsumerConfig;
    for (let i = 1; i <= g.members; i++) {
      const name = consumerNodeName(g.groupId, i);
      const node = add(name, { kind: 'consumer', key: name });
      const c = createConsumer(name, node, i, g, config);
      state.consumers[name] = c;
      startConsumer(world, c, g.startMs);
    }
  }
  for (const c of scenario.timeline) {
    const { atMs, ...command } = c;
    world.scheduleCommand(atMs, command);
  }
  return world;
}
