/**
 * Kernel throughput: events per second on a many-node ping workload with jitter, against the
 * floor of the same number of bare heap pushes and pops of the same event records.
 */
import { createPingWorld } from '../src/sim/ping-model';
import { heapPop, heapPush } from '../src/sim/queue';
import type { KernelEvent } from '../src/sim/types';
import { median, timeIt } from './stats';

const NODES = 200;

function kernelRun(untilMs: number): { events: number; ms: number } {
  const w = createPingWorld({ seed: 1, nodes: NODES, latencyMs: 2, jitterMs: 3, tickMs: 10 });
  const ms = timeIt(() => w.runUntil(untilMs));
  return { events: w.state.steps, ms };
}

/** The floor: the same count of events through a heap, with a queue as deep as the kernel's. */
function floorRun(events: number, depth: number): number {
  const heap: KernelEvent[] = [];
  let seq = 0;
  let now = 0;
  let x = 1;
  for (let i = 0; i < depth; i++) heapPush(heap, { atMs: i % 10, seq: seq++, type: 1, node: 0, inc: 0, name: '', data: null });
  return timeIt(() => {
    for (let i = 0; i < events; i++) {
      const ev = heapPop(heap) as KernelEvent;
      now = ev.atMs;
      x = (Math.imul(x, 1103515245) + 12345) | 0;
      heapPush(heap, { atMs: now + 1 + ((x >>> 16) % 10), seq: seq++, type: 1, node: 0, inc: 0, name: '', data: null });
    }
  });
}

export function benchKernel(runs = 5): Record<string, number> {
  kernelRun(2_000); // warm up the JIT
  const untilMs = 20_000;
  const kernel = Array.from({ length: runs }, () => kernelRun(untilMs));
  const events = kernel[0]?.events ?? 0;
  const kernelEps = median(kernel.map((r) => (r.events / r.ms) * 1000));
  floorRun(events, NODES * 2);
  const floorEps = median(Array.from({ length: runs }, () => (events / floorRun(events, NODES * 2)) * 1000));
  return {
    kernelEventsPerRun: events,
    kernelEventsPerSec: Math.round(kernelEps),
    heapFloorEventsPerSec: Math.round(floorEps),
    kernelToFloorRatio: Number((floorEps / kernelEps).toFixed(2)),
  };
}
