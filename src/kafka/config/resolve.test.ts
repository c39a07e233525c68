import { describe, expect, it } from 'vitest';
import { CONFIG_DEFS, LONG_MAX, TOPIC_CONFIG_DEFS, configKeys } from './defs';
import { parseConfigValue } from './parse';
import {
  closestKey,
  defaultConfig,
  logRetentionMs,
  logRollMs,
  offsetsRetentionMs,
  resolveConfig,
  resolveTopicConfig,
  topicConfigFromBroker,
  topicNameCollisionWarning,
  topicNamesCollide,
  validateTopicName,
  type BrokerConfig,
  type ConfigScope,
  type ResolveResult,
} from './resolve';

function expectOk<T>(result: ResolveResult<T>): {
  config: T;
  warnings: readonly { key: string; message: string }[];
} {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result;
}

function expectErrors<T>(
  result: ResolveResult<T>,
): readonly { path: string; key: string; message: string }[] {
  if (result.ok) throw new Error('expected errors, got a config');
  return result.errors;
}

function broker(overrides: Record<string, unknown>): BrokerConfig {
  return expectOk(resolveConfig('broker', overrides, 'cluster.broker')).config;
}

const SCOPES: readonly ConfigScope[] = ['producer', 'consumer', 'broker', 'topic'];

