/**
 * Machine-checkable vectors taken from Kafka's own tests and other clients' tests
 * (format: kafka-reference.md §4). Each vector is its own test, named after its source.
 * The fixture is a copy of /work/shared/kafka-vectors-sample.json so CI needs only the repo.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  assignPartitions,
  assignReplicasToBrokers,
  murmur2,
  offsetsTopicPartition,
  partitionForKey,
  rackAlternatedBrokerList,
  stripedPlacement,
  utf8,
  type AssignorMember,
  type AssignorStrategy,
} from '../algorithms';

interface Vector {
  kind: string;
  input: Record<string, unknown>;
  expected: unknown;
  source: string;
}

const vectors = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/kafka-vectors-sample.json', import.meta.url), 'utf8'),
) as Vector[];

function ofKind(kind: string): [string, Vector][] {
  return vectors.filter((v) => v.kind === kind).map((v, i) => [`#${i} ${v.source.slice(0, 140)}`, v]);
}

function keyBytes(input: Record<string, unknown>): Uint8Array {
  if (Array.isArray(input.keyBytes)) return Uint8Array.from(input.keyBytes as number[]);
  return utf8(input.key as string);
}

/**
 * Kafka's test `MockRandom` (a 64-bit LCG, `next(bits)` = top bits of the new state) behind
 * `java.util.Random.nextInt(bound)`, including its rejection loop for non-power-of-two bounds.
 */
function javaMockRandom(seed: number): (bound: number) => number {
  const mask = (1n << 64n) - 1n;
  let state = BigInt(seed);
  const next = (bits: number): number => {
    state = (state * 2862933555777941757n + 3037000493n) & mask;
    return Number(BigInt.asIntN(32, state >> BigInt(64 - bits)));
  };
  return (bound: number): number => {
    let r = next(31);
    const m = bound - 1;
    if ((bound & m) === 0) return Number((BigInt(bound) * BigInt(r)) >> 31n);
    // Java redraws while `u - r + m` overflows int32 (the top, incomplete block of values).
    let u = r;
    r = u % bound;
    while (((u - r + m) | 0) < 0) {
      u = next(31);
      r = u % bound;
    }
    return r;
  };
}

describe('murmur2 (Utils.murmur2)', () => {
  it.each(ofKind('murmur2'))('%s', (_name, v) => {
    expect(murmur2(keyBytes(v.input))).toBe(v.expected);
  });
});

describe('key → partition (BuiltInPartitioner.partitionForKey)', () => {
  it.each(ofKind('partition'))('%s', (_name, v) => {
    expect(partitionForKey(keyBytes(v.input), v.input.numPartitions as number)).toBe(v.expected);
  });
});

describe('__consumer_offsets partition of a group', () => {
  it.each(ofKind('offsets_partition'))('%s', (_name, v) => {
    expect(offsetsTopicPartition(v.input.groupId as string, v.input.numPartitions as number)).toBe(v.expected);
  });
});

describe('replica placement', () => {
  it.each(ofKind('replica_assignment'))('%s', (_name, v) => {
    const input = v.input;
    const expected = v.expected as Record<string, unknown> | unknown[];
    const run = (): unknown => {
      switch (input.placer) {
        case 'AdminUtils.assignReplicasToBrokers': {
          const start = Math.max(0, (input.startPartitionId as number | undefined) ?? -1);
          const placed = assignReplicasToBrokers({
            brokers: input.brokers as { id: number; rack: string | null }[],
            partitions: input.nPartitions as number,
            replicationFactor: input.replicationFactor as number,
            fixedStartIndex: input.fixedStartIndex as number,
            startPartitionId: input.startPartitionId as number,
          });
          return Object.fromEntries(placed.map((replicas, i) => [String(start + i), replicas]));
        }
        case 'AdminUtils.getRackAlternatedBrokerList':
          return rackAlternatedBrokerList(
            Object.entries(input.brokerRacks as Record<string, string>).map(([id, rack]) => ({ id: Number(id), rack })),
          );
        case 'StripedReplicaPlacer.place':
        case 'StripedReplicaPlacer.RackList.place': {
          const random = input.random as { type: string; seed: number };
          expect(random.type).toBe('MockRandom');
          const placed = stripedPlacement({
            brokers: input.brokers as { id: number; rack: string | null; fenced: boolean }[],
            partitions: input.nPartitions as number,
            replicationFactor: input.replicationFactor as number,
            randomInt: javaMockRandom(random.seed),
          });
          if (input.output === 'countsByReplicaList') return countsByReplicaList(placed);
          return placed;
        }
        default:
          throw new Error(`unknown placer ${String(input.placer)}`);
      }
    };
    if (!Array.isArray(expected) && typeof expected.error === 'string') {
      expect(run).toThrow(new RegExp(`^${expected.error}`));
      return;
    }
    const actual = run();
    if (input.output === 'countsByReplicaList') {
      expect(actual).toEqual(normalizeCountKeys(expected as Record<string, number>));
    } else {
      expect(actual).toEqual(expected);
    }
  });
});

/** How many partitions got each replica list; keys are the broker ids joined by commas. */
function countsByReplicaList(placed: number[][]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const replicas of placed) {
    const key = replicas.join(',');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Accepts keys written as "[0, 1, 2]", "0,1,2" or "0-1-2". */
function normalizeCountKeys(expected: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(expected).map(([k, n]) => [(k.match(/\d+/g) ?? []).join(','), n]));
}

interface AssignExpected {
  assignment: Record<string, string[]>;
  ordered: boolean;
  transferring?: Record<string, string> | null;
}

function checkAssignment(strategy: AssignorStrategy, v: Vector): void {
  const input = v.input as { topics: Record<string, number>; members: AssignorMember[] };
  const expected = v.expected as AssignExpected;
  const result = assignPartitions(strategy, { topics: input.topics, members: input.members });
  const sorted = (a: Record<string, string[]>): Record<string, string[]> =>
    Object.fromEntries(Object.entries(a).map(([m, ps]) => [m, [...ps].sort()]));
  if (expected.ordered) {
    expect(result.assignment).toEqual(expected.assignment);
  } else {
    expect(sorted(result.assignment)).toEqual(sorted(expected.assignment));
  }
  if (expected.transferring !== undefined) {
    expect(result.transferring ?? {}).toEqual(expected.transferring ?? {});
  }
}

describe('range assignor (RangeAssignor)', () => {
  it.each(ofKind('range_assign'))('%s', (_name, v) => checkAssignment('range', v));
});

describe('round-robin assignor (RoundRobinAssignor)', () => {
  it.each(ofKind('roundrobin_assign'))('%s', (_name, v) => checkAssignment('roundrobin', v));
});

describe('sticky assignors (AbstractStickyAssignor)', () => {
  // "sticky|cooperative-sticky" means both assignors must produce the expected result.
  const cases = ofKind('sticky_assign').flatMap(([name, v]) =>
    (v.input.assignor as string).split('|').map((strategy) => [`${strategy} ${name}`, strategy as AssignorStrategy, v] as const),
  );
  it.each(cases)('%s', (_name, strategy, v) => checkAssignment(strategy, v));
});
