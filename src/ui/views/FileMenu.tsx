import { useRef } from 'react';
import { t } from '../i18n';
import { exportScenarioText, importFile, notify, shareFragment, useUi } from '../store';

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** Export the session as a scenario file, import one, copy a link that reopens this very moment. */
export function FileMenu() {
  const lang = useUi((s) => s.lang);
  const name = useUi((s) => s.view?.scenarioName ?? 'session');
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="file-menu">
      <button
        type="button"
        onClick={() => {
          const text = exportScenarioText();
          if (text !== null) download(`${name}.kafkascope.json`, text);
        }}
        aria-label={t(lang, 'file.export')}
      >
        ⤓ <span className="label-text">{t(lang, 'file.exportShort')}</span>
      </button>
      <button type="button" onClick={() => input.current?.click()} aria-label={t(lang, 'file.import')}>
        ⤒ <span className="label-text">{t(lang, 'file.importShort')}</span>
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        className="sr-only"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file === undefined) return;
          file.text().then(
            (text) => importFile(text, file.name),
            () => notify('error', t(lang, 'file.unreadable', { name: file.name })),
          );
        }}
      />
      <button
        type="button"
        onClick={() => {
          const fragment = shareFragment();
          if (fragment === null) return;
          const url = `${location.origin}${location.pathname}${fragment}`;
          history.replaceState(null, '', fragment);
          const done = (): void => notify('info', t(lang, 'file.linkCopied'));
          if (navigator.clipboard === undefined) done();
          else navigator.clipboard.writeText(url).then(done, done);
        }}
        aria-label={t(lang, 'file.share')}
      >
        ↗ <span className="label-text">{t(lang, 'file.shareShort')}</span>
      </button>
    </div>
  );
}
