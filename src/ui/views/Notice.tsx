import { t } from '../i18n';
import { dismissNotice, useUi } from '../store';

/** A message for the person (a link or file that could not be opened, a link copied). */
export function Notice() {
  const lang = useUi((s) => s.lang);
  const notice = useUi((s) => s.notice);
  if (notice === null) return null;
  return (
    <div role={notice.kind === 'error' ? 'alert' : 'status'} className={`notice notice-${notice.kind}`} data-testid="notice">
      <p>{notice.text}</p>
      <button type="button" onClick={dismissNotice} aria-label={t(lang, 'notice.dismiss')}>
        ✕
      </button>
    </div>
  );
}
