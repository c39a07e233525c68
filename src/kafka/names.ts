/** Small shared names: partition keys and node lookups. */
export function tpKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}
