/**
 * The Kafka console: the course's hands-on sequence typed as timed `console` lines, and the
 * tools' answers in Kafka's words.
 */
import { describe, expect, test } from 'vitest';
import { scenario } from './helpers';
import { buildWorld } from '../src/scenario/build';
import { summarize } from '../src/kafka/summary';
import { tokenize } from '../src/kafka/console/tokenize';

const B = '--bootstrap-server localhost:9092';

function run(lines: [number, string][], untilMs: number, extra: Record<string, unknown> = {}) {
  const s = scenario({ durationMs: untilMs, cluster: { brokers: 3 }, timeline: lines.map(([atMs, line]) => ({ atMs, do: 'console', line })), ...extra });
  const world = buildWorld(s);
  world.runUntil(untilMs);
  const c = world.state.model.console;
  if (c === undefined) throw new Error('no console state');
  /** The texts printed in answer to the line typed at `atMs` (and until the next line). */
  const after = (atMs: number): string[] => {
    const next = lines.map(([t]) => t).find((t) => t > atMs) ?? Infinity;
    return c.lines.filter((l) => l.atMs >= atMs && l.atMs < next && l.kind !== 'input').map((l) => l.text);
  };
  return { world, console: c, after, summary: summarize(world) };
}

describe('tokenizer', () => {
  test('quotes and escapes as a shell splits words', () => {
    expect(tokenize(`a 'b c' "d \\"e\\"" f\\ g`)).toEqual({ ok: true, words: ['a', 'b c', 'd "e"', 'f g'] });
    expect(tokenize(`echo 'open`).ok).toBe(false);
  });
});

describe('the course hands-on sequence', () => {
  const lines: [number, string][] = [
    [1000, `kafka-topics.sh ${B} --create --topic orders --partitions 3 --replication-factor 3`],
    [1100, `kafka-topics.sh ${B} --list`],
    [1200, `kafka-topics.sh ${B} --describe --topic orders`],
    [1300, `kafka-console-producer.sh ${B} --topic orders --property parse.key=true --property key.separator=:`],
    [1400, 'alice:hello'],
    [1500, 'bob:world'],
    [1600, 'carol:again'],
    [1700, '^D'],
    [4000, `kafka-console-consumer.sh ${B} --topic orders --from-beginning --property print.key=true`],
    [12000, '^C'],
  ];
  const r = run(lines, 13000);

  test('kafka-topics --create answers and the topic is placed and replicated', () => {
    expect(r.after(1000)).toEqual(['Created topic orders.']);
    expect(r.after(1100)).toEqual(['orders']);
    const p = r.summary.topics['orders']?.partitions;
    expect(Object.keys(p ?? {})).toHaveLength(3);
    for (const part of Object.values(p ?? {})) {
      expect(part.replicas).toHaveLength(3);
      expect(part.isr).toHaveLength(3);
    }
  });

  test('--describe prints the topic line then one line per partition with Leader, Replicas and Isr', () => {
    const out = r.after(1200);
    expect(out[0]).toMatch(/^Topic: orders\tTopicId: [A-Za-z0-9_-]{22}\tPartitionCount: 3\tReplicationFactor: 3\tConfigs: $/);
    expect(out).toHaveLength(4);
    for (let p = 0; p < 3; p++) {
      const s = r.summary.topics['orders']?.partitions[String(p)];
      expect(out[p + 1]).toBe(`\tTopic: orders\tPartition: ${p}\tLeader: ${s?.leader}\tReplicas: ${s?.replicas.join(',')}\tIsr: ${s?.isr.join(',')}`);
    }
  });

  test('the console producer echoes its prompt, sends the keyed lines through a real producer and leaves on ^D', () => {
    expect(r.console.lines.filter((l) => l.kind === 'input' && l.text.startsWith('>')).map((l) => l.text)).toEqual(['>alice:hello', '>bob:world', '>carol:again', '>^D']);
    expect(r.summary.producers['console-1']).toMatchObject({ sent: 3, acknowledged: 3 });
    const sends = r.world.state.model.history.sends.filter((x) => x.producer === 'producer-console-1');
    expect(sends.map((x) => [x.key, x.value]).sort()).toEqual([
      ['alice', 'hello'],
      ['bob', 'world'],
      ['carol', 'again'],
    ]);
    // acks=-1 and linger.ms=1000: the console producer's defaults.
    const p = r.world.state.model.producers['console-1'];
    expect(p?.config.acks).toBe('all');
    expect(p?.config['linger.ms']).toBe(1000);
    // Replicated: every replica of each written partition has its records.
    for (const part of Object.values(r.summary.topics['orders']?.partitions ?? {})) {
      for (const rep of Object.values(part.replicaLogs)) expect(rep.logEndOffset).toBe(part.logEndOffset);
    }
  });

  test('the console consumer prints key<TAB>value from the beginning, then the count at ^C', () => {
    const printed = r.after(4000);
    expect([...printed].sort()).toEqual(['alice\thello', 'bob\tworld', 'carol\tagain']);
    expect(r.after(12000)).toEqual(['Processed a total of 3 messages']);
    expect(r.summary.console.mode).toBe('shell');
    expect(r.summary.console.lines).toContain('alice\thello');
    const c = Object.values(r.world.state.model.consumers)[0];
    expect(c?.groupId).toMatch(/^console-consumer-\d{1,5}$/);
    expect(c?.config['enable.auto.commit']).toBe(false);
  });

  test('the same lines at the same times give the same run', () => {
    const again = run(lines, 13000);
    expect(again.summary.traceHash).toBe(r.summary.traceHash);
    expect(again.console.lines).toEqual(r.console.lines);
  });
});

