/**
 * Layout of the cluster view, as pure functions (no DOM): where each broker column, client box and
 * control-plane server sits, how much detail a replica strip can show, which offsets a log strip
 * shows and where, which toggle a message on the wire belongs to, and where a message is now.
 * The view places HTML boxes at these positions; the wire overlay draws at the same anchors.
 */
import type { WireKind } from '../store';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * How much a replica strip shows: `records` (a cell per record with its offset, segments, markers),
 * `offsets` (one line: a bar from log start to log end offset, HW and LEO as numbers) or `tiles`
 * (a small tile per replica: role and ISR only). Chosen from the room a broker box has.
 */
export type Density = 'records' | 'offsets' | 'tiles';

export const GAP = 8;
// Three lines of client text (name, settings or group state, counts or partitions) at projector size.
export const CLIENT_ROW_H = 58;
// Wide enough for `controller-1 ★ leader` and its menu button on one row.
export const CONTROL_PLANE_W = 192;
export const BROKER_HEADER_H = 50;
export const RECORDS_STRIP_H = 70;
export const OFFSETS_STRIP_H = 22;
/** The tallest an offsets line grows when a broker box has room to spare (bigger type for the back of the room). */
export const OFFSETS_LINE_MAX_H = 30;
export const MIN_RECORDS_COLUMN_W = 180;
export const MIN_COLUMN_W = 120;
export const CONTROL_HEADER_H = 52;
export const CONTROL_ROW_H = 24;
export const CELL_W = 30;
export const SEGMENT_GAP_W = 5;
export const STRIP_PAD_X = 8;

export interface ClusterLayoutInput {
  width: number;
  height: number;
  /** Broker ids, in the order shown. */
  brokers: number[];
  /** ZooKeeper servers (`zk-1`…) or KRaft controllers (`controller-1`…), by node name. */
  controlNodes: string[];
  /** Producer node names (`producer-p1`). */
  producers: string[];
  /** Consumer node names (`consumer-billing-1`). */
  consumers: string[];
  /** The most replicas one broker box has to show. */
  replicasPerBroker: number;
  /** A person's choice of detail, or `auto`. */
  density?: Density | 'auto';
}

export interface ClusterLayout {
  width: number;
  height: number;
  density: Density;
  columns: number;
  rows: number;
  brokersArea: Box;
  controlPlane: Box;
  brokers: { id: number; node: string; box: Box }[];
  /** Client boxes and control-plane rows, by node name. */
  boxes: Record<string, Box>;
  /** Where messages leave and arrive, by node name. */
  anchors: Record<string, Point>;
}

const DETAIL: Record<Density, number> = { records: 2, offsets: 1, tiles: 0 };

/**
 * Broker columns and rows: balanced grids only (each row full but the last, as few columns as the
 * row count allows, so columns are as wide as they can be), whose columns are at least
 * MIN_COLUMN_W wide; of those the one that shows the most detail, and of those the one with the
 * fewest rows (wire lines stay short).
 */
export function brokerGrid(count: number, width: number, height: number, replicasPerBroker: number): { columns: number; rows: number; density: Density } {
  if (count <= 0) return { columns: 0, rows: 0, density: 'records' };
  let best: { columns: number; rows: number; density: Density } | null = null;
  let lastColumns = 0;
  for (let rows = 1; rows <= count; rows++) {
    const columns = Math.ceil(count / rows);
    // 6 brokers in 5 columns takes 2 rows, as 3 columns do: keep the wider one.
    if (columns === lastColumns || Math.ceil(count / columns) !== rows) continue;
    lastColumns = columns;
    const colW = (width - GAP * (columns - 1)) / columns;
    if (colW < MIN_COLUMN_W && columns > 1) continue;
    const rowH = (height - GAP * (rows - 1)) / rows;
    const density = chooseDensity(replicasPerBroker, colW, rowH);
    if (best === null || DETAIL[density] > DETAIL[best.density]) best = { columns, rows, density };
  }
  return best ?? { columns: 1, rows: count, density: 'tiles' };
}

/** The most detail that fits: record cells need width and height, an offsets line needs height. */
export function chooseDensity(replicasPerBroker: number, columnWidth: number, columnHeight: number): Density {
  const room = columnHeight - BROKER_HEADER_H;
  if (columnWidth >= MIN_RECORDS_COLUMN_W && replicasPerBroker * RECORDS_STRIP_H <= room) return 'records';
  if (replicasPerBroker * OFFSETS_STRIP_H <= room) return 'offsets';
  return 'tiles';
}

/**
 * The height of one offsets line in a broker box of `boxHeight` holding `lines` lines (and
 * `labels` topic labels of about half a line): as tall as the room allows, between the minimum the
 * density rule counts on and OFFSETS_LINE_MAX_H. The 2 px are the gap between lines.
 */
