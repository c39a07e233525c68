/**
 * The UI store: the latest View and the UI's own state (playback, language), in slices. Actions
 * are module-level functions so keyboard shortcuts and tests can call them without hooks.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { View } from '../host/session';
import { Session } from '../host/session';
import { parseScenario } from '../scenario/parse';
import { builtinScenarios, DEFAULT_SCENARIO } from '../scenario/builtin';
import { describeProblems } from '../scenario/errors';
import type { Lang } from './i18n';

export const SPEEDS = [0.001, 0.01, 0.1, 0.5, 1, 2, 5, 10, 100, 1000] as const;

interface UiState {
  view: View | null;
  loadError: string | null;
  playing: boolean;
  speed: number;
  lang: Lang;
}

export const store = createStore<UiState>(() => ({
  view: null,
  loadError: null,
  playing: false,
  speed: 1,
  lang: 'en',
}));

export const useUi = <T>(selector: (s: UiState) => T): T => useStore(store, selector);

let session: Session | null = null;

function publish(): void {
  if (session !== null) store.setState({ view: session.view() });
}

export function loadBuiltin(name: string = DEFAULT_SCENARIO): void {
  const parsed = parseScenario(builtinScenarios[name]);
  if (!parsed.ok) {
    store.setState({ loadError: describeProblems(parsed.problems) });
    return;
  }
  session = new Session(parsed.scenario);
  store.setState({ loadError: null, playing: false });
  publish();
}

export function play(): void {
  if (session === null || session.finished) return;
  store.setState({ playing: true });
}

export function pause(): void {
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
  publish();
}

export function runToEnd(): void {
  if (session === null) return;
  pause();
  session.runToEnd();
  publish();
}

export function setSpeed(speed: number): void {
  store.setState({ speed });
}

export function setLang(lang: Lang): void {
  store.setState({ lang });
  document.documentElement.lang = lang;
}

/** Fractions of a simulated millisecond carried between frames (slow speeds). */
let carryMs = 0;

/** Called by the animation loop with elapsed wall milliseconds. */
export function tick(wallDeltaMs: number): void {
  const st = store.getState();
  if (!st.playing || session === null) return;
  carryMs += Math.min(wallDeltaMs, 250) * st.speed;
  const whole = Math.floor(carryMs);
  carryMs -= whole;
  session.advance(whole);
  if (session.finished) store.setState({ playing: false });
  publish();
}
