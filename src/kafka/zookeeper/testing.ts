/**
 * A tiny world for the ZooKeeper tests: an ensemble of `zk-N` servers and plain client nodes that
 * embed a ZooKeeper client and record every event they get. The timeline is made of commands, so
 * a run is fully described by its seed and its commands (and a checkpoint can be replayed).
 * Used by tests only.
 */
import type { NodeId } from '../../sim/types';
import { World, type Model } from '../../sim/world';
import {
  crashZkServer,
  isZkClientTimer,
  isZkClientMessage,
  newZkClient,
  newZkServer,
  onZkClientMessage,
  onZkClientTimer,
  onZkServerMessage,
  onZkServerTimer,
  resetZkClient,
  startZkServer,
  zkConnect,
  zkSubmit,
  zkTreeView,
  type ZkClientEvent,
  type ZkClientState,
  type ZkOp,
  type ZkServerState,
} from './index';

export interface RecordedEvent {
  atMs: number;
  ev: ZkClientEvent;
}

export interface TestClient {
  name: string;
  node: NodeId;
  c: ZkClientState;
  events: RecordedEvent[];
}

export interface ZkTestModel {
  servers: ZkServerState[];
  clients: TestClient[];
  /** Open a new session as soon as one expires (as a Kafka broker does). */
  autoReconnect: boolean;
}

export type ZkTestCommand =
  | { do: 'connect'; client: number }
  | { do: 'submit'; client: number; op: ZkOp; tag: string }
  | { do: 'crashClient'; client: number }
  | { do: 'restartClient'; client: number }
  | { do: 'crashServer'; server: number; machineDown?: boolean }
  | { do: 'restartServer'; server: number }
  | { do: 'isolate'; a: string[]; b: string[]; oneWay?: boolean }
  | { do: 'pause'; node: string; durationMs: number }
  | {
      do: 'degrade';
      from: string;
      to: string;
      extraLatencyMs: number;
      lossNumerator: number;
      lossDenominator: number;
    }
  | { do: 'heal' };

export type ZkTestWorld = World<ZkTestModel>;

function serverAt(m: ZkTestModel, node: NodeId): ZkServerState | undefined {
  return m.servers.find((s) => s.node === node);
}

function clientAt(m: ZkTestModel, node: NodeId): TestClient | undefined {
  return m.clients.find((c) => c.node === node);
}

function record(world: ZkTestWorld, tc: TestClient, events: ZkClientEvent[]): void {
  for (const ev of events) {
    tc.events.push({ atMs: world.nowMs, ev });
    if (ev.type === 'expired' && world.state.model.autoReconnect) zkConnect(world, tc.node, tc.c);
  }
}

export const zkTestModel: Model<ZkTestModel> = {
  onMessage(world, node, msg) {
    const m = world.state.model;
    const server = serverAt(m, node);
    if (server !== undefined) {
      onZkServerMessage(world, server, msg);
      return;
    }
    const tc = clientAt(m, node);
    if (tc !== undefined && isZkClientMessage(msg))
      record(world, tc, onZkClientMessage(world, node, tc.c, msg));
  },
  onTimer(world, node, name, data) {
    const m = world.state.model;
    const server = serverAt(m, node);
    if (server !== undefined) {
      onZkServerTimer(world, server, name, data);
      return;
    }
    const tc = clientAt(m, node);
    if (tc !== undefined && isZkClientTimer(name))
      record(world, tc, onZkClientTimer(world, node, tc.c, name, data));
  },
  onCommand(world, command) {
    const m = world.state.model;
    const cmd = command as ZkTestCommand;
    const nodeOf = (name: string): NodeId => {
      const n = world.nodeByName(name);
      if (n === undefined) throw new Error(`no node ${name}`);
      return n.id;
    };
    switch (cmd.do) {
      case 'connect': {
        const tc = m.clients[cmd.client] as TestClient;
        zkConnect(world, tc.node, tc.c);
        return;
      }
      case 'submit': {
        const tc = m.clients[cmd.client] as TestClient;
        zkSubmit(world, tc.node, tc.c, cmd.op, cmd.tag);
        return;
      }
      case 'crashClient': {
        const tc = m.clients[cmd.client] as TestClient;
        world.crashNode(tc.node);
        resetZkClient(tc.c);
        return;
      }
      case 'restartClient': {
        const tc = m.clients[cmd.client] as TestClient;
        world.restartNode(tc.node);
        zkConnect(world, tc.node, tc.c);
        return;
      }
      case 'crashServer': {
        const s = m.servers[cmd.server - 1] as ZkServerState;
        world.crashNode(s.node, cmd.machineDown === true);
        crashZkServer(s);
        return;
      }
      case 'restartServer': {
        const s = m.servers[cmd.server - 1] as ZkServerState;
        world.restartNode(s.node);
        startZkServer(world, s);
        return;
      }
      case 'isolate':
        world.isolate(cmd.a.map(nodeOf), cmd.b.map(nodeOf), cmd.oneWay === true);
        return;
      case 'pause':
        world.pauseNode(nodeOf(cmd.node), cmd.durationMs);
        return;
      case 'degrade':
        world.setLinkFault(nodeOf(cmd.from), nodeOf(cmd.to), {
          extraLatencyMs: cmd.extraLatencyMs,
          lossNumerator: cmd.lossNumerator,
          lossDenominator: cmd.lossDenominator,
        });
        return;
      case 'heal':
        world.healNetwork();
        return;
    }
  },
};

