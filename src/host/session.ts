/**
 * A session runs one world for the UI: play (wall time → simulated time at a speed), step, seek
 * backward and forward through checkpoints, fork when a person acts in the past, record what a
 * person does as timed commands, and export all of it as a scenario file that replays the same run.
 *
 * Time travel: the session keeps checkpoints (see snapshot.ts) every CHECKPOINT_EVERY_MS of
 * simulated time. Seeking to t restores the last checkpoint at or before t and runs to t; the run
 * is deterministic, so the picture is exactly the one seen before. The furthest state computed
 * (the head) is kept, so going back to the newest time costs nothing. A command made while the
 * clock is before the head forks the run: the person's later commands, the checkpoints and the
 * markers after now are dropped, and the run goes on from here with the new command.
 */
import { buildWorld } from '../scenario/build';
import type { Command, Scenario, TimedCommand } from '../scenario/schema';
import { World } from '../sim/world';
import type { DomainEvent, ScriptEntry } from '../sim/types';
import type { KafkaState } from '../kafka/state';
import { checkAnomalies } from '../check/anomalies';
import { describeGroups } from '../kafka/group/describe';
import { takeCheckpoint, restoreCheckpoint, type Checkpoint } from './snapshot';
import { buildView, type View } from './view';
import { isInteresting } from './event-kinds';

export type { View } from './view';

/** Simulated time between checkpoints: a seek re-runs at most this much (in the newest part). */
export const CHECKPOINT_EVERY_MS = 2_000;
/**
 * At most this many checkpoints (each costs what changed since the last one, a few hundred kB in
 * a busy cluster): beyond, every other one goes and the spacing doubles, so a long run keeps
 * evenly spaced checkpoints and the longest re-run after a seek stays the same everywhere.
 */
export const MAX_CHECKPOINTS = 320;

export type MarkerKind = 'fault' | 'election' | 'rebalance' | 'finding';

export interface Marker {
  atMs: number;
  kind: MarkerKind;
  /** The domain event's index, or -1 for a checker finding. */
  eventIndex: number;
}

/** A checker's finding, stamped with the simulated time the session first saw it. */
export interface LiveFinding {
  atMs: number;
  checker: 'lostAcknowledged' | 'duplicates' | 'reordered' | 'divergent' | 'skips' | 'zombies';
  /** The group, for the group checkers. */
  groupId: string | null;
  count: number;
  example: string;
}

/**
 * The checkers read the whole history, so they run every FINDING_CHECK_EVERY_MS of simulated
 * time, or less often as the history grows (one more second per HISTORY_PER_SECOND entries):
 * a finding is stamped with the first check that sees it. Deterministic, as it depends on the run only.
 */
const FINDING_CHECK_EVERY_MS = 500;
const HISTORY_PER_SECOND = 10_000;

export class Session {
  world: World<KafkaState>;
  /** The furthest point computed; `world` is this one unless the person went back in time. */
  private head: World<KafkaState>;
  private checkpoints: Checkpoint[] = [];
  private checkpointEveryMs = CHECKPOINT_EVERY_MS;
  readonly markers: Marker[] = [];
  readonly findings: LiveFinding[] = [];
  private lastFindingCheckMs = -1;
  private findingCounts = new Map<string, number>();
  private markedEvents = 0;

  constructor(
    readonly scenario: Scenario,
    /** The scenario as loaded (its JSON input), for export. */
    readonly input: unknown = scenario,
  ) {
    this.world = buildWorld(scenario);
    this.head = this.world;
    this.checkpoints.push(takeCheckpoint(this.world.state));
  }

  get nowMs(): number {
    return this.world.nowMs;
  }

  get durationMs(): number {
    return this.scenario.durationMs;
  }

  /** The newest simulated time computed so far. */
  get headMs(): number {
    return this.head.nowMs;
  }

  get finished(): boolean {
    return this.world.nowMs >= this.scenario.durationMs;
  }

  get atHead(): boolean {
    return this.world === this.head;
  }

  /** How time travel stands: the checkpoints kept and their spacing (for `npm run bench`). */
  timeTravelStats(): { checkpoints: number; spacingMs: number } {
    return { checkpoints: this.checkpoints.length, spacingMs: this.checkpointEveryMs };
  }

  /** The commands a person made (clicks, typed console lines), in the order they run. */
  userCommands(): TimedCommand[] {
    return this.world.state.script.filter((e) => e.source === 'user').map((e) => ({ atMs: e.atMs, ...(e.command as Command) }) as TimedCommand);
  }

  events(): readonly DomainEvent[] {
    return this.world.state.events;
  }

  /**
   * The events already computed after the current time (after a seek back): the head's, which
   * the present world will produce again if nothing is done. Empty at the head.
   */
  laterEvents(): readonly DomainEvent[] {
    if (this.world === this.head) return [];
    const from = this.world.state.events.length;
    return this.head.state.events.slice(from);
  }

