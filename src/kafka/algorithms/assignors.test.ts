import { describe, expect, it } from 'vitest';
import { assignPartitions, type AssignorMember, type AssignorStrategy } from '../algorithms';

const consumers = (n: number, topics: string[]): AssignorMember[] =>
  Array.from({ length: n }, (_, i) => ({ memberId: `consumer-${i + 1}`, topics }));

const counts = (assignment: Record<string, string[]>): number[] => Object.values(assignment).map((ps) => ps.length);

describe('range: consumers of one group sharing a 4-partition topic', () => {
  const orders = { orders: 4 };

  it('two consumers take two partitions each, as contiguous ranges', () => {
    const { assignment } = assignPartitions('range', { topics: orders, members: consumers(2, ['orders']) });
    expect(assignment).toEqual({ 'consumer-1': ['orders-0', 'orders-1'], 'consumer-2': ['orders-2', 'orders-3'] });
  });

  it('four consumers take one partition each', () => {
    const { assignment } = assignPartitions('range', { topics: orders, members: consumers(4, ['orders']) });
    expect(counts(assignment)).toEqual([1, 1, 1, 1]);
    expect(Object.values(assignment).flat().sort()).toEqual(['orders-0', 'orders-1', 'orders-2', 'orders-3']);
  });

  it('a fifth consumer sits idle: a partition is never shared inside a group', () => {
    const { assignment } = assignPartitions('range', { topics: orders, members: consumers(5, ['orders']) });
    expect(counts(assignment)).toEqual([1, 1, 1, 1, 0]);
    expect(assignment['consumer-5']).toEqual([]);
  });

  it('a static member (KIP-345) keeps the first range after restarting with a new member id', () => {
    const before = assignPartitions('range', {
      topics: orders,
      members: [
        { memberId: 'b-7f3a', topics: ['orders'] },
        { memberId: 'z-91c2', groupInstanceId: 'checkout-1', topics: ['orders'] },
      ],
    });
    const after = assignPartitions('range', {
      topics: orders,
      members: [
        { memberId: 'b-7f3a', topics: ['orders'] },
        { memberId: 'a-0001', groupInstanceId: 'checkout-1', topics: ['orders'] },
      ],
    });
    expect(before.assignment['z-91c2']).toEqual(['orders-0', 'orders-1']);
    expect(after.assignment['a-0001']).toEqual(['orders-0', 'orders-1']);
    expect(after.assignment['b-7f3a']).toEqual(before.assignment['b-7f3a']);
  });

  it('with two topics, range overloads the same first consumer on both, round robin does not', () => {
    const topics = { clicks: 3, views: 3 };
    const members = consumers(2, ['clicks', 'views']);
    expect(counts(assignPartitions('range', { topics, members }).assignment)).toEqual([4, 2]);
    expect(counts(assignPartitions('roundrobin', { topics, members }).assignment)).toEqual([3, 3]);
  });
});

describe('cooperative-sticky: a third consumer joins a group of two (KIP-429)', () => {
  const topics = { payments: 6 };
  const sub = ['payments'];

  it('keeps every partition that does not move with its owner, and hands over the others in a second round', () => {
    // Generation 1: two consumers own three partitions each.
    const generation1 = {
      'consumer-1': ['payments-0', 'payments-1', 'payments-2'],
      'consumer-2': ['payments-3', 'payments-4', 'payments-5'],
    };
    const round1 = assignPartitions('cooperative-sticky', {
      topics,
      members: [
        { memberId: 'consumer-1', topics: sub, owned: generation1['consumer-1'], generation: 1 },
        { memberId: 'consumer-2', topics: sub, owned: generation1['consumer-2'], generation: 1 },
        { memberId: 'consumer-3', topics: sub, owned: [], generation: -1 },
      ],
    });

    // Nobody gains anything that someone else still holds: consumer-3 waits this round.
    expect(round1.assignment['consumer-3']).toEqual([]);
    const moving = Object.keys(round1.transferring ?? {});
    expect(moving).toHaveLength(2);
    expect(Object.values(round1.transferring ?? {})).toEqual(['consumer-3', 'consumer-3']);
    for (const [member, owned] of Object.entries(generation1)) {
      const kept = round1.assignment[member] ?? [];
      expect(kept).toHaveLength(2);
      for (const p of owned) expect(kept.includes(p) || moving.includes(p)).toBe(true);
    }

    // The previous owners revoke what they lost and rejoin; generation 2 hands it over.
    const round2 = assignPartitions('cooperative-sticky', {
      topics,
      members: Object.entries(round1.assignment).map(([memberId, owned]) => ({ memberId, topics: sub, owned, generation: 2 })),
    });
    expect(round2.transferring).toEqual({});
    expect(round2.assignment['consumer-1']).toEqual(round1.assignment['consumer-1']);
    expect(round2.assignment['consumer-2']).toEqual(round1.assignment['consumer-2']);
    expect([...(round2.assignment['consumer-3'] ?? [])].sort()).toEqual([...moving].sort());
  });

  it('eager sticky computes the same target but gives the moving partitions at once', () => {
    const members: AssignorMember[] = [
      { memberId: 'consumer-1', topics: sub, owned: ['payments-0', 'payments-1', 'payments-2'], generation: 1 },
      { memberId: 'consumer-2', topics: sub, owned: ['payments-3', 'payments-4', 'payments-5'], generation: 1 },
      { memberId: 'consumer-3', topics: sub },
    ];
    const eager = assignPartitions('sticky', { topics, members });
    const cooperative = assignPartitions('cooperative-sticky', { topics, members });
    expect(eager.transferring).toEqual(cooperative.transferring);
    expect(eager.assignment['consumer-3']).toEqual(Object.keys(cooperative.transferring ?? {}));
    expect(counts(eager.assignment)).toEqual([2, 2, 2]);
  });
});

