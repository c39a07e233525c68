/**
 * The Kafka model as the kernel sees it: messages, timers and commands dispatched to the
 * process they belong to. Commands (the scenario's timeline and UI clicks alike) are applied in
 * `commands.ts`.
 */
import type { Model } from '../sim/world';
import { applyCommand } from './commands';
import type { KafkaState } from './state';

export const kafkaModel: Model<KafkaState> = {
  onMessage() {
    // Brokers and clients answer requests once the data plane exists (issue #3).
  },
  onTimer() {
    // Timers belong to brokers and clients (issue #3).
  },
  onCommand(world, command) {
    applyCommand(world, command);
  },
};
