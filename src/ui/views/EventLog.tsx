/**
 * The event log (issue 6, part 7): every domain event up to the current time in plain words
 * (`narrate`), newest first, with its simulated time. Filters: by category (checkboxes, from
 * `eventCategory`), chatty events hidden unless asked (`verbose`), and by text. Each entry is a
 * button that moves the clock to the event's time. Long runs have thousands of events: only the
 * newest SHOWN matching ones are drawn; narrations are cached per event object and language.
 */
import { memo, useState } from 'react';
import type { DomainEvent } from '../../sim/types';
import { eventCategory, verbose, type EventCategory } from '../../host/event-kinds';
import { narrate } from '../narrate';
import { formatSimTime, t, type Lang, type MessageKey } from '../i18n';
import { getSession, pause, seek, useUi } from '../store';
import './panels.css';

/** How many matching entries are drawn (the newest). */
export const SHOWN = 300;
/** Events ahead of the clock listed after a seek back. */
const LATER_SHOWN = 30;

export const CATEGORIES: readonly EventCategory[] = ['fault', 'controller', 'election', 'replication', 'producer', 'consumer', 'group', 'topic', 'zookeeper', 'raft', 'log', 'console', 'schema', 'other'];

interface Filters {
  hidden: EventCategory[];
  chatty: boolean;
  text: string;
}

/** Kept across tab switches (module state: one log on the page). */
let savedFilters: Filters = { hidden: [], chatty: false, text: '' };

const narrations = new WeakMap<DomainEvent, Partial<Record<Lang, string>>>();

function said(ev: DomainEvent, lang: Lang): string {
  let entry = narrations.get(ev);
  if (entry === undefined) {
    entry = {};
    narrations.set(ev, entry);
  }
  let text = entry[lang];
  if (text === undefined) {
    text = narrate(ev, lang);
    entry[lang] = text;
  }
  return text;
}

/** One entry; memoized, as the events themselves never change (only which ones are shown). */
const EventItem = memo(function EventItem({ ev, category, text, isNow, lang }: { ev: DomainEvent; category: EventCategory; text: string; isNow: boolean; lang: Lang }) {
  return (
    <li className={`cat-${category}${isNow ? ' now' : ''}`}>
      <button
        type="button"
        className="pn-event"
        title={`${t(lang, 'events.seekTo', { time: formatSimTime(ev.atMs) })} · ${t(lang, `category.${category}` as MessageKey)} · ${ev.type}`}
        aria-current={isNow ? 'true' : undefined}
        onClick={() => {
          pause();
          seek(ev.atMs);
        }}
      >
        <time className="pn-time">{formatSimTime(ev.atMs)}</time> <span className="pn-text">{text}</span>
      </button>
    </li>
  );
});