export function offsetsLineHeight(boxHeight: number, lines: number, labels: number): number {
  const room = boxHeight - BROKER_HEADER_H - 4; // the box's border and padding
  const each = Math.floor(room / Math.max(1, lines + labels / 2)) - 2;
  return Math.max(OFFSETS_STRIP_H - 2, Math.min(OFFSETS_LINE_MAX_H, each));
}

/** Spreads `names` evenly along a row, each box at most `maxW` wide, centred. */
export function rowBoxes(names: string[], row: Box, maxW: number): Record<string, Box> {
  const out: Record<string, Box> = {};
  const n = names.length;
  if (n === 0) return out;
  const w = Math.max(40, Math.min(maxW, (row.w - GAP * (n - 1)) / n));
  const total = n * w + (n - 1) * GAP;
  const x0 = row.x + Math.max(0, (row.w - total) / 2);
  names.forEach((name, i) => {
    out[name] = { x: x0 + i * (w + GAP), y: row.y, w, h: row.h };
  });
  return out;
}

export function clusterLayout(input: ClusterLayoutInput): ClusterLayout {
  const width = Math.max(320, input.width);
  const height = Math.max(240, input.height);
  const hasProducers = input.producers.length > 0;
  const hasConsumers = input.consumers.length > 0;
  const top = hasProducers ? CLIENT_ROW_H + GAP : 0;
  const bottom = hasConsumers ? CLIENT_ROW_H + GAP : 0;
  const cpW = input.controlNodes.length > 0 ? CONTROL_PLANE_W : 0;
  const brokersArea: Box = { x: 0, y: top, w: width - (cpW > 0 ? cpW + GAP : 0), h: height - top - bottom };
  const controlPlane: Box = { x: width - cpW, y: top, w: cpW, h: brokersArea.h };
  const { columns, rows, density: auto } = brokerGrid(input.brokers.length, brokersArea.w, brokersArea.h, input.replicasPerBroker);
  const colW = columns === 0 ? 0 : (brokersArea.w - GAP * (columns - 1)) / columns;
  const rowH = rows === 0 ? 0 : (brokersArea.h - GAP * (rows - 1)) / rows;
  const density = input.density === undefined || input.density === 'auto' ? auto : input.density;
  const boxes: Record<string, Box> = {};
  const anchors: Record<string, Point> = {};
  const brokers = input.brokers.map((id, i) => {
    const c = i % Math.max(1, columns);
    const r = Math.floor(i / Math.max(1, columns));
    const box = { x: brokersArea.x + c * (colW + GAP), y: brokersArea.y + r * (rowH + GAP), w: colW, h: rowH };
    const node = `broker-${id}`;
    boxes[node] = box;
    anchors[node] = { x: box.x + box.w / 2, y: box.y + BROKER_HEADER_H / 2 };
    return { id, node, box };
  });
  const producerBoxes = rowBoxes(input.producers, { x: 0, y: 0, w: brokersArea.w, h: CLIENT_ROW_H }, 300);
  for (const [name, box] of Object.entries(producerBoxes)) {
    boxes[name] = box;
    anchors[name] = { x: box.x + box.w / 2, y: box.y + box.h };
  }
  const consumerBoxes = rowBoxes(input.consumers, { x: 0, y: height - CLIENT_ROW_H, w: brokersArea.w, h: CLIENT_ROW_H }, 300);
  for (const [name, box] of Object.entries(consumerBoxes)) {
    boxes[name] = box;
    anchors[name] = { x: box.x + box.w / 2, y: box.y };
  }
  input.controlNodes.forEach((name, i) => {
    const box = { x: controlPlane.x, y: controlPlane.y + CONTROL_HEADER_H + i * CONTROL_ROW_H, w: controlPlane.w, h: CONTROL_ROW_H };
    boxes[name] = box;
    anchors[name] = { x: box.x + 6, y: box.y + box.h / 2 };
  });
  return { width, height, density, columns, rows, brokersArea, controlPlane, brokers, boxes, anchors };
}

// ---------------------------------------------------------------- log strips

export interface LogWindow {
  /** First offset shown. */
  start: number;
  /** One past the last offset shown. */
  end: number;
}

/**
 * The offsets a strip shows: the newest `cells` offsets below the partition's greatest log end
 * offset, the same window on every replica of the partition, so a follower that lags shows empty
 * slots where the leader has records.
 */
export function logWindow(logEndOffsets: number[], cells: number): LogWindow {
  const end = Math.max(0, ...logEndOffsets);
  return { start: Math.max(0, end - Math.max(1, cells)), end };
}

/** How many record cells fit in a strip of `width` pixels. */
export function cellsThatFit(width: number): number {
  return Math.max(1, Math.floor((width - 2 * STRIP_PAD_X - 2 * SEGMENT_GAP_W) / CELL_W));
}

/**
 * The x of an offset's left edge in a strip: cells side by side, with a gap before each segment
 * that starts inside the window (the segment boundary). An offset past the window's end gives the
 * right edge (where a log end offset marker sits).
 */
