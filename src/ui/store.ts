/**
 * The UI store: the latest View and the UI's own state (playback, language, theme, selection,
 * panels), in slices. Actions are module-level functions so keyboard shortcuts, components and
 * tests call them without hooks. The session (the running world) lives here, outside React.
 *
 * Frames: while playing, `tick` advances the session and publishes a `frame` (clock and the
 * messages on the wire) every animation frame, which D3 reads through a transient subscription;
 * the full View, which React renders, is published at most every VIEW_EVERY_WALL_MS.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { Session } from '../host/session';
import { wireMessages, type View, type WireMessage, type DroppedWireMessage } from '../host/view';
import type { Command } from '../scenario/schema';
import { parseScenario } from '../scenario/parse';
import { builtinScenarios, DEFAULT_SCENARIO } from '../scenario/builtin';
import { describeProblems } from '../scenario/errors';
import { lessonById } from '../scenario/lessons';
import { decodeLink, encodeLink, MAX_FRAGMENT_CHARS, type LinkDoc } from '../scenario/link';
import { importScenarioFile } from '../scenario/session-file';
import { t, type Lang } from './i18n';
import { LIMITS } from '../scenario/schema';

export const SPEEDS = [0.001, 0.01, 0.1, 0.5, 1, 2, 5, 10, 100, 1000] as const;

export type Theme = 'light' | 'dark';

/** What the inspector shows: a broker, a replica (`topic-p@broker`), a partition, a client, a group, a record. */
export type Selection =
  | { kind: 'broker'; id: number }
  | { kind: 'replica'; partition: string; broker: number }
  | { kind: 'partition'; partition: string }
  | { kind: 'producer'; id: string }
  | { kind: 'consumer'; name: string }
  | { kind: 'group'; groupId: string }
  | { kind: 'record'; partition: string; offset: number }
  | { kind: 'zookeeper'; id: number }
  | { kind: 'kraft'; id: number };

export type Panel = 'events' | 'groups' | 'checks' | 'inspector' | 'console';

/** Kinds of messages on the wire, as the toggles group them. */
export type WireKind = 'produce' | 'fetch' | 'replication' | 'metadata' | 'group' | 'heartbeat' | 'controller' | 'zookeeper' | 'raft' | 'other';

export interface Frame {
  nowMs: number;
  wire: WireMessage[];
  dropped: DroppedWireMessage[];
}

export interface UiState {
  view: View | null;
  frame: Frame | null;
  /** The loaded scenario's source: a built-in name, a lesson id, a file or a link. */
  source: { kind: 'builtin' | 'lesson' | 'file' | 'link'; id: string } | null;
  loadError: string | null;
  /** A message for the person (e.g. a link that could not be opened), dismissible. */
  notice: { kind: 'error' | 'info'; text: string } | null;
  playing: boolean;
  speed: number;
  lang: Lang;
  theme: Theme;
  selection: Selection | null;
  panel: Panel;
  wireKinds: Record<WireKind, boolean>;
  helpOpen: boolean;
  presenter: boolean;
  /** Lesson step-through: the step shown, and the answers given (step index → choice index). */
  lessonStep: number;
  answers: Record<number, number>;
  /**
   * Computing ahead of what is known (run to the end, a seek far ahead), in slices so the page
   * stays responsive: from where it started, where it goes, and how far it got.
   */
  computing: { fromMs: number; targetMs: number; doneMs: number } | null;
}

export const DEFAULT_WIRE_KINDS: Record<WireKind, boolean> = {
  produce: true,
  fetch: true,
  replication: true,
  metadata: true,
  group: true,
  heartbeat: false,
  controller: true,
  zookeeper: true,
  raft: true,
  other: true,
};

export const store = createStore<UiState>(() => ({
  view: null,
  frame: null,
  source: null,
  loadError: null,
  notice: null,
  playing: false,
  speed: 1,
  lang: 'en',
  theme: 'light',
  selection: null,
  panel: 'events',
  wireKinds: { ...DEFAULT_WIRE_KINDS },
  helpOpen: false,
  presenter: false,
  lessonStep: -1,
  answers: {},
  computing: null,
}));

export const useUi = <T>(selector: (s: UiState) => T): T => useStore(store, selector);

