/**
 * Rules that involve more than one key, applied after every key has parsed on its own. Each rule
 * names the Kafka code path it models. Rules may adjust values the user did not set explicitly
 * (as Kafka does, e.g. turning idempotence off), but never a value the user did set.
 */
import { INT_MAX } from './defs';
import { logRetentionMs, logRetentionSource } from './derived';
import { validateGroupInstanceId } from './names';
import type { BrokerConfig, ConsumerConfig, ProducerConfig, TopicConfig } from './types';

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface RuleContext {
  /** Keys the user set (Kafka's `originals().containsKey(...)`). */
  readonly explicit: ReadonlySet<string>;
  error(key: string, message: string): void;
  warn(key: string, message: string): void;
}

/** The idempotent producer keeps at most this many requests in flight per connection. */
export const MAX_IN_FLIGHT_FOR_IDEMPOTENCE = 5;

/**
 * CommonClientConfigs.postProcessReconnectBackoffConfigs: setting only `reconnect.backoff.ms`
 * turns exponential reconnect backoff off by making the maximum equal to it.
 */
function reconnectBackoff(c: Mutable<ProducerConfig> | Mutable<ConsumerConfig>, ctx: RuleContext): void {
  if (ctx.explicit.has('reconnect.backoff.ms') && !ctx.explicit.has('reconnect.backoff.max.ms')) {
    c['reconnect.backoff.max.ms'] = c['reconnect.backoff.ms'];
  }
}

/**
 * Kafka 3.x ProducerConfig.postProcessAndValidateIdempotenceConfigs (KIP-679). Idempotence is on
 * by default; a conflicting acks/retries/max.in.flight silently switches it off, unless the user
 * asked for idempotence explicitly, in which case the conflict is a ConfigException.
 * (Kafka 4.0 makes max.in.flight > 5 an error in both cases.)
 */
function idempotence(c: Mutable<ProducerConfig>, ctx: RuleContext): void {
  if (!c['enable.idempotence']) return;
  const userSet = ctx.explicit.has('enable.idempotence');
  let disable = false;
  if (c.retries === 0) {
    if (userSet) ctx.error('retries', 'Must set retries to non-zero when using the idempotent producer.');
    else {
      ctx.warn('enable.idempotence', 'Idempotence will be disabled because retries is set to 0.');
      disable = true;
    }
  }
  if (c.acks !== 'all') {
    if (userSet) {
      ctx.error(
        'acks',
        'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.',
      );
    } else {
      ctx.warn(
        'enable.idempotence',
        `Idempotence will be disabled because acks is set to ${c.acks}, not set to 'all'.`,
      );
      disable = true;
    }
  }
  const inFlight = c['max.in.flight.requests.per.connection'];
  if (inFlight > MAX_IN_FLIGHT_FOR_IDEMPOTENCE) {
    if (userSet) {
      ctx.error(
        'max.in.flight.requests.per.connection',
        `Must set max.in.flight.requests.per.connection to at most ${MAX_IN_FLIGHT_FOR_IDEMPOTENCE} to use the idempotent producer.`,
      );
    } else {
      ctx.warn(
        'enable.idempotence',
        `Idempotence will be disabled because max.in.flight.requests.per.connection is set to ${inFlight}, which is greater than ${MAX_IN_FLIGHT_FOR_IDEMPOTENCE}.`,
      );
      disable = true;
    }
  }
  if (disable) c['enable.idempotence'] = false;
}

export function applyProducerRules(c: Mutable<ProducerConfig>, ctx: RuleContext): void {
  reconnectBackoff(c, ctx);
  idempotence(c, ctx);
  // Checked after idempotence, because the rule above may have switched it off.
  if (c['transactional.id'] !== null && !c['enable.idempotence']) {
    ctx.error('transactional.id', 'Cannot set a transactional.id without also enabling idempotence.');
  }
  // KafkaProducer.configureDeliveryTimeout: a record must get at least one full linger + request.
  const lingerAndRequestMs = Math.min(c['linger.ms'] + c['request.timeout.ms'], INT_MAX);
  if (c['delivery.timeout.ms'] < lingerAndRequestMs) {
    if (ctx.explicit.has('delivery.timeout.ms')) {
      ctx.error(
        'delivery.timeout.ms',
        'delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms',
      );
    } else {
      ctx.warn(
        'delivery.timeout.ms',
        `delivery.timeout.ms raised to linger.ms + request.timeout.ms = ${lingerAndRequestMs}.`,
      );
      c['delivery.timeout.ms'] = lingerAndRequestMs;
    }
  }
}

