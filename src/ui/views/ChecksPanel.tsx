/**
 * The checker panel (issue 6, part 9): the live findings up to the current time. One card per
 * checker (and group, for the group checkers): the checker's name in words, the count, the newest
 * example as the checker wrote it, and the moments it was first seen and last grew, as buttons
 * that move the clock there. With nothing found, it says which checkers are watching.
 */
import type { LiveFinding } from '../../host/session';
import { formatSimTime, t, type Lang, type MessageKey } from '../i18n';
import { pause, seek, useUi } from '../store';
import './panels.css';

const GLOBAL_CHECKERS: LiveFinding['checker'][] = ['lostAcknowledged', 'duplicates', 'reordered', 'divergent'];
const GROUP_CHECKERS: LiveFinding['checker'][] = ['duplicates', 'skips', 'zombies'];

function checkerName(lang: Lang, f: { checker: LiveFinding['checker']; groupId: string | null }): string {
  const key = (f.groupId === null ? `checks.name.${f.checker}` : `checks.name.group.${f.checker}`) as MessageKey;
  return t(lang, key);
}

interface Card {
  checker: LiveFinding['checker'];
  groupId: string | null;
  first: LiveFinding;
  last: LiveFinding;
}

function cards(findings: readonly LiveFinding[]): Card[] {
  const byKey = new Map<string, Card>();
  for (const f of findings) {
    const key = `${f.checker}/${f.groupId ?? ''}`;
    const card = byKey.get(key);
    if (card === undefined) byKey.set(key, { checker: f.checker, groupId: f.groupId, first: f, last: f });
    else if (f.atMs >= card.last.atMs) card.last = f;
  }
  return [...byKey.values()].sort((a, b) => a.first.atMs - b.first.atMs);
}

function SeekButton({ atMs, label }: { atMs: number; label: string }) {
  return (
    <button
      type="button"
      className="small"
      onClick={() => {
        pause();
        seek(atMs);
      }}
    >
      {label}
    </button>
  );
}

export function ChecksPanel() {
  const lang = useUi((s) => s.lang);
  const findings = useUi((s) => s.view?.findings);
  const groups = useUi((s) => s.view?.groups);
  if (findings === undefined) return null;
  const list = cards(findings);
  const groupIds = Object.keys(groups ?? {});
  return (
    <section className="pn pn-checks" aria-label={t(lang, 'checks.heading')}>
      {list.length === 0 ? (
        <div className="pn-ok">
          <p>
            <strong>{t(lang, 'checks.none')}</strong>
          </p>
          <p>{t(lang, 'checks.watching')}</p>
          <ul>
            {GLOBAL_CHECKERS.map((c) => (
              <li key={c}>{checkerName(lang, { checker: c, groupId: null })}</li>
            ))}
            {groupIds.length > 0
              ? GROUP_CHECKERS.map((c) => (
                  <li key={`g-${c}`}>
                    {checkerName(lang, { checker: c, groupId: '' })} — {t(lang, 'checks.inGroups', { groups: groupIds.join(', ') })}
                  </li>
                ))
              : null}
          </ul>
          <p className="muted">{t(lang, 'checks.howOften')}</p>
        </div>
      ) : (
        <ol className="pn-findings" aria-label={t(lang, 'checks.list')}>
          {list.map((c) => (
            <li key={`${c.checker}/${c.groupId ?? ''}`} className="pn-finding">
              <h3>
                <span aria-hidden="true">⚠ </span>
                {checkerName(lang, c)}
                {c.groupId !== null ? <span className="muted"> · {t(lang, 'groups.group', { id: c.groupId })}</span> : null}
              </h3>
              <p className="pn-count">{t(lang, 'checks.count', { n: c.last.count })}</p>
              {c.last.example !== '' ? (
                <p className="pn-example">
                  <span className="muted">{t(lang, 'checks.example')} </span>
                  <q>{c.last.example}</q>
                </p>
              ) : null}
              <p className="pn-moments">
                <SeekButton atMs={c.first.atMs} label={t(lang, 'checks.firstSeen', { time: formatSimTime(c.first.atMs) })} />
                {c.last.atMs !== c.first.atMs ? <SeekButton atMs={c.last.atMs} label={t(lang, 'checks.lastGrew', { time: formatSimTime(c.last.atMs), n: c.last.count })} /> : null}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
