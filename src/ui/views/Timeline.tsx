import { useMemo } from 'react';
import { scaleLinear } from 'd3-scale';
import { formatSimTime, t } from '../i18n';
import { pause, seek, useUi } from '../store';
import { timelineTicks } from '../layout/timeline';

const WIDTH = 1000;
const HEIGHT = 34;

/** The whole run as a bar: computed part, markers for faults, elections, rebalances and findings; drag or click to seek. */
export function Timeline() {
  const lang = useUi((s) => s.lang);
  const view = useUi((s) => s.view);
  const nowMs = useUi((s) => s.frame?.nowMs ?? s.view?.nowMs ?? 0);
  const markers = view?.markers;
  const durationMs = view?.durationMs ?? 1;
  const x = useMemo(() => scaleLinear().domain([0, durationMs]).range([0, WIDTH]), [durationMs]);
  const ticks = useMemo(() => timelineTicks(durationMs, 8), [durationMs]);
  if (view === null) return null;
  return (
    <section className="timeline" aria-label={t(lang, 'timeline.heading')}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" aria-hidden="true" className="timeline-svg">
        <rect x={0} y={12} width={WIDTH} height={10} className="timeline-track" />
        <rect x={0} y={12} width={x(view.headMs)} height={10} className="timeline-computed" />
        {ticks.map((tick) => (
          <line key={tick} x1={x(tick)} x2={x(tick)} y1={24} y2={30} className="timeline-tick" />
        ))}
        {(markers ?? []).map((m, i) => (
          <rect key={`${m.atMs}-${i}`} x={x(m.atMs) - 1.5} y={m.kind === 'finding' ? 0 : 4} width={3} height={m.kind === 'finding' ? 34 : 26} className={`marker marker-${m.kind}`} />
        ))}
        <rect x={x(nowMs) - 2} y={0} width={4} height={HEIGHT} className="timeline-now" />
      </svg>
      <input
        type="range"
        min={0}
        max={durationMs}
        step={1}
        value={nowMs}
        aria-label={t(lang, 'timeline.seek')}
        aria-valuetext={formatSimTime(nowMs)}
        onChange={(e) => {
          pause();
          seek(Number(e.target.value));
        }}
        className="timeline-range"
      />
      <div className="timeline-legend" aria-hidden="true">
        <span className="key marker-fault">{t(lang, 'timeline.fault')}</span>
        <span className="key marker-election">{t(lang, 'timeline.election')}</span>
        <span className="key marker-rebalance">{t(lang, 'timeline.rebalance')}</span>
        <span className="key marker-finding">{t(lang, 'timeline.finding')}</span>
        <span className="muted">{t(lang, 'timeline.computed', { time: formatSimTime(view.headMs) })}</span>
      </div>
    </section>
  );
}
