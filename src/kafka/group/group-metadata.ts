/**
 * Pure rules over one group's metadata (GroupMetadata.scala): the legal state transitions, member
 * bookkeeping, protocol selection, leader choice and the next generation. No time, no messages:
 * the coordinator (coordinator.ts, join.ts…) calls these and does the talking.
 */
import { getOwn, setOwn } from '../dict';
import type { GroupMetadata, GroupProtocol, GroupStateName, MemberMetadata } from './types';
import { GROUP_STATES, isLegalGroupTransition } from './state-machine';

/** The states each state may be entered from (kafka-reference.md §2.5), read off the machine. */
export const VALID_PREVIOUS_STATES: Record<GroupStateName, readonly GroupStateName[]> = Object.fromEntries(
  GROUP_STATES.map((to) => [to, GROUP_STATES.filter((from) => isLegalGroupTransition(from, to))]),
) as unknown as Record<GroupStateName, readonly GroupStateName[]>;

export function newGroup(groupId: string, partition: number, nowMs: number): GroupMetadata {
  return {
    groupId,
    partition,
    state: 'Empty',
    stateSinceMs: nowMs,
    generation: 0,
    protocolType: null,
    protocolName: null,
    leaderId: null,
    members: {},
    staticMembers: {},
    pendingMembers: {},
    pendingSyncMembers: [],
    newMemberAdded: false,
    delayedJoin: null,
    syncTimerToken: -1,
    offsets: {},
    pendingOffsetCommits: {},
    subscribedTopics: [],
  };
}

/** GroupMetadata.transitionTo: refuses a transition Kafka would refuse (IllegalStateException). */
export function transitionTo(g: GroupMetadata, next: GroupStateName, nowMs: number): void {
  if (!isLegalGroupTransition(g.state, next)) {
    throw new Error(`group ${g.groupId}: illegal transition ${g.state} → ${next}`);
  }
  g.state = next;
  g.stateSinceMs = nowMs;
}

export function memberList(g: GroupMetadata): MemberMetadata[] {
  return Object.values(g.members);
}

export function member(g: GroupMetadata, memberId: string): MemberMetadata | undefined {
  return getOwn(g.members, memberId);
}

export function hasMember(g: GroupMetadata, memberId: string): boolean {
  return getOwn(g.members, memberId) !== undefined;
}

export function isPendingMember(g: GroupMetadata, memberId: string): boolean {
  return getOwn(g.pendingMembers, memberId) !== undefined;
}

/** The first member to join becomes the leader (GroupMetadata.add). */
export function addMember(g: GroupMetadata, m: MemberMetadata): void {
  if (Object.keys(g.members).length === 0) g.protocolType = 'consumer';
  setOwn(g.members, m.memberId, m);
  if (m.groupInstanceId !== null) setOwn(g.staticMembers, m.groupInstanceId, m.memberId);
  delete g.pendingMembers[m.memberId];
  if (g.leaderId === null) g.leaderId = m.memberId;
}

/** GroupMetadata.remove: a leaving leader hands over to the next member in join order. */
export function removeMember(g: GroupMetadata, memberId: string): MemberMetadata | undefined {
  const m = getOwn(g.members, memberId);
  if (m === undefined) return undefined;
  delete g.members[memberId];
  if (m.groupInstanceId !== null && getOwn(g.staticMembers, m.groupInstanceId) === memberId) delete g.staticMembers[m.groupInstanceId];
  if (g.leaderId === memberId) g.leaderId = Object.keys(g.members)[0] ?? null;
  g.pendingSyncMembers = g.pendingSyncMembers.filter((id) => id !== memberId);
  return m;
}

/**
 * KIP-345: a static member re-joining with a new member id takes its old slot (and assignment).
 * Returns the old member, now under the new id.
 */
export function replaceStaticMember(g: GroupMetadata, instanceId: string, oldMemberId: string, newMemberId: string): MemberMetadata {
  const old = getOwn(g.members, oldMemberId);
  if (old === undefined) throw new Error(`group ${g.groupId}: static member ${instanceId} has no member ${oldMemberId}`);
  // Rebuild in the same order so the member keeps its place.
  const members: Record<string, MemberMetadata> = {};
  for (const m of Object.values(g.members)) setOwn(members, m.memberId === oldMemberId ? newMemberId : m.memberId, m);
  g.members = members;
  old.memberId = newMemberId;
  setOwn(g.staticMembers, instanceId, newMemberId);
  if (g.leaderId === oldMemberId) g.leaderId = newMemberId;
  g.pendingSyncMembers = g.pendingSyncMembers.map((id) => (id === oldMemberId ? newMemberId : id));
  return old;
}

