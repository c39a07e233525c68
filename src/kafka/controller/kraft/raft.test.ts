import { describe, expect, it } from 'vitest';
import { World } from '../../../sim/world';
import type { Message, NodeId } from '../../../sim/types';
import { defaultConfig } from '../../config/resolve';
import {
  activeController,
  buildHarness,
  runUntilTrue,
  type HarnessCommand,
  type HarnessWorld,
} from './test-harness';
import { kraftQuorumView } from './controller-node';
import type { FetchMetadataRequest, VoteRequest, VoteResponse } from './protocol';
import {
  endOffsetForEpoch,
  newRaftLog,
  newRaftState,
  raftCrash,
  raftOnMessage,
  raftOnTimer,
  raftStart,
  raftTimingsFromConfig,
  RAFT_TIMERS,
  type RaftState,
} from './raft';
import type { RaftLogEntry } from './records';

const CONFIG = defaultConfig('broker');
const FETCH_TIMEOUT = CONFIG['controller.quorum.fetch.timeout.ms'];
const ELECTION_TIMEOUT = CONFIG['controller.quorum.election.timeout.ms'];

/**
 * Safety of the quorum, checked after every step:
 * - at most one leader per epoch (RaftLeaderElected events);
 * - committed entries never change and every voter agrees on them;
 * - a leader's high watermark only moves past its own LeaderChange record.
 */
function createRaftChecker(world: HarnessWorld): () => string[] {
  const leaderOf = new Map<number, number>();
  let eventsSeen = 0;
  const committed: RaftLogEntry[] = [];
  const hwAtElection = new Map<string, number>();
  /** Per controller: entries below this were already compared (committed entries never change). */
  const checked = new Map<number, number>();
  return () => {
    const out: string[] = [];
    const events = world.state.events;
    for (; eventsSeen < events.length; eventsSeen++) {
      const e = events[eventsSeen];
      if (e?.type !== 'RaftLeaderElected') continue;
      const epoch = e.epoch as number;
      const leader = e.controller as number;
      const before = leaderOf.get(epoch);
      if (before !== undefined && before !== leader)
        out.push(`epoch ${epoch} has two leaders: ${before} and ${leader}`);
      leaderOf.set(epoch, leader);
    }
    for (const s of world.state.model.controllers) {
      const r = s.raft;
      // A crash wipes the volatile high watermark; a truncation below it would be caught by the entry check.
      const from = Math.min(checked.get(s.id) ?? 0, r.highWatermark);
      for (let o = from; o < r.highWatermark; o++) {
        const mine = r.log.entries[o];
        const known = committed[o];
        if (mine === undefined)
          out.push(`controller ${s.id} has no entry ${o} below its high watermark ${r.highWatermark}`);
        else if (known === undefined) committed[o] = mine;
        else if (known !== mine && JSON.stringify(known) !== JSON.stringify(mine))
          out.push(
            `controller ${s.id} committed ${JSON.stringify(mine)} at ${o}, another committed ${JSON.stringify(known)}`,
          );
      }
      checked.set(s.id, Math.max(from, r.highWatermark));
      const prefix = r.log.entries[Math.max(0, (checked.get(s.id) ?? 0) - 1)];
      const knownLast = committed[Math.max(0, (checked.get(s.id) ?? 0) - 1)];
      if (
        (checked.get(s.id) ?? 0) > 0 &&
        prefix !== knownLast &&
        JSON.stringify(prefix) !== JSON.stringify(knownLast)
      )
        out.push(`controller ${s.id} lost a committed entry`);
      if (s.up && r.role === 'leader') {
        const key = `${s.id}/${r.epoch}`;
        const start = hwAtElection.get(key);
        if (start === undefined) {
          hwAtElection.set(key, r.highWatermark);
          const first = r.log.entries[r.epochStartOffset];
          if (first?.record.type !== 'LeaderChange' || first.epoch !== r.epoch)
            out.push(`leader ${s.id} of epoch ${r.epoch} does not start it with LeaderChange`);
        } else if (r.highWatermark !== start && r.highWatermark <= r.epochStartOffset) {
          out.push(
            `leader ${s.id} of epoch ${r.epoch} moved its high watermark to ${r.highWatermark} before committing its LeaderChange at ${r.epochStartOffset}`,
          );
        }
      }
    }
    return out;
  };
}

