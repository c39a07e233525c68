import { formatSimTime, t } from '../i18n';
import { pause, play, runToEnd, setSpeed, SPEEDS, stepBack, stepEvent, stepToNextInteresting, stopComputing, useUi } from '../store';

export function speedLabel(speed: number): string {
  return speed < 1 ? `1/${Math.round(1 / speed)}×` : `${speed}×`;
}

/** Play, pause, step, next interesting event, run to the end, speed; the clock, seed and trace hash. */
export function Transport() {
  const lang = useUi((s) => s.lang);
  const playing = useUi((s) => s.playing);
  const speed = useUi((s) => s.speed);
  const nowMs = useUi((s) => s.frame?.nowMs ?? s.view?.nowMs ?? 0);
  const view = useUi((s) => s.view);
  const computing = useUi((s) => s.computing);
  if (view === null) return null;
  const percent = computing === null ? 0 : Math.floor((100 * (computing.doneMs - computing.fromMs)) / Math.max(1, computing.targetMs - computing.fromMs));
  return (
    <section className="transport" aria-label={t(lang, 'transport.heading')}>
      <div className="buttons">
        {playing ? (
          <button type="button" onClick={pause} aria-label={t(lang, 'controls.pause')} className="primary">
            ❚❚ <span className="label-text">{t(lang, 'controls.pause')}</span>
          </button>
        ) : (
          <button type="button" onClick={play} aria-label={t(lang, 'controls.play')} className="primary">
            ▶ <span className="label-text">{t(lang, 'controls.play')}</span>
          </button>
        )}
        <button type="button" onClick={stepBack} aria-label={t(lang, 'controls.stepBack')} title={t(lang, 'controls.stepBack')}>
          ‹
        </button>
        <button type="button" onClick={stepEvent} aria-label={t(lang, 'controls.step')} title={t(lang, 'controls.step')}>
          ›
        </button>
        <button type="button" onClick={stepToNextInteresting} aria-label={t(lang, 'controls.next')} title={t(lang, 'controls.next')}>
          ⇥
        </button>
        <button type="button" onClick={runToEnd} aria-label={t(lang, 'controls.runToEnd')} title={t(lang, 'controls.runToEnd')}>
          »
        </button>
        {computing !== null ? (
          <span className="computing" role="status">
            <progress max={100} value={percent} aria-label={t(lang, 'computing.label')} />
            <span>{t(lang, 'computing.progress', { percent })}</span>
            <button type="button" onClick={stopComputing}>
              {t(lang, 'computing.stop')}
            </button>
          </span>
        ) : null}
        <label className="inline">
          {t(lang, 'controls.speed')}{' '}
          <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} aria-label={t(lang, 'controls.speed')}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {speedLabel(s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <dl className="readouts">
        <div>
          <dt>{t(lang, 'status.clock')}</dt>
          <dd>
            <span data-testid="clock" className="clock">
              {formatSimTime(nowMs)}
            </span>
            <span className="muted"> / {formatSimTime(view.durationMs)}</span>
          </dd>
        </div>
        <div>
          <dt>{t(lang, 'status.speed')}</dt>
          <dd data-testid="speed">{speedLabel(speed)}</dd>
        </div>
        <div>
          <dt>{t(lang, 'status.seed')}</dt>
          <dd data-testid="seed">{view.seed}</dd>
        </div>
        <div>
          <dt>{t(lang, 'status.traceHash')}</dt>
          <dd>
            <code data-testid="trace-hash">{view.traceHash}</code>
          </dd>
        </div>
        <div>
          <dt>{t(lang, 'status.steps')}</dt>
          <dd data-testid="steps">{view.steps}</dd>
        </div>
        {/* The picker shows the scenario; this copy is for screen readers and tests. */}
        <div className="readout-scenario">
          <dt>{t(lang, 'status.scenario')}</dt>
          <dd data-testid="scenario-name">{view.title?.[lang] ?? view.scenarioName}</dd>
        </div>
      </dl>
    </section>
  );
}
