/** The world as the Kafka model sees it, and lookups every part of the model needs. */
import type { World } from '../sim/world';
import type { BrokerState, KafkaState } from './state';

export type KafkaWorld = World<KafkaState>;

export function brokerById(world: KafkaWorld, id: number): BrokerState | undefined {
  return world.state.model.brokers[String(id)];
}

export function brokerNode(world: KafkaWorld, id: number): number | undefined {
  return world.state.model.brokers[String(id)]?.node;
}
