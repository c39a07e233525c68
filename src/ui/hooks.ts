/** The animation loop (wall time → simulated time) and the keyboard shortcuts. */
import { useEffect } from 'react';
import {
  lessonNext,
  lessonPrev,
  pause,
  runToEnd,
  seek,
  setHelpOpen,
  setSpeed,
  SPEEDS,
  stepBack,
  stepEvent,
  stepToNextInteresting,
  store,
  tick,
  togglePlay,
  togglePresenter,
} from './store';

/** `npm run bench` sets this array on the page to collect each frame's script time (ms). */
interface FrameProbe {
  __kafkascopeFrameWork?: number[];
}

export function useAnimationLoop(): void {
  useEffect(() => {
    let last = performance.now();
    const probe = new MessageChannel();
    let started = 0;
    probe.port1.onmessage = () => (window as FrameProbe).__kafkascopeFrameWork?.push(performance.now() - started);
    let frame = requestAnimationFrame(function loop(now) {
      started = performance.now();
      tick(now - last);
      last = now;
      // Posted after React's own scheduled work: the frame's script time when it arrives.
      if ((window as FrameProbe).__kafkascopeFrameWork !== undefined) probe.port2.postMessage(0);
      frame = requestAnimationFrame(loop);
    });
    return () => {
      cancelAnimationFrame(frame);
      probe.port1.close();
    };
  }, []);
}

function nudgeSpeed(direction: 1 | -1): void {
  const speed = store.getState().speed;
  const i = SPEEDS.findIndex((s) => s === speed);
  const next = SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, (i < 0 ? 4 : i) + direction))];
  if (next !== undefined) setSpeed(next);
}

/** The shortcuts, listed in the help overlay (strings `help.keys.*`). */
export const SHORTCUTS: { keys: string; action: string }[] = [
  { keys: 'Space', action: 'help.keys.play' },
  { keys: '→', action: 'help.keys.step' },
  { keys: '←', action: 'help.keys.back' },
  { keys: 'N', action: 'help.keys.next' },
  { keys: 'Home / End', action: 'help.keys.ends' },
  { keys: '+ / −', action: 'help.keys.speed' },
  { keys: 'PageDown / PageUp', action: 'help.keys.lesson' },
  { keys: 'P', action: 'help.keys.presenter' },
  { keys: '?', action: 'help.keys.help' },
  { keys: 'Esc', action: 'help.keys.close' },
];

export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target;
      if (target instanceof HTMLInputElement && target.type !== 'range') return;
      if (target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      // In a lesson's question or a dialog, Space and Enter press the focused button.
      if ((e.key === ' ' || e.key === 'Enter') && target instanceof HTMLElement && target.closest('.question, [role="dialog"]') !== null) return;
      const handled = ((): boolean => {
        switch (e.key) {
          case ' ':
            togglePlay();
            return true;
          case 'ArrowRight':
            stepEvent();
            return true;
          case 'ArrowLeft':
            stepBack();
            return true;
          case 'n':
          case 'N':
            stepToNextInteresting();
            return true;
          case 'Home':
            pause();
            seek(0);
            return true;
          case 'End':
            runToEnd();
            return true;
          case '+':
          case '=':
            nudgeSpeed(1);
            return true;
          case '-':
          case '_':
            nudgeSpeed(-1);
            return true;
          case 'PageDown':
            lessonNext();
            return true;
          case 'PageUp':
            lessonPrev();
            return true;
          case 'p':
          case 'P':
            togglePresenter();
            return true;
          case '?':
            setHelpOpen(!store.getState().helpOpen);
            return true;
          case 'Escape':
            setHelpOpen(false);
            if (store.getState().presenter) togglePresenter();
            return true;
          default:
            return false;
        }
      })();
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
