import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../sim/types';
import type { Scenario } from '../scenario/schema';
import { runScenario } from '../scenario/run';
import { scenario } from '../../test/helpers';
import {
  ackedAloneThenFailover,
  alternatingUncleanElections,
  divergentLogs,
  loneLeaderDies,
  type Mode,
} from '../../test/failure-stories';
import { fallbackText, hasNarration, narrate } from './narrate';

const root = join(__dirname, '..', '..');

// ------------------------------------------------------------------ the types the model emits

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/**
 * Every event type a literal in the headless core names at an emit site: `world.emit('X', …)`,
 * `emit(cond ? 'X' : 'Y', …)`, and the KRaft controller's pending events `{ type: 'X', fields: … }`
 * that it emits once their record commits. Metadata records (`{ type: 'FenceBroker', brokerId }`)
 * have no `fields` and are not events.
 */
function emittedTypes(): Map<string, string> {
  const found = new Map<string, string>();
  const add = (expr: string, file: string) => {
    for (const m of expr.matchAll(/'([A-Z][A-Za-z0-9]*)'/g))
      if (!found.has(m[1] as string)) found.set(m[1] as string, file);
  };
  for (const dir of ['kafka', 'sim', 'scenario', 'check']) {
    for (const file of sourceFiles(join(root, 'src', dir))) {
      const text = readFileSync(file, 'utf8');
      const name = relative(root, file);
      for (const m of text.matchAll(/\bemit\(\s*([^,]*?),/g)) add(m[1] as string, name);
      for (const m of text.matchAll(/\btype:\s*([^,\n]+),\s*fields\s*:/g)) add(m[1] as string, name);
    }
  }
  return found;
}

const ev = (type: string, fields: Record<string, unknown> = {}): DomainEvent => ({
  index: 0,
  atMs: 0,
  type,
  ...fields,
});

/** What every sentence must be: words, not leftovers of the data. */
function expectPlainSentence(text: string, what: string): void {
  expect(text.length, what).toBeGreaterThan(10);
  expect(text, what).not.toMatch(/undefined|NaN|\bnull\b|\[object|[{}]/);
  expect(text, what).toMatch(/[.!?]$/);
}

/** French puts a space before ":" and ";" (quoted English text aside); English does not. */
function expectTypography(en: string, fr: string, what: string): void {
  expect(en, what).not.toMatch(/ [:;](\s|$)/);
  const unquoted = fr.replace(/«[^»]*»/g, '«»');
  expect(unquoted, what).not.toMatch(/\S[:;](\s|$)/);
}

// ------------------------------------------------------------------ scenarios run headless

function groupsAndRetention(mode: Mode): Scenario {
  return scenario({
    durationMs: 70_000,
    cluster: {
      brokers: 3,
      controller: mode,
      config: {
        'log.retention.ms': 8_000,
        'log.segment.bytes': 20_000,
        'log.retention.check.interval.ms': 2_000,
      },
    },
    topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
    producers: [{ id: 'shop', topic: 'orders', ratePerSec: 50 }],
    consumerGroups: [
      {
        groupId: 'billing',
        topics: ['orders'],
        members: 2,
        config: {
          'session.timeout.ms': 6_000,
          'heartbeat.interval.ms': 2_000,
          'max.poll.interval.ms': 5_000,
        },
      },
    ],
    timeline: [
      { atMs: 8_000, do: 'addConsumer', groupId: 'billing' },
      { atMs: 15_000, do: 'crashConsumer', consumer: 'consumer-billing-1' },
      { atMs: 25_000, do: 'slowConsumer', consumer: 'consumer-billing-3', processingMsPerRecord: 500 },
      { atMs: 28_000, do: 'setProducerConfig', producer: 'shop', config: { 'linger.ms': 5 } },
      { atMs: 29_000, do: 'alterTopicConfig', topic: 'orders', config: { 'retention.ms': 6_000 } },
      { atMs: 30_000, do: 'crashBroker', broker: 2 },
      { atMs: 31_000, do: 'stopProducer', producer: 'shop' },
      { atMs: 33_000, do: 'startProducer', producer: 'shop' },
      { atMs: 35_000, do: 'crashBroker', broker: 2 },
      { atMs: 40_000, do: 'restartBroker', broker: 2 },
      { atMs: 45_000, do: 'stopConsumer', consumer: 'consumer-billing-2' },
      { atMs: 46_000, do: 'stopConsumer', consumer: 'consumer-billing-3' },
      { atMs: 60_000, do: 'electPreferredLeaders' },
      { atMs: 62_000, do: 'resetOffsets', groupId: 'billing', topic: 'orders', to: 'earliest' },
      { atMs: 64_000, do: 'pauseNode', node: 'broker-1', durationMs: 500 },
      { atMs: 65_000, do: 'dropLink', from: 'broker-1', to: 'broker-3', loss: '1/4' },
      { atMs: 66_000, do: 'heal' },
    ],
  });
}

/** A stalled broker loses its ZooKeeper session; a broker cut from ZooKeeper; the ensemble loses its leader. */
function zookeeperSessions(): Scenario {
  return scenario({
    durationMs: 50_000,
    cluster: {
      brokers: 3,
      controller: 'zookeeper',
      zookeeperServers: 3,
      config: { 'zookeeper.session.timeout.ms': 6_000 },
    },
    topics: [{ name: 'orders', partitions: 2, replicationFactor: 3 }],
    producers: [{ id: 'shop', topic: 'orders', ratePerSec: 20 }],
    timeline: [
      { atMs: 5_000, do: 'pauseNode', node: 'broker-2', durationMs: 10_000 },
      { atMs: 20_000, do: 'isolate', a: ['broker-3'], b: ['zk-1', 'zk-2', 'zk-3'] },
      { atMs: 24_000, do: 'heal' },
      { atMs: 30_000, do: 'crashNode', node: 'zk-1' },
      { atMs: 32_000, do: 'crashNode', node: 'zk-2' },
      { atMs: 40_000, do: 'restartNode', node: 'zk-1' },
      { atMs: 41_000, do: 'restartNode', node: 'zk-2' },
    ],
  });
}

/** A KRaft quorum of three split apart, a controller and a broker crashed and restarted, a controlled shutdown. */
function kraftQuorum(): Scenario {
  return scenario({
    durationMs: 55_000,
    cluster: { brokers: 3, controller: 'kraft', kraftControllers: 3 },
    topics: [{ name: 'orders', partitions: 2, replicationFactor: 3 }],
    producers: [{ id: 'shop', topic: 'orders', ratePerSec: 20 }],
    timeline: [
      { atMs: 5_000, do: 'isolate', a: ['controller-1'], b: ['controller-2', 'controller-3'] },
      { atMs: 15_000, do: 'heal' },
      { atMs: 20_000, do: 'crashNode', node: 'controller-2' },
      { atMs: 25_000, do: 'crashBroker', broker: 1 },
      { atMs: 35_000, do: 'restartBroker', broker: 1 },
      { atMs: 36_000, do: 'restartNode', node: 'controller-2' },
      { atMs: 45_000, do: 'shutdownBroker', broker: 3 },
      { atMs: 50_000, do: 'restartBroker', broker: 3 },
    ],
  });
}

function collectEvents(): DomainEvent[] {
  const runs: Scenario[] = [
    ackedAloneThenFailover('zookeeper'),
    loneLeaderDies('kraft', true),
    divergentLogs('zookeeper', 'leader-epoch'),
    alternatingUncleanElections('kraft'),
    groupsAndRetention('zookeeper'),
    groupsAndRetention('kraft'),
    zookeeperSessions(),
    kraftQuorum(),
  ];
  const out: DomainEvent[] = [];
  const perType = new Map<string, number>();
  for (const s of runs) {
    for (const e of runScenario(s).world.state.events) {
      const n = perType.get(e.type) ?? 0;
      // Enough of each type to meet its variants, without checking a thousand SegmentDeleted.
      if (n < 200) out.push(e);
      perType.set(e.type, n + 1);
    }
  }
  return out;
}

// ------------------------------------------------------------------ tests

describe('narrate: every event type the model emits has its own sentence', () => {
  const types = emittedTypes();

  it('finds the emit sites (the scan itself works)', () => {
    for (const t of [
      'LeaderElected',
      'PartitionOffline',
      'IsrShrunk',
      'IsrShrinkProposed',
      'OffsetsReset',
      'BrokerFenced',
      'BrokerShutdownGranted',
      'RaftLeaderElected',
      'FaultInjected',
      'PongReceived',
    ])
      expect(types.has(t), t).toBe(true);
    // Metadata records are not events.
    expect(types.has('FenceBroker')).toBe(false);
    expect(types.has('RegisterBroker')).toBe(false);
    expect(types.size).toBeGreaterThanOrEqual(75);
  });

  it.each([...types].map(([type, file]) => [type, file]))(
    '%s (emitted in %s) is narrated in English and French',
    (type) => {
      expect(hasNarration(type)).toBe(true);
      // With no field at all, the sentence still reads: nothing missing is printed.
      const bare = ev(type);
      const en = narrate(bare, 'en');
      const fr = narrate(bare, 'fr');
      expect(en).not.toBe(fallbackText(bare));
      expect(fr).not.toBe(fallbackText(bare));
      expect(en).not.toBe(fr);
      expectPlainSentence(en, `${type} en`);
      expectPlainSentence(fr, `${type} fr`);
    },
  );
});

describe('narrate: the events of real runs', () => {
  const events = collectEvents();
  const seen = new Set(events.map((e) => e.type));

  it('the runs produce the events they are meant to', () => {
    for (const t of [
      'FaultInjected',
      'ControllerElected',
      'ControllerReady',
      'BrokersChanged',
      'BrokerZkSessionExpired',
      'BrokerZkDisconnected',
      'ZkSessionExpired',
      'ZkEphemeralDeleted',
      'ZkQuorumLost',
      'LeaderElected',
      'PartitionOffline',
      'IsrShrunk',
      'IsrExpanded',
      'FollowerTruncated',
      'RaftElectionStarted',
      'RaftLeaderElected',
      'KraftControllerActivated',
      'KraftControllerDeactivated',
      'BrokerFenced',
      'BrokerUnfenced',
      'BrokerControlledShutdown',
      'BrokerShutdownGranted',
      'MemberJoined',
      'RebalanceStarted',
      'RebalanceCompleted',
      'GroupStable',
      'AssignmentComputed',
      'PartitionsAssigned',
      'MemberSessionExpired',
      'MemberRemoved',
      'MemberLeft',
      'ConsumerPollTimeout',
      'ConsumerLeavingGroup',
      'SegmentDeleted',
      'OffsetsResetRequested',
      'OffsetsReset',
      'PreferredLeaderElection',
      'CommandRejected',
      'TopicConfigAltered',
      'ProducerConfigChanged',
    ])
      expect(seen.has(t), t).toBe(true);
  });

  it('every event gets a sentence in both languages, with nothing leaking from the data', () => {
    const problems: string[] = [];
    for (const e of events) {
      const en = narrate(e, 'en');
      const fr = narrate(e, 'fr');
      const what = JSON.stringify(e).slice(0, 300);
      try {
        expect(hasNarration(e.type), e.type).toBe(true);
        expect(en).not.toBe(fallbackText(e));
        expect(en).not.toBe(fr);
        expectPlainSentence(en, what);
        expectPlainSentence(fr, what);
        expectTypography(en, fr, what);
      } catch (err) {
        problems.push(`${what}\n  en: ${en}\n  fr: ${fr}\n  ${(err as Error).message.split('\n')[0] ?? ''}`);
      }
    }
    expect(problems.slice(0, 10).join('\n')).toBe('');
  });
});

describe('narrate: the most important sentences, word for word', () => {
  it('a leader change', () => {
    const e = ev('LeaderElected', {
      topic: 'orders',
      partition: 0,
      leader: 1,
      previousLeader: 2,
      leaderEpoch: 4,
      isr: [1, 3],
      reason: 'offline',
      unclean: false,
      controller: 3,
    });
    expect(narrate(e, 'en')).toBe(
      'The controller (broker 3) moved the leadership of orders-0 from broker 2 to broker 1 (leader epoch 4), since broker 2 is gone; ISR [1, 3].',
    );
    expect(narrate(e, 'fr')).toBe(
      'Le contrôleur (broker 3) a transféré le leadership de orders-0 du broker 2 au broker 1 (leader epoch 4), car le broker 2 est parti ; ISR [1, 3].',
    );
  });

  it('an unclean election', () => {
    const e = ev('LeaderElected', {
      topic: 't',
      partition: 0,
      leader: 3,
      previousLeader: -1,
      leaderEpoch: 5,
      isr: [3],
      reason: 'unclean',
      unclean: true,
      controller: 1,
    });
    expect(narrate(e, 'en')).toBe(
      'Unclean leader election: the controller (broker 1) made broker 3, which was not in the ISR, the leader of t-0 (leader epoch 5); records it never received are lost; ISR [3].',
    );
    expect(narrate(e, 'fr')).toBe(
      'Élection non propre (unclean) : le contrôleur (broker 1) a fait du broker 3, qui n’était pas dans l’ISR, le leader de t-0 (leader epoch 5) ; les records qu’il n’avait pas reçus sont perdus ; ISR [3].',
    );
  });

  it('an ISR shrink', () => {
    const e = ev('IsrShrunk', {
      topic: 'orders',
      partition: 0,
      removed: [1],
      isr: [2, 3],
      leader: 2,
      controller: 9,
    });
    expect(narrate(e, 'en')).toBe(
      'Broker 1 fell out of the ISR of orders-0 (too far behind, or gone); ISR now [2, 3], leader broker 2.',
    );
    expect(narrate(e, 'fr')).toBe(
      'Le broker 1 sort de l’ISR de orders-0 (trop en retard, ou parti) ; ISR désormais [2, 3], leader : broker 2.',
    );
  });

  it('a controller election', () => {
    const e = ev('ControllerElected', { broker: 9, epoch: 2 });
    expect(narrate(e, 'en')).toBe(
      'Broker 9 is the new controller (controller epoch 2): it created /controller in ZooKeeper first.',
    );
    expect(narrate(e, 'fr')).toBe(
      'Le broker 9 est le nouveau contrôleur (epoch du contrôleur 2) : il a créé /controller dans ZooKeeper le premier.',
    );
  });

  it('a KRaft leader election', () => {
    const e = ev('RaftLeaderElected', { controller: 2, epoch: 3, epochStartOffset: 17 });
    expect(narrate(e, 'en')).toBe(
      'Controller 2 won the KRaft election: it leads the metadata quorum in epoch 3.',
    );
    expect(narrate(e, 'fr')).toBe(
      'Le contrôleur 2 a gagné l’élection KRaft : il est leader du quorum de métadonnées pour l’epoch 3.',
    );
  });

  it('a ZooKeeper session expiry, seen by the broker and by ZooKeeper', () => {
    const broker = ev('BrokerZkSessionExpired', { broker: 2 });
    expect(narrate(broker, 'en')).toBe(
      'Broker 2 learned that its ZooKeeper session expired: it is no longer registered, so the controller treats it as gone and moves its leaderships; it opens a new session and registers again.',
    );
    expect(narrate(broker, 'fr')).toBe(
      'Le broker 2 apprend que sa session ZooKeeper a expiré : il n’est plus enregistré, donc le contrôleur le considère comme parti et déplace ses leaderships ; il ouvre une nouvelle session et s’enregistre à nouveau.',
    );
    const zk = ev('ZkSessionExpired', { owner: 'broker-2', sessionId: 5, server: 1 });
    expect(narrate(zk, 'en')).toBe(
      'ZooKeeper (server 1) expired session 5 of broker-2: no heartbeat within the session timeout.',
    );
    expect(narrate(zk, 'fr')).toBe(
      'ZooKeeper (serveur 1) a fait expirer la session 5 de broker-2 : aucun signe de vie dans le délai de session.',
    );
  });

  it('a rebalance, started and completed', () => {
    const started = ev('RebalanceStarted', {
      broker: 2,
      groupId: 'billing',
      generation: 1,
      reason: 'adding new member consumer-billing-3-06562482-f345-4a25-b0c8-c5b8057eba00',
      members: [],
    });
    expect(narrate(started, 'en')).toBe(
      'Group billing starts a rebalance (adding new member consumer-billing-3): the coordinator (broker 2) waits for the members to join again.',
    );
    expect(narrate(started, 'fr')).toBe(
      'Le groupe billing entre en rééquilibrage (ajout du nouveau membre consumer-billing-3) : le coordinateur (broker 2) attend que les membres le rejoignent à nouveau.',
    );
    const completed = ev('RebalanceCompleted', {
      broker: 2,
      groupId: 'billing',
      generation: 2,
      state: 'CompletingRebalance',
      protocol: 'range',
      leader: 'consumer-billing-1-9eca502c-e44c-45f9-ace4-493468632ba6',
      members: [
        'consumer-billing-1-9eca502c-e44c-45f9-ace4-493468632ba6',
        'consumer-billing-3-06562482-f345-4a25-b0c8-c5b8057eba00',
      ],
    });
    expect(narrate(completed, 'en')).toBe(
      'Group billing moves to generation 2 with 2 members (consumer-billing-1, consumer-billing-3); leader consumer-billing-1 computes the assignment (range).',
    );
    expect(narrate(completed, 'fr')).toBe(
      'Le groupe billing passe à la génération 2 avec 2 membres (consumer-billing-1, consumer-billing-3) ; le leader consumer-billing-1 calcule l’affectation (range).',
    );
  });

  it('a segment deleted by retention', () => {
    const e = ev('SegmentDeleted', {
      broker: 1,
      topic: 'orders',
      partition: 2,
      baseOffset: 0,
      endOffset: 28,
      sizeBytes: 1930,
      reason: 'retention.ms',
      logStartOffset: 28,
    });
    expect(narrate(e, 'en')).toBe(
      'Broker 1 deleted a segment of orders-2 (offsets 0 to 27, 1930 bytes) because of retention.ms; the log now starts at offset 28.',
    );
    expect(narrate(e, 'fr')).toBe(
      'Le broker 1 a supprimé un segment de orders-2 (offsets 0 à 27, 1930 octets) à cause de retention.ms ; le log commence désormais à l’offset 28.',
    );
  });

  it('a broker crash', () => {
    const e = ev('FaultInjected', { fault: 'crashBroker', broker: 2 });
    expect(narrate(e, 'en')).toBe('Fault: broker 2 crashed (its process is killed; its disk survives).');
    expect(narrate(e, 'fr')).toBe('Panne : crash du broker 2 (processus tué ; son disque est conservé).');
  });
});

describe('narrate: faults, missing fields and unknown types', () => {
  it('every kind of fault has its own sentence', () => {
    const faults: Record<string, unknown>[] = [
      { fault: 'crashBroker', broker: 1 },
      { fault: 'powerFailBroker', broker: 1, unflushedRecordsLost: 2 },
      { fault: 'shutdownBroker', broker: 1 },
      { fault: 'restartBroker', broker: 1 },
      { fault: 'crashNode', node: 'zk-1' },
      { fault: 'restartNode', node: 'zk-1' },
      { fault: 'pauseNode', node: 'broker-1', durationMs: 8_000 },
      { fault: 'isolate', a: ['broker-1'], b: ['broker-2', 'zk-1'], oneWay: false },
      { fault: 'isolate', a: ['broker-1'], b: ['broker-2'], oneWay: true },
      { fault: 'heal' },
      { fault: 'slowLink', from: 'broker-1', to: 'broker-2', extraLatencyMs: 400, bothWays: true },
      { fault: 'dropLink', from: 'broker-1', to: 'broker-2', loss: '2500/10000', bothWays: false },
      { fault: 'crashConsumer', consumer: 'consumer-g-1' },
      { fault: 'pauseConsumer', consumer: 'consumer-g-1', durationMs: 3_000 },
      { fault: 'slowConsumer', consumer: 'consumer-g-1', processingMsPerRecord: 50 },
      // The ping model's kinds.
      { fault: 'crash', node: 2 },
      { fault: 'restart', node: 2 },
    ];
    const texts = new Set<string>();
    for (const f of faults) {
      const e = ev('FaultInjected', f);
      const en = narrate(e, 'en');
      const fr = narrate(e, 'fr');
      expect(en).not.toMatch(/^Fault injected/);
      expect(fr).not.toMatch(/^Panne injectée/);
      expectPlainSentence(en, en);
      expectPlainSentence(fr, fr);
      expectTypography(en, fr, en);
      texts.add(en);
    }
    expect(texts.size).toBe(faults.length);
    expect(
      narrate(
        ev('FaultInjected', { fault: 'dropLink', from: 'a', to: 'b', loss: '2500/10000', bothWays: false }),
        'en',
      ),
    ).toBe('Fault: the link a → b loses 1/4 of its packets; TCP retransmits them, late.');
    expect(
      narrate(ev('FaultInjected', { fault: 'powerFailBroker', broker: 1, unflushedRecordsLost: 2 }), 'fr'),
    ).toBe(
      'Panne : coupure de courant sur le broker 1 ; 2 records pas encore écrits sur disque sont perdus.',
    );
  });

  it('an unknown fault kind says what it can', () => {
    expect(narrate(ev('FaultInjected', { fault: 'meteor', broker: 3 }), 'en')).toBe(
      'Fault injected: meteor (broker=3).',
    );
    expect(narrate(ev('FaultInjected', { fault: 'meteor', broker: 3 }), 'fr')).toBe(
      'Panne injectée : meteor (broker=3).',
    );
  });

  it('missing fields are left out, not printed', () => {
    expect(narrate(ev('IsrShrunk', { topic: 'orders', partition: 1 }), 'en')).toBe(
      'A replica fell out of the ISR of orders-1 (too far behind, or gone); ISR now [].',
    );
    expect(
      narrate(ev('LeaderElected', { topic: 'orders', partition: 0, leader: 2, previousLeader: 1 }), 'en'),
    ).toBe('The controller moved the leadership of orders-0 from broker 1 to broker 2.');
    expect(
      narrate(
        ev('ProduceFailed', { producer: 'shop', topic: 'orders', partition: -1, error: 'TIMEOUT' }),
        'fr',
      ),
    ).toBe('Le producteur shop a abandonné des records pour le topic orders : TIMEOUT.');
  });

  it('member ids lose their UUID, names keep their case', () => {
    const e = ev('MemberSessionExpired', {
      broker: 2,
      groupId: 'G',
      memberId: 'App-1-9eca502c-e44c-45f9-ace4-493468632ba6',
      sessionTimeoutMs: 45_000,
    });
    expect(narrate(e, 'en')).toBe(
      'Member App-1 of group G sent no heartbeat within session.timeout.ms (45000 ms): the coordinator (broker 2) removes it.',
    );
    expect(narrate(ev('FaultInjected', { fault: 'crashConsumer', consumer: 'Billing-1' }), 'en')).toContain(
      'consumer Billing-1 crashed',
    );
  });

  it('unknown types fall back to their name and fields in short form', () => {
    const e = ev('QuotaExceeded', {
      broker: 2,
      client: 'shop',
      isr: [1, 2],
      limits: { a: 1, b: 2 },
      nothing: undefined,
      gone: null,
    });
    expect(hasNarration('QuotaExceeded')).toBe(false);
    expect(narrate(e, 'en')).toBe('QuotaExceeded: broker=2, client=shop, isr=[1, 2], limits=(2), gone=null.');
    expect(narrate(e, 'fr')).toBe(fallbackText(e));
    expect(narrate(ev('Nothing'), 'en')).toBe('Nothing.');
    // Object.prototype's names are not narrations.
    expect(hasNarration('toString')).toBe(false);
    expect(narrate(ev('toString'), 'en')).toBe('toString.');
  });
});
