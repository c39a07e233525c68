/**
 * ZooKeeper mode, the way the course teaches it (kafka-reference.md §2.10). Every broker keeps a
 * ZooKeeper session, registers the ephemeral /brokers/ids/<id>, watches /controller and races to
 * create it. The winner bumps /controller_epoch, reads the cluster's state from the znodes, watches
 * /brokers/ids, and from then on reacts to brokers leaving and joining: it elects partition
 * leaders (election.ts), writes the new state to ZooKeeper and sends LeaderAndIsr and
 * UpdateMetadata. A broker that loses its session while clients still reach it keeps acting as
 * leader until it learns otherwise: that window is real Kafka's, and visible here.
 */
import { newZkClient, resetZkClient, zkConnect, zkSubmit, type ZkClientEvent, type ZkResult } from '../zookeeper';
import { resolveTopicConfig } from '../config/resolve';
import type { PartitionState } from '../protocol/messages';
import type { BrokerState, ControllerState } from '../state';
import type { KafkaWorld } from '../world';
import { brokerNode } from '../world';
import { getOwn, setOwn } from '../dict';
import { tpKey } from '../names';
import { HEADER_BYTES, sendFromBroker } from '../broker/respond';
import { stopBrokerProcess } from '../broker/broker';
import { commitPartitionChange, createTopicAt, latestPartitionState, newControllerState, onPartitionChangeWritten, propagate, topicConfigsOf } from './controller';
import { electForControlledShutdown, electOnBrokerLoss, electOnBrokerReturn, electPreferred, imbalancedPartitions, type ElectionResult } from './election';
import { onPartitionStateChanged, topicPath, statePath, type TopicZnode } from './zk-persist';

/** The ZooKeeper controller bumps the leader epoch on every change it makes (election.ts). */
const ZK_EPOCHS = { bumpLeaderEpochOnIsrChange: true };

/** How long a broker waits before trying again to register when its old session still holds /brokers/ids/<id>. */
const REGISTER_RETRY_MS = 1_000;

function submit(world: KafkaWorld, b: BrokerState, op: Parameters<typeof zkSubmit>[3], tag: string): void {
  if (b.zk !== null) zkSubmit(world, b.node, b.zk, op, tag);
}

/** At start and restart: a new ZooKeeper session. */
export function startZkBroker(world: KafkaWorld, b: BrokerState, zkServerNodes: number[]): void {
  if (b.zk === null) b.zk = newZkClient(`broker-${b.id}`, zkServerNodes, (b.id - 1 + zkServerNodes.length) % zkServerNodes.length, b.config['zookeeper.session.timeout.ms']);
  else resetZkClient(b.zk);
  zkConnect(world, b.node, b.zk);
}

export function crashZkBroker(b: BrokerState): void {
  b.controller = null;
  b.shuttingDown = false;
  if (b.zk !== null) resetZkClient(b.zk);
}

export function onZkEvents(world: KafkaWorld, b: BrokerState, events: ZkClientEvent[]): void {
  for (const e of events) {
    switch (e.type) {
      case 'connected':
        if (e.newSession) onNewSession(world, b);
        else if (b.controller?.ready === true) {
          // Back on the same session after a connection loss: read /brokers/ids again rather
          // than trust that no watch notification was lost on the broken connection.
          submit(world, b, { op: 'getChildren', path: '/brokers/ids', watch: true }, 'brokers');
        }
        break;
      case 'expired':
        world.emit('BrokerZkSessionExpired', { broker: b.id });
        resign(world, b, 'session expired');
        if (b.zk !== null) zkConnect(world, b.node, b.zk);
        break;
      case 'disconnected':
        world.emit('BrokerZkDisconnected', { broker: b.id });
        break;
      case 'watch':
        onWatch(world, b, e.path, e.event);
        break;
      case 'result':
        onResult(world, b, e.tag, e.result);
        break;
    }
  }
}

function onNewSession(world: KafkaWorld, b: BrokerState): void {
  for (const path of ['/brokers', '/brokers/ids', '/brokers/topics']) submit(world, b, { op: 'create', path, data: '', ephemeral: false }, 'mkdir');
  submit(world, b, { op: 'create', path: '/controller_epoch', data: '0', ephemeral: false }, 'mkdir');
  register(world, b);
  raceForController(world, b);
}

