/**
 * What the consumer application records for the checkers: the batches it processes (spans) and
 * the commits it makes. Deliveries themselves are recorded where poll() hands records over.
 */
import type { KafkaWorld } from '../world';
import type { CommitOutcome } from './history';
import type { ConsumerState } from './consumer-types';

/** poll() handed over `records` deliveries ending at the end of the delivery history. */
export function openSpan(world: KafkaWorld, c: ConsumerState, records: number): void {
  const h = world.state.model.history;
  c.span = h.processing.length;
  h.processing.push({ consumer: c.name, groupId: c.groupId, generation: c.generation, firstDelivery: h.deliveries.length - records, records, processed: 0, startMs: world.nowMs, endMs: -1 });
}

export function closeSpan(world: KafkaWorld, c: ConsumerState): void {
  const span = world.state.model.history.processing[c.span];
  c.span = -1;
  if (span === undefined || span.endMs >= 0) return;
  span.processed = span.records;
  span.endMs = world.nowMs;
}

/** The process dies mid-batch: the records processed so far count, the rest never will. */
export function interruptSpan(world: KafkaWorld, c: ConsumerState): void {
  const span = world.state.model.history.processing[c.span];
  c.span = -1;
  if (span === undefined || span.endMs >= 0) return;
  const perRecordMs = c.processingMsPerRecord;
  const elapsedMs = world.nowMs - span.startMs;
  span.processed = c.app !== 'processing' ? 0 : perRecordMs === 0 ? span.records : Math.min(span.records, Math.floor(elapsedMs / perRecordMs));
  span.endMs = world.nowMs;
}

export function recordCommit(world: KafkaWorld, c: ConsumerState, style: CommitOutcome['style'], offsets: Record<string, number>): number {
  const commits = world.state.model.history.commits;
  commits.push({ consumer: c.name, groupId: c.groupId, generation: c.generation, style, offsets: { ...offsets }, sentAtMs: world.nowMs, completedAtMs: -1, error: '' });
  return commits.length - 1;
}

export function completeCommit(world: KafkaWorld, index: number, error: string): void {
  const entry = world.state.model.history.commits[index];
  if (entry === undefined || entry.completedAtMs >= 0) return;
  entry.completedAtMs = world.nowMs;
  entry.error = error;
}
