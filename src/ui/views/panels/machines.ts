/**
 * The lifecycles the inspector and the groups panel draw as a row of states with the current one
 * lit. Plain descriptions (no XState here: the model owns the real machines); each lists its
 * states in the order a person reads them and says whether they form a path (drawn with arrows:
 * the usual way through) or a set of alternatives. Group states and KRaft broker states keep
 * Kafka's names in both languages (the event log says them so too); the others are in words, and
 * those Kafka names in code (member states, Raft and ZooKeeper roles) keep that name as a tooltip.
 */
import type { MessageKey } from '../../i18n';

export interface MachineState {
  id: string;
  /** A translated label; without one, the id is shown as Kafka writes it. */
  label?: MessageKey;
  /** The label translates a name Kafka itself uses (shown as a tooltip). */
  kafka?: boolean;
  /** Drawn apart, after the main path (a failure or end state: crashed, Dead, offline). */
  aside?: boolean;
}

export interface Machine {
  id: string;
  /** Its name, for the list's accessible name and caption. */
  name: MessageKey;
  /** 'path': the states follow one another (arrows); 'set': alternatives. */
  flow: 'path' | 'set';
  states: MachineState[];
}

export const BROKER_LIFECYCLE: Machine = {
  id: 'broker',
  name: 'machine.broker',
  flow: 'set',
  states: [
    { id: 'running', label: 'state.running' },
    { id: 'stopped', label: 'state.stopped' },
    { id: 'crashed', label: 'state.crashed', aside: true },
  ],
};

/** KRaft: the controller fences a broker that stops heartbeating. */
export const KRAFT_FENCING: Machine = {
  id: 'fencing',
  name: 'machine.fencing',
  flow: 'set',
  states: [
    { id: 'unfenced', label: 'state.unfenced' },
    { id: 'fenced', label: 'state.fenced' },
  ],
};

/** KRaft: Kafka's BrokerState as the broker's lifecycle manager walks it. */
export const KRAFT_BROKER_STATE: Machine = {
  id: 'kraft-broker',
  name: 'machine.kraftBroker',
  flow: 'path',
  states: [{ id: 'NOT_RUNNING' }, { id: 'STARTING' }, { id: 'RECOVERY' }, { id: 'RUNNING' }, { id: 'PENDING_CONTROLLED_SHUTDOWN' }, { id: 'SHUTTING_DOWN' }],
};

/** ZooKeeper mode: the broker's session with the ensemble. */
export const ZK_SESSION: Machine = {
  id: 'zk-session',
  name: 'machine.zkSession',
  flow: 'path',
  states: [
    { id: 'idle', label: 'state.zk.idle' },
    { id: 'connecting', label: 'state.zk.connecting' },
    { id: 'connected', label: 'state.zk.connected' },
    { id: 'expired', label: 'state.zk.expired', aside: true },
  ],
};

export const ZK_SERVER_ROLE: Machine = {
  id: 'zk-role',
  name: 'machine.zkRole',
  flow: 'set',
  states: [
    { id: 'looking', label: 'state.zkRole.looking', kafka: true },
    { id: 'following', label: 'state.zkRole.following', kafka: true },
    { id: 'leading', label: 'state.zkRole.leading', kafka: true },
    { id: 'down', label: 'state.down', aside: true },
  ],
};

/** The consumer's MemberState (AbstractCoordinator). */
export const MEMBER_STATE: Machine = {
  id: 'member',
  name: 'machine.member',
  flow: 'path',
  states: [
    { id: 'UNJOINED', label: 'cv.member.UNJOINED', kafka: true },
    { id: 'PREPARING_REBALANCE', label: 'cv.member.PREPARING_REBALANCE', kafka: true },
    { id: 'COMPLETING_REBALANCE', label: 'cv.member.COMPLETING_REBALANCE', kafka: true },
    { id: 'STABLE', label: 'cv.member.STABLE', kafka: true },
  ],
};

/** The classic group coordinator's group state. */
export const GROUP_STATE: Machine = {
  id: 'group',
  name: 'machine.group',
  flow: 'path',
  states: [{ id: 'Empty' }, { id: 'PreparingRebalance' }, { id: 'CompletingRebalance' }, { id: 'Stable' }, { id: 'Dead', aside: true }],
};

export const REPLICA_ROLE: Machine = {
  id: 'replica-role',
  name: 'machine.replicaRole',
  flow: 'set',
  states: [
    { id: 'leader', label: 'state.leader' },
    { id: 'follower', label: 'state.follower' },
  ],
};

export const ISR_MEMBERSHIP: Machine = {
  id: 'isr',
  name: 'machine.isr',
  flow: 'set',
  states: [
    { id: 'in', label: 'state.inIsr' },
    { id: 'out', label: 'state.outOfIsr', aside: true },
  ],
};

/** KRaft's Raft roles (KafkaRaftClient), plus the process being down. */
export const RAFT_ROLE: Machine = {
  id: 'raft',
  name: 'machine.raft',
  flow: 'set',
  states: [
    { id: 'unattached', label: 'cv.raft.unattached', kafka: true },
    { id: 'follower', label: 'cv.raft.follower', kafka: true },
    { id: 'candidate', label: 'cv.raft.candidate', kafka: true },
    { id: 'leader', label: 'cv.raft.leader', kafka: true },
    { id: 'resigned', label: 'cv.raft.resigned', kafka: true },
    { id: 'offline', label: 'state.down', aside: true },
  ],
};

export const PRODUCER_STATUS: Machine = {
  id: 'producer',
  name: 'machine.producer',
  flow: 'set',
  states: [
    { id: 'running', label: 'state.running' },
    { id: 'stopped', label: 'state.stopped' },
  ],
};

export const CONSUMER_STATUS: Machine = {
  id: 'consumer',
  name: 'machine.consumer',
  flow: 'set',
  states: [
    { id: 'running', label: 'state.running' },
    { id: 'stopped', label: 'state.stopped' },
    { id: 'crashed', label: 'state.crashed', aside: true },
    { id: 'failed', label: 'state.failed', aside: true },
  ],
};

/** Whether `current` is one of the machine's states (an unknown one is shown beside the row). */
export function knows(machine: Machine, current: string): boolean {
  return machine.states.some((s) => s.id === current);
}
