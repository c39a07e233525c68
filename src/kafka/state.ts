/**
 * The Kafka model's state inside the world (plain data). One record per simulated process;
 * node ids are the kernel's. The scenario that built the world is kept, as the run's input.
 */
import type { Scenario } from '../scenario/schema';

export type ProcessStatus = 'running' | 'crashed' | 'stopped';

export interface BrokerState {
  id: number;
  node: number;
  rack: string | null;
  status: ProcessStatus;
}

export interface KafkaState {
  scenario: Scenario;
  /** Kernel node id by node name (`broker-1`, `zk-1`, `producer-p1`…). */
  nodeByName: Record<string, number>;
  /** Brokers by broker id (as a string key). */
  brokers: Record<string, BrokerState>;
  /** Commands that were refused, with why (bad commands change nothing). */
  rejectedCommands: { atMs: number; command: unknown; error: string }[];
}