describe('defaults follow Kafka 3.9 (kafka-reference.md §1)', () => {
  it('a producer with no settings gets the reference defaults', () => {
    const p = expectOk(resolveConfig('producer', {})).config;
    expect(p.acks).toBe('all');
    expect(p['enable.idempotence']).toBe(true);
    expect(p.retries).toBe(2147483647);
    expect(p['max.in.flight.requests.per.connection']).toBe(5);
    expect(p['batch.size']).toBe(16384);
    expect(p['linger.ms']).toBe(0);
    expect(p['buffer.memory']).toBe(33554432);
    expect(p['max.block.ms']).toBe(60000);
    expect(p['request.timeout.ms']).toBe(30000);
    expect(p['delivery.timeout.ms']).toBe(120000);
    expect(p['compression.type']).toBe('none');
    expect(p['retry.backoff.ms']).toBe(100);
    expect(p['metadata.max.age.ms']).toBe(300000);
    expect(p['partitioner.class']).toBeNull();
    expect(p['partitioner.ignore.keys']).toBe(false);
    expect(p['partitioner.adaptive.partitioning.enable']).toBe(true);
    expect(p['client.id']).toBe('');
  });

  it('a consumer with a group gets the reference defaults', () => {
    const c = expectOk(resolveConfig('consumer', { 'group.id': 'billing' })).config;
    expect(c['group.instance.id']).toBeNull();
    expect(c['session.timeout.ms']).toBe(45000);
    expect(c['heartbeat.interval.ms']).toBe(3000);
    expect(c['max.poll.interval.ms']).toBe(300000);
    expect(c['max.poll.records']).toBe(500);
    expect(c['enable.auto.commit']).toBe(true);
    expect(c['auto.commit.interval.ms']).toBe(5000);
    expect(c['auto.offset.reset']).toBe('latest');
    expect(c['partition.assignment.strategy']).toEqual(['range', 'cooperative-sticky']);
    expect(c['fetch.min.bytes']).toBe(1);
    expect(c['fetch.max.bytes']).toBe(52428800);
    expect(c['fetch.max.wait.ms']).toBe(500);
    expect(c['max.partition.fetch.bytes']).toBe(1048576);
    expect(c['isolation.level']).toBe('read_uncommitted');
  });

  it('a broker with no settings gets the reference defaults', () => {
    const b = broker({});
    expect(b['num.partitions']).toBe(1);
    expect(b['default.replication.factor']).toBe(1);
    expect(b['auto.create.topics.enable']).toBe(true);
    expect(b['min.insync.replicas']).toBe(1);
    expect(b['unclean.leader.election.enable']).toBe(false);
    expect(b['replica.lag.time.max.ms']).toBe(30000);
    expect(b['replica.fetch.wait.max.ms']).toBe(500);
    expect(b['replica.fetch.max.bytes']).toBe(1048576);
    expect(b['log.retention.hours']).toBe(168);
    expect(b['log.retention.bytes']).toBe(-1);
    expect(b['log.segment.bytes']).toBe(1073741824);
    expect(b['log.retention.check.interval.ms']).toBe(300000);
    expect(b['offsets.topic.num.partitions']).toBe(50);
    expect(b['offsets.topic.replication.factor']).toBe(3);
    expect(b['offsets.retention.minutes']).toBe(10080);
    expect(b['group.initial.rebalance.delay.ms']).toBe(3000);
    expect(b['group.min.session.timeout.ms']).toBe(6000);
    expect(b['group.max.session.timeout.ms']).toBe(1800000);
    expect(b['zookeeper.session.timeout.ms']).toBe(18000);
    expect(b['broker.heartbeat.interval.ms']).toBe(2000);
    expect(b['broker.session.timeout.ms']).toBe(9000);
    expect(b['leader.imbalance.check.interval.seconds']).toBe(300);
    expect(b['leader.imbalance.per.broker.percentage']).toBe(10);
    expect(b['message.max.bytes']).toBe(1048588);
  });

  it('a topic with no settings gets the reference defaults', () => {
    const t = expectOk(resolveConfig('topic', {})).config;
    expect(t['cleanup.policy']).toEqual(['delete']);
    expect(t['retention.ms']).toBe(604800000);
    expect(t['retention.bytes']).toBe(-1);
    expect(t['segment.bytes']).toBe(1073741824);
    expect(t['segment.ms']).toBe(604800000);
    expect(t['min.insync.replicas']).toBe(1);
    expect(t['max.message.bytes']).toBe(1048588);
    expect(t['message.timestamp.type']).toBe('CreateTime');
    expect(t['compression.type']).toBe('producer');
    expect(t['delete.retention.ms']).toBe(86400000);
    expect(t['min.cleanable.dirty.ratio']).toBe(0.5);
    // Long.MAX_VALUE, i.e. "never fsync", stored without Infinity.
    expect(t['flush.messages']).toBe(LONG_MAX);
    expect(t['flush.ms']).toBe(LONG_MAX);
  });

  it('the broker → topic default chain and the topic table agree', () => {
    const viaBroker = topicConfigFromBroker(defaultConfig('broker'));
    expect(viaBroker).toEqual(defaultConfig('topic'));
    for (const [key, def] of Object.entries(TOPIC_CONFIG_DEFS)) {
      expect(viaBroker[key as keyof typeof viaBroker], key).toEqual(def.default);
    }
  });

  it('every default passes its own validator, and configs hold no Infinity or NaN', () => {
    for (const scope of SCOPES) {
      for (const [key, def] of Object.entries(CONFIG_DEFS[scope])) {
        if (def.default === null) continue;
        expect(parseConfigValue(key, def, def.default).ok, `${scope} ${key}`).toBe(true);
      }
      const config = defaultConfig(scope);
      expect(Object.keys(config)).toEqual(configKeys(scope));
      expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    }
  });
});

