/**
 * Consumer groups (issue 6, part 4): `kafka-consumer-groups --describe` live. Per group: its state
 * as a lit state machine, generation, protocol, assignor, coordinator; each member with its member
 * state and the partitions it holds; per partition the owner's position, the committed offset, the
 * log end offset and the lag as a bar (fetched-not-committed, then not fetched yet).
 *
 * A rebalance shows as it happens, from the rebalance listener's callbacks (the clients' history):
 * a revoked partition stays struck out and a newly assigned one highlighted for a few seconds of
 * simulated time. Eager members revoke everything when the rebalance starts (every chip struck
 * out at once); cooperative members revoke only the partitions that move.
 */
import type { ConsumerView, View } from '../../host/view';
import type { GroupSummary } from '../../kafka/group/describe';
import { t, type Lang } from '../i18n';
import { getSession, select, useUi } from '../store';
import { CHANGE_WINDOW_MS, lagBar, lagScale, recentChanges, type Callback, type Changes } from '../layout/groups';
import { GROUP_STATE, MEMBER_STATE } from './panels/machines';
import { StateMachine } from './panels/StateMachine';
import { memberStateWord } from './cluster/words';
import './panels.css';

const BAR_PX = 60;

function rebalanceCallbacks(): readonly Callback[] {
  return getSession()?.world.state.model.history.rebalances ?? [];
}

/** The fetch position of the partition's owner (or of any running member holding it). */
function positionOf(key: string, owner: string | null, consumers: ConsumerView[]): number | null {
  const byOwner = consumers.find((c) => c.name === owner);
  const p = byOwner?.positions[key];
  if (p !== undefined) return p;
  for (const c of consumers) if (c.status === 'running' && c.assigned.includes(key) && c.positions[key] !== undefined) return c.positions[key] ?? null;
  return null;
}

interface MemberRow {
  name: string;
  consumer: ConsumerView | null;
  inGroup: boolean;
  /** What the coordinator says it owns (its assignment in the current generation). */
  owns: string[];
}

function memberRows(g: GroupSummary, consumers: ConsumerView[]): MemberRow[] {
  const rows: MemberRow[] = [];
  for (const c of consumers) {
    const m = g.members.find((x) => x.clientId === c.name);
    rows.push({ name: c.name, consumer: c, inGroup: m !== undefined, owns: m?.assigned ?? [] });
  }
  for (const m of g.members) if (!consumers.some((c) => c.name === m.clientId)) rows.push({ name: m.clientId, consumer: null, inGroup: true, owns: [...m.assigned] });
  return rows;
}

function Member({ row, groupId, changes, lang }: { row: MemberRow; groupId: string; changes: Changes | undefined; lang: Lang }) {
  const c = row.consumer;
  const held = c !== null ? c.assigned : row.owns;
  const added = new Set(changes?.added ?? []);
  const revoked = (changes?.revoked ?? []).filter((p) => !held.includes(p));
  const down = c !== null && c.status !== 'running';
  let note: string | null = null;
  if (down && row.inGroup) note = t(lang, 'groups.downStillMember', { status: t(lang, `state.${c.status === 'stopped' ? 'stopped' : c.status === 'failed' ? 'failed' : 'crashed'}`) });
  else if (down) note = t(lang, `state.${c.status === 'stopped' ? 'stopped' : c.status === 'failed' ? 'failed' : 'crashed'}`);
  else if (c !== null && !row.inGroup) note = t(lang, 'groups.notMember');
  else if (c?.paused === true) note = t(lang, 'groups.paused');
  return (
    <li className={`pn-member${down ? ' down' : ''}`}>
      <div className="pn-member-head">
        <button type="button" className="linklike" onClick={() => select(c !== null ? { kind: 'consumer', name: c.name } : { kind: 'group', groupId })}>
          {row.name}
        </button>
        {c !== null ? <span className={`pn-tag ms-${c.memberState}`} title={c.memberState}>
            {memberStateWord(lang, c.memberState)}
          </span> : null}
        {c !== null && c.generation >= 0 ? <span className="muted">{t(lang, 'groups.gen', { n: c.generation })}</span> : null}
        {note !== null ? <span className="pn-warn">{note}</span> : null}
      </div>
      <ul className="pn-parts" aria-label={t(lang, 'groups.partitionsOf', { name: row.name })}>
        {held.length === 0 && revoked.length === 0 ? <li className="muted">{t(lang, 'groups.noPartition')}</li> : null}
        {held.map((p) =>
          down ? (
            // A dead process reads nothing: what it held is frozen (still its own while it is a member).
            <li key={p} className="pn-part frozen">
              {row.inGroup ? p : <del>{p}</del>}
              <span className="pn-part-tag"> {t(lang, row.inGroup ? 'groups.frozen' : 'groups.wasReading')}</span>
            </li>
          ) : (
            <li key={p} className={`pn-part${added.has(p) ? ' added' : ''}`}>
              {p}
              {added.has(p) ? <span className="pn-part-tag"> {t(lang, 'groups.assigned')}</span> : null}
            </li>
          ),
        )}
        {revoked.map((p) => (
          <li key={`r-${p}`} className="pn-part revoked">
            <del>{p}</del>
            <span className="pn-part-tag"> {t(lang, 'groups.revoked')}</span>
          </li>
        ))}
      </ul>
    </li>
  );
}