let session: Session | null = null;

/**
 * Wall time a link or a file may take to reach its moment: a scenario from outside may ask for
 * more simulation than a page can compute, and the tab must not freeze on it.
 */
const OPEN_BUDGET_MS = 4_000;
const wallClock = (): number => performance.now();

/** A shared link in the address bar stops describing the screen once something else is loaded. */
function forgetLink(): void {
  if (typeof location !== 'undefined' && location.hash.length > 1) history.replaceState(null, '', `${location.pathname}${location.search}`);
}

/** The running session (components that read history, such as the event log, use it). */
export function getSession(): Session | null {
  return session;
}

/** For `npm run bench`: the session's checkpoints and their spacing. */
export function timeTravelStats(): { checkpoints: number; spacingMs: number } | null {
  return session?.timeTravelStats() ?? null;
}

/** Publishes the full View (and the frame). */
export function publish(): void {
  if (session === null) return;
  const view = session.view();
  store.setState({ view, frame: { nowMs: view.nowMs, wire: view.wire, dropped: view.dropped } });
}

/** After a jump in time (seek, step, run to the end), a lesson shows the step the clock is in. */
function syncLessonStep(): void {
  const st = store.getState();
  if (session === null || st.lessonStep < 0) return;
  const now = session.nowMs;
  let index = 0;
  session.scenario.steps.forEach((step, i) => {
    if (step.atMs <= now) index = i;
  });
  if (index !== st.lessonStep) store.setState({ lessonStep: index });
}

/** Starts a session on a parsed scenario input; returns an error text instead when it is invalid. */
export function loadScenarioInput(input: unknown, source: UiState['source']): string | null {
  const parsed = parseScenario(input);
  if (!parsed.ok) return describeProblems(parsed.problems);
  const next = new Session(parsed.scenario, input);
  // A lesson opens at its first step's time (the cluster has started by then).
  const first = parsed.scenario.steps[0];
  if (first !== undefined && !next.seekWithin(first.atMs, OPEN_BUDGET_MS, wallClock)) return t(store.getState().lang, 'notice.tooHeavy');
  stopComputing();
  session = next;
  store.setState({ loadError: null, playing: false, source, selection: null, lessonStep: first !== undefined ? 0 : -1, answers: {} });
  publish();
  return null;
}

export function loadBuiltin(name: string = DEFAULT_SCENARIO): void {
  const lesson = lessonById(name);
  const input = lesson?.scenario ?? builtinScenarios[name];
  if (input === undefined) {
    store.setState({ notice: { kind: 'error', text: t(store.getState().lang, 'notice.unknownBuiltin', { name }) } });
    return;
  }
  const error = loadScenarioInput(input, { kind: lesson !== undefined ? 'lesson' : 'builtin', id: name });
  if (error !== null) store.setState({ loadError: error });
}

/** A person picks a scenario or a lesson: a shared link in the address bar no longer applies. */
export function chooseBuiltin(name: string): void {
  loadBuiltin(name);
  forgetLink();
}

export function play(): void {
  stopComputing();
  if (session === null || session.finished) return;
  if (lessonBlocked()) {
    store.setState({ notice: { kind: 'info', text: t(store.getState().lang, 'lesson.answerFirst') } });
    return;
  }
  store.setState({ playing: true });
}

export function pause(): void {
  stopComputing();
  store.setState({ playing: false });
}

export function togglePlay(): void {
  if (store.getState().playing) pause();
  else play();
}

export function stepEvent(): void {
  if (session === null) return;
  pause();
  session.stepEvent();
  syncLessonStep();
  publish();
}

/** Runs to just after the next fault, election, rebalance or finding. */
export function stepToNextInteresting(): void {
  if (session === null) return;
  pause();
  session.stepToNextInteresting();
  syncLessonStep();
  publish();
}

/** Steps back: to the previous domain event's time, or 100 ms back when none. */
export function stepBack(): void {
  if (session === null) return;
  pause();
  const now = session.nowMs;
  const events = session.events();
  let target = Math.max(0, now - 100);
  for (let i = events.length - 1; i >= 0; i--) {
    const at = (events[i] as { atMs: number }).atMs;
    if (at < now) {
      target = at;
      break;
    }
  }
  session.seek(target);
  syncLessonStep();
  publish();
}

