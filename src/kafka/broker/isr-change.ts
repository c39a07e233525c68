/**
 * ISR changes go through the controller (AlterPartition, KIP-497): the leader proposes, the
 * controller commits and bumps the partition epoch, and the leader adopts the answer. While a
 * proposal is in flight the high watermark may count on a pending expansion, never on a shrink.
 */
import type { AlterPartitionResponse } from '../protocol/messages';
import type { BrokerState, Replica } from '../state';
import type { KafkaWorld } from '../world';
import { brokerNode } from '../world';
import { tpKey } from '../names';
import { sendFromBroker } from './respond';
import { sendAlterPartition } from '../controller/kraft/broker-metadata';
import { maybeAdvanceHighWatermark } from './leader';

export function requestIsrChange(world: KafkaWorld, b: BrokerState, r: Replica, newIsr: number[], why: 'shrink' | 'expand' | 'retry'): void {
  const controllerNode = b.kraft !== null ? -1 : brokerNode(world, b.controllerId);
  if (controllerNode === undefined) return;
  r.pendingIsr = newIsr;
  const correlationId = b.nextCorrelationId++;
  r.pendingIsrCorrelationId = correlationId;
  if (why !== 'retry') world.emit(why === 'shrink' ? 'IsrShrinkProposed' : 'IsrExpandProposed', { broker: b.id, topic: r.topic, partition: r.partition, isr: r.state.isr, newIsr });
  const req = { correlationId, brokerId: b.id, topic: r.topic, partition: r.partition, leaderEpoch: r.state.leaderEpoch, partitionEpoch: r.state.partitionEpoch, newIsr };
  if (b.kraft !== null) sendAlterPartition(world, b.node, b.kraft, req);
  else sendFromBroker(world, b, controllerNode, 'AlterPartition', req);
  // No answer (controller down or cut off, or the answer lost): AlterPartitionManager sends the
  // same proposal again until it hears back; the controller's answer then reconciles the leader.
  world.setTimer(b.node, ALTER_PARTITION_RETRY_MS, 'alterPartitionTimeout', { key: tpKey(r.topic, r.partition), correlationId });
}

/** How long a leader waits for the controller's answer before proposing again. */
export const ALTER_PARTITION_RETRY_MS = 5_000;

/** The retry timer of an AlterPartition: the same proposal again, if it is still unanswered. */
export function onAlterPartitionTimeout(world: KafkaWorld, b: BrokerState, key: string, correlationId: number): void {
  const r = b.replicas[key];
  if (r === undefined || r.pendingIsr === null || r.pendingIsrCorrelationId !== correlationId) return;
  if (r.role !== 'leader') {
    r.pendingIsr = null;
    return;
  }
  requestIsrChange(world, b, r, r.pendingIsr, 'retry');
}

export function onAlterPartitionResponse(world: KafkaWorld, b: BrokerState, resp: AlterPartitionResponse): void {
  const r = b.replicas[tpKey(resp.topic, resp.partition)];
  if (r === undefined) return;
  r.pendingIsr = null;
  if (resp.state !== null && resp.state.partitionEpoch >= r.state.partitionEpoch && resp.state.leaderEpoch === r.state.leaderEpoch) {
    r.state = resp.state;
  }
  if (r.role === 'leader') maybeAdvanceHighWatermark(world, b, r);
}
