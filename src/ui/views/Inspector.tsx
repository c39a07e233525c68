/**
 * The inspector (issue 6, part 8): the full state of what is selected (a broker, a replica, a
 * partition, a producer, a consumer, a group, a record, a ZooKeeper server, a KRaft controller),
 * read from the session's world at the current time, as key/value tables; the lifecycles as lit
 * state machines; the raw state as collapsible JSON at the bottom. Related things are buttons
 * that inspect them (a broker's replicas, a replica's records…). With nothing selected it says
 * how to select, and lists everything there is to inspect.
 */
import type { ReactNode } from 'react';
import type { View } from '../../host/view';
import type { KafkaState } from '../../kafka/state';
import { findRecord } from '../../kafka/log/read';
import { formatSimTime, t, type Lang, type MessageKey } from '../i18n';
import { getSession, select, useUi, type Selection } from '../store';
import { KeyValue, show, type Row } from './panels/KeyValue';
import { StateMachine } from './panels/StateMachine';
import {
  BROKER_LIFECYCLE,
  CONSUMER_STATUS,
  GROUP_STATE,
  ISR_MEMBERSHIP,
  KRAFT_BROKER_STATE,
  KRAFT_FENCING,
  MEMBER_STATE,
  PRODUCER_STATUS,
  RAFT_ROLE,
  REPLICA_ROLE,
  ZK_SERVER_ROLE,
  ZK_SESSION,
} from './panels/machines';
import './panels.css';

const RAW_LIMIT = 40_000;
const RECORDS_LISTED = 10;

/** JSON of a piece of state, long arrays cut, the whole capped (a broker holds whole logs). */
function rawJson(value: unknown): string {
  const text = JSON.stringify(
    value,
    (_k, v: unknown) => {
      if (ArrayBuffer.isView(v)) return `(${(v as Uint8Array).length} bytes)`;
      if (Array.isArray(v) && v.length > 20) return [...v.slice(0, 20), `… ${v.length - 20} more`];
      return v;
    },
    2,
  );
  return text.length > RAW_LIMIT ? `${text.slice(0, RAW_LIMIT)}\n…` : text;
}

function Raw({ value, lang }: { value: unknown; lang: Lang }) {
  return (
    <details className="pn-details">
      <summary>{t(lang, 'inspector.raw')}</summary>
      <pre className="pn-raw">{rawJson(value)}</pre>
    </details>
  );
}

/** A config map as a collapsible key/value table. */
function Config({ config, lang, open = false }: { config: object; lang: Lang; open?: boolean }) {
  const rows: Row[] = Object.entries(config).map(([k, v]) => [k, show(v, 'true', 'false', 'null')]);
  return (
    <details className="pn-details" open={open}>
      <summary>{t(lang, 'inspector.config', { n: rows.length })}</summary>
      <KeyValue rows={rows} />
    </details>
  );
}

function Pick({ to, children }: { to: Selection; children: ReactNode }) {
  return (
    <button type="button" className="linklike" onClick={() => select(to)}>
      {children}
    </button>
  );
}

function yesNo(lang: Lang, v: boolean): string {
  return t(lang, v ? 'inspector.yes' : 'inspector.no');
}

function time(ms: number): string {
  return ms < 0 ? '–' : formatSimTime(ms);
}

// ------------------------------------------------------------------------------------ kinds