/** A request naming a static instance whose slot now belongs to another member id (FENCED_INSTANCE_ID). */
export function isStaticMemberFenced(g: GroupMetadata, groupInstanceId: string | null, memberId: string): boolean {
  if (groupInstanceId === null) return false;
  const current = getOwn(g.staticMembers, groupInstanceId);
  return current !== undefined && current !== memberId;
}

/** The group's rebalance timeout: the largest of its members' (max.poll.interval.ms for consumers). */
export function rebalanceTimeoutMs(g: GroupMetadata): number {
  let max = 0;
  for (const m of memberList(g)) if (m.rebalanceTimeoutMs > max) max = m.rebalanceTimeoutMs;
  return max;
}

/** Protocols every member supports, in the order the first member lists them. */
export function candidateProtocols(g: GroupMetadata): string[] {
  const members = memberList(g);
  const first = members[0];
  if (first === undefined) return [];
  return first.protocols.map((p) => p.name).filter((name) => members.every((m) => m.protocols.some((p) => p.name === name)));
}

/** GroupMetadata.supportsProtocols: a joining member must share at least one protocol with the group. */
export function supportsProtocols(g: GroupMetadata, protocolType: string, protocols: readonly GroupProtocol[]): boolean {
  if (protocols.length === 0) return false;
  if (Object.keys(g.members).length === 0) return true;
  if (g.protocolType !== null && g.protocolType !== protocolType) return false;
  const candidates = candidateProtocols(g);
  return protocols.some((p) => candidates.includes(p.name));
}

/**
 * GroupMetadata.selectProtocol: each member votes for its first protocol that every member
 * supports; most votes wins. Ties, which Kafka breaks by hash-map order, go to the candidate the
 * first member lists first.
 */
export function selectProtocol(g: GroupMetadata): string | null {
  const candidates = candidateProtocols(g);
  if (candidates.length === 0) return null;
  const votes = new Map<string, number>();
  for (const m of memberList(g)) {
    const vote = m.protocols.find((p) => candidates.includes(p.name))?.name;
    if (vote !== undefined) votes.set(vote, (votes.get(vote) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestVotes = -1;
  for (const c of candidates) {
    const v = votes.get(c) ?? 0;
    if (v > bestVotes) {
      best = c;
      bestVotes = v;
    }
  }
  return best;
}

/** MemberMetadata.matches: the same protocols with the same metadata, in the same order. */
export function sameProtocols(a: readonly GroupProtocol[], b: readonly GroupProtocol[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Every known member has re-sent JoinGroup and no MEMBER_ID_REQUIRED member is still out. */
export function hasAllMembersJoined(g: GroupMetadata): boolean {
  return memberList(g).every((m) => m.awaitingJoin >= 0) && Object.keys(g.pendingMembers).length === 0;
}

/**
 * GroupMetadata.maybeElectNewJoinedLeader: keep the leader if it re-joined, else take any member
 * that did. False when nobody re-joined.
 */
export function maybeElectNewJoinedLeader(g: GroupMetadata): boolean {
  if (g.leaderId === null) return false;
  const leader = getOwn(g.members, g.leaderId);
  if (leader !== undefined && leader.awaitingJoin >= 0) return true;
  const joined = memberList(g).find((m) => m.awaitingJoin >= 0);
  if (joined === undefined) return false;
  g.leaderId = joined.memberId;
  return true;
}

/** GroupMetadata.initNextGeneration: the generation moves on; CompletingRebalance, or Empty without members. */
export function initNextGeneration(g: GroupMetadata, nowMs: number): void {
  g.generation++;
  if (Object.keys(g.members).length > 0) {
    g.protocolName = selectProtocol(g);
    const topics = new Set<string>();
    for (const m of memberList(g)) for (const p of m.protocols) if (p.name === g.protocolName) for (const t of p.metadata.topics) topics.add(t);
    g.subscribedTopics = [...topics].sort();
    transitionTo(g, 'CompletingRebalance', nowMs);
    g.pendingSyncMembers = Object.keys(g.members);
  } else {
    g.protocolName = null;
    g.subscribedTopics = [];
    transitionTo(g, 'Empty', nowMs);
    g.pendingSyncMembers = [];
  }
}

/** The member's subscription under the group's selected protocol. */
export function subscriptionOf(g: GroupMetadata, m: MemberMetadata): GroupProtocol | undefined {
  return m.protocols.find((p) => p.name === g.protocolName);
}
