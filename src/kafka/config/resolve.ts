/**
 * Turns the loose config maps of a scenario into typed, validated config objects.
 *
 *   resolveConfig('producer', { 'linger.ms': '5', acks: 1 }, 'producers[0].config')
 *     → { ok: true, config: { …, 'linger.ms': 5, acks: 1, 'enable.idempotence': false }, warnings: [...] }
 *
 * Steps, in order: every key is looked up (unknown keys are errors, with a suggestion) and parsed
 * on its own (type, range, enum); missing keys take their defaults; then the scope's multi-key
 * rules run (rules.ts). All problems are collected, not just the first.
 */
import { CONFIG_DEFS, TOPIC_CONFIG_SYNONYMS, configDef, configKeys, type ConfigDef } from './defs';
import { topicConfigFromBroker } from './derived';
import { parseConfigValue, type ConfigValue } from './parse';
import {
  applyBrokerRules,
  applyConsumerRules,
  applyProducerRules,
  applyTopicRules,
  type Mutable,
  type RuleContext,
} from './rules';
import type {
  BrokerConfig,
  ConfigByScope,
  ConfigError,
  ConfigScope,
  ConfigWarning,
  ConsumerConfig,
  ProducerConfig,
  ResolveResult,
  TopicConfig,
} from './types';

export type * from './types';
export {
  leaderImbalanceCheckIntervalMs,
  logFlushIntervalMs,
  logRetentionMs,
  logRetentionSource,
  logRollJitterMs,
  logRollMs,
  offsetsRetentionMs,
  topicConfigFromBroker,
  zookeeperConnectionTimeoutMs,
} from './derived';
export {
  MAX_TOPIC_NAME_LENGTH,
  topicNameCollisionWarning,
  topicNamesCollide,
  validateGroupInstanceId,
  validateTopicName,
} from './names';
export { MAX_IN_FLIGHT_FOR_IDEMPOTENCE } from './rules';

const SCOPES: readonly ConfigScope[] = ['producer', 'consumer', 'broker', 'topic'];

function pathOf(where: string, key: string): string {
  return where === '' ? key : `${where}.${key}`;
}

/** Levenshtein distance, two rows. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, substitution));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The known key closest to `key`, if it is close enough to be a likely typo (ties: table order). */
export function closestKey(key: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(key, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** A hint when `key` belongs to another scope: the classic mistakes are broker `log.*` keys on a topic and vice versa. */
function otherScopeHint(scope: ConfigScope, key: string): string | null {
  if (scope === 'topic') {
    for (const [topicKey, brokerKeys] of Object.entries(TOPIC_CONFIG_SYNONYMS)) {
      if ((brokerKeys as readonly string[]).includes(key) && topicKey !== key) {
        return `'${key}' is a broker setting; the topic-level key is '${topicKey}'.`;
      }
    }
  }
  if (scope === 'broker' && configDef('topic', key) !== undefined) {
    const brokerKey = TOPIC_CONFIG_SYNONYMS[key as keyof TopicConfig][0];
    return `'${key}' is a topic-level setting; its broker default is '${brokerKey}'.`;
  }
  const owner = SCOPES.find((s) => s !== scope && configDef(s, key) !== undefined);
  return owner === undefined ? null : `'${key}' is a ${owner} configuration, not a ${scope} one.`;
}

function unknownKeyMessage(scope: ConfigScope, key: string): string {
  const head = `Unknown ${scope} configuration '${key}'.`;
  const hint = otherScopeHint(scope, key);
  if (hint !== null) return `${head} ${hint}`;
  const suggestion = closestKey(key, configKeys(scope));
  return suggestion === null ? head : `${head} Did you mean '${suggestion}'?`;
}

interface Parsed {
  readonly values: Map<string, ConfigValue>;
  readonly errors: ConfigError[];
}

function parseOverrides(
  scope: ConfigScope,
  overrides: Readonly<Record<string, unknown>>,
  where: string,
): Parsed {
  const values = new Map<string, ConfigValue>();
  const errors: ConfigError[] = [];
  for (const [key, raw] of Object.entries(overrides)) {
    if (raw === undefined) continue; // an absent optional field, not a setting
    const def = configDef(scope, key);
    if (def === undefined) {
      errors.push({ path: pathOf(where, key), key, message: unknownKeyMessage(scope, key) });
      continue;
    }
    const parsed = parseConfigValue(key, def, raw);
    if (parsed.ok) values.set(key, parsed.value);
    else errors.push({ path: pathOf(where, key), key, message: parsed.message });
  }
  return { values, errors };
}

/** A default as stored in a config: enum defaults go through the same normalisation as input. */
function defaultValue(def: ConfigDef): ConfigValue {
  if (def.type === 'list') return [...def.default];
  if (def.type === 'enum') return def.normalize?.[def.default] ?? def.default;
  return def.default;
}

function withDefaults(
  scope: ConfigScope,
  explicit: ReadonlyMap<string, ConfigValue>,
): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const [key, def] of Object.entries(CONFIG_DEFS[scope] as Readonly<Record<string, ConfigDef>>)) {
    out[key] = explicit.has(key) ? (explicit.get(key) ?? null) : defaultValue(def);
  }
  return out;
}