function Broker({ id, m, view, lang }: { id: number; m: KafkaState; view: View; lang: Lang }) {
  const b = m.brokers[String(id)];
  const bv = view.brokers.find((x) => x.id === id);
  if (b === undefined || bv === undefined) return <Gone lang={lang} />;
  const replicas = Object.values(b.replicas).sort((a, c) => (a.topic === c.topic ? a.partition - c.partition : a.topic < c.topic ? -1 : 1));
  const user = replicas.filter((r) => !r.topic.startsWith('__'));
  const internal = replicas.length - user.length;
  const rows: Row[] = [
    [t(lang, 'inspector.node'), bv.node],
    [t(lang, 'inspector.rack'), b.rack ?? '–'],
    [t(lang, 'inspector.status'), t(lang, `state.${b.status}`)],
    [t(lang, 'inspector.paused'), yesNo(lang, bv.paused)],
    [t(lang, 'inspector.starts'), b.starts],
    [t(lang, 'inspector.isController'), yesNo(lang, b.controller !== null)],
    [t(lang, 'inspector.knownController'), b.controllerId >= 0 ? b.controllerId : '–'],
    [t(lang, 'inspector.controllerEpoch'), b.controllerEpoch],
    [t(lang, 'inspector.liveBrokers'), show(b.liveBrokers, '', '')],
    [t(lang, 'inspector.shuttingDown'), yesNo(lang, b.shuttingDown)],
    [t(lang, 'inspector.leadsFollows'), t(lang, 'inspector.leadsFollowsValue', { leads: bv.leads, follows: bv.follows })],
    [t(lang, 'inspector.links'), bv.isolated ? t(lang, 'inspector.isolated') : bv.degradedLinks > 0 ? t(lang, 'inspector.degraded', { n: bv.degradedLinks }) : t(lang, 'inspector.linksOk')],
  ];
  if (b.kraft !== null) rows.push([t(lang, 'inspector.brokerEpoch'), b.kraft.brokerEpoch]);
  if (b.zk !== null) rows.push([t(lang, 'inspector.zkSessionId'), b.zk.sessionId === 0 ? '–' : b.zk.sessionId]);
  return (
    <>
      <h3>{t(lang, 'inspector.broker', { id })}</h3>
      <StateMachine machine={BROKER_LIFECYCLE} current={b.status} lang={lang} />
      {b.kraft !== null ? (
        <>
          <StateMachine machine={KRAFT_FENCING} current={b.fenced ? 'fenced' : 'unfenced'} lang={lang} />
          <StateMachine machine={KRAFT_BROKER_STATE} current={b.kraft.lifecycle} lang={lang} />
        </>
      ) : null}
      {b.zk !== null ? <StateMachine machine={ZK_SESSION} current={b.zk.status} lang={lang} /> : null}
      <KeyValue rows={rows} />
      <table className="pn-table">
        <caption>{t(lang, 'inspector.replicasOn', { id, internal })}</caption>
        <thead>
          <tr>
            <th scope="col">{t(lang, 'groups.col.partition')}</th>
            <th scope="col">{t(lang, 'inspector.role')}</th>
            <th scope="col">{t(lang, 'inspector.leo')}</th>
            <th scope="col">{t(lang, 'inspector.hw')}</th>
          </tr>
        </thead>
        <tbody>
          {user.map((r) => (
            <tr key={`${r.topic}-${r.partition}`}>
              <th scope="row">
                <Pick to={{ kind: 'replica', partition: `${r.topic}-${r.partition}`, broker: id }}>{`${r.topic}-${r.partition}`}</Pick>
              </th>
              <td>{t(lang, r.role === 'leader' ? 'state.leader' : 'state.follower')}</td>
              <td>{r.log.logEndOffset}</td>
              <td>{r.log.highWatermark}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Config config={b.config} lang={lang} />
      <Raw value={{ ...b, replicas: Object.keys(b.replicas), metadata: `(${Object.keys(b.metadata).length} partitions)` }} lang={lang} />
    </>
  );
}

function RecordList({ partition, broker, m, lang }: { partition: string; broker: number; m: KafkaState; lang: Lang }) {
  const r = m.brokers[String(broker)]?.replicas[partition];
  if (r === undefined || r.log.logEndOffset === r.log.logStartOffset) return <p className="muted">{t(lang, 'inspector.noRecords')}</p>;
  const offsets: number[] = [];
  for (let o = r.log.logEndOffset - 1; o >= r.log.logStartOffset && offsets.length < RECORDS_LISTED; o--) offsets.push(o);
  return (
    <div>
      <h4>{t(lang, 'inspector.newestRecords', { n: offsets.length })}</h4>
      <ul className="pn-inline-list">
        {offsets.map((o) => (
          <li key={o}>
            <Pick to={{ kind: 'record', partition, offset: o }}>{t(lang, 'inspector.offset', { n: o })}</Pick>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Replica({ partition, broker, m, view, lang }: { partition: string; broker: number; m: KafkaState; view: View; lang: Lang }) {
  const b = m.brokers[String(broker)];
  const r = b?.replicas[partition];
  if (b === undefined || r === undefined) return <Gone lang={lang} />;
  const pv = view.partitions.find((p) => p.key === partition);
  const inIsr = pv !== undefined ? pv.isr.includes(broker) : r.state.isr.includes(broker);
  const rows: Row[] = [
    [t(lang, 'inspector.partition'), <Pick to={{ kind: 'partition', partition }}>{partition}</Pick>],
    [t(lang, 'inspector.onBroker'), <Pick to={{ kind: 'broker', id: broker }}>{t(lang, 'inspector.broker', { id: broker })}</Pick>],
    [t(lang, 'inspector.brokerStatus'), t(lang, `state.${b.status}`)],
    [t(lang, 'inspector.leaderAsKnown'), r.state.leader],
    [t(lang, 'inspector.leaderEpoch'), r.state.leaderEpoch],
    [t(lang, 'inspector.partitionEpoch'), r.state.partitionEpoch],
    [t(lang, 'inspector.isr'), show(pv?.isr ?? r.state.isr, '', '')],
    [t(lang, 'inspector.replicas'), show(r.state.replicas, '', '')],
    [t(lang, 'inspector.logStart'), r.log.logStartOffset],
    [t(lang, 'inspector.leo'), r.log.logEndOffset],
    [t(lang, 'inspector.hw'), r.log.highWatermark],
    [t(lang, 'inspector.flushed'), r.log.flushedOffset],
    [t(lang, 'inspector.segments'), r.log.segments.length],
    [t(lang, 'inspector.epochCache'), r.log.epochs.map((e) => `${e.epoch}@${e.startOffset}`).join(', ') || '–'],
  ];
  if (r.role === 'leader' && r.pendingIsr !== null) rows.push([t(lang, 'inspector.pendingIsr'), show(r.pendingIsr, '', '')]);
  const followers = Object.values(r.followers);
  return (
    <>
      <h3>{t(lang, 'inspector.replica', { partition, broker })}</h3>
      <StateMachine machine={REPLICA_ROLE} current={r.role} lang={lang} />
      <StateMachine machine={ISR_MEMBERSHIP} current={inIsr ? 'in' : 'out'} lang={lang} />
      <KeyValue rows={rows} />
      {r.role === 'leader' && followers.length > 0 ? (
        <table className="pn-table">
          <caption>{t(lang, 'inspector.followers')}</caption>
          <thead>
            <tr>
              <th scope="col">{t(lang, 'inspector.brokerCol')}</th>
              <th scope="col">{t(lang, 'inspector.leo')}</th>
              <th scope="col">{t(lang, 'inspector.lastFetch')}</th>
              <th scope="col">{t(lang, 'inspector.caughtUp')}</th>
            </tr>
          </thead>
          <tbody>
            {followers.map((f) => (
              <tr key={f.brokerId}>
                <th scope="row">{f.brokerId}</th>
                <td>{f.logEndOffset}</td>
                <td>{time(f.lastFetchAtMs)}</td>
                <td>{time(f.lastCaughtUpAtMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <RecordList partition={partition} broker={broker} m={m} lang={lang} />
      <Config config={r.config} lang={lang} />
      <Raw value={{ ...r, log: { ...r.log, segments: `(${r.log.segments.length} segments)` } }} lang={lang} />
    </>
  );
}

function Partition({ partition, m, view, lang }: { partition: string; m: KafkaState; view: View; lang: Lang }) {
  const pv = view.partitions.find((p) => p.key === partition);
  if (pv === undefined) return <Gone lang={lang} />;
  const rows: Row[] = [
    [t(lang, 'inspector.topic'), pv.topic],
    [t(lang, 'inspector.leader'), pv.leader >= 0 ? <Pick to={{ kind: 'broker', id: pv.leader }}>{t(lang, 'inspector.broker', { id: pv.leader })}</Pick> : t(lang, 'inspector.noLeader')],
    [t(lang, 'inspector.leaderEpoch'), pv.leaderEpoch],
    [t(lang, 'inspector.isr'), show(pv.isr, '', '')],
    [t(lang, 'inspector.replicas'), show(pv.replicas.map((r) => r.broker), '', '')],
  ];
  return (
    <>
      <h3>{t(lang, 'inspector.partitionTitle', { partition })}</h3>
      <KeyValue rows={rows} />
      <table className="pn-table">
        <caption>{t(lang, 'inspector.replicasOf', { partition })}</caption>
        <thead>
          <tr>
            <th scope="col">{t(lang, 'inspector.brokerCol')}</th>
            <th scope="col">{t(lang, 'inspector.role')}</th>
            <th scope="col">{t(lang, 'inspector.isr')}</th>
            <th scope="col">{t(lang, 'inspector.leo')}</th>
            <th scope="col">{t(lang, 'inspector.hw')}</th>
          </tr>
        </thead>
        <tbody>
          {pv.replicas.map((r) => (
            <tr key={r.broker}>
              <th scope="row">
                <Pick to={{ kind: 'replica', partition, broker: r.broker }}>{t(lang, 'inspector.broker', { id: r.broker })}</Pick>
              </th>
              <td>{r.offline ? t(lang, 'inspector.offline') : r.role === 'none' ? '–' : t(lang, r.role === 'leader' ? 'state.leader' : 'state.follower')}</td>
              <td>{yesNo(lang, r.inIsr)}</td>
              <td>{r.logEndOffset}</td>
              <td>{r.highWatermark}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pv.leader >= 0 ? <RecordList partition={partition} broker={pv.leader} m={m} lang={lang} /> : null}
    </>
  );
}

function Producer({ id, m, view, lang }: { id: string; m: KafkaState; view: View; lang: Lang }) {
  const p = m.producers[id];
  const pv = view.producers.find((x) => x.id === id);
  if (p === undefined) return <Gone lang={lang} />;
  const rows: Row[] = [
    [t(lang, 'inspector.node'), pv?.node ?? p.clientId],
    [t(lang, 'inspector.topic'), p.topic],
    [t(lang, 'inspector.status'), t(lang, `state.${p.status}`)],
    ['acks', String(p.config.acks)],
    ['linger.ms', String(p.config['linger.ms'])],
    ['enable.idempotence', String(p.config['enable.idempotence'])],
    [t(lang, 'inspector.sendMode'), p.spec.sendMode],
    [t(lang, 'inspector.producerId'), p.idempotence.producerId >= 0 ? `${p.idempotence.producerId} (epoch ${p.idempotence.producerEpoch})` : '–'],
    [t(lang, 'inspector.buffered'), `${p.bufferedBytes} B`],
  ];
  const counters: Row[] = Object.entries(p.counters).map(([k, v]) => [k, show(v, 'true', 'false')]);
  const overrides = Object.entries(p.configOverrides);
  return (
    <>
      <h3>{t(lang, 'inspector.producer', { id })}</h3>
      <StateMachine machine={PRODUCER_STATUS} current={p.status} lang={lang} />
      <KeyValue rows={rows} />
      <KeyValue rows={counters} caption={t(lang, 'inspector.counters')} />
      {overrides.length > 0 ? <KeyValue rows={overrides.map(([k, v]) => [k, show(v, 'true', 'false')])} caption={t(lang, 'inspector.overrides')} /> : null}
      <Config config={p.config} lang={lang} />
      <Raw value={{ ...p, deques: `(${p.deques.length} partitions)`, inFlightByPartition: `(${p.inFlightByPartition.length} partitions)` }} lang={lang} />
    </>
  );
}

function Consumer({ name, m, lang }: { name: string; m: KafkaState; lang: Lang }) {
  const c = m.consumers[name];
  if (c === undefined) return <Gone lang={lang} />;
  const rows: Row[] = [
    [t(lang, 'inspector.group'), <Pick to={{ kind: 'group', groupId: c.groupId }}>{c.groupId}</Pick>],
    [t(lang, 'inspector.status'), t(lang, `state.${c.status}`)],
    [t(lang, 'inspector.memberId'), c.memberId === '' ? '–' : c.memberId],
    [t(lang, 'inspector.generation'), c.generation],
    [t(lang, 'inspector.protocol'), `${c.protocol}${c.protocolName !== null ? ` (${c.protocolName})` : ''}`],
    [t(lang, 'inspector.coordinator'), c.coordinatorId >= 0 ? <Pick to={{ kind: 'broker', id: c.coordinatorId }}>{t(lang, 'inspector.broker', { id: c.coordinatorId })}</Pick> : '–'],
    [t(lang, 'inspector.assigned'), show(c.assigned, '', '')],
    [t(lang, 'inspector.commitStyle'), String(c.commitStyle)],
    [t(lang, 'inspector.rejoin'), c.rejoinNeeded ? c.rejoinReason || t(lang, 'inspector.yes') : t(lang, 'inspector.no')],
    [t(lang, 'inspector.delivered'), c.delivered],
    [t(lang, 'inspector.lastHeartbeat'), time(c.lastHeartbeatReceivedAtMs)],
  ];
  const positions: Row[] = Object.entries(c.positions).map(([k, v]) => [k, String(v)]);
  return (
    <>
      <h3>{t(lang, 'inspector.consumer', { name })}</h3>
      <StateMachine machine={CONSUMER_STATUS} current={c.status} lang={lang} />
      <StateMachine machine={MEMBER_STATE} current={c.memberState} lang={lang} />
      <KeyValue rows={rows} />
      {positions.length > 0 ? <KeyValue rows={positions} caption={t(lang, 'inspector.positions')} /> : null}
      <Config config={c.config} lang={lang} />
      <Raw value={c} lang={lang} />
    </>
  );
}

function Group({ groupId, view, lang }: { groupId: string; view: View; lang: Lang }) {
  const g = view.groups[groupId];
  if (g === undefined) return <Gone lang={lang} />;
  const rows: Row[] = [
    [t(lang, 'inspector.coordinator'), g.coordinator >= 0 ? <Pick to={{ kind: 'broker', id: g.coordinator }}>{t(lang, 'inspector.broker', { id: g.coordinator })}</Pick> : '–'],
    [t(lang, 'inspector.state'), g.state],
    [t(lang, 'inspector.generation'), g.generation],
    [t(lang, 'inspector.protocol'), g.protocol ?? '–'],
    [t(lang, 'inspector.assignor'), g.assignor ?? '–'],
    [t(lang, 'inspector.groupLeader'), g.leader ?? '–'],
    [t(lang, 'checks.name.group.duplicates'), g.checks.duplicates.count],
    [t(lang, 'checks.name.group.skips'), g.checks.skips.count],
    [t(lang, 'checks.name.group.zombies'), g.checks.zombies.count],
  ];
  const members: Row[] = g.members.map((x) => [x.clientId, show(x.assigned, '', '')]);
  return (
    <>
      <h3>{t(lang, 'groups.group', { id: groupId })}</h3>
      <StateMachine machine={GROUP_STATE} current={g.state} lang={lang} />
      <KeyValue rows={rows} />
      <table className="pn-table">
        <caption>{t(lang, 'groups.members', { n: members.length })}</caption>
        <tbody>
          {g.members.map((x) => (
            <tr key={x.memberId}>
              <th scope="row">
                <Pick to={{ kind: 'consumer', name: x.clientId }}>{x.clientId}</Pick>
              </th>
              <td>{show(x.assigned, '', '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Raw value={g} lang={lang} />
    </>
  );
}

function RecordEntity({ partition, offset, m, view, lang }: { partition: string; offset: number; m: KafkaState; view: View; lang: Lang }) {
  const pv = view.partitions.find((p) => p.key === partition);
  const holders = pv?.replicas.map((r) => r.broker) ?? [];
  const reading = holders.map((id) => {
    const log = m.brokers[String(id)]?.replicas[partition]?.log;
    const found = log === undefined ? null : findRecord(log, offset);
    return { id, log, found };
  });
  const leaderFirst = [...reading].sort((a, c) => Number(c.id === pv?.leader) - Number(a.id === pv?.leader));
  const ref = leaderFirst.find((x) => x.found !== null)?.found ?? null;
  if (ref === null) return <Gone lang={lang} />;
  const { batch, index } = ref;
  const recordId = batch.recordIds[index] ?? -1;
  const leaderHw = pv === undefined || pv.leader < 0 ? -1 : (pv.replicas.find((r) => r.broker === pv.leader)?.highWatermark ?? -1);
  const rows: Row[] = [
    [t(lang, 'inspector.partition'), <Pick to={{ kind: 'partition', partition }}>{partition}</Pick>],
    [t(lang, 'inspector.offsetCol'), offset],
    [t(lang, 'inspector.key'), batch.keys[index] ?? 'null'],
    [t(lang, 'inspector.value'), batch.values[index] ?? ''],
    [t(lang, 'inspector.timestamp'), time(batch.timestampsMs[index] ?? -1)],
    [t(lang, 'inspector.leaderEpoch'), batch.partitionLeaderEpoch],
    [t(lang, 'inspector.producedBy'), batch.producer],
    [t(lang, 'inspector.recordNumber'), recordId],
    [t(lang, 'inspector.committed'), leaderHw < 0 ? t(lang, 'inspector.noLeader') : offset < leaderHw ? t(lang, 'inspector.committedYes', { hw: leaderHw }) : t(lang, 'inspector.committedNo', { hw: leaderHw })],
    [t(lang, 'inspector.batch'), `${batch.baseOffset}–${batch.lastOffset}`],
    [t(lang, 'inspector.sequence'), batch.baseSequence >= 0 ? `${batch.baseSequence + index} (producer id ${batch.producerId}, epoch ${batch.producerEpoch})` : '–'],
  ];
  return (
    <>
      <h3>{t(lang, 'inspector.record', { partition, offset })}</h3>
      <KeyValue rows={rows} />
      <table className="pn-table">
        <caption>{t(lang, 'inspector.whoHolds')}</caption>
        <tbody>
          {reading.map(({ id, log, found }) => {
            let text: string;
            if (log === undefined) text = t(lang, 'inspector.hold.noReplica');
            else if (offset < log.logStartOffset) text = t(lang, 'inspector.hold.deleted');
            else if (found === null) text = t(lang, 'inspector.hold.notYet', { leo: log.logEndOffset });
            else if ((found.batch.recordIds[found.index] ?? -1) !== recordId || found.batch.producer !== batch.producer) text = t(lang, 'inspector.hold.other', { value: found.batch.values[found.index] ?? '' });
            else text = m.brokers[String(id)]?.status === 'running' ? t(lang, 'inspector.hold.yes') : t(lang, 'inspector.hold.onDisk');
            return (
              <tr key={id}>
                <th scope="row">
                  <Pick to={{ kind: 'replica', partition, broker: id }}>{t(lang, 'inspector.broker', { id })}</Pick>
                  {id === pv?.leader ? ` (${t(lang, 'state.leader')})` : ''}
                </th>
                <td>{text}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Raw value={{ offset, key: batch.keys[index], value: batch.values[index], timestampMs: batch.timestampsMs[index], leaderEpoch: batch.partitionLeaderEpoch, producer: batch.producer, recordId }} lang={lang} />
    </>
  );
}

function ZooKeeper({ id, m, view, lang }: { id: number; m: KafkaState; view: View; lang: Lang }) {
  const z = m.zkServers[String(id)];
  if (z === undefined) return <Gone lang={lang} />;
  const zv = view.controlPlane.zookeeper;
  const rows: Row[] = [
    [t(lang, 'inspector.up'), yesNo(lang, z.up)],
    [t(lang, 'inspector.zkEpoch'), z.vol.epoch],
    [t(lang, 'inspector.zkLeader'), z.vol.leaderId > 0 ? z.vol.leaderId : '–'],
    [t(lang, 'inspector.since'), time(z.vol.sinceMs)],
    [t(lang, 'inspector.controllerZnode'), zv?.controllerZnode ?? '–'],
    [t(lang, 'inspector.brokerIds'), show(zv?.brokerIds ?? [], '', '')],
  ];
  const sessions: Row[] = (zv?.sessions ?? []).map((s) => [s.owner, t(lang, 'inspector.expiresIn', { ms: s.expiresInMs })]);
  return (
    <>
      <h3>{t(lang, 'inspector.zk', { id })}</h3>
      <StateMachine machine={ZK_SERVER_ROLE} current={z.up ? z.vol.role : 'down'} lang={lang} />
      <KeyValue rows={rows} />
      {sessions.length > 0 ? <KeyValue rows={sessions} caption={t(lang, 'inspector.sessions')} /> : null}
      <Raw value={{ id: z.id, up: z.up, role: z.vol.role, epoch: z.vol.epoch, leaderId: z.vol.leaderId }} lang={lang} />
    </>
  );
}

function Kraft({ id, m, lang }: { id: number; m: KafkaState; lang: Lang }) {
  const k = m.kraftControllers[String(id)];
  if (k === undefined) return <Gone lang={lang} />;
  const r = k.raft;
  const rows: Row[] = [
    [t(lang, 'inspector.node'), k.name],
    [t(lang, 'inspector.up'), yesNo(lang, k.up)],
    [t(lang, 'inspector.raftEpoch'), r.epoch],
    [t(lang, 'inspector.raftLeader'), r.leaderId >= 0 ? r.leaderId : '–'],
    [t(lang, 'inspector.votedFor'), r.votedFor >= 0 ? r.votedFor : '–'],
    [t(lang, 'inspector.leo'), r.log.startOffset + r.log.entries.length],
    [t(lang, 'inspector.hw'), r.highWatermark],
    [t(lang, 'inspector.activeController'), yesNo(lang, k.active !== null)],
  ];
  return (
    <>
      <h3>{t(lang, 'inspector.kraft', { id })}</h3>
      <StateMachine machine={RAFT_ROLE} current={k.up ? r.role : 'offline'} lang={lang} />
      <KeyValue rows={rows} />
      <Config config={k.config} lang={lang} />
      <Raw value={{ id: k.id, up: k.up, role: r.role, epoch: r.epoch, leaderId: r.leaderId, votedFor: r.votedFor, highWatermark: r.highWatermark, logEntries: r.log.entries.length }} lang={lang} />
    </>
  );
}

function Gone({ lang }: { lang: Lang }) {
  return <p className="muted">{t(lang, 'inspector.gone')}</p>;
}

/** Everything there is to inspect, as buttons (keyboard users and a quick start). */
function Directory({ view, lang }: { view: View; lang: Lang }) {
  const groups: [MessageKey, { key: string; to: Selection; label: string }[]][] = [
    ['inspector.dir.brokers', view.brokers.map((b) => ({ key: `b${b.id}`, to: { kind: 'broker', id: b.id }, label: t(lang, 'inspector.broker', { id: b.id }) }))],
    ['inspector.dir.partitions', view.partitions.map((p) => ({ key: p.key, to: { kind: 'partition', partition: p.key }, label: p.key }))],
    ['inspector.dir.producers', view.producers.map((p) => ({ key: p.id, to: { kind: 'producer', id: p.id }, label: t(lang, 'inspector.producer', { id: p.id }) }))],
    ['inspector.dir.consumers', view.consumers.map((c) => ({ key: c.name, to: { kind: 'consumer', name: c.name }, label: c.name }))],
    ['inspector.dir.groups', Object.keys(view.groups).map((g) => ({ key: g, to: { kind: 'group', groupId: g }, label: t(lang, 'groups.group', { id: g }) }))],
    ['inspector.dir.zookeeper', (view.controlPlane.zookeeper?.servers ?? []).map((z) => ({ key: `z${z.id}`, to: { kind: 'zookeeper', id: z.id }, label: t(lang, 'inspector.zk', { id: z.id }) }))],
    ['inspector.dir.kraft', (view.controlPlane.kraft?.voters ?? []).map((v) => ({ key: `k${v.id}`, to: { kind: 'kraft', id: v.id }, label: t(lang, 'inspector.kraft', { id: v.id }) }))],
  ];
  return (
    <nav aria-label={t(lang, 'inspector.dir.heading')}>
      {groups
        .filter(([, items]) => items.length > 0)
        .map(([heading, items]) => (
          <div key={heading} className="pn-dir">
            <h4>{t(lang, heading)}</h4>
            <ul className="pn-inline-list">
              {items.map((i) => (
                <li key={i.key}>
                  <button type="button" className="small" onClick={() => select(i.to)}>
                    {i.label}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
    </nav>
  );
}

function Entity({ sel, m, view, lang }: { sel: Selection; m: KafkaState; view: View; lang: Lang }) {
  switch (sel.kind) {
    case 'broker':
      return <Broker id={sel.id} m={m} view={view} lang={lang} />;
    case 'replica':
      return <Replica partition={sel.partition} broker={sel.broker} m={m} view={view} lang={lang} />;
    case 'partition':
      return <Partition partition={sel.partition} m={m} view={view} lang={lang} />;
    case 'producer':
      return <Producer id={sel.id} m={m} view={view} lang={lang} />;
    case 'consumer':
      return <Consumer name={sel.name} m={m} lang={lang} />;
    case 'group':
      return <Group groupId={sel.groupId} view={view} lang={lang} />;
    case 'record':
      return <RecordEntity partition={sel.partition} offset={sel.offset} m={m} view={view} lang={lang} />;
    case 'zookeeper':
      return <ZooKeeper id={sel.id} m={m} view={view} lang={lang} />;
    case 'kraft':
      return <Kraft id={sel.id} m={m} lang={lang} />;
  }
}

export function Inspector() {
  const lang = useUi((s) => s.lang);
  const view = useUi((s) => s.view);
  const selection = useUi((s) => s.selection);
  const m = getSession()?.world.state.model;
  if (view === null || m === undefined) return null;
  return (
    <section className="pn pn-inspector" aria-label={t(lang, 'panels.inspector')}>
      {selection === null ? (
        <>
          <p className="pn-hint">{t(lang, 'inspector.empty')}</p>
          <Directory view={view} lang={lang} />
        </>
      ) : (
        <>
          <p className="pn-at muted">
            {t(lang, 'inspector.at', { time: formatSimTime(view.nowMs) })}{' '}
            <button type="button" className="small" onClick={() => select(null)}>
              {t(lang, 'inspector.clear')}
            </button>
          </p>
          <Entity sel={selection} m={m} view={view} lang={lang} />
        </>
      )}
    </section>
  );
}
