/**
 * Every UI string, in English and French, through one function: `t(lang, key, params)`. The
 * dictionaries live in `strings/`, one file per part of the screen, merged here; each French
 * dictionary must have every key of its English one (the type checker says which is missing).
 */
import * as core from './strings/core';
import * as cluster from './strings/cluster';
import * as panels from './strings/panels';
import * as lesson from './strings/lesson';

export type Lang = 'en' | 'fr';

const en = { ...core.en, ...cluster.en, ...panels.en, ...lesson.en };

export type MessageKey = keyof typeof en;

const fr: Record<MessageKey, string> = { ...core.fr, ...cluster.fr, ...panels.fr, ...lesson.fr };

const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, fr };

export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = dictionaries[lang][key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Whether a key exists (for keys built from data, such as a broker status). */
export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** Simulated time as m:ss.mmm (hours when needed). */
export function formatSimTime(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const millis = ms % 1000;
  const seconds = totalSeconds % 60;
  const minutes = Math.floor(totalSeconds / 60) % 60;
  const hours = Math.floor(totalSeconds / 3600);
  const mmss = `${String(minutes).padStart(hours > 0 ? 2 : 1, '0')}:${String(seconds).padStart(2, '0')}.${String(millis).padStart(3, '0')}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}
