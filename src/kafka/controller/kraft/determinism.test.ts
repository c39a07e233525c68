import { describe, expect, it } from 'vitest';
import { World } from '../../../sim/world';
import type { NodeId } from '../../../sim/types';
import { buildHarness, harnessModel, type HarnessCommand, type HarnessWorld } from './test-harness';
import { kraftQuorumView } from './controller-node';

/** A busy run: topics, a broker power failure, a controller crash, a partition, a controlled shutdown. */
function scenario(seed: number): HarnessWorld {
  const w = buildHarness(seed, { voters: 3, brokers: 4, jitterMs: 3 });
  const m = w.state.model;
  const c = (i: number): NodeId => m.controllerNodes[i - 1] as NodeId;
  const b = (i: number): NodeId => m.brokerNodes[i - 1] as NodeId;
  const at = (t: number, command: HarnessCommand): void => w.scheduleCommand(t, command);
  at(3_000, {
    do: 'admin',
    kind: 'CreateTopics',
    payload: {
      topics: [{ name: 'orders', numPartitions: 6, replicationFactor: 3, assignment: [], configs: {} }],
      timeoutMs: 30_000,
    },
  });
  at(6_000, { do: 'crash', node: b(2), power: true });
  at(9_000, { do: 'crash', node: c(1) });
  at(12_000, { do: 'isolate', a: [c(2)], b: [c(1), c(3)] });
  at(14_000, { do: 'restart', node: c(1) });
  at(16_000, { do: 'heal' });
  at(20_000, { do: 'restart', node: b(2) });
  at(25_000, { do: 'controlledShutdown', brokerId: 3 });
  at(27_000, { do: 'admin', kind: 'ElectLeaders', payload: { electionType: 'PREFERRED', partitions: null } });
  return w;
}

describe('KRaft determinism', () => {
  it('the same seed gives the same run; another seed another', () => {
    const a = scenario(42);
    const b = scenario(42);
    const c = scenario(43);
    a.runUntil(40_000);
    b.runUntil(40_000);
    c.runUntil(40_000);
    expect(a.traceHash).toBe(b.traceHash);
    expect(JSON.stringify(a.state)).toBe(JSON.stringify(b.state));
    expect(c.traceHash).not.toBe(a.traceHash);
    // The run did what it was meant to: elections, fencing, a controlled shutdown.
    const types = new Set(a.state.events.map((e) => e.type));
    for (const t of [
      'RaftLeaderElected',
      'TopicCreated',
      'BrokerFenced',
      'BrokerUnfenced',
      'BrokerControlledShutdown',
      'LeaderElected',
    ])
      expect(types).toContain(t);
    expect(kraftQuorumView(a.state.model.controllers).leader).toBeGreaterThan(0);
  });

  it('a structuredClone checkpoint continues identically', () => {
    for (const cut of [2_500, 9_001, 13_000]) {
      const original = scenario(7);
      original.runUntil(cut);
      const fork = World.fromState(structuredClone(original.state), harnessModel);
      original.runUntil(40_000);
      fork.runUntil(40_000);
      expect(fork.traceHash).toBe(original.traceHash);
      expect(JSON.stringify(fork.state)).toBe(JSON.stringify(original.state));
    }
  });
});
