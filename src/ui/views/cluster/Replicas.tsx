/**
 * A broker's replicas, at three levels of detail: record cells with offsets, segments and the
 * log start / high watermark / log end markers; one offsets line; or a tile per replica. The
 * leader is filled with ★, a follower is outlined, a replica out of the ISR is hatched and dashed
 * and says so, a replica on a broker that is down is grey.
 */
import { useState } from 'react';
import { t, type Lang } from '../../i18n';
import { select } from '../../store';
import type { PartitionView, RecordCell, ReplicaView } from '../../../host/view';
import { CELL_W, barFraction, offsetX, type LogWindow } from '../../layout/cluster';
import type { Anchor } from './Popover';

export interface ReplicaItem {
  partition: PartitionView;
  replica: ReplicaView;
  window: LogWindow;
}

export interface StripProps {
  lang: Lang;
  item: ReplicaItem;
  selected: boolean;
  selectedOffset: number | null;
  colourOf: (r: RecordCell) => string;
  onRecord: (partition: string, offset: number, anchor: Anchor) => void;
}

/** The leader as the controller has it (a broker that is down or cut off may still believe it leads). */
function isLeader(item: ReplicaItem): boolean {
  return item.partition.leader === item.replica.broker;
}

/** Online, it believes it leads, the controller says otherwise: a zombie leader. */
function isStaleLeader(item: ReplicaItem): boolean {
  return item.replica.role === 'leader' && !isLeader(item) && !item.replica.offline;
}

function roleClass(item: ReplicaItem): string {
  const r = item.replica;
  return `cv-${isLeader(item) ? 'leader' : 'follower'}${r.inIsr ? '' : ' cv-out-of-isr'}${r.offline ? ' cv-offline' : ''}`;
}

export function replicaLabel(lang: Lang, item: ReplicaItem): string {
  const r = item.replica;
  return t(lang, 'cv.replica.label', {
    partition: item.partition.key,
    broker: r.broker,
    role: t(lang, isLeader(item) ? 'cv.replica.leader' : 'cv.replica.follower') + (r.offline ? ` (${t(lang, 'cv.replica.offline')})` : '') + (isStaleLeader(item) ? ` (${t(lang, 'cv.replica.stale')})` : ''),
    isr: t(lang, r.inIsr ? 'cv.replica.inIsr' : 'cv.replica.outOfIsr'),
    start: r.logStartOffset,
    hw: r.highWatermark,
    leo: r.logEndOffset,
  });
}

/** The visible title of a strip: `orders-0 ★` for the leader, `orders-0 out of ISR` for a follower that fell behind. */
function StripTitle({ lang, item, short }: { lang: Lang; item: ReplicaItem; short: boolean }) {
  const r = item.replica;
  const leader = isLeader(item);
  return (
    <button type="button" className="cv-strip-title" aria-label={replicaLabel(lang, item)} title={replicaLabel(lang, item)} onClick={() => select({ kind: 'replica', partition: item.partition.key, broker: r.broker })}>
      <span className="cv-pname">{short ? `#${item.partition.partition}` : item.partition.key}</span>
      {leader ? <span className="cv-star">★</span> : null}
      {!r.inIsr && <span className="cv-isr-flag">{t(lang, 'cv.replica.outOfIsr')}</span>}
      {isStaleLeader(item) && <span className="cv-isr-flag">{t(lang, 'cv.replica.stale')}</span>}
    </button>
  );
}

