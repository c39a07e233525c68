/**
 * The View: a small plain projection of the world for one frame, what the screen draws. Built
 * from the session's current world; nothing in it is shared with the world's mutable state.
 */
import type { KafkaState, BrokerState } from '../kafka/state';
import type { PartitionLog } from '../kafka/log/types';
import type { DomainEvent } from '../sim/types';
import { clusterPartitions, clusterView } from '../kafka/controller/controller';
import { kraftQuorumView } from '../kafka/controller/kraft/controller-node';
import { zkEnsembleView, zkTreeView } from '../kafka/zookeeper';
import { describeGroups, type GroupSummary } from '../kafka/group/describe';
import { linkKey } from '../sim/network';
import { deserializerSummary, schemaRegistrySummary, type SchemaRegistrySummary } from '../kafka/schema-registry/summary';
import type { LiveFinding, Marker, Session } from './session';

/** Records shown per replica strip (the newest ones). */
export const RECORDS_SHOWN = 40;

export interface RecordCell {
  offset: number;
  key: string | null;
  value: string;
  producer: string;
  timestampMs: number;
  leaderEpoch: number;
  /** The producer's record number (tells a duplicate from an equal record). */
  recordId: number;
}

export interface SegmentView {
  baseOffset: number;
  /** One past its last offset. */
  endOffset: number;
  sizeBytes: number;
  createdAtMs: number;
}

export interface ReplicaView {
  broker: number;
  role: 'leader' | 'follower' | 'none';
  inIsr: boolean;
  /** The broker is down, so this copy is unreachable (its disk keeps it). */
  offline: boolean;
  logStartOffset: number;
  highWatermark: number;
  logEndOffset: number;
  segments: SegmentView[];
  /** The newest RECORDS_SHOWN records, oldest first. */
  records: RecordCell[];
}

export interface PartitionView {
  key: string;
  topic: string;
  partition: number;
  leader: number;
  leaderEpoch: number;
  isr: number[];
  /** The assignment order: the first is the preferred leader. */
  replicas: ReplicaView[];
}

export interface BrokerView {
  id: number;
  node: string;
  rack: string | null;
  status: 'running' | 'crashed' | 'stopped';
  paused: boolean;
  /** KRaft: fenced by the controller. */
  fenced: boolean;
  /** Every link from or to it is cut. */
  isolated: boolean;
  /** Some links from or to it are cut, slow or lossy. */
  degradedLinks: number;
  controller: boolean;
  shuttingDown: boolean;
  /** How many partitions it leads / follows (user topics only). */
  leads: number;
  follows: number;
}

export interface WireMessage {
  id: number;
  kind: string;
  from: string;
  to: string;
  sentAtMs: number;
  deliverAtMs: number;
  sizeBytes: number;
}

export interface DroppedWireMessage extends WireMessage {
  droppedAtMs: number;
  reason: string;
}

export interface ProducerView {
  id: string;
  node: string;
  topic: string;
  status: string;
  acks: string;
  lingerMs: number;
  sendMode: string;
  acknowledged: number;
  failed: number;
}

export interface ConsumerView {
  name: string;
  node: string;
  groupId: string;
  status: string;
  memberState: string;
  paused: boolean;
  generation: number;
  assigned: string[];
  positions: Record<string, number>;
  delivered: number;
}

export interface ControlPlaneView {
  mode: string;
  /** ZooKeeper mode: the controller broker; KRaft: the active controller's id. */
  controllerId: number;
  epoch: number;
  zookeeper: {
    servers: { id: number; node: string; up: boolean; paused: boolean; leader: boolean }[];
    /** Data of /controller (the broker id) or null when the znode is absent. */
    controllerZnode: number | null;
    /** Children of /brokers/ids. */
    brokerIds: number[];
    sessions: { id: number; owner: string; expiresInMs: number }[];
  } | null;
  kraft: {
    leader: number;
    epoch: number;
    voters: { id: number; node: string; role: string; epoch: number; logEndOffset: number; highWatermark: number; paused: boolean }[];
  } | null;
}

