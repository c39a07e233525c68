/** Small helpers every part of the group coordinator uses: its state, its partition, its answers. */
import { offsetsTopicPartition } from '../algorithms';
import { getOwn } from '../dict';
import type { BrokerState } from '../state';
import type { KafkaWorld } from '../world';
import type { GroupApis } from './protocol';
import { newGroupCoordinatorState, OFFSETS_TOPIC, type GroupCoordinatorState, type GroupMetadata } from './types';

/** Answers and requests of the group APIs: a header plus a little per entry, for the screen. */
export const GROUP_HEADER_BYTES = 40;

/** The coordinator state of this broker process; a restarted process starts with nothing. */
export function coordinatorOf(b: BrokerState): GroupCoordinatorState {
  if (b.groupCoordinator.starts !== b.starts) b.groupCoordinator = newGroupCoordinatorState(b.starts);
  return b.groupCoordinator;
}

/** `__consumer_offsets`' partition count as this broker knows it, else the configured one. */
export function offsetsPartitionCount(b: BrokerState): number {
  return getOwn(b.topicPartitions, OFFSETS_TOPIC) ?? b.config['offsets.topic.num.partitions'];
}

export function partitionFor(b: BrokerState, groupId: string): number {
  return offsetsTopicPartition(groupId, offsetsPartitionCount(b));
}

export function groupOf(b: BrokerState, groupId: string): GroupMetadata | undefined {
  return getOwn(coordinatorOf(b).groups, groupId);
}

export function nextToken(b: BrokerState): number {
  return coordinatorOf(b).nextToken++;
}

export function respond<K extends keyof GroupApis>(world: KafkaWorld, b: BrokerState, toNode: number, kind: K, payload: GroupApis[K], sizeBytes = GROUP_HEADER_BYTES): void {
  world.send(b.node, toNode, kind, payload, sizeBytes);
}

const HEX = '0123456789abcdef';

/**
 * A member id as GroupMetadata.generateMemberId makes it: the client id (or group.instance.id)
 * and a random UUID, drawn from this coordinator's seeded stream.
 */
export function newMemberId(world: KafkaWorld, b: BrokerState, prefix: string): string {
  let hex = '';
  for (let i = 0; i < 4; i++) {
    let x = world.randomInt(`group-coordinator-${b.id}`, 0x100000000);
    for (let j = 0; j < 8; j++) {
      hex += HEX[x & 15];
      x >>>= 4;
    }
  }
  return `${prefix}-${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${HEX[8 + (Number.parseInt(hex[16] ?? '0', 16) & 3)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
