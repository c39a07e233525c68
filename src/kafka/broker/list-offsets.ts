/** ListOffsets on the leader: the earliest (log start) or latest (high watermark) offset. */
import { EARLIEST_TIMESTAMP, type ListOffsetsRequest } from '../protocol/messages';
import type { BrokerState } from '../state';
import type { KafkaWorld } from '../world';
import { tpKey } from '../names';
import { sendFromBroker } from './respond';

export function handleListOffsets(world: KafkaWorld, b: BrokerState, fromNode: number, req: ListOffsetsRequest): void {
  const partitions = req.partitions.map((p) => {
    const r = b.replicas[tpKey(p.topic, p.partition)];
    if (r === undefined || r.role !== 'leader') return { topic: p.topic, partition: p.partition, error: 'NOT_LEADER_OR_FOLLOWER' as const, offset: -1 };
    // A consumer's "latest" is the high watermark (read_uncommitted), not the log end.
    const offset = p.timestamp === EARLIEST_TIMESTAMP ? r.log.logStartOffset : r.log.highWatermark;
    return { topic: p.topic, partition: p.partition, error: 'NONE' as const, offset };
  });
  sendFromBroker(world, b, fromNode, 'ListOffsetsResponse', { correlationId: req.correlationId, partitions });
}
