/** `npm run sim -- … --dump <topic>-<partition>`: a partition's records on each replica. */
import type { KafkaState } from './state';
import { parseTpKey } from './names';

export interface DumpedRecord {
  offset: number;
  key: string | null;
  value: string;
  timestampMs: number;
  leaderEpoch: number;
  producer: string;
}

export interface PartitionDump {
  partition: string;
  replicas: Record<string, { role: string; logStartOffset: number; highWatermark: number; logEndOffset: number; records: DumpedRecord[] }>;
}

export function dumpPartition(m: KafkaState, ref: string): PartitionDump | null {
  const parsed = parseTpKey(ref);
  if (parsed === null) return null;
  const key = `${parsed.topic}-${parsed.partition}`;
  const replicas: PartitionDump['replicas'] = {};
  for (const b of Object.values(m.brokers)) {
    const r = b.replicas[key];
    if (r === undefined) continue;
    const records: DumpedRecord[] = [];
    for (const seg of r.log.segments) {
      for (const batch of seg.batches) {
        for (let i = 0; i < batch.values.length; i++) {
          records.push({
            offset: batch.baseOffset + i,
            key: batch.keys[i] ?? null,
            value: batch.values[i] ?? '',
            timestampMs: batch.timestampsMs[i] ?? -1,
            leaderEpoch: batch.partitionLeaderEpoch,
            producer: batch.producer,
          });
        }
      }
    }
    replicas[String(b.id)] = { role: r.role, logStartOffset: r.log.logStartOffset, highWatermark: r.log.highWatermark, logEndOffset: r.log.logEndOffset, records };
  }
  return Object.keys(replicas).length === 0 ? null : { partition: key, replicas };
}
