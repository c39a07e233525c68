/**
 * The metadata log's records (KIP-631) and the image they build. Records are plain data; the
 * image is what replaying them in order gives: brokers (registered, fenced, in controlled
 * shutdown), topics and partitions. Controllers and brokers keep their own image and apply
 * committed records with `applyEntry`; the active controller also applies its own records as it
 * appends them (its image runs ahead of the commit point until they commit).
 *
 * Kafka's names, shortened: RegisterBrokerRecord, FenceBrokerRecord / UnfenceBrokerRecord,
 * BrokerRegistrationChangeRecord (in controlled shutdown), TopicRecord (+ ConfigRecords),
 * PartitionRecord, PartitionChangeRecord, LeaderChangeMessage (a Raft control record).
 */
import { getOwn, setOwn } from '../../dict';
import { tpKey } from '../../names';
import type { BrokerEndpoint, ConfigValue, PartitionState } from '../../protocol/messages';

export type MetadataRecord =
  | {
      type: 'RegisterBroker';
      brokerId: number;
      brokerEpoch: number;
      rack: string | null;
      incarnationId: number;
    }
  | { type: 'FenceBroker'; brokerId: number }
  | { type: 'UnfenceBroker'; brokerId: number }
  | { type: 'BrokerControlledShutdown'; brokerId: number }
  | { type: 'Topic'; name: string; configs: Record<string, ConfigValue> }
  | { type: 'Partition'; state: PartitionState }
  | {
      type: 'PartitionChange';
      topic: string;
      partition: number;
      leader: number;
      isr: number[];
      leaderEpoch: number;
      partitionEpoch: number;
    }
  | { type: 'LeaderChange'; epoch: number; leader: number };

export type MetadataRecordType = MetadataRecord['type'];

/** One entry of the metadata log: its offset, the Raft epoch it was written in, the record. */
export interface RaftLogEntry {
  offset: number;
  epoch: number;
  record: MetadataRecord;
}

export interface BrokerRegistration {
  brokerId: number;
  /** The offset of its RegisterBroker record. */
  brokerEpoch: number;
  rack: string | null;
  incarnationId: number;
  fenced: boolean;
  inControlledShutdown: boolean;
  /**
   * When the active controller last heard from it (registration or heartbeat). Kept only on the
   * active controller, which sets it outside the log; -1 elsewhere.
   */
  lastHeartbeatMs: number;
}

export interface TopicImage {
  name: string;
  /** The topic's config overrides, as CreateTopics gave them. */
  configs: Record<string, ConfigValue>;
  partitions: number;
}

export interface MetadataImage {
  /** Offset of the next record to apply: the records applied so far. */
  nextOffset: number;
  /** Epoch and voter id of the quorum leader named by the last LeaderChange applied (0 / -1 before). */
  quorumEpoch: number;
  quorumLeader: number;
  /** By broker id (as a string). */
  brokers: Record<string, BrokerRegistration>;
  /** By topic name (read and written as own properties: any legal name is safe). */
  topics: Record<string, TopicImage>;
  /** By `topic-partition`. */
  partitions: Record<string, PartitionState>;
}

export function newMetadataImage(): MetadataImage {
  return { nextOffset: 0, quorumEpoch: 0, quorumLeader: -1, brokers: {}, topics: {}, partitions: {} };
}

function copyState(s: PartitionState): PartitionState {
  return { ...s, isr: [...s.isr], replicas: [...s.replicas] };
}

/**
 * Applies one record. Partition states are replaced, never changed in place, so states handed out
 * earlier stay as they were. Returns the partition state the record created or changed, if any.
 */
export function applyRecord(image: MetadataImage, record: MetadataRecord): PartitionState | null {
  switch (record.type) {
    case 'RegisterBroker':
      image.brokers[String(record.brokerId)] = {
        brokerId: record.brokerId,
        brokerEpoch: record.brokerEpoch,
        rack: record.rack,
        incarnationId: record.incarnationId,
        fenced: true,
        inControlledShutdown: false,
        lastHeartbeatMs: -1,
      };
      return null;
    case 'FenceBroker': {
      const b = image.brokers[String(record.brokerId)];
      if (b !== undefined) {
        b.fenced = true;
        b.inControlledShutdown = false;
      }
      return null;
    }
    case 'UnfenceBroker': {
      const b = image.brokers[String(record.brokerId)];
      if (b !== undefined) b.fenced = false;
      return null;
    }
    case 'BrokerControlledShutdown': {
      const b = image.brokers[String(record.brokerId)];
      if (b !== undefined) b.inControlledShutdown = true;
      return null;
    }
    case 'Topic':
      setOwn(image.topics, record.name, { name: record.name, configs: { ...record.configs }, partitions: 0 });
      return null;
    case 'Partition': {
      const s = copyState(record.state);
      image.partitions[tpKey(s.topic, s.partition)] = s;
      const t = getOwn(image.topics, s.topic);
      if (t !== undefined) t.partitions = Math.max(t.partitions, s.partition + 1);
      return s;
    }
    case 'PartitionChange': {
      const key = tpKey(record.topic, record.partition);
      const current = image.partitions[key];
      if (current === undefined) return null;
      const s: PartitionState = {
        ...current,
        leader: record.leader,
        isr: [...record.isr],
        leaderEpoch: record.leaderEpoch,
        partitionEpoch: record.partitionEpoch,
        replicas: [...current.replicas],
      };
      image.partitions[key] = s;
      return s;
    }
    case 'LeaderChange':
      image.quorumEpoch = record.epoch;
      image.quorumLeader = record.leader;
      return null;
  }
}

/** Applies the entry that comes next; entries already applied are skipped, a gap is an error. */
export function applyEntry(image: MetadataImage, entry: RaftLogEntry): PartitionState | null {
  if (entry.offset < image.nextOffset) return null;
  if (entry.offset > image.nextOffset)
    throw new Error(`metadata image: entry ${entry.offset} applied at ${image.nextOffset}`);
  image.nextOffset++;
  return applyRecord(image, entry.record);
}

/** The record that a partition state change becomes. */
export function partitionChangeRecord(s: PartitionState): MetadataRecord {
  return {
    type: 'PartitionChange',
    topic: s.topic,
    partition: s.partition,
    leader: s.leader,
    isr: [...s.isr],
    leaderEpoch: s.leaderEpoch,
    partitionEpoch: s.partitionEpoch,
  };
}

export function brokerRegistration(image: MetadataImage, brokerId: number): BrokerRegistration | undefined {
  return image.brokers[String(brokerId)];
}

/** Registered, unfenced and not shutting down: may lead and be in an ISR (ClusterControlManager.isActive). */
export function isActiveBroker(image: MetadataImage, brokerId: number): boolean {
  const b = image.brokers[String(brokerId)];
  return b !== undefined && !b.fenced && !b.inControlledShutdown;
}

/** Unfenced brokers, by id: the alive brokers of a KRaft metadata cache. */
export function unfencedBrokerIds(image: MetadataImage): number[] {
  return Object.values(image.brokers)
    .filter((b) => !b.fenced)
    .map((b) => b.brokerId)
    .sort((a, b) => a - b);
}

export function brokerEndpoints(image: MetadataImage, ids: readonly number[]): BrokerEndpoint[] {
  return ids.map((id) => ({ id, rack: image.brokers[String(id)]?.rack ?? null }));
}

/** Every partition, sorted by topic then partition. */
export function partitionList(image: MetadataImage): PartitionState[] {
  return Object.values(image.partitions).sort((a, b) =>
    a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
  );
}
