/**
 * kafka-configs.sh (ConfigCommand, Kafka 3.x) for topics: --alter --add-config k=v[,k=v] and
 * --delete-config k[,k] through the model's `alterTopicConfig`, and --describe (the topic's
 * dynamic configs). Broker, user and client entities are not modelled.
 */
import { getOwn } from '../dict';
import { clusterTopics } from '../controller/controller';
import { alterTopicConfig } from '../commands';
import type { ConfigValue } from '../protocol/messages';
import type { ToolContext } from './context';
import { parseToolArgs } from './context';
import { has, helpLines, valueOf, valuesOf, type OptionSpec } from './options';

const SPECS: readonly OptionSpec[] = [
  { name: 'bootstrap-server', arg: 'required', argName: 'String: server to connect to', description: 'The Kafka server to connect to.' },
  { name: 'zookeeper', arg: 'required', argName: 'String: urls', description: 'Before Kafka 3.0: the ZooKeeper connection string (accepted here like --bootstrap-server).' },
  { name: 'command-config', arg: 'required', argName: 'String: command config property file', description: 'Property file for the Admin Client (ignored here).' },
  { name: 'alter', arg: 'none', description: 'Alter the configuration for the entity.' },
  { name: 'describe', arg: 'none', description: 'List configs for the given entity.' },
  { name: 'entity-type', arg: 'required', argName: 'String', description: 'Type of entity (topics/clients/users/brokers/broker-loggers/ips).' },
  { name: 'entity-name', arg: 'required', argName: 'String', description: 'Name of entity (topic name/client id/user principal name/broker id/ip).' },
  { name: 'topic', arg: 'required', argName: 'String', description: "The topic's name (same as --entity-type topics --entity-name <topic>)." },
  { name: 'add-config', arg: 'required', argName: 'String', description: "Key Value pairs of configs to add, 'k1=v1,k2=[v1,v2,v2],k3=v3'." },
  { name: 'delete-config', arg: 'required', argName: 'String', description: 'config keys to remove \'k1,k2\'.' },
  { name: 'all', arg: 'none', description: 'List all configs for the given topic (only the dynamic ones are shown here).' },
  { name: 'help', arg: 'none', description: 'Print usage information.' },
  { name: 'version', arg: 'none', description: 'Display Kafka version.' },
];

/** 'k1=v1,k2=[v1,v2],k3=v3' → pairs; brackets group a list value. */
function parseAddConfig(text: string): Record<string, ConfigValue> | null {
  const out: Record<string, ConfigValue> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) return null;
    const key = text.slice(i, eq).trim();
    let value: ConfigValue;
    if (text[eq + 1] === '[') {
      const close = text.indexOf(']', eq);
      if (close < 0) return null;
      value = text.slice(eq + 2, close).split(',');
      i = close + 2;
    } else {
      const comma = text.indexOf(',', eq);
      value = text.slice(eq + 1, comma < 0 ? text.length : comma);
      i = comma < 0 ? text.length : comma + 1;
    }
    if (key === '') return null;
    out[key] = value;
  }
  return out;
}

export function kafkaConfigs(ctx: ToolContext, args: readonly string[]): void {
  const o = parseToolArgs(ctx, SPECS, args, 'message');
  if (o === null) return;
  if (has(o, 'help') || args.length === 0) {
    ctx.out('This tool helps to manipulate and describe entity config for a topic, client, user, broker or ip');
    for (const l of helpLines(SPECS)) ctx.out(l);
    return;
  }
  if (has(o, 'version')) {
    ctx.out('3.7.0 (Kafkascope)');
    return;
  }
  const actions = ['alter', 'describe'].filter((a) => has(o, a));
  if (actions.length !== 1) {
    ctx.err('Command must include exactly one action: --describe, --alter');
    return;
  }
  if (!has(o, 'bootstrap-server') && !has(o, 'zookeeper')) {
    ctx.err('One of the required --bootstrap-server or --zookeeper arguments must be specified');
    return;
  }
  const type = has(o, 'topic') ? 'topics' : valueOf(o, 'entity-type');
  const name = valueOf(o, 'topic') ?? valueOf(o, 'entity-name');
  if (type === undefined) {
    ctx.err('At least one entity type must be specified');
    return;
  }
  if (type !== 'topics' && type !== 'topic') {
    ctx.err(`Error: entity type '${type}' is not modelled in Kafkascope; use --entity-type topics.`);
    return;
  }
  const topics = clusterTopics(ctx.world);
  if (actions[0] === 'describe') {
    const names = name === undefined ? Object.keys(topics).sort() : [name];
    for (const n of names) {
      const t = getOwn(topics, n);
      if (t === undefined) {
        ctx.err(`Error while executing config command with args '${args.join(' ')}'`);
        ctx.err(`java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: The topic '${n}' does not exist.`);
        return;
      }
      ctx.out(`Dynamic configs for topic ${n} are:`);
      for (const k of Object.keys(t.configOverrides).sort()) {
        const v = String(t.configOverrides[k]);
        ctx.out(`  ${k}=${v} sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:${k}=${v}}`);
      }
    }
    return;
  }
  if (name === undefined) {
    ctx.err('an entity name must be specified with --alter of topics');
    return;
  }
  const add: Record<string, ConfigValue> = {};
  for (const text of valuesOf(o, 'add-config')) {
    const parsed = parseAddConfig(text);
    if (parsed === null) {
      ctx.err(`Invalid entity config: all configs to be added must be in the format "key=val".`);
      return;
    }
    Object.assign(add, parsed);
  }
  const remove = valuesOf(o, 'delete-config').flatMap((t) => t.split(',').map((k) => k.trim()).filter((k) => k !== ''));
  if (Object.keys(add).length === 0 && remove.length === 0) {
    ctx.err('At least one of --add-config or --delete-config must be specified with --alter');
    return;
  }
  const t = getOwn(topics, name);
  if (t === undefined) {
    ctx.err(`Error while executing config command with args '${args.join(' ')}'`);
    ctx.err(`java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: The topic '${name}' does not exist.`);
    return;
  }
  const missing = remove.filter((k) => t.configOverrides[k] === undefined);
  if (missing.length > 0) {
    ctx.err(`Error while executing config command with args '${args.join(' ')}'`);
    ctx.err(`org.apache.kafka.common.errors.InvalidConfigurationException: Invalid config(s): ${missing.join(',')}`);
    return;
  }
  const refused = alterTopicConfig(ctx.world, name, add, remove);
  if (refused !== null) {
    ctx.err(`Error while executing config command with args '${args.join(' ')}'`);
    ctx.err(`java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidConfigurationException: ${refused.replace(/^INVALID_CONFIG: /, '')}`);
    return;
  }
  ctx.out(`Completed updating config for topic ${name}.`);
}
