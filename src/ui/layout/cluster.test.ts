import { describe, expect, it } from 'vitest';
import {
  BROKER_HEADER_H,
  CELL_W,
  SEGMENT_GAP_W,
  STRIP_PAD_X,
  brokerGrid,
  cellsThatFit,
  chooseDensity,
  offsetsLineHeight,
  clusterLayout,
  colourSlots,
  logWindow,
  offsetX,
  visibleWire,
  wireKindOf,
  wirePoint,
  wireProgress,
  type Box,
} from './cluster';
import { DEFAULT_WIRE_KINDS } from '../store';

const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: Box, w: number, h: number): boolean => a.x >= 0 && a.y >= 0 && a.x + a.w <= w + 0.001 && a.y + a.h <= h + 0.001;

describe('the cluster on a 1280×720 projector (about 860×540 left for it)', () => {
  const hello = clusterLayout({
    width: 860,
    height: 540,
    brokers: [1, 2, 3],
    controlNodes: ['zk-1'],
    producers: ['producer-p1'],
    consumers: ['consumer-billing-1', 'consumer-billing-2'],
    replicasPerBroker: 3,
  });

  it('puts the three brokers of hello side by side, with room for record cells', () => {
    expect(hello.columns).toBe(3);
    expect(hello.rows).toBe(1);
    expect(hello.density).toBe('records');
    const [b1, b2, b3] = hello.brokers.map((b) => b.box);
    expect(b1!.x).toBeLessThan(b2!.x);
    expect(b2!.x).toBeLessThan(b3!.x);
    expect(cellsThatFit(b1!.w)).toBeGreaterThanOrEqual(6);
  });

  it('overlaps nothing and keeps every box on screen', () => {
    const all = Object.values(hello.boxes);
    all.push(hello.controlPlane);
    for (const box of all) expect(inside(box, 860, 540)).toBe(true);
    const named = Object.entries(hello.boxes);
    for (let i = 0; i < named.length; i++)
      for (let j = i + 1; j < named.length; j++) {
        const [a, boxA] = named[i]!;
        const [b, boxB] = named[j]!;
        // zk rows live inside the control-plane box, nothing else may touch.
        expect(overlaps(boxA, boxB), `${a} overlaps ${b}`).toBe(false);
      }
    for (const b of hello.brokers) expect(overlaps(b.box, hello.controlPlane)).toBe(false);
  });

  it('gives every node an anchor for the wire: producers above the brokers, consumers below', () => {
    const p = hello.anchors['producer-p1']!;
    const b = hello.anchors['broker-2']!;
    const c = hello.anchors['consumer-billing-1']!;
    expect(p.y).toBeLessThan(b.y);
    expect(c.y).toBeGreaterThan(b.y);
    expect(hello.anchors['zk-1']!.x).toBeGreaterThan(hello.brokers[2]!.box.x + hello.brokers[2]!.box.w);
  });

  it('the bench cluster (9 brokers, 108 replicas) gets rows and a summary that fits', () => {
    const input = {
      width: 860,
      height: 540,
      brokers: [1, 2, 3, 4, 5, 6, 7, 8, 9],
      controlNodes: ['zk-1', 'zk-2', 'zk-3'],
      producers: ['producer-a', 'producer-b', 'producer-c'],
      consumers: ['consumer-g-1', 'consumer-g-2', 'consumer-g-3'],
      replicasPerBroker: 12,
    };
    const bench = clusterLayout(input);
    expect(bench.columns * bench.rows).toBeGreaterThanOrEqual(9);
    expect(bench.rows).toBeGreaterThan(1);
    expect(bench.density).toBe('tiles');
    for (const b of bench.brokers) expect(b.box.w).toBeGreaterThanOrEqual(120);
    for (const b of bench.brokers) expect(inside(b.box, 860, 540)).toBe(true);
    // Showing one topic (4 replicas per broker) gives room for offsets again.
    const oneTopic = clusterLayout({ ...input, replicasPerBroker: 4 });
    expect(oneTopic.density).toBe('offsets');
  });

  it('a person may ask for less detail than fits', () => {
    const tiles = clusterLayout({ width: 860, height: 540, brokers: [1, 2, 3], controlNodes: [], producers: [], consumers: [], replicasPerBroker: 3, density: 'tiles' });
    expect(tiles.density).toBe('tiles');
  });
});

