/**
 * Where the replicas of a new topic's partitions go.
 *
 * - `assignReplicasToBrokers`: the admin-tooling / ZooKeeper-era placer
 *   (`org.apache.kafka.admin.AdminUtils.assignReplicasToBrokers`, formerly `kafka.admin.AdminUtils`).
 * - `stripedPlacement`: the KRaft controller's placer
 *   (`org.apache.kafka.metadata.placement.StripedReplicaPlacer`, KIP-631).
 *
 * Randomness is injected (`randomInt(bound)` returns an integer in [0, bound), with
 * `java.util.Random.nextInt(bound)` semantics if you want Kafka's exact draws), so one seed
 * reproduces one placement.
 */

import { javaStringHashCode } from './offsets-partition';

export interface PlacementBroker {
  id: number;
  /** `broker.rack`; null or absent means the broker has no rack. */
  rack?: string | null;
}

export type RandomInt = (boundExclusive: number) => number;

export interface AssignReplicasInput {
  /** In the order Kafka would see them: callers (TopicCommand, the ZK controller) sort by id. */
  brokers: readonly PlacementBroker[];
  partitions: number;
  replicationFactor: number;
  /** Index into the broker list of partition 0's leader; -1 or absent = random (the default). */
  fixedStartIndex?: number;
  /** First partition id to place (when adding partitions); -1 or absent = 0. */
  startPartitionId?: number;
  /** Needed unless `fixedStartIndex >= 0`. */
  randomInt?: RandomInt;
}

/**
 * Replica lists, leader first. Element `i` is partition `max(0, startPartitionId) + i`, so for a
 * new topic the index is the partition id.
 *
 * Throws `INVALID_PARTITIONS: …` / `INVALID_REPLICATION_FACTOR: …` like Kafka's
 * InvalidPartitionsException / InvalidReplicationFactorException, checked in Kafka's order.
 */
export function assignReplicasToBrokers(input: AssignReplicasInput): number[][] {
  const { brokers, partitions, replicationFactor } = input;
  if (partitions <= 0) {
    throw new Error(`INVALID_PARTITIONS: the number of partitions must be larger than 0, got ${partitions}.`);
  }
  if (replicationFactor <= 0) {
    throw new Error(`INVALID_REPLICATION_FACTOR: the replication factor must be larger than 0, got ${replicationFactor}.`);
  }
  if (replicationFactor > brokers.length) {
    throw new Error(
      `INVALID_REPLICATION_FACTOR: replication factor ${replicationFactor} is larger than the ${brokers.length} available broker(s).`,
    );
  }
  const withRack = brokers.filter((b) => hasRack(b.rack));
  if (withRack.length === 0) {
    return assignRackUnaware(input, brokers.map((b) => b.id));
  }
  if (withRack.length !== brokers.length) {
    // Kafka throws AdminOperationException here. It is not an ApiException, so a client sending
    // CreateTopics sees it mapped to UNKNOWN_SERVER_ERROR (ApiError.fromThrowable).
    throw new Error('UNKNOWN_SERVER_ERROR: not all brokers have rack information for replica rack aware assignment.');
  }
  return assignRackAware(input);
}

/**
 * `AdminUtils.getRackAlternatedBrokerList`: one broker from each rack in turn (racks sorted by
 * name, brokers sorted by id inside a rack), skipping racks that ran out. Listing racks in turn
 * is what lets a plain round-robin over this list put consecutive replicas on different racks.
 */
export function rackAlternatedBrokerList(brokers: readonly { id: number; rack: string }[]): number[] {
  const byRack = new Map<string, number[]>();
  for (const b of brokers) {
    const ids = byRack.get(b.rack) ?? [];
    ids.push(b.id);
    byRack.set(b.rack, ids);
  }
  // Java's Arrays.sort on strings compares UTF-16 code units, as JS's default sort does.
  const racks = [...byRack.keys()].sort();
  const queues = racks.map((r) => [...(byRack.get(r) ?? [])].sort((a, b) => a - b));
  const total = queues.reduce((n, q) => n + q.length, 0);
  const result: number[] = [];
  for (let rackIndex = 0; result.length < total; rackIndex = (rackIndex + 1) % queues.length) {
    const next = queues[rackIndex]?.shift();
    if (next !== undefined) result.push(next);
  }
  return result;
}