/** Record cells: one per offset of the partition's window, segment boundaries, and the three markers. */
export function RecordStrip({ lang, item, selected, selectedOffset, colourOf, onRecord }: StripProps) {
  const r = item.replica;
  const w = item.window;
  const bases = r.segments.map((s) => s.baseOffset);
  const x = (o: number): number => offsetX(o, w, bases);
  const byOffset = new Map(r.records.map((rec) => [rec.offset, rec]));
  const [lso, setLso] = useState(r.logStartOffset);
  const [ghost, setGhost] = useState<{ from: number; to: number } | null>(null);
  if (lso !== r.logStartOffset) {
    // Retention (or truncation) moved the log start: the deleted segment fades away.
    setLso(r.logStartOffset);
    setGhost(r.logStartOffset > lso ? { from: lso, to: r.logStartOffset } : null);
  }
  const cells = [];
  for (let o = Math.max(w.start, r.logStartOffset); o < w.end; o++) {
    const rec = byOffset.get(o);
    const held = o < r.logEndOffset;
    const committed = o < r.highWatermark;
    if (!held || rec === undefined) {
      cells.push(<span key={o} className={`cv-cell cv-cell-empty${held ? ' cv-cell-unknown' : ''}`} style={{ left: x(o) }} aria-hidden="true" />);
      continue;
    }
    cells.push(
      <button
        key={o}
        type="button"
        className={`cv-cell ${colourOf(rec)}${o >= 1000 ? ' cv-cell-long' : ''}${committed ? '' : ' cv-uncommitted'}${selectedOffset === o ? ' cv-cell-selected' : ''}`}
        style={{ left: x(o) }}
        aria-label={t(lang, 'cv.record.label', { partition: item.partition.key, offset: o }) + ` (broker ${r.broker})`}
        onClick={(e) => onRecord(item.partition.key, o, anchorRect(e.currentTarget))}
      >
        {o}
      </button>,
    );
  }
  const boundaries = bases.filter((b) => b > w.start && b < w.end && b >= r.logStartOffset);
  const deletedTo = Math.min(w.end, r.logStartOffset);
  const hw = r.highWatermark;
  const leo = r.logEndOffset;
  const startShown = r.logStartOffset >= w.start && r.logStartOffset <= w.end && r.logStartOffset !== leo;
  const lag = Math.max(0, w.end - leo);
  return (
    <div className={`cv-strip ${roleClass(item)}${selected ? ' cv-selected' : ''}`}>
      <div className="cv-strip-head">
        <StripTitle lang={lang} item={item} short={false} />
        <span className="cv-nums">
          {r.logStartOffset > 0 ? t(lang, 'cv.replica.numbersWithStart', { start: r.logStartOffset, hw, leo }) : t(lang, 'cv.replica.numbers', { hw, leo })}
          {lag > 0 && !isLeader(item) ? <span className="cv-lag"> · {t(lang, 'cv.replica.lag', { n: lag })}</span> : null}
        </span>
      </div>
      <div className="cv-cells">
        {deletedTo > w.start && <span className="cv-deleted" style={{ left: x(w.start), width: x(deletedTo) - x(w.start) - 2 }} aria-hidden="true" />}
        {ghost !== null && ghost.to > w.start && ghost.from < w.end && (
          <span key={`${ghost.from}-${ghost.to}`} className="cv-ghost" style={{ left: x(Math.max(ghost.from, w.start)), width: Math.max(CELL_W - 2, x(Math.min(ghost.to, w.end)) - x(Math.max(ghost.from, w.start)) - 2) }} aria-hidden="true" />
        )}
        {cells}
        {boundaries.map((b) => (
          <span key={`seg-${b}`} className="cv-segment-boundary" style={{ left: x(b) - 4 }} aria-hidden="true" />
        ))}
        <span className={`cv-marker cv-marker-hw${x(hw) < 40 ? ' cv-tag-right' : ''}`} style={{ left: x(hw) - 2 }} aria-hidden="true">
          <span className="cv-tag">{t(lang, 'cv.replica.hw')}</span>
        </span>
        <span className={`cv-marker cv-marker-leo${x(leo) < 40 ? ' cv-tag-right' : ''}`} style={{ left: x(leo) - 2 }} aria-hidden="true">
          <span className="cv-tag">{leo === r.logStartOffset ? `${t(lang, 'cv.replica.start')}·${t(lang, 'cv.replica.leo')}` : t(lang, 'cv.replica.leo')}</span>
        </span>
        {startShown && (
          <span className="cv-marker cv-marker-start" style={{ left: x(r.logStartOffset) - 2 }} aria-hidden="true">
            <span className="cv-tag">{t(lang, 'cv.replica.start')}</span>
          </span>
        )}
      </div>
    </div>
  );
}

function anchorRect(el: Element): Anchor {
  const rect = el.getBoundingClientRect();
  return { left: rect.left, top: rect.top, bottom: rect.bottom };
}

/**
 * One line: title, a bar from 0 to the partition's end (deleted, committed, not yet committed),
 * and the high watermark with, after a +, the records above it.
 */
export function OffsetsStrip({ lang, item, selected }: StripProps) {
  const r = item.replica;
  const max = item.window.end;
  const start = barFraction(r.logStartOffset, max) * 100;
  const hw = barFraction(r.highWatermark, max) * 100;
  const leo = barFraction(r.logEndOffset, max) * 100;
  // Long numbers take the bar's room in a narrow column (see cluster.css).
  const numbers = String(r.highWatermark).length + (r.logEndOffset > r.highWatermark ? String(r.logEndOffset - r.highWatermark).length + 1 : 0);
  return (
    <div className={`cv-line ${roleClass(item)}${selected ? ' cv-selected' : ''}${numbers > 4 ? ' cv-line-long' : ''}`}>
      <StripTitle lang={lang} item={item} short />
      <div className="cv-bar" aria-hidden="true">
        <span className="cv-bar-deleted" style={{ width: `${start}%` }} />
        <span className="cv-bar-committed" style={{ left: `${start}%`, width: `${Math.max(0, hw - start)}%` }} />
        <span className="cv-bar-uncommitted" style={{ left: `${hw}%`, width: `${Math.max(0, leo - hw)}%` }} />
      </div>
      {/* The high watermark, and how many records sit above it (not yet committed): short enough for a narrow column. */}
      <span className="cv-nums" title={t(lang, 'cv.replica.numbers', { hw: r.highWatermark, leo: r.logEndOffset })}>
        {r.highWatermark}
        {r.logEndOffset > r.highWatermark ? <span className="cv-above-hw">+{r.logEndOffset - r.highWatermark}</span> : null}
      </span>
    </div>
  );
}

/** A tile: the partition number, ★ for the leader. */
export function ReplicaTile({ lang, item, selected }: StripProps) {
  const r = item.replica;
  return (
    <button
      type="button"
      className={`cv-tile ${roleClass(item)}${selected ? ' cv-selected' : ''}`}
      aria-label={replicaLabel(lang, item)}
      title={replicaLabel(lang, item)}
      onClick={() => select({ kind: 'replica', partition: item.partition.key, broker: r.broker })}
    >
      {item.partition.partition}
      {isLeader(item) ? '★' : ''}
    </button>
  );
}