export interface View {
  scenarioName: string;
  title: { en: string; fr: string } | null;
  seed: number;
  nowMs: number;
  durationMs: number;
  /** The newest time computed: the timeline can seek anywhere up to here without computing. */
  headMs: number;
  atHead: boolean;
  steps: number;
  events: number;
  traceHash: string;
  brokers: BrokerView[];
  controlPlane: ControlPlaneView;
  topics: { name: string; partitions: number; replicationFactor: number; internal: boolean }[];
  partitions: PartitionView[];
  producers: ProducerView[];
  consumers: ConsumerView[];
  groups: Record<string, GroupSummary>;
  wire: WireMessage[];
  dropped: DroppedWireMessage[];
  markers: Marker[];
  findings: LiveFinding[];
  /** The newest domain events (the log panel reads older ones from the session). */
  lastEvents: DomainEvent[];
  userCommands: number;
  /** The schema registry (subjects, versions, refusals), when the scenario uses one; else null. */
  schemaRegistry: SchemaRegistrySummary | null;
  /** Consumers that deserialize values: how many records each decoded, by writer schema id. */
  decoders: { consumer: string; reader: string | null; decoded: number; errors: number; bySchemaId: Record<string, number> }[];
  console: { mode: string; lines: { atMs: number; kind: string; text: string }[] } | null;
}

const INTERNAL = /^__/;

function recordsOf(log: PartitionLog): RecordCell[] {
  const out: RecordCell[] = [];
  for (let s = log.segments.length - 1; s >= 0 && out.length < RECORDS_SHOWN; s--) {
    const seg = log.segments[s];
    if (seg === undefined) continue;
    for (let b = seg.batches.length - 1; b >= 0 && out.length < RECORDS_SHOWN; b--) {
      const batch = seg.batches[b];
      if (batch === undefined) continue;
      for (let i = batch.values.length - 1; i >= 0 && out.length < RECORDS_SHOWN; i--) {
        const offset = batch.baseOffset + i;
        if (offset >= log.logEndOffset) continue;
        out.push({
          offset,
          key: batch.keys[i] ?? null,
          value: batch.values[i] ?? '',
          producer: batch.producer,
          timestampMs: batch.timestampsMs[i] ?? -1,
          leaderEpoch: batch.partitionLeaderEpoch,
          recordId: batch.recordIds[i] ?? -1,
        });
      }
    }
  }
  return out.reverse();
}

function segmentsOf(log: PartitionLog): SegmentView[] {
  return log.segments.map((seg, i) => {
    const next = log.segments[i + 1];
    const last = seg.batches[seg.batches.length - 1];
    return {
      baseOffset: seg.baseOffset,
      endOffset: next !== undefined ? next.baseOffset : last !== undefined ? Math.min(last.lastOffset + 1, log.logEndOffset) : seg.baseOffset,
      sizeBytes: seg.sizeBytes,
      createdAtMs: seg.createdAtMs,
    };
  });
}

function brokerLinks(session: Session, b: BrokerState): { isolated: boolean; degraded: number } {
  const s = session.world.state;
  const links = s.network.links;
  if (s.network.faultyLinkCount === 0) return { isolated: false, degraded: 0 };
  let degraded = 0;
  let blockedAll = true;
  let peers = 0;
  for (const n of s.nodes) {
    if (n.id === b.node) continue;
    peers++;
    const out = links[linkKey(b.node, n.id)];
    const inn = links[linkKey(n.id, b.node)];
    if (out !== undefined || inn !== undefined) degraded++;
    if (!(out?.blocked === true && inn?.blocked === true)) blockedAll = false;
  }
  return { isolated: peers > 0 && blockedAll, degraded };
}

