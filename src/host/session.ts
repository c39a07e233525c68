/**
 * A session runs one world for the UI: play (wall time → simulated time at a speed), step, and a
 * View, the small plain projection the screen draws. The world itself never sees wall time.
 */
import { buildWorld } from '../scenario/build';
import type { Scenario } from '../scenario/schema';
import type { World } from '../sim/world';
import type { KafkaState } from '../kafka/state';
import { clusterPartitions, clusterView } from '../kafka/controller/controller';

export interface View {
  scenarioName: string;
  title: { en: string; fr: string } | null;
  seed: number;
  nowMs: number;
  durationMs: number;
  steps: number;
  events: number;
  traceHash: string;
  brokers: { id: number; status: string; paused: boolean; controller: boolean }[];
  controlPlane: { mode: string; controllerId: number; epoch: number };
  partitions: {
    key: string;
    leader: number;
    isr: number[];
    replicas: { broker: number; role: string; logEndOffset: number; highWatermark: number; logStartOffset: number }[];
  }[];
  producers: { id: string; acknowledged: number; failed: number }[];
  consumers: { name: string; assigned: string[]; delivered: number }[];
  lastEvents: { index: number; atMs: number; type: string; text: string }[];
}

export class Session {
  world: World<KafkaState>;

  constructor(readonly scenario: Scenario) {
    this.world = buildWorld(scenario);
  }

  /** Advances simulated time by `deltaMs` (from the animation loop), capped at the run's end. */
  advance(deltaMs: number): void {
    const target = Math.min(this.scenario.durationMs, this.world.nowMs + Math.max(0, Math.floor(deltaMs)));
    this.world.runUntil(target);
  }

  /** Runs the next event, whatever its time. Returns false when none is left before the end. */
  stepEvent(): boolean {
    const next = this.world.nextEventAtMs();
    if (next === undefined || next > this.scenario.durationMs) return false;
    return this.world.step();
  }

  runToEnd(): void {
    this.world.runUntil(this.scenario.durationMs);
  }

  get finished(): boolean {
    return this.world.nowMs >= this.scenario.durationMs;
  }

  view(): View {
    const s = this.world.state;
    const m = s.model;
    const view = clusterView(m);
    return {
      scenarioName: this.scenario.name,
      title: this.scenario.title ?? null,
      seed: s.seed,
      nowMs: s.nowMs,
      durationMs: this.scenario.durationMs,
      steps: s.steps,
      events: s.events.length,
      traceHash: this.world.traceHash,
      brokers: Object.values(m.brokers).map((b) => ({ id: b.id, status: b.status, paused: this.world.isPaused(b.node), controller: view.mode !== 'kraft' && view.controllerId === b.id })),
      controlPlane: { mode: view.mode, controllerId: view.controllerId, epoch: view.epoch },
      partitions: Object.entries(clusterPartitions(m))
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, p]) => ({
          key,
          leader: p.leader,
          isr: p.isr,
          replicas: p.replicas.map((id) => {
            const log = m.brokers[String(id)]?.replicas[key]?.log;
            const role = m.brokers[String(id)]?.replicas[key]?.role ?? 'none';
            return { broker: id, role, logEndOffset: log?.logEndOffset ?? 0, highWatermark: log?.highWatermark ?? 0, logStartOffset: log?.logStartOffset ?? 0 };
          }),
        })),
      producers: Object.values(m.producers).map((p) => ({ id: p.spec.id, acknowledged: p.counters.recordsAcknowledged, failed: p.counters.recordsFailed })),
      consumers: Object.values(m.consumers).map((c) => ({ name: c.name, assigned: c.assigned, delivered: c.delivered })),
      lastEvents: s.events.slice(-8).map((e) => ({ index: e.index, atMs: e.atMs, type: e.type, text: JSON.stringify(e) })),
    };
  }
}
