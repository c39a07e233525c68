import { describe, expect, it } from 'vitest';
import { World } from '../../../sim/world';
import type { NodeId } from '../../../sim/types';
import { stripedPlacement } from '../../algorithms';
import type {
  AlterPartitionResponse,
  CreatableTopic,
  CreateTopicsResponse,
  PartitionState,
} from '../../protocol/messages';
import {
  activeController,
  buildHarness,
  harnessModel,
  runUntilTrue,
  type HarnessCommand,
  type HarnessOptions,
  type HarnessWorld,
} from './test-harness';
import type { ElectLeadersResponse } from './protocol';
import type { KraftBrokerEvent } from './broker-metadata';
import { applyEntry, newMetadataImage, partitionList, type MetadataRecord } from './records';

const SESSION_TIMEOUT = 9000;

function topic(
  name: string,
  numPartitions: number,
  replicationFactor: number,
  configs: CreatableTopic['configs'] = {},
): CreatableTopic {
  return { name, numPartitions, replicationFactor, assignment: [], configs };
}

/** A running cluster: an active controller and every broker unfenced. */
function cluster(seed: number, options: Partial<HarnessOptions> = {}): HarnessWorld {
  const w = buildHarness(seed, { voters: 3, brokers: 3, ...options });
  const ok = runUntilTrue(
    w,
    () => activeController(w) !== undefined && w.state.model.brokers.every((b) => b.lifecycle === 'RUNNING'),
    15_000,
  );
  if (!ok) throw new Error(`seed ${seed}: the cluster did not start`);
  w.runUntil(w.nowMs + 20);
  return w;
}

function send(w: HarnessWorld, command: HarnessCommand): void {
  w.scheduleCommand(w.nowMs, command);
}

/** Sends CreateTopics to the active controller and waits for the answer. */
function createTopics(w: HarnessWorld, topics: CreatableTopic[]): CreateTopicsResponse {
  const before = w.state.model.adminInbox.length;
  send(w, { do: 'admin', kind: 'CreateTopics', payload: { topics, timeoutMs: 30_000 } });
  runUntilTrue(w, () => w.state.model.adminInbox.length > before, 5_000);
  // Let the brokers fetch what was committed.
  w.runUntil(w.nowMs + 20);
  const m = w.state.model.adminInbox[before];
  expect(m?.kind).toBe('CreateTopicsResponse');
  return m?.payload as CreateTopicsResponse;
}

/** Every partition as the active controller's committed log says (its own image runs ahead of the commit). */
function committedPartitions(w: HarnessWorld): PartitionState[] {
  const a = activeController(w);
  if (a === undefined) throw new Error('no active controller');
  const image = newMetadataImage();
  for (const e of a.raft.log.entries.slice(0, a.raft.highWatermark)) applyEntry(image, e);
  return partitionList(image);
}

function committedRecords(w: HarnessWorld): { offset: number; record: MetadataRecord }[] {
  const a = activeController(w);
  if (a === undefined) throw new Error('no active controller');
  return a.raft.log.entries
    .slice(0, a.raft.highWatermark)
    .map((e) => ({ offset: e.offset, record: e.record }));
}

function brokerEventsOf(
  w: HarnessWorld,
  brokerId: number,
  type: KraftBrokerEvent['type'],
): { atMs: number; event: KraftBrokerEvent }[] {
  return w.state.model.brokerEvents.filter((e) => e.brokerId === brokerId && e.event.type === type);
}