function controlPlaneView(session: Session, m: KafkaState): ControlPlaneView {
  const w = session.world;
  const nodes = w.state.nodes;
  const cv = clusterView(m);
  const zkServers = Object.values(m.zkServers).sort((a, b) => a.id - b.id);
  let zookeeper: ControlPlaneView['zookeeper'] = null;
  if (zkServers.length > 0) {
    const ensemble = zkEnsembleView(zkServers, w.nowMs);
    const source = zkServers.find((z) => z.id === ensemble.leader) ?? zkServers.find((z) => z.up) ?? zkServers[0];
    const tree = source === undefined ? [] : zkTreeView(source);
    const controllerNode = tree.find((e) => e.path === '/controller');
    let controllerZnode: number | null = null;
    if (controllerNode !== undefined) {
      const match = /"brokerid"\s*:\s*(\d+)/.exec(controllerNode.data) ?? /^(\d+)$/.exec(controllerNode.data);
      controllerZnode = match?.[1] !== undefined ? Number(match[1]) : null;
    }
    const brokerIds = tree
      .filter((e) => e.path.startsWith('/brokers/ids/'))
      .map((e) => Number(e.path.slice('/brokers/ids/'.length)))
      .filter((n) => Number.isInteger(n))
      .sort((a, b) => a - b);
    zookeeper = {
      servers: zkServers.map((z) => ({ id: z.id, node: nodes[z.node]?.name ?? `zk-${z.id}`, up: z.up, paused: w.isPaused(z.node), leader: z.id === ensemble.leader })),
      controllerZnode,
      brokerIds,
      sessions: ensemble.sessions,
    };
  }
  const kraftStates = Object.values(m.kraftControllers);
  let kraft: ControlPlaneView['kraft'] = null;
  if (kraftStates.length > 0) {
    const q = kraftQuorumView(kraftStates);
    kraft = {
      leader: q.leader,
      epoch: q.epoch,
      voters: q.voters.map((v) => {
        const st = kraftStates.find((k) => k.id === v.id);
        return { id: v.id, node: st === undefined ? `controller-${v.id}` : (nodes[st.node]?.name ?? ''), role: v.role, epoch: v.epoch, logEndOffset: v.logEndOffset, highWatermark: v.highWatermark, paused: st !== undefined && w.isPaused(st.node) };
      }),
    };
  }
  return { mode: cv.mode, controllerId: cv.controllerId, epoch: cv.epoch, zookeeper, kraft };
}

/** The messages in flight, named by node: what the wire overlay animates every frame. */
export function wireMessages(session: Session): WireMessage[] {
  const w = session.world;
  const nodeName = (id: number): string => w.state.nodes[id]?.name ?? `node-${id}`;
  return w.inFlight().map((msg) => ({ id: msg.id, kind: msg.kind, from: nodeName(msg.from), to: nodeName(msg.to), sentAtMs: msg.sentAtMs, deliverAtMs: msg.deliverAtMs, sizeBytes: msg.sizeBytes }));
}