function register(world: KafkaWorld, b: BrokerState): void {
  // The broker epoch (KIP-380) tells the controller a bounced broker from one that never left.
  submit(world, b, { op: 'create', path: `/brokers/ids/${b.id}`, data: JSON.stringify({ rack: b.rack, epoch: b.starts }), ephemeral: true }, 'register');
}

function raceForController(world: KafkaWorld, b: BrokerState): void {
  submit(world, b, { op: 'exists', path: '/controller', watch: true }, 'watchController');
  submit(world, b, { op: 'create', path: '/controller', data: JSON.stringify({ brokerid: b.id }), ephemeral: true }, 'elect');
}

export function onZkBrokerTimer(world: KafkaWorld, b: BrokerState, name: string, data: unknown = null): boolean {
  if (name === 'zkRegisterRetry') {
    if (!b.shuttingDown) register(world, b);
    return true;
  }
  if (name === 'autoRebalance') {
    autoRebalance(world, b, (data as { epoch: number } | null)?.epoch ?? -1);
    return true;
  }
  return false;
}

function onWatch(world: KafkaWorld, b: BrokerState, path: string, event: string): void {
  if (path === '/controller') {
    if (event === 'NodeDeleted') {
      if (b.controller !== null) resign(world, b, '/controller was deleted');
      raceForController(world, b);
    } else submit(world, b, { op: 'exists', path: '/controller', watch: true }, 'watchController');
    return;
  }
  if (path === '/brokers/ids' && b.controller !== null) {
    submit(world, b, { op: 'getChildren', path: '/brokers/ids', watch: true }, 'brokers');
  }
}

function resign(world: KafkaWorld, b: BrokerState, why: string): void {
  if (b.controller === null) return;
  world.emit('ControllerResigned', { broker: b.id, epoch: b.controller.epoch, why });
  b.controller = null;
}