export function applyConsumerRules(c: Mutable<ConsumerConfig>, ctx: RuleContext): void {
  reconnectBackoff(c, ctx);
  // ConsumerConfig.maybeOverrideEnableAutoCommit: no group, nowhere to commit.
  if (c['group.id'] === null && c['enable.auto.commit']) {
    if (ctx.explicit.has('enable.auto.commit')) {
      ctx.error(
        'enable.auto.commit',
        'enable.auto.commit cannot be set to true when default group id (null) is used.',
      );
    } else {
      c['enable.auto.commit'] = false;
    }
  }
  // GroupRebalanceConfig: the static member id follows the topic-name rules.
  const instanceId = c['group.instance.id'];
  if (instanceId !== null) {
    const problem = validateGroupInstanceId(instanceId);
    if (problem !== null) ctx.error('group.instance.id', problem);
  }
  // Heartbeat (classic protocol, only built when there is a group).
  if (
    c['group.id'] !== null &&
    c['group.protocol'] === 'classic' &&
    c['heartbeat.interval.ms'] >= c['session.timeout.ms']
  ) {
    ctx.error(
      'heartbeat.interval.ms',
      `Heartbeat must be set lower than the session timeout (heartbeat.interval.ms ${c['heartbeat.interval.ms']} >= session.timeout.ms ${c['session.timeout.ms']}).`,
    );
  }
}

/** Report a broken `low <= high` pair on whichever key the user set (the low one if both or neither). */
function requireAtMost(
  c: BrokerConfig,
  ctx: RuleContext,
  low: keyof BrokerConfig,
  high: keyof BrokerConfig,
  message: string,
): void {
  const lowValue = c[low];
  const highValue = c[high];
  if (typeof lowValue !== 'number' || typeof highValue !== 'number' || lowValue <= highValue) return;
  const blame = ctx.explicit.has(high) && !ctx.explicit.has(low) ? high : low;
  ctx.error(blame, message);
}

/** KafkaConfig.validateValues and friends. */
export function applyBrokerRules(c: Mutable<BrokerConfig>, ctx: RuleContext): void {
  if (logRetentionMs(c) === 0) {
    const source = logRetentionSource(c);
    ctx.error(
      source,
      `Invalid value 0 for configuration ${source}: log retention must be unlimited (-1) or greater than or equal to 1 ms`,
    );
  }
  const rollMs = c['log.roll.ms'];
  if (rollMs !== null && rollMs < 1)
    ctx.error('log.roll.ms', 'log.roll.ms must be greater than or equal to 1');
  const jitterMs = c['log.roll.jitter.ms'];
  if (jitterMs !== null && jitterMs < 0)
    ctx.error('log.roll.jitter.ms', 'log.roll.jitter.ms must be greater than or equal to 0');

  requireAtMost(
    c,
    ctx,
    'replica.fetch.wait.max.ms',
    'replica.socket.timeout.ms',
    'replica.socket.timeout.ms should always be at least replica.fetch.wait.max.ms to prevent unnecessary socket timeouts',
  );
  requireAtMost(
    c,
    ctx,
    'replica.fetch.wait.max.ms',
    'replica.lag.time.max.ms',
    'replica.fetch.wait.max.ms should always be less than or equal to replica.lag.time.max.ms to prevent frequent changes in ISR',
  );

  // KIP-848 group coordinator bounds.
  const kip848: readonly [keyof BrokerConfig, keyof BrokerConfig][] = [
    ['group.consumer.min.session.timeout.ms', 'group.consumer.max.session.timeout.ms'],
    ['group.consumer.min.session.timeout.ms', 'group.consumer.session.timeout.ms'],
    ['group.consumer.session.timeout.ms', 'group.consumer.max.session.timeout.ms'],
    ['group.consumer.min.heartbeat.interval.ms', 'group.consumer.max.heartbeat.interval.ms'],
    ['group.consumer.min.heartbeat.interval.ms', 'group.consumer.heartbeat.interval.ms'],
    ['group.consumer.heartbeat.interval.ms', 'group.consumer.max.heartbeat.interval.ms'],
  ];
  for (const [low, high] of kip848)
    requireAtMost(c, ctx, low, high, `${low} must be less than or equal to ${high}`);

  // KafkaConfig logs this as an error but starts anyway: the broker risks losing its lease.
  if (c['broker.heartbeat.interval.ms'] * 2 > c['broker.session.timeout.ms']) {
    ctx.warn(
      'broker.heartbeat.interval.ms',
      `broker.heartbeat.interval.ms (${c['broker.heartbeat.interval.ms']} ms) should be at most half of broker.session.timeout.ms (${c['broker.session.timeout.ms']} ms), or the broker may be fenced between heartbeats.`,
    );
  }
}

/** LogConfig.validateValues. */
export function applyTopicRules(c: Mutable<TopicConfig>, ctx: RuleContext): void {
  const minLag = c['min.compaction.lag.ms'];
  const maxLag = c['max.compaction.lag.ms'];
  if (minLag > maxLag) {
    const key =
      ctx.explicit.has('max.compaction.lag.ms') && !ctx.explicit.has('min.compaction.lag.ms')
        ? 'max.compaction.lag.ms'
        : 'min.compaction.lag.ms';
    ctx.error(
      key,
      `conflict topic config setting min.compaction.lag.ms (${minLag}) > max.compaction.lag.ms (${maxLag})`,
    );
  }
}
