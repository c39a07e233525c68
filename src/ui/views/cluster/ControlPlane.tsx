/**
 * Beside the brokers: the ZooKeeper ensemble (servers, /controller, /brokers/ids, sessions with the
 * time they have left) or the KRaft quorum (voters, leader, epoch).
 */
import { t, type Lang } from '../../i18n';
import { select, type Selection } from '../../store';
import type { ControlPlaneView, View } from '../../../host/view';
import type { ClusterLayout } from '../../layout/cluster';
import { ControlNodeMenu } from './Menus';
import { raftRoleWord } from './words';

export function ControlPlane({
  lang,
  cp,
  layout,
  selection,
  registry,
  decoders,
}: {
  lang: Lang;
  cp: ControlPlaneView;
  layout: ClusterLayout;
  selection: Selection | null;
  registry: View['schemaRegistry'];
  decoders: View['decoders'];
}) {
  const box = layout.controlPlane;
  const zk = cp.zookeeper;
  const kraft = cp.kraft;
  const rowTop = (node: string): number => (layout.boxes[node]?.y ?? box.y) - box.y;
  const rowsEnd = Math.max(0, ...Object.keys(layout.boxes).filter((n) => n.startsWith('zk-') || n.startsWith('controller-')).map((n) => rowTop(n) + (layout.boxes[n]?.h ?? 0)));
  return (
    <section className="cv-control" style={{ left: box.x, top: box.y, width: box.w, height: box.h }} aria-label={t(lang, zk !== null ? 'cv.zk.title' : 'cv.kraft.title')}>
      <header className="cv-control-head" data-testid="control-plane">
        <strong>{zk !== null ? 'ZooKeeper' : 'KRaft'}</strong>
        <span className="cv-small">{kraft !== null ? (kraft.leader >= 0 ? t(lang, 'cv.kraft.epoch', { id: kraft.leader, epoch: kraft.epoch }) : t(lang, 'cv.kraft.noLeader')) : t(lang, 'controlPlane.zookeeper', { epoch: cp.epoch })}</span>
      </header>
      {zk?.servers.map((s) => {
        const state = !s.up ? `✕ ${t(lang, 'cv.zk.down')}` : s.paused ? `⏸ ${t(lang, 'cv.zk.paused')}` : s.leader ? `★ ${t(lang, 'cv.zk.leader')}` : t(lang, 'cv.zk.follower');
        const sel = selection?.kind === 'zookeeper' && selection.id === s.id;
        return (
          <div key={s.id} className={`cv-cp-row${s.leader ? ' cv-cp-leader' : ''}${!s.up ? ' cv-down' : ''}${sel ? ' cv-selected' : ''}`} style={{ top: rowTop(s.node) }}>
            <button type="button" className="cv-link-button" onClick={() => select({ kind: 'zookeeper', id: s.id })}>
              {s.node}
            </button>
            <span className="cv-small">{state}</span>
            <ControlNodeMenu lang={lang} node={s.node} up={s.up} />
          </div>
        );
      })}
      {kraft?.voters.map((v) => {
        const leader = v.id === kraft.leader;
        const role = raftRoleWord(lang, v.role);
        const sel = selection?.kind === 'kraft' && selection.id === v.id;
        return (
          <div key={v.id} className={`cv-cp-row${leader ? ' cv-cp-leader' : ''}${v.role === 'offline' || v.role === 'down' ? ' cv-down' : ''}${sel ? ' cv-selected' : ''}`} style={{ top: rowTop(v.node) }} title={t(lang, 'cv.kraft.voter', { role, epoch: v.epoch, leo: v.logEndOffset })}>
            <button type="button" className="cv-link-button" onClick={() => select({ kind: 'kraft', id: v.id })}>
              {v.node}
            </button>
            <span className="cv-small">
              {leader ? '★ ' : ''}
              {v.paused ? `⏸ ${t(lang, 'cv.zk.paused')}` : role}
            </span>
            <ControlNodeMenu lang={lang} node={v.node} up={v.role !== 'down' && v.role !== 'offline'} />
          </div>
        );
      })}
      <div className="cv-control-body" style={{ top: rowsEnd + 4 }}>
        {zk !== null && (
          <>
            <p className="cv-znode">{zk.controllerZnode !== null ? t(lang, 'cv.zk.controller', { id: zk.controllerZnode }) : t(lang, 'cv.zk.controllerAbsent')}</p>
            <p className="cv-znode">{t(lang, 'cv.zk.brokerIds', { ids: zk.brokerIds.join(', ') })}</p>
            <p className="cv-small cv-sessions-head">{t(lang, 'cv.zk.sessions')}</p>
            <ul className="cv-sessions">
              {zk.sessions.map((s) => (
                <li key={s.id} className={s.expiresInMs < 2_000 ? 'cv-expiring' : ''}>
                  {t(lang, 'cv.zk.session', { owner: s.owner, seconds: (Math.max(0, s.expiresInMs) / 1000).toFixed(1) })}
                </li>
              ))}
            </ul>
          </>
        )}
        {registry !== null && <RegistryBlock lang={lang} registry={registry} decoders={decoders} />}
      </div>
    </section>
  );
}

/** The schema registry beside the cluster (a service of its own in real life): subjects and versions, the last refusal, what readers decoded. */
function RegistryBlock({ lang, registry, decoders }: { lang: Lang; registry: NonNullable<View['schemaRegistry']>; decoders: View['decoders'] }) {
  const last = registry.rejected[registry.rejected.length - 1];
  return (
    <div className="cv-registry" role="group" aria-label={t(lang, 'cv.registry.title')} data-testid="schema-registry">
      <p className="cv-small cv-sessions-head">{t(lang, 'cv.registry.title')}</p>
      {Object.entries(registry.subjects).map(([name, sub]) => (
        <p key={name} className="cv-znode" title={Object.entries(sub.versions).map(([v, x]) => `v${v}: ${x.fields.join(', ')}`).join('\n')}>
          {name} · {sub.compatibility}
          <br />
          {Object.entries(sub.versions)
            .map(([v, x]) => t(lang, 'cv.registry.version', { v, id: x.id }))
            .join(' · ')}
        </p>
      ))}
      {last !== undefined && (
        <p className="cv-small cv-refused" title={last.message}>
          ✕ {t(lang, 'cv.registry.refused', { subject: last.subject, status: last.httpStatus })}
        </p>
      )}
      {decoders.map((d) => (
        <p key={d.consumer} className="cv-small">
          {t(lang, 'cv.registry.decoded', {
            consumer: d.consumer,
            counts: Object.entries(d.bySchemaId)
              .map(([id, n]) => `id ${id} ×${n}`)
              .join(', ') || '0',
            errors: d.errors,
          })}
        </p>
      ))}
    </div>
  );
}