export function buildView(session: Session): View {
  const w = session.world;
  const s = w.state;
  const m = s.model;
  const nodeName = (id: number): string => s.nodes[id]?.name ?? `node-${id}`;
  const cv = clusterView(m);
  const parts = clusterPartitions(m);
  const topics = Object.values(cv.topics)
    .map((t) => {
      const first = parts[`${t.name}-0`];
      return { name: t.name, partitions: t.partitions, replicationFactor: first?.replicas.length ?? 0, internal: INTERNAL.test(t.name) };
    })
    .sort((a, b) => Number(a.internal) - Number(b.internal) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const partitions: PartitionView[] = [];
  const leads = new Map<number, number>();
  const follows = new Map<number, number>();
  for (const t of topics) {
    if (t.internal) continue;
    for (let p = 0; p < t.partitions; p++) {
      const key = `${t.name}-${p}`;
      const st = parts[key];
      if (st === undefined) continue;
      const replicas = st.replicas.map((id): ReplicaView => {
        const b = m.brokers[String(id)];
        const r = b?.replicas[key];
        if (id === st.leader) leads.set(id, (leads.get(id) ?? 0) + 1);
        else follows.set(id, (follows.get(id) ?? 0) + 1);
        return {
          broker: id,
          role: r?.role ?? 'none',
          inIsr: st.isr.includes(id),
          offline: b === undefined || b.status !== 'running',
          logStartOffset: r?.log.logStartOffset ?? 0,
          highWatermark: r?.log.highWatermark ?? 0,
          logEndOffset: r?.log.logEndOffset ?? 0,
          segments: r === undefined ? [] : segmentsOf(r.log),
          records: r === undefined ? [] : recordsOf(r.log),
        };
      });
      partitions.push({ key, topic: t.name, partition: p, leader: st.leader, leaderEpoch: st.leaderEpoch, isr: [...st.isr], replicas });
    }
  }
  const brokers = Object.values(m.brokers)
    .sort((a, b) => a.id - b.id)
    .map((b): BrokerView => {
      const links = brokerLinks(session, b);
      return {
        id: b.id,
        node: nodeName(b.node),
        rack: b.rack,
        status: b.status,
        paused: w.isPaused(b.node),
        fenced: b.fenced,
        isolated: links.isolated,
        degradedLinks: links.degraded,
        controller: cv.mode !== 'kraft' && cv.controllerId === b.id,
        shuttingDown: b.shuttingDown,
        leads: leads.get(b.id) ?? 0,
        follows: follows.get(b.id) ?? 0,
      };
    });
  const wire = wireMessages(session);
  const dropped = s.network.recentDrops
    .filter((d) => d.droppedAtMs <= s.nowMs && d.droppedAtMs > s.nowMs - 2_000)
    .map((d) => ({ id: d.msg.id, kind: d.msg.kind, from: nodeName(d.msg.from), to: nodeName(d.msg.to), sentAtMs: d.msg.sentAtMs, deliverAtMs: d.msg.deliverAtMs, sizeBytes: d.msg.sizeBytes, droppedAtMs: d.droppedAtMs, reason: d.reason }));
  const producers = Object.values(m.producers).map((p) => ({
    id: p.spec.id,
    node: nodeName(p.node),
    topic: p.topic,
    status: p.status,
    acks: String(p.config.acks),
    lingerMs: Number(p.config['linger.ms']),
    sendMode: p.spec.sendMode,
    acknowledged: p.counters.recordsAcknowledged,
    failed: p.counters.recordsFailed,
  }));
  const consumers = Object.values(m.consumers).map((c) => ({
    name: c.name,
    node: nodeName(c.node),
    groupId: c.groupId,
    status: c.status,
    memberState: c.memberState,
    paused: w.isPaused(c.node),
    generation: c.generation,
    assigned: [...c.assigned],
    positions: { ...c.positions },
    delivered: c.delivered,
  }));
  const registry = schemaRegistrySummary(m.schemaRegistry);
  const decoders = Object.values(m.consumers)
    .filter((c) => c.valueDeserializer !== undefined && c.valueDeserializer !== null)
    .map((c) => {
      const d = deserializerSummary(c.valueDeserializer as NonNullable<typeof c.valueDeserializer>);
      return { consumer: c.name, reader: d.readerSchema, decoded: d.decoded, errors: d.decodeErrors, bySchemaId: { ...d.decodedBySchemaId } };
    });
  const con = (m as { console?: { mode: string; lines: { atMs: number; kind: string; text: string }[] } }).console;
  return {
    scenarioName: session.scenario.name,
    title: session.scenario.title ?? null,
    seed: s.seed,
    nowMs: s.nowMs,
    durationMs: session.durationMs,
    headMs: session.headMs,
    atHead: session.atHead,
    steps: s.steps,
    events: s.events.length,
    traceHash: w.traceHash,
    brokers,
    controlPlane: controlPlaneView(session, m),
    topics,
    partitions,
    producers,
    consumers,
    // The group checkers' findings reach the screen through the session's live findings.
    groups: describeGroups(m, s.nowMs, { withChecks: false }),
    wire,
    dropped,
    markers: session.markers.slice(),
    findings: session.findings.filter((f) => f.atMs <= s.nowMs),
    lastEvents: s.events.slice(-200),
    userCommands: session.userCommands().length,
    schemaRegistry: Object.keys(registry.subjects).length > 0 || registry.rejected.length > 0 ? registry : null,
    decoders,
    console: con === undefined ? null : { mode: con.mode, lines: con.lines.slice(-300) },
  };
}