function onResult(world: KafkaWorld, b: BrokerState, tag: string, r: ZkResult): void {
  const c = b.controller;
  if (tag === 'register') {
    if (r.ok) world.emit('BrokerRegistered', { broker: b.id, path: `/brokers/ids/${b.id}` });
    // KafkaZkClient.checkedEphemeralCreate: a node that exists may be this session's own (its
    // create went through but the answer was lost with the connection): look at its owner.
    else if (r.error === 'NODE_EXISTS') submit(world, b, { op: 'getData', path: `/brokers/ids/${b.id}`, watch: false }, 'registerCheck');
    // retryRequestUntilConnected: the answer was lost with the connection; try again.
    else if (r.error === 'CONNECTION_LOSS') world.setTimer(b.node, REGISTER_RETRY_MS, 'zkRegisterRetry');
    return;
  }
  if (tag === 'registerCheck') {
    if (r.ok && r.ephemeralOwner !== 0 && r.ephemeralOwner === b.zk?.sessionId) world.emit('BrokerRegistered', { broker: b.id, path: `/brokers/ids/${b.id}` });
    // Held by an older session (it goes when that session expires), gone meanwhile, or unknown: try again.
    else if (r.ok || r.error !== 'SESSION_EXPIRED') world.setTimer(b.node, REGISTER_RETRY_MS, 'zkRegisterRetry');
    return;
  }
  if (tag.startsWith('commit:')) {
    onPartitionChangeWritten(world, b, tag.slice('commit:'.length), r.ok);
    // The controller itself shutting down leaves once its leadership moves are written.
    const own = b.controller;
    if (b.shuttingDown && own !== null && own.shuttingDown.includes(b.id) && Object.keys(own.pending).length === 0) onControlledShutdownResponse(world, b);
    return;
  }
  if (tag === 'unregister') {
    if (b.shuttingDown) stopBrokerProcess(world, b);
    return;
  }
  if (tag === 'elect') {
    if (r.ok) wonControllerRace(world, b);
    // The answer was lost with the connection: the create may have gone through (Kafka retries
    // it and, on NODEEXISTS, checks whose /controller it is).
    else if (r.error === 'CONNECTION_LOSS') submit(world, b, { op: 'getData', path: '/controller', watch: false }, 'electCheck');
    return;
  }
  if (tag === 'electCheck') {
    if (r.ok && r.ephemeralOwner !== 0 && r.ephemeralOwner === b.zk?.sessionId) {
      if (b.controller === null) wonControllerRace(world, b);
    } else if (r.ok) submit(world, b, { op: 'exists', path: '/controller', watch: true }, 'watchController');
    else if (r.error === 'NO_NODE') raceForController(world, b);
    else if (r.error === 'CONNECTION_LOSS') submit(world, b, { op: 'getData', path: '/controller', watch: false }, 'electCheck');
    return;
  }
  if (c === null) return;
  if (tag === 'epochRead') {
    if (!r.ok) return resign(world, b, `cannot read /controller_epoch (${r.error})`);
    c.epoch = Number(r.data ?? '0') + 1;
    submit(world, b, { op: 'setData', path: '/controller_epoch', data: String(c.epoch), version: r.version }, 'epochWrite');
    return;
  }
  if (tag === 'epochWrite') {
    if (!r.ok) return resign(world, b, `lost the race to bump /controller_epoch (${r.error})`);
    c.epochZkVersion = r.version;
    world.emit('ControllerElected', { broker: b.id, epoch: c.epoch });
    c.loading = 2;
    submit(world, b, { op: 'getChildren', path: '/brokers/ids', watch: true }, 'brokers');
    submit(world, b, { op: 'getChildren', path: '/brokers/topics', watch: false }, 'topics');
    return;
  }
  if (tag === 'brokers') {
    if (!r.ok) return;
    const live = r.children.map(Number).filter((n) => Number.isInteger(n)).sort((x, y) => x - y);
    for (const id of live) submit(world, b, { op: 'getData', path: `/brokers/ids/${id}`, watch: false }, `brokerEpoch:${id}`);
    if (c.ready) onBrokersChanged(world, b, c, live);
    else {
      // A watch may fire while loading: only the first answer counts toward the load.
      const first = c.liveBrokers.length === 0 && !c.brokersRead;
      c.liveBrokers = live;
      c.brokersRead = true;
      if (first) loaded(world, b, c);
    }
    return;
  }
  if (tag.startsWith('brokerEpoch:')) {
    if (!r.ok || r.data === null) return;
    const id = Number(tag.slice('brokerEpoch:'.length));
    const epoch = (JSON.parse(r.data) as { epoch?: number }).epoch ?? 0;
    const known = c.brokerEpochs[String(id)];
    c.brokerEpochs[String(id)] = epoch;
    // Same id, new epoch: the broker restarted while the controller was not looking (a missed
    // watch). It lost its roles: treat it as one that left and came back.
    if (c.ready && known !== undefined && known !== epoch && c.liveBrokers.includes(id)) {
      world.emit('BrokerBounced', { controller: b.id, broker: id, epoch });
      onBrokersChanged(world, b, c, c.liveBrokers.filter((x) => x !== id));
      onBrokersChanged(world, b, c, [...c.liveBrokers, id].sort((x, y) => x - y));
    }
    return;
  }
  if (tag === 'topics') {
    if (r.ok) {
      for (const t of r.children) {
        c.loading++;
        submit(world, b, { op: 'getData', path: topicPath(t), watch: false }, `topic:${t}`);
      }
    }
    loaded(world, b, c);
    return;
  }
  if (tag.startsWith('topic:')) {
    const name = tag.slice('topic:'.length);
    if (r.ok && r.data !== null) {
      const z = JSON.parse(r.data) as TopicZnode;
      setOwn(c.topics, name, { name, partitions: z.assignment.length, configOverrides: z.configs, assignment: z.assignment });
      z.assignment.forEach((_, p) => {
        c.loading++;
        submit(world, b, { op: 'getData', path: statePath(name, p), watch: false }, `state:${name}:${p}`);
      });
    }
    loaded(world, b, c);
    return;
  }
  if (tag.startsWith('state:')) {
    const [, topic, p] = tag.split(':');
    if (c.ready) return;
    if (r.ok && r.data !== null && topic !== undefined && p !== undefined) {
      const { controllerEpoch: _epoch, ...state } = JSON.parse(r.data) as PartitionState & { controllerEpoch: number };
      c.partitions[tpKey(topic, Number(p))] = state;
    }
    loaded(world, b, c);
  }
}

/** This broker's session created /controller: it becomes the controller once it bumped /controller_epoch. */
function wonControllerRace(world: KafkaWorld, b: BrokerState): void {
  b.controller = newControllerState(0, []);
  submit(world, b, { op: 'getData', path: '/controller_epoch', watch: false }, 'epochRead');
}

function loaded(world: KafkaWorld, b: BrokerState, c: ControllerState): void {
  c.loading--;
  if (c.loading > 0 || c.ready) return;
  c.ready = true;
  onControllerReady(world, b, c);
}

