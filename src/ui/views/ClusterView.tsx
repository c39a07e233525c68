/**
 * The cluster view: brokers as columns of replica log strips, the control plane beside them,
 * producers above and consumers below, the messages on the wire drawn over it all, and menus to
 * inject failures. Positions come from `layout/cluster.ts`; the wire is drawn by D3 outside React.
 */
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import './cluster.css';
import { t } from '../i18n';
import { select, useUi } from '../store';
import type { RecordCell, View } from '../../host/view';
import { cellsThatFit, clusterLayout, colourSlots, logWindow, PALETTE_SIZE, type Density } from '../layout/cluster';
import { BrokerColumn } from './cluster/BrokerColumn';
import { ControlPlane } from './cluster/ControlPlane';
import { ConsumerBox, ProducerBox } from './cluster/Clients';
import { WireOverlay } from './cluster/WireOverlay';
import { RecordPopover } from './cluster/RecordPopover';
import { Toolbar, type ColourBy } from './cluster/Toolbar';
import type { Anchor } from './cluster/Popover';
import type { ReplicaItem } from './cluster/Replicas';

const LEGEND_MAX = PALETTE_SIZE;

function useSize(): [React.RefObject<HTMLDivElement | null>, { width: number; height: number }] {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const measure = (): void => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, size];
}

/** Every node the menus can point a link at. */
function nodeNames(view: View): string[] {
  const cp = view.controlPlane;
  return [
    ...view.brokers.map((b) => b.node),
    ...(cp.zookeeper?.servers.map((s) => s.node) ?? []),
    ...(cp.kraft?.voters.map((v) => v.node) ?? []),
    ...view.producers.map((p) => p.node),
    ...view.consumers.map((c) => c.node),
  ];
}