function Group({ groupId, g, view, lang }: { groupId: string; g: GroupSummary; view: View; lang: Lang }) {
  const consumers = view.consumers.filter((c) => c.groupId === groupId);
  const changes = recentChanges(rebalanceCallbacks(), groupId, view.nowMs);
  const rows = memberRows(g, consumers);
  const parts = Object.entries(g.partitions).map(([key, p]) => {
    const position = positionOf(key, p.clientId, consumers);
    return { key, p, position };
  });
  let maxLag = 0;
  for (const { p, position } of parts) {
    if (p.lag !== null) maxLag = Math.max(maxLag, p.lag);
    if (position !== null && p.logEndOffset >= 0) maxLag = Math.max(maxLag, p.logEndOffset - position);
  }
  const scale = lagScale(maxLag);
  const rebalancing = g.state === 'PreparingRebalance' || g.state === 'CompletingRebalance';
  const headingId = `group-${groupId}`;
  return (
    <article className="pn-group" aria-labelledby={headingId}>
      <h3 id={headingId} className="pn-group-head">
        <span>{t(lang, 'groups.group', { id: groupId })}</span>
        <button type="button" className="small" onClick={() => select({ kind: 'group', groupId })}>
          {t(lang, 'groups.inspect')}
        </button>
      </h3>
      <StateMachine machine={GROUP_STATE} current={g.state} lang={lang} />
      <p className="pn-facts">
        <span>{t(lang, 'groups.generation', { n: g.generation })}</span>
        <span>{t(lang, 'groups.protocol', { p: g.protocol === null ? '–' : t(lang, g.protocol === 'eager' ? 'groups.eager' : 'groups.cooperative') })}</span>
        <span>{t(lang, 'groups.assignor', { a: g.assignor ?? '–' })}</span>
        <span>{g.coordinator >= 0 ? t(lang, 'groups.coordinator', { id: g.coordinator }) : t(lang, 'groups.noCoordinator')}</span>
      </p>
      {rebalancing ? (
        <p className="pn-rebalance" role="status">
          {t(lang, g.protocol === 'cooperative' ? 'groups.rebalancingCooperative' : 'groups.rebalancingEager')}
        </p>
      ) : null}
      <h4>{t(lang, 'groups.members', { n: g.members.length })}</h4>
      <ul className="pn-members" aria-label={t(lang, 'groups.membersOf', { id: groupId })}>
        {rows.map((row) => (
          <Member key={row.name} row={row} groupId={groupId} changes={changes.get(row.name)} lang={lang} />
        ))}
      </ul>
      <p className="pn-legend muted">{t(lang, 'groups.changesLegend', { s: CHANGE_WINDOW_MS / 1000 })}</p>
      {parts.length > 0 ? (
        <table className="pn-offsets">
          <caption>{t(lang, 'groups.offsets', { id: groupId })}</caption>
          <thead>
            <tr>
              <th scope="col">{t(lang, 'groups.col.partition')}</th>
              <th scope="col" title={t(lang, 'groups.col.positionHelp')}>
                {t(lang, 'groups.col.position')}
              </th>
              <th scope="col" title={t(lang, 'groups.col.committedHelp')}>
                {t(lang, 'groups.col.committed')}
              </th>
              <th scope="col" title={t(lang, 'groups.col.endHelp')}>
                {t(lang, 'groups.col.end')}
              </th>
              <th scope="col" title={t(lang, 'groups.col.lagHelp')}>
                {t(lang, 'groups.col.lag')}
              </th>
            </tr>
          </thead>
          <tbody>
            {parts.map(({ key, p, position }) => {
              const bar = lagBar({ committed: p.committedOffset, position, logEnd: p.logEndOffset }, scale, BAR_PX);
              const label = t(lang, 'groups.lagLabel', {
                partition: key,
                lag: bar.lag ?? '–',
                unread: bar.unread ?? '–',
                uncommitted: bar.uncommitted ?? '–',
              });
              return (
                <tr key={key}>
                  <th scope="row">{key}</th>
                  <td>{position ?? '–'}</td>
                  <td>{p.committedOffset ?? '–'}</td>
                  <td>{p.logEndOffset >= 0 ? p.logEndOffset : '–'}</td>
                  <td className="pn-lag">
                    <span className="pn-lag-num">{bar.lag ?? '–'}</span>
                    <span className="pn-bar" role="img" aria-label={label} title={label} style={{ width: BAR_PX }}>
                      <span className="pn-bar-read" style={{ width: bar.readPx }} />
                      <span className="pn-bar-unread" style={{ width: bar.unreadPx }} />
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {parts.length > 0 ? (
        <p className="pn-legend muted">
          <span className="pn-key pn-bar-unread" aria-hidden="true" /> {t(lang, 'groups.legendUnread')} <span className="pn-key pn-bar-read" aria-hidden="true" /> {t(lang, 'groups.legendUncommitted')} · {t(lang, 'groups.scale', { n: scale })}
        </p>
      ) : null}
      {consumers.length > 0 ? <MemberMachines consumers={consumers} lang={lang} /> : null}
    </article>
  );
}

/** Each member's MemberState as a lit machine (collapsed by default: the tags above say it in short). */
function MemberMachines({ consumers, lang }: { consumers: ConsumerView[]; lang: Lang }) {
  return (
    <details className="pn-details">
      <summary>{t(lang, 'groups.memberMachines')}</summary>
      {consumers.map((c) => (
        <div key={c.name}>
          <strong>{c.name}</strong>
          <StateMachine machine={MEMBER_STATE} current={c.memberState} lang={lang} />
        </div>
      ))}
    </details>
  );
}

export function GroupsPanel() {
  const lang = useUi((s) => s.lang);
  const view = useUi((s) => s.view);
  if (view === null) return null;
  const ids = Object.keys(view.groups);
  if (ids.length === 0) return <p className="muted">{t(lang, 'groups.none')}</p>;
  return (
    <section className="pn pn-groups" aria-label={t(lang, 'groups.heading')}>
      {ids.map((id) => {
        const g = view.groups[id];
        return g === undefined ? null : <Group key={id} groupId={id} g={g} view={view} lang={lang} />;
      })}
    </section>
  );
}
