/**
 * Writing to `__consumer_offsets` the way GroupMetadataManager does: through the partition
 * leader's append path with acks=all and `offsets.commit.timeout.ms`, so the records replicate
 * like any others. The broker's produce path answers over a loopback connection; the answer
 * completes what waited for the write (coordinator.ts routes it).
 */
import { handleProduce } from '../broker/produce';
import type { KafkaErrorName } from '../protocol/errors';
import type { BrokerState } from '../state';
import type { KafkaWorld } from '../world';
import { coordinatorOf } from './context';
import { coordinatorBatch } from './records';
import { OFFSETS_TOPIC, type AppendCompletion, type PendingAppend } from './types';

export function appendToOffsetsTopic(world: KafkaWorld, b: BrokerState, partition: number, keys: string[], values: string[], then: AppendCompletion): void {
  const gc = coordinatorOf(b);
  const correlationId = b.nextCorrelationId++;
  const batch = coordinatorBatch(`group-coordinator-${b.id}.${b.starts}`, gc.nextRecordId, world.nowMs, keys, values);
  gc.nextRecordId += keys.length;
  gc.pendingAppends.push({ correlationId, partition, then });
  handleProduce(world, b, b.node, { correlationId, acks: -1, timeoutMs: b.config['offsets.commit.timeout.ms'], partitions: [{ topic: OFFSETS_TOPIC, partition, batch }] });
}

export function takePendingAppend(b: BrokerState, correlationId: number): PendingAppend | undefined {
  const gc = coordinatorOf(b);
  const i = gc.pendingAppends.findIndex((p) => p.correlationId === correlationId);
  if (i < 0) return undefined;
  return gc.pendingAppends.splice(i, 1)[0];
}

/** GroupMetadataManager's translation of a failed write into what the group's client hears. */
export function appendErrorForClient(error: KafkaErrorName, forOffsets: boolean): KafkaErrorName {
  switch (error) {
    case 'NONE':
      return 'NONE';
    case 'UNKNOWN_TOPIC_OR_PARTITION':
    case 'NOT_ENOUGH_REPLICAS':
    case 'NOT_ENOUGH_REPLICAS_AFTER_APPEND':
      return 'COORDINATOR_NOT_AVAILABLE';
    case 'NOT_LEADER_OR_FOLLOWER':
    case 'KAFKA_STORAGE_ERROR':
      return 'NOT_COORDINATOR';
    case 'MESSAGE_TOO_LARGE':
    case 'RECORD_LIST_TOO_LARGE':
      return forOffsets ? 'INVALID_COMMIT_OFFSET_SIZE' : 'UNKNOWN_SERVER_ERROR';
    case 'REQUEST_TIMED_OUT':
      // An assignment that could not be stored in time: the members re-join.
      return forOffsets ? 'REQUEST_TIMED_OUT' : 'REBALANCE_IN_PROGRESS';
    default:
      return error;
  }
}
