/**
 * The records a group coordinator writes to `__consumer_offsets` (GroupMetadataManager's
 * OffsetCommitKey/Value and GroupMetadataKey/Value), and reading them back when a new leader of a
 * partition loads its groups. Keys and values are JSON text here instead of Kafka's binary
 * schemas; a deleted offset or group is a tombstone, written as an empty value (Kafka: null).
 */
import type { PartitionLog, ProducerBatch } from '../log/types';
import { batchSizeBytes } from '../log/record-size';
import type { CommittedOffset, ConsumerSubscription, GroupMetadata, GroupStateName } from './types';

export const TOMBSTONE = '';

export interface StoredMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientNode: number;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  subscription: ConsumerSubscription;
  assignment: string[];
}

/** GroupMetadataValue: what survives a coordinator failover of a group. */
export interface StoredGroup {
  protocolType: string | null;
  generation: number;
  protocolName: string | null;
  leader: string | null;
  stateSinceMs: number;
  members: StoredMember[];
}

export type OffsetsRecord =
  | { kind: 'offset'; groupId: string; topic: string; partition: number; value: Omit<CommittedOffset, 'topic' | 'partition'> | null }
  | { kind: 'group'; groupId: string; value: StoredGroup | null };

export function offsetKey(groupId: string, topic: string, partition: number): string {
  return JSON.stringify(['offset', groupId, topic, partition]);
}

export function groupKey(groupId: string): string {
  return JSON.stringify(['group', groupId]);
}

export function offsetValue(o: CommittedOffset): string {
  return JSON.stringify({ offset: o.offset, leaderEpoch: o.leaderEpoch, metadata: o.metadata, commitTimestampMs: o.commitTimestampMs, resets: o.resets });
}

/** The group as `storeGroup` writes it: members with the selected protocol's subscription and their assignment. */
export function groupValue(g: GroupMetadata, assignment: Record<string, string[]> | null): string {
  const stored: StoredGroup = {
    protocolType: g.protocolType,
    generation: g.generation,
    protocolName: g.protocolName,
    leader: g.leaderId,
    stateSinceMs: g.stateSinceMs,
    members: Object.values(g.members).map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientNode: m.clientNode,
      rebalanceTimeoutMs: m.rebalanceTimeoutMs,
      sessionTimeoutMs: m.sessionTimeoutMs,
      subscription: m.protocols.find((p) => p.name === g.protocolName)?.metadata ?? { topics: [], ownedPartitions: [], generation: -1, previousAssignment: [] },
      assignment: assignment === null ? m.assignment : (assignment[m.memberId] ?? []),
    })),
  };
  return JSON.stringify(stored);
}

/** Reads one record of the partition; null for a key this coordinator does not know. */
export function decodeRecord(key: string | null, value: string): OffsetsRecord | null {
  if (key === null) return null;
  let k: unknown;
  try {
    k = JSON.parse(key);
  } catch {
    return null;
  }
  if (!Array.isArray(k)) return null;
  if (k[0] === 'offset' && typeof k[1] === 'string' && typeof k[2] === 'string' && typeof k[3] === 'number') {
    return { kind: 'offset', groupId: k[1], topic: k[2], partition: k[3], value: value === TOMBSTONE ? null : (JSON.parse(value) as Omit<CommittedOffset, 'topic' | 'partition'>) };
  }
  if (k[0] === 'group' && typeof k[1] === 'string') {
    return { kind: 'group', groupId: k[1], value: value === TOMBSTONE ? null : (JSON.parse(value) as StoredGroup) };
  }
  return null;
}

/** A batch of coordinator records, stamped like any producer's batch (no idempotence). */
export function coordinatorBatch(producer: string, firstRecordId: number, nowMs: number, keys: string[], values: string[]): ProducerBatch {
  const recordIds: number[] = [];
  const timestampsMs: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    recordIds.push(firstRecordId + i);
    timestampsMs.push(nowMs);
  }
  return { producerId: -1, producerEpoch: -1, baseSequence: -1, producer, timestampsMs, keys, values, recordIds, sizeBytes: batchSizeBytes(keys, values) };
}

/** What a partition's records say, last record winning (log compaction's view). */
export interface LoadedPartition {
  groups: Map<string, StoredGroup>;
  /** groupId → `topic-p` → offset. */
  offsets: Map<string, Map<string, CommittedOffset>>;
}

export function replayPartition(log: PartitionLog): LoadedPartition {
  const groups = new Map<string, StoredGroup>();
  const offsets = new Map<string, Map<string, CommittedOffset>>();
  for (const seg of log.segments) {
    for (const batch of seg.batches) {
      for (let i = 0; i < batch.values.length; i++) {
        const r = decodeRecord(batch.keys[i] ?? null, batch.values[i] as string);
        if (r === null) continue;
        if (r.kind === 'group') {
          if (r.value === null) groups.delete(r.groupId);
          else groups.set(r.groupId, r.value);
          continue;
        }
        let byTp = offsets.get(r.groupId);
        if (byTp === undefined) {
          byTp = new Map();
          offsets.set(r.groupId, byTp);
        }
        const key = `${r.topic}-${r.partition}`;
        if (r.value === null) byTp.delete(key);
        else byTp.set(key, { topic: r.topic, partition: r.partition, ...r.value });
      }
    }
  }
  return { groups, offsets };
}

/** The state a loaded group starts in (GroupMetadata.loadGroup). */
export function loadedState(stored: StoredGroup): GroupStateName {
  return stored.members.length === 0 ? 'Empty' : 'Stable';
}