function runChecked(world: HarnessWorld, untilMs: number, check: () => string[]): void {
  for (;;) {
    const next = world.nextEventAtMs();
    if (next === undefined || next > untilMs) break;
    world.step();
    const problems = check();
    if (problems.length > 0)
      throw new Error(`seed ${world.state.seed} at ${world.nowMs} ms: ${problems.join('; ')}`);
  }
  world.runUntil(untilMs);
}

function leadersNow(world: HarnessWorld): number[] {
  return world.state.model.controllers.filter((s) => s.up && s.raft.role === 'leader').map((s) => s.id);
}

describe('KRaft quorum (KIP-595)', () => {
  it('a 3-voter quorum elects exactly one leader, which becomes the active controller', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const w = buildHarness(seed, { voters: 3, brokers: 0 });
      const check = createRaftChecker(w);
      runChecked(w, 10_000, check);
      expect(leadersNow(w), `seed ${seed}`).toHaveLength(1);
      const view = kraftQuorumView(w.state.model.controllers);
      expect(view.voters.every((v) => v.epoch === view.epoch)).toBe(true);
      expect(view.voters.filter((v) => v.role === 'follower')).toHaveLength(2);
      // The first election happens after an election timeout in [T, 2T) (plus a round trip).
      const first = w.state.events.find((e) => e.type === 'RaftLeaderElected');
      expect(first?.atMs).toBeGreaterThanOrEqual(ELECTION_TIMEOUT);
      expect(first?.atMs).toBeLessThan(2 * ELECTION_TIMEOUT + 2 * 100 * 2 + 50);
      expect(activeController(w)?.id).toBe(view.leader);
    }
  });

  it('a single voter leads at once; five voters survive two crashes', () => {
    const one = buildHarness(3, { voters: 1, brokers: 0 });
    one.runUntil(10);
    expect(leadersNow(one)).toEqual([1]);
    expect(activeController(one)?.raft.highWatermark).toBe(1);

    const five = buildHarness(4, { voters: 5, brokers: 0 });
    const check = createRaftChecker(five);
    runChecked(five, 5_000, check);
    const leader = activeController(five);
    expect(leader).toBeDefined();
    const others = five.state.model.controllers.filter((s) => s.id !== leader?.id);
    five.scheduleCommand(five.nowMs, {
      do: 'crash',
      node: leader?.node ?? -1,
      power: true,
    } satisfies HarnessCommand);
    five.scheduleCommand(five.nowMs, {
      do: 'crash',
      node: others[0]?.node ?? -1,
      power: true,
    } satisfies HarnessCommand);
    runChecked(five, five.nowMs + 8_000, check);
    expect(leadersNow(five)).toHaveLength(1);
    expect(activeController(five)).toBeDefined();
  });

  it('killing the leader elects another within about the fetch timeout plus an election timeout', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const w = buildHarness(seed, { voters: 3, brokers: 1 });
      const check = createRaftChecker(w);
      runChecked(w, 4_000 + seed * 53, check);
      const old = activeController(w);
      expect(old, `seed ${seed}`).toBeDefined();
      const t0 = w.nowMs;
      w.scheduleCommand(t0, { do: 'crash', node: old?.node ?? -1, power: true } satisfies HarnessCommand);
      const ok = runUntilTrue(w, () => (activeController(w)?.id ?? old?.id) !== old?.id, 20_000);
      expect(ok, `seed ${seed}`).toBe(true);
      const dt = w.nowMs - t0;
      // Followers wait out the fetch timeout from their last answered fetch (at most one long poll before the crash).
      const firstCandidacy = w.state.events.find((e) => e.type === 'RaftElectionStarted' && e.atMs >= t0);
      expect(firstCandidacy?.atMs).toBeGreaterThanOrEqual(t0 + FETCH_TIMEOUT - 500);
      expect(dt, `seed ${seed}`).toBeLessThanOrEqual(FETCH_TIMEOUT + 2 * ELECTION_TIMEOUT);
      const newLeader = activeController(w);
      expect(newLeader?.raft.epoch).toBeGreaterThan(old?.raft.epoch ?? 0);
      // Nothing committed was lost: the new leader's log holds every entry the old one had committed.
      const committed = old?.raft.log.entries.slice(0, old.raft.highWatermark) ?? [];
      expect(newLeader?.raft.log.entries.slice(0, committed.length)).toEqual(committed);
    }
  });

  it('grants at most one vote per epoch, only to an up-to-date log, and remembers it across a crash', () => {
    const world = World.create(1, { latencyMs: 1, jitterMs: 0 }, null, {
      onMessage() {},
      onTimer() {},
      onCommand() {},
    });
    const nodes = [
      world.addNode('controller-1', 'controller'),
      world.addNode('controller-2', 'controller'),
      world.addNode('controller-3', 'controller'),
    ];
    const r = newRaftState(1, nodes[0] as NodeId, nodes, raftTimingsFromConfig(CONFIG));
    raftStart(world, r);
    let nextMsg = 1;
    const ask = (
      candidateId: number,
      candidateEpoch: number,
      lastOffsetEpoch = 0,
      lastOffset = 0,
    ): boolean => {
      const payload: VoteRequest = {
        correlationId: nextMsg,
        candidateId,
        candidateEpoch,
        lastOffsetEpoch,
        lastOffset,
      };
      const msg: Message = {
        id: nextMsg++,
        from: nodes[candidateId - 1] as NodeId,
        to: nodes[0] as NodeId,
        sentAtMs: 0,
        deliverAtMs: 0,
        kind: 'Vote',
        sizeBytes: 0,
        toIncarnation: 0,
        payload,
      };
      raftOnMessage(world, r, msg);
      const resp = world
        .inFlight()
        .filter((m) => m.kind === 'VoteResponse')
        .pop()?.payload as VoteResponse;
      expect(resp.correlationId).toBe(payload.correlationId);
      return resp.voteGranted;
    };
    expect(ask(2, 1)).toBe(true);
    expect(r.votedFor).toBe(2);
    expect(ask(3, 1)).toBe(false); // same epoch, another candidate
    expect(ask(2, 1)).toBe(true); // the same candidate asking again
    expect(ask(3, 2)).toBe(true); // a new epoch: a new vote
    raftCrash(r);
    raftStart(world, r);
    expect(r.epoch).toBe(2);
    expect(ask(2, 2)).toBe(false); // the vote survived the crash
    expect(ask(2, 1)).toBe(false); // an old epoch
    // Up to date = a later last epoch, or the same last epoch and at least as long a log.
    r.log.entries.push(
      { offset: 0, epoch: 2, record: { type: 'LeaderChange', epoch: 2, leader: 3 } },
      { offset: 1, epoch: 2, record: { type: 'FenceBroker', brokerId: 1 } },
    );
    expect(ask(2, 3, 1, 5)).toBe(false);
    expect(ask(2, 4, 2, 1)).toBe(false);
    expect(ask(2, 5, 2, 2)).toBe(true);
    expect(ask(3, 6, 3, 1)).toBe(true);
  });

  it('a new leader commits its LeaderChange first: older entries count only once it is committed', () => {
    const world = World.create(1, { latencyMs: 1, jitterMs: 0 }, null, {
      onMessage() {},
      onTimer() {},
      onCommand() {},
    });
    const nodes = [
      world.addNode('controller-1', 'controller'),
      world.addNode('controller-2', 'controller'),
      world.addNode('controller-3', 'controller'),
    ];
    const r: RaftState = newRaftState(1, nodes[0] as NodeId, nodes, raftTimingsFromConfig(CONFIG));
    // Epoch 1 was led by voter 2; X was appended but never committed.
    r.epoch = 1;
    r.log.entries.push(
      { offset: 0, epoch: 1, record: { type: 'LeaderChange', epoch: 1, leader: 2 } },
      { offset: 1, epoch: 1, record: { type: 'FenceBroker', brokerId: 7 } },
    );
    raftStart(world, r);
    raftOnTimer(world, r, RAFT_TIMERS.election, { gen: r.gen, electionGen: r.electionGen });
    expect(r.role).toBe('candidate');
    expect(r.epoch).toBe(2);
    const deliver = (from: number, kind: string, payload: unknown): void =>
      raftOnMessage(world, r, {
        id: 0,
        from: nodes[from - 1] as NodeId,
        to: nodes[0] as NodeId,
        sentAtMs: 0,
        deliverAtMs: 0,
        kind,
        sizeBytes: 0,
        toIncarnation: 0,
        payload,
      });
    deliver(2, 'VoteResponse', {
      correlationId: 1,
      error: 'NONE',
      voterId: 2,
      epoch: 2,
      leaderId: -1,
      voteGranted: true,
    } satisfies VoteResponse);
    expect(r.role).toBe('leader');
    expect(r.epochStartOffset).toBe(2);
    expect(r.log.entries[2]?.record).toEqual({ type: 'LeaderChange', epoch: 2, leader: 1 });
    const fetch = (fetchOffset: number, lastFetchedEpoch: number): FetchMetadataRequest => ({
      correlationId: 9,
      replicaId: 2,
      observer: false,
      epoch: 2,
      fetchOffset,
      lastFetchedEpoch,
      highWatermark: 0,
      maxWaitMs: 0,
    });
    // Voter 2 holds X (offsets 0..1): a majority holds offset 2, yet X is of an older epoch.
    deliver(2, 'FetchMetadata', fetch(2, 1));
    expect(r.highWatermark).toBe(0);
    // Once voter 2 holds the LeaderChange too, everything up to it commits at once.
    deliver(2, 'FetchMetadata', fetch(3, 2));
    expect(r.highWatermark).toBe(3);
  });

  it('a follower with a diverging log truncates to where it agrees with the leader', () => {
    const log = newRaftLog();
    log.entries.push(
      { offset: 0, epoch: 1, record: { type: 'LeaderChange', epoch: 1, leader: 1 } },
      { offset: 1, epoch: 1, record: { type: 'FenceBroker', brokerId: 1 } },
      { offset: 2, epoch: 3, record: { type: 'LeaderChange', epoch: 3, leader: 2 } },
    );
    expect(endOffsetForEpoch(log, 3)).toEqual({ epoch: 3, endOffset: 3 });
    expect(endOffsetForEpoch(log, 2)).toEqual({ epoch: 1, endOffset: 2 });
    expect(endOffsetForEpoch(log, 0)).toEqual({ epoch: -1, endOffset: 0 });
  });

  it('a minority cannot elect a leader or commit; the majority side can', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const w = buildHarness(seed, { voters: 3, brokers: 3 });
      const check = createRaftChecker(w);
      runChecked(w, 5_000, check);
      const old = activeController(w);
      expect(old, `seed ${seed}`).toBeDefined();
      if (old === undefined) return;
      const others = w.state.model.controllers.filter((s) => s.id !== old.id);
      const hwBefore = old.raft.highWatermark;
      const epochBefore = old.raft.epoch;
      const t0 = w.nowMs;
      w.scheduleCommand(t0, {
        do: 'isolate',
        a: [old.node],
        b: others.map((s) => s.node),
      } satisfies HarnessCommand);
      // A request the old leader accepts but can never commit.
      w.scheduleCommand(t0 + 1, {
        do: 'admin',
        kind: 'CreateTopics',
        payload: {
          topics: [{ name: 'lost', numPartitions: 1, replicationFactor: 1, assignment: [], configs: {} }],
          timeoutMs: 30_000,
        },
      } satisfies HarnessCommand);
      runChecked(w, t0 + 10, check);
      expect(old.raft.log.entries.some((e) => e.record.type === 'Topic')).toBe(true);
      runChecked(w, t0 + 10_000, check);
      // The old leader committed nothing while cut off, and gave up its epoch (check quorum).
      expect(old.raft.highWatermark).toBe(hwBefore);
      expect(old.raft.role).not.toBe('leader');
      const resigned = w.state.events.find(
        (e) => e.type === 'RaftLeaderResigned' && e.controller === old.id && e.atMs >= t0,
      );
      expect(resigned?.atMs).toBeLessThanOrEqual(t0 + 1.5 * FETCH_TIMEOUT + 600);
      // The majority elected a new leader in a later epoch, and it commits.
      const fresh = activeController(w);
      expect(fresh?.id).not.toBe(old.id);
      expect(fresh?.raft.epoch).toBeGreaterThan(epochBefore);
      const createResponses = w.state.model.adminInbox.filter((m) => m.kind === 'CreateTopicsResponse');
      expect(
        createResponses.every(
          (m) => (m.payload as { topics: { error: string }[] }).topics[0]?.error !== 'NONE',
        ),
      ).toBe(true);
      // After healing, the old leader follows and its uncommitted Topic record is gone.
      w.scheduleCommand(w.nowMs, { do: 'heal' } satisfies HarnessCommand);
      runChecked(w, w.nowMs + 10_000, check);
      expect(leadersNow(w)).toHaveLength(1);
      expect(
        w.state.model.controllers.every((s) => s.raft.log.entries.every((e) => e.record.type !== 'Topic')),
      ).toBe(true);
    }
  });

  it('an isolated follower keeps starting elections but never leads', () => {
    const w = buildHarness(8, { voters: 3, brokers: 0 });
    const check = createRaftChecker(w);
    runChecked(w, 5_000, check);
    const leader = activeController(w);
    const lone = w.state.model.controllers.find((s) => s.id !== leader?.id);
    if (leader === undefined || lone === undefined) throw new Error('no leader');
    const others = w.state.model.controllers.filter((s) => s.id !== lone.id).map((s) => s.node);
    const t0 = w.nowMs;
    w.scheduleCommand(t0, { do: 'isolate', a: [lone.node], b: others } satisfies HarnessCommand);
    runChecked(w, t0 + 20_000, check);
    const tries = w.state.events.filter(
      (e) => e.type === 'RaftElectionStarted' && e.controller === lone.id && e.atMs >= t0,
    );
    expect(tries.length).toBeGreaterThan(2);
    expect(
      w.state.events.some((e) => e.type === 'RaftLeaderElected' && e.controller === lone.id && e.atMs >= t0),
    ).toBe(false);
    expect(activeController(w)?.id).toBe(leader.id);
  });

  it('stays safe under random crashes, power failures and partitions, and recovers once they stop', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const voters = seed % 3 === 0 ? 5 : 3;
      const w = buildHarness(seed, { voters, brokers: 2, jitterMs: 3 });
      const check = createRaftChecker(w);
      const nodes = w.state.model.controllerNodes;
      // A fault schedule drawn from the world's own stream for the test.
      for (let t = 3_000; t < 40_000; t += 1_500 + w.randomInt('test-faults', 2_000)) {
        const node = nodes[w.randomInt('test-faults', nodes.length)] as NodeId;
        switch (w.randomInt('test-faults', 4)) {
          case 0:
            w.scheduleCommand(t, {
              do: 'crash',
              node,
              power: w.randomInt('test-faults', 2) === 0,
            } satisfies HarnessCommand);
            w.scheduleCommand(t + 500 + w.randomInt('test-faults', 3_000), {
              do: 'restart',
              node,
            } satisfies HarnessCommand);
            break;
          case 1:
            w.scheduleCommand(t, {
              do: 'isolate',
              a: [node],
              b: nodes.filter((n) => n !== node),
            } satisfies HarnessCommand);
            w.scheduleCommand(t + 500 + w.randomInt('test-faults', 4_000), {
              do: 'heal',
            } satisfies HarnessCommand);
            break;
          case 2:
            w.scheduleCommand(t, {
              do: 'pause',
              node,
              durationMs: 500 + w.randomInt('test-faults', 3_000),
            } satisfies HarnessCommand);
            break;
          default:
            w.scheduleCommand(t, {
              do: 'admin',
              kind: 'CreateTopics',
              payload: {
                topics: [
                  { name: `t${t}`, numPartitions: 1, replicationFactor: 1, assignment: [], configs: {} },
                ],
                timeoutMs: 30_000,
              },
            } satisfies HarnessCommand);
        }
      }
      runChecked(w, 45_000, check);
      // Heal everything and bring every voter back: the quorum settles on one active controller.
      w.scheduleCommand(w.nowMs, { do: 'heal' } satisfies HarnessCommand);
      for (const s of w.state.model.controllers)
        if (!s.up) w.scheduleCommand(w.nowMs, { do: 'restart', node: s.node } satisfies HarnessCommand);
      runChecked(w, w.nowMs + 15_000, check);
      expect(leadersNow(w), `seed ${seed}`).toHaveLength(1);
      expect(activeController(w), `seed ${seed}`).toBeDefined();
      const hw = activeController(w)?.raft.highWatermark ?? 0;
      runChecked(w, w.nowMs + 2_000, check);
      expect(
        w.state.model.controllers.every((s) => s.raft.highWatermark >= hw),
        `seed ${seed}`,
      ).toBe(true);
    }
  });
});
