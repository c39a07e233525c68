import { describe, expect, it } from 'vitest';
import {
  addMember,
  candidateProtocols,
  hasAllMembersJoined,
  initNextGeneration,
  isStaticMemberFenced,
  maybeElectNewJoinedLeader,
  newGroup,
  rebalanceTimeoutMs,
  removeMember,
  replaceStaticMember,
  selectProtocol,
  supportsProtocols,
  transitionTo,
  VALID_PREVIOUS_STATES,
} from './group-metadata';
import type { GroupStateName, MemberMetadata } from './types';

const sub = { topics: ['t'], ownedPartitions: [], generation: -1, previousAssignment: [] };

function member(memberId: string, protocols: string[], extra: Partial<MemberMetadata> = {}): MemberMetadata {
  return {
    memberId,
    groupInstanceId: null,
    clientId: memberId,
    clientNode: 0,
    rebalanceTimeoutMs: 300_000,
    sessionTimeoutMs: 45_000,
    protocols: protocols.map((name) => ({ name, metadata: sub })),
    assignment: [],
    awaitingJoin: 1,
    awaitingSync: -1,
    isNew: true,
    heartbeatDeadlineMs: 0,
    ...extra,
  };
}

describe('the group state machine (GroupMetadata.transitionTo)', () => {
  const states: GroupStateName[] = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead'];

  it('allows exactly the transitions of the reference table, and Dead from anywhere', () => {
    for (const from of states) {
      for (const to of states) {
        const g = newGroup('g', 0, 0);
        g.state = from;
        const legal = VALID_PREVIOUS_STATES[to].includes(from);
        if (legal) expect(() => transitionTo(g, to, 5), `${from} → ${to}`).not.toThrow();
        else expect(() => transitionTo(g, to, 5), `${from} → ${to}`).toThrow(/illegal transition/);
      }
    }
    expect(VALID_PREVIOUS_STATES.Dead).toEqual(states);
    expect(VALID_PREVIOUS_STATES.Stable).toEqual(['CompletingRebalance']);
  });

  it('remembers when the group entered its state (offset expiry counts from becoming Empty)', () => {
    const g = newGroup('g', 0, 0);
    transitionTo(g, 'PreparingRebalance', 10);
    transitionTo(g, 'Empty', 42);
    expect(g.stateSinceMs).toBe(42);
  });
});

describe('members, leader and generations', () => {
  it('the first member to join leads; a leaving leader hands over to the next in join order', () => {
    const g = newGroup('g', 0, 0);
    addMember(g, member('b', ['range']));
    addMember(g, member('a', ['range']));
    expect(g.leaderId).toBe('b');
    removeMember(g, 'b');
    expect(g.leaderId).toBe('a');
    removeMember(g, 'a');
    expect(g.leaderId).toBeNull();
  });

  it('completes the join phase only when every member re-joined and no MEMBER_ID_REQUIRED member is out', () => {
    const g = newGroup('g', 0, 0);
    addMember(g, member('a', ['range']));
    addMember(g, member('b', ['range'], { awaitingJoin: -1 }));
    expect(hasAllMembersJoined(g)).toBe(false);
    (g.members.b as MemberMetadata).awaitingJoin = 7;
    g.pendingMembers.c = 1_000;
    expect(hasAllMembersJoined(g)).toBe(false);
    delete g.pendingMembers.c;
    expect(hasAllMembersJoined(g)).toBe(true);
  });

  it('elects a re-joined member when the old leader did not re-join', () => {
    const g = newGroup('g', 0, 0);
    addMember(g, member('a', ['range'], { awaitingJoin: -1 }));
    addMember(g, member('b', ['range']));
    expect(maybeElectNewJoinedLeader(g)).toBe(true);
    expect(g.leaderId).toBe('b');
    (g.members.b as MemberMetadata).awaitingJoin = -1;
    expect(maybeElectNewJoinedLeader(g)).toBe(false);
  });

  it('a new generation selects a protocol and waits for SyncGroup; without members it is Empty', () => {
    const g = newGroup('g', 0, 0);
    addMember(g, member('a', ['range', 'cooperative-sticky']));
    transitionTo(g, 'PreparingRebalance', 0);
    initNextGeneration(g, 1);
    expect([g.generation, g.state, g.protocolName, g.pendingSyncMembers]).toEqual([1, 'CompletingRebalance', 'range', ['a']]);
    transitionTo(g, 'PreparingRebalance', 2);
    removeMember(g, 'a');
    initNextGeneration(g, 3);
    expect([g.generation, g.state, g.protocolName]).toEqual([2, 'Empty', null]);
  });

  it('the rebalance timeout is the largest max.poll.interval.ms of the members', () => {
    const g = newGroup('g', 0, 0);
    addMember(g, member('a', ['range'], { rebalanceTimeoutMs: 10_000 }));
    addMember(g, member('b', ['range'], { rebalanceTimeoutMs: 60_000 }));
    expect(rebalanceTimeoutMs(g)).toBe(60_000);
  });
});

describe('protocol selection', () => {
  it('only protocols every member supports are candidates; each member votes for its first', () => {
    const g = newGroup('g', 0, 0);
    addMember(g, member('a', ['range', 'cooperative-sticky']));
    addMember(g, member('b', ['cooperative-sticky', 'range']));
    addMember(g, member('c', ['cooperative-sticky']));
    expect(candidateProtocols(g)).toEqual(['cooperative-sticky']);
    expect(selectProtocol(g)).toBe('cooperative-sticky');
  });

  it('the majority of first choices wins among common protocols', () => {
    const g = newGroup('g', 0, 0);
    addMember(g, member('a', ['range', 'roundrobin']));
    addMember(g, member('b', ['roundrobin', 'range']));
    addMember(g, member('c', ['roundrobin', 'range']));
    expect(selectProtocol(g)).toBe('roundrobin');
  });

  it('a member sharing no protocol with the group is refused (INCONSISTENT_GROUP_PROTOCOL)', () => {
    const g = newGroup('g', 0, 0);
    addMember(g, member('a', ['range']));
    expect(supportsProtocols(g, 'consumer', [{ name: 'cooperative-sticky', metadata: sub }])).toBe(false);
    expect(supportsProtocols(g, 'consumer', [{ name: 'cooperative-sticky', metadata: sub }, { name: 'range', metadata: sub }])).toBe(true);
    expect(supportsProtocols(g, 'consumer', [])).toBe(false);
  });
});

describe('static membership (KIP-345)', () => {
  it('a re-joining instance takes its old slot, assignment and leadership under a new member id', () => {
    const g = newGroup('g', 0, 0);
    addMember(g, member('app-1-old', ['range'], { groupInstanceId: 'app-1', assignment: ['t-0', 't-1'] }));
    addMember(g, member('x', ['range']));
    const m = replaceStaticMember(g, 'app-1', 'app-1-old', 'app-1-new');
    expect(Object.keys(g.members)).toEqual(['app-1-new', 'x']);
    expect(m.assignment).toEqual(['t-0', 't-1']);
    expect(g.leaderId).toBe('app-1-new');
    expect(g.staticMembers['app-1']).toBe('app-1-new');
    // The old process is now a zombie: its requests are fenced.
    expect(isStaticMemberFenced(g, 'app-1', 'app-1-old')).toBe(true);
    expect(isStaticMemberFenced(g, 'app-1', 'app-1-new')).toBe(false);
    expect(isStaticMemberFenced(g, null, 'anything')).toBe(false);
  });
});
