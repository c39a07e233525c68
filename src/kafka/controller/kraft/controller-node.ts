/**
 * A KRaft controller process, one per `controller-N` node: a Raft voter (raft.ts) and, while it
 * leads with its LeaderChange committed, the active controller (quorum-controller.ts).
 *
 * The integrator keeps one `KraftControllerState` per controller node in the model's state and
 * routes to it every message and every timer of that node:
 *   startKraftController at start and after a restart (the node's new incarnation),
 *   onKraftControllerMessage / onKraftControllerTimer for each delivery,
 *   crashKraftController when the process dies (its log and quorum state survive).
 * After each of them the controller syncs its active role with its Raft state.
 */
import type { Message, NodeId } from '../../../sim/types';
import type { BrokerConfig } from '../../config/types';
import {
  isRaftMessage,
  isRaftTimer,
  logEndOffset,
  newRaftState,
  raftCrash,
  raftOnMessage,
  raftOnTimer,
  raftStart,
  raftTimingsFromConfig,
  type KraftWorld,
  type RaftRole,
} from './raft';
import {
  QC_REQUEST_KINDS,
  QC_TIMERS,
  qcCrash,
  qcOnRequest,
  qcOnTimer,
  syncWithRaft,
  type KraftControllerState,
} from './quorum-controller';
import { newMetadataImage } from './records';

export type { KraftControllerState } from './quorum-controller';

/**
 * A controller for voter `id` (1..n) on kernel node `node`; `voterNodes[i]` is the node of voter
 * i + 1. `config` is its server config (quorum timings, broker session, defaults for new topics).
 */
export function newKraftControllerNode(
  id: number,
  node: NodeId,
  voterNodes: readonly NodeId[],
  config: BrokerConfig,
  name = `controller-${id}`,
): KraftControllerState {
  if (voterNodes[id - 1] !== node)
    throw new Error(`kraft: voter ${id} is on node ${String(voterNodes[id - 1])}, not ${node}`);
  return {
    id,
    node,
    name,
    up: false,
    config,
    raft: newRaftState(id, node, voterNodes, raftTimingsFromConfig(config), name),
    image: newMetadataImage(),
    active: null,
  };
}

export function startKraftController(world: KraftWorld, s: KraftControllerState): void {
  s.up = true;
  raftStart(world, s.raft);
  syncWithRaft(world, s);
}

/** Handles every message delivered to the controller's node. */
export function onKraftControllerMessage(world: KraftWorld, s: KraftControllerState, msg: Message): void {
  if (!s.up) return;
  if (isRaftMessage(msg)) raftOnMessage(world, s.raft, msg);
  else if (QC_REQUEST_KINDS.includes(msg.kind)) qcOnRequest(world, s, msg);
  else return;
  syncWithRaft(world, s);
}

/** Handles a timer of the controller's node; returns false when the name is not a KRaft controller timer. */
export function onKraftControllerTimer(
  world: KraftWorld,
  s: KraftControllerState,
  name: string,
  data: unknown,
): boolean {
  if (!s.up) return isKraftControllerTimer(name);
  if (isRaftTimer(name)) raftOnTimer(world, s.raft, name, data);
  else if (!qcOnTimer(world, s, name, data)) return false;
  syncWithRaft(world, s);
  return true;
}

export function isKraftControllerTimer(name: string): boolean {
  return isRaftTimer(name) || name === QC_TIMERS.sessionCheck || name === QC_TIMERS.imbalanceCheck;
}

/** A request the dead process was holding: reset its connection (`world.resetConnection`) unless the machine is gone. */
export interface HeldRequest {
  peer: NodeId;
  requestKind: string;
  request: unknown;
}

/**
 * The process dies (call with the kernel's crashNode). The metadata log, the epoch, the vote and
 * the last known leader survive; the role, high watermark, image and active state do not.
 */
export function crashKraftController(s: KraftControllerState): HeldRequest[] {
  s.up = false;
  const held: HeldRequest[] = raftCrash(s.raft).map((p) => ({
    peer: p.from,
    requestKind: 'FetchMetadata',
    request: p.request,
  }));
  return held.concat(qcCrash(s));
}

export interface KraftVoterView {
  id: number;
  role: RaftRole | 'offline';
  epoch: number;
  /** The controller is the active controller (leader with its LeaderChange committed). */
  active: boolean;
  logEndOffset: number;
  highWatermark: number;
}

export interface KraftQuorumView {
  /** Voter id of the leader in the highest epoch a live voter leads, or -1. */
  leader: number;
  /** The highest epoch any voter has reached. */
  epoch: number;
  voters: KraftVoterView[];
}

/** A small summary of the quorum for the UI and the run summary. */
export function kraftQuorumView(states: readonly KraftControllerState[]): KraftQuorumView {
  let leader = -1;
  let leaderEpoch = -1;
  let epoch = 0;
  const voters = [...states]
    .sort((a, b) => a.id - b.id)
    .map((s): KraftVoterView => {
      const r = s.raft;
      epoch = Math.max(epoch, r.epoch);
      if (s.up && r.role === 'leader' && r.epoch > leaderEpoch) {
        leader = s.id;
        leaderEpoch = r.epoch;
      }
      return {
        id: s.id,
        role: s.up ? r.role : 'offline',
        epoch: r.epoch,
        active: s.active !== null,
        logEndOffset: logEndOffset(r.log),
        highWatermark: r.highWatermark,
      };
    });
  return { leader, epoch, voters };
}

/** The node of the active controller among `states`, or undefined. */
export function activeKraftControllerNode(states: readonly KraftControllerState[]): NodeId | undefined {
  let best: KraftControllerState | undefined;
  for (const s of states)
    if (s.up && s.active !== null && (best === undefined || s.raft.epoch > best.raft.epoch)) best = s;
  return best?.node;
}