/** Every key at its default, no rules applied (the defaults satisfy them). */
export function defaultConfig<S extends ConfigScope>(scope: S): ConfigByScope[S] {
  return withDefaults(scope, new Map()) as unknown as ConfigByScope[S];
}

function runRules<T>(
  config: T,
  explicit: ReadonlySet<string>,
  where: string,
  rules: (c: Mutable<T>, ctx: RuleContext) => void,
): ResolveResult<T> {
  const errors: ConfigError[] = [];
  const warnings: ConfigWarning[] = [];
  const ctx: RuleContext = {
    explicit,
    error: (key, message) => errors.push({ path: pathOf(where, key), key, message }),
    warn: (key, message) => warnings.push({ path: pathOf(where, key), key, message }),
  };
  const mutable = config as Mutable<T>;
  rules(mutable, ctx);
  // A resolved config is never changed, only replaced (a config change resolves a new one): frozen,
  // so checkpoints can share it (src/host/snapshot.ts) and a stray write would fail loudly.
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config: Object.freeze(mutable), warnings };
}

/**
 * Validates `overrides` for `scope` and fills in Kafka's defaults. `where` locates the map in the
 * scenario ("producers[0].config") and prefixes every error path. Topic configs resolved here
 * fall back to the default broker; use `resolveTopicConfig` to inherit a configured broker's `log.*`.
 */
export function resolveConfig<S extends ConfigScope>(
  scope: S,
  overrides: Readonly<Record<string, unknown>>,
  where = '',
): ResolveResult<ConfigByScope[S]> {
  if (scope === 'topic')
    return resolveTopicConfig(defaultConfig('broker'), overrides, where) as ResolveResult<ConfigByScope[S]>;
  const parsed = parseOverrides(scope, overrides, where);
  if (parsed.errors.length > 0) return { ok: false, errors: parsed.errors };
  const explicit = new Set(parsed.values.keys());
  const config = withDefaults(scope, parsed.values);
  switch (scope) {
    case 'producer':
      return runRules(
        config as unknown as ProducerConfig,
        explicit,
        where,
        applyProducerRules,
      ) as ResolveResult<ConfigByScope[S]>;
    case 'consumer':
      return runRules(
        config as unknown as ConsumerConfig,
        explicit,
        where,
        applyConsumerRules,
      ) as ResolveResult<ConfigByScope[S]>;
    default:
      return runRules(config as unknown as BrokerConfig, explicit, where, applyBrokerRules) as ResolveResult<
        ConfigByScope[S]
      >;
  }
}

/** A topic's effective config: validated overrides on top of `broker`'s `log.*` defaults. */
export function resolveTopicConfig(
  broker: BrokerConfig,
  overrides: Readonly<Record<string, unknown>>,
  where = '',
): ResolveResult<TopicConfig> {
  const parsed = parseOverrides('topic', overrides, where);
  if (parsed.errors.length > 0) return { ok: false, errors: parsed.errors };
  const config = topicConfigFromBroker(broker, Object.fromEntries(parsed.values) as Partial<TopicConfig>);
  return runRules(config, new Set(parsed.values.keys()), where, applyTopicRules);
}