export function EventLog() {
  const lang = useUi((s) => s.lang);
  const nowMs = useUi((s) => s.view?.nowMs ?? 0);
  // Re-render with every published view: the session's events grow (or shrink after a seek back).
  useUi((s) => s.view);
  const [filters, setFiltersState] = useState<Filters>(savedFilters);
  const setFilters = (f: Filters) => {
    savedFilters = f;
    setFiltersState(f);
  };

  const result = (() => {
    const events = getSession()?.events() ?? [];
    const counts = new Map<EventCategory, number>();
    let chattyHidden = 0;
    const hidden = new Set(filters.hidden);
    const needle = filters.text.trim().toLocaleLowerCase();
    const shown: { ev: DomainEvent; category: EventCategory; text: string }[] = [];
    let matching = 0;
    for (let i = events.length - 1; i >= 0; i--) {
      const ev = events[i] as DomainEvent;
      if (ev.atMs > nowMs) continue;
      const category = eventCategory(ev.type);
      counts.set(category, (counts.get(category) ?? 0) + 1);
      if (!filters.chatty && verbose(ev.type)) {
        chattyHidden++;
        continue;
      }
      if (hidden.has(category)) continue;
      if (needle !== '') {
        // Searching narrates; stop once enough are found (the count then says "at least").
        if (shown.length >= SHOWN) continue;
        const text = said(ev, lang);
        if (!text.toLocaleLowerCase().includes(needle) && !ev.type.toLocaleLowerCase().includes(needle)) continue;
        matching++;
        shown.push({ ev, category, text });
        continue;
      }
      matching++;
      if (shown.length < SHOWN) shown.push({ ev, category, text: said(ev, lang) });
    }
    return { counts, chattyHidden, shown, matching, total: events.length };
  })();

  // After a seek back, what is already computed ahead (the next ones first): a click goes there.
  const laterAll = (getSession()?.laterEvents() ?? []).filter((ev) => ev.atMs > nowMs && (filters.chatty || !verbose(ev.type)) && !filters.hidden.includes(eventCategory(ev.type)));
  const laterCount = laterAll.length;
  const later = laterAll.slice(0, LATER_SHOWN).map((ev) => ({ ev, category: eventCategory(ev.type), text: said(ev, lang) }));
  const present = CATEGORIES.filter((c) => (result.counts.get(c) ?? 0) > 0);
  const toggle = (c: EventCategory) => {
    const hidden = filters.hidden.includes(c) ? filters.hidden.filter((x) => x !== c) : [...filters.hidden, c];
    setFilters({ ...filters, hidden });
  };

  return (
    <section className="pn pn-log" aria-label={t(lang, 'events.heading')}>
      <div className="pn-filters">
        <label className="pn-search">
          <span className="sr-only">{t(lang, 'events.search')}</span>
          <input type="search" value={filters.text} placeholder={t(lang, 'events.searchPlaceholder')} aria-label={t(lang, 'events.search')} onChange={(e) => setFilters({ ...filters, text: e.target.value })} />
        </label>
        <label className="pn-check">
          <input type="checkbox" checked={filters.chatty} onChange={(e) => setFilters({ ...filters, chatty: e.target.checked })} />
          {t(lang, 'events.chatty')}
        </label>
        {present.length > 0 ? (
          <fieldset className="pn-chips">
            <legend className="sr-only">{t(lang, 'events.categories')}</legend>
            {present.map((c) => (
              <label key={c} className={`pn-chip cat-${c}${filters.hidden.includes(c) ? ' off' : ''}`}>
                <input type="checkbox" checked={!filters.hidden.includes(c)} onChange={() => toggle(c)} />
                {t(lang, `category.${c}` as MessageKey)} <span className="muted">{result.counts.get(c)}</span>
              </label>
            ))}
          </fieldset>
        ) : null}
      </div>
      <p className="pn-note muted" aria-live="polite">
        {filters.text.trim() !== '' && result.shown.length >= SHOWN
          ? t(lang, 'events.showingNewest', { shown: result.shown.length })
          : result.matching > SHOWN
            ? t(lang, 'events.showingLast', { shown: result.shown.length, matching: result.matching })
            : t(lang, 'events.showingAll', { shown: result.shown.length })}
        {result.chattyHidden > 0 ? ` · ${t(lang, 'events.chattyHidden', { n: result.chattyHidden })}` : ''}
      </p>
      {later.length > 0 ? (
        <details className="pn-later">
          <summary>{t(lang, 'events.later', { n: laterCount })}</summary>
          <ol className="pn-events pn-events-later" aria-label={t(lang, 'events.laterList')}>
            {later.map(({ ev, category, text }) => (
              <EventItem key={`${ev.index}-${ev.atMs}`} ev={ev} category={category} text={text} isNow={false} lang={lang} />
            ))}
          </ol>
        </details>
      ) : null}
      {result.total === 0 ? (
        <p className="muted">{t(lang, 'log.empty')}</p>
      ) : result.shown.length === 0 ? (
        <p className="muted">{t(lang, 'events.noMatch')}</p>
      ) : (
        <ol className="pn-events" aria-label={t(lang, 'events.list')}>
          {result.shown.map(({ ev, category, text }) => (
            <EventItem key={`${ev.index}-${ev.atMs}`} ev={ev} category={category} text={text} isNow={ev.atMs === nowMs} lang={lang} />
          ))}
        </ol>
      )}
    </section>
  );
}
