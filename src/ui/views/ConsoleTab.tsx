import { t } from '../i18n';
import { act, useUi } from '../store';
import { ConsolePanel } from './ConsolePanel';

/**
 * The Kafka console tab: each line typed becomes a timed `console` command of the session (so it
 * is replayed, exported and shared like a click); the output is world state, shown from the View.
 */
export function ConsoleTab() {
  const lang = useUi((s) => s.lang);
  const console = useUi((s) => s.view?.console ?? null);
  return (
    <div className="console-tab">
      <p className="muted console-hint">{t(lang, 'console.hint')}</p>
      <ConsolePanel lines={console?.lines ?? []} mode={console?.mode ?? 'shell'} onSubmit={(line) => act({ do: 'console', line })} label={t(lang, 'console.input')} />
    </div>
  );
}
