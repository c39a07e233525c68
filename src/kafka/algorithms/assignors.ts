/**
 * Classic-protocol consumer partition assignors, run by the group leader at SyncGroup time:
 * `range` (RangeAssignor), `roundrobin` (RoundRobinAssignor), `sticky` (StickyAssignor, eager)
 * and `cooperative-sticky` (CooperativeStickyAssignor, KIP-429). The two sticky ones share
 * `AbstractStickyAssignor` (KIP-54, KIP-341, and its constrained fast path from Kafka 2.8).
 *
 * Partitions are written `topic-p`. Rack-aware variants (KIP-881, consumers with `client.rack`)
 * are not modelled: members here carry no rack, which is the case where Kafka skips them too.
 *
 * Determinism and Java's HashMap. Some of Kafka's output depends on HashMap/HashSet iteration
 * order: which member keeps its partitions first in the sticky assignors, who wins an ownership
 * tie, which partition a sticky move picks. That order is not random in Java: String.hashCode
 * and TopicPartition.hashCode are specified, so a HashMap filled in a given order always
 * iterates the same way. `JavaHashOrder` below reproduces it, so the output equals the real
 * client's given the members in the order the leader received them (the JoinGroup response;
 * `members` order here). Where order only affects how one member's list is printed and Kafka
 * gives no stable order (range), topics are visited sorted by name.
 */

import { javaStringHashCode } from './offsets-partition';

export type AssignorStrategy = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky';

export interface AssignorMember {
  memberId: string;
  /** `group.instance.id` (KIP-345 static membership); orders range and round-robin members. */
  groupInstanceId?: string | null;
  topics: readonly string[];
  /** Partitions the member reports owning (`topic-p`); sticky assignors only. */
  owned?: readonly string[];
  /** Generation those partitions were owned in; absent = -1 (`DEFAULT_GENERATION`). */
  generation?: number;
}

export interface AssignorInput {
  /** Partition count per topic, from the leader's metadata. */
  topics: Readonly<Record<string, number>>;
  /** In the order the leader received them (JoinGroup response order). */
  members: readonly AssignorMember[];
}

export interface AssignmentResult {
  /** Every member, in input order, with its partitions. */
  assignment: Record<string, string[]>;
  /**
   * Sticky assignors only: partition → member it is moving to (AbstractStickyAssignor's
   * `partitionsTransferringOwnership`). For `cooperative-sticky` these partitions are held back
   * from the new owner this round: the previous owner revokes them, rejoins, and the follow-up
   * rebalance hands them over (KIP-429). For eager `sticky` the assignment already contains them.
   */
  transferring?: Record<string, string>;
}

