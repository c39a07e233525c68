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
import { newKraftControllerNode, startKraftController } from '../kafka/controller/kraft/controller-node';
import { newKraftBroker } from '../kafka/controller/kraft/broker-metadata';
import { createConsumer, startConsumer } from '../kafka/client/consumer';
import { consumerConfigFor } from '../kafka/client/consumer-commands';
import { createProducer, startProducer } from '../kafka/client/producer';
import { resolveConfig } from '../kafka/config/resolve';
import { newZkServer, startZkServer } from '../kafka/zookeeper';
import type { ProducerConfig } from '../kafka/config/types';
import { emitRegistration, producerSerializer, registryFromSpec } from '../kafka/schema-registry/clients';
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
    zkServers: {},
    kraftControllers: {},
    schemaRegistry: registryFromSpec(scenario.schemaRegistry).registry,
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
    const ensemble: number[] = [];
    for (let i = 1; i <= scenario.cluster.zookeeperServers; i++) ensemble.push(add(zookeeperNodeName(i), { kind: 'zookeeper', key: String(i) }));
    ensemble.forEach((node, i) => {
      const server = newZkServer(i + 1, node, ensemble);
      state.zkServers[String(i + 1)] = server;
      startZkServer(world, server);
    });
  }
  const brokerConfig = brokerConfigFor(scenario.cluster.config);
  const voters: number[] = [];
  if (scenario.cluster.controller === 'kraft') {
    for (let i = 1; i <= scenario.cluster.kraftControllers; i++) voters.push(add(controllerNodeName(i), { kind: 'controller', key: String(i) }));
    voters.forEach((node, i) => {
      const c = newKraftControllerNode(i + 1, node, voters, brokerConfig);
      state.kraftControllers[String(i + 1)] = c;
      startKraftController(world, c);
    });
  }
  for (const b of brokers) {
    const node = add(brokerNodeName(b.id), { kind: 'broker', key: String(b.id) });
    const broker = newBrokerState(b.id, node, b.rack, brokerConfig);
    if (voters.length > 0) broker.kraft = newKraftBroker(b.id, b.rack, voters, brokerConfig);
    state.brokers[String(b.id)] = broker;
  }
  // Brokers start at time 0: in ZooKeeper mode they register and race for /controller, whose
  // winner creates the scenario's topics (zk-controller.ts); in KRaft mode they register with the
  // quorum and the lowest broker id asks for the topics once it is unfenced (broker.ts).
  for (const b of Object.values(state.brokers)) startBroker(world, b);

  scenario.producers.forEach((spec, index) => {
    const node = add(producerNodeName(spec.id), { kind: 'producer', key: spec.id });
    const config = resolved(resolveConfig('producer', spec.config, `producers[${index}].config`)) as ProducerConfig;
    const p = createProducer(spec, config, node, index);
    if (spec.valueSerializer !== undefined && spec.valueSerializer !== 'string') {
      const ser = producerSerializer(state.schemaRegistry, spec.id, spec.topic, spec.valueSerializer, spec.valueSchema, spec.valueFields, 0);
      if (!ser.ok) throw new Error(`producers[${index}]: ${ser.message}`);
      p.valueSerializer = ser.serializer;
      if (ser.registered !== null) emitRegistration(world, ser.serializer?.subject ?? '', p.clientId, ser.registered);
    }
    setOwn(state.producers, spec.id, p);
    startProducer(world, p);
  });
  for (const g of scenario.consumerGroups) {
    const config = resolved(consumerConfigFor(g, `consumerGroups.${g.groupId}.config`));
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
    world.addCommand(atMs, command);
  }
  return world;
}
