/**
 * The Kafka model as the kernel sees it: messages, timers and commands dispatched to the process
 * they belong to (brokers, producers, consumers). Commands (the scenario's timeline and UI clicks
 * alike) are applied in `commands.ts`.
 */
import type { Model } from '../sim/world';
import { getOwn } from './dict';
import type { KafkaState } from './state';
import { applyCommand } from './commands';
import { onBrokerMessage, onBrokerTimer } from './broker/broker';
import { onConsumerMessage, onConsumerTimer } from './client/consumer';
import { onProducerMessage, onProducerTimer } from './client/producer';

export const kafkaModel: Model<KafkaState> = {
  onMessage(world, node, msg) {
    const m = world.state.model;
    const role = m.roles[node];
    if (role === undefined) return;
    switch (role.kind) {
      case 'broker': {
        const b = m.brokers[role.key];
        if (b !== undefined) onBrokerMessage(world, b, msg);
        return;
      }
      case 'producer': {
        const p = getOwn(m.producers, role.key);
        if (p !== undefined) onProducerMessage(world, p, msg);
        return;
      }
      case 'consumer': {
        const c = m.consumers[role.key];
        if (c !== undefined) onConsumerMessage(world, c, msg);
        return;
      }
      default:
    }
  },
  onTimer(world, node, name, data) {
    const m = world.state.model;
    const role = m.roles[node];
    if (role === undefined) return;
    switch (role.kind) {
      case 'broker': {
        const b = m.brokers[role.key];
        if (b !== undefined) onBrokerTimer(world, b, name, data);
        return;
      }
      case 'producer': {
        const p = getOwn(m.producers, role.key);
        if (p !== undefined) onProducerTimer(world, p, name, data);
        return;
      }
      case 'consumer': {
        const c = m.consumers[role.key];
        if (c !== undefined) onConsumerTimer(world, c, name, data);
        return;
      }
      default:
    }
  },
  onCommand(world, command) {
    applyCommand(world, command);
  },
};