export interface ZkTestOptions {
  seed?: number;
  servers: number;
  /** One entry per client: its start index in the server list. */
  clientStartIndexes: number[];
  sessionTimeoutMs?: number;
  latencyMs?: number;
  jitterMs?: number;
  /** Connect every client at this time (default 0); null = let the test do it. */
  connectAtMs?: number | null;
  autoReconnect?: boolean;
}

/** Servers `zk-1..n`, then clients `broker-1..k`; every server starts at time 0. */
export function createZkWorld(o: ZkTestOptions): ZkTestWorld {
  const model: ZkTestModel = { servers: [], clients: [], autoReconnect: o.autoReconnect ?? false };
  const world = World.create(
    o.seed ?? 1,
    { latencyMs: o.latencyMs ?? 1, jitterMs: o.jitterMs ?? 0 },
    model,
    zkTestModel,
  );
  const ensemble: NodeId[] = [];
  for (let i = 1; i <= o.servers; i++) ensemble.push(world.addNode(`zk-${i}`, 'zookeeper'));
  for (let i = 1; i <= o.servers; i++)
    model.servers.push(newZkServer(i, ensemble[i - 1] as NodeId, ensemble));
  o.clientStartIndexes.forEach((start, i) => {
    const name = `broker-${i + 1}`;
    const node = world.addNode(name, 'broker');
    model.clients.push({
      name,
      node,
      c: newZkClient(name, ensemble, start, o.sessionTimeoutMs ?? 6000),
      events: [],
    });
  });
  for (const s of model.servers) startZkServer(world, s);
  const connectAt = o.connectAtMs === undefined ? 0 : o.connectAtMs;
  if (connectAt !== null)
    model.clients.forEach((_, i) => world.scheduleCommand(connectAt, { do: 'connect', client: i }));
  return world;
}

export function at(world: ZkTestWorld, atMs: number, command: ZkTestCommand): void {
  world.scheduleCommand(atMs, command);
}

export function client(world: ZkTestWorld, i: number): TestClient {
  const tc = world.state.model.clients[i];
  if (tc === undefined) throw new Error(`no client ${i}`);
  return tc;
}

export function server(world: ZkTestWorld, id: number): ZkServerState {
  const s = world.state.model.servers[id - 1];
  if (s === undefined) throw new Error(`no server ${id}`);
  return s;
}

/** Events of one client of a given type, with their times. */
export function eventsOf<T extends ZkClientEvent['type']>(
  world: ZkTestWorld,
  i: number,
  type: T,
): { atMs: number; ev: Extract<ZkClientEvent, { type: T }> }[] {
  return client(world, i).events.filter(
    (e): e is { atMs: number; ev: Extract<ZkClientEvent, { type: T }> } => e.ev.type === type,
  );
}

/** The result of the request tagged `tag` (undefined while it has none). */
export function resultOf(
  world: ZkTestWorld,
  i: number,
  tag: string,
): { atMs: number; ev: Extract<ZkClientEvent, { type: 'result' }> } | undefined {
  return eventsOf(world, i, 'result').find((e) => e.ev.tag === tag);
}

export function paths(world: ZkTestWorld, serverId: number): string[] {
  return zkTreeView(server(world, serverId)).map((e) => e.path);
}
