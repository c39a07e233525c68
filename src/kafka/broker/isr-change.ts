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

export function requestIsrChange(world: KafkaWorld, b: BrokerState, r: Replica, newIsr: number[], why: 'shrink' | 'expand'): void {
  const controllerNode = b.kraft !== null ? -1 : brokerNode(world, b.controllerId);
  if (controllerNode === undefined) return;
  r.pendingIsr = newIsr;
  const correlationId = b.nextCorrelationId++;
  world.emit(why === 'shrink' ? 'IsrShrinkProposed' : 'IsrExpandProposed', { broker: b.id, topic: r.topic, partition: r.partition, isr: r.state.isr, newIsr });
  const req = { correlationId, brokerId: b.id, topic: r.topic, partition: r.partition, leaderEpoch: r.state.leaderEpoch, partitionEpoch: r.state.partitionEpoch, newIsr };
  if (b.kraft !== null) sendAlterPartition(world, b.node, b.kraft, req);
  else sendFromBroker(world, b, controllerNode, 'AlterPartition', req);
  // No answer (controller down or cut off): forget the proposal after a while and try again later.
  world.setTimer(b.node, b.config['replica.lag.time.max.ms'], 'alterPartitionTimeout', { key: tpKey(r.topic, r.partition), correlationId });
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
