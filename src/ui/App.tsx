import { useEffect } from 'react';
import { t, type Lang } from './i18n';
import { setHelpOpen, setLang, setTheme, showPanel, useUi, type Panel } from './store';
import { Transport } from './views/Transport';
import { Timeline } from './views/Timeline';
import { ClusterView } from './views/ClusterView';
import { EventLog } from './views/EventLog';
import { GroupsPanel } from './views/GroupsPanel';
import { ChecksPanel } from './views/ChecksPanel';
import { Inspector } from './views/Inspector';
import { ConsoleTab } from './views/ConsoleTab';
import { ScenarioPicker } from './views/ScenarioPicker';
import { FileMenu } from './views/FileMenu';
import { LessonPanel } from './views/LessonPanel';
import { HelpOverlay } from './views/HelpOverlay';
import { Notice } from './views/Notice';
import { useAnimationLoop, useKeyboard } from './hooks';

const PANELS: Panel[] = ['events', 'groups', 'checks', 'inspector', 'console'];

export function App() {
  useAnimationLoop();
  useKeyboard();
  const hasView = useUi((s) => s.view !== null);
  const loadError = useUi((s) => s.loadError);
  const lang = useUi((s) => s.lang);
  const theme = useUi((s) => s.theme);
  const panel = useUi((s) => s.panel);
  const presenter = useUi((s) => s.presenter);
  const findings = useUi((s) => s.view?.findings.length ?? 0);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <div className={`app${presenter ? ' presenter' : ''}`}>
      <header className="topbar">
        <h1>
          {t(lang, 'app.title')} <span className="tagline">{t(lang, 'app.tagline')}</span>
        </h1>
        <div className="topbar-tools">
          <ScenarioPicker />
          <FileMenu />
          <label className="inline">
            <span className="sr-only">{t(lang, 'controls.language')}</span>
            <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} aria-label={t(lang, 'controls.language')}>
              <option value="en">English</option>
              <option value="fr">Français</option>
            </select>
          </label>
          <button type="button" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} aria-label={t(lang, theme === 'dark' ? 'controls.themeLight' : 'controls.themeDark')}>
            {theme === 'dark' ? '☀' : '☾'}
          </button>
          <button type="button" onClick={() => setHelpOpen(true)} aria-label={t(lang, 'controls.help')}>
            ?
          </button>
        </div>
      </header>
      <Notice />
      {loadError !== null && (
        <section role="alert" className="error">
          <h2>{t(lang, 'error.heading')}</h2>
          <pre>{loadError}</pre>
        </section>
      )}
      {hasView && (
        <>
          <Transport />
          <Timeline />
          <main className="workspace">
            <ClusterView />
            <aside className="side" aria-label={t(lang, 'panels.heading')}>
              <LessonPanel />
              <div role="tablist" aria-label={t(lang, 'panels.heading')} className="tabs">
                {PANELS.map((p) => (
                  <button key={p} type="button" role="tab" id={`tab-${p}`} aria-selected={panel === p} aria-controls={`panel-${p}`} onClick={() => showPanel(p)} className={panel === p ? 'active' : ''}>
                    {t(lang, `panels.${p}`)}
                    {p === 'checks' && findings > 0 ? <span className="badge">{findings}</span> : null}
                  </button>
                ))}
              </div>
              <div role="tabpanel" id={`panel-${panel}`} aria-labelledby={`tab-${panel}`} className="tabpanel">
                {panel === 'events' && <EventLog />}
                {panel === 'groups' && <GroupsPanel />}
                {panel === 'checks' && <ChecksPanel />}
                {panel === 'inspector' && <Inspector />}
                {panel === 'console' && <ConsoleTab />}
              </div>
            </aside>
          </main>
        </>
      )}
      <HelpOverlay />
    </div>
  );
}
