import { describe, expect, it } from 'vitest';
import { assignReplicasToBrokers, stripedPlacement, type RandomInt } from '../algorithms';

/** A tiny seeded LCG (Numerical Recipes constants) so every run places the same way. */
function seededRandomInt(seed: number): RandomInt {
  let state = seed >>> 0;
  return (bound) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % bound;
  };
}

const brokers = (ids: number[], rack?: (id: number) => string) => ids.map((id) => ({ id, rack: rack ? rack(id) : null }));

function countBy(values: number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

describe('AdminUtils.assignReplicasToBrokers', () => {
  it('places 30 replicas of 10 partitions on 6 brokers: 5 ± 1 replicas each, leaders 1 or 2 each', () => {
    const placement = assignReplicasToBrokers({ brokers: brokers([0, 1, 2, 3, 4, 5]), partitions: 10, replicationFactor: 3, fixedStartIndex: 0 });

    expect(placement).toHaveLength(10);
    for (const replicas of placement) expect(new Set(replicas).size).toBe(3);
    // 10 partitions are 1⅔ laps over 6 brokers; only full laps come out exactly even, so the
    // 30 replicas land 4 to 6 per broker (exactly [5, 4, 5, 6, 5, 5] from start index 0).
    const replicasPerBroker = countBy(placement.flat());
    expect([0, 1, 2, 3, 4, 5].map((b) => replicasPerBroker.get(b))).toEqual([5, 4, 5, 6, 5, 5]);
    const leadersPerBroker = countBy(placement.map((replicas) => replicas[0] ?? -1));
    expect(leadersPerBroker.size).toBe(6);
    expect(Math.max(...leadersPerBroker.values()) - Math.min(...leadersPerBroker.values())).toBeLessThanOrEqual(1);
    // Leaders walk the broker list round-robin from the start index.
    expect(placement.map((r) => r[0])).toEqual([0, 1, 2, 3, 4, 5, 0, 1, 2, 3]);
  });

  it('gives every broker exactly 6 replicas and 2 leaderships when 12 partitions make two full laps', () => {
    const placement = assignReplicasToBrokers({ brokers: brokers([0, 1, 2, 3, 4, 5]), partitions: 12, replicationFactor: 3, fixedStartIndex: 0 });
    expect([...countBy(placement.flat()).values()]).toEqual([6, 6, 6, 6, 6, 6]);
    expect([...countBy(placement.map((r) => r[0] ?? -1)).values()]).toEqual([2, 2, 2, 2, 2, 2]);
    // The second lap shifts the followers: broker 0 leads [0, 1, 2] then [0, 2, 3].
    expect(placement[0]).toEqual([0, 1, 2]);
    expect(placement[6]).toEqual([0, 2, 3]);
  });

  it('refuses a replication factor above the broker count, or below 1, and an empty topic', () => {
    const three = brokers([1, 2, 3]);
    expect(() => assignReplicasToBrokers({ brokers: three, partitions: 1, replicationFactor: 4, fixedStartIndex: 0 })).toThrow(/^INVALID_REPLICATION_FACTOR: /);
    expect(() => assignReplicasToBrokers({ brokers: three, partitions: 1, replicationFactor: 0, fixedStartIndex: 0 })).toThrow(/^INVALID_REPLICATION_FACTOR: /);
    expect(() => assignReplicasToBrokers({ brokers: three, partitions: 0, replicationFactor: 1, fixedStartIndex: 0 })).toThrow(/^INVALID_PARTITIONS: /);
  });

  it('puts the three replicas of every partition in three different racks', () => {
    const rackOf = (id: number) => ['us-east-1a', 'us-east-1b', 'us-east-1c'][id % 3] ?? '';
    const placement = assignReplicasToBrokers({ brokers: brokers([0, 1, 2, 3, 4, 5], rackOf), partitions: 12, replicationFactor: 3, randomInt: seededRandomInt(7) });
    for (const replicas of placement) expect(new Set(replicas.map(rackOf)).size).toBe(3);
    expect([...countBy(placement.flat()).values()]).toEqual([6, 6, 6, 6, 6, 6]);
  });

  it('refuses racks on some brokers only (all or none)', () => {
    const mixed = [{ id: 0, rack: 'a' }, { id: 1, rack: null }, { id: 2, rack: 'b' }];
    expect(() => assignReplicasToBrokers({ brokers: mixed, partitions: 3, replicationFactor: 2, fixedStartIndex: 0 })).toThrow(/rack information/);
  });

  it('draws the start from the seeded PRNG: the same seed gives the same placement', () => {
    const place = (seed: number) => assignReplicasToBrokers({ brokers: brokers([0, 1, 2, 3, 4]), partitions: 8, replicationFactor: 2, randomInt: seededRandomInt(seed) });
    expect(place(42)).toEqual(place(42));
    expect(() => assignReplicasToBrokers({ brokers: brokers([0, 1]), partitions: 1, replicationFactor: 1 })).toThrow(/randomInt/);
  });

  it('adding partitions continues the leader rotation where the topic left off', () => {
    const added = assignReplicasToBrokers({ brokers: brokers([0, 1, 2, 3, 4]), partitions: 3, replicationFactor: 3, fixedStartIndex: 0, startPartitionId: 10 });
    // Partitions 10, 11 and 12: leaders continue 0, 1, 2 after two full laps.
    expect(added.map((r) => r[0])).toEqual([0, 1, 2]);
  });
});

describe('StripedReplicaPlacer (KRaft)', () => {
  it('never makes a fenced broker the leader, and uses it only when unfenced brokers run out', () => {
    const cluster = [{ id: 1 }, { id: 2 }, { id: 3, fenced: true }, { id: 4 }];
    const placement = stripedPlacement({ brokers: cluster, partitions: 20, replicationFactor: 3, randomInt: seededRandomInt(1) });
    for (const replicas of placement) {
      expect(replicas[0]).not.toBe(3);
      expect(replicas).not.toContain(3);
      expect(new Set(replicas).size).toBe(3);
    }
    const withFenced = stripedPlacement({ brokers: cluster, partitions: 5, replicationFactor: 4, randomInt: seededRandomInt(1) });
    for (const replicas of withFenced) expect(replicas[replicas.length - 1]).toBe(3);
  });

  it('spreads each partition over all racks, leaders evenly across brokers', () => {
    const cluster = [0, 1, 2, 3, 4, 5].map((id) => ({ id, rack: `rack-${id % 3}` }));
    const placement = stripedPlacement({ brokers: cluster, partitions: 12, replicationFactor: 3, randomInt: seededRandomInt(3) });
    for (const replicas of placement) expect(new Set(replicas.map((id) => id % 3)).size).toBe(3);
    expect([...countBy(placement.map((r) => r[0] ?? -1)).values()]).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('refuses to place when every broker is fenced or too few are registered', () => {
    const random = seededRandomInt(1);
    expect(() => stripedPlacement({ brokers: [{ id: 1, fenced: true }, { id: 2, fenced: true }], partitions: 1, replicationFactor: 1, randomInt: random })).toThrow(
      /^INVALID_REPLICATION_FACTOR: .*fenced/,
    );
    expect(() => stripedPlacement({ brokers: [{ id: 1 }, { id: 2 }], partitions: 1, replicationFactor: 3, randomInt: random })).toThrow(/^INVALID_REPLICATION_FACTOR: /);
  });
});
