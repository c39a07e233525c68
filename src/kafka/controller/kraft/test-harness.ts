/**
 * A small world for the KRaft tests: controller nodes, broker nodes that run only their KRaft side
 * (they record what it tells them), and an admin node that sends requests to the active
 * controller. Faults and actions are world commands, so a run is scenario + seed + commands and
 * a structured clone of the state is a checkpoint. Not used by the Kafka model itself.
 */
import { World, type Model } from '../../../sim/world';
import type { Message, NodeId } from '../../../sim/types';
import { defaultConfig } from '../../config/resolve';
import type { BrokerConfig } from '../../config/types';
import type { AlterPartitionRequest } from '../../protocol/messages';
import {
  isKraftBrokerMessage,
  isKraftBrokerTimer,
  kraftBrokerReset,
  newKraftBroker,
  onKraftBrokerMessage,
  onKraftBrokerTimer,
  requestControlledShutdown,
  sendAlterPartition,
  startKraftBroker,
  type KraftBrokerEvent,
  type KraftBrokerState,
} from './broker-metadata';
import {
  activeKraftControllerNode,
  crashKraftController,
  newKraftControllerNode,
  onKraftControllerMessage,
  onKraftControllerTimer,
  startKraftController,
  type KraftControllerState,
} from './controller-node';

export interface HarnessOptions {
  voters: number;
  brokers: number;
  racks?: (string | null)[];
  config?: Partial<Record<keyof BrokerConfig, unknown>>;
  latencyMs?: number;
  jitterMs?: number;
}

export interface RecordedBrokerEvent {
  atMs: number;
  brokerId: number;
  event: KraftBrokerEvent;
}

export interface HarnessState {
  controllers: KraftControllerState[];
  brokers: KraftBrokerState[];
  controllerNodes: NodeId[];
  brokerNodes: NodeId[];
  adminNode: NodeId;
  /** Kind of each kernel node, by node id. */
  roles: ('controller' | 'broker' | 'admin')[];
  /** Index into controllers / brokers, by node id. */
  roleIndex: number[];
  brokerEvents: RecordedBrokerEvent[];
  /** Other messages brokers got (AlterPartitionResponse…). */
  brokerInbox: { atMs: number; brokerId: number; kind: string; payload: unknown }[];
  adminInbox: { atMs: number; kind: string; payload: unknown }[];
  nextAdminCorrelationId: number;
}

export type HarnessCommand =
  | { do: 'crash'; node: NodeId; power?: boolean }
  | { do: 'restart'; node: NodeId }
  | { do: 'pause'; node: NodeId; durationMs: number }
  | { do: 'isolate'; a: NodeId[]; b: NodeId[] }
  | { do: 'heal' }
  | { do: 'admin'; kind: string; payload: Record<string, unknown> }
  | { do: 'controlledShutdown'; brokerId: number }
  | {
      do: 'alterPartition';
      brokerId: number;
      req: Omit<AlterPartitionRequest, 'correlationId' | 'brokerId'>;
    };

export type HarnessWorld = World<HarnessState>;

function recordBrokerEvents(
  world: HarnessWorld,
  kb: KraftBrokerState,
  node: NodeId,
  events: KraftBrokerEvent[],
): void {
  const m = world.state.model;
  for (const event of events) {
    m.brokerEvents.push({ atMs: world.nowMs, brokerId: kb.brokerId, event });
    // The broker process stops once its controlled shutdown is granted.
    if (event.type === 'shutdownGranted') {
      world.crashNode(node);
      kraftBrokerReset(kb);
    }
  }
}

