/** The run's summary as plain JSON: what the CLI prints and what `expect` paths read. */
import type { World } from '../sim/world';
import type { KafkaState } from './state';
import { checkAnomalies, type AnomalyReport } from '../check/anomalies';
import { tpKey } from './names';
import { getOwn, setOwn } from './dict';
import { clusterPartitions, clusterView } from './controller/controller';
import { kraftQuorumView } from './controller/kraft/controller-node';
import { zkEnsembleView } from './zookeeper';
import { describeGroups, type GroupSummary } from './group/describe';
import { deserializerSummary, schemaRegistrySummary, serializerSummary, type DeserializerSummary, type SchemaRegistrySummary, type SerializerSummary } from './schema-registry/summary';

export interface ReplicaSummary {
  role: 'leader' | 'follower';
  broker: string;
  logStartOffset: number;
  highWatermark: number;
  logEndOffset: number;
}

export interface PartitionSummary {
  leader: number;
  replicas: number[];
  isr: number[];
  leaderEpoch: number;
  /** The leader's log (or, with no leader, -1). */
  logStartOffset: number;
  highWatermark: number;
  logEndOffset: number;
  /** Each replica's view, by broker id. */
  replicaLogs: Record<string, ReplicaSummary>;
}

export interface ProducerSummary {
  /** Records whose outcome is known (acknowledged or failed). */
  sent: number;
  acknowledged: number;
  failed: Record<string, number>;
  produceRequests: number;
  /** Average records per Produce request (batching: linger.ms, batch.size). */
  recordsPerRequest: number;
  /** With a json/avro valueSerializer: its schema and counts. */
  serializer?: SerializerSummary;
}

export interface ConsumerSummary {
  groupId: string;
  status: string;
  assigned: string[];
  delivered: number;
  positions: Record<string, number>;
  /** With a valueDeserializer: records decoded, decode errors, by writer schema id… */
  deserializer?: DeserializerSummary;
}

export interface RunSummary {
  scenario: string;
  seed: number;
  nowMs: number;
  /** Domain events so far. */
  events: number;
  /** Kernel events processed so far. */
  steps: number;
  traceHash: string;
  network: { sent: number; delivered: number; dropped: number; inFlight: number };
  brokers: Record<string, { status: string }>;
  controller: { mode: string; brokerId: number; epoch: number; zookeeper?: unknown; quorum?: unknown };
  topics: Record<string, { partitions: Record<string, PartitionSummary> }>;
  producers: Record<string, ProducerSummary>;
  consumers: Record<string, ConsumerSummary>;
  /** Consumer groups as `kafka-consumer-groups --describe` shows them, with the group checkers' findings. */
  groups: Record<string, GroupSummary>;
  checks: AnomalyReport;
  /** Subjects, versions and ids, compatibility, refused registrations. */
  schemaRegistry: SchemaRegistrySummary;
  rejectedCommands: number;
  /** The Kafka console: its mode and the text of its last 200 lines. */
  console: { mode: string; lines: string[] };
  /** Parts of the scenario that this build of the model does not simulate yet. */
  notModelledYet: string[];
}

function partitionSummary(m: KafkaState, topic: string, partition: number): PartitionSummary {
  const key = tpKey(topic, partition);
  const s = clusterPartitions(m)[key];
  const replicaLogs: Record<string, ReplicaSummary> = {};
  for (const b of Object.values(m.brokers)) {
    const r = b.replicas[key];
    if (r === undefined) continue;
    replicaLogs[String(b.id)] = { role: r.role, broker: b.status, logStartOffset: r.log.logStartOffset, highWatermark: r.log.highWatermark, logEndOffset: r.log.logEndOffset };
  }
  const leaderLog = s !== undefined && s.leader >= 0 ? replicaLogs[String(s.leader)] : undefined;
  return {
    leader: s?.leader ?? -1,
    replicas: s?.replicas ?? [],
    isr: s?.isr ?? [],
    leaderEpoch: s?.leaderEpoch ?? -1,
    logStartOffset: leaderLog?.logStartOffset ?? -1,
    highWatermark: leaderLog?.highWatermark ?? -1,
    logEndOffset: leaderLog?.logEndOffset ?? -1,
    replicaLogs,
  };
}

/** ZooKeeper's ensemble (leader, sessions) or the KRaft quorum (leader, epoch, voters). */
function controlPlane(m: KafkaState): { zookeeper?: unknown; quorum?: unknown } {
  const zk = Object.values(m.zkServers);
  if (zk.length > 0) return { zookeeper: zkEnsembleView(zk) };
  const kraft = Object.values(m.kraftControllers);
  if (kraft.length > 0) return { quorum: kraftQuorumView(kraft) };
  return {};
}

export function summarize(world: World<KafkaState>): RunSummary {
  const s = world.state;
  const m = s.model;
  const sc = m.scenario;
  const topics: RunSummary['topics'] = {};
  const view = clusterView(m);
  for (const t of Object.values(view.topics).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const partitions: Record<string, PartitionSummary> = {};
    for (let p = 0; p < t.partitions; p++) partitions[String(p)] = partitionSummary(m, t.name, p);
    setOwn(topics, t.name, { partitions });
  }
  const producers: RunSummary['producers'] = {};
  for (const id of Object.keys(m.producers).sort()) {
    const counters = m.producers[id]?.counters;
    const requests = counters?.produceRequests ?? 0;
    const recordsPerRequest = requests === 0 ? 0 : Math.round(((counters?.recordsInRequests ?? 0) / requests) * 100) / 100;
    setOwn(producers, id, { sent: 0, acknowledged: 0, failed: {}, produceRequests: requests, recordsPerRequest });
    const ser = m.producers[id]?.valueSerializer;
    if (ser) (getOwn(producers, id) as ProducerSummary).serializer = serializerSummary(ser);
  }
  for (const send of m.history.sends) {
    const p = getOwn(producers, send.producer.replace(/^producer-/, ''));
    if (p === undefined) continue;
    p.sent++;
    if (send.error === 'NONE') p.acknowledged++;
    else p.failed[send.error] = (p.failed[send.error] ?? 0) + 1;
  }
  const consumers: RunSummary['consumers'] = {};
  for (const c of Object.values(m.consumers)) {
    consumers[c.name] = { groupId: c.groupId, status: c.status, assigned: c.assigned, delivered: c.delivered, positions: { ...c.positions } };
    if (c.valueDeserializer) (consumers[c.name] as ConsumerSummary).deserializer = deserializerSummary(c.valueDeserializer);
  }
  const notModelledYet: string[] = [];
  return {
    scenario: sc.name,
    seed: s.seed,
    nowMs: s.nowMs,
    events: s.events.length,
    steps: s.steps,
    traceHash: world.traceHash,
    network: { sent: s.network.sentCount, delivered: s.network.deliveredCount, dropped: s.network.droppedCount, inFlight: world.inFlight().length },
    brokers: Object.fromEntries(Object.values(m.brokers).map((b) => [String(b.id), { status: b.status }])),
    controller: { mode: view.mode, brokerId: view.mode === 'kraft' ? -1 : view.controllerId, epoch: view.epoch, ...controlPlane(m) },
    topics,
    producers,
    consumers,
    groups: describeGroups(m, s.nowMs),
    checks: checkAnomalies(m),
    schemaRegistry: schemaRegistrySummary(m.schemaRegistry),
    rejectedCommands: m.rejectedCommands.length,
    console: { mode: m.console?.mode ?? 'shell', lines: (m.console?.lines ?? []).slice(-200).map((l) => l.text) },
    notModelledYet,
  };
}