  // ---------------------------------------------------------------- running

  /** Advances simulated time by `deltaMs` (from the animation loop), capped at the run's end. */
  advance(deltaMs: number): void {
    this.runTo(Math.min(this.scenario.durationMs, this.world.nowMs + Math.max(0, Math.floor(deltaMs))));
  }

  /** Runs the next event, whatever its time. Returns false when none is left before the end. */
  stepEvent(): boolean {
    const next = this.world.nextEventAtMs();
    if (next === undefined || next > this.scenario.durationMs) return false;
    this.runTo(next, true);
    return true;
  }

  /** Runs until just after the next fault, election, rebalance or checker finding (or the end). */
  stepToNextInteresting(): Marker | null {
    const from = this.world.nowMs;
    const known = this.markers.find((m) => m.atMs > from);
    if (known !== undefined) {
      this.seek(known.atMs);
      return known;
    }
    const marks = this.markers.length;
    while (this.world.nowMs < this.scenario.durationMs && this.markers.length === marks) {
      const next = this.world.nextEventAtMs();
      if (next === undefined || next > this.scenario.durationMs) {
        this.runTo(this.scenario.durationMs);
        break;
      }
      this.runTo(Math.min(this.scenario.durationMs, Math.max(next, this.world.nowMs + 1)));
    }
    return this.markers[marks] ?? null;
  }

  runToEnd(): void {
    this.runTo(this.scenario.durationMs);
  }

  /** Moves the clock to `targetMs` (clamped to the run), backward or forward. */
  seek(targetMs: number): void {
    const target = Math.max(0, Math.min(this.scenario.durationMs, Math.floor(targetMs)));
    if (target === this.world.nowMs) {
      // After single steps some events due now may be left: the picture at t has them all.
      this.runTo(target);
      return;
    }
    if (target >= this.head.nowMs) {
      this.world = this.head;
      this.runTo(target);
      return;
    }
    if (target > this.world.nowMs && target - this.world.nowMs <= this.checkpointEveryMs) {
      this.runTo(target);
      return;
    }
    let cp: Checkpoint | undefined;
    for (const c of this.checkpoints) if (c.atMs <= target) cp = c;
    if (cp === undefined) throw new Error('session: no checkpoint at time 0');
    const state = restoreCheckpoint(cp, this.head.state);
    state.script = this.head.state.script.slice();
    this.world = World.fromState(state, this.head.model);
    this.world.runUntil(target);
  }

  /**
   * Runs the head forward to `targetMs` (all events due then included), giving up when `clock()`
   * says `budgetMs` have passed: for a link or a file, whose scenario may ask for more simulation
   * than a page can compute. Returns false when it gave up (the world stops part way).
   * `clock` is wall time from the caller (the UI); the run itself never sees it.
   */
  seekWithin(targetMs: number, budgetMs: number, clock: () => number): boolean {
    const target = Math.max(0, Math.min(this.scenario.durationMs, Math.floor(targetMs)));
    if (this.world !== this.head) {
      this.seek(target);
      return true;
    }
    const w = this.world;
    const start = clock();
    const SLICE = 2_000;
    for (;;) {
      const mark = Math.min(target, (Math.floor(w.nowMs / CHECKPOINT_EVERY_MS) + 1) * CHECKPOINT_EVERY_MS);
      let n = 0;
      for (; n < SLICE; n++) {
        const next = w.nextEventAtMs();
        if (next === undefined || next > mark) break;
        w.step();
      }
      if (n < SLICE) {
        w.runUntil(mark);
        this.afterRun();
        if (mark >= target) return true;
      }
      if (clock() - start > budgetMs) return false;
    }
  }

  /**
   * A person's command, run at the current time. Before the head, it forks: what was computed
   * after now, and the person's commands after now, are dropped.
   */
  command(command: Command): void {
    const w = this.world;
    if (w !== this.head) {
      w.dropFutureUserCommands();
      this.head = w;
      const now = w.nowMs;
      this.checkpoints = this.checkpoints.filter((c) => c.atMs <= now);
      dropAfter(this.markers, now);
      dropAfter(this.findings, now);
      this.markedEvents = Math.min(this.markedEvents, w.state.events.length);
      this.lastFindingCheckMs = Math.min(this.lastFindingCheckMs, now);
      this.recountFindings();
    }
    w.addCommand(w.nowMs, command, 'user');
    // Run it now (it is due at this very millisecond), so the screen shows its effect at once.
    w.runUntil(w.nowMs);
    this.afterRun();
  }