export function runToEnd(): void {
  if (session === null) return;
  pause();
  goTo(session.durationMs);
}

export function seek(ms: number): void {
  goTo(ms);
}

/**
 * Wall time of one slice of computing ahead: between slices the page paints the progress and
 * takes clicks (Stop, or anything else, which stops it).
 */
const COMPUTE_SLICE_MS = 100;
/** While computing, the full picture is redrawn this often (wall time); the progress bar at every slice. */
const VIEW_WHILE_COMPUTING_MS = 1_000;
/** Bumped to abandon the slices under way. */
let computeToken = 0;

/**
 * Moves the clock to `targetMs`. Within what is computed, at once; ahead of it, in slices, with
 * progress shown in `computing` (a short way is done in the first slice, before the next paint).
 */
function goTo(targetMs: number): void {
  if (session === null) return;
  stopComputing();
  const s = session;
  const target = Math.max(0, Math.min(s.durationMs, Math.floor(targetMs)));
  if (target <= s.headMs) {
    s.seek(target);
    syncLessonStep();
    publish();
    return;
  }
  if (!s.atHead) s.seek(s.headMs);
  const fromMs = s.nowMs;
  const token = ++computeToken;
  let viewAt = wallClock();
  const slice = (): void => {
    if (token !== computeToken || session !== s) return;
    if (s.seekWithin(target, COMPUTE_SLICE_MS, wallClock)) {
      store.setState({ computing: null });
      syncLessonStep();
      publish();
      return;
    }
    store.setState({ computing: { fromMs, targetMs: target, doneMs: s.nowMs } });
    if (wallClock() - viewAt >= VIEW_WHILE_COMPUTING_MS) {
      viewAt = wallClock();
      publish();
    }
    nextTask(slice);
  };
  slice();
}

/**
 * Runs `f` in a task of its own, soon: the page paints and takes clicks in between. A message to
 * itself, as nested zero-delay timeouts wait at least 4 ms each.
 */
function nextTask(f: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    f();
  };
  channel.port2.postMessage(null);
}

/** Stops computing ahead: the clock stays where the computing got. */
export function stopComputing(): void {
  computeToken++;
  if (store.getState().computing === null) return;
  store.setState({ computing: null });
  syncLessonStep();
  publish();
}

/** A person's action (a click or a typed console line): a timed command at the current time. */
export function act(command: Command): void {
  if (session === null) return;
  stopComputing();
  if (session.world.state.script.length >= LIMITS.timeline) {
    store.setState({ notice: { kind: 'error', text: t(store.getState().lang, 'notice.tooManyCommands', { n: LIMITS.timeline }) } });
    return;
  }
  session.command(command);
  publish();
}

/**
 * Opens a shared link (the URL fragment). On any problem the current session stays as it was and
 * the person is told why. Returns true when the link was opened.
 */
export function openLink(fragment: string): boolean {
  const lang = store.getState().lang;
  const decoded = decodeLink(fragment);
  if (!decoded.ok) {
    store.setState({ notice: { kind: 'error', text: `${t(lang, 'notice.linkRefused')}\n${decoded.message}` } });
    return false;
  }
  const { doc, scenario, commands, seed } = decoded;
  const input = doc.scenario ?? (doc.lesson !== undefined ? lessonById(doc.lesson)?.scenario ?? builtinScenarios[doc.lesson] : undefined) ?? scenario;
  const next = new Session({ ...scenario, seed }, input);
  for (const c of commands) {
    const { atMs, ...command } = c;
    next.world.addCommand(atMs, command, 'user');
  }
  if (!next.seekWithin(doc.atMs, OPEN_BUDGET_MS, wallClock)) {
    store.setState({ notice: { kind: 'error', text: `${t(lang, 'notice.linkRefused')}\n${t(lang, 'notice.tooHeavy')}` } });
    return false;
  }
  stopComputing();
  session = next;
  const stepCount = scenario.steps.length;
  const lessonStep = stepCount === 0 ? -1 : Math.max(0, Math.min(stepCount - 1, doc.step ?? 0));
  store.setState({
    loadError: null,
    playing: false,
    source: doc.lesson !== undefined ? { kind: lessonById(doc.lesson) !== undefined ? 'lesson' : 'builtin', id: doc.lesson } : { kind: 'link', id: scenario.name },
    selection: null,
    lessonStep,
    answers: {},
    notice: null,
  });
  if (doc.lang !== undefined) setLang(doc.lang);
  publish();
  return true;
}