/** One rebalance round of the named assignor. Pure: the same input gives the same output. */
export function assignPartitions(strategy: AssignorStrategy, input: AssignorInput): AssignmentResult {
  const members = normalizeMembers(input);
  const topics = normalizeTopics(input.topics);
  switch (strategy) {
    case 'range':
      return { assignment: toRecord(members, rangeAssign(topics, members)) };
    case 'roundrobin':
      return { assignment: toRecord(members, roundRobinAssign(topics, members)) };
    case 'sticky':
    case 'cooperative-sticky': {
      const { assignment, transferring } = stickyAssign(topics, members, strategy === 'cooperative-sticky');
      return { assignment: toRecord(members, assignment), transferring: Object.fromEntries(transferring) };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Partitions, members, orders
// ---------------------------------------------------------------------------------------------

interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
  /** `topic-p`, unique per (topic, partition) because the partition follows the last dash. */
  readonly key: string;
}

export function topicPartitionName(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** Splits `topic-p` at the last dash (topic names may contain dashes). */
export function parseTopicPartition(name: string): { topic: string; partition: number } {
  const dash = name.lastIndexOf('-');
  const partition = Number(name.slice(dash + 1));
  if (dash <= 0 || !/^\d+$/.test(name.slice(dash + 1)) || !Number.isSafeInteger(partition)) {
    throw new Error(`not a topic-partition name (topic-p): ${JSON.stringify(name)}`);
  }
  return { topic: name.slice(0, dash), partition };
}

function tp(topic: string, partition: number): TopicPartition {
  return { topic, partition, key: topicPartitionName(topic, partition) };
}

/** Java's `String.compareTo` (UTF-16 code units), which JS relational operators also use. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const byPartitionThenTopic = (a: TopicPartition, b: TopicPartition): number =>
  a.partition - b.partition || compareStrings(a.topic, b.topic);

/**
 * `AbstractPartitionAssignor.MemberInfo.compareTo`, the order range and round-robin walk
 * members in: static members (KIP-345) first, by `group.instance.id`, then dynamic members by
 * member id. Static members keep their place across restarts because their instance id, unlike
 * their member id, does not change.
 */
export function compareMembersForAssignment(
  a: Pick<AssignorMember, 'memberId' | 'groupInstanceId'>,
  b: Pick<AssignorMember, 'memberId' | 'groupInstanceId'>,
): number {
  const ai = a.groupInstanceId ?? null;
  const bi = b.groupInstanceId ?? null;
  if (ai !== null && bi !== null) return compareStrings(ai, bi);
  if (ai !== null) return -1;
  if (bi !== null) return 1;
  return compareStrings(a.memberId, b.memberId);
}

interface Member {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  /** Deduplicated, in the member's order (a real subscription is a set). */
  readonly topics: readonly string[];
  readonly owned: readonly TopicPartition[];
  readonly generation: number;
}

const DEFAULT_GENERATION = -1;

function normalizeMembers(input: AssignorInput): Member[] {
  const seen = new Set<string>();
  return input.members.map((m) => {
    if (seen.has(m.memberId)) throw new Error(`duplicate member id ${JSON.stringify(m.memberId)}`);
    seen.add(m.memberId);
    return {
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId ?? null,
      topics: [...new Set(m.topics)],
      owned: (m.owned ?? []).map((name) => {
        const { topic, partition } = parseTopicPartition(name);
        return tp(topic, partition);
      }),
      generation: m.generation ?? DEFAULT_GENERATION,
    };
  });
}

function normalizeTopics(topics: Readonly<Record<string, number>>): Map<string, number> {
  const result = new Map<string, number>();
  for (const [topic, count] of Object.entries(topics)) {
    if (!Number.isInteger(count) || count < 0) throw new Error(`topic ${topic}: partition count must be a non-negative integer, got ${count}`);
    result.set(topic, count);
  }
  return result;
}

/**
 * `AbstractPartitionAssignor.assign` hands assignors only the topics some member subscribes to
 * and that have partitions in the metadata; the others are invisible to every assignor.
 */
function subscribedTopicsWithPartitions(topics: ReadonlyMap<string, number>, members: readonly Member[]): Map<string, number> {
  const result = new Map<string, number>();
  for (const m of members) {
    for (const topic of m.topics) {
      const count = topics.get(topic) ?? 0;
      if (count > 0) result.set(topic, count);
    }
  }
  return result;
}

function toRecord(members: readonly Member[], assignment: ReadonlyMap<string, readonly TopicPartition[]>): Record<string, string[]> {
  const record: Record<string, string[]> = {};
  for (const m of members) record[m.memberId] = (assignment.get(m.memberId) ?? []).map((p) => p.key);
  return record;
}

/** Members in the iteration order of the leader's `HashMap<String, Subscription>`. */
function inJavaHashMapOrder(members: readonly Member[]): Member[] {
  const order = new JavaHashOrder<Member>((m) => javaStringHashCode(m.memberId), (m) => m.memberId);
  for (const m of members) order.add(m);
  return [...order.values()];
}

// ---------------------------------------------------------------------------------------------
// Range (RangeAssignor)
// ---------------------------------------------------------------------------------------------

/**
 * Per topic, independently: consumers of the topic in MemberInfo order each take a contiguous
 * block of `P / C` partitions, the first `P % C` of them one more. Because every topic favours
 * the same first consumers, many topics overload them; in exchange co-partitioned topics line up.
 */
function rangeAssign(topics: ReadonlyMap<string, number>, members: readonly Member[]): Map<string, TopicPartition[]> {
  const assignment = new Map(members.map((m) => [m.memberId, [] as TopicPartition[]]));
  const perTopic = subscribedTopicsWithPartitions(topics, members);
  // Ties in MemberInfo order (two members with the same instance id) keep HashMap order, as
  // Java's stable sort does.
  const inMapOrder = inJavaHashMapOrder(members);
  for (const topic of [...perTopic.keys()].sort(compareStrings)) {
    const partitions = perTopic.get(topic) ?? 0;
    const consumers = inMapOrder
      .filter((m) => m.topics.includes(topic))
      .sort(compareMembersForAssignment);
    const perConsumer = Math.floor(partitions / consumers.length);
    const withExtra = partitions % consumers.length;
    consumers.forEach((consumer, i) => {
      const start = perConsumer * i + Math.min(i, withExtra);
      const length = perConsumer + (i < withExtra ? 1 : 0);
      for (let p = start; p < start + length; p++) assignment.get(consumer.memberId)?.push(tp(topic, p));
    });
  }
  return assignment;
}

// ---------------------------------------------------------------------------------------------
// Round robin (RoundRobinAssignor)
// ---------------------------------------------------------------------------------------------

/**
 * All partitions of all subscribed topics, topics sorted by name, dealt to the members (in
 * MemberInfo order, as a circle) one by one, skipping members not subscribed to the partition's
 * topic. Balanced when subscriptions are equal; can be badly skewed when they differ.
 */
function roundRobinAssign(topics: ReadonlyMap<string, number>, members: readonly Member[]): Map<string, TopicPartition[]> {
  const assignment = new Map(members.map((m) => [m.memberId, [] as TopicPartition[]]));
  const circle = inJavaHashMapOrder(members).sort(compareMembersForAssignment);
  const perTopic = subscribedTopicsWithPartitions(topics, members);
  let next = 0;
  for (const topic of [...perTopic.keys()].sort(compareStrings)) {
    for (let p = 0; p < (perTopic.get(topic) ?? 0); p++) {
      // Some member subscribes to `topic` (it came from a subscription), so this ends.
      while (!at(circle, next % circle.length).topics.includes(topic)) next++;
      assignment.get(at(circle, next % circle.length).memberId)?.push(tp(topic, p));
      next++;
    }
  }
  return assignment;
}

// ---------------------------------------------------------------------------------------------
// Sticky and cooperative-sticky (AbstractStickyAssignor)
// ---------------------------------------------------------------------------------------------

interface StickyOutcome {
  assignment: Map<string, TopicPartition[]>;
  transferring: Map<string, string>;
}

function stickyAssign(topics: ReadonlyMap<string, number>, members: readonly Member[], cooperative: boolean): StickyOutcome {
  if (members.length === 0) return { assignment: new Map(), transferring: new Map() };
  const partitionsPerTopic = subscribedTopicsWithPartitions(topics, members);
  const subscriptions = inJavaHashMapOrder(members);
  const ownership = resolveOwnership(partitionsPerTopic, subscriptions);

  let assignment: Map<string, TopicPartition[]>;
  let transferring: Map<string, string>;
  if (ownership.allSubscriptionsEqual) {
    ({ assignment, transferring } = constrainedAssign(partitionsPerTopic, ownership.consumerToOwnedPartitions, ownership.partitionsWithMultiplePreviousOwners));
  } else {
    assignment = generalAssign(partitionsPerTopic, subscriptions, ownership.consumerToOwnedPartitions, ownership.maxGeneration);
    // Kafka leaves partitionsTransferringOwnership null on this path; only the cooperative
    // assignor needs it, and computes it from the result. Eager sticky reports none.
    transferring = cooperative ? partitionsAddedAndRevoked(subscriptions, assignment) : new Map();
  }

  if (cooperative) {
    // CooperativeStickyAssignor.adjustAssignment: a partition changing owner is withheld from
    // its new owner until the old one has revoked it and rejoined (KIP-429).
    for (const [key, newOwner] of transferring) {
      const list = assignment.get(newOwner);
      const i = list?.findIndex((p) => p.key === key) ?? -1;
      if (list !== undefined && i >= 0) list.splice(i, 1);
    }
  }
  return { assignment, transferring };
}

interface Ownership {
  allSubscriptionsEqual: boolean;
  /** Each member's still-valid claims, after the conflict rules; in HashMap order of members. */
  consumerToOwnedPartitions: Map<string, TopicPartition[]>;
  partitionsWithMultiplePreviousOwners: Set<string>;
  maxGeneration: number;
}

/**
 * `AbstractStickyAssignor.allSubscriptionsEqual`: decides between the constrained and the
 * general algorithm and, on the way, settles claims on the same partition (members visited in
 * HashMap order): the higher generation keeps it; in the same generation nobody does and the
 * partition is marked as claimed by several owners. Claims on topics gone from the metadata
 * are dropped; so are claims on partition numbers the topic no longer has (Kafka cannot shrink
 * a topic, but a recreated one can be smaller; Kafka would keep such a phantom claim).
 *
 * Kafka quirk kept: the reference topic set is taken from the first member with a non-empty
 * subscription, so a member subscribed to nothing that is visited first does not break equality
 * (and the constrained path then gives it partitions).
 *
 * `maxGeneration` is computed per call; Kafka keeps it in a field of the assignor instance,
 * which only matters if a later rebalance reports lower generations than an earlier one.
 */
function resolveOwnership(partitionsPerTopic: ReadonlyMap<string, number>, subscriptions: readonly Member[]): Ownership {
  const byId = new Map(subscriptions.map((m) => [m.memberId, m]));
  const subscribedTopics = new Set<string>();
  let equal = true;
  let maxGeneration = DEFAULT_GENERATION;
  const consumerToOwnedPartitions = new Map<string, TopicPartition[]>();
  const partitionsWithMultiplePreviousOwners = new Set<string>();
  const previousOwner = new Map<string, string>();

  for (const member of subscriptions) {
    if (subscribedTopics.size === 0) {
      for (const t of member.topics) subscribedTopics.add(t);
    } else if (equal && !(member.topics.length === subscribedTopics.size && member.topics.every((t) => subscribedTopics.has(t)))) {
      equal = false;
    }
    maxGeneration = Math.max(maxGeneration, member.generation);

    const owned: TopicPartition[] = [];
    consumerToOwnedPartitions.set(member.memberId, owned);
    for (const claim of member.owned) {
      if (claim.partition >= (partitionsPerTopic.get(claim.topic) ?? 0)) continue;
      const other = previousOwner.get(claim.key);
      if (other === undefined) {
        owned.push(claim);
        previousOwner.set(claim.key, member.memberId);
        continue;
      }
      const otherGeneration = byId.get(other)?.generation ?? DEFAULT_GENERATION;
      if (member.generation === otherGeneration) {
        partitionsWithMultiplePreviousOwners.add(claim.key);
        removeFirst(consumerToOwnedPartitions.get(other), claim.key);
        previousOwner.set(claim.key, member.memberId);
      } else if (member.generation > otherGeneration) {
        owned.push(claim);
        removeFirst(consumerToOwnedPartitions.get(other), claim.key);
        previousOwner.set(claim.key, member.memberId);
      }
      // else: the other member's newer claim stands.
    }
  }
  return { allSubscriptionsEqual: equal, consumerToOwnedPartitions, partitionsWithMultiplePreviousOwners, maxGeneration };
}

/**
 * `ConstrainedAssignmentBuilder` (all members subscribe to the same topics). Every member ends
 * with `minQuota` or `maxQuota` partitions, exactly `total % members` of them with `maxQuota`:
 * 1. members keep owned partitions (sorted by partition number, then topic) up to their quota,
 *    in HashMap order, the first ones owning enough getting `maxQuota` until that is used up;
 * 2. the remaining partitions, sorted by topic then partition, go round-robin to members under
 *    `minQuota` (sorted by id), then one each to members at `minQuota` while some may still
 *    reach `maxQuota`.
 * A partition granted after being taken from someone (or claimed by several) is recorded in
 * `partitionsTransferringOwnership`.
 */
function constrainedAssign(
  partitionsPerTopic: ReadonlyMap<string, number>,
  consumerToOwnedPartitions: ReadonlyMap<string, readonly TopicPartition[]>,
  partitionsWithMultiplePreviousOwners: ReadonlySet<string>,
): StickyOutcome {
  const total = [...partitionsPerTopic.values()].reduce((a, b) => a + b, 0);
  const numberOfConsumers = consumerToOwnedPartitions.size;
  const minQuota = Math.floor(total / numberOfConsumers);
  const maxQuota = Math.ceil(total / numberOfConsumers);
  const expectedNumMembersWithOverMinQuota = total % numberOfConsumers;
  let currentNumMembersWithOverMinQuota = 0;

  const assignment = new Map<string, TopicPartition[]>();
  const assigned = new Set<string>();
  const allRevokedPartitions = new Set<string>();
  const unfilledUnderMinQuota: string[] = [];
  let unfilledExactlyMinQuota: string[] = [];
  const transferring = new Map<string, string>();

  for (const [consumer, claims] of consumerToOwnedPartitions) {
    const owned = [...claims].sort(byPartitionThenTopic).filter((p) => !partitionsWithMultiplePreviousOwners.has(p.key));
    const kept: TopicPartition[] = [];
    if (owned.length < minQuota) {
      kept.push(...owned);
      unfilledUnderMinQuota.push(consumer);
    } else if (owned.length >= maxQuota && currentNumMembersWithOverMinQuota < expectedNumMembersWithOverMinQuota) {
      currentNumMembersWithOverMinQuota++;
      // Every maxQuota slot is taken: members at minQuota can no longer grow.
      if (currentNumMembersWithOverMinQuota === expectedNumMembersWithOverMinQuota) unfilledExactlyMinQuota = [];
      kept.push(...owned.slice(0, maxQuota));
      for (const p of owned.slice(maxQuota)) allRevokedPartitions.add(p.key);
    } else {
      kept.push(...owned.slice(0, minQuota));
      for (const p of owned.slice(minQuota)) allRevokedPartitions.add(p.key);
      if (currentNumMembersWithOverMinQuota < expectedNumMembersWithOverMinQuota) unfilledExactlyMinQuota.push(consumer);
    }
    assignment.set(consumer, kept);
    for (const p of kept) assigned.add(p.key);
  }

  const unassigned: TopicPartition[] = [];
  for (const topic of [...partitionsPerTopic.keys()].sort(compareStrings)) {
    for (let p = 0; p < (partitionsPerTopic.get(topic) ?? 0); p++) {
      const partition = tp(topic, p);
      if (!assigned.has(partition.key)) unassigned.push(partition);
    }
  }
  unfilledUnderMinQuota.sort(compareStrings);
  unfilledExactlyMinQuota.sort(compareStrings);

  // assignRoundRobin: `cursor` plays the Java iterator over the under-minQuota list, which is
  // restarted whenever it runs out while members are still under minQuota.
  let cursor = 0;
  for (const partition of unassigned) {
    let consumer: string;
    let fromUnderMin = true;
    if (cursor < unfilledUnderMinQuota.length) {
      consumer = at(unfilledUnderMinQuota, cursor++);
    } else if (unfilledUnderMinQuota.length === 0) {
      const next = unfilledExactlyMinQuota.shift();
      if (next === undefined) throw new Error('sticky assignor: no more unfilled consumers to be assigned (Kafka: IllegalStateException)');
      consumer = next;
      fromUnderMin = false;
    } else {
      cursor = 0;
      consumer = at(unfilledUnderMinQuota, cursor++);
    }

    const list = assignment.get(consumer) ?? [];
    list.push(partition);
    if (allRevokedPartitions.has(partition.key) || partitionsWithMultiplePreviousOwners.has(partition.key)) {
      transferring.set(partition.key, consumer);
    }

    if (list.length === minQuota) {
      if (!fromUnderMin) throw new Error('sticky assignor: a member at minQuota was still below it');
      unfilledUnderMinQuota.splice(--cursor, 1);
      unfilledExactlyMinQuota.push(consumer);
    } else if (list.length === maxQuota) {
      currentNumMembersWithOverMinQuota++;
    }
  }

  // verifyUnfilledMembers: with the quotas computed above nobody can be left short.
  if (unfilledUnderMinQuota.length > 0) {
    throw new Error(`sticky assignor: members left under minQuota ${minQuota}: ${unfilledUnderMinQuota.join(', ')}`);
  }
  return { assignment, transferring };
}

/**
 * `CooperativeStickyAssignor.computePartitionsTransferringOwnership`, for the general path:
 * partitions newly given to a member that some member reported owning and is not given back.
 */
function partitionsAddedAndRevoked(subscriptions: readonly Member[], assignment: ReadonlyMap<string, readonly TopicPartition[]>): Map<string, string> {
  const added = new Map<string, string>();
  const revoked = new Set<string>();
  for (const member of subscriptions) {
    const assigned = assignment.get(member.memberId) ?? [];
    const owned = new Set(member.owned.map((p) => p.key));
    const kept = new Set(assigned.map((p) => p.key));
    for (const p of assigned) if (!owned.has(p.key)) added.set(p.key, member.memberId);
    for (const key of owned) if (!kept.has(key)) revoked.add(key);
  }
  for (const key of added.keys()) if (!revoked.has(key)) added.delete(key);
  return added;
}

// ---------------------------------------------------------------------------------------------
// Sticky, general case (GeneralAssignmentBuilder): members subscribe to different topics
// ---------------------------------------------------------------------------------------------

/**
 * Keeps every still-valid owned partition, gives each unassigned partition (most constrained
 * topics first) to the least-loaded member that can take it, then moves partitions from members
 * holding two or more than another eligible member, preferring to hand a partition back to its
 * owner of the previous generation and to undo an earlier move rather than chain new ones
 * (`PartitionMovements`). If that shuffling does not improve the balance score, it is reverted.
 *
 * Kafka can throw NullPointerException in two corner cases this handles quietly: a previous
 * owner that is out of the reassignment set is just not preferred, and a candidate member out of
 * that set is skipped.
 */
function generalAssign(
  partitionsPerTopic: ReadonlyMap<string, number>,
  subscriptions: readonly Member[],
  consumerToOwnedPartitions: ReadonlyMap<string, readonly TopicPartition[]>,
  maxGeneration: number,
): Map<string, TopicPartition[]> {
  // Java HashMap key order is irrelevant from here on (only look-ups and sorted walks), except
  // for the order of `subscriptions` (previous-owner ties) and the partition sets of
  // PartitionMovements, which reproduce Java's.
  let currentAssignment = new Map<string, TopicPartition[]>();
  for (const [consumer, owned] of consumerToOwnedPartitions) currentAssignment.set(consumer, [...owned]);

  const topic2AllPotentialConsumers = new Map<string, string[]>([...partitionsPerTopic.keys()].map((t) => [t, []]));
  const consumer2AllPotentialTopics = new Map<string, string[]>();
  for (const member of subscriptions) {
    const topics = member.topics.filter((t) => partitionsPerTopic.has(t));
    consumer2AllPotentialTopics.set(member.memberId, topics);
    for (const t of topics) topic2AllPotentialConsumers.get(t)?.push(member.memberId);
    if (!currentAssignment.has(member.memberId)) currentAssignment.set(member.memberId, []);
  }
  const potentialConsumers = (topic: string): readonly string[] => topic2AllPotentialConsumers.get(topic) ?? [];
  const potentialTopics = (consumer: string): readonly string[] => consumer2AllPotentialTopics.get(consumer) ?? [];

  let currentPartitionConsumer = new Map<string, string>();
  for (const [consumer, partitions] of currentAssignment) for (const p of partitions) currentPartitionConsumer.set(p.key, consumer);

  // TopicComparator: topics with fewer potential consumers first (hardest to place), then name.
  const sortedAllTopics = [...topic2AllPotentialConsumers.keys()].sort(
    (a, b) => potentialConsumers(a).length - potentialConsumers(b).length || compareStrings(a, b),
  );
  let sortedAllPartitions = sortedAllTopics.flatMap((t) => Array.from({ length: partitionsPerTopic.get(t) ?? 0 }, (_, p) => tp(t, p)));

  const sizeOf = (consumer: string): number => currentAssignment.get(consumer)?.length ?? 0;
  // The TreeSet `sortedCurrentSubscriptions` (SubscriptionComparator: load, then member id),
  // recomputed from the live assignment instead of being kept in step by hand.
  const sortedCurrentSubscriptions = (): string[] =>
    [...currentAssignment.keys()].sort((a, b) => sizeOf(a) - sizeOf(b) || compareStrings(a, b));
  const maxAssignmentSize = (consumer: string): number => potentialTopics(consumer).reduce((n, t) => n + (partitionsPerTopic.get(t) ?? 0), 0);

  // prepopulateCurrentAssignments: for each partition, its owner in the newest generation older
  // than the current one (first claimant wins a tie, in HashMap order). Raw claims, unfiltered.
  const prevAssignment = new Map<string, { consumer: string; generation: number }>();
  for (const member of subscriptions) {
    if (member.generation >= maxGeneration) continue;
    for (const p of member.owned) {
      const existing = prevAssignment.get(p.key);
      if (existing === undefined || member.generation > existing.generation) {
        prevAssignment.set(p.key, { consumer: member.memberId, generation: member.generation });
      }
    }
  }

  // assignOwnedPartitions: drop claims on topics the member no longer subscribes to.
  let revocationRequired = false;
  const assignedKeys = new Set<string>();
  for (const [consumer, partitions] of currentAssignment) {
    const subscribed = potentialTopics(consumer);
    const kept = partitions.filter((p) => {
      if (!topic2AllPotentialConsumers.has(p.topic)) {
        currentPartitionConsumer.delete(p.key);
        return false;
      }
      if (!subscribed.includes(p.topic)) {
        revocationRequired = true;
        return false;
      }
      assignedKeys.add(p.key);
      return true;
    });
    currentAssignment.set(consumer, kept);
  }
  let unassignedPartitions = sortedAllPartitions.filter((p) => !assignedKeys.has(p.key));

  const movements = new PartitionMovements();

  const isBalanced = (): boolean => {
    const sorted = sortedCurrentSubscriptions();
    const min = sizeOf(at(sorted, 0));
    const max = sizeOf(at(sorted, sorted.length - 1));
    if (min >= max - 1) return true;
    const owner = new Map<string, string>();
    for (const [consumer, partitions] of currentAssignment) for (const p of partitions) owner.set(p.key, consumer);
    // Unbalanced only if some member could take a partition from one holding 2+ more.
    for (const consumer of sorted) {
      const count = sizeOf(consumer);
      if (count === maxAssignmentSize(consumer)) continue;
      for (const topic of potentialTopics(consumer)) {
        for (let p = 0; p < (partitionsPerTopic.get(topic) ?? 0); p++) {
          const other = owner.get(topicPartitionName(topic, p));
          if (other !== undefined && other !== consumer && count + 1 < sizeOf(other)) return false;
        }
      }
    }
    return true;
  };

  const processPartitionMovement = (partition: TopicPartition, newConsumer: string): void => {
    const oldConsumer = currentPartitionConsumer.get(partition.key);
    if (oldConsumer === undefined) throw new Error(`sticky assignor: ${partition.key} has no current consumer`);
    movements.movePartition(partition, oldConsumer, newConsumer);
    removeFirst(currentAssignment.get(oldConsumer), partition.key);
    currentAssignment.get(newConsumer)?.push(partition);
    currentPartitionConsumer.set(partition.key, newConsumer);
  };

  const reassignPartitionTo = (partition: TopicPartition, newConsumer: string): void => {
    const consumer = currentPartitionConsumer.get(partition.key);
    if (consumer === undefined) throw new Error(`sticky assignor: ${partition.key} has no current consumer`);
    processPartitionMovement(movements.actualPartitionToBeMoved(partition, consumer, newConsumer), newConsumer);
  };

  const reassignPartition = (partition: TopicPartition): void => {
    const newConsumer = sortedCurrentSubscriptions().find((c) => potentialTopics(c).includes(partition.topic));
    if (newConsumer === undefined) throw new Error(`sticky assignor: nobody can take ${partition.key}`);
    reassignPartitionTo(partition, newConsumer);
  };

  const performReassignments = (reassignablePartitions: readonly TopicPartition[]): boolean => {
    let reassignmentPerformed = false;
    let modified: boolean;
    do {
      modified = false;
      for (const partition of reassignablePartitions) {
        if (isBalanced()) break;
        const consumer = currentPartitionConsumer.get(partition.key);
        if (consumer === undefined) continue;
        const prev = prevAssignment.get(partition.key);
        // Give it back to its previous-generation owner when that one is 2+ lighter.
        if (prev !== undefined && currentAssignment.has(prev.consumer) && sizeOf(consumer) > sizeOf(prev.consumer) + 1) {
          reassignPartitionTo(partition, prev.consumer);
          reassignmentPerformed = modified = true;
          continue;
        }
        for (const other of potentialConsumers(partition.topic)) {
          if (currentAssignment.has(other) && sizeOf(consumer) > sizeOf(other) + 1) {
            reassignPartition(partition);
            reassignmentPerformed = modified = true;
            break;
          }
        }
      }
    } while (modified);
    return reassignmentPerformed;
  };

  // balance()
  const initializing = sizeOf(at(sortedCurrentSubscriptions(), currentAssignment.size - 1)) === 0;

  for (const partition of unassignedPartitions) {
    if (potentialConsumers(partition.topic).length === 0) continue;
    const consumer = sortedCurrentSubscriptions().find((c) => potentialTopics(c).includes(partition.topic));
    if (consumer === undefined) continue;
    currentAssignment.get(consumer)?.push(partition);
    currentPartitionConsumer.set(partition.key, consumer);
  }

  // Only topics with two or more potential consumers, and members holding some of them or
  // missing some partition, can take part in moves.
  const canTopicParticipate = (topic: string): boolean => potentialConsumers(topic).length >= 2;
  sortedAllPartitions = sortedAllPartitions.filter((p) => canTopicParticipate(p.topic));
  unassignedPartitions = unassignedPartitions.filter((p) => canTopicParticipate(p.topic));
  const fixedAssignments = new Map<string, TopicPartition[]>();
  for (const consumer of consumer2AllPotentialTopics.keys()) {
    const partitions = currentAssignment.get(consumer) ?? [];
    const canParticipate = partitions.length < maxAssignmentSize(consumer) || partitions.some((p) => canTopicParticipate(p.topic));
    if (!canParticipate) {
      fixedAssignments.set(consumer, partitions);
      currentAssignment.delete(consumer);
    }
  }

  const preBalanceAssignment = deepCopy(currentAssignment);
  const preBalancePartitionConsumers = new Map(currentPartitionConsumer);

  // Without a subscription change forcing revocations, first try moving only the new partitions.
  if (!revocationRequired) performReassignments(unassignedPartitions);
  const reassignmentPerformed = performReassignments(sortedAllPartitions);

  if (!initializing && reassignmentPerformed && balanceScore(currentAssignment) >= balanceScore(preBalanceAssignment)) {
    currentAssignment = deepCopy(preBalanceAssignment);
    currentPartitionConsumer = preBalancePartitionConsumers;
  }
  for (const [consumer, partitions] of fixedAssignments) currentAssignment.set(consumer, partitions);
  return currentAssignment;
}

/** Sum over member pairs of the difference in partition counts; 0 is perfectly balanced. */
function balanceScore(assignment: ReadonlyMap<string, readonly TopicPartition[]>): number {
  const sizes = [...assignment.values()].map((l) => l.length);
  let score = 0;
  for (let i = 0; i < sizes.length; i++) for (let j = i + 1; j < sizes.length; j++) score += Math.abs(at(sizes, i) - at(sizes, j));
  return score;
}

function deepCopy(assignment: ReadonlyMap<string, readonly TopicPartition[]>): Map<string, TopicPartition[]> {
  return new Map([...assignment].map(([consumer, partitions]) => [consumer, [...partitions]]));
}

interface ConsumerPair {
  readonly src: string;
  readonly dst: string;
}

const pairKey = (src: string, dst: string): string => JSON.stringify([src, dst]);

/**
 * `AbstractStickyAssignor.PartitionMovements`: which partitions moved between which members in
 * this rebalance, per topic, so that a move in the opposite direction undoes an earlier one
 * instead of moving a second partition (which would break stickiness).
 */
class PartitionMovements {
  private readonly byTopic = new Map<string, Map<string, { pair: ConsumerPair; partitions: JavaHashOrder<TopicPartition> }>>();
  private readonly byPartition = new Map<string, ConsumerPair>();

  /** `getTheActualPartitionToBeMoved`. */
  actualPartitionToBeMoved(partition: TopicPartition, oldConsumer: string, newConsumer: string): TopicPartition {
    const topicMovements = this.byTopic.get(partition.topic);
    if (topicMovements === undefined) return partition;
    // A partition that already moved counts as leaving its original owner.
    const source = this.byPartition.get(partition.key)?.src ?? oldConsumer;
    const reverse = topicMovements.get(pairKey(newConsumer, source));
    // Java takes the first element of a HashSet<TopicPartition>: JavaHashOrder gives the same.
    return reverse?.partitions.first() ?? partition;
  }

  movePartition(partition: TopicPartition, oldConsumer: string, newConsumer: string): void {
    const existing = this.byPartition.get(partition.key);
    if (existing === undefined) {
      this.add(partition, { src: oldConsumer, dst: newConsumer });
      return;
    }
    this.remove(partition);
    // Moving back to where it started cancels the movement altogether.
    if (existing.src !== newConsumer) this.add(partition, { src: existing.src, dst: newConsumer });
  }

  private add(partition: TopicPartition, pair: ConsumerPair): void {
    this.byPartition.set(partition.key, pair);
    let topicMovements = this.byTopic.get(partition.topic);
    if (topicMovements === undefined) {
      topicMovements = new Map();
      this.byTopic.set(partition.topic, topicMovements);
    }
    const key = pairKey(pair.src, pair.dst);
    let entry = topicMovements.get(key);
    if (entry === undefined) {
      entry = { pair, partitions: new JavaHashOrder<TopicPartition>(topicPartitionHashCode, (p) => p.key) };
      topicMovements.set(key, entry);
    }
    entry.partitions.add(partition);
  }

  private remove(partition: TopicPartition): void {
    const pair = this.byPartition.get(partition.key);
    if (pair === undefined) return;
    this.byPartition.delete(partition.key);
    const topicMovements = this.byTopic.get(partition.topic);
    const key = pairKey(pair.src, pair.dst);
    const entry = topicMovements?.get(key);
    entry?.partitions.delete(partition);
    if (entry !== undefined && entry.partitions.size === 0) topicMovements?.delete(key);
    if (topicMovements !== undefined && topicMovements.size === 0) this.byTopic.delete(partition.topic);
  }
}

// ---------------------------------------------------------------------------------------------
// Java HashMap / HashSet iteration order
// ---------------------------------------------------------------------------------------------

/** `TopicPartition.hashCode`: `31 * (31 + partition) + topic.hashCode()`, in int32. */
function topicPartitionHashCode(p: TopicPartition): number {
  return (Math.imul(31, 31 + p.partition) + javaStringHashCode(p.topic)) | 0;
}

/**
 * The iteration order of a default-constructed `java.util.HashMap`/`HashSet` given the same
 * sequence of insertions and removals: buckets `(h ^ h >>> 16) & (capacity - 1)` in index
 * order, insertion order inside a bucket; the table starts at 16 slots and doubles when more
 * than 3/4 full, or when a bucket reaches 9 entries while the table is under 64 slots (where
 * Java would rather grow than build a tree bucket). Not modelled: tree buckets themselves,
 * which need 9+ colliding keys in a table of 64+ slots.
 */
class JavaHashOrder<K> {
  private capacity = 16;
  private buckets: K[][] = Array.from({ length: 16 }, () => []);
  private readonly index = new Map<string, K>();

  constructor(
    private readonly hashCode: (key: K) => number,
    private readonly identity: (key: K) => string,
  ) {}

  get size(): number {
    return this.index.size;
  }

  add(key: K): void {
    if (this.index.has(this.identity(key))) return;
    this.index.set(this.identity(key), key);
    const bucket = this.bucketFor(key);
    bucket.push(key);
    if (bucket.length >= 9 && this.capacity < 64) this.resize();
    if (this.index.size > this.capacity * 0.75) this.resize();
  }

  delete(key: K): void {
    const id = this.identity(key);
    if (!this.index.delete(id)) return;
    const bucket = this.bucketFor(key);
    const i = bucket.findIndex((k) => this.identity(k) === id);
    if (i >= 0) bucket.splice(i, 1);
  }

  first(): K | undefined {
    for (const k of this.values()) return k;
    return undefined;
  }

  *values(): IterableIterator<K> {
    for (const bucket of this.buckets) yield* bucket;
  }

  private bucketFor(key: K): K[] {
    const h = this.hashCode(key);
    return at(this.buckets, (h ^ (h >>> 16)) & (this.capacity - 1));
  }

  /** Java splits each bucket into a low and a high half, keeping order: re-inserting in iteration order does the same. */
  private resize(): void {
    const entries = [...this.values()];
    this.capacity *= 2;
    this.buckets = Array.from({ length: this.capacity }, () => []);
    for (const k of entries) this.bucketFor(k).push(k);
  }
}

// ---------------------------------------------------------------------------------------------

/** `List.remove(Object)`: drops the first partition with this key, if any. */
function removeFirst(list: TopicPartition[] | undefined, key: string): void {
  const i = list?.findIndex((p) => p.key === key) ?? -1;
  if (list !== undefined && i >= 0) list.splice(i, 1);
}

function at<T>(list: readonly T[], index: number): T {
  if (index < 0 || index >= list.length) throw new Error(`index ${index} out of range (length ${list.length})`);
  return list[index] as T;
}
