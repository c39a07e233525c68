import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../sim/types';
import { eventCategory, isInteresting, verbose } from './event-kinds';

const ev = (type: string, fields: Record<string, unknown> = {}): DomainEvent => ({
  index: 0,
  atMs: 0,
  type,
  ...fields,
});

describe('eventCategory', () => {
  it('puts the model’s events in their rooms', () => {
    expect(eventCategory('FaultInjected')).toBe('fault');
    expect(eventCategory('ControllerElected')).toBe('controller');
    expect(eventCategory('BrokerFenced')).toBe('controller');
    expect(eventCategory('LeaderElected')).toBe('election');
    expect(eventCategory('PartitionOffline')).toBe('election');
    expect(eventCategory('IsrShrunk')).toBe('replication');
    expect(eventCategory('FollowerTruncated')).toBe('replication');
    expect(eventCategory('ProduceFailed')).toBe('producer');
    expect(eventCategory('CommitFailed')).toBe('consumer');
    expect(eventCategory('PartitionsAssigned')).toBe('consumer');
    expect(eventCategory('RebalanceStarted')).toBe('group');
    expect(eventCategory('MemberJoined')).toBe('group');
    expect(eventCategory('TopicCreated')).toBe('topic');
    expect(eventCategory('BrokerZkSessionExpired')).toBe('zookeeper');
    expect(eventCategory('ZkSessionExpired')).toBe('zookeeper');
    expect(eventCategory('RaftLeaderElected')).toBe('raft');
    expect(eventCategory('SegmentDeleted')).toBe('log');
    expect(eventCategory('ConsoleProducerStarted')).toBe('console');
    expect(eventCategory('SchemaRejected')).toBe('schema');
    expect(eventCategory('DeserializationFailed')).toBe('schema');
  });

  it('guesses a category from the name of a type it does not list, else says other', () => {
    expect(eventCategory('ConsoleTopicsListed')).toBe('console');
    expect(eventCategory('SchemaDeleted')).toBe('schema');
    expect(eventCategory('ZkWatchFired')).toBe('zookeeper');
    expect(eventCategory('RaftSnapshotTaken')).toBe('raft');
    expect(eventCategory('ConsumerWokeUp')).toBe('consumer');
    expect(eventCategory('GroupDescribed')).toBe('group');
    expect(eventCategory('Teleported')).toBe('other');
    expect(eventCategory('')).toBe('other');
    // Object.prototype's names are not categories.
    expect(eventCategory('constructor')).toBe('other');
    expect(eventCategory('toString')).toBe('other');
  });
});

describe('isInteresting', () => {
  it('marks faults', () => {
    expect(isInteresting(ev('FaultInjected', { fault: 'crashBroker', broker: 1 }))).toEqual({
      marker: 'fault',
    });
    expect(isInteresting(ev('FaultInjected', { fault: 'heal' }))).toEqual({ marker: 'fault' });
  });

  it('marks elections of every kind, but not the first leader of a new topic', () => {
    expect(isInteresting(ev('LeaderElected', { reason: 'offline', leader: 2 }))).toEqual({
      marker: 'election',
    });
    expect(isInteresting(ev('LeaderElected', { reason: 'unclean', unclean: true }))).toEqual({
      marker: 'election',
    });
    expect(isInteresting(ev('LeaderElected', { reason: 'new-topic', leader: 1 }))).toBeNull();
    expect(isInteresting(ev('ControllerElected', { broker: 1, epoch: 2 }))).toEqual({ marker: 'election' });
    expect(isInteresting(ev('RaftLeaderElected', { controller: 1, epoch: 3 }))).toEqual({
      marker: 'election',
    });
    expect(isInteresting(ev('ZkLeaderElected', { server: 1, epoch: 1 }))).toEqual({ marker: 'election' });
    expect(isInteresting(ev('PreferredLeaderElection', { controller: 1, moved: 2 }))).toEqual({
      marker: 'election',
    });
    expect(isInteresting(ev('PreferredLeaderElection', { controller: 1, moved: 0 }))).toBeNull();
  });

  it('marks rebalances', () => {
    expect(isInteresting(ev('RebalanceStarted', { groupId: 'g' }))).toEqual({ marker: 'rebalance' });
    expect(isInteresting(ev('RebalanceCompleted', { groupId: 'g' }))).toEqual({ marker: 'rebalance' });
  });

  it('marks findings: lost records, offline partitions, failures a student should stop on', () => {
    expect(isInteresting(ev('FollowerTruncated', { from: 10, to: 7 }))).toEqual({ marker: 'finding' });
    expect(isInteresting(ev('FollowerTruncated', { from: 7, to: 7 }))).toBeNull();
    expect(isInteresting(ev('PartitionOffline', { leader: -1 }))).toEqual({ marker: 'finding' });
    expect(isInteresting(ev('ProduceFailed', { error: 'REQUEST_TIMED_OUT' }))).toEqual({ marker: 'finding' });
    expect(isInteresting(ev('SchemaRejected', { subject: 's' }))).toEqual({ marker: 'finding' });
    expect(isInteresting(ev('DeserializationFailed', {}))).toEqual({ marker: 'finding' });
  });

  it('leaves routine events unmarked', () => {
    for (const t of [
      'IsrShrunk',
      'IsrExpanded',
      'OffsetCommitted',
      'SegmentDeleted',
      'MemberJoined',
      'PongReceived',
      'SomethingNew',
    ])
      expect(isInteresting(ev(t)), t).toBeNull();
  });
});

describe('verbose', () => {
  it('hides the chatty events by default', () => {
    for (const t of [
      'PongReceived',
      'ProducerMetadataRefreshed',
      'IsrShrinkProposed',
      'IsrExpandProposed',
      'OffsetCommitted',
      'HighWatermarkAdvanced',
    ])
      expect(verbose(t), t).toBe(true);
    // Later heartbeat-level or per-request types are hidden by their names.
    expect(verbose('HeartbeatSent')).toBe(true);
    expect(verbose('FetchRequestSent')).toBe(true);
  });

  it('keeps what a student needs to see', () => {
    for (const t of [
      'FaultInjected',
      'LeaderElected',
      'IsrShrunk',
      'HeartbeatFailed',
      'RebalanceStarted',
      'SegmentDeleted',
      'ProduceRetried',
      'BrokerZkSessionExpired',
      'SomethingNew',
    ])
      expect(verbose(t), t).toBe(false);
  });
});
