/** Sending responses and requests from a broker, with sizes for the wire. */
import type { KafkaApis } from '../protocol/messages';
import type { BrokerState } from '../state';
import type { KafkaWorld } from '../world';

/** Request/response header bytes: enough for the screen to size messages, not a wire format. */
export const HEADER_BYTES = 40;

export function sendFromBroker<K extends keyof KafkaApis>(world: KafkaWorld, b: BrokerState, toNode: number, kind: K, payload: KafkaApis[K], sizeBytes = HEADER_BYTES): void {
  world.send(b.node, toNode, kind, payload, sizeBytes);
}