describe('sticky: who owned what, when claims conflict', () => {
  it('a zombie from an older generation loses its claim to the current owner', () => {
    const { assignment } = assignPartitions('sticky', {
      topics: { t: 2 },
      members: [
        { memberId: 'fresh', topics: ['t'], owned: ['t-0'], generation: 5 },
        { memberId: 'zombie', topics: ['t'], owned: ['t-0', 't-1'], generation: 4 },
      ],
    });
    expect(assignment).toEqual({ fresh: ['t-0'], zombie: ['t-1'] });
  });

  it('two claims in the same generation cancel out; the partition is treated as moving', () => {
    const result = assignPartitions('cooperative-sticky', {
      topics: { t: 2 },
      members: [
        { memberId: 'a', topics: ['t'], owned: ['t-0'], generation: 3 },
        { memberId: 'b', topics: ['t'], owned: ['t-0', 't-1'], generation: 3 },
      ],
    });
    expect(result.transferring).toEqual({ 't-0': 'a' });
    expect(result.assignment).toEqual({ a: [], b: ['t-1'] });
  });
});

describe('sticky: a Kafka quirk kept on purpose', () => {
  it('a member with no topics, seen first in HashMap order, still counts as "same subscription" and gets partitions', () => {
    // AbstractStickyAssignor.allSubscriptionsEqual takes the first non-empty subscription as the
    // reference, so an empty one before it is never compared. "idle" hashes before "worker".
    const members = [
      { memberId: 'worker', topics: ['t'] },
      { memberId: 'idle', topics: [] },
    ];
    expect(assignPartitions('sticky', { topics: { t: 2 }, members }).assignment).toEqual({ worker: ['t-1'], idle: ['t-0'] });
    // "spare" hashes after "worker": the subscriptions now differ and only "worker" is served.
    const later = [
      { memberId: 'worker', topics: ['t'] },
      { memberId: 'spare', topics: [] },
    ];
    expect(assignPartitions('sticky', { topics: { t: 2 }, members: later }).assignment).toEqual({ worker: ['t-0', 't-1'], spare: [] });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over a few hundred deterministic pseudo-random groups
// ---------------------------------------------------------------------------------------------

/** A tiny seeded LCG so the generated groups are the same on every run. */
function lcg(seed: number): (bound: number) => number {
  let state = seed >>> 0;
  return (bound) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state >>> 8) % bound;
  };
}

interface Scenario {
  topics: Record<string, number>;
  members: AssignorMember[];
}

/** A group after a membership change: some members own partitions from a previous round. */
function randomScenario(rand: (bound: number) => number, sameSubscriptions: boolean): Scenario {
  const topicNames = ['orders', 'payments', 'clicks', 'audit'].slice(0, 1 + rand(4));
  const topics = Object.fromEntries(topicNames.map((t) => [t, rand(9)]));
  const memberCount = 1 + rand(6);
  // Every member subscribes to something: an empty subscription can hit the quirk tested above.
  const pickTopics = (): string[] => {
    if (sameSubscriptions) return topicNames;
    const some = topicNames.filter(() => rand(2) === 0);
    return some.length > 0 ? some : [topicNames[rand(topicNames.length)] ?? 'orders'];
  };
  const members: AssignorMember[] = Array.from({ length: memberCount }, (_, i) => ({ memberId: `m${rand(1000)}-${i}`, topics: pickTopics() }));
  // A previous round (with a slightly different group) gives realistic owned partitions.
  const previous = assignPartitions('sticky', { topics, members: members.filter(() => rand(4) !== 0) }).assignment;
  for (const m of members) {
    m.owned = previous[m.memberId] ?? [];
    m.generation = m.owned.length > 0 ? 1 : -1;
  }
  return { topics, members };
}

function allPartitionsOf(topics: Record<string, number>, members: readonly AssignorMember[]): string[] {
  const subscribed = new Set(members.flatMap((m) => m.topics));
  return Object.entries(topics)
    .filter(([t]) => subscribed.has(t))
    .flatMap(([t, n]) => Array.from({ length: n }, (_, p) => `${t}-${p}`));
}

describe.each(['sticky', 'cooperative-sticky'] as AssignorStrategy[])('%s properties', (strategy) => {
  it('with identical subscriptions: balanced (max - min <= 1), each partition once, kept partitions stay put', () => {
    const rand = lcg(2024);
    for (let run = 0; run < 300; run++) {
      const { topics, members } = randomScenario(rand, true);
      const { assignment, transferring = {} } = assignPartitions(strategy, { topics, members });
      const given = Object.values(assignment).flat();
      const heldBack = Object.keys(transferring).filter((p) => !given.includes(p));

      // Every partition exactly once, counting the ones a cooperative round holds back.
      expect([...given, ...(strategy === 'cooperative-sticky' ? heldBack : [])].sort()).toEqual(allPartitionsOf(topics, members).sort());
      expect(new Set(given).size).toBe(given.length);

      // Balanced once held-back partitions reach their new owners.
      const target = new Map(Object.entries(assignment).map(([m, ps]) => [m, ps.length]));
      if (strategy === 'cooperative-sticky') for (const p of heldBack) target.set(transferring[p] ?? '', (target.get(transferring[p] ?? '') ?? 0) + 1);
      expect(Math.max(...target.values()) - Math.min(...target.values())).toBeLessThanOrEqual(1);

      // Sticky: a member never loses an owned partition unless it is over its quota.
      const total = given.length + (strategy === 'cooperative-sticky' ? heldBack.length : 0);
      const minQuota = Math.floor(total / members.length);
      for (const m of members) {
        const kept = (m.owned ?? []).filter((p) => assignment[m.memberId]?.includes(p));
        expect(kept.length).toBeGreaterThanOrEqual(Math.min(m.owned?.length ?? 0, minQuota));
      }
    }
  });

  it('with different subscriptions: only subscribers get a partition, each at most once, no easy improvement left', () => {
    const rand = lcg(7);
    for (let run = 0; run < 300; run++) {
      const { topics, members } = randomScenario(rand, false);
      const { assignment, transferring = {} } = assignPartitions(strategy, { topics, members });
      const given = Object.values(assignment).flat();
      expect(new Set(given).size).toBe(given.length);
      const topicOf = (p: string): string => p.slice(0, p.lastIndexOf('-'));
      for (const m of members) for (const p of assignment[m.memberId] ?? []) expect(m.topics).toContain(topicOf(p));
      const heldBack = Object.keys(transferring).filter((p) => !given.includes(p));
      expect([...given, ...heldBack].sort()).toEqual(allPartitionsOf(topics, members).sort());
      if (strategy === 'sticky') {
        // Kafka's balance check: no partition could move to a subscriber holding 2+ fewer.
        for (const a of members) {
          for (const b of members) {
            const na = assignment[a.memberId]?.length ?? 0;
            const nb = assignment[b.memberId]?.length ?? 0;
            if (na + 1 < nb) for (const p of assignment[b.memberId] ?? []) expect(a.topics).not.toContain(topicOf(p));
          }
        }
      }
    }
  });
});

describe('cooperative-sticky converges in two rounds', () => {
  it('the round after the hand-over moves nothing and assigns everything', () => {
    const rand = lcg(99);
    for (let run = 0; run < 200; run++) {
      const { topics, members } = randomScenario(rand, true);
      const round1 = assignPartitions('cooperative-sticky', { topics, members });
      const round2 = assignPartitions('cooperative-sticky', {
        topics,
        members: members.map((m) => ({ ...m, owned: round1.assignment[m.memberId] ?? [], generation: 2 })),
      });
      expect(round2.transferring).toEqual({});
      expect(Object.values(round2.assignment).flat().sort()).toEqual(allPartitionsOf(topics, members).sort());
    }
  });
});
