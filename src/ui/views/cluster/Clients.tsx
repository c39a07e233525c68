/** Producers above the brokers, consumers below: who they are, how they are set, what they read. */
import { t, type Lang } from '../../i18n';
import { select, type Selection } from '../../store';
import type { ConsumerView, ProducerView } from '../../../host/view';
import type { Box } from '../../layout/cluster';
import { ConsumerMenu, ProducerMenu } from './Menus';
import { memberStateWord, word } from './words';

export function ProducerBox({ lang, p, box, selection }: { lang: Lang; p: ProducerView; box: Box; selection: Selection | null }) {
  const sel = selection?.kind === 'producer' && selection.id === p.id;
  const stopped = p.status !== 'running';
  return (
    <section className={`cv-client cv-producer${stopped ? ' cv-down' : ''}${sel ? ' cv-selected' : ''}`} style={{ left: box.x, top: box.y, width: box.w, height: box.h }} aria-label={t(lang, 'cv.producer.title', { id: p.id })}>
      <div className="cv-client-line">
        <button type="button" className="cv-client-name" onClick={() => select({ kind: 'producer', id: p.id })}>
          ▶ {t(lang, 'cv.producer.title', { id: p.id })}
        </button>
        {stopped && <span className="cv-status cv-status-bad">■ {word(lang, `cv.producer.status.${p.status}`, p.status)}</span>}
        <ProducerMenu lang={lang} producer={p} />
      </div>
      <div className="cv-client-line cv-small">{t(lang, 'cv.producer.detail', { topic: p.topic, acks: p.acks, linger: p.lingerMs })}</div>
      <div className="cv-client-line cv-small cv-muted">{t(lang, 'cv.producer.counts', { acked: p.acknowledged, failed: p.failed })}</div>
    </section>
  );
}

export function ConsumerBox({ lang, c, box, selection }: { lang: Lang; c: ConsumerView; box: Box; selection: Selection | null }) {
  const sel = selection?.kind === 'consumer' && selection.name === c.name;
  const down = c.status !== 'running';
  const state = down ? `✕ ${word(lang, `cv.consumer.status.${c.status}`, c.status)}` : c.paused ? `⏸ ${t(lang, 'cv.consumer.paused')}` : memberStateWord(lang, c.memberState);
  const rebalancing = !down && !c.paused && c.memberState !== 'STABLE';
  return (
    <section className={`cv-client cv-consumer${down ? ' cv-down' : ''}${c.paused ? ' cv-paused' : ''}${sel ? ' cv-selected' : ''}`} style={{ left: box.x, top: box.y, width: box.w, height: box.h }} aria-label={c.name}>
      <div className="cv-client-line">
        <button type="button" className="cv-client-name" onClick={() => select({ kind: 'consumer', name: c.name })} title={c.name}>
          ◀ {c.name}
        </button>
        <ConsumerMenu lang={lang} consumer={c} />
      </div>
      <div className="cv-client-line cv-small" title={c.memberState}>
        {t(lang, 'cv.consumer.group', { group: c.groupId })}
        <span className={`cv-member-state${down ? ' cv-status-bad' : rebalancing ? ' cv-member-rebalancing' : ''}`}>{state}</span>
      </div>
      <div className="cv-client-line cv-small cv-reads" title={c.assigned.join(', ')}>
        {c.assigned.length > 0 ? t(lang, 'cv.consumer.reads', { partitions: c.assigned.join(', ') }) : t(lang, 'cv.consumer.nothing')}
      </div>
    </section>
  );
}