describe('values come as JSON or as properties-file strings', () => {
  it('parses "5", "true" and numbers alike', () => {
    const fromStrings = expectOk(
      resolveConfig('producer', {
        'linger.ms': '5',
        'partitioner.ignore.keys': 'TRUE',
        'batch.size': ' 32768 ',
      }),
    ).config;
    const fromJson = expectOk(
      resolveConfig('producer', { 'linger.ms': 5, 'partitioner.ignore.keys': true, 'batch.size': 32768 }),
    ).config;
    expect(fromStrings).toEqual(fromJson);
    expect(fromStrings['linger.ms']).toBe(5);
  });

  it('normalises acks: "all" and -1 are the same setting, 0 and 1 become numbers', () => {
    const acks = (value: unknown) =>
      expectOk(resolveConfig('producer', { acks: value, 'enable.idempotence': false })).config.acks;
    expect(acks('all')).toBe('all');
    expect(acks('-1')).toBe('all');
    expect(acks(-1)).toBe('all');
    expect(acks('1')).toBe(1);
    expect(acks(0)).toBe(0);
    const [error] = expectErrors(resolveConfig('producer', { acks: 2 }, 'producers[0].config'));
    expect(error?.message).toBe(
      'Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1',
    );
  });

  it('maps assignor class names to their protocol names', () => {
    const c = expectOk(
      resolveConfig('consumer', {
        'group.id': 'g',
        'partition.assignment.strategy':
          'org.apache.kafka.clients.consumer.RoundRobinAssignor, cooperative-sticky',
      }),
    ).config;
    expect(c['partition.assignment.strategy']).toEqual(['roundrobin', 'cooperative-sticky']);
    const sticky = expectOk(
      resolveConfig('consumer', {
        'group.id': 'g',
        'partition.assignment.strategy': ['org.apache.kafka.clients.consumer.StickyAssignor'],
      }),
    );
    expect(sticky.config['partition.assignment.strategy']).toEqual(['sticky']);
    const [error] = expectErrors(
      resolveConfig('consumer', { 'partition.assignment.strategy': 'range,uniform' }),
    );
    expect(error?.message).toContain(
      'Invalid value uniform for configuration partition.assignment.strategy: String must be one of',
    );
  });

  it('keeps Long.MAX_VALUE as LONG_MAX rather than a rounded or infinite number', () => {
    // As JSON.parse delivers it: the number rounds to 2^63.
    const fromJson = JSON.parse('{"flush.ms": 9223372036854775807}') as Record<string, unknown>;
    const t = expectOk(
      resolveConfig('topic', { 'max.compaction.lag.ms': '9223372036854775807', ...fromJson }),
    ).config;
    expect(t['max.compaction.lag.ms']).toBe(LONG_MAX);
    expect(t['flush.ms']).toBe(LONG_MAX);
    const [error] = expectErrors(resolveConfig('topic', { 'flush.ms': '9223372036854775808' }));
    expect(error?.message).toBe(
      'Invalid value 9223372036854775808 for configuration flush.ms: Not a number of type LONG',
    );
  });
});