/** The context is loaded: elect where needed, tell every broker, create the scenario's topics. */
function onControllerReady(world: KafkaWorld, b: BrokerState, c: ControllerState): void {
  const isLive = (id: number): boolean => c.liveBrokers.includes(id);
  // Partitions of known topics with no state znode (their creator lost ZooKeeper mid-way) start
  // as new partitions, as KafkaController initialises NewPartition states.
  for (const t of Object.values(c.topics)) {
    (t.assignment ?? []).forEach((replicas, p) => {
      const key = tpKey(t.name, p);
      if (c.partitions[key] !== undefined) return;
      const alive = replicas.filter(isLive);
      const state: PartitionState = { topic: t.name, partition: p, leader: alive[0] ?? -1, leaderEpoch: 0, isr: alive, replicas, partitionEpoch: 0 };
      c.partitions[key] = state;
      onPartitionStateChanged(world, b, state, 'persist');
    });
  }
  world.emit('ControllerReady', { broker: b.id, epoch: c.epoch, liveBrokers: c.liveBrokers, partitions: Object.keys(c.partitions).length });
  // Tell every broker what ZooKeeper holds, then fix what the brokers' comings and goings broke.
  propagate(world, b, Object.values(c.partitions), topicConfigsOf(c), 'network');
  applyElections(world, b, c, (s) => (s.leader >= 0 ? electOnBrokerLoss(s, isLive, uncleanAllowed(b, c, s.topic), ZK_EPOCHS) : electOnBrokerReturn(s, isLive, uncleanAllowed(b, c, s.topic), ZK_EPOCHS)));
  for (const t of world.state.model.scenario.topics) {
    if (getOwn(c.topics, t.name) !== undefined) continue;
    createTopicAt(world, b, { name: t.name, numPartitions: t.partitions, replicationFactor: t.replicationFactor, assignment: t.replicaAssignment ?? [], configs: t.config }, 'network');
  }
  if (b.config['auto.leader.rebalance.enable']) world.setTimer(b.node, b.config['leader.imbalance.check.interval.seconds'] * 1000, 'autoRebalance', { epoch: c.epoch });
}

function uncleanAllowed(b: BrokerState, c: ControllerState, topic: string): boolean {
  const t = getOwn(c.topics, topic);
  const r = resolveTopicConfig(b.config, t?.configOverrides ?? {}, topic);
  return r.ok ? r.config['unclean.leader.election.enable'] : false;
}

/**
 * Runs `elect` on every partition (on its newest decided state); each change is written to
 * ZooKeeper and announced once written (commitPartitionChange). Returns how many changed.
 */
function applyElections(world: KafkaWorld, b: BrokerState, c: ControllerState, elect: (s: PartitionState) => ElectionResult | null, only: (s: PartitionState) => boolean = () => true): number {
  let changed = 0;
  for (const key of Object.keys(c.partitions).sort()) {
    const s = latestPartitionState(c, key);
    if (s === undefined || !only(s)) continue;
    const r = elect(s);
    if (r === null) continue;
    changed++;
    commitPartitionChange(world, b, { state: r.state, previous: s, reason: r.reason, unclean: r.unclean, respondTo: null });
  }
  return changed;
}

/** /brokers/ids changed: brokers that left lose their leaderships; brokers that came back are told everything. */
function onBrokersChanged(world: KafkaWorld, b: BrokerState, c: ControllerState, live: number[]): void {
  const dead = c.liveBrokers.filter((x) => !live.includes(x));
  const added = live.filter((x) => !c.liveBrokers.includes(x));
  c.liveBrokers = live;
  // A broker that left is a new broker when it comes back, whatever its epoch.
  for (const id of dead) delete c.brokerEpochs[String(id)];
  c.shuttingDown = c.shuttingDown.filter((x) => live.includes(x));
  if (dead.length === 0 && added.length === 0) return;
  world.emit('BrokersChanged', { controller: b.id, live, dead, added });
  const isLive = (id: number): boolean => live.includes(id);
  // Brokers that came back get every partition they host; the others the new list of brokers.
  if (added.length > 0) propagate(world, b, Object.values(c.partitions), topicConfigsOf(c), 'network', added);
  propagate(world, b, [], topicConfigsOf(c), 'network', live.filter((x) => !added.includes(x)));
  applyElections(world, b, c, (s) => {
    if (s.leader < 0) return electOnBrokerReturn(s, isLive, uncleanAllowed(b, c, s.topic), ZK_EPOCHS);
    return s.replicas.some((r) => dead.includes(r)) ? electOnBrokerLoss(s, isLive, uncleanAllowed(b, c, s.topic), ZK_EPOCHS) : null;
  });
}

