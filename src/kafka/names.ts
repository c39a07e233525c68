/**
 * Small shared names: partition keys and node lookups.
 *
 * Partition keys index most of the model's records (`replicas['orders-3']`), and a simulated
 * second builds thousands of them. Each key is built once and handed out again after: a string
 * the engine has already hashed is looked up much faster than a freshly concatenated one. The
 * caches are pure (a key depends on its topic and partition only), so they cannot change a run.
 */
const keysByTopic = new Map<string, string[]>();
const parsedKeys = new Map<string, Readonly<{ topic: string; partition: number }> | null>();
/** Beyond this many parsed keys the cache starts again (a long session creating topics by hand). */
const MAX_PARSED_KEYS = 100_000;

export function tpKey(topic: string, partition: number): string {
  if (!Number.isInteger(partition) || partition < 0 || partition > 100_000) return `${topic}-${partition}`;
  let keys = keysByTopic.get(topic);
  if (keys === undefined) {
    keys = [];
    keysByTopic.set(topic, keys);
  }
  return (keys[partition] ??= `${topic}-${partition}`);
}

/** Splits `orders-3` (topic names may hold dashes) into topic and partition; null if it is not one. */
export function parseTpKey(key: string): Readonly<{ topic: string; partition: number }> | null {
  const known = parsedKeys.get(key);
  if (known !== undefined) return known;
  const m = /^(.+)-(\d+)$/.exec(key);
  const parsed = m === null ? null : Object.freeze({ topic: m[1] as string, partition: Number(m[2]) });
  if (parsedKeys.size >= MAX_PARSED_KEYS) parsedKeys.clear();
  parsedKeys.set(key, parsed);
  return parsed;
}

/** Built once per producer id, as partition keys are. */
const producerKeys = new Map<number, string>();

/**
 * The key of a producer's state in `Replica.producerIds`: `pid-1000`, not `1000`. JavaScript
 * engines store a number-like key as an array index, and an object whose only key is 1000 carries
 * an array of a thousand slots (12 kB), copied into every checkpoint.
 */
export function producerKey(producerId: number): string {
  let key = producerKeys.get(producerId);
  if (key === undefined) {
    key = `pid-${producerId}`;
    producerKeys.set(producerId, key);
  }
  return key;
}
