/**
 * Failure injection by clicking: the menus of a broker, a consumer, a producer and a control-plane
 * server. Every button sends one command of the scenario format through `act`, so it is recorded
 * in the session and exported with it.
 */
import { useState } from 'react';
import { t, type Lang } from '../../i18n';
import { act } from '../../store';
import type { BrokerView, ConsumerView, ProducerView } from '../../../host/view';
import type { Command } from '../../../scenario/schema';
import { MenuButton } from './Popover';

const PAUSE_MS = 10_000;
const SLOW_CONSUMER_MS_PER_RECORD = 200;
const LINGER_CHOICES = [0, 5, 50, 500];

function ActionButton({ label, command, done, disabled = false }: { label: string; command: Command; done: () => void; disabled?: boolean }) {
  return (
    <button
      type="button"
      disabled={disabled}
      onClick={() => {
        act(command);
        done();
      }}
    >
      {label}
    </button>
  );
}

/** The link part of a broker's menu: pick the other end, then cut, slow down or make lossy. */
function LinkActions({ lang, from, brokerId, nodes, done }: { lang: Lang; from: string; brokerId: number; nodes: string[]; done: () => void }) {
  const others = nodes.filter((n) => n !== from);
  const [to, setTo] = useState<string>(others[0] ?? '');
  const [bothWays, setBothWays] = useState(true);
  const [extraMs, setExtraMs] = useState(200);
  if (others.length === 0) return null;
  const p = { a: from, b: to, ms: extraMs };
  return (
    <fieldset className="cv-link">
      <legend>{t(lang, 'cv.link.heading', { id: brokerId })}</legend>
      <label>
        {t(lang, 'cv.link.to')}{' '}
        <select value={to} onChange={(e) => setTo(e.target.value)}>
          {others.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={bothWays} onChange={(e) => setBothWays(e.target.checked)} /> {t(lang, 'cv.link.bothWays')}
      </label>
      <label>
        {t(lang, 'cv.link.extraMs')}{' '}
        <input type="number" min={1} max={60_000} step={50} value={extraMs} onChange={(e) => setExtraMs(Math.max(1, Math.min(60_000, Math.round(Number(e.target.value) || 1))))} />
      </label>
      <div className="cv-actions">
        <ActionButton label={t(lang, bothWays ? 'cv.link.cut' : 'cv.link.cutOneWay', p)} command={{ do: 'isolate', a: [from], b: [to], oneWay: !bothWays }} done={done} />
        <ActionButton label={t(lang, bothWays ? 'cv.link.slow' : 'cv.link.slowOneWay', p)} command={{ do: 'slowLink', from, to, extraLatencyMs: extraMs, bothWays }} done={done} />
        <ActionButton label={t(lang, bothWays ? 'cv.link.lossy' : 'cv.link.lossyOneWay', p)} command={{ do: 'dropLink', from, to, loss: '1/10', bothWays }} done={done} />
      </div>
    </fieldset>
  );
}

export function BrokerMenu({ lang, broker, nodes }: { lang: Lang; broker: BrokerView; nodes: string[] }) {
  const id = broker.id;
  const up = broker.status === 'running';
  return (
    <MenuButton label={t(lang, 'cv.menu.broker', { id })} icon="⚡">
      {(done) => (
        <>
          <div className="cv-actions">
            <ActionButton label={t(lang, 'cv.act.crash', { id })} command={{ do: 'crashBroker', broker: id }} done={done} disabled={!up} />
            <ActionButton label={t(lang, 'cv.act.powerFail', { id })} command={{ do: 'powerFailBroker', broker: id }} done={done} disabled={!up} />
            <ActionButton label={t(lang, 'cv.act.restart', { id })} command={{ do: 'restartBroker', broker: id }} done={done} disabled={up} />
            <ActionButton label={t(lang, 'cv.act.shutdown', { id })} command={{ do: 'shutdownBroker', broker: id }} done={done} disabled={!up || broker.shuttingDown} />
            <ActionButton
              label={t(lang, 'cv.act.isolate', { id })}
              command={{ do: 'isolate', a: [broker.node], b: nodes.filter((n) => n !== broker.node), oneWay: false }}
              done={done}
              disabled={broker.isolated || nodes.length < 2}
            />
            <ActionButton label={t(lang, 'cv.act.pause', { id })} command={{ do: 'pauseNode', node: broker.node, durationMs: PAUSE_MS }} done={done} disabled={!up || broker.paused} />
          </div>
          <LinkActions lang={lang} from={broker.node} brokerId={id} nodes={nodes} done={done} />
          <div className="cv-actions">
            <ActionButton label={t(lang, 'cv.heal')} command={{ do: 'heal' }} done={done} />
          </div>
        </>
      )}
    </MenuButton>
  );
}

export function ConsumerMenu({ lang, consumer }: { lang: Lang; consumer: ConsumerView }) {
  const name = consumer.name;
  const up = consumer.status === 'running';
  return (
    <MenuButton label={t(lang, 'cv.menu.consumer', { name })} icon="⚡">
      {(done) => (
        <div className="cv-actions">
          <ActionButton label={t(lang, 'cv.act.crashConsumer', { name })} command={{ do: 'crashConsumer', consumer: name }} done={done} disabled={!up} />
          <ActionButton label={t(lang, 'cv.act.pauseConsumer', { name })} command={{ do: 'pauseConsumer', consumer: name, durationMs: PAUSE_MS }} done={done} disabled={!up || consumer.paused} />
          <ActionButton
            label={t(lang, 'cv.act.slowConsumer', { name })}
            command={{ do: 'slowConsumer', consumer: name, processingMsPerRecord: SLOW_CONSUMER_MS_PER_RECORD }}
            done={done}
            disabled={!up}
          />
          <ActionButton label={t(lang, 'cv.act.fastConsumer', { name })} command={{ do: 'slowConsumer', consumer: name, processingMsPerRecord: 0 }} done={done} disabled={!up} />
          <ActionButton label={t(lang, 'cv.act.addConsumer', { group: consumer.groupId })} command={{ do: 'addConsumer', groupId: consumer.groupId }} done={done} />
        </div>
      )}
    </MenuButton>
  );
}

export function ProducerMenu({ lang, producer }: { lang: Lang; producer: ProducerView }) {
  const id = producer.id;
  return (
    <MenuButton label={t(lang, 'cv.menu.producer', { id })} icon="⚙">
      {(done) => (
        <>
          <div className="cv-actions cv-row">
            {['0', '1', 'all'].map((acks) => (
              <ActionButton key={acks} label={t(lang, 'cv.act.acks', { acks, id })} command={{ do: 'setProducerConfig', producer: id, config: { acks } }} done={done} disabled={producer.acks === acks} />
            ))}
          </div>
          <div className="cv-actions cv-row">
            {LINGER_CHOICES.map((ms) => (
              <ActionButton key={ms} label={t(lang, 'cv.act.linger', { ms, id })} command={{ do: 'setProducerConfig', producer: id, config: { 'linger.ms': ms } }} done={done} disabled={producer.lingerMs === ms} />
            ))}
          </div>
        </>
      )}
    </MenuButton>
  );
}

/** A ZooKeeper server or a KRaft controller: crash, restart, pause. */
export function ControlNodeMenu({ lang, node, up }: { lang: Lang; node: string; up: boolean }) {
  return (
    <MenuButton label={t(lang, 'cv.menu.node', { node })} icon="⚡">
      {(done) => (
        <div className="cv-actions">
          <ActionButton label={t(lang, 'cv.act.crashNode', { node })} command={{ do: 'crashNode', node }} done={done} disabled={!up} />
          <ActionButton label={t(lang, 'cv.act.restartNode', { node })} command={{ do: 'restartNode', node }} done={done} disabled={up} />
          <ActionButton label={t(lang, 'cv.act.pauseNode', { node })} command={{ do: 'pauseNode', node, durationMs: PAUSE_MS }} done={done} disabled={!up} />
        </div>
      )}
    </MenuButton>
  );
}
