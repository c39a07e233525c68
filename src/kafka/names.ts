/** Small shared names: partition keys and node lookups. */
export function tpKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** Splits `orders-3` (topic names may hold dashes) into topic and partition; null if it is not one. */
export function parseTpKey(key: string): { topic: string; partition: number } | null {
  const m = /^(.+)-(\d+)$/.exec(key);
  if (m === null) return null;
  return { topic: m[1] as string, partition: Number(m[2]) };
}
