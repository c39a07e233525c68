import { describe, expect, it } from 'vitest';
import { appendAsLeader, newPartitionLog } from '../log/partition-log';
import { logConfig } from '../log/test-fixtures';
import { addMember, newGroup } from './group-metadata';
import { coordinatorBatch, decodeRecord, groupKey, groupValue, loadedState, offsetKey, offsetValue, replayPartition, TOMBSTONE } from './records';
import { expiredOffsets } from './offsets';
import type { CommittedOffset } from './types';

const offset = (o: number, t = 0): CommittedOffset => ({ topic: 'orders', partition: 1, offset: o, leaderEpoch: 0, metadata: '', commitTimestampMs: t, resets: 0 });

describe('__consumer_offsets records', () => {
  it('an offset commit and a group round-trip through their key and value', () => {
    const r = decodeRecord(offsetKey('g', 'orders', 1), offsetValue(offset(42, 7)));
    expect(r).toEqual({ kind: 'offset', groupId: 'g', topic: 'orders', partition: 1, value: { offset: 42, leaderEpoch: 0, metadata: '', commitTimestampMs: 7, resets: 0 } });
    const g = newGroup('g:with:colons', 0, 0);
    addMember(g, { memberId: 'm', groupInstanceId: 'i', clientId: 'c', clientNode: 3, rebalanceTimeoutMs: 1, sessionTimeoutMs: 2, protocols: [{ name: 'range', metadata: { topics: ['orders'], ownedPartitions: [], generation: -1, previousAssignment: [] } }], assignment: [], awaitingJoin: -1, awaitingSync: -1, isNew: false, heartbeatDeadlineMs: 0 });
    g.protocolName = 'range';
    g.generation = 3;
    const decoded = decodeRecord(groupKey(g.groupId), groupValue(g, { m: ['orders-0'] }));
    expect(decoded?.kind).toBe('group');
    if (decoded?.kind !== 'group' || decoded.value === null) throw new Error('not a group');
    expect(decoded.groupId).toBe('g:with:colons');
    expect(decoded.value.generation).toBe(3);
    expect(decoded.value.members[0]).toMatchObject({ memberId: 'm', groupInstanceId: 'i', assignment: ['orders-0'], subscription: { topics: ['orders'] } });
    expect(loadedState(decoded.value)).toBe('Stable');
  });

  it('a new leader replays the partition: the last record of a key wins, a tombstone deletes', () => {
    const log = newPartitionLog('__consumer_offsets', 0, 0);
    const write = (keys: string[], values: string[]) => appendAsLeader(log, coordinatorBatch('group-coordinator-1.1', log.logEndOffset, 0, keys, values), 0, 0, logConfig());
    write([offsetKey('g', 'orders', 1), offsetKey('h', 'orders', 1)], [offsetValue(offset(10)), offsetValue(offset(5))]);
    write([offsetKey('g', 'orders', 1)], [offsetValue(offset(20))]);
    write([offsetKey('h', 'orders', 1), groupKey('h')], [TOMBSTONE, TOMBSTONE]);
    const loaded = replayPartition(log);
    expect(loaded.offsets.get('g')?.get('orders-1')?.offset).toBe(20);
    expect(loaded.offsets.get('h')?.size).toBe(0);
    expect(loaded.groups.has('h')).toBe(false);
  });
});

describe('offset expiry (KIP-211)', () => {
  it('an Empty group\'s offsets expire offsets.retention.minutes after it became Empty, whatever their commit time', () => {
    const g = newGroup('g', 0, 0);
    g.protocolType = 'consumer';
    g.stateSinceMs = 100_000;
    g.offsets['orders-1'] = offset(10, 0);
    expect(expiredOffsets(g, 159_999, 60_000)).toEqual([]);
    expect(expiredOffsets(g, 160_000, 60_000)).toEqual(['orders-1']);
    // A commit still replicating does not expire.
    g.pendingOffsetCommits['orders-1'] = 1;
    expect(expiredOffsets(g, 160_000, 60_000)).toEqual([]);
  });

  it('a Stable group keeps the offsets of topics it subscribes to; a group without members (offsets only) expires by commit time', () => {
    const g = newGroup('g', 0, 0);
    g.protocolType = 'consumer';
    g.state = 'Stable';
    g.subscribedTopics = ['orders'];
    g.offsets['orders-1'] = offset(10, 0);
    g.offsets['old-0'] = { ...offset(3, 0), topic: 'old', partition: 0 };
    expect(expiredOffsets(g, 1_000_000, 60_000)).toEqual(['old-0']);
    const simple = newGroup('s', 0, 0);
    simple.offsets['orders-1'] = offset(10, 500_000);
    expect(expiredOffsets(simple, 559_999, 60_000)).toEqual([]);
    expect(expiredOffsets(simple, 560_000, 60_000)).toEqual(['orders-1']);
  });
});
