import { t, type MessageKey } from '../i18n';
import { SHORTCUTS } from '../hooks';
import { setHelpOpen, useUi } from '../store';

/** The keyboard shortcuts, over the screen (? opens it, Esc closes it). */
export function HelpOverlay() {
  const lang = useUi((s) => s.lang);
  const open = useUi((s) => s.helpOpen);
  if (!open) return null;
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title" onClick={() => setHelpOpen(false)}>
      <div className="overlay-card" onClick={(e) => e.stopPropagation()}>
        <h2 id="help-title">{t(lang, 'help.title')}</h2>
        <table className="shortcuts">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <th scope="row">
                  <kbd>{s.keys}</kbd>
                </th>
                <td>{t(lang, s.action as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">{t(lang, 'help.clicks')}</p>
        <button type="button" onClick={() => setHelpOpen(false)} autoFocus>
          {t(lang, 'help.close')}
        </button>
      </div>
    </div>
  );
}