test('without --from-beginning the consumer starts at the end (auto.offset.reset=latest)', () => {
  const s = scenario({
    durationMs: 12000,
    cluster: { brokers: 3 },
    topics: [{ name: 't', partitions: 1, replicationFactor: 3 }],
    producers: [{ id: 'p', topic: 't', ratePerSec: 2 }],
    timeline: [
      { atMs: 3000, do: 'console', line: `kafka-console-consumer.sh ${B} --topic t` },
      { atMs: 11000, do: 'console', line: '^C' },
    ],
  });
  const world = buildWorld(s);
  world.runUntil(12000);
  const printed = (world.state.model.console?.lines ?? []).filter((l) => l.kind === 'output' && l.text.startsWith('p-')).map((l) => Number(l.text.slice(2)));
  expect(printed.length).toBeGreaterThan(5);
  // Records written before the consumer found its position (at least the first six seconds' worth) are skipped.
  expect(Math.min(...printed)).toBeGreaterThanOrEqual(6);
  expect(printed).toEqual([...printed].sort((a, b) => a - b));
});

test('--describe shows the new leader once the controller moved it after a broker crash', () => {
  const lines: [number, string][] = [
    [500, `kafka-topics.sh ${B} --create --topic t --partitions 3 --replication-factor 3`],
    [1000, `kafka-topics.sh ${B} --describe --topic t`],
    [30000, `kafka-topics.sh ${B} --describe --topic t`],
  ];
  const s = scenario({
    durationMs: 31000,
    cluster: { brokers: 3 },
    timeline: [...lines.map(([atMs, line]) => ({ atMs, do: 'console', line })), { atMs: 2000, do: 'crashBroker', broker: 1 }],
  });
  const world = buildWorld(s);
  world.runUntil(31000);
  const out = (world.state.model.console?.lines ?? []).filter((l) => l.kind === 'output');
  const before = out.filter((l) => l.atMs === 1000).slice(1);
  const after = out.filter((l) => l.atMs === 30000).slice(1);
  const led = before.findIndex((l) => l.text.includes('Leader: 1\t'));
  expect(led).toBeGreaterThanOrEqual(0);
  expect(after[led]?.text).not.toContain('Leader: 1\t');
  expect(after[led]?.text).toMatch(/Leader: [23]\t/);
  for (const l of after) expect(l.text).not.toMatch(/Isr: .*1/);
});