describe('bad settings are reported where they are, in Kafka ConfigException style', () => {
  it('an unknown key names its path and suggests the closest key', () => {
    const errors = expectErrors(resolveConfig('producer', { 'linger.msx': 5 }, 'producers[0].config'));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('producers[0].config.linger.msx');
    expect(errors[0]?.key).toBe('linger.msx');
    expect(errors[0]?.message).toBe("Unknown producer configuration 'linger.msx'. Did you mean 'linger.ms'?");
    expect(closestKey('max.poll.record', configKeys('consumer'))).toBe('max.poll.records');
    expect(closestKey('banana', configKeys('producer'))).toBeNull();
  });

  it('a key from another scope says where it belongs', () => {
    const [onTopic] = expectErrors(resolveConfig('topic', { 'log.retention.hours': 1 }, 'topics[0].config'));
    expect(onTopic?.message).toContain("the topic-level key is 'retention.ms'");
    const [onBroker] = expectErrors(resolveConfig('broker', { 'retention.ms': 1000 }));
    expect(onBroker?.message).toContain("its broker default is 'log.retention.ms'");
    const [onProducer] = expectErrors(resolveConfig('producer', { 'group.id': 'g' }));
    expect(onProducer?.message).toContain('is a consumer configuration');
  });

  it('a negative batch.size is rejected like Kafka does', () => {
    for (const value of [-1, '-1']) {
      const [error] = expectErrors(resolveConfig('producer', { 'batch.size': value }, 'producers[0].config'));
      expect(error).toEqual({
        path: 'producers[0].config.batch.size',
        key: 'batch.size',
        message: 'Invalid value -1 for configuration batch.size: Value must be at least 0',
      });
    }
  });

  it('wrong types, ranges and enum values each get a clear message, all at once', () => {
    const errors = expectErrors(
      resolveConfig(
        'consumer',
        {
          'enable.auto.commit': 'yes',
          'max.poll.records': 0,
          'fetch.max.wait.ms': 'soon',
          'session.timeout.ms': 1.5,
          'auto.offset.reset': 'smallest',
          'max.partition.fetch.bytes': 3000000000,
        },
        'groups[1].consumers[0].config',
      ),
    );
    expect(errors.map((e) => e.message)).toEqual([
      'Invalid value yes for configuration enable.auto.commit: Expected value to be either true or false',
      'Invalid value 0 for configuration max.poll.records: Value must be at least 1',
      'Invalid value soon for configuration fetch.max.wait.ms: Not a number of type INT',
      'Invalid value 1.5 for configuration session.timeout.ms: Expected value to be a 32-bit integer, but it was 1.5',
      'Invalid value smallest for configuration auto.offset.reset: String must be one of: latest, earliest, none',
      'Invalid value 3000000000 for configuration max.partition.fetch.bytes: Not a number of type INT',
    ]);
    expect(errors[0]?.path).toBe('groups[1].consumers[0].config.enable.auto.commit');
  });

  it('null is only accepted where Kafka has no default', () => {
    expect(expectOk(resolveConfig('consumer', { 'group.id': null })).config['group.id']).toBeNull();
    const [error] = expectErrors(resolveConfig('producer', { 'linger.ms': null }));
    expect(error?.message).toBe('Invalid value null for configuration linger.ms: Value must be non-null');
  });
});

