/**
 * Request timeouts fire at each request's own deadline, although each owner (a broker's parked
 * produces, a replica fetcher, a consumer's connection to a leader) keeps one timer for all its
 * requests (src/kafka/deadline-timer.ts). Each test cuts a conversation, then steps the world one
 * event at a time and notes when every request waiting there is given up.
 */
import { describe, expect, it } from 'vitest';
import { buildWorld } from '../src/scenario/build';
import type { World } from '../src/sim/world';
import type { KafkaState } from '../src/kafka/state';
import { scenario } from './helpers';

type KafkaWorld = World<KafkaState>;

/**
 * Steps `world` to `untilMs`. `waiting()` lists the requests waiting now, each with its deadline;
 * returns, for each request that stopped waiting, its deadline and the time it stopped.
 */
function watch(world: KafkaWorld, untilMs: number, waiting: () => Map<string, number>): { id: string; deadline: number; endedAt: number }[] {
  const ended: { id: string; deadline: number; endedAt: number }[] = [];
  let before = waiting();
  for (;;) {
    const next = world.nextEventAtMs();
    if (next === undefined || next > untilMs) break;
    world.step();
    const now = waiting();
    for (const [id, deadline] of before) if (!now.has(id)) ended.push({ id, deadline, endedAt: world.nowMs });
    before = now;
  }
  return ended;
}

/** The partition's leader and followers, as the brokers' metadata says once the cluster is up. */
function roles(world: KafkaWorld, partition: string): { leader: number; followers: number[] } {
  const state = Object.values(world.state.model.brokers)[0]?.metadata[partition];
  if (state === undefined) throw new Error(`no metadata for ${partition}`);
  return { leader: state.leader, followers: state.replicas.filter((b) => b !== state.leader) };
}

const nodeOf = (world: KafkaWorld, broker: number): string => world.state.nodes[world.state.model.brokers[String(broker)]?.node ?? -1]?.name ?? '?';

/** Three brokers, one partition on all three, a producer p1 (and what `more` adds), run to `startMs`. */
function cluster(startMs: number, more: Record<string, unknown>): KafkaWorld {
  const world = buildWorld(scenario({ durationMs: 120_000, cluster: { brokers: 3 }, topics: [{ name: 't', partitions: 1, replicationFactor: 3 }], producers: [{ id: 'p1', topic: 't', ratePerSec: 20 }], ...more }));
  world.runUntil(startMs);
  return world;
}

/**
 * After a cut at `cutMs`, answers no longer come: whatever stopped waiting later timed out, and
 * it must have done so at its very deadline (at least `atLeast` of them, to mean something).
 */
function expectEachAtItsDeadline(ended: { id: string; deadline: number; endedAt: number }[], cutMs: number, atLeast: number): void {
  const timedOut = ended.filter((e) => e.endedAt > cutMs + 100);
  expect(timedOut.length).toBeGreaterThanOrEqual(atLeast);
  for (const e of timedOut) expect(e.endedAt, `request ${e.id}`).toBe(e.deadline);
}

describe('request timeouts, one timer per owner', () => {
  it('a leader answers each parked acks=all produce REQUEST_TIMED_OUT at its own request.timeout.ms', () => {
    const world = cluster(5_000, { producers: [{ id: 'p1', topic: 't', ratePerSec: 40, config: { acks: 'all', 'request.timeout.ms': 3_000, 'linger.ms': 5 } }] });
    const { leader, followers } = roles(world, 't-0');
    // The followers stop fetching: the high watermark stays, so every acks=all produce parks (the
    // followers stay in the ISR for replica.lag.time.max.ms, 30 s).
    for (const f of followers) world.addCommand(5_000, { do: 'pauseNode', node: nodeOf(world, f), durationMs: 20_000 }, 'user');
    const b = world.state.model.brokers[String(leader)];
    if (b === undefined) throw new Error('no leader');
    const ended = watch(world, 20_000, () => new Map(b.delayedProduces.map((d) => [`${d.requestNode}/${d.correlationId}`, d.expiresAtMs])));
    // Retries park again: many requests, many deadlines, one timer.
    expect(ended.length).toBeGreaterThanOrEqual(4);
    expect(new Set(ended.map((e) => e.deadline)).size).toBe(ended.length);
    for (const e of ended) expect(e.endedAt, `produce ${e.id}`).toBe(e.deadline);
  });

  it('a follower gives up a fetch its leader never answers at replica.socket.timeout.ms, each time', () => {
    const world = cluster(5_000, { cluster: { brokers: 3, config: { 'replica.socket.timeout.ms': 4_000, 'replica.lag.time.max.ms': 100_000 } } });
    const { leader, followers } = roles(world, 't-0');
    const follower = followers[0] as number;
    world.addCommand(5_000, { do: 'isolate', a: [nodeOf(world, leader)], b: [nodeOf(world, follower)] }, 'user');
    const b = world.state.model.brokers[String(follower)];
    if (b === undefined) throw new Error('no follower');
    const ended = watch(world, 40_000, () => {
      const f = b.fetchers[String(leader)];
      return f === undefined || f.inFlight < 0 ? new Map() : new Map([[String(f.inFlight), (f.inFlightSentAtMs ?? 0) + 4_000]]);
    });
    // The first to time out does so on a timer armed for an earlier, answered fetch, moved on to its deadline.
    expectEachAtItsDeadline(ended, 5_000, 4);
  });

  it('a consumer gives up a fetch its leader never answers at request.timeout.ms', () => {
    const world = cluster(8_000, {
      consumerGroups: [{ groupId: 'g', topics: ['t'], members: 1, config: { 'request.timeout.ms': 5_000, 'session.timeout.ms': 100_000, 'heartbeat.interval.ms': 3_000 } }],
    });
    const { leader } = roles(world, 't-0');
    const c = Object.values(world.state.model.consumers)[0];
    if (c === undefined) throw new Error('no consumer');
    // Requests reach the leader; its answers are lost.
    world.addCommand(8_000, { do: 'isolate', a: [nodeOf(world, leader)], b: [c.name], oneWay: true }, 'user');
    const ended = watch(world, 60_000, () => {
      const id = c.fetchesInFlight[String(leader)];
      return id === undefined ? new Map() : new Map([[String(id), (c.fetchSentAtMs?.[String(leader)] ?? 0) + 5_000]]);
    });
    expectEachAtItsDeadline(ended, 8_000, 2);
  });

  it('a producer drops its connection when the oldest request has waited request.timeout.ms', () => {
    const world = cluster(5_000, { producers: [{ id: 'p1', topic: 't', ratePerSec: 40, config: { 'request.timeout.ms': 4_000, 'delivery.timeout.ms': 100_000 } }] });
    const { leader } = roles(world, 't-0');
    const p = world.state.model.producers.p1;
    if (p === undefined) throw new Error('no producer');
    // Produce requests reach the leader; its answers are lost.
    world.addCommand(5_000, { do: 'isolate', a: [nodeOf(world, leader)], b: [p.clientId], oneWay: true }, 'user');
    const ended = watch(world, 40_000, () => {
      const oldest = p.connections[String(leader)]?.inFlight[0];
      return oldest === undefined ? new Map() : new Map([[String(oldest.correlationId), oldest.sentAtMs + 4_000]]);
    });
    expectEachAtItsDeadline(ended, 5_000, 3);
  });
});
