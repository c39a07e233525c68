import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, parseScenarioText } from '../src/scenario/parse';
import { runScenario } from '../src/scenario/run';

const minimal = { version: 1, name: 'minimal', seed: 1, cluster: { brokers: 3 } };

function problemsOf(doc: unknown) {
  const r = typeof doc === 'string' ? parseScenarioText(doc) : parseScenario(doc);
  if (r.ok) throw new Error('expected problems');
  return r.problems;
}

describe('scenario format v1', () => {
  it('fills Kafka-like defaults into a minimal scenario', () => {
    const r = parseScenario(minimal);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.cluster.controller).toBe('zookeeper');
    expect(r.scenario.cluster.replication.truncation).toBe('leader-epoch');
    expect(r.scenario.durationMs).toBe(60_000);
    expect(r.scenario.topics).toEqual([]);
  });

  it('the complete example in docs/scenario-format.md parses and runs', () => {
    const doc = readFileSync(new URL('../docs/scenario-format.md', import.meta.url), 'utf8');
    const block = /```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const r = parseScenarioText(block ?? '');
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const run = runScenario(r.scenario);
    expect(run.expectations.every((e) => e.pass)).toBe(true);
  });

  it('names the field of a wrong type', () => {
    expect(problemsOf({ ...minimal, cluster: { brokers: 'three' } })[0]?.path).toBe('cluster.brokers');
  });

  it('refuses an unknown field, saying which', () => {
    const p = problemsOf({ ...minimal, topics: [{ name: 't', partitions: 1, replicationFactor: 1, replication: 3 }] });
    expect(p[0]?.path).toBe('topics[0]');
    expect(p[0]?.message).toMatch(/replication/);
  });

  it('refuses a replication factor above the broker count with Kafka\'s error', () => {
    const p = problemsOf({ ...minimal, topics: [{ name: 'orders', partitions: 3, replicationFactor: 4 }] });
    expect(p).toEqual([
      { path: 'topics[0].replicationFactor', message: 'INVALID_REPLICATION_FACTOR: Replication factor: 4 larger than available brokers: 3.' },
    ]);
  });

  it('refuses an invalid topic name and a duplicate topic with Kafka\'s errors', () => {
    const p = problemsOf({
      ...minimal,
      topics: [
        { name: 'a/b', partitions: 1, replicationFactor: 1 },
        { name: 'ok', partitions: 1, replicationFactor: 1 },
        { name: 'ok', partitions: 1, replicationFactor: 1 },
      ],
    });
    expect(p.map((x) => x.path)).toEqual(['topics[0].name', 'topics[2].name']);
    expect(p[0]?.message).toMatch(/^INVALID_TOPIC_EXCEPTION/);
    expect(p[1]?.message).toMatch(/^TOPIC_ALREADY_EXISTS/);
  });

  it('refuses negative sizes and counts', () => {
    expect(problemsOf({ ...minimal, topics: [{ name: 't', partitions: -1, replicationFactor: 1 }] })[0]?.path).toBe('topics[0].partitions');
    expect(problemsOf({ ...minimal, seed: -5 })[0]?.path).toBe('seed');
  });

  it('refuses a command that names a broker or node that does not exist', () => {
    const p = problemsOf({ ...minimal, timeline: [{ atMs: 10, do: 'crashBroker', broker: 7 }, { atMs: 10, do: 'pauseNode', node: 'broker-9', durationMs: 5 }] });
    expect(p.map((x) => x.path)).toEqual(['timeline[0].broker', 'timeline[1].node']);
    expect(p[0]?.message).toMatch(/no broker 7/);
  });

  it('refuses an unknown command with the list of known ones', () => {
    const p = problemsOf({ ...minimal, timeline: [{ atMs: 10, do: 'explode' }] });
    expect(p[0]?.path).toBe('timeline[0].do');
  });

  it('says where broken JSON breaks', () => {
    const p = problemsOf('{\n  "version": 1,\n  "name": oops\n}');
    expect(p[0]?.path).toBe('(document)');
    expect(p[0]?.message).toMatch(/not valid JSON.*line 3/);
  });

  it('refuses another format version, saying which one it reads', () => {
    expect(problemsOf({ ...minimal, version: 2 })[0]?.message).toMatch(/unsupported scenario format version 2.*version 1/);
  });

  it('a narration step needs English and French, and a question\'s answer must be one of its choices', () => {
    const p = problemsOf({
      ...minimal,
      steps: [
        { atMs: 0, en: 'Watch the leader' },
        { atMs: 0, en: 'a', fr: 'a', question: { en: 'q', fr: 'q', choices: [{ en: 'x', fr: 'x' }, { en: 'y', fr: 'y' }], answer: 2 } },
      ],
    });
    expect(p.map((x) => x.path)).toEqual(['steps[0].fr', 'steps[1].question']);
  });
});

describe('expectations', () => {
  it('a failing expectation reports what it saw and what it wanted', () => {
    const r = parseScenario({
      ...minimal,
      durationMs: 1000,
      timeline: [{ atMs: 100, do: 'crashBroker', broker: 1 }],
      expect: [
        { atMs: 50, name: 'broker 1 up before the crash', path: 'brokers.1.status', equals: 'running' },
        { atMs: 200, name: 'wrongly hopes broker 1 survives', path: ['brokers', '1', 'status'], equals: 'running' },
      ],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const { expectations } = runScenario(r.scenario);
    expect(expectations.map((e) => e.pass)).toEqual([true, false]);
    expect(expectations[1]?.actual).toBe('crashed');
  });
});

describe('Kafka config in scenarios', () => {
  it('an unknown config key is refused with its path and the key Kafka has', () => {
    const p = problemsOf({ ...minimal, producers: [{ id: 'p', topic: 't', ratePerSec: 1, config: { 'linger.msx': 5 } }] });
    expect(p[0]?.path).toMatch(/^producers\[0\]\.config/);
    expect(p[0]?.message).toMatch(/linger\.ms\b/);
  });
  it('a negative size is refused in Kafka\'s words', () => {
    const p = problemsOf({ ...minimal, producers: [{ id: 'p', topic: 't', ratePerSec: 1, config: { 'batch.size': -1 } }] });
    expect(p[0]?.message).toMatch(/Invalid value -1 for configuration batch.size/);
  });
  it('explicit idempotence with acks=1 is a ConfigException, as in the Java client', () => {
    const p = problemsOf({ ...minimal, producers: [{ id: 'p', topic: 't', ratePerSec: 1, config: { 'enable.idempotence': true, acks: 1 } }] });
    expect(p[0]?.message).toMatch(/acks/);
  });
  it('broker and topic overrides are checked in their own scope', () => {
    expect(problemsOf({ ...minimal, cluster: { brokers: 3, config: { 'retention.ms': 5 } } })[0]?.path).toMatch(/^cluster\.config/);
    expect(problemsOf({ ...minimal, topics: [{ name: 't', partitions: 1, replicationFactor: 1, config: { 'min.insync.replicas': 0 } }] })[0]?.path).toMatch(/^topics\[0\]\.config/);
  });
});

describe('consumer config in a group', () => {
  it('enable.auto.commit=true is accepted: the group id is the consumer’s group.id', () => {
    const doc = { version: 1, name: 'x', seed: 1, cluster: { brokers: 1 }, topics: [{ name: 't', partitions: 1, replicationFactor: 1 }], consumerGroups: [{ groupId: 'g', topics: ['t'], config: { 'enable.auto.commit': true } }] };
    expect(parseScenario(doc).ok).toBe(true);
  });
});

describe('topic patterns', () => {
  const withPattern = (topicPattern: string) => ({ version: 1, name: 'x', seed: 1, cluster: { brokers: 1 }, topics: [{ name: 'orders-eu', partitions: 1, replicationFactor: 1 }], consumerGroups: [{ groupId: 'g', topicPattern }] });
  it('refuses patterns that can take exponential time, so a link cannot freeze the tab', () => {
    for (const p of ['(a+)+$', '(a|aa)*', '((ab)*)+', '(x+x+)+y', '(a)\\1']) {
      const r = parseScenario(withPattern(p));
      expect(r.ok, p).toBe(false);
      if (!r.ok) expect(r.problems[0]?.path).toBe('consumerGroups[0].topicPattern');
    }
  });
  it('accepts the usual ones', () => {
    for (const p of ['orders-.*', 'metrics\\..+', '(orders|payments)-eu', '[a-z]+-(eu|us)', 'logs-[0-9]{2}']) expect(parseScenario(withPattern(p)).ok, p).toBe(true);
  });
});
