/** The run's summary as plain JSON: what the CLI prints and what `expect` paths read. */
import type { World } from '../sim/world';
import type { KafkaState } from './state';

export interface RunSummary {
  scenario: string;
  seed: number;
  nowMs: number;
  /** Domain events so far. */
  events: number;
  /** Kernel events processed so far. */
  steps: number;
  traceHash: string;
  network: { sent: number; delivered: number; dropped: number; inFlight: number };
  brokers: Record<string, { status: string }>;
  rejectedCommands: number;
  /** Parts of the scenario that this build of the model does not simulate yet. */
  notModelledYet: string[];
}

export function summarize(world: World<KafkaState>): RunSummary {
  const s = world.state;
  const m = s.model;
  const sc = m.scenario;
  const notModelledYet: string[] = [];
  if (sc.topics.length > 0) notModelledYet.push('topics');
  if (sc.producers.length > 0) notModelledYet.push('producers');
  if (sc.consumerGroups.length > 0) notModelledYet.push('consumerGroups');
  notModelledYet.push(`cluster.controller (${sc.cluster.controller})`);
  return {
    scenario: sc.name,
    seed: s.seed,
    nowMs: s.nowMs,
    events: s.events.length,
    steps: s.steps,
    traceHash: world.traceHash,
    network: {
      sent: s.network.sentCount,
      delivered: s.network.deliveredCount,
      dropped: s.network.droppedCount,
      inFlight: world.inFlight().length,
    },
    brokers: Object.fromEntries(Object.values(m.brokers).map((b) => [String(b.id), { status: b.status }])),
    rejectedCommands: m.rejectedCommands.length,
    notModelledYet,
  };
}
