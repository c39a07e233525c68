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
 * - Checkpoints share with each other: a part of the state equal to the same part of the previous
 *   checkpoint (a broker's metadata cache, a ZooKeeper server's tree, a closed segment) is that
 *   checkpoint's object, so a new checkpoint costs only what changed since the last one.
 *   Checkpoint objects are never written to (a restore copies them), so sharing them is safe.
 *
 * - An object the live state holds in two places (a producer's batch) is one object in the
 *   checkpoint and in every restore, as the model finds such objects by identity.
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
  /** Object fields and array slots this checkpoint added (what it did not share with the last one). */
  newSlots: number;
}

/**
 * The length each checkpoint segment's batch array had when the segment was copied, by the
 * segment's copy: one map for all checkpoints, as a copy shared by two checkpoints had the
 * same length in both.
 */
const segmentLengths = new WeakMap<object, number>();

function isSegment(v: object): v is { batches: unknown[] } {
  return 'batches' in v && 'largestTimestampMs' in v && 'baseOffset' in v && Array.isArray((v as { batches: unknown }).batches);
}

/** Objects shared as they are by the live run and every checkpoint: they never change. */
function isImmutable(v: object): boolean {
  if ('partitionLeaderEpoch' in v && 'recordIds' in v && 'baseOffset' in v) return true; // a stamped record batch
  if ((v as { type?: unknown }).type === EV_TIMER && 'inc' in v && 'seq' in v) return true; // a queued timer
  return Object.isFrozen(v); // resolved configs
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

const EMPTY: readonly unknown[] = Object.freeze([]);

/** Sets a copied field; a user-named key such as "__proto__" stays a plain property. */
function setField(out: Record<string, unknown>, k: string, value: unknown): void {
  if (k === '__proto__') Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  else out[k] = value;
}

interface Taking {
  /** The append-only arrays, kept by length, not copied. */
  skip: ReadonlySet<unknown>;
  newSlots: number;
  /** Each live object's copy: an object the live state holds in two places is one object in the checkpoint too. */
  copies: Map<object, unknown>;
  /** The live object each checkpoint object stands for: a shared object stands for one only. */
  standsFor: Map<unknown, object>;
}

/**
 * A copy of the live value `v`, or `prev` (the previous checkpoint's value at the same place) when
 * that is equal to `v`. The live state holds some objects in two places (a producer's batch is in
 * its connection's requests, its partition's in-flight list and its idempotence state, and the
 * model finds it by identity): the checkpoint keeps them one object, and never makes one object
 * of two that the live state keeps apart.
 */
function take(v: unknown, prev: unknown, t: Taking): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (t.skip.has(v)) return EMPTY;
  const known = t.copies.get(v);
  if (known !== undefined) return known;
  const taken = typeof prev === 'object' && prev !== null ? t.standsFor.get(prev) : undefined;
  let c = copyOrShare(v, taken !== undefined && taken !== v ? undefined : prev, t);
  if (typeof c === 'object' && c !== null) {
    const other = t.standsFor.get(c);
    // Shared by the children's way for another live object: copy this one afresh.
    if (other !== undefined && other !== v) c = copyOrShare(v, undefined, t);
    t.standsFor.set(c, v);
  }
  t.copies.set(v, c);
  return c;
}

