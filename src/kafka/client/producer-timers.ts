/**
 * The producer's timer names and the one helper that schedules them. Each self-scheduled timer
 * keeps the earliest pending time in `ProducerState.timers`, so a burst of wake-up requests costs
 * one queue entry; a timer that fires after being superseded only runs its (idempotent) handler.
 */
import type { World } from '../../sim/world';
import type { ProducerState, ProducerTimers } from './producer-types';

/** Record generation tick (data: its due time). */
export const TIMER_GENERATE = 'producer.generate';
/** Sender wake-up: linger.ms, retry backoff, delivery.timeout.ms, reconnect (data: due time). */
export const TIMER_SEND = 'producer.send';
/** A Metadata request held back by the refresh backoff or the start time (data: due time). */
export const TIMER_METADATA = 'producer.metadata';
/** metadata.max.age.ms after a refresh (data: that refresh's time). */
export const TIMER_METADATA_AGE = 'producer.metadataAge';
/** request.timeout.ms of one request (data: its correlation id). */
export const TIMER_REQUEST_TIMEOUT = 'producer.requestTimeout';
/** A connection's request timeout (request.timeout.ms after its oldest Produce in flight). */
export const TIMER_CONNECTION_TIMEOUT = 'producer.connectionTimeout';
/** max.block.ms of a blocked send() (data: when it blocked). */
export const TIMER_BLOCK_TIMEOUT = 'producer.blockTimeout';

/** Longest delay we schedule; beyond it (Long.MAX_VALUE-style settings) the timer never matters. */
export const MAX_TIMER_DELAY_MS = 2 ** 40;

const SLOT_TIMERS = {
  generateAtMs: TIMER_GENERATE,
  senderAtMs: TIMER_SEND,
  metadataAtMs: TIMER_METADATA,
} as const satisfies Record<keyof ProducerTimers, string>;

/** Ensures a wake-up at `atMs` or earlier for that slot. */
export function armSlot<M>(world: World<M>, p: ProducerState, slot: keyof ProducerTimers, atMs: number): void {
  const now = world.nowMs;
  const at = atMs < now ? now : atMs;
  if (at - now > MAX_TIMER_DELAY_MS) return;
  const pending = p.timers[slot];
  if (pending >= 0 && pending <= at) return;
  p.timers[slot] = at;
  world.setTimer(p.node, at - now, SLOT_TIMERS[slot], at);
}

/** Called when a slot timer fires: forgets it if it is the pending one. */
export function slotFired(p: ProducerState, slot: keyof ProducerTimers, data: unknown): void {
  if (p.timers[slot] === data) p.timers[slot] = -1;
}