describe('KRaft active controller (KIP-631)', () => {
  it('brokers register fenced, then are unfenced once caught up with their registration record', () => {
    const w = cluster(1);
    const records = committedRecords(w);
    for (const b of w.state.model.brokers) {
      const reg = records.find((r) => r.record.type === 'RegisterBroker' && r.record.brokerId === b.brokerId);
      const unfence = records.find(
        (r) => r.record.type === 'UnfenceBroker' && r.record.brokerId === b.brokerId,
      );
      expect(reg).toBeDefined();
      expect(unfence).toBeDefined();
      expect(reg?.offset).toBeLessThan(unfence?.offset ?? -1);
      // The broker epoch is the offset of its registration record.
      expect(b.brokerEpoch).toBe(reg?.offset);
      expect(brokerEventsOf(w, b.brokerId, 'unfenced')).toHaveLength(1);
      expect(brokerEventsOf(w, b.brokerId, 'fenced')).toHaveLength(0);
      // Its own image, built from the log it fetched, agrees.
      expect(b.image.brokers[String(b.brokerId)]).toMatchObject({ fenced: false, brokerEpoch: reg?.offset });
    }
    const types = w.state.events.map((e) => e.type);
    expect(types.indexOf('BrokerRegistered')).toBeLessThan(types.indexOf('BrokerUnfenced'));
    // Steady state: heartbeats every 2 s keep everyone unfenced.
    w.runUntil(w.nowMs + 60_000);
    expect(w.state.events.filter((e) => e.type === 'BrokerFenced')).toHaveLength(0);
  });

  it('CreateTopics places replicas with the striped placer; leaders are unfenced, ISR = replicas', () => {
    const seed = 2;
    const w = cluster(seed, { brokers: 4 });
    const resp = createTopics(w, [topic('orders', 8, 3)]);
    expect(resp.topics).toEqual([{ name: 'orders', error: 'NONE', errorMessage: null }]);
    const a = activeController(w);
    // Same draws as the controller made: a fresh stream of the same seed and component.
    const fresh = World.create(seed, { latencyMs: 1, jitterMs: 0 }, null, harnessModel as never);
    const expected = stripedPlacement({
      brokers: [1, 2, 3, 4].map((id) => ({ id, rack: null, fenced: false })),
      partitions: 8,
      replicationFactor: 3,
      randomInt: (bound) => fresh.randomInt(`${a?.name ?? ''}/placer`, bound),
    });
    const parts = committedPartitions(w).filter((p) => p.topic === 'orders');
    expect(parts.map((p) => p.replicas)).toEqual(expected);
    for (const p of parts) {
      expect(p.leader).toBe(p.replicas[0]);
      expect(p.isr).toEqual(p.replicas);
      expect(new Set(p.replicas).size).toBe(3);
    }
    // Striping spreads leadership evenly.
    for (const id of [1, 2, 3, 4]) expect(parts.filter((p) => p.leader === id)).toHaveLength(2);
    // Every broker learned the topic through the log, with the partitions it hosts.
    for (const kb of w.state.model.brokers) {
      const got = brokerEventsOf(w, kb.brokerId, 'partitions').flatMap((e) =>
        e.event.type === 'partitions' ? e.event.changed : [],
      );
      expect(got.map((p) => p.partition).sort((x, y) => x - y)).toEqual(
        parts.filter((p) => p.replicas.includes(kb.brokerId)).map((p) => p.partition),
      );
      expect(Object.keys(kb.image.partitions)).toHaveLength(8);
    }
    expect(w.state.events.filter((e) => e.type === 'TopicCreated')).toHaveLength(1);
    expect(w.state.events.filter((e) => e.type === 'LeaderElected' && e.reason === 'new-topic')).toHaveLength(
      8,
    );
  });

  it('CreateTopics spreads replicas across racks', () => {
    const w = cluster(3, { brokers: 6, racks: ['a', 'a', 'b', 'b', 'c', 'c'] });
    expect(createTopics(w, [topic('racked', 6, 3)]).topics[0]?.error).toBe('NONE');
    const rackOf = (id: number): string => ['a', 'a', 'b', 'b', 'c', 'c'][id - 1] ?? '';
    for (const p of committedPartitions(w)) expect(new Set(p.replicas.map(rackOf)).size).toBe(3);
  });

  it("CreateTopics refuses what Kafka refuses, with Kafka's errors", () => {
    const w = cluster(4);
    expect(createTopics(w, [topic('a.b', 1, 1)]).topics[0]?.error).toBe('NONE');
    const resp = createTopics(w, [
      topic('a.b', 1, 1),
      topic('a_b', 1, 1),
      topic('bad name', 1, 1),
      topic('too-many', 1, 4),
      topic('none', 0, 1),
      topic('zero-rf', 1, 0),
      topic('bad-config', 1, 1, { 'retention.ms': 'soon' }),
      { name: 'manual', numPartitions: -1, replicationFactor: -1, assignment: [[1, 9]], configs: {} },
      { name: 'manual-dup', numPartitions: -1, replicationFactor: -1, assignment: [[1, 1]], configs: {} },
      {
        name: 'manual-ok',
        numPartitions: -1,
        replicationFactor: -1,
        assignment: [
          [3, 1],
          [2, 3],
        ],
        configs: {},
      },
    ]);
    expect(resp.topics.map((t) => [t.name, t.error])).toEqual([
      ['a.b', 'TOPIC_ALREADY_EXISTS'],
      ['a_b', 'INVALID_TOPIC_EXCEPTION'],
      ['bad name', 'INVALID_TOPIC_EXCEPTION'],
      ['too-many', 'INVALID_REPLICATION_FACTOR'],
      ['none', 'INVALID_PARTITIONS'],
      ['zero-rf', 'INVALID_REPLICATION_FACTOR'],
      ['bad-config', 'INVALID_CONFIG'],
      ['manual', 'INVALID_REPLICA_ASSIGNMENT'],
      ['manual-dup', 'INVALID_REPLICA_ASSIGNMENT'],
      ['manual-ok', 'NONE'],
    ]);
    expect(resp.topics[3]?.errorMessage).toContain('only 3 broker(s) are registered');
    expect(
      committedPartitions(w)
        .filter((p) => p.topic === 'manual-ok')
        .map((p) => [p.leader, p.replicas]),
    ).toEqual([
      [3, [3, 1]],
      [2, [2, 3]],
    ]);
    // A controller that is not active says so.
    const standby = w.state.model.controllers.find((s) => s.active === null);
    w.send(w.state.model.adminNode, standby?.node ?? -1, 'CreateTopics', {
      correlationId: 99,
      topics: [topic('x', 1, 1)],
      timeoutMs: 1000,
    });
    const before = w.state.model.adminInbox.length;
    runUntilTrue(w, () => w.state.model.adminInbox.length > before, 1000);
    expect((w.state.model.adminInbox[before]?.payload as CreateTopicsResponse).topics[0]?.error).toBe(
      'NOT_CONTROLLER',
    );
  });

  it('a broker that stops heartbeating is fenced after broker.session.timeout.ms, not sooner, and its partitions get new leaders from the ISR', () => {
    for (const seed of [5, 6, 7]) {
      const w = cluster(seed);
      createTopics(w, [topic('orders', 6, 3)]);
      w.runUntil(w.nowMs + 3_000);
      const victim = 2;
      const ledBefore = committedPartitions(w).filter((p) => p.leader === victim);
      expect(ledBefore.length).toBeGreaterThan(0);
      const lastHeartbeat = activeController(w)?.image.brokers[String(victim)]?.lastHeartbeatMs ?? -1;
      send(w, { do: 'crash', node: w.state.model.brokerNodes[victim - 1] as NodeId, power: true });
      runUntilTrue(
        w,
        () => w.state.events.some((e) => e.type === 'BrokerFenced' && e.broker === victim),
        20_000,
      );
      const fenced = w.state.events.find((e) => e.type === 'BrokerFenced' && e.broker === victim);
      expect(fenced?.reason).toBe('session-timeout');
      // Decided at lastHeartbeat + 9000, committed a fetch round trip later.
      expect(fenced?.atMs).toBeGreaterThanOrEqual(lastHeartbeat + SESSION_TIMEOUT);
      expect(fenced?.atMs).toBeLessThanOrEqual(lastHeartbeat + SESSION_TIMEOUT + 50);
      w.runUntil(w.nowMs + 100);
      const after = committedPartitions(w);
      for (const before of ledBefore) {
        const now = after.find((p) => p.partition === before.partition) as PartitionState;
        expect(before.isr).toContain(now.leader);
        expect(now.leader).not.toBe(victim);
        expect(now.isr).not.toContain(victim);
        expect(now.leaderEpoch).toBe(before.leaderEpoch + 1);
      }
      // No partition keeps the fenced broker in its ISR, and the live brokers learned the new leaders.
      expect(after.every((p) => !p.isr.includes(victim))).toBe(true);
      for (const id of [1, 3]) {
        const kb = w.state.model.brokers[id - 1];
        expect(partitionList(kb?.image ?? activeController(w)!.image)).toEqual(after);
        expect(kb?.image.brokers[String(victim)]?.fenced).toBe(true);
      }
      expect(w.state.events.filter((e) => e.type === 'LeaderElected' && e.reason === 'offline')).toHaveLength(
        ledBefore.length,
      );
    }
  });

  it('a broker back after fencing re-registers; a partition with no live ISR member stays offline unless unclean election is allowed', () => {
    const w = cluster(8);
    createTopics(w, [topic('clean', 1, 2), topic('dirty', 1, 2, { 'unclean.leader.election.enable': true })]);
    w.runUntil(w.nowMs + 100);
    // Shrink both ISRs to their leader, as a leader does when its follower lags.
    for (const p of committedPartitions(w)) {
      send(w, {
        do: 'alterPartition',
        brokerId: p.leader,
        req: {
          topic: p.topic,
          partition: p.partition,
          leaderEpoch: p.leaderEpoch,
          partitionEpoch: p.partitionEpoch,
          newIsr: [p.leader],
        },
      });
    }
    w.runUntil(w.nowMs + 100);
    const before = committedPartitions(w);
    expect(before.every((p) => p.isr.length === 1)).toBe(true);
    const leaders = new Set(before.map((p) => p.leader));
    for (const id of leaders)
      send(w, { do: 'crash', node: w.state.model.brokerNodes[id - 1] as NodeId, power: true });
    w.runUntil(w.nowMs + SESSION_TIMEOUT + 3_000);
    const clean = committedPartitions(w).find((p) => p.topic === 'clean') as PartitionState;
    const dirty = committedPartitions(w).find((p) => p.topic === 'dirty') as PartitionState;
    const cleanBefore = before.find((p) => p.topic === 'clean') as PartitionState;
    const dirtyBefore = before.find((p) => p.topic === 'dirty') as PartitionState;
    // The clean topic goes offline and keeps its last ISR member (pre-ELR KRaft).
    expect(clean).toMatchObject({ leader: -1, isr: cleanBefore.isr });
    expect(w.state.events.some((e) => e.type === 'PartitionOffline' && e.topic === 'clean')).toBe(true);
    // The unclean topic elects its live out-of-sync replica, alone in the ISR.
    const other = dirtyBefore.replicas.find((r) => r !== dirtyBefore.leader);
    if (leaders.has(other ?? -1)) expect(dirty.leader).toBe(-1);
    else {
      expect(dirty).toMatchObject({ leader: other, isr: [other] });
      expect(
        w.state.events.some((e) => e.type === 'LeaderElected' && e.topic === 'dirty' && e.unclean === true),
      ).toBe(true);
    }
    // The old leader of 'clean' comes back: a new registration, unfenced, and it leads again.
    const cleanLeader = cleanBefore.leader;
    send(w, { do: 'restart', node: w.state.model.brokerNodes[cleanLeader - 1] as NodeId });
    runUntilTrue(w, () => w.state.model.brokers[cleanLeader - 1]?.lifecycle === 'RUNNING', 10_000);
    w.runUntil(w.nowMs + 100);
    expect(committedPartitions(w).find((p) => p.topic === 'clean')).toMatchObject({
      leader: cleanLeader,
      isr: [cleanLeader],
    });
    const regs = committedRecords(w).filter(
      (r) => r.record.type === 'RegisterBroker' && r.record.brokerId === cleanLeader,
    );
    expect(regs).toHaveLength(2);
    expect(w.state.model.brokers[cleanLeader - 1]?.brokerEpoch).toBe(regs[1]?.offset);
  });

  it('controlled shutdown moves leadership at once, then grants the shutdown', () => {
    const w = cluster(9);
    createTopics(w, [topic('orders', 6, 3)]);
    w.runUntil(w.nowMs + 3_000);
    const leaving = 1;
    const led = committedPartitions(w).filter((p) => p.leader === leaving);
    expect(led.length).toBeGreaterThan(0);
    const t0 = w.nowMs;
    send(w, { do: 'controlledShutdown', brokerId: leaving });
    // One heartbeat round trip and one commit later, it leads nothing.
    runUntilTrue(w, () => committedPartitions(w).every((p) => p.leader !== leaving), 1_000);
    expect(w.nowMs - t0).toBeLessThan(50);
    for (const p of committedPartitions(w)) {
      expect(p.isr).not.toContain(leaving);
      expect(p.isr).toContain(p.leader);
    }
    expect(
      w.state.events.filter((e) => e.type === 'LeaderElected' && e.reason === 'controlled-shutdown'),
    ).toHaveLength(led.length);
    // The shutdown is granted once every other broker has caught up past the shutdown record.
    runUntilTrue(w, () => brokerEventsOf(w, leaving, 'shutdownGranted').length > 0, 10_000);
    const granted = brokerEventsOf(w, leaving, 'shutdownGranted')[0];
    expect(granted?.atMs).toBeLessThan(t0 + 2_000 + 100);
    const fenced = w.state.events.find((e) => e.type === 'BrokerFenced' && e.broker === leaving);
    expect(fenced?.reason).toBe('shutdown');
    expect(w.node(w.state.model.brokerNodes[leaving - 1] as NodeId).up).toBe(false);
  });

  it('AlterPartition: checks the leader and partition epochs, refuses ineligible replicas, commits with partition epoch + 1', () => {
    const w = cluster(10);
    createTopics(w, [topic('orders', 1, 3)]);
    w.runUntil(w.nowMs + 100);
    const p = committedPartitions(w)[0] as PartitionState;
    const follower = p.replicas.find((r) => r !== p.leader) as number;
    const alter = (
      brokerId: number,
      req: { leaderEpoch: number; partitionEpoch: number; newIsr: number[] },
    ): AlterPartitionResponse => {
      const before = w.state.model.brokerInbox.length;
      send(w, { do: 'alterPartition', brokerId, req: { topic: 'orders', partition: 0, ...req } });
      runUntilTrue(w, () => w.state.model.brokerInbox.length > before, 1_000);
      return w.state.model.brokerInbox[before]?.payload as AlterPartitionResponse;
    };
    const shrunk = alter(p.leader, {
      leaderEpoch: p.leaderEpoch,
      partitionEpoch: p.partitionEpoch,
      newIsr: p.isr.filter((b) => b !== follower),
    });
    expect(shrunk.error).toBe('NONE');
    expect(shrunk.state).toMatchObject({
      isr: p.isr.filter((b) => b !== follower),
      partitionEpoch: p.partitionEpoch + 1,
      leaderEpoch: p.leaderEpoch,
    });
    expect(w.state.events.some((e) => e.type === 'IsrShrunk' && e.topic === 'orders')).toBe(true);
    expect(
      alter(p.leader, { leaderEpoch: p.leaderEpoch, partitionEpoch: p.partitionEpoch, newIsr: p.isr }).error,
    ).toBe('INVALID_UPDATE_VERSION');
    expect(
      alter(p.leader, { leaderEpoch: p.leaderEpoch - 1, partitionEpoch: p.partitionEpoch + 1, newIsr: p.isr })
        .error,
    ).toBe('FENCED_LEADER_EPOCH');
    expect(
      alter(follower, { leaderEpoch: p.leaderEpoch, partitionEpoch: p.partitionEpoch + 1, newIsr: p.isr })
        .error,
    ).toBe('INVALID_REQUEST');
    // A fenced broker may not join the ISR.
    send(w, { do: 'crash', node: w.state.model.brokerNodes[follower - 1] as NodeId, power: true });
    runUntilTrue(
      w,
      () => w.state.events.some((e) => e.type === 'BrokerFenced' && e.broker === follower),
      15_000,
    );
    w.runUntil(w.nowMs + 50);
    const now = committedPartitions(w)[0] as PartitionState;
    expect(
      alter(now.leader, {
        leaderEpoch: now.leaderEpoch,
        partitionEpoch: now.partitionEpoch,
        newIsr: [...now.isr, follower],
      }).error,
    ).toBe('INELIGIBLE_REPLICA');
    const grown = alter(now.leader, {
      leaderEpoch: now.leaderEpoch,
      partitionEpoch: now.partitionEpoch,
      newIsr: now.replicas.filter((r) => r !== follower),
    });
    expect(grown.error).toBe('NONE');
    // Everyone's log shows the committed change.
    w.runUntil(w.nowMs + 50);
    const live = w.state.model.brokers.filter((b) => b.brokerId !== follower);
    for (const kb of live) expect(kb.image.partitions['orders-0']).toEqual(committedPartitions(w)[0]);
  });

  it('preferred leader election: on request, and every leader.imbalance.check.interval.seconds', () => {
    const w = cluster(11, { config: { 'leader.imbalance.check.interval.seconds': 5 } });
    createTopics(w, [topic('orders', 3, 3)]);
    w.runUntil(w.nowMs + 3_000);
    // Broker 1 leaves in a controlled way and comes back: its partitions are led by others.
    const preferredOf1 = committedPartitions(w).filter((p) => p.replicas[0] === 1);
    expect(preferredOf1.length).toBeGreaterThan(0);
    send(w, { do: 'controlledShutdown', brokerId: 1 });
    runUntilTrue(w, () => brokerEventsOf(w, 1, 'shutdownGranted').length > 0, 10_000);
    send(w, { do: 'restart', node: w.state.model.brokerNodes[0] as NodeId });
    runUntilTrue(w, () => w.state.model.brokers[0]?.lifecycle === 'RUNNING', 10_000);
    w.runUntil(w.nowMs + 100);
    expect(committedPartitions(w).every((p) => p.leader !== 1)).toBe(true);
    // Not in the ISR yet: a preferred election is not possible.
    const electPreferred = (): ElectLeadersResponse => {
      const before = w.state.model.adminInbox.length;
      send(w, {
        do: 'admin',
        kind: 'ElectLeaders',
        payload: { electionType: 'PREFERRED', partitions: null },
      });
      runUntilTrue(w, () => w.state.model.adminInbox.length > before, 1_000);
      return w.state.model.adminInbox[before]?.payload as ElectLeadersResponse;
    };
    const first = electPreferred();
    expect(first.results.filter((r) => r.error === 'PREFERRED_LEADER_NOT_AVAILABLE').length).toBe(
      preferredOf1.length,
    );
    // The leaders let broker 1 back into their ISRs (it caught up).
    for (const p of committedPartitions(w)) {
      send(w, {
        do: 'alterPartition',
        brokerId: p.leader,
        req: {
          topic: p.topic,
          partition: p.partition,
          leaderEpoch: p.leaderEpoch,
          partitionEpoch: p.partitionEpoch,
          newIsr: [...p.isr, 1],
        },
      });
    }
    w.runUntil(w.nowMs + 100);
    expect(committedPartitions(w).every((p) => p.isr.includes(1))).toBe(true);
    // The periodic check moves leadership back within one interval.
    const t0 = w.nowMs;
    runUntilTrue(w, () => committedPartitions(w).every((p) => p.leader === p.replicas[0]), 6_000);
    expect(w.nowMs - t0).toBeLessThanOrEqual(5_100);
    expect(w.state.events.some((e) => e.type === 'PreferredLeaderElection')).toBe(true);
    expect(electPreferred().results.every((r) => r.error === 'ELECTION_NOT_NEEDED')).toBe(true);
  });

  it('a controller failover keeps the metadata, and no broker is fenced by it', () => {
    const w = cluster(12);
    createTopics(w, [topic('orders', 4, 3)]);
    w.runUntil(w.nowMs + 3_000);
    const partitionsBefore = committedPartitions(w);
    const old = activeController(w);
    send(w, { do: 'crash', node: old?.node ?? -1, power: true });
    runUntilTrue(w, () => (activeController(w)?.id ?? old?.id) !== old?.id, 10_000);
    w.runUntil(w.nowMs + 20_000);
    expect(committedPartitions(w)).toEqual(partitionsBefore);
    expect(w.state.events.filter((e) => e.type === 'BrokerFenced')).toHaveLength(0);
    // Brokers found the new active controller and heartbeat to it.
    const fresh = activeController(w);
    for (const kb of w.state.model.brokers) {
      expect(kb.leaderId).toBe(fresh?.id);
      expect(fresh?.image.brokers[String(kb.brokerId)]?.lastHeartbeatMs).toBeGreaterThan(w.nowMs - 2_100);
    }
    // The old controller comes back as a follower and catches up.
    send(w, { do: 'restart', node: old?.node ?? -1 });
    w.runUntil(w.nowMs + 3_000);
    expect(old?.raft.role).toBe('follower');
    expect(old?.raft.highWatermark).toBe(fresh?.raft.highWatermark);
    expect(partitionList(old?.image ?? fresh!.image)).toEqual(partitionsBefore);
  });

  it('a broker cut off from the controllers is fenced, and unfenced by its first heartbeat after the partition heals', () => {
    const w = cluster(14);
    createTopics(w, [topic('orders', 3, 3)]);
    const node = w.state.model.brokerNodes[0] as NodeId;
    send(w, { do: 'isolate', a: [node], b: w.state.model.controllerNodes });
    runUntilTrue(w, () => w.state.events.some((e) => e.type === 'BrokerFenced' && e.broker === 1), 15_000);
    w.runUntil(w.nowMs + 100);
    expect(committedPartitions(w).every((p) => p.leader !== 1 && !p.isr.includes(1))).toBe(true);
    const t0 = w.nowMs;
    send(w, { do: 'heal' });
    runUntilTrue(
      w,
      () => w.state.events.some((e) => e.type === 'BrokerUnfenced' && e.broker === 1 && e.atMs > t0),
      10_000,
    );
    // Within a heartbeat interval (plus a retry after the requests lost in the partition).
    expect(w.nowMs - t0).toBeLessThan(2 * 2_000 + 2_000);
    expect(w.state.model.brokers[0]?.lifecycle).toBe('RUNNING');
    // Its image caught up with everything that happened while it was away.
    w.runUntil(w.nowMs + 100);
    expect(partitionList(w.state.model.brokers[0]?.image ?? activeController(w)!.image)).toEqual(
      committedPartitions(w),
    );
  });

  it('an idle cluster exchanges a modest number of messages', () => {
    const w = cluster(15);
    const sent = w.state.network.sentCount;
    w.runUntil(w.nowMs + 60_000);
    // 3 voters + 3 brokers: long polls of 500 ms and heartbeats every 2 s.
    expect(w.state.network.sentCount - sent).toBeLessThan(3_000);
    expect(activeController(w)?.raft.log.entries.length).toBe(7);
  });

  it('a restarted broker within its old session is refused until the session ends (DUPLICATE_BROKER_REGISTRATION)', () => {
    const w = cluster(13);
    const node = w.state.model.brokerNodes[2] as NodeId;
    send(w, { do: 'crash', node, power: true });
    w.runUntil(w.nowMs + 1_000);
    const t0 = w.nowMs;
    send(w, { do: 'restart', node });
    runUntilTrue(w, () => w.state.model.brokers[2]?.lifecycle === 'RUNNING', 20_000);
    // It could only register once the controller fenced the old incarnation.
    const fenced = w.state.events.find((e) => e.type === 'BrokerFenced' && e.broker === 3);
    expect(fenced?.reason).toBe('session-timeout');
    const registered = w.state.events.filter((e) => e.type === 'BrokerRegistered' && e.broker === 3).pop();
    expect(registered?.atMs).toBeGreaterThanOrEqual(fenced?.atMs ?? Infinity);
    expect(registered?.atMs).toBeGreaterThan(t0 + 5_000);
  });
});