describe('kafka-consumer-groups', () => {
  const lines: [number, string][] = [
    [500, `kafka-topics.sh ${B} --create --topic t --partitions 1 --replication-factor 3`],
    [600, `kafka-console-producer.sh ${B} --topic t`],
    [700, 'a'],
    [710, 'b'],
    [720, 'c'],
    [800, '^D'],
    [3000, `kafka-console-consumer.sh ${B} --topic t --group billing --from-beginning`],
    [9000, '^C'],
    [9100, `kafka-console-consumer.sh ${B} --topic t --group billing`],
    [15000, '^C'],
    [9000 + 6500, `kafka-consumer-groups.sh ${B} --list`],
    [15600, `kafka-consumer-groups.sh ${B} --describe --group billing`],
    [15700, `kafka-consumer-groups.sh ${B} --reset-offsets --group billing --topic t --to-earliest`],
    [15800, `kafka-consumer-groups.sh ${B} --reset-offsets --group billing --topic t --to-offset 1 --execute`],
    [15900, `kafka-consumer-groups.sh ${B} --describe --group billing`],
    [16000, `kafka-consumer-groups.sh ${B} --describe --group nobody`],
  ];
  const r = run(lines, 17000);

  test('--list, --describe with no active member, dry run, execute', () => {
    expect(r.after(15500)).toContain('billing');
    const d = r.after(15600);
    expect(d).toContain("Consumer group 'billing' has no active members.");
    const header = d.find((l) => l.startsWith('GROUP'));
    expect(header?.split(/\s+/)).toEqual(['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID']);
    expect(d.find((l) => l.startsWith('billing'))?.split(/\s+/)).toEqual(['billing', 't', '0', '3', '3', '0', '-', '-', '-']);
    const dry = r.after(15700);
    expect(dry[0]).toMatch(/^WARN: No action will be performed as the --execute option is missing/);
    expect(dry.find((l) => l.startsWith('billing'))?.split(/\s+/)).toEqual(['billing', 't', '0', '0']);
    expect(r.after(15800).find((l) => l.startsWith('billing'))?.split(/\s+/)).toEqual(['billing', 't', '0', '1']);
    expect(r.after(15900).find((l) => l.startsWith('billing'))?.split(/\s+/)).toEqual(['billing', 't', '0', '1', '3', '2', '-', '-', '-']);
    expect(r.after(16000)).toEqual(["Error: Consumer group 'nobody' does not exist."]);
  });

  test('a group with a member: describe shows it, and a reset is refused in Kafka\'s words', () => {
    const r3 = run([...lines.slice(0, 7), [8000, '^C'], [8100, `kafka-consumer-groups.sh ${B} --describe --group billing`]], 8200);
    expect(r3.after(8100)).toContain("Consumer group 'billing' has no active members.");
    const s = scenario({
      durationMs: 9000,
      cluster: { brokers: 3 },
      topics: [{ name: 't', partitions: 1, replicationFactor: 1 }],
      consumerGroups: [{ groupId: 'billing', topics: ['t'] }],
      timeline: [{ atMs: 8000, do: 'console', line: `kafka-consumer-groups.sh ${B} --reset-offsets --group billing --topic t --to-earliest --execute` }],
    });
    const w = buildWorld(s);
    w.runUntil(9000);
    const errs = (w.state.model.console?.lines ?? []).filter((l) => l.kind === 'error').map((l) => l.text);
    expect(errs).toEqual(["Error: Assignments can only be reset if the group 'billing' is inactive, but the current state is Stable."]);
    const d = buildWorld({ ...s, timeline: [{ atMs: 8000, do: 'console', line: `kafka-consumer-groups.sh ${B} --describe --group billing` }] });
    d.runUntil(9000);
    const row = (d.state.model.console?.lines ?? []).find((l) => l.text.startsWith('billing'))?.text.split(/\s+/);
    expect(row?.[6]).toMatch(/^consumer-billing-1-/);
    expect(row?.[8]).toBe('consumer-billing-1');
  });
});

test('kafka-configs --alter sets retention.ms through alterTopicConfig; --describe lists it', () => {
  const r = run(
    [
      [500, `kafka-topics.sh ${B} --create --topic t --partitions 1 --replication-factor 3`],
      [1000, `kafka-configs.sh ${B} --alter --entity-type topics --entity-name t --add-config retention.ms=60000`],
      [1100, `kafka-configs.sh ${B} --describe --entity-type topics --entity-name t`],
      [1200, `kafka-topics.sh ${B} --describe --topic t`],
      [1300, `kafka-configs.sh ${B} --alter --entity-type topics --entity-name t --add-config retention.ms=abc`],
    ],
    2000,
  );
  expect(r.after(1000)).toEqual(['Completed updating config for topic t.']);
  expect(r.after(1100)).toEqual(['Dynamic configs for topic t are:', '  retention.ms=60000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=60000}']);
  expect(r.after(1200)[0]).toMatch(/\tConfigs: retention\.ms=60000$/);
  for (const b of Object.values(r.world.state.model.brokers)) expect(b.replicas['t-0']?.config['retention.ms']).toBe(60000);
  expect(r.after(1300)[1]).toMatch(/InvalidConfigurationException/);
});