export function ClusterView() {
  const view = useUi((s) => s.view);
  const lang = useUi((s) => s.lang);
  const selection = useUi((s) => s.selection);
  const [canvasRef, size] = useSize();
  const [topic, setTopic] = useState('all');
  const [detail, setDetail] = useState<Density | 'auto'>('auto');
  const [colourBy, setColourBy] = useState<ColourBy>('key');
  const [record, setRecord] = useState<{ partition: string; offset: number; anchor: Anchor } | null>(null);

  const userTopics = useMemo(() => (view === null ? [] : view.topics.filter((x) => !x.internal).map((x) => x.name)), [view]);
  const shownTopic = topic !== 'all' && !userTopics.includes(topic) ? 'all' : topic;
  const partitions = useMemo(() => (view === null ? [] : view.partitions.filter((p) => shownTopic === 'all' || p.topic === shownTopic)), [view, shownTopic]);

  const perBroker = useMemo(() => {
    const m = new Map<number, { partition: View['partitions'][number]; replica: View['partitions'][number]['replicas'][number] }[]>();
    for (const p of partitions)
      for (const r of p.replicas) {
        const list = m.get(r.broker) ?? [];
        list.push({ partition: p, replica: r });
        m.set(r.broker, list);
      }
    return m;
  }, [partitions]);
  // Each topic in a box also takes a small label line (about half a strip).
  const topicsShown = shownTopic === 'all' ? userTopics.length : 1;
  const replicasPerBroker = Math.max(0, ...[...perBroker.values()].map((l) => l.length)) + (topicsShown > 1 ? Math.ceil(topicsShown / 2) : 0);

  // The layout follows the cluster's shape (who is there), not every frame's numbers.
  const shape =
    view === null
      ? ''
      : JSON.stringify([
          view.brokers.map((b) => b.id),
          view.controlPlane.zookeeper !== null ? view.controlPlane.zookeeper.servers.map((s) => s.node) : (view.controlPlane.kraft?.voters.map((v) => v.node) ?? []),
          view.producers.map((p) => p.node),
          view.consumers.map((c) => c.node),
        ]);
  const layout = useMemo(() => {
    if (shape === '' || size.width === 0) return null;
    const [brokers, controlNodes, producers, consumers] = JSON.parse(shape) as [number[], string[], string[], string[]];
    return clusterLayout({ width: size.width, height: size.height, brokers, controlNodes, producers, consumers, replicasPerBroker, density: detail });
  }, [shape, size.width, size.height, replicasPerBroker, detail]);

  const colourOf = useMemo(() => {
    const values: (string | null)[] = [];
    if (colourBy === 'producer') for (const p of view?.producers ?? []) values.push(p.node);
    else for (const p of partitions) for (const r of p.replicas) for (const rec of r.records) values.push(rec.key);
    const slots = colourSlots(values);
    const fn = (rec: RecordCell): string => {
      const v = colourBy === 'producer' ? rec.producer : rec.key;
      const slot = v === null ? undefined : slots.get(v);
      return slot === undefined ? 'rc-none' : `rc-${slot}`;
    };
    const legend = [...slots].slice(0, LEGEND_MAX).map(([label, slot]) => ({ label, cls: `rc-${slot}` }));
    if (colourBy === 'key' && values.includes(null)) legend.push({ label: t(lang, 'cv.legend.noKey'), cls: 'rc-none' });
    return { fn, legend, more: Math.max(0, slots.size - LEGEND_MAX) };
  }, [colourBy, partitions, view?.producers, lang]);

  const onRecord = useCallback((partition: string, offset: number, anchor: Anchor) => {
    setRecord({ partition, offset, anchor });
    select({ kind: 'record', partition, offset });
  }, []);

  if (view === null) return null;
  const nodes = nodeNames(view);
  const items = (brokerId: number, width: number): ReplicaItem[] => {
    const cells = cellsThatFit(width);
    return (perBroker.get(brokerId) ?? []).map(({ partition, replica }) => ({ partition, replica, window: logWindow(partition.replicas.map((r) => r.logEndOffset), cells) }));
  };

  return (
    <section className="cluster-view" aria-label={t(lang, 'cv.heading')}>
      <Toolbar
        lang={lang}
        topics={userTopics}
        topic={shownTopic}
        setTopic={setTopic}
        detail={detail}
        setDetail={setDetail}
        colourBy={colourBy}
        setColourBy={setColourBy}
        legend={colourOf.legend}
        legendMore={colourOf.more}
      />
      <div
        className="cv-canvas"
        ref={canvasRef}
        data-density={layout?.density}
        onKeyDown={(e) => {
          // Space and Enter press the focused button here; they do not play or pause.
          if ((e.key === ' ' || e.key === 'Enter') && e.target instanceof HTMLButtonElement) e.stopPropagation();
        }}
      >
        {layout !== null && (
          <>
            {view.producers.map((p) => {
              const box = layout.boxes[p.node];
              return box === undefined ? null : <ProducerBox key={p.id} lang={lang} p={p} box={box} selection={selection} />;
            })}
            {layout.brokers.map(({ id, box }) => {
              const broker = view.brokers.find((b) => b.id === id);
              if (broker === undefined) return null;
              return (
                <BrokerColumn
                  key={id}
                  lang={lang}
                  broker={broker}
                  box={box}
                  density={layout.density}
                  items={items(id, box.w - 12)}
                  nodes={nodes}
                  selection={selection}
                  colourOf={colourOf.fn}
                  onRecord={onRecord}
                />
              );
            })}
            {layout.controlPlane.w > 0 && <ControlPlane lang={lang} cp={view.controlPlane} layout={layout} selection={selection} registry={view.schemaRegistry} decoders={view.decoders} />}
            {view.consumers.map((c) => {
              const box = layout.boxes[c.node];
              return box === undefined ? null : <ConsumerBox key={c.name} lang={lang} c={c} box={box} selection={selection} />;
            })}
            <WireOverlay anchors={layout.anchors} width={layout.width} height={layout.height} />
          </>
        )}
      </div>
      {record !== null && <RecordPopover lang={lang} partition={record.partition} offset={record.offset} anchor={record.anchor} onClose={() => setRecord(null)} />}
    </section>
  );
}