export const harnessModel: Model<HarnessState> = {
  onMessage(world: HarnessWorld, node: NodeId, msg: Message): void {
    const m = world.state.model;
    const role = m.roles[node];
    const i = m.roleIndex[node] as number;
    if (role === 'controller') {
      onKraftControllerMessage(world, m.controllers[i] as KraftControllerState, msg);
    } else if (role === 'broker') {
      const kb = m.brokers[i] as KraftBrokerState;
      if (isKraftBrokerMessage(msg))
        recordBrokerEvents(world, kb, node, onKraftBrokerMessage(world, node, kb, msg));
      else
        m.brokerInbox.push({
          atMs: world.nowMs,
          brokerId: kb.brokerId,
          kind: msg.kind,
          payload: msg.payload,
        });
    } else {
      m.adminInbox.push({ atMs: world.nowMs, kind: msg.kind, payload: msg.payload });
    }
  },
  onTimer(world: HarnessWorld, node: NodeId, name: string, data: unknown): void {
    const m = world.state.model;
    const i = m.roleIndex[node] as number;
    if (m.roles[node] === 'controller') {
      if (!onKraftControllerTimer(world, m.controllers[i] as KraftControllerState, name, data))
        throw new Error(`harness: unknown controller timer ${name}`);
    } else if (m.roles[node] === 'broker') {
      if (!isKraftBrokerTimer(name)) throw new Error(`harness: unknown broker timer ${name}`);
      const kb = m.brokers[i] as KraftBrokerState;
      recordBrokerEvents(world, kb, node, onKraftBrokerTimer(world, node, kb, name, data));
    }
  },
  onCommand(world: HarnessWorld, command: unknown): void {
    const m = world.state.model;
    const c = command as HarnessCommand;
    switch (c.do) {
      case 'crash': {
        const i = m.roleIndex[c.node] as number;
        world.crashNode(c.node, c.power === true);
        if (m.roles[c.node] === 'controller') {
          const held = crashKraftController(m.controllers[i] as KraftControllerState);
          if (c.power !== true)
            for (const h of held) world.resetConnection(c.node, h.peer, h.requestKind, h.request);
        } else if (m.roles[c.node] === 'broker') {
          kraftBrokerReset(m.brokers[i] as KraftBrokerState);
        }
        return;
      }
      case 'restart': {
        const i = m.roleIndex[c.node] as number;
        world.restartNode(c.node);
        if (m.roles[c.node] === 'controller')
          startKraftController(world, m.controllers[i] as KraftControllerState);
        else if (m.roles[c.node] === 'broker')
          startKraftBroker(world, c.node, m.brokers[i] as KraftBrokerState);
        return;
      }
      case 'pause':
        world.pauseNode(c.node, c.durationMs);
        return;
      case 'isolate':
        world.isolate(c.a, c.b);
        return;
      case 'heal':
        world.healNetwork();
        return;
      case 'admin': {
        const to = activeKraftControllerNode(m.controllers) ?? (m.controllerNodes[0] as NodeId);
        world.send(m.adminNode, to, c.kind, { ...c.payload, correlationId: m.nextAdminCorrelationId++ });
        return;
      }
      case 'controlledShutdown': {
        const kb = m.brokers[c.brokerId - 1] as KraftBrokerState;
        const node = m.brokerNodes[c.brokerId - 1] as NodeId;
        recordBrokerEvents(world, kb, node, requestControlledShutdown(world, node, kb));
        return;
      }
      case 'alterPartition': {
        const kb = m.brokers[c.brokerId - 1] as KraftBrokerState;
        sendAlterPartition(world, m.brokerNodes[c.brokerId - 1] as NodeId, kb, {
          ...c.req,
          brokerId: c.brokerId,
          correlationId: m.nextAdminCorrelationId++,
        });
        return;
      }
    }
  },
};

export function brokerConfigWith(overrides: HarnessOptions['config'] = {}): BrokerConfig {
  return { ...defaultConfig('broker'), ...overrides } as BrokerConfig;
}

/** Builds and starts a world: controllers `controller-1..n`, brokers `broker-1..m`, and `admin`. */
export function buildHarness(seed: number, options: HarnessOptions): HarnessWorld {
  const state: HarnessState = {
    controllers: [],
    brokers: [],
    controllerNodes: [],
    brokerNodes: [],
    adminNode: -1,
    roles: [],
    roleIndex: [],
    brokerEvents: [],
    brokerInbox: [],
    adminInbox: [],
    nextAdminCorrelationId: 1,
  };
  const world = World.create(
    seed,
    { latencyMs: options.latencyMs ?? 2, jitterMs: options.jitterMs ?? 1 },
    state,
    harnessModel,
  );
  const config = brokerConfigWith(options.config);
  for (let i = 1; i <= options.voters; i++) {
    state.controllerNodes.push(world.addNode(`controller-${i}`, 'controller'));
    state.roles.push('controller');
    state.roleIndex.push(i - 1);
  }
  for (let i = 1; i <= options.brokers; i++) {
    state.brokerNodes.push(world.addNode(`broker-${i}`, 'broker'));
    state.roles.push('broker');
    state.roleIndex.push(i - 1);
  }
  state.adminNode = world.addNode('admin', 'admin');
  state.roles.push('admin');
  state.roleIndex.push(0);
  for (let i = 1; i <= options.voters; i++)
    state.controllers.push(
      newKraftControllerNode(i, state.controllerNodes[i - 1] as NodeId, state.controllerNodes, config),
    );
  for (let i = 1; i <= options.brokers; i++)
    state.brokers.push(newKraftBroker(i, options.racks?.[i - 1] ?? null, state.controllerNodes, config));
  for (const s of state.controllers) startKraftController(world, s);
  state.brokers.forEach((kb, i) => startKraftBroker(world, state.brokerNodes[i] as NodeId, kb));
  return world;
}

/** The active controller, if any. */
export function activeController(world: HarnessWorld): KraftControllerState | undefined {
  const node = activeKraftControllerNode(world.state.model.controllers);
  return world.state.model.controllers.find((s) => s.node === node);
}

/** Runs until `until` returns true (checked after every step) or `maxMs` passes; returns whether it held. */
export function runUntilTrue(world: HarnessWorld, until: () => boolean, maxMs: number): boolean {
  const end = world.nowMs + maxMs;
  if (until()) return true;
  for (;;) {
    const next = world.nextEventAtMs();
    if (next === undefined || next > end) {
      world.runUntil(end);
      return until();
    }
    world.step();
    if (until()) return true;
  }
}
