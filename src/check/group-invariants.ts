/**
 * Invariants of consumer groups, checked with the others after every step:
 * - in a Stable group, each partition belongs to at most one member;
 * - a committed offset never moves back on its coordinator, except by an explicit reset
 *   (kafka-consumer-groups --reset-offsets); expiry deletes offsets, which is not moving back;
 * - each completed join phase moves a group's generation on by exactly one.
 * Tracking is per coordinator process and load: a new coordinator starts from what it loaded.
 */
import type { DomainEvent } from '../sim/types';
import type { KafkaState } from '../kafka/state';

export interface GroupInvariantChecker {
  check(m: KafkaState, nowMs: number, events?: readonly DomainEvent[]): string[];
}

export function createGroupInvariantChecker(): GroupInvariantChecker {
  /** `broker/starts/loadId/group/topic-p` → the committed offset and reset count last seen. */
  const committed = new Map<string, { offset: number; resets: number }>();
  /** `broker/starts/group` → the generation of the group's last completed join (or load). */
  const generations = new Map<string, { generation: number; partition: number }>();
  let eventsSeen = 0;
  return {
    check(m, nowMs, events) {
      const out: string[] = [];
      if (events !== undefined) {
        for (; eventsSeen < events.length; eventsSeen++) {
          const e = events[eventsSeen] as DomainEvent;
          switch (e.type) {
            case 'GroupLoaded':
              generations.set(`${String(e.broker)}/${String(e.starts)}/${String(e.groupId)}`, { generation: e.generation as number, partition: e.partition as number });
              break;
            case 'RebalanceCompleted': {
              const key = `${String(e.broker)}/${String(e.starts)}/${String(e.groupId)}`;
              const before = generations.get(key);
              if (before !== undefined && e.generation !== before.generation + 1) {
                out.push(`${e.atMs} ms: group ${String(e.groupId)} on broker ${String(e.broker)} completed a rebalance into generation ${String(e.generation)} after generation ${before.generation}`);
              }
              generations.set(key, { generation: e.generation as number, partition: e.partition as number });
              break;
            }
            case 'GroupCoordinatorResigned':
            case 'GroupRemoved':
              for (const [key, v] of generations) {
                const [broker, , group] = key.split('/');
                if (broker !== String(e.broker)) continue;
                if (e.type === 'GroupRemoved' ? group === e.groupId : v.partition === e.partition) generations.delete(key);
              }
              break;
            default:
          }
        }
      }
      for (const b of Object.values(m.brokers)) {
        const gc = b.groupCoordinator;
        if (b.status !== 'running' || gc.starts !== b.starts) continue;
        for (const g of Object.values(gc.groups)) {
          if (g.state === 'Stable') {
            const owner = new Map<string, string>();
            for (const member of Object.values(g.members)) {
              for (const tp of member.assignment) {
                const other = owner.get(tp);
                if (other !== undefined) out.push(`${nowMs} ms: in Stable group ${g.groupId} (generation ${g.generation}) ${tp} belongs to both ${other} and ${member.memberId}`);
                owner.set(tp, member.memberId);
              }
            }
          }
          const loadId = gc.partitions[String(g.partition)]?.loadId ?? -1;
          for (const [tp, o] of Object.entries(g.offsets)) {
            const key = `${b.id}/${b.starts}/${loadId}/${g.groupId}/${tp}`;
            const before = committed.get(key);
            if (before !== undefined && o.offset < before.offset && o.resets === before.resets) {
              out.push(`${nowMs} ms: group ${g.groupId}'s committed offset of ${tp} moved back from ${before.offset} to ${o.offset} on broker ${b.id} without a reset`);
            }
            committed.set(key, { offset: o.offset, resets: o.resets });
          }
          const tracked = generations.get(`${b.id}/${b.starts}/${g.groupId}`);
          if (events !== undefined && tracked !== undefined && tracked.generation !== g.generation) {
            out.push(`${nowMs} ms: group ${g.groupId} on broker ${b.id} is in generation ${g.generation}, but its last completed rebalance made generation ${tracked.generation}`);
          }
        }
      }
      return out;
    },
  };
}
