/** Above the cluster: which topics, how much detail, colour by key or producer and its legend, the wire toggles, heal all. */
import { t, type Lang } from '../../i18n';
import { act, toggleWireKind, useUi } from '../../store';
import { WIRE_KINDS, type Density } from '../../layout/cluster';

export type ColourBy = 'key' | 'producer';

export interface ToolbarProps {
  lang: Lang;
  topics: string[];
  topic: string;
  setTopic: (t: string) => void;
  detail: Density | 'auto';
  setDetail: (d: Density | 'auto') => void;
  colourBy: ColourBy;
  setColourBy: (c: ColourBy) => void;
  /** Legend entries: label and colour class. */
  legend: { label: string; cls: string }[];
  legendMore: number;
}

export function Toolbar({ lang, topics, topic, setTopic, detail, setDetail, colourBy, setColourBy, legend, legendMore }: ToolbarProps) {
  const kinds = useUi((s) => s.wireKinds);
  return (
    <div className="cv-toolbar" role="group" aria-label={t(lang, 'cv.toolbar')}>
      <div className="cv-toolbar-row">
        <label className="inline">
          <span className="cv-small">{t(lang, 'cv.topic')}</span>
          <select value={topic} onChange={(e) => setTopic(e.target.value)}>
            <option value="all">{t(lang, 'cv.topic.all')}</option>
            {topics.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <span className="cv-small">{t(lang, 'cv.detail')}</span>
          <select value={detail} onChange={(e) => setDetail(e.target.value as Density | 'auto')}>
            {(['auto', 'records', 'offsets', 'tiles'] as const).map((d) => (
              <option key={d} value={d}>
                {t(lang, `cv.detail.${d}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <span className="cv-small">{t(lang, 'cv.colourBy')}</span>
          <select value={colourBy} onChange={(e) => setColourBy(e.target.value as ColourBy)}>
            <option value="key">{t(lang, 'cv.colourBy.key')}</option>
            <option value="producer">{t(lang, 'cv.colourBy.producer')}</option>
          </select>
        </label>
        <details className="cv-wire-menu">
          <summary>{t(lang, 'cv.wire.menu')}</summary>
          <fieldset aria-label={t(lang, 'cv.wire.menu')}>
            {WIRE_KINDS.map((k) => (
              <label key={k} className="cv-wire-toggle">
                <input type="checkbox" checked={kinds[k]} onChange={() => toggleWireKind(k)} />
                <span className={`cv-swatch wire-${k}`} aria-hidden="true" />
                {t(lang, `cv.wire.${k}`)}
              </label>
            ))}
          </fieldset>
        </details>
      </div>
      <div className="cv-legend" aria-label={t(lang, 'cv.legend')} title={t(lang, 'cv.legend.markers')}>
        <span className="cv-legend-role cv-leader">★ {t(lang, 'cv.legend.leader')}</span>
        <span className="cv-legend-role cv-follower">{t(lang, 'cv.legend.follower')}</span>
        <span className="cv-legend-role cv-follower cv-out-of-isr">{t(lang, 'cv.legend.outOfIsr')}</span>
        <span className="cv-legend-sep" aria-hidden="true">|</span>
        {legend.map((l) => (
          <span key={l.label} className="cv-legend-colour">
            <span className={`cv-chip ${l.cls}`} aria-hidden="true" />
            {l.label}
          </span>
        ))}
        {legendMore > 0 && <span className="cv-small">{t(lang, 'cv.legend.more', { n: legendMore })}</span>}
        {/* On the legend's row, so the options above keep to one line at 1280×720 (every row taken here is taken from the brokers). */}
        <button type="button" className="cv-heal" onClick={() => act({ do: 'heal' })} aria-label={t(lang, 'cv.heal')} title={t(lang, 'cv.heal')}>
          ✚ {t(lang, 'cv.healShort')}
        </button>
      </div>
    </div>
  );
}