export function offsetX(offset: number, window: LogWindow, segmentBases: number[]): number {
  const clamped = Math.max(window.start, Math.min(window.end, offset));
  let gaps = 0;
  for (const base of segmentBases) if (base > window.start && base <= clamped && base < window.end) gaps++;
  return STRIP_PAD_X + (clamped - window.start) * CELL_W + gaps * SEGMENT_GAP_W;
}

/** The fraction of a bar from 0 to `max` at `offset` (offsets line). */
export function barFraction(offset: number, max: number): number {
  if (max <= 0) return 0;
  return Math.max(0, Math.min(1, offset / max));
}

// ---------------------------------------------------------------- colours

/** Okabe–Ito has eight colours; records use them in this order. */
export const PALETTE_SIZE = 8;

/** key-2 before key-10; one collator for every call (each localeCompare with options builds one). */
const NATURAL_ORDER = new Intl.Collator('en', { numeric: true });

/**
 * Colour slots for the distinct values seen (keys or producers), in natural sort order so the
 * same set always gets the same colours; null (no key) gets none. Values beyond the palette share.
 */
export function colourSlots(values: Iterable<string | null>): Map<string, number> {
  const distinct = new Set<string>();
  for (const v of values) if (v !== null) distinct.add(v);
  const sorted = [...distinct].sort(NATURAL_ORDER.compare);
  return new Map(sorted.map((v, i) => [v, i % PALETTE_SIZE]));
}

// ---------------------------------------------------------------- the wire

const GROUP_APIS = new Set(['FindCoordinator', 'JoinGroup', 'SyncGroup', 'LeaveGroup', 'OffsetCommit', 'OffsetFetch']);
const HEARTBEATS = new Set(['Heartbeat', 'BrokerHeartbeat', 'ZkPing', 'ZkPong', 'ZkPeerPing']);
const CONTROLLER_APIS = new Set(['LeaderAndIsr', 'UpdateMetadata', 'AlterPartition', 'ControlledShutdown', 'StopReplica', 'ElectLeaders']);
const RAFT_APIS = new Set(['Vote', 'BeginQuorumEpoch', 'EndQuorumEpoch', 'FetchMetadata', 'BrokerRegistration', 'FetchSnapshot']);
const METADATA_APIS = new Set(['Metadata', 'CreateTopics', 'ApiVersions', 'DescribeConfigs', 'AlterConfigs']);

/**
 * The toggle a message belongs to. A Fetch between two brokers is replication (a follower's
 * fetch); a Fetch from or to a client is a consumer's fetch.
 */
export function wireKindOf(kind: string, from: string, to: string): WireKind {
  const api = kind.endsWith('Response') ? kind.slice(0, -'Response'.length) : kind;
  if (HEARTBEATS.has(api)) return 'heartbeat';
  if (api === 'Produce' || api === 'InitProducerId') return 'produce';
  if (api === 'Fetch') return from.startsWith('broker-') && to.startsWith('broker-') ? 'replication' : 'fetch';
  if (api === 'ListOffsets') return 'fetch';
  if (GROUP_APIS.has(api)) return 'group';
  if (METADATA_APIS.has(api)) return 'metadata';
  if (CONTROLLER_APIS.has(api)) return 'controller';
  if (api.startsWith('Zk')) return 'zookeeper';
  if (RAFT_APIS.has(api)) return 'raft';
  return 'other';
}

/** Every toggle, in the order the menu lists them. */
export const WIRE_KINDS: WireKind[] = ['produce', 'fetch', 'replication', 'metadata', 'group', 'heartbeat', 'controller', 'zookeeper', 'raft', 'other'];

/** How far along its trip a message is, 0 at sending and 1 at delivery. */
export function wireProgress(sentAtMs: number, deliverAtMs: number, nowMs: number): number {
  if (deliverAtMs <= sentAtMs) return 1;
  return Math.max(0, Math.min(1, (nowMs - sentAtMs) / (deliverAtMs - sentAtMs)));
}

/** The lane offset that keeps A→B and B→A apart (pixels, to the right of the direction). */
export const LANE_PX = 5;

/** Where a message is: on the line from sender to receiver, shifted into its direction's lane. */
export function wirePoint(from: Point, to: Point, progress: number): Point {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const len = Math.hypot(dx, dy);
  const nx = len === 0 ? 0 : -dy / len;
  const ny = len === 0 ? 0 : dx / len;
  return { x: from.x + dx * progress + nx * LANE_PX, y: from.y + dy * progress + ny * LANE_PX };
}

/** At most `cap` messages, the ones shown toggled on; the oldest sent first are kept. */
export function visibleWire<T extends { kind: string; from: string; to: string }>(messages: T[], shown: Record<WireKind, boolean>, cap: number): T[] {
  const out: T[] = [];
  for (const m of messages) {
    if (out.length >= cap) break;
    if (shown[wireKindOf(m.kind, m.from, m.to)]) out.push(m);
  }
  return out;
}
