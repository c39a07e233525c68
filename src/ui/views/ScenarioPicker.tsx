import { t } from '../i18n';
import { chooseBuiltin, useUi } from '../store';
import { builtinScenarios } from '../../scenario/builtin';
import { CHAPTERS, LESSONS } from '../../scenario/lessons';

function titleOf(input: unknown, lang: 'en' | 'fr', fallback: string): string {
  const title = (input as { title?: { en?: unknown; fr?: unknown } } | null)?.title;
  const text = title?.[lang];
  return typeof text === 'string' ? text : fallback;
}

/** Chooses a built-in scenario or a lesson (grouped by the course's chapters). */
export function ScenarioPicker() {
  const lang = useUi((s) => s.lang);
  const source = useUi((s) => s.source);
  const value = source !== null && (source.kind === 'lesson' || source.kind === 'builtin') ? source.id : '';
  return (
    <label className="inline">
      <span className="sr-only">{t(lang, 'picker.label')}</span>
      <select value={value} onChange={(e) => e.target.value !== '' && chooseBuiltin(e.target.value)} aria-label={t(lang, 'picker.label')} className="picker">
        {value === '' && <option value="">{source?.id ?? t(lang, 'picker.label')}</option>}
        <optgroup label={t(lang, 'picker.scenarios')}>
          {Object.keys(builtinScenarios).map((id) => (
            <option key={id} value={id}>
              {titleOf(builtinScenarios[id], lang, id)}
            </option>
          ))}
        </optgroup>
        {CHAPTERS.map((ch) => {
          const lessons = LESSONS.filter((l) => l.chapter === ch.id);
          if (lessons.length === 0) return null;
          return (
            <optgroup key={ch.id} label={ch[lang]}>
              {lessons.map((l) => (
                <option key={l.id} value={l.id}>
                  {titleOf(l.scenario, lang, l.id)}
                </option>
              ))}
            </optgroup>
          );
        })}
      </select>
    </label>
  );
}
