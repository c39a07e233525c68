/**
 * Delivery anomalies of consumer groups, read from what the applications saw (history):
 * - duplicates: a record (partition and offset) handed to the group's applications more than once;
 * - skips: offsets the group committed past that no member ever processed (a record handed over
 *   but lost to a crash before its processing finished counts as not processed);
 * - zombies: two members processing batches of the same partition at the same time.
 * The lowest offset a group ever started from on a partition bounds the skips: records before it
 * were never meant to be read (auto.offset.reset=latest on a new group).
 */
import type { KafkaState } from '../kafka/state';
import type { Finding } from './anomalies';
import { tpKey } from '../kafka/names';

export interface GroupFindings {
  duplicates: Finding;
  skips: Finding;
  zombies: Finding;
}

const EXAMPLES = 5;

function finding(): Finding {
  return { count: 0, examples: [] };
}

function note(f: Finding, count: number, example: string): void {
  f.count += count;
  if (f.examples.length < EXAMPLES) f.examples.push(example);
}

interface PartitionTrack {
  /** Deliveries per offset (capped at 255). */
  delivered: Uint8Array;
  /** 1 = processed, or still being processed by a live member. */
  processed: Uint8Array;
  lowest: number;
  committedMax: number;
}

function track(byTp: Map<string, PartitionTrack>, key: string, maxOffset: number): PartitionTrack {
  let t = byTp.get(key);
  if (t === undefined) {
    t = { delivered: new Uint8Array(maxOffset + 1), processed: new Uint8Array(maxOffset + 1), lowest: Number.MAX_SAFE_INTEGER, committedMax: -1 };
    byTp.set(key, t);
  }
  return t;
}

export function checkGroups(m: KafkaState, nowMs: number): Record<string, GroupFindings> {
  const h = m.history;
  const out: Record<string, GroupFindings> = {};
  const groupOf = (id: string): GroupFindings => (out[id] ??= { duplicates: finding(), skips: finding(), zombies: finding() });
  // Array sizes: the highest offset seen per group and partition (maps by group, then partition:
  // the history holds hundreds of thousands of entries, and no key is built for each).
  const maxOffset = new Map<string, Map<string, number>>();
  const bump = (group: string, key: string, offset: number): void => {
    let byTp = maxOffset.get(group);
    if (byTp === undefined) {
      byTp = new Map();
      maxOffset.set(group, byTp);
    }
    if (offset > (byTp.get(key) ?? -1)) byTp.set(key, offset);
  };
  for (const d of h.deliveries) if (d.groupId !== null) bump(d.groupId, tpKey(d.topic, d.partition), d.offset);
  for (const c of h.commits) if (c.error === 'NONE') for (const [key, offset] of Object.entries(c.offsets)) bump(c.groupId, key, offset);
  const tracks = new Map<string, Map<string, PartitionTrack>>();
  const partitionTrack = (group: string, key: string): PartitionTrack => {
    let byTp = tracks.get(group);
    if (byTp === undefined) {
      byTp = new Map();
      tracks.set(group, byTp);
    }
    return byTp.get(key) ?? track(byTp, key, maxOffset.get(group)?.get(key) ?? 0);
  };

  // Duplicates, in delivery order.
  for (const d of h.deliveries) {
    if (d.groupId === null) continue;
    const key = tpKey(d.topic, d.partition);
    const t = partitionTrack(d.groupId, key);
    if (d.offset < t.lowest) t.lowest = d.offset;
    const seen = t.delivered[d.offset] as number;
    if (seen > 0) note(groupOf(d.groupId).duplicates, 1, `${key}@${d.offset} was handed to ${d.consumer} again at ${d.atMs} ms (generation ${d.generation})`);
    if (seen < 255) t.delivered[d.offset] = seen + 1;
  }

  // What was processed: the first `processed` records of each batch, or all of a batch still in progress.
  const spansByPartition = new Map<string, { group: string; consumer: string; generation: number; startMs: number; endMs: number }[]>();
  for (const s of h.processing) {
    const running = s.endMs < 0;
    const upTo = running ? s.records : s.processed;
    const partitions = new Set<string>();
    for (let i = 0; i < s.records; i++) {
      const d = h.deliveries[s.firstDelivery + i];
      if (d === undefined || d.groupId === null) continue;
      const key = tpKey(d.topic, d.partition);
      partitions.add(key);
      if (i < upTo) partitionTrack(d.groupId, key).processed[d.offset] = 1;
    }
    for (const key of partitions) {
      const list = spansByPartition.get(key) ?? [];
      list.push({ group: s.groupId, consumer: s.consumer, generation: s.generation, startMs: s.startMs, endMs: running ? nowMs : s.endMs });
      spansByPartition.set(key, list);
    }
  }

  // Skips: below the highest offset committed, from the lowest the group started at.
  for (const c of h.commits) {
    if (c.error !== 'NONE') continue;
    for (const [key, offset] of Object.entries(c.offsets)) {
      const t = partitionTrack(c.groupId, key);
      if (offset > t.committedMax) t.committedMax = offset;
      if (offset < t.lowest) t.lowest = offset;
    }
  }
  for (const [group, byTp] of [...tracks].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const [key, t] of [...byTp].sort(([a], [b]) => (a < b ? -1 : 1))) {
      let runStart = -1;
      for (let o = t.lowest; o <= t.committedMax; o++) {
        const skipped = o < t.committedMax && t.processed[o] === 0;
        if (skipped && runStart < 0) runStart = o;
        if (!skipped && runStart >= 0) {
          note(groupOf(group).skips, o - runStart, `${key}@${runStart}–${o - 1} (${o - runStart} records) were committed past (up to ${t.committedMax}) but never processed`);
          runStart = -1;
        }
      }
    }
  }

  // Zombies: overlapping processing of one partition by two members of one group.
  for (const [key, spans] of [...spansByPartition].sort(([a], [b]) => (a < b ? -1 : 1))) {
    spans.sort((a, b) => a.startMs - b.startMs);
    for (let i = 0; i < spans.length; i++) {
      const a = spans[i] as (typeof spans)[number];
      for (let j = i + 1; j < spans.length; j++) {
        const b = spans[j] as (typeof spans)[number];
        if (b.startMs >= a.endMs) break;
        if (b.group !== a.group || b.consumer === a.consumer) continue;
        note(groupOf(a.group).zombies, 1, `${a.consumer} (generation ${a.generation}) and ${b.consumer} (generation ${b.generation}) both processed ${key} between ${b.startMs} and ${Math.min(a.endMs, b.endMs)} ms`);
      }
    }
  }
  return out;
}

export function noGroupFindings(): GroupFindings {
  return { duplicates: finding(), skips: finding(), zombies: finding() };
}