  /** The scenario file of this session: the loaded scenario plus every command made, and the seed. */
  exportScenario(): Record<string, unknown> {
    const base = (typeof this.input === 'object' && this.input !== null ? this.input : {}) as Record<string, unknown>;
    const script: ScriptEntry[] = this.head.state.script;
    return {
      ...base,
      seed: this.head.state.seed,
      timeline: script.map((e) => ({ atMs: e.atMs, ...(e.command as Command) })),
    };
  }

  view(): View {
    return buildView(this);
  }

  // ---------------------------------------------------------------- internals

  private runTo(targetMs: number, oneEvent = false): void {
    const w = this.world;
    if (oneEvent) w.step();
    else {
      // Run in checkpoint-sized pieces so checkpoints land on their marks.
      do {
        const mark = (Math.floor(w.nowMs / CHECKPOINT_EVERY_MS) + 1) * CHECKPOINT_EVERY_MS;
        w.runUntil(Math.min(targetMs, mark));
        this.afterRun();
      } while (w.nowMs < targetMs);
    }
    this.afterRun();
  }

  /** Checkpoints, markers and findings for the part of the run just computed (head only). */
  private afterRun(): void {
    const w = this.world;
    if (w !== this.head) {
      // Replaying the known past: if it reaches the head's time, it is the head again.
      if (w.nowMs >= this.head.nowMs && w.state.steps >= this.head.state.steps) this.head = w;
      else return;
    }
    const last = this.checkpoints[this.checkpoints.length - 1];
    if (last !== undefined && w.nowMs >= last.atMs + this.checkpointEveryMs && w.nowMs % CHECKPOINT_EVERY_MS === 0) {
      this.checkpoints.push(takeCheckpoint(w.state, last));
      if (this.checkpoints.length > MAX_CHECKPOINTS) this.thinCheckpoints();
    }
    const events = w.state.events;
    for (let i = this.markedEvents; i < events.length; i++) {
      const ev = events[i] as DomainEvent;
      const mark = isInteresting(ev);
      if (mark === null) continue;
      // One marker per kind and millisecond (an election moves fifty leaderships at once).
      const prev = this.markers[this.markers.length - 1];
      if (prev !== undefined && prev.atMs === ev.atMs && prev.kind === mark.marker) continue;
      this.markers.push({ atMs: ev.atMs, kind: mark.marker, eventIndex: ev.index });
    }
    this.markedEvents = events.length;
    if (w.nowMs > this.lastFindingCheckMs && (w.nowMs - this.lastFindingCheckMs >= this.findingCheckEveryMs() || w.nowMs >= this.scenario.durationMs)) this.checkFindings();
  }

  private thinCheckpoints(): void {
    this.checkpointEveryMs *= 2;
    const every = this.checkpointEveryMs;
    this.checkpoints = this.checkpoints.filter((c, i) => i === 0 || c.atMs % every === 0);
  }

  private findingCheckEveryMs(): number {
    const h = this.world.state.model.history;
    return FINDING_CHECK_EVERY_MS + Math.floor((h.sends.length + h.deliveries.length) / HISTORY_PER_SECOND) * 1_000;
  }

  private checkFindings(): void {
    const w = this.world;
    this.lastFindingCheckMs = w.nowMs;
    const seen: LiveFinding[] = [];
    const report = checkAnomalies(w.state.model);
    for (const checker of ['lostAcknowledged', 'duplicates', 'reordered', 'divergent'] as const) {
      const f = report[checker];
      if (f.count > 0) seen.push({ atMs: w.nowMs, checker, groupId: null, count: f.count, example: f.examples[0] ?? '' });
    }
    for (const [groupId, g] of Object.entries(describeGroups(w.state.model, w.nowMs))) {
      for (const checker of ['duplicates', 'skips', 'zombies'] as const) {
        const f = g.checks[checker];
        if (f.count > 0) seen.push({ atMs: w.nowMs, checker, groupId, count: f.count, example: f.examples[0] ?? '' });
      }
    }
    for (const f of seen) {
      const key = `${f.checker}/${f.groupId ?? ''}`;
      if ((this.findingCounts.get(key) ?? 0) < f.count) {
        this.findingCounts.set(key, f.count);
        this.findings.push(f);
        this.markers.push({ atMs: f.atMs, kind: 'finding', eventIndex: -1 });
      }
    }
  }

  private recountFindings(): void {
    this.findingCounts.clear();
    for (const f of this.findings) {
      const key = `${f.checker}/${f.groupId ?? ''}`;
      this.findingCounts.set(key, Math.max(this.findingCounts.get(key) ?? 0, f.count));
    }
  }
}

function dropAfter<T extends { atMs: number }>(list: T[], atMs: number): void {
  let keep = list.length;
  while (keep > 0 && (list[keep - 1] as T).atMs > atMs) keep--;
  list.length = keep;
}
