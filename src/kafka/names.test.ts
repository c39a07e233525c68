/** Partition keys: built once and handed out again, they must still say what they are. */
import { describe, expect, it } from 'vitest';
import { parseTpKey, tpKey } from './names';

describe('partition keys', () => {
  it('are the topic, a dash and the partition, however often they are asked for', () => {
    for (let round = 0; round < 2; round++) {
      expect(tpKey('orders', 3)).toBe('orders-3');
      expect(tpKey('orders', 0)).toBe('orders-0');
      expect(tpKey('my-topic', 12)).toBe('my-topic-12');
      expect(tpKey('payments', 3)).toBe('payments-3');
    }
  });

  it('spell odd partition numbers as they are (no cache entry for them)', () => {
    expect(tpKey('t', -1)).toBe('t--1');
    expect(tpKey('t', 1.5)).toBe('t-1.5');
    expect(tpKey('t', 5_000_000)).toBe('t-5000000');
  });

  it('parse back to topic and partition, dashes in the topic name included', () => {
    expect(parseTpKey('my-topic-12')).toEqual({ topic: 'my-topic', partition: 12 });
    expect(parseTpKey(tpKey('__consumer_offsets', 49))).toEqual({ topic: '__consumer_offsets', partition: 49 });
    expect(parseTpKey('no partition')).toBeNull();
    expect(parseTpKey('no partition')).toBeNull();
    // Handed out to many callers: nobody can change it for the next one.
    expect(Object.isFrozen(parseTpKey('orders-3'))).toBe(true);
  });
});
