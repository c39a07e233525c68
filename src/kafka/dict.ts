/**
 * Records keyed by names users choose (topic names, producer ids). Kafka allows names such as
 * `constructor` or `__proto__`; a plain `rec[name]` would read the object's prototype or, on
 * write, replace it. These helpers only ever see own properties. (Null-prototype objects would
 * not survive `structuredClone`, so checkpoints could not use them.)
 */
export function getOwn<T>(rec: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

export function setOwn<T>(rec: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(rec, key, { value, writable: true, enumerable: true, configurable: true });
}