/** The link of this session: scenario (or lesson id), the person's commands, the time, the step. */
export function shareFragment(): string | null {
  if (session === null) return null;
  stopComputing();
  // A link names a millisecond: after single steps, finish the one on screen first.
  session.seek(session.nowMs);
  publish();
  const st = store.getState();
  const onBuiltin = st.source !== null && (st.source.kind === 'lesson' || st.source.kind === 'builtin');
  const doc: LinkDoc = {
    v: 1,
    ...(onBuiltin && st.source !== null ? { lesson: st.source.id } : { scenario: session.input }),
    commands: session.userCommands(),
    atMs: session.nowMs,
    ...(session.world.state.seed !== session.scenario.seed ? { seed: session.world.state.seed } : {}),
    ...(st.lessonStep >= 0 ? { step: st.lessonStep } : {}),
    lang: st.lang,
  };
  const fragment = encodeLink(doc);
  if (fragment.length > MAX_FRAGMENT_CHARS) {
    store.setState({ notice: { kind: 'error', text: t(st.lang, 'notice.linkTooLong') } });
    return null;
  }
  return fragment;
}

/** Loads a scenario file's text; on a problem the current session stays and the person is told why. */
export function importFile(text: string, fileName: string): boolean {
  const lang = store.getState().lang;
  const result = importScenarioFile(text);
  if (!result.ok) {
    store.setState({ notice: { kind: 'error', text: `${t(lang, 'notice.fileRefused', { name: fileName })}\n${fileName}: ${result.message}` } });
    return false;
  }
  const error = loadScenarioInput(result.input, { kind: 'file', id: fileName });
  if (error !== null) {
    store.setState({ notice: { kind: 'error', text: `${t(lang, 'notice.fileRefused', { name: fileName })}\n${fileName}: ${error}` } });
    return false;
  }
  forgetLink();
  store.setState({ notice: null });
  return true;
}

export function exportScenarioText(): string | null {
  if (session === null) return null;
  return `${JSON.stringify(session.exportScenario(), null, 2)}\n`;
}

export function setSpeed(speed: number): void {
  store.setState({ speed });
}

const PREFS_KEY = 'kafkascope.prefs';

function savePrefs(): void {
  const { lang, theme } = store.getState();
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify({ lang, theme }));
  } catch {
    // Private browsing or storage off: the choice lasts for this page only.
  }
}

/** The language and theme chosen last time on this browser (read as data, checked). */
export function restorePrefs(): void {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(PREFS_KEY) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return;
    const { lang, theme } = raw as { lang?: unknown; theme?: unknown };
    if (lang === 'en' || lang === 'fr') setLang(lang);
    if (theme === 'light' || theme === 'dark') setTheme(theme);
  } catch {
    // Nothing usable saved.
  }
}

export function setLang(lang: Lang): void {
  store.setState({ lang });
  document.documentElement.lang = lang;
  savePrefs();
}

export function setTheme(theme: Theme): void {
  store.setState({ theme });
  document.documentElement.dataset.theme = theme;
  savePrefs();
}

export function select(selection: Selection | null): void {
  store.setState(selection === null ? { selection } : { selection, panel: 'inspector' });
}

export function showPanel(panel: Panel): void {
  store.setState({ panel });
}

export function toggleWireKind(kind: WireKind): void {
  const kinds = store.getState().wireKinds;
  store.setState({ wireKinds: { ...kinds, [kind]: !kinds[kind] } });
}

export function setHelpOpen(open: boolean): void {
  store.setState({ helpOpen: open });
}

export function dismissNotice(): void {
  store.setState({ notice: null });
}

export function notify(kind: 'error' | 'info', text: string): void {
  store.setState({ notice: { kind, text } });
}