test('older flags: --zookeeper for kafka-topics, --broker-list for the console producer', () => {
  const r = run(
    [
      [500, `kafka-topics.sh --zookeeper localhost:2181 --create --topic t --partitions 1 --replication-factor 1`],
      [600, `kafka-topics.sh --zookeeper localhost:2181 --describe --topic t`],
      [700, `kafka-console-producer.sh --broker-list localhost:9092 --topic t`],
      [800, 'x'],
      [900, '^C'],
    ],
    3000,
  );
  expect(r.after(500)).toEqual(['Created topic t.']);
  expect(r.after(600)[0]).toMatch(/^Topic: t\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: $/);
  expect(r.summary.producers['console-1']).toMatchObject({ acknowledged: 1 });
});

test('wrong commands get the real tools\' messages', () => {
  const r = run(
    [
      [100, `kafka-topics.sh ${B} --crete`],
      [200, `kafka-topics.sh ${B} --create --partitions 1`],
      [300, `kafka-topics.sh ${B} --create --topic t --partitions abc`],
      [400, 'kafka-topics.sh --list'],
      [500, `kafka-topics.sh ${B}`],
      [600, `kafka-console-producer.sh --topic t`],
      [700, `kafka-console-consumer.sh --topic t`],
      [800, 'kafka-foo.sh --x'],
      [900, `kafka-topics.sh ${B} --create --topic big --partitions 1 --replication-factor 4`],
      [1000, `kafka-topics.sh ${B} --create --topic big --partitions 1 --replication-factor 1`],
      [1100, `kafka-topics.sh ${B} --create --topic big --partitions 1 --replication-factor 1`],
      [1200, `kafka-topics.sh ${B} --describe --topic nope`],
      [1300, `kafka-console-producer.sh ${B} --topic big --property parse.key=true`],
      [1400, 'no separator here'],
      [1500, `kafka-console-consumer.sh ${B}`],
      [1600, `kafka-topics.sh ${B} --describe --topic`],
    ],
    2000,
  );
  expect(r.after(100)).toEqual(['Exception in thread "main" joptsimple.UnrecognizedOptionException: crete is not a recognized option']);
  expect(r.after(200)).toEqual(['Missing required argument "[topic]"']);
  expect(r.after(300)).toEqual(["Exception in thread \"main\" joptsimple.OptionArgumentConversionException: Cannot parse argument 'abc' of option partitions"]);
  expect(r.after(400)).toEqual(['Exception in thread "main" java.lang.IllegalArgumentException: --bootstrap-server must be specified']);
  expect(r.after(500)).toEqual(['Command must include exactly one action: --list, --describe, --create, --alter or --delete']);
  expect(r.after(600)).toEqual(['Missing required option(s) [bootstrap-server]']);
  expect(r.after(700)).toEqual(['Missing required argument "[bootstrap-server]"']);
  expect(r.after(800)).toEqual(['bash: kafka-foo.sh: command not found']);
  expect(r.after(900)).toEqual([
    'Error while executing topic command : Replication factor: 4 larger than available brokers: 3.',
    'ERROR org.apache.kafka.common.errors.InvalidReplicationFactorException: Replication factor: 4 larger than available brokers: 3. (kafka.admin.TopicCommand$)',
  ]);
  expect(r.after(1100)[0]).toBe("Error while executing topic command : Topic 'big' already exists.");
  expect(r.after(1100)[1]).toContain('TopicExistsException');
  expect(r.after(1200)[0]).toBe("Error while executing topic command : Topic 'nope' does not exist as expected");
  expect(r.after(1400)).toEqual(["org.apache.kafka.common.KafkaException: No key separator found on line number 1: 'no separator here'"]);
  expect(r.after(1500)).toEqual(['Exactly one of include/topic is required.']);
  expect(r.after(1600)).toEqual(['Exception in thread "main" joptsimple.OptionMissingRequiredArgumentException: Option topic requires an argument']);
  expect(r.summary.console.mode).toBe('shell');
  expect(r.summary.rejectedCommands).toBe(0);
  expect(r.summary.notModelledYet).toEqual([]);
});