/** ControlledShutdown from `brokerId`: move its leaderships away first, then let it go. */
export function handleControlledShutdown(world: KafkaWorld, b: BrokerState, fromNode: number, req: { correlationId: number; brokerId: number }): void {
  const c = b.controller;
  if (c === null || !c.ready) {
    sendFromBroker(world, b, fromNode, 'ControlledShutdownResponse', { correlationId: req.correlationId, error: 'NOT_CONTROLLER', remainingPartitions: -1 });
    return;
  }
  if (!c.shuttingDown.includes(req.brokerId)) c.shuttingDown.push(req.brokerId);
  const isLive = (id: number): boolean => c.liveBrokers.includes(id) && !c.shuttingDown.includes(id);
  applyElections(world, b, c, (s) => electForControlledShutdown(s, req.brokerId, isLive, ZK_EPOCHS), (s) => s.replicas.includes(req.brokerId));
  const remaining = Object.values(c.partitions).filter((s) => s.leader === req.brokerId).length;
  if (fromNode === b.node) return;
  sendFromBroker(world, b, fromNode, 'ControlledShutdownResponse', { correlationId: req.correlationId, error: 'NONE', remainingPartitions: remaining }, HEADER_BYTES);
}

/** The shutdownBroker command: a controlled shutdown when `controlled.shutdown.enable`. */
export function startControlledShutdown(world: KafkaWorld, b: BrokerState): boolean {
  if (!b.config['controlled.shutdown.enable'] || b.zk === null) return false;
  const to = brokerNode(world, b.controllerId);
  if (to === undefined) return false;
  b.shuttingDown = true;
  world.emit('ControlledShutdownStarted', { broker: b.id, controller: b.controllerId });
  const correlationId = b.nextCorrelationId++;
  world.setTimer(b.node, b.config['replica.socket.timeout.ms'], 'controlledShutdownTimeout');
  if (to === b.node) {
    // The controller itself leaves: it moves its leaderships (and leaves once they are written),
    // then gives up /controller.
    handleControlledShutdown(world, b, b.node, { correlationId, brokerId: b.id });
    if (b.controller === null || Object.keys(b.controller.pending).length === 0) onControlledShutdownResponse(world, b);
  } else sendFromBroker(world, b, to, 'ControlledShutdown', { correlationId, brokerId: b.id }, HEADER_BYTES);
  return true;
}

/** The controller answered: remove the registration; the process stops (the caller's next step). */
export function onControlledShutdownResponse(world: KafkaWorld, b: BrokerState): void {
  // Closing the session would delete these ephemerals at once; delete them explicitly.
  if (b.controller !== null) {
    resign(world, b, 'controlled shutdown');
    submit(world, b, { op: 'delete', path: '/controller', version: -1 }, 'resignController');
  }
  submit(world, b, { op: 'delete', path: `/brokers/ids/${b.id}`, version: -1 }, 'unregister');
}

/** electPreferredLeaders: on the active controller, every partition whose first replica can lead. */
export function electPreferredLeaders(world: KafkaWorld, b: BrokerState): number {
  const c = b.controller;
  if (c === null || !c.ready) return 0;
  const isLive = (id: number): boolean => c.liveBrokers.includes(id);
  return applyElections(world, b, c, (s) => electPreferred(s, isLive));
}

/** auto.leader.rebalance.enable: every leader.imbalance.check.interval.seconds. */
function autoRebalance(world: KafkaWorld, b: BrokerState, epoch: number): void {
  const c = b.controller;
  // Only the loop this controller epoch started (a re-elected broker starts a new one).
  if (c === null || !c.ready || c.epoch !== epoch) return;
  const isLive = (id: number): boolean => c.liveBrokers.includes(id) && !c.shuttingDown.includes(id);
  const keys = new Set(imbalancedPartitions(Object.values(c.partitions), isLive, b.config['leader.imbalance.per.broker.percentage']).map((s) => tpKey(s.topic, s.partition)));
  if (keys.size > 0) {
    applyElections(world, b, c, (s) => electPreferred(s, isLive), (s) => keys.has(tpKey(s.topic, s.partition)));
  }
  world.setTimer(b.node, b.config['leader.imbalance.check.interval.seconds'] * 1000, 'autoRebalance', { epoch });
}

