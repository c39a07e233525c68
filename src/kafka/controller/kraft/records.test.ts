import { describe, expect, it } from 'vitest';
import {
  applyEntry,
  applyRecord,
  isActiveBroker,
  newMetadataImage,
  partitionList,
  unfencedBrokerIds,
} from './records';

describe('metadata records and image', () => {
  it('replays registrations, fencing, topics and partition changes', () => {
    const img = newMetadataImage();
    applyRecord(img, { type: 'LeaderChange', epoch: 3, leader: 2 });
    applyRecord(img, { type: 'RegisterBroker', brokerId: 1, brokerEpoch: 1, rack: 'a', incarnationId: 1 });
    applyRecord(img, { type: 'RegisterBroker', brokerId: 2, brokerEpoch: 2, rack: null, incarnationId: 1 });
    expect(isActiveBroker(img, 1)).toBe(false);
    applyRecord(img, { type: 'UnfenceBroker', brokerId: 1 });
    applyRecord(img, { type: 'UnfenceBroker', brokerId: 2 });
    expect(unfencedBrokerIds(img)).toEqual([1, 2]);
    applyRecord(img, { type: 'Topic', name: 'constructor', configs: { 'retention.ms': 1000 } });
    const p = applyRecord(img, {
      type: 'Partition',
      state: {
        topic: 'constructor',
        partition: 0,
        leader: 1,
        leaderEpoch: 0,
        isr: [1, 2],
        replicas: [1, 2],
        partitionEpoch: 0,
      },
    });
    expect(p?.leader).toBe(1);
    expect(img.topics['constructor']?.partitions).toBe(1);
    const changed = applyRecord(img, {
      type: 'PartitionChange',
      topic: 'constructor',
      partition: 0,
      leader: 2,
      isr: [2],
      leaderEpoch: 1,
      partitionEpoch: 1,
    });
    // A change makes a new state object: the one handed out before is untouched.
    expect(p?.leader).toBe(1);
    expect(changed).toMatchObject({
      leader: 2,
      isr: [2],
      replicas: [1, 2],
      leaderEpoch: 1,
      partitionEpoch: 1,
    });
    applyRecord(img, { type: 'BrokerControlledShutdown', brokerId: 2 });
    expect(isActiveBroker(img, 2)).toBe(false);
    expect(unfencedBrokerIds(img)).toEqual([1, 2]);
    applyRecord(img, { type: 'FenceBroker', brokerId: 1 });
    expect(unfencedBrokerIds(img)).toEqual([2]);
    expect(img).toMatchObject({ quorumEpoch: 3, quorumLeader: 2 });
    expect(partitionList(img)).toHaveLength(1);
    expect(structuredClone(img)).toEqual(img);
  });

  it('applies entries in order only', () => {
    const img = newMetadataImage();
    applyEntry(img, { offset: 0, epoch: 1, record: { type: 'LeaderChange', epoch: 1, leader: 1 } });
    applyEntry(img, { offset: 0, epoch: 1, record: { type: 'LeaderChange', epoch: 1, leader: 1 } });
    expect(img.nextOffset).toBe(1);
    expect(() =>
      applyEntry(img, { offset: 5, epoch: 1, record: { type: 'FenceBroker', brokerId: 1 } }),
    ).toThrow();
  });
});
