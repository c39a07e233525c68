/**
 * Invariants checked after every step in tests (and on demand in the app): things that must hold
 * at every instant of a correct run.
 * - a leader is in its own ISR;
 * - a leader's high watermark never moves back within its leader epoch (and process lifetime);
 * - no consumer is handed a record at or above the partition's high watermark;
 * - every log's offsets are contiguous from its log start (and its other structural rules);
 * - consumer groups: see group-invariants.ts (ownership in a Stable group, committed offsets, generations).
 */
import type { KafkaState } from '../kafka/state';
import { checkLogInvariants } from '../kafka/log/partition-log';
import { tpKey } from '../kafka/names';
import type { DomainEvent } from '../sim/types';
import { createGroupInvariantChecker } from './group-invariants';

export interface InvariantChecker {
  /** Returns the violations found now (empty when all is well). */
  check(m: KafkaState, nowMs: number, events?: readonly DomainEvent[]): string[];
}

export function createInvariantChecker(options: { logs?: boolean } = {}): InvariantChecker {
  const checkLogs = options.logs ?? true;
  const lastHw = new Map<string, number>();
  /** The highest high watermark any replica has shown, per partition (a crash can wipe the leader's). */
  const maxHwSeen = new Map<string, number>();
  let deliveriesSeen = 0;
  const groups = createGroupInvariantChecker();
  return {
    check(m, nowMs, events) {
      const out: string[] = groups.check(m, nowMs, events);
      for (const b of Object.values(m.brokers)) {
        if (b.status !== 'running') continue;
        for (const [key, r] of Object.entries(b.replicas)) {
          if (r.role === 'leader') {
            if (!r.state.isr.includes(b.id)) out.push(`${nowMs} ms: broker ${b.id} leads ${key} but is not in its ISR ${JSON.stringify(r.state.isr)}`);
            // Within one leadership: one epoch of one process (a power failure may take the HW back).
            const id = `${b.id}/${b.starts}/${key}/${r.state.leaderEpoch}`;
            const before = lastHw.get(id);
            if (before !== undefined && r.log.highWatermark < before) out.push(`${nowMs} ms: the high watermark of ${key} on its leader ${b.id} moved back from ${before} to ${r.log.highWatermark}`);
            lastHw.set(id, r.log.highWatermark);
          }
          if (r.log.highWatermark > (maxHwSeen.get(key) ?? -1)) maxHwSeen.set(key, r.log.highWatermark);
          if (checkLogs) for (const v of checkLogInvariants(r.log)) out.push(`${nowMs} ms: broker ${b.id} ${key}: ${v}`);
        }
      }
      const deliveries = m.history.deliveries;
      for (; deliveriesSeen < deliveries.length; deliveriesSeen++) {
        const d = deliveries[deliveriesSeen];
        if (d === undefined) continue;
        const hw = maxHwSeen.get(tpKey(d.topic, d.partition)) ?? -1;
        if (d.offset >= hw) out.push(`${nowMs} ms: ${d.consumer} read ${d.topic}-${d.partition}@${d.offset}, at or above the high watermark ${hw}`);
      }
      return out;
    },
  };
}
