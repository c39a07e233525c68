/** The facts of one record, next to its cell: key, value, timestamp, leader epoch, which replicas hold it. */
import { formatSimTime, t, type Lang } from '../../i18n';
import { useUi } from '../../store';
import type { RecordCell } from '../../../host/view';
import { Popover, type Anchor } from './Popover';

export function RecordPopover({ lang, partition, offset, anchor, onClose }: { lang: Lang; partition: string; offset: number; anchor: Anchor; onClose: () => void }) {
  const p = useUi((s) => s.view?.partitions.find((x) => x.key === partition) ?? null);
  let record: RecordCell | undefined;
  const ordered = p === null ? [] : [...p.replicas].sort((a, b) => Number(b.broker === p.leader) - Number(a.broker === p.leader));
  for (const r of ordered) {
    record = r.records.find((x) => x.offset === offset);
    if (record !== undefined) break;
  }
  const holders = ordered.filter((r) => r.logStartOffset <= offset && offset < r.logEndOffset);
  const missing = ordered.filter((r) => !holders.includes(r));
  const leader = p?.replicas.find((r) => r.broker === p.leader);
  const committed = leader !== undefined && offset < leader.highWatermark;
  const title = t(lang, 'cv.record.label', { partition, offset });
  const brokerName = (id: number): string => `${t(lang, 'cv.record.broker', { id })}${id === p?.leader ? ' ★' : ''}`;
  return (
    <Popover label={title} anchor={anchor} onClose={onClose} className="cv-record-popover">
      <div className="cv-pop-head">
        <strong>{title}</strong>
        <button type="button" onClick={onClose} aria-label={t(lang, 'cv.close')}>
          ✕
        </button>
      </div>
      {record === undefined ? (
        <p>{t(lang, 'cv.record.gone')}</p>
      ) : (
        <dl className="cv-facts">
          <dt>{t(lang, 'cv.record.offset')}</dt>
          <dd>{offset}</dd>
          <dt>{t(lang, 'cv.record.key')}</dt>
          <dd>{record.key ?? t(lang, 'cv.record.noKey')}</dd>
          <dt>{t(lang, 'cv.record.value')}</dt>
          <dd className="cv-value">{record.value}</dd>
          <dt>{t(lang, 'cv.record.timestamp')}</dt>
          <dd>{record.timestampMs >= 0 ? formatSimTime(record.timestampMs) : '—'}</dd>
          <dt>{t(lang, 'cv.record.epoch')}</dt>
          <dd>{record.leaderEpoch}</dd>
          <dt>{t(lang, 'cv.record.producer')}</dt>
          <dd>{record.producer}</dd>
          <dt>{t(lang, 'cv.record.heldBy')}</dt>
          <dd>{holders.length > 0 ? holders.map((r) => brokerName(r.broker)).join(', ') : t(lang, 'cv.record.none')}</dd>
          {missing.length > 0 && (
            <>
              <dt>{t(lang, 'cv.record.notOn')}</dt>
              <dd>{missing.map((r) => brokerName(r.broker)).join(', ')}</dd>
            </>
          )}
        </dl>
      )}
      <p className="cv-small">{t(lang, committed ? 'cv.record.committed' : 'cv.record.uncommitted')}</p>
    </Popover>
  );
}
