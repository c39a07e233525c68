import { useEffect } from 'react';
import { formatSimTime, t, type Lang } from './i18n';
import { pause, play, runToEnd, setLang, setSpeed, SPEEDS, stepEvent, tick, togglePlay, useUi } from './store';

function useAnimationLoop(): void {
  useEffect(() => {
    let last = performance.now();
    let frame = requestAnimationFrame(function loop(now) {
      tick(now - last);
      last = now;
      frame = requestAnimationFrame(loop);
    });
    return () => cancelAnimationFrame(frame);
  }, []);
}

function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement) return;
      if (e.key === ' ') {
        e.preventDefault();
        togglePlay();
      } else if (e.key === 'ArrowRight') {
        e.preventDefault();
        stepEvent();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function speedLabel(speed: number): string {
  return speed < 1 ? `1/${Math.round(1 / speed)}×` : `${speed}×`;
}

export function App() {
  useAnimationLoop();
  useKeyboard();
  const view = useUi((s) => s.view);
  const loadError = useUi((s) => s.loadError);
  const playing = useUi((s) => s.playing);
  const speed = useUi((s) => s.speed);
  const lang = useUi((s) => s.lang);

  return (
    <div className="app">
      <header className="topbar">
        <h1>
          {t(lang, 'app.title')} <span className="tagline">{t(lang, 'app.tagline')}</span>
        </h1>
        <label className="lang">
          {t(lang, 'controls.language')}{' '}
          <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} aria-label={t(lang, 'controls.language')}>
            <option value="en">English</option>
            <option value="fr">Français</option>
          </select>
        </label>
      </header>
      {loadError !== null && (
        <section role="alert" className="error">
          <h2>{t(lang, 'error.heading')}</h2>
          <pre>{loadError}</pre>
        </section>
      )}
      {view !== null && (
        <main>
          <section className="status" aria-label="status">
            <div>
              <span className="label">{t(lang, 'status.scenario')}</span>
              <span data-testid="scenario-name">{view.title?.[lang] ?? view.scenarioName}</span>
            </div>
            <div>
              <span className="label">{t(lang, 'status.clock')}</span>
              <span data-testid="clock" className="clock">
                {formatSimTime(view.nowMs)}
              </span>
              <span className="muted"> / {formatSimTime(view.durationMs)}</span>
            </div>
            <div>
              <span className="label">{t(lang, 'status.seed')}</span>
              <span data-testid="seed">{view.seed}</span>
            </div>
            <div>
              <span className="label">{t(lang, 'status.traceHash')}</span>
              <code data-testid="trace-hash">{view.traceHash}</code>
            </div>
            <div>
              <span className="label">{t(lang, 'status.steps')}</span>
              <span data-testid="steps">{view.steps}</span>
            </div>
          </section>
          <section className="controls" aria-label="playback">
            {playing ? (
              <button onClick={pause} aria-label={t(lang, 'controls.pause')}>
                ❚❚ {t(lang, 'controls.pause')}
              </button>
            ) : (
              <button onClick={play} aria-label={t(lang, 'controls.play')}>
                ▶ {t(lang, 'controls.play')}
              </button>
            )}
            <button onClick={stepEvent} aria-label={t(lang, 'controls.step')}>
              › {t(lang, 'controls.step')}
            </button>
            <button onClick={runToEnd} aria-label={t(lang, 'controls.runToEnd')}>
              » {t(lang, 'controls.runToEnd')}
            </button>
            <label>
              {t(lang, 'controls.speed')}{' '}
              <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} aria-label={t(lang, 'controls.speed')}>
                {SPEEDS.map((s) => (
                  <option key={s} value={s}>
                    {speedLabel(s)}
                  </option>
                ))}
              </select>
            </label>
          </section>
          <section className="brokers" aria-label={t(lang, 'brokers.heading')}>
            <h2>
              {t(lang, 'brokers.heading')}{' '}
              <span className="muted" data-testid="control-plane">
                {t(lang, view.controlPlane.mode === 'kraft' ? 'controlPlane.kraft' : 'controlPlane.zookeeper', { id: view.controlPlane.controllerId, epoch: view.controlPlane.epoch })}
              </span>
            </h2>
            <ul>
              {view.brokers.map((b) => {
                const status = b.paused ? 'paused' : b.status;
                return (
                  <li key={b.id} className={`broker ${status}`} data-testid={`broker-${b.id}`}>
                    <strong>
                      {t(lang, 'broker.label', { id: b.id })}
                      {b.controller && <span className="crown" title={t(lang, 'broker.controller')}> ♛ {t(lang, 'broker.controller')}</span>}
                    </strong>
                    <span>{t(lang, `broker.status.${status}` as 'broker.status.running')}</span>
                  </li>
                );
              })}
            </ul>
          </section>
          <section className="partitions" aria-label={t(lang, 'partitions.heading')}>
            <h2>{t(lang, 'partitions.heading')}</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(lang, 'partitions.partition')}</th>
                  <th scope="col">{t(lang, 'partitions.leader')}</th>
                  <th scope="col">{t(lang, 'partitions.isr')}</th>
                  <th scope="col">{t(lang, 'partitions.replicas')}</th>
                </tr>
              </thead>
              <tbody>
                {view.partitions.map((p) => (
                  <tr key={p.key} data-testid={`partition-${p.key}`}>
                    <th scope="row">{p.key}</th>
                    <td className="leader">{p.leader >= 0 ? p.leader : '—'}</td>
                    <td>{p.isr.join(', ')}</td>
                    <td className="replicas">
                      {p.replicas.map((r) => (
                        <span key={r.broker} className={`replica ${r.role}`}>
                          {r.role === 'leader' ? '★ ' : ''}
                          {r.broker}: {r.logEndOffset} / {r.highWatermark}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="clients" aria-label={t(lang, 'clients.heading')}>
            <h2>{t(lang, 'clients.heading')}</h2>
            <ul>
              {view.producers.map((p) => (
                <li key={p.id}>{t(lang, 'clients.producer', { id: p.id, acked: p.acknowledged, failed: p.failed })}</li>
              ))}
              {view.consumers.map((c) => (
                <li key={c.name}>{t(lang, 'clients.consumer', { name: c.name, partitions: c.assigned.join(', ') || '—', delivered: c.delivered })}</li>
              ))}
            </ul>
          </section>
          <section className="log" aria-label={t(lang, 'log.heading')}>
            <h2>{t(lang, 'log.heading')}</h2>
            {view.lastEvents.length === 0 ? (
              <p className="muted">{t(lang, 'log.empty')}</p>
            ) : (
              <ol>
                {view.lastEvents.map((e) => (
                  <li key={e.index}>
                    <span className="time">{formatSimTime(e.atMs)}</span> <code>{e.text}</code>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </main>
      )}
    </div>
  );
}