/** Leader start index and follower shift: both fixed, or two independent draws (start first). */
function startAndShift(input: AssignReplicasInput, brokerCount: number): { startIndex: number; shift: number } {
  const fixed = input.fixedStartIndex ?? -1;
  if (fixed >= 0) return { startIndex: fixed, shift: fixed };
  const randomInt = input.randomInt;
  if (randomInt === undefined) {
    throw new Error('assignReplicasToBrokers: give fixedStartIndex >= 0 or a randomInt to draw the start index and shift.');
  }
  const startIndex = draw(randomInt, brokerCount);
  const shift = draw(randomInt, brokerCount);
  return { startIndex, shift };
}

/**
 * `replicaIndex`: follower j sits `1 + (shift + j) % (n - 1)` places after the leader. The `1 +`
 * keeps it off the leader; the `% (n - 1)` keeps the followers of one partition distinct.
 */
function followerIndex(firstIndex: number, shift: number, j: number, n: number): number {
  return (firstIndex + 1 + ((shift + j) % (n - 1))) % n;
}

function assignRackUnaware(input: AssignReplicasInput, brokerIds: readonly number[]): number[][] {
  const n = brokerIds.length;
  const start = startAndShift(input, n);
  const startIndex = start.startIndex;
  let shift = start.shift;
  let partitionId = Math.max(0, input.startPartitionId ?? -1);
  const result: number[][] = [];
  for (let i = 0; i < input.partitions; i++, partitionId++) {
    // Every full lap over the brokers moves the followers one step further, so broker b's
    // followers differ from lap to lap.
    if (partitionId > 0 && partitionId % n === 0) shift += 1;
    const first = (partitionId + startIndex) % n;
    const replicas = [idAt(brokerIds, first)];
    for (let j = 0; j < input.replicationFactor - 1; j++) {
      replicas.push(idAt(brokerIds, followerIndex(first, shift, j, n)));
    }
    result.push(replicas);
  }
  return result;
}

