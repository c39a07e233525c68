/**
 * Messages on the wire: an SVG above the cluster where D3 moves a dot per message in flight from
 * its sender to its receiver, at (now − sent) / (deliver − sent) of the way. It is written through
 * a transient store subscription on every frame; React renders the empty SVG once.
 * Dropped messages fall and fade.
 */
import { useEffect, useRef } from 'react';
import { select } from 'd3-selection';
import 'd3-transition';
import { store, type UiState } from '../../store';
import { visibleWire, wireKindOf, wirePoint, wireProgress, type Point } from '../../layout/cluster';

/** Drawing more than this costs frames and says nothing more. */
export const WIRE_CAP = 300;
/** Below this many messages each one carries its name. */
const LABEL_BELOW = 24;
const DROP_FALL_PX = 40;
const DROP_FADE_MS = 900;

function shortKind(kind: string): string {
  return kind.endsWith('Response') ? `${kind.slice(0, -'Response'.length)} ↩` : kind;
}

export function WireOverlay({ anchors, width, height }: { anchors: Record<string, Point>; width: number; height: number }) {
  const svgRef = useRef<SVGSVGElement>(null);
  const anchorsRef = useRef(anchors);
  const drawRef = useRef<((st: UiState) => void) | null>(null);

  useEffect(() => {
    const svgEl = svgRef.current;
    if (svgEl === null) return;
    const svg = select(svgEl);
    const flying = svg.append('g').attr('class', 'wire-flying');
    const falling = svg.append('g').attr('class', 'wire-dropped');
    const seenDrops = new Set<number>();

    const draw = (st: UiState): void => {
      const frame = st.frame;
      const at = anchorsRef.current;
      if (frame === null) {
        flying.selectAll('g').remove();
        return;
      }
      const shown = visibleWire(frame.wire, st.wireKinds, WIRE_CAP);
      const placed: { id: number; kind: string; group: string; response: boolean; p: Point }[] = [];
      for (const m of shown) {
        const from = at[m.from];
        const to = at[m.to];
        if (from === undefined || to === undefined) continue;
        placed.push({ id: m.id, kind: m.kind, group: wireKindOf(m.kind, m.from, m.to), response: m.kind.endsWith('Response'), p: wirePoint(from, to, wireProgress(m.sentAtMs, m.deliverAtMs, frame.nowMs)) });
      }
      const labelled = placed.length <= LABEL_BELOW;
      flying
        .selectAll<SVGGElement, (typeof placed)[number]>('g.wire-msg')
        .data(placed, (d) => d.id)
        .join((enter) => {
          const g = enter.append('g');
          g.append('circle').attr('r', 6);
          // A solid label plate: the label stays readable over any cell colour.
          g.append('rect').attr('class', 'wire-label-plate').attr('x', 7).attr('y', -8).attr('height', 15).attr('rx', 3);
          g.append('text').attr('x', 9).attr('y', 4);
          return g;
        })
        .attr('class', (d) => `wire-msg wire-${d.group}${d.response ? ' wire-response' : ''}`)
        .attr('transform', (d) => `translate(${d.p.x.toFixed(1)},${d.p.y.toFixed(1)})`)
        .call((g) => {
          g.select('rect').attr('width', (d) => (labelled ? shortKind(d.kind).length * 7 + 4 : 0));
          g.select('text').text((d) => (labelled ? shortKind(d.kind) : ''));
        });

      for (const d of frame.dropped) {
        if (seenDrops.has(d.id)) continue;
        seenDrops.add(d.id);
        const group = wireKindOf(d.kind, d.from, d.to);
        if (!st.wireKinds[group]) continue;
        const from = at[d.from];
        const to = at[d.to];
        if (from === undefined || to === undefined) continue;
        const p = wirePoint(from, to, wireProgress(d.sentAtMs, d.deliverAtMs, d.droppedAtMs));
        const g = falling.append('g').attr('class', `wire-drop wire-${group}`).attr('transform', `translate(${p.x},${p.y})`).style('opacity', 1);
        g.append('circle').attr('r', 6);
        g.append('text').attr('x', -5).attr('y', 5).text('✕');
        g.transition()
          .duration(DROP_FADE_MS)
          .attr('transform', `translate(${p.x},${p.y + DROP_FALL_PX})`)
          .style('opacity', 0)
          .remove();
      }
      if (seenDrops.size > 5_000) seenDrops.clear();
    };
    drawRef.current = draw;
    draw(store.getState());
    const unsubscribe = store.subscribe((st, prev) => {
      if (st.frame !== prev.frame || st.wireKinds !== prev.wireKinds) draw(st);
    });
    return () => {
      unsubscribe();
      drawRef.current = null;
      flying.remove();
      falling.remove();
    };
  }, []);

  useEffect(() => {
    anchorsRef.current = anchors;
    drawRef.current?.(store.getState());
  }, [anchors]);

  return <svg ref={svgRef} className="wire-overlay" width={width} height={height} aria-hidden="true" data-testid="wire-overlay" />;
}
