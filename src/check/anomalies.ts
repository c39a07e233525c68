/**
 * Jepsen-style anomalies read from what clients saw and what the logs hold now:
 * - lost acknowledged writes: a send acknowledged at an offset (acks 1 or all) whose record is not
 *   at that offset in the partition's authoritative log, and was not removed by retention;
 * - duplicates: one record (producer + record number) at more than one offset of a partition;
 * - reordering: within a partition, a producer's record stored after one it sent later.
 * The authoritative log is the leader's, or when the partition has no leader, the longest replica's.
 */
import type { KafkaState, Replica } from '../kafka/state';
import { findRecord } from '../kafka/log/partition-log';
import type { PartitionLog } from '../kafka/log/types';
import { tpKey } from '../kafka/names';
import { clusterPartitions } from '../kafka/controller/controller';

export interface Finding {
  count: number;
  /** Up to five examples, in words a teacher can read out. */
  examples: string[];
}

export interface AnomalyReport {
  lostAcknowledged: Finding;
  duplicates: Finding;
  reordered: Finding;
  /** Two replicas holding different records at the same offset, below both their high watermarks. */
  divergent: Finding;
}

const EXAMPLES = 5;

function finding(): Finding {
  return { count: 0, examples: [] };
}

function note(f: Finding, example: string): void {
  f.count++;
  if (f.examples.length < EXAMPLES) f.examples.push(example);
}

/** The log a partition's truth is read from: its leader's, else the longest live or dead replica. */
export function authoritativeLog(m: KafkaState, topic: string, partition: number): PartitionLog | null {
  const key = tpKey(topic, partition);
  const state = clusterPartitions(m)[key];
  let best: Replica | null = null;
  for (const b of Object.values(m.brokers)) {
    const r = b.replicas[key];
    if (r === undefined) continue;
    if (state !== undefined && state.leader === b.id && b.status === 'running') return r.log;
    if (best === null || r.log.logEndOffset > best.log.logEndOffset) best = r;
  }
  return best?.log ?? null;
}

export function checkAnomalies(m: KafkaState): AnomalyReport {
  const report: AnomalyReport = { lostAcknowledged: finding(), duplicates: finding(), reordered: finding(), divergent: finding() };
  const logs = new Map<string, PartitionLog | null>();
  const logOf = (topic: string, partition: number): PartitionLog | null => {
    const key = tpKey(topic, partition);
    if (!logs.has(key)) logs.set(key, authoritativeLog(m, topic, partition));
    return logs.get(key) ?? null;
  };
  for (const s of m.history.sends) {
    if (s.error !== 'NONE' || s.offset < 0 || s.acks === 0) continue;
    const log = logOf(s.topic, s.partition);
    if (log === null) {
      note(report.lostAcknowledged, `${s.producer} #${s.seq} acknowledged at ${s.topic}-${s.partition}@${s.offset}, but no replica of the partition is left`);
      continue;
    }
    if (s.offset < log.logStartOffset) continue; // removed by retention, not lost
    const found = findRecord(log, s.offset);
    const batch = found?.batch;
    if (found === null || batch === undefined || batch.producer !== s.producer || batch.recordIds[found.index] !== s.seq) {
      const now = found === null ? 'nothing' : `${batch?.producer ?? '?'} #${batch?.recordIds[found.index] ?? '?'}`;
      note(report.lostAcknowledged, `${s.producer} #${s.seq} was acknowledged at ${s.topic}-${s.partition}@${s.offset} (acks=${s.acks === -1 ? 'all' : s.acks}); that offset now holds ${now}`);
    }
  }
  for (const [key, log] of partitionsWithLogs(m)) {
    /** Producer → record number → the first offset holding it. */
    const seen = new Map<string, Map<number, number>>();
    const latest = new Map<string, number>();
    for (const seg of log.segments) {
      for (const batch of seg.batches) {
        let offsets = seen.get(batch.producer);
        if (offsets === undefined) {
          offsets = new Map();
          seen.set(batch.producer, offsets);
        }
        for (let i = 0; i < batch.recordIds.length; i++) {
          const id = batch.recordIds[i] as number;
          const offset = batch.baseOffset + i;
          const first = offsets.get(id);
          if (first !== undefined) note(report.duplicates, `${batch.producer} #${id} is in ${key} twice, at ${first} and ${offset}`);
          else offsets.set(id, offset);
          const before = latest.get(batch.producer) ?? -1;
          if (id < before && first === undefined) note(report.reordered, `${batch.producer} #${id} is at ${key}@${offset}, after #${before} which it sent later`);
          if (id > before) latest.set(batch.producer, id);
        }
      }
    }
  }
  checkDivergence(m, report.divergent);
  return report;
}

/** Replicas that disagree about a committed offset: KIP-101's divergence. One finding per pair of replicas. */
function checkDivergence(m: KafkaState, f: Finding): void {
  for (const key of Object.keys(clusterPartitions(m)).sort()) {
    const replicas = Object.values(m.brokers)
      .map((b) => ({ id: b.id, log: b.replicas[key]?.log }))
      .filter((x): x is { id: number; log: PartitionLog } => x.log !== undefined);
    for (let i = 0; i < replicas.length; i++) {
      for (let j = i + 1; j < replicas.length; j++) {
        const a = replicas[i] as { id: number; log: PartitionLog };
        const b = replicas[j] as { id: number; log: PartitionLog };
        const from = Math.max(a.log.logStartOffset, b.log.logStartOffset);
        const to = Math.min(a.log.highWatermark, b.log.highWatermark);
        for (let offset = from; offset < to; offset++) {
          const x = findRecord(a.log, offset);
          const y = findRecord(b.log, offset);
          if (x === null || y === null) continue;
          // A follower holds its leader's very batches: the same batch holds the same records.
          if (x.batch === y.batch) {
            offset = x.batch.lastOffset;
            continue;
          }
          if (x.batch.producer !== y.batch.producer || x.batch.recordIds[x.index] !== y.batch.recordIds[y.index]) {
            note(f, `${key}@${offset} holds ${x.batch.producer} #${x.batch.recordIds[x.index] ?? '?'} on broker ${a.id} but ${y.batch.producer} #${y.batch.recordIds[y.index] ?? '?'} on broker ${b.id}`);
            break;
          }
        }
      }
    }
  }
}

function partitionsWithLogs(m: KafkaState): [string, PartitionLog][] {
  const out: [string, PartitionLog][] = [];
  const partitions = clusterPartitions(m);
  for (const key of Object.keys(partitions).sort()) {
    const s = partitions[key];
    if (s === undefined) continue;
    const log = authoritativeLog(m, s.topic, s.partition);
    if (log !== null) out.push([key, log]);
  }
  return out;
}
