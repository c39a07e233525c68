/** A broker as a column: its id, the controller's crown, its status in words and symbols, its replicas. */
import { t, type Lang } from '../../i18n';
import { select, type Selection } from '../../store';
import type { BrokerView, RecordCell } from '../../../host/view';
import { offsetsLineHeight, type Box, type Density } from '../../layout/cluster';
import { BrokerMenu } from './Menus';
import type { Anchor } from './Popover';
import { OffsetsStrip, RecordStrip, ReplicaTile, type ReplicaItem } from './Replicas';

/** The broker's states, each a symbol and a word (never colour alone). */
export function brokerStates(lang: Lang, b: BrokerView): { cls: string; sym: string; word: string }[] {
  const out: { cls: string; sym: string; word: string }[] = [];
  if (b.status === 'crashed') out.push({ cls: 'bad', sym: '✕', word: t(lang, 'cv.broker.crashed') });
  else if (b.status === 'stopped') out.push({ cls: 'bad', sym: '■', word: t(lang, 'cv.broker.stopped') });
  if (b.shuttingDown) out.push({ cls: 'warn', sym: '↓', word: t(lang, 'cv.broker.shuttingDown') });
  if (b.paused) out.push({ cls: 'warn', sym: '⏸', word: t(lang, 'cv.broker.paused') });
  if (b.fenced) out.push({ cls: 'warn', sym: '⛔', word: t(lang, 'cv.broker.fenced') });
  if (b.isolated) out.push({ cls: 'bad', sym: '⊘', word: t(lang, 'cv.broker.isolated') });
  else if (b.degradedLinks > 0) out.push({ cls: 'warn', sym: '⚠', word: t(lang, 'cv.broker.degraded', { n: b.degradedLinks }) });
  if (out.length === 0) out.push({ cls: 'ok', sym: '●', word: t(lang, 'cv.broker.running') });
  return out;
}

export interface BrokerColumnProps {
  lang: Lang;
  broker: BrokerView;
  box: Box;
  density: Density;
  items: ReplicaItem[];
  nodes: string[];
  selection: Selection | null;
  colourOf: (r: RecordCell) => string;
  onRecord: (partition: string, offset: number, anchor: Anchor) => void;
}

export function BrokerColumn({ lang, broker, box, density, items, nodes, selection, colourOf, onRecord }: BrokerColumnProps) {
  const down = broker.status !== 'running';
  const selectedBroker = selection?.kind === 'broker' && selection.id === broker.id;
  const states = brokerStates(lang, broker);
  /** Room for the word "controller" beside the name. */
  const wide = box.w >= (lang === 'fr' ? 230 : 180);
  const topics: { topic: string; items: ReplicaItem[] }[] = [];
  for (const item of items) {
    const last = topics[topics.length - 1];
    if (last !== undefined && last.topic === item.partition.topic) last.items.push(item);
    else topics.push({ topic: item.partition.topic, items: [item] });
  }
  const stripProps = (item: ReplicaItem) => ({
    lang,
    item,
    selected: selection?.kind === 'replica' && selection.partition === item.partition.key && selection.broker === broker.id,
    selectedOffset: selection?.kind === 'record' && selection.partition === item.partition.key ? selection.offset : null,
    colourOf,
    onRecord,
  });
  return (
    <section
      className={`cv-broker${down ? ' cv-down' : ''}${broker.paused ? ' cv-paused' : ''}${broker.isolated ? ' cv-isolated' : ''}${broker.fenced ? ' cv-fenced' : ''}${selectedBroker ? ' cv-selected' : ''}`}
      style={{ left: box.x, top: box.y, width: box.w, height: box.h }}
      aria-label={`${t(lang, 'cv.broker.title', { id: broker.id })}: ${states.map((s) => s.word).join(', ')}`}
      data-testid={`broker-${broker.id}`}
    >
      <header className="cv-broker-head">
        <div className="cv-broker-line">
          <button type="button" className="cv-broker-name" onClick={() => select({ kind: 'broker', id: broker.id })}>
            {t(lang, 'cv.broker.title', { id: broker.id })}
          </button>
          {broker.controller && wide ? <span className="cv-crown">{t(lang, 'cv.broker.controller')}</span> : null}
          <BrokerMenu lang={lang} broker={broker} nodes={nodes} />
        </div>
        <div className="cv-broker-line cv-small">
          {/* In a narrow box the crown goes to the second line: the fault menu must stay in reach. */}
          {broker.controller && !wide ? (
            <span className="cv-crown" title={t(lang, 'cv.broker.controller')} aria-label={t(lang, 'cv.broker.controller')}>
              ♛
            </span>
          ) : null}
          {states.map((s) => (
            <span key={s.word} className={`cv-status cv-status-${s.cls}`}>
              <span aria-hidden="true">{s.sym}</span> {s.word}
            </span>
          ))}
          <span className="cv-counts" title={t(lang, 'cv.broker.countsLong', { leads: broker.leads, follows: broker.follows })}>
            {t(lang, 'cv.broker.counts', { leads: broker.leads, follows: broker.follows })}
          </span>
        </div>
      </header>
      <div
        className={`cv-replicas cv-density-${density}`}
        style={density === 'offsets' ? ({ '--line-h': `${offsetsLineHeight(box.h, items.length, topics.length > 1 ? topics.length : 0)}px` } as React.CSSProperties) : undefined}
      >
        {items.length === 0 && <p className="cv-empty">{t(lang, 'cv.broker.empty')}</p>}
        {density === 'records' && items.map((item) => <RecordStrip key={item.partition.key} {...stripProps(item)} />)}
        {density === 'offsets' &&
          topics.map((g) => (
            <div key={g.topic} className="cv-offsets">
              {topics.length > 1 && <span className="cv-tiles-topic">{g.topic}</span>}
              {g.items.map((item) => (
                <OffsetsStrip key={item.partition.key} {...stripProps(item)} />
              ))}
            </div>
          ))}
        {density === 'tiles' &&
          topics.map((g) => (
            <div key={g.topic} className="cv-tiles">
              <span className="cv-tiles-topic">{g.topic}</span>
              {g.items.map((item) => (
                <ReplicaTile key={item.partition.key} {...stripProps(item)} />
              ))}
            </div>
          ))}
      </div>
    </section>
  );
}