function copyOrShare(v: object, prev: unknown, t: Taking): unknown {
  if (Array.isArray(v)) {
    const n = v.length;
    // Elements are matched by index, whatever the lengths (an array that grew shares its prefix).
    const before = Array.isArray(prev) ? (prev as unknown[]) : undefined;
    let same = before !== undefined && before.length === n;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const c = take(v[i], before?.[i], t);
      out[i] = c;
      if (same && !Object.is(c, (before as unknown[])[i])) same = false;
    }
    if (same && !Object.isFrozen(before)) return before;
    t.newSlots += n + 2;
    return out;
  }
  if (ArrayBuffer.isView(v)) return (v as unknown as { slice(): unknown }).slice();
  if (!isPlainObject(v)) return structuredClone(v);
  if (isImmutable(v)) return v;
  if (isSegment(v)) {
    const p = prev as { batches?: unknown } | undefined;
    if (p !== undefined && typeof p === 'object' && p !== null && p.batches === v.batches && segmentLengths.get(p) === v.batches.length && sameFields(v, p as object, t)) return p;
    const out = { ...v } as Record<string, unknown>;
    for (const k of Object.keys(v)) if (k !== 'batches') setField(out, k, take((v as Record<string, unknown>)[k], undefined, t));
    segmentLengths.set(out, v.batches.length);
    t.newSlots += Object.keys(out).length + 2;
    return out;
  }
  const src = v as Record<string, unknown>;
  const before = typeof prev === 'object' && prev !== null && !Array.isArray(prev) ? (prev as Record<string, unknown>) : undefined;
  const keys = Object.keys(src);
  // Shared only with the same keys in the same order (the model iterates records in key order),
  // and never a frozen object for a live one that can change.
  const beforeKeys = before === undefined || Object.isFrozen(before) ? undefined : Object.keys(before);
  let same = beforeKeys !== undefined && beforeKeys.length === keys.length;
  const out = { ...src };
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const value = src[k];
    const had = before !== undefined && Object.prototype.hasOwnProperty.call(before, k);
    if (same && (beforeKeys as string[])[i] !== k) same = false;
    if (typeof value !== 'object' || value === null) {
      if (same && !Object.is((before as Record<string, unknown>)[k], value)) same = false;
      if (k === '__proto__') setField(out, k, value);
      continue;
    }
    const c = take(value, had ? (before as Record<string, unknown>)[k] : undefined, t);
    setField(out, k, c);
    if (same && c !== (before as Record<string, unknown>)[k]) same = false;
  }
  if (same) return before;
  t.newSlots += keys.length + 2;
  return out;
}

/** Whether every field but `batches` of the segment `v` equals its previous copy's. */
function sameFields(v: object, prev: object, t: Taking): boolean {
  const a = v as Record<string, unknown>;
  const b = prev as Record<string, unknown>;
  const keys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (keys.length !== bKeys.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    if (bKeys[i] !== k) return false;
    if (k === 'batches') continue;
    if (!Object.is(take(a[k], b[k], t), b[k])) return false;
  }
  return true;
}

/**
 * A fresh, independent copy of a checkpoint's value for the live run; `copies` keeps an object
 * held in two places one object (see `take`).
 */
function restore(v: unknown, copies: Map<object, unknown>): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const known = copies.get(v);
  if (known !== undefined) return known;
  const out = restoreOne(v, copies);
  copies.set(v, out);
  return out;
}

function restoreOne(v: object, copies: Map<object, unknown>): unknown {
  if (Array.isArray(v)) {
    const n = v.length;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = restore(v[i], copies);
    return out;
  }
  if (ArrayBuffer.isView(v)) return (v as unknown as { slice(): unknown }).slice();
  if (!isPlainObject(v)) return structuredClone(v);
  if (isImmutable(v)) return v;
  const src = v as Record<string, unknown>;
  const out = { ...src };
  // A segment: its live batch array, as long as it was then.
  const length = segmentLengths.get(v);
  for (const k of Object.keys(src)) {
    const value = src[k];
    if (length !== undefined && k === 'batches') out.batches = (value as unknown[]).slice(0, length);
    else if (typeof value === 'object' && value !== null) setField(out, k, restore(value, copies));
  }
  return out;
}

function appendOnly(s: State): unknown[][] {
  const h = s.model.history;
  return [s.events, h.sends, h.deliveries, h.processing];
}

/** A checkpoint of the live state; `previous` (the last checkpoint taken) lends what has not changed. */
export function takeCheckpoint(live: State, previous?: Checkpoint): Checkpoint {
  const t: Taking = { skip: new Set(appendOnly(live)), newSlots: 0, copies: new Map(), standsFor: new Map() };
  const state = take(live, previous?.state, t) as State;
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
    newSlots: t.newSlots,
  };
}

/** A fresh state equal to the checkpoint's, with the append-only prefixes taken from `live`. */
export function restoreCheckpoint(cp: Checkpoint, live: State): State {
  const state = restore(cp.state, new Map()) as State;
  state.events = live.events.slice(0, cp.lengths.events);
  state.model.history.sends = live.model.history.sends.slice(0, cp.lengths.sends);
  state.model.history.deliveries = live.model.history.deliveries.slice(0, cp.lengths.deliveries);
  const processing = live.model.history.processing.slice(0, cp.lengths.processing);
  for (const [i, span] of cp.openSpans) processing[i] = { ...span };
  state.model.history.processing = processing;
  return state;
}