/** Fractions of a simulated millisecond carried between frames (slow speeds). */
let carryMs = 0;
let wallSinceViewMs = 0;
const VIEW_EVERY_WALL_MS = 100;

/** Called by the animation loop with elapsed wall milliseconds. */
export function tick(wallDeltaMs: number): void {
  const st = store.getState();
  if (!st.playing || session === null) return;
  const wall = Math.min(wallDeltaMs, 250);
  carryMs += wall * st.speed;
  const whole = Math.floor(carryMs);
  carryMs -= whole;
  const next = nextLessonStep(st);
  if (next !== null && session.nowMs + whole >= next.atMs) {
    session.seek(next.atMs);
    store.setState({ playing: false, lessonStep: next.index });
    publish();
    return;
  }
  session.advance(whole);
  wallSinceViewMs += wall;
  if (session.finished) {
    store.setState({ playing: false });
    publish();
    return;
  }
  if (wallSinceViewMs >= VIEW_EVERY_WALL_MS) {
    wallSinceViewMs = 0;
    publish();
  } else {
    store.setState({ frame: { nowMs: session.nowMs, wire: wireMessages(session), dropped: st.frame?.dropped ?? [] } });
  }
}

/** In a lesson, playback stops at the next narration step, which is then shown. */
function nextLessonStep(st: UiState): { index: number; atMs: number } | null {
  if (session === null || st.lessonStep < 0) return null;
  const steps = session.scenario.steps;
  const index = st.lessonStep + 1;
  const step = steps[index];
  return step === undefined ? null : { index, atMs: Math.max(step.atMs, 0) };
}

/** The step shown asks a question that has not been answered yet: answer before going on. */
export function lessonBlocked(): boolean {
  const st = store.getState();
  if (session === null || st.lessonStep < 0) return false;
  const step = session.scenario.steps[st.lessonStep];
  return step?.question !== undefined && st.answers[st.lessonStep] === undefined;
}

/** Continue: play to the next narration step (it shows when the clock gets there). */
export function lessonNext(): void {
  stopComputing();
  const st = store.getState();
  if (session === null || st.lessonStep < 0 || lessonBlocked()) return;
  const next = nextLessonStep(st);
  if (next === null) {
    play();
    return;
  }
  if (session.nowMs >= next.atMs) {
    store.setState({ lessonStep: next.index });
    return;
  }
  // The way to the next step plays in at most LESSON_TRIP_WALL_MS of wall time: faster when the
  // gap is long (a retention lesson waits hours), and a jump when even 1000× would be too slow.
  const gapMs = next.atMs - session.nowMs;
  if (gapMs / st.speed > LESSON_TRIP_WALL_MS) {
    const speed = SPEEDS.find((x) => gapMs / x <= LESSON_TRIP_WALL_MS);
    if (speed === undefined) {
      lessonGoto(next.index);
      return;
    }
    store.setState({ speed, notice: { kind: 'info', text: t(st.lang, 'lesson.fasterTrip', { speed: speed < 1 ? `1/${Math.round(1 / speed)}` : String(speed) }) } });
  }
  store.setState({ playing: true });
}

const LESSON_TRIP_WALL_MS = 8_000;

/** Jumps to step `index` (a teacher moving between steps): the clock goes to its time. */
export function lessonGoto(index: number): void {
  if (session === null) return;
  const step = session.scenario.steps[index];
  if (step === undefined) return;
  pause();
  session.seek(step.atMs);
  store.setState({ lessonStep: index });
  publish();
}

export function lessonPrev(): void {
  const st = store.getState();
  if (st.lessonStep > 0) lessonGoto(st.lessonStep - 1);
}

export function answer(stepIndex: number, choice: number): void {
  const answers = store.getState().answers;
  if (answers[stepIndex] !== undefined) return;
  store.setState({ answers: { ...answers, [stepIndex]: choice } });
}

export function togglePresenter(): void {
  const presenter = !store.getState().presenter;
  store.setState({ presenter });
  const root = document.documentElement;
  if (presenter && root.requestFullscreen !== undefined && document.fullscreenElement === null) root.requestFullscreen().catch(() => undefined);
  if (!presenter && document.fullscreenElement !== null) document.exitFullscreen().catch(() => undefined);
}
