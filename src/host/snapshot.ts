/**
 * Checkpoints that cost little: a deep copy of the world's state that shares what never changes.
 *
 * - Record batches in logs are immutable once a leader stamped them (src/kafka/log/types.ts): a
 *   follower's log holds the leader's very objects, and so do checkpoints.
 * - The domain events and the clients' history of sends and deliveries are append-only, their
 *   entries never change: a checkpoint keeps only their lengths, and a restore takes that prefix
 *   of the live run's arrays (the live run always descends from every checkpoint kept: a fork
 *   drops the checkpoints after it). Processing spans are append-only too, except the span each
 *   consumer is in (`span`), which the checkpoint copies.
 * - Timers waiting in the queue are immutable records: shared. So are frozen objects (configs).
 * - A log segment's batch array only grows (a truncation replaces it): the checkpoint shares the
 *   array and keeps its length, and a restore takes that prefix.
 *
 * Everything else is copied, so the checkpoint stays as it was whatever the live run does.
 */
import type { WorldState } from '../sim/types';
import type { KafkaState } from '../kafka/state';
import type { ProcessingSpan } from '../kafka/client/history';
import { EV_TIMER } from '../sim/types';

type State = WorldState<KafkaState>;

export interface Checkpoint {
  atMs: number;
  steps: number;
  state: State;
  lengths: { events: number; sends: number; deliveries: number; processing: number };
  /** Copies of the processing spans still open, by index. */
  openSpans: [number, ProcessingSpan][];
  /** The length of each shared segment batch array when the checkpoint was taken. */
  segmentLengths: WeakMap<object, number>;
}

function isSegment(v: object): v is { batches: unknown[] } {
  return 'batches' in v && 'largestTimestampMs' in v && 'baseOffset' in v && Array.isArray((v as { batches: unknown }).batches);
}

function isRecordBatch(v: object): boolean {
  return 'partitionLeaderEpoch' in v && 'recordIds' in v && 'baseOffset' in v;
}

/**
 * Taking a checkpoint: `lengths` is set, and segments keep their live batch arrays (recorded
 * there). Restoring: `lengths` says how much of each shared array is the checkpoint's.
 */
interface SegmentMode {
  take: boolean;
  lengths: WeakMap<object, number>;
}

function copy(v: unknown, skip: ReadonlySet<unknown>, seg?: SegmentMode): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (seg !== undefined && isSegment(v)) {
    const out = { ...v } as { batches: unknown[] };
    if (seg.take) seg.lengths.set(out, v.batches.length);
    else out.batches = v.batches.slice(0, seg.lengths.get(v) ?? v.batches.length);
    return out;
  }
  if (skip.has(v)) return [];
  if (Array.isArray(v)) {
    const n = v.length;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = copy(v[i], skip, seg);
    return out;
  }
  if (ArrayBuffer.isView(v)) return (v as unknown as { slice(): unknown }).slice();
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  if (isRecordBatch(v)) return v;
  // Frozen objects (resolved configs) never change: shared.
  if (Object.isFrozen(v)) return v;
  if ((v as { type?: unknown }).type === EV_TIMER && 'inc' in v && 'seq' in v) return v;
  const out: Record<string, unknown> = {};
  const src = v as Record<string, unknown>;
  for (const k of Object.keys(src)) {
    const value = copy(src[k], skip, seg);
    // A user-named key such as "__proto__" must stay a plain property.
    if (k === '__proto__') Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
    else out[k] = value;
  }
  return out;
}

function appendOnly(s: State): unknown[][] {
  const h = s.model.history;
  return [s.events, h.sends, h.deliveries, h.processing];
}

export function takeCheckpoint(live: State): Checkpoint {
  const segmentLengths = new WeakMap<object, number>();
  const state = copy(live, new Set(appendOnly(live)), { take: true, lengths: segmentLengths }) as State;
  const h = live.model.history;
  const openSpans: [number, ProcessingSpan][] = [];
  for (const c of Object.values(live.model.consumers)) {
    const span = h.processing[c.span];
    if (span !== undefined) openSpans.push([c.span, { ...span }]);
  }
  return {
    atMs: live.nowMs,
    steps: live.steps,
    state,
    lengths: { events: live.events.length, sends: h.sends.length, deliveries: h.deliveries.length, processing: h.processing.length },
    openSpans,
    segmentLengths,
  };
}

/** A fresh state equal to the checkpoint's, with the append-only prefixes taken from `live`. */
export function restoreCheckpoint(cp: Checkpoint, live: State): State {
  const state = copy(cp.state, new Set(), { take: false, lengths: cp.segmentLengths }) as State;
  state.events = live.events.slice(0, cp.lengths.events);
  state.model.history.sends = live.model.history.sends.slice(0, cp.lengths.sends);
  state.model.history.deliveries = live.model.history.deliveries.slice(0, cp.lengths.deliveries);
  const processing = live.model.history.processing.slice(0, cp.lengths.processing);
  for (const [i, span] of cp.openSpans) processing[i] = { ...span };
  state.model.history.processing = processing;
  return state;
}
