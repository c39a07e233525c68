/**
 * The Kafka model as the kernel sees it: messages, timers and commands dispatched to the process
 * they belong to (brokers, producers, consumers). Commands (the scenario's timeline and UI clicks
 * alike) are applied in `commands.ts`.
 */
import type { Message } from '../sim/types';
import type { Model } from '../sim/world';
import type { KafkaState } from './state';
import type { KafkaWorld } from './world';
import { applyCommand } from './commands';
import { getOwn } from './dict';
import { onBrokerMessage, onBrokerTimer } from './broker/broker';
import { onConsumerMessage, onConsumerTimer } from './client/consumer';
import { onProducerMessage, onProducerTimer } from './client/producer';
import { onZkServerMessage, onZkServerTimer } from './zookeeper';
import { onKraftControllerMessage, onKraftControllerTimer } from './controller/kraft/controller-node';

interface Process {
  onMessage(world: KafkaWorld, msg: Message): void;
  onTimer(world: KafkaWorld, name: string, data: unknown): void;
}

/** The process a kernel node runs, or undefined for nodes that have no behaviour yet. */
function processOf(m: KafkaState, node: number): Process | undefined {
  const role = m.roles[node];
  switch (role?.kind) {
    case 'broker': {
      const b = m.brokers[role.key];
      return b && { onMessage: (w, msg) => onBrokerMessage(w, b, msg), onTimer: (w, n, d) => onBrokerTimer(w, b, n, d) };
    }
    case 'producer': {
      const p = getOwn(m.producers, role.key);
      return p && { onMessage: (w, msg) => onProducerMessage(w, p, msg), onTimer: (w, n, d) => onProducerTimer(w, p, n, d) };
    }
    case 'consumer': {
      const c = m.consumers[role.key];
      return c && { onMessage: (w, msg) => onConsumerMessage(w, c, msg), onTimer: (w, n, d) => onConsumerTimer(w, c, n, d) };
    }
    case 'controller': {
      const k = m.kraftControllers[role.key];
      return k && { onMessage: (w, msg) => onKraftControllerMessage(w, k, msg), onTimer: (w, n, d) => void onKraftControllerTimer(w, k, n, d) };
    }
    case 'zookeeper': {
      const z = m.zkServers[role.key];
      return z && { onMessage: (w, msg) => onZkServerMessage(w, z, msg), onTimer: (w, n, d) => onZkServerTimer(w, z, n, d) };
    }
    default:
      return undefined;
  }
}

export const kafkaModel: Model<KafkaState> = {
  onMessage(world, node, msg) {
    processOf(world.state.model, node)?.onMessage(world, msg);
  },
  onTimer(world, node, name, data) {
    processOf(world.state.model, node)?.onTimer(world, name, data);
  },
  onCommand(world, command) {
    applyCommand(world, command);
  },
};