describe('density', () => {
  it('falls from records to offsets to tiles as replicas pile up', () => {
    expect(chooseDensity(3, 240, 400)).toBe('records');
    expect(chooseDensity(3, 140, 400)).toBe('offsets');
    expect(chooseDensity(10, 240, BROKER_HEADER_H + 320)).toBe('offsets');
    expect(chooseDensity(40, 240, 400)).toBe('tiles');
  });

  it('grids brokers in columns of at least 120 px, choosing the grid that shows the most', () => {
    expect(brokerGrid(3, 700, 400, 3)).toEqual({ columns: 3, rows: 1, density: 'records' });
    // Nine brokers of twelve replicas: only tiles fit; the widest grid keeps rows few.
    expect(brokerGrid(9, 680, 400, 12)).toEqual({ columns: 5, rows: 2, density: 'tiles' });
    // Four replicas each: two rows of five leave room for an offsets line each.
    expect(brokerGrid(9, 680, 400, 4)).toEqual({ columns: 5, rows: 2, density: 'offsets' });
    expect(brokerGrid(0, 680, 400, 0)).toEqual({ columns: 0, rows: 0, density: 'records' });
  });

  it('an offsets line grows with the room, within bounds', () => {
    expect(offsetsLineHeight(BROKER_HEADER_H + 100, 4, 0)).toBe(22);
    expect(offsetsLineHeight(BROKER_HEADER_H + 600, 4, 0)).toBe(30);
    expect(offsetsLineHeight(BROKER_HEADER_H + 40, 4, 0)).toBe(20);
  });

  it('placing 30 replicas: six brokers in two full rows of three, not five and a lonely one', () => {
    expect(brokerGrid(6, 650, 500, 6)).toEqual({ columns: 3, rows: 2, density: 'offsets' });
  });
});

describe('a partition log strip', () => {
  it('shows the newest offsets of the partition on every replica, so a lagging follower shows empty slots', () => {
    const w = logWindow([64, 60, 64], 8);
    expect(w).toEqual({ start: 56, end: 64 });
    expect(logWindow([3, 0], 8)).toEqual({ start: 0, end: 3 });
  });

  it('leaves a gap at each segment boundary inside the window', () => {
    const w = { start: 10, end: 20 };
    expect(offsetX(10, w, [0])).toBe(STRIP_PAD_X);
    expect(offsetX(14, w, [0, 15])).toBe(STRIP_PAD_X + 4 * CELL_W);
    expect(offsetX(15, w, [0, 15])).toBe(STRIP_PAD_X + 5 * CELL_W + SEGMENT_GAP_W);
    // A log end offset marker sits at the right edge.
    expect(offsetX(25, w, [0, 15])).toBe(STRIP_PAD_X + 10 * CELL_W + SEGMENT_GAP_W);
  });

  it('gives the same keys the same colours whatever order they came in', () => {
    const a = colourSlots(['customer-3', 'customer-1', null, 'customer-10', 'customer-2']);
    const b = colourSlots(['customer-10', 'customer-2', 'customer-1', 'customer-3']);
    expect([...a]).toEqual([...b]);
    expect(a.get('customer-1')).toBe(0);
    expect(a.get('customer-10')).toBe(3);
    expect(a.has('null')).toBe(false);
  });
});

describe('messages on the wire', () => {
  it('sorts messages into the toggles: a follower fetch is replication, a consumer fetch is not', () => {
    expect(wireKindOf('Fetch', 'broker-2', 'broker-1')).toBe('replication');
    expect(wireKindOf('FetchResponse', 'broker-1', 'broker-2')).toBe('replication');
    expect(wireKindOf('Fetch', 'consumer-billing-1', 'broker-1')).toBe('fetch');
    expect(wireKindOf('ProduceResponse', 'broker-1', 'producer-p1')).toBe('produce');
    expect(wireKindOf('Heartbeat', 'consumer-billing-1', 'broker-1')).toBe('heartbeat');
    expect(wireKindOf('JoinGroupResponse', 'broker-1', 'consumer-billing-1')).toBe('group');
    expect(wireKindOf('LeaderAndIsr', 'broker-1', 'broker-2')).toBe('controller');
    expect(wireKindOf('ZkRequest', 'broker-1', 'zk-1')).toBe('zookeeper');
    expect(wireKindOf('ZkPing', 'broker-1', 'zk-1')).toBe('heartbeat');
    expect(wireKindOf('Vote', 'controller-1', 'controller-2')).toBe('raft');
    expect(wireKindOf('BrokerHeartbeat', 'broker-1', 'controller-1')).toBe('heartbeat');
    expect(wireKindOf('Metadata', 'producer-p1', 'broker-1')).toBe('metadata');
    expect(wireKindOf('Disconnected', 'broker-1', 'broker-2')).toBe('other');
  });

  it('moves a message from sender to receiver as simulated time passes, each direction in its lane', () => {
    expect(wireProgress(100, 200, 150)).toBe(0.5);
    expect(wireProgress(100, 200, 50)).toBe(0);
    expect(wireProgress(100, 200, 250)).toBe(1);
    expect(wireProgress(100, 100, 100)).toBe(1);
    const a = { x: 0, y: 0 };
    const b = { x: 100, y: 0 };
    const there = wirePoint(a, b, 0.5);
    const back = wirePoint(b, a, 0.5);
    expect(there.x).toBe(50);
    expect(back.x).toBe(50);
    expect(there.y).not.toBe(back.y);
  });

  it('draws only toggled kinds (heartbeats off by default), at most the cap', () => {
    const msgs = [
      { kind: 'Heartbeat', from: 'consumer-g-1', to: 'broker-1' },
      ...Array.from({ length: 500 }, () => ({ kind: 'Produce', from: 'producer-p1', to: 'broker-1' })),
    ];
    const shown = visibleWire(msgs, DEFAULT_WIRE_KINDS, 300);
    expect(shown).toHaveLength(300);
    expect(shown.every((m) => m.kind === 'Produce')).toBe(true);
  });
});