function assignRackAware(input: AssignReplicasInput): number[][] {
  // Kafka goes through a HashMap<Integer, String>: one rack per id, the last one listed winning.
  const rackOf = new Map<number, string>();
  for (const b of input.brokers) rackOf.set(b.id, b.rack ?? '');
  const arranged = rackAlternatedBrokerList([...rackOf].map(([id, rack]) => ({ id, rack })));
  const numRacks = new Set(rackOf.values()).size;
  const n = arranged.length;
  const start = startAndShift(input, n);
  const startIndex = start.startIndex;
  let shift = start.shift;
  let partitionId = Math.max(0, input.startPartitionId ?? -1);
  const result: number[][] = [];
  for (let i = 0; i < input.partitions; i++, partitionId++) {
    if (partitionId > 0 && partitionId % n === 0) shift += 1;
    const first = (partitionId + startIndex) % n;
    const leader = idAt(arranged, first);
    const replicas = [leader];
    const racksWithReplica = new Set([rackOf.get(leader)]);
    const brokersWithReplica = new Set([leader]);
    // k keeps growing across the followers of one partition: a skipped candidate is not
    // retried for the next follower.
    let k = 0;
    for (let j = 0; j < input.replicationFactor - 1; j++) {
      for (;;) {
        const candidate = idAt(arranged, followerIndex(first, shift * numRacks, k, n));
        const rack = rackOf.get(candidate);
        k += 1;
        // Prefer a rack without a replica until every rack has one, and a broker without a
        // replica until every broker has one.
        const rackOk = !racksWithReplica.has(rack) || racksWithReplica.size === numRacks;
        const brokerOk = !brokersWithReplica.has(candidate) || brokersWithReplica.size === n;
        if (rackOk && brokerOk) {
          replicas.push(candidate);
          racksWithReplica.add(rack);
          brokersWithReplica.add(candidate);
          break;
        }
      }
    }
    result.push(replicas);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// KRaft: StripedReplicaPlacer
// ---------------------------------------------------------------------------------------------

export interface StripedBroker extends PlacementBroker {
  /** Fenced brokers may hold followers but never the leader (KIP-631). */
  fenced?: boolean;
}

export interface StripedPlacementInput {
  /**
   * Usable brokers (registered, not in controlled shutdown), in the order the controller's
   * cluster description yields them: that order decides which rack is first in Kafka's rack
   * HashMap when racks collide in a bucket, and so the order of random draws.
   */
  brokers: readonly StripedBroker[];
  partitions: number;
  replicationFactor: number;
  /**
   * Id of the first partition placed (CreatePartitions adds partitions after the existing
   * ones). Element `i` of the result is partition `startPartition + i`. It does not change the
   * placement: the 3.x placer starts a fresh rack list, with fresh random offsets, per request.
   */
  startPartition?: number;
  randomInt: RandomInt;
}

/**
 * KRaft replica placement (`StripedReplicaPlacer.place`): racks are visited round-robin from a
 * random rack offset that advances by one per partition, giving the "striped" pattern; inside
 * a rack, brokers are taken round-robin from a random offset; unfenced brokers are preferred,
 * and the leader is always unfenced.
 *
 * Simplifications, each one a case where Kafka itself would loop forever or where the input
 * lacks the data: (1) where Kafka's loops could spin forever (stale per-list epochs after a
 * reshuffle leave no broker to return) this throws instead; (2) the newer placer's
 * continuation from a topic's existing assignments (Kafka 4.x) is not modelled; (3) the Java
 * HashMap order of racks ignores treeified buckets (needs 9+ racks colliding in one bucket).
 */
export function stripedPlacement(input: StripedPlacementInput): number[][] {
  const rackList = new RackList(input.brokers, input.randomInt);
  const { replicationFactor } = input;
  if (replicationFactor <= 0) {
    throw new Error(`INVALID_REPLICATION_FACTOR: invalid replication factor ${replicationFactor}: it must be positive.`);
  }
  if (rackList.numUnfencedBrokers === 0) {
    throw new Error('INVALID_REPLICATION_FACTOR: all brokers are currently fenced.');
  }
  if (replicationFactor > rackList.numTotalBrokers) {
    throw new Error(
      `INVALID_REPLICATION_FACTOR: the target replication factor of ${replicationFactor} cannot be reached because only ${rackList.numTotalBrokers} broker(s) are registered.`,
    );
  }
  if (input.partitions <= 0) {
    throw new Error(`INVALID_PARTITIONS: the number of partitions must be larger than 0, got ${input.partitions}.`);
  }
  const placements: number[][] = [];
  for (let p = 0; p < input.partitions; p++) placements.push(rackList.place(replicationFactor));
  return placements;
}

/**
 * `StripedReplicaPlacer.BrokerList`: a sorted list read round-robin from `offset`. Each placement
 * is an "epoch"; a new epoch restarts the read and moves the offset on by one, and within one
 * epoch each broker is returned at most once (-1 once the lap is used up).
 */
class BrokerList {
  readonly brokers: number[] = [];
  private index = 0;
  private offset = 0;
  private epoch = 0;

  initialize(randomInt: RandomInt): void {
    if (this.brokers.length === 0) return;
    this.brokers.sort((a, b) => a - b);
    this.offset = draw(randomInt, this.brokers.length);
  }

  shuffle(randomInt: RandomInt): void {
    javaShuffle(this.brokers, randomInt);
  }

  next(epoch: number): number {
    const size = this.brokers.length;
    if (size === 0) return -1;
    if (this.epoch !== epoch) {
      this.epoch = epoch;
      this.index = 0;
      this.offset = (this.offset + 1) % size;
    }
    if (this.index >= size) return -1;
    const broker = idAt(this.brokers, (this.index + this.offset) % size);
    this.index++;
    return broker;
  }
}

/** `StripedReplicaPlacer.Rack`: unfenced brokers first, fenced ones only when those run out. */
class Rack {
  readonly fenced = new BrokerList();
  readonly unfenced = new BrokerList();

  initialize(randomInt: RandomInt): void {
    this.fenced.initialize(randomInt);
    this.unfenced.initialize(randomInt);
  }

  shuffle(randomInt: RandomInt): void {
    this.fenced.shuffle(randomInt);
    this.unfenced.shuffle(randomInt);
  }

  next(epoch: number): number {
    const result = this.unfenced.next(epoch);
    return result >= 0 ? result : this.fenced.next(epoch);
  }
}

/** Key for the no-rack "rack" (Java's Optional.empty()), which sorts first. */
const NO_RACK = null;
type RackName = string | typeof NO_RACK;

/** `StripedReplicaPlacer.RackList`: the placer's state across the partitions of one request. */
class RackList {
  readonly numTotalBrokers: number;
  readonly numUnfencedBrokers: number;
  private readonly racks = new Map<RackName, Rack>();
  /** In Kafka's HashMap<Optional<String>, Rack> iteration order: the order random draws happen. */
  private readonly racksInHashOrder: Rack[];
  private rackNames: RackName[];
  private epoch = 0;
  private offset: number;

  constructor(
    brokers: readonly StripedBroker[],
    private readonly randomInt: RandomInt,
  ) {
    let total = 0;
    let unfenced = 0;
    const namesInInsertionOrder: RackName[] = [];
    for (const b of brokers) {
      const name: RackName = hasRack(b.rack) ? b.rack : NO_RACK;
      let rack = this.racks.get(name);
      if (rack === undefined) {
        rack = new Rack();
        this.racks.set(name, rack);
        namesInInsertionOrder.push(name);
      }
      if (b.fenced === true) {
        rack.fenced.brokers.push(b.id);
      } else {
        rack.unfenced.brokers.push(b.id);
        unfenced++;
      }
      total++;
    }
    // Optional<String>.hashCode() is the string's hashCode, 0 for empty.
    const hashOrder = javaHashMapIterationOrder(namesInInsertionOrder, (name) => (name === NO_RACK ? 0 : javaStringHashCode(name)));
    this.racksInHashOrder = hashOrder.map((name) => this.rackNamed(name));
    for (const rack of this.racksInHashOrder) rack.initialize(randomInt);
    // OptionalStringComparator: no rack first, then by name (UTF-16 order, as Java compares).
    this.rackNames = [...namesInInsertionOrder].sort(compareRackNames);
    this.numTotalBrokers = total;
    this.numUnfencedBrokers = unfenced;
    this.offset = this.rackNames.length === 0 ? 0 : draw(randomInt, this.rackNames.length);
  }

  place(replicationFactor: number): number[] {
    // After as many placements as there are unfenced brokers, reshuffle so the next round does
    // not repeat the same replica sets; a single unfenced broker would never get past its epoch.
    if (this.epoch === this.numUnfencedBrokers && this.numUnfencedBrokers > 1) {
      this.shuffle();
      this.epoch = 0;
    }
    if (this.offset === this.rackNames.length) this.offset = 0;
    const racks = this.rackNames.length;

    // Leader: the first rack, from the offset, that still has an unfenced broker this epoch.
    let firstRackIndex = this.offset;
    let leader = -1;
    for (let tried = 0; leader < 0; tried++) {
      if (tried > racks) throw new Error('StripedReplicaPlacer: no unfenced broker left in this epoch (Kafka would loop forever).');
      leader = this.rackAt(firstRackIndex).unfenced.next(this.epoch);
      if (leader < 0) firstRackIndex = (firstRackIndex + 1) % racks;
    }
    const replicas = [leader];

    // Followers: racks round-robin from the offset, skipping the leader's rack once.
    let rackIndex = this.offset;
    let skipRack = firstRackIndex;
    for (let replica = 1; replica < replicationFactor; replica++) {
      let result = -1;
      for (let misses = 0; result < 0; misses++) {
        if (misses > 2 * racks + 1) throw new Error('StripedReplicaPlacer: no broker left in this epoch (Kafka would loop forever).');
        if (rackIndex === skipRack) {
          skipRack = -1;
        } else {
          result = this.rackAt(rackIndex).next(this.epoch);
        }
        rackIndex = (rackIndex + 1) % racks;
      }
      replicas.push(result);
    }
    this.epoch++;
    this.offset++;
    return replicas;
  }

  private shuffle(): void {
    javaShuffle(this.rackNames, this.randomInt);
    for (const rack of this.racksInHashOrder) rack.shuffle(this.randomInt);
  }

  private rackAt(index: number): Rack {
    const name = this.rackNames[index];
    if (name === undefined) throw new Error(`StripedReplicaPlacer: no rack at index ${index}`);
    return this.rackNamed(name);
  }

  private rackNamed(name: RackName): Rack {
    const rack = this.racks.get(name);
    if (rack === undefined) throw new Error(`StripedReplicaPlacer: unknown rack ${String(name)}`);
    return rack;
  }
}

function compareRackNames(a: RackName, b: RackName): number {
  if (a === b) return 0;
  if (a === NO_RACK) return -1;
  if (b === NO_RACK) return 1;
  return a < b ? -1 : 1;
}

// ---------------------------------------------------------------------------------------------
// Small Java equivalences the placers depend on
// ---------------------------------------------------------------------------------------------

function hasRack(rack: string | null | undefined): rack is string {
  return rack !== undefined && rack !== null;
}

/** Draws from the injected PRNG, checking its contract (an integer in [0, bound)). */
function draw(randomInt: RandomInt, boundExclusive: number): number {
  const value = randomInt(boundExclusive);
  if (!Number.isInteger(value) || value < 0 || value >= boundExclusive) {
    throw new RangeError(`randomInt(${boundExclusive}) returned ${value}, expected an integer in [0, ${boundExclusive})`);
  }
  return value;
}

/** `Collections.shuffle(list, rnd)`: Fisher–Yates from the end, `swap(i - 1, rnd.nextInt(i))`. */
function javaShuffle<T>(list: T[], randomInt: RandomInt): void {
  for (let i = list.length; i > 1; i--) {
    const j = draw(randomInt, i);
    const a = list[i - 1] as T;
    list[i - 1] = list[j] as T;
    list[j] = a;
  }
}

/**
 * Iteration order of a `java.util.HashMap` filled by inserting `keys` in order: by bucket
 * (`(h ^ h >>> 16) & (capacity - 1)`, capacity 16 doubling past 3/4 load), then by insertion
 * inside a bucket. Kafka's RackList draws each rack's random offsets in this order.
 */
function javaHashMapIterationOrder<K>(keys: readonly K[], hashCode: (key: K) => number): K[] {
  let capacity = 16;
  while (keys.length > capacity * 0.75) capacity *= 2;
  const bucketOf = (key: K): number => {
    const h = hashCode(key);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  // Array.prototype.sort is stable, so keys sharing a bucket keep their insertion order.
  return keys
    .map((key) => ({ key, bucket: bucketOf(key) }))
    .sort((a, b) => a.bucket - b.bucket)
    .map((e) => e.key);
}

function idAt(ids: readonly number[], index: number): number {
  const id = ids[index];
  if (id === undefined) throw new Error(`broker index ${index} out of range (${ids.length} brokers)`);
  return id;
}