test('--max-messages stops the consumer by itself; help and clear', () => {
  const r = run(
    [
      [500, `kafka-topics.sh ${B} --create --topic t --partitions 1 --replication-factor 1`],
      [600, `kafka-console-producer.sh ${B} --topic t`],
      [700, 'a'],
      [710, 'b'],
      [720, 'c'],
      [800, '^D'],
      [3000, `kafka-console-consumer.sh ${B} --topic t --from-beginning --max-messages 2`],
      [12000, 'help'],
    ],
    13000,
  );
  const out = r.after(3000);
  expect(out).toEqual(['a', 'b', 'Processed a total of 2 messages']);
  expect(r.after(12000)[0]).toMatch(/Kafka command-line tools/);
  const cleared = run([[100, 'help'], [200, 'clear']], 300);
  expect(cleared.console.lines).toEqual([]);
});

describe('lines typed faster than the producer starts', () => {
  test('^D right after the lines, in the same instant, still sends every line: close() flushes first', () => {
    const r = run(
      [
        [1000, `kafka-topics.sh ${B} --create --topic fast --partitions 1 --replication-factor 3`],
        [1000, `kafka-console-producer.sh ${B} --topic fast`],
        [1000, 'one'],
        [1000, 'two'],
        [1000, 'three'],
        [1000, '^D'],
        [6000, `kafka-topics.sh ${B} --list`],
      ],
      8000,
    );
    expect(r.summary.topics.fast?.partitions['0']?.highWatermark).toBe(3);
    // The prompt came back (the list ran in the shell), after the producer had flushed.
    expect(r.after(6000)).toContain('fast');
    expect(r.console.mode).toBe('shell');
  });
});

describe('the course’s own commands, as it types them in Windows', () => {
  test('kafka_2.12-0.10.2.1>.\\bin\\windows\\kafka-topics.bat with --zookeeper, then the producer with --broker-list', () => {
    const r = run(
      [
        [1000, 'kafka_2.12-0.10.2.1>.\\bin\\windows\\kafka-topics.bat --create --zookeeper localhost:2181 --replication-factor 1 --partitions 1 --topic m2_info-topic'],
        [1500, '.\\bin\\windows\\kafka-console-producer.bat --broker-list localhost:9092 --topic m2_info-topic'],
        [1600, 'Hello World'],
        [1700, '^C'],
        [4000, 'kafka-topics.bat --list --zookeeper localhost:2181'],
      ],
      6000,
    );
    // Kafka warns about the underscore (metric names), as the real tool does, then creates it.
    expect(r.after(1000)).toContain('Created topic m2_info-topic.');
    expect(r.after(4000)).toContain('m2_info-topic');
    expect(r.summary.topics['m2_info-topic']?.partitions['0']?.highWatermark).toBe(1);
  });
});

describe('edge cases a student meets', () => {
  test('the course’s first line, starting ZooKeeper, gets the “already running” answer, not a garbled path', () => {
    const r = run([[1000, 'kafka_2.12-0.10.2.1>.\\bin\\windows\\zookeeper-server-start.bat .\\config\\zookeeper.properties']], 2000);
    expect(r.after(1000).join('\n')).not.toMatch(/command not found/);
    expect(r.after(1000).length).toBeGreaterThan(0);
  });
  test('--max-messages 0 ends at once and gives the prompt back', () => {
    const r = run(
      [
        [1000, `kafka-topics.sh ${B} --create --topic t --partitions 1 --replication-factor 1`],
        [2000, `kafka-console-consumer.sh ${B} --topic t --max-messages 0`],
        [3000, `kafka-topics.sh ${B} --list`],
      ],
      4000,
    );
    expect(r.after(2000)).toEqual(['Processed a total of 0 messages']);
    expect(r.after(3000)).toContain('t');
    expect(r.console.mode).toBe('shell');
  });
  test('--describe --all-groups with no group prints nothing, as the real tool does', () => {
    const r = run([[1000, `kafka-consumer-groups.sh ${B} --describe --all-groups`]], 2000);
    expect(r.after(1000)).toEqual([]);
  });
});