describe('idempotent producer rules (Kafka 3.x, KIP-679)', () => {
  it('acks=1 without asking for idempotence quietly turns it off', () => {
    const { config, warnings } = expectOk(resolveConfig('producer', { acks: '1' }, 'producers[0].config'));
    expect(config['enable.idempotence']).toBe(false);
    expect(config.acks).toBe(1);
    expect(warnings.map((w) => w.message)).toEqual([
      "Idempotence will be disabled because acks is set to 1, not set to 'all'.",
    ]);
  });

  it('retries=0 or more than 5 requests in flight also turn it off when implicit', () => {
    expect(expectOk(resolveConfig('producer', { retries: 0 })).config['enable.idempotence']).toBe(false);
    expect(
      expectOk(resolveConfig('producer', { 'max.in.flight.requests.per.connection': 6 })).config[
        'enable.idempotence'
      ],
    ).toBe(false);
    expect(
      expectOk(resolveConfig('producer', { 'max.in.flight.requests.per.connection': 5 })).config[
        'enable.idempotence'
      ],
    ).toBe(true);
  });

  it('asking for idempotence explicitly with acks=1 is a configuration error', () => {
    const errors = expectErrors(
      resolveConfig('producer', { 'enable.idempotence': true, acks: 1 }, 'producers[0].config'),
    );
    expect(errors).toEqual([
      {
        path: 'producers[0].config.acks',
        key: 'acks',
        message:
          'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.',
      },
    ]);
    expect(
      expectErrors(resolveConfig('producer', { 'enable.idempotence': 'true', retries: 0 }))[0]?.key,
    ).toBe('retries');
    expect(
      expectErrors(
        resolveConfig('producer', {
          'enable.idempotence': true,
          'max.in.flight.requests.per.connection': 10,
        }),
      )[0]?.key,
    ).toBe('max.in.flight.requests.per.connection');
  });

  it('explicitly disabling idempotence allows acks=0 without a warning', () => {
    const { config, warnings } = expectOk(
      resolveConfig('producer', { 'enable.idempotence': false, acks: 0 }),
    );
    expect(config['enable.idempotence']).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('a transactional producer needs idempotence', () => {
    const [error] = expectErrors(resolveConfig('producer', { 'transactional.id': 'tx-1', acks: 1 }));
    expect(error?.message).toBe('Cannot set a transactional.id without also enabling idempotence.');
  });

  it('delivery.timeout.ms must cover linger.ms + request.timeout.ms', () => {
    const [error] = expectErrors(resolveConfig('producer', { 'delivery.timeout.ms': 1000 }));
    expect(error?.message).toBe(
      'delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms',
    );
    // Not set by the user: Kafka raises it instead.
    const raised = expectOk(
      resolveConfig('producer', { 'linger.ms': 100000, 'request.timeout.ms': 30000 }),
    ).config;
    expect(raised['delivery.timeout.ms']).toBe(130000);
  });
});

describe('consumer rules', () => {
  it('without a group there is nowhere to auto-commit', () => {
    expect(expectOk(resolveConfig('consumer', {})).config['enable.auto.commit']).toBe(false);
    const [error] = expectErrors(resolveConfig('consumer', { 'enable.auto.commit': true }));
    expect(error?.message).toBe(
      'enable.auto.commit cannot be set to true when default group id (null) is used.',
    );
  });

  it('the heartbeat must be shorter than the session timeout', () => {
    const [error] = expectErrors(resolveConfig('consumer', { 'group.id': 'g', 'session.timeout.ms': 3000 }));
    expect(error?.key).toBe('heartbeat.interval.ms');
  });

  it('a static member id follows the topic-name rules', () => {
    expect(
      expectOk(resolveConfig('consumer', { 'group.id': 'g', 'group.instance.id': 'consumer-1' })).config[
        'group.instance.id'
      ],
    ).toBe('consumer-1');
    const [error] = expectErrors(
      resolveConfig('consumer', { 'group.id': 'g', 'group.instance.id': 'consumer 1' }),
    );
    expect(error?.message).toContain('Group instance id "consumer 1" is illegal');
  });
});

describe('retention and roll time: ms beats minutes beats hours', () => {
  it('defaults to 168 hours', () => {
    expect(logRetentionMs(broker({}))).toBe(7 * 24 * 3600 * 1000);
    expect(logRollMs(broker({}))).toBe(7 * 24 * 3600 * 1000);
    expect(offsetsRetentionMs(broker({}))).toBe(7 * 24 * 3600 * 1000);
  });

  it('minutes override hours, ms override both, and any negative means forever (-1)', () => {
    expect(logRetentionMs(broker({ 'log.retention.hours': 1 }))).toBe(3_600_000);
    expect(logRetentionMs(broker({ 'log.retention.hours': 1, 'log.retention.minutes': 30 }))).toBe(1_800_000);
    expect(
      logRetentionMs(
        broker({ 'log.retention.hours': 1, 'log.retention.minutes': 30, 'log.retention.ms': 5000 }),
      ),
    ).toBe(5000);
    expect(logRetentionMs(broker({ 'log.retention.hours': -1 }))).toBe(-1);
    expect(logRetentionMs(broker({ 'log.retention.ms': -5 }))).toBe(-1);
  });

  it('a retention of zero is refused on the key that set it', () => {
    const [error] = expectErrors(resolveConfig('broker', { 'log.retention.minutes': 0 }, 'cluster.broker'));
    expect(error?.path).toBe('cluster.broker.log.retention.minutes');
  });

  it('log.roll.ms overrides log.roll.hours', () => {
    expect(logRollMs(broker({ 'log.roll.hours': 2 }))).toBe(7_200_000);
    expect(logRollMs(broker({ 'log.roll.hours': 2, 'log.roll.ms': 60000 }))).toBe(60000);
  });

  it('replica.fetch.wait.max.ms may not exceed replica.lag.time.max.ms', () => {
    const [error] = expectErrors(resolveConfig('broker', { 'replica.lag.time.max.ms': 100 }));
    expect(error?.key).toBe('replica.lag.time.max.ms');
    expect(error?.message).toContain('to prevent frequent changes in ISR');
  });
});

describe('a topic inherits the broker log.* settings it does not override', () => {
  const teachingBroker = broker({
    'log.retention.minutes': 30,
    'log.segment.bytes': 1024,
    'log.roll.hours': 1,
    'log.flush.interval.messages': 1000,
    'log.flush.interval.ms': 2000,
    'min.insync.replicas': 2,
    'unclean.leader.election.enable': true,
    'message.max.bytes': 2048,
    'log.cleanup.policy': 'compact,delete',
  });

  it('takes every default from the broker', () => {
    const t = expectOk(resolveTopicConfig(teachingBroker, {})).config;
    expect(t['retention.ms']).toBe(1_800_000);
    expect(t['segment.bytes']).toBe(1024);
    expect(t['segment.ms']).toBe(3_600_000);
    expect(t['flush.messages']).toBe(1000);
    expect(t['flush.ms']).toBe(2000);
    expect(t['min.insync.replicas']).toBe(2);
    expect(t['unclean.leader.election.enable']).toBe(true);
    expect(t['max.message.bytes']).toBe(2048);
    expect(t['cleanup.policy']).toEqual(['compact', 'delete']);
  });

  it('keeps its own overrides', () => {
    const t = expectOk(
      resolveTopicConfig(
        teachingBroker,
        { 'retention.ms': '60000', 'min.insync.replicas': 1, 'cleanup.policy': 'delete' },
        'topics[0].config',
      ),
    ).config;
    expect(t['retention.ms']).toBe(60000);
    expect(t['min.insync.replicas']).toBe(1);
    expect(t['cleanup.policy']).toEqual(['delete']);
    expect(t['segment.bytes']).toBe(1024);
  });

  it('accepts typed overrides too', () => {
    const t = topicConfigFromBroker(teachingBroker, { 'retention.bytes': 4096, 'segment.ms': undefined });
    expect(t['retention.bytes']).toBe(4096);
    expect(t['segment.ms']).toBe(3_600_000);
  });

  it('validates the overrides', () => {
    const errors = expectErrors(
      resolveTopicConfig(teachingBroker, { 'retention.ms': -2, 'segment.bytes': 10 }, 'topics[0].config'),
    );
    expect(errors.map((e) => e.message)).toEqual([
      'Invalid value -2 for configuration retention.ms: Value must be at least -1',
      'Invalid value 10 for configuration segment.bytes: Value must be at least 14',
    ]);
  });
});

describe('topic names', () => {
  it('accepts ASCII letters, digits, ".", "_" and "-" up to 249 characters', () => {
    for (const name of ['orders', 'page-views', 'a.b_c-D9', '__consumer_offsets', 'x'.repeat(249), '...']) {
      expect(validateTopicName(name), name).toBeNull();
    }
  });

  it('refuses empty names, "." and "..", long names and other characters', () => {
    expect(validateTopicName('')).toBe("Topic name is illegal, it can't be empty");
    expect(validateTopicName('.')).toBe('Topic name cannot be "." or ".."');
    expect(validateTopicName('..')).toBe('Topic name cannot be "." or ".."');
    expect(validateTopicName('x'.repeat(250))).toContain("can't be longer than 249 characters");
    for (const name of ['a b', 'é', 'orders/2024', 'tab\t', 'caf\u00e9']) {
      expect(validateTopicName(name), name).toContain('contains a character other than ASCII alphanumerics');
    }
  });

  it('only warns about "." and "_", and detects names that collide in metrics', () => {
    expect(topicNameCollisionWarning('orders')).toBeNull();
    expect(topicNameCollisionWarning('orders.eu')).toContain("'.' or '_'");
    expect(topicNamesCollide('orders.eu', 'orders_eu')).toBe(true);
    expect(topicNamesCollide('orders.eu', 'orders.eu')).toBe(false);
    expect(topicNamesCollide('orders.eu', 'orders-eu')).toBe(false);
  });
});
