/** Layout math for the timeline (pure; tested without a DOM). */

/** Round tick times (1, 2 or 5 × a power of ten seconds or minutes) so about `count` fit the run. */
export function timelineTicks(durationMs: number, count: number): number[] {
  if (!(durationMs > 0) || count < 1) return [0];
  const raw = durationMs / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let at = 0; at <= durationMs; at += step) ticks.push(Math.round(at));
  return ticks;
}
