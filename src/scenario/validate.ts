/**
 * Checks that need more than the schema: cross-references (a command naming a broker that does not
 * exist), Kafka's own rules (topic names, replication factor against the broker count, config
 * keys and values) and impossible combinations. Each problem names its path.
 */
import { resolveConfig } from '../kafka/config/resolve';
import { schemaProblemsOf } from '../kafka/schema-registry/clients';
import type { ScenarioProblem } from './errors';
import { brokerList, scenarioNodeNames } from './nodes';
import type { ConfigOverrides, Scenario } from './schema';

/** Kafka's topic name rule (Topic.validate): legal characters, length, not "." or "..". */
export function topicNameProblem(name: string): string | null {
  if (name.length === 0) return 'INVALID_TOPIC_EXCEPTION: Topic name is illegal, it can\'t be empty';
  if (name === '.' || name === '..') return 'INVALID_TOPIC_EXCEPTION: Topic name cannot be "." or ".."';
  if (name.length > 249) return `INVALID_TOPIC_EXCEPTION: Topic name is illegal, it can't be longer than 249 characters, topic name: ${name.slice(0, 40)}…`;
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) {
    return `INVALID_TOPIC_EXCEPTION: Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`;
  }
  return null;
}

/** Kafka's config rules (unknown keys, types, ranges, conflicting settings) for one override map. */
function configChecker(scope: 'broker' | 'topic' | 'producer' | 'consumer', overrides: ConfigOverrides, where: string): ScenarioProblem[] {
  const r = resolveConfig(scope, overrides, where);
  return r.ok ? [] : r.errors.map((e) => ({ path: e.path, message: e.message }));
}

export function validateScenario(s: Scenario): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const add = (path: string, message: string): void => {
    problems.push({ path, message });
  };

  const brokers = brokerList(s);
  const brokerIds = new Set<number>();
  brokers.forEach((b, i) => {
    if (brokerIds.has(b.id)) add(`cluster.brokers[${i}]`, `broker id ${b.id} appears twice`);
    brokerIds.add(b.id);
  });
  const racks = brokers.filter((b) => b.rack !== null).length;
  if (racks > 0 && racks < brokers.length) {
    add('cluster.brokers', 'either every broker has a rack or none has (Kafka refuses a partial rack map)');
  }
  problems.push(...configChecker('broker', s.cluster.config, 'cluster.config'));

  const topicNames = new Set<string>();
  s.topics.forEach((t, i) => {
    const where = `topics[${i}]`;
    const nameProblem = topicNameProblem(t.name);
    if (nameProblem !== null) add(`${where}.name`, nameProblem);
    if (topicNames.has(t.name)) add(`${where}.name`, `TOPIC_ALREADY_EXISTS: Topic '${t.name}' already exists.`);
    topicNames.add(t.name);
    if (t.replicationFactor > brokers.length) {
      add(
        `${where}.replicationFactor`,
        `INVALID_REPLICATION_FACTOR: Replication factor: ${t.replicationFactor} larger than available brokers: ${brokers.length}.`,
      );
    }
    if (t.replicaAssignment !== undefined) {
      if (t.replicaAssignment.length !== t.partitions) {
        add(`${where}.replicaAssignment`, `gives ${t.replicaAssignment.length} partitions but the topic has ${t.partitions}`);
      }
      t.replicaAssignment.forEach((replicas, p) => {
        const at = `${where}.replicaAssignment[${p}]`;
        if (replicas.length !== t.replicationFactor) {
          add(at, `INVALID_REPLICA_ASSIGNMENT: ${replicas.length} replicas but the replication factor is ${t.replicationFactor}`);
        }
        if (new Set(replicas).size !== replicas.length) add(at, 'INVALID_REPLICA_ASSIGNMENT: a broker appears twice in one partition');
        for (const id of replicas) if (!brokerIds.has(id)) add(at, `INVALID_REPLICA_ASSIGNMENT: no broker ${id} in the cluster`);
      });
    }
    problems.push(...configChecker('topic', t.config, `${where}.config`));
  });

  const producerIds = new Set<string>();
  s.producers.forEach((p, i) => {
    const where = `producers[${i}]`;
    if (producerIds.has(p.id)) add(`${where}.id`, `producer id "${p.id}" appears twice`);
    producerIds.add(p.id);
    const nameProblem = topicNameProblem(p.topic);
    if (nameProblem !== null) add(`${where}.topic`, nameProblem);
    if (p.stopMs !== undefined && p.stopMs < p.startMs) add(`${where}.stopMs`, 'stops before it starts');
    problems.push(...configChecker('producer', p.config, `${where}.config`));
  });

  const groupIds = new Set<string>();
  s.consumerGroups.forEach((g, i) => {
    const where = `consumerGroups[${i}]`;
    if (groupIds.has(g.groupId)) add(`${where}.groupId`, `group "${g.groupId}" appears twice`);
    groupIds.add(g.groupId);
    if (g.topicPattern !== undefined) {
      try {
        new RegExp(g.topicPattern);
        const slow = slowPatternReason(g.topicPattern);
        if (slow !== null) add(`${where}.topicPattern`, slow);
      } catch {
        add(`${where}.topicPattern`, `not a valid regular expression: ${g.topicPattern}`);
      }
    }
    // The group's id is the consumer's group.id, as the model resolves it (consumerConfigFor).
    problems.push(...configChecker('consumer', { 'group.id': g.groupId, ...g.config }, `${where}.config`));
  });

  const nodes = scenarioNodeNames(s);
  const needNode = (path: string, name: string): void => {
    if (!nodes.has(name)) add(path, `no node named "${name}" (known: ${[...nodes].slice(0, 12).join(', ')}${nodes.size > 12 ? ', …' : ''})`);
  };
  s.timeline.forEach((c, i) => {
    const where = `timeline[${i}]`;
    switch (c.do) {
      case 'crashBroker':
      case 'powerFailBroker':
      case 'restartBroker':
      case 'shutdownBroker':
        if (!brokerIds.has(c.broker)) add(`${where}.broker`, `no broker ${c.broker} in the cluster (brokers: ${[...brokerIds].join(', ')})`);
        break;
      case 'crashNode':
      case 'restartNode':
      case 'pauseNode':
        needNode(`${where}.node`, c.node);
        break;
      case 'isolate':
        c.a.forEach((n, j) => needNode(`${where}.a[${j}]`, n));
        c.b.forEach((n, j) => needNode(`${where}.b[${j}]`, n));
        break;
      case 'slowLink':
      case 'dropLink':
        needNode(`${where}.from`, c.from);
        needNode(`${where}.to`, c.to);
        if (c.do === 'dropLink' && typeof c.loss === 'string') {
          const [num, den] = c.loss.split('/').map(Number);
          if (!(den !== undefined && num !== undefined && den > 0 && num <= den)) add(`${where}.loss`, 'a ratio n/d needs 0 ≤ n ≤ d and d > 0');
        }
        break;
      case 'stopConsumer':
      case 'crashConsumer':
      case 'pauseConsumer':
      case 'slowConsumer':
        needNode(`${where}.consumer`, c.consumer);
        break;
      case 'addConsumer':
      case 'resetOffsets':
        if (!groupIds.has(c.groupId)) add(`${where}.groupId`, `no consumer group "${c.groupId}" in the scenario`);
        break;
      case 'setProducerConfig':
        if (!producerIds.has(c.producer)) add(`${where}.producer`, `no producer "${c.producer}"`);
        problems.push(...configChecker('producer', c.config, `${where}.config`));
        break;
      case 'stopProducer':
      case 'startProducer':
      case 'setProducerSchema':
        if (!producerIds.has(c.producer)) add(`${where}.producer`, `no producer "${c.producer}"`);
        break;
      case 'alterTopicConfig':
        problems.push(...configChecker('topic', c.config, `${where}.config`));
        break;
      case 'createTopic': {
        const nameProblem = topicNameProblem(c.topic.name);
        if (nameProblem !== null) add(`${where}.topic.name`, nameProblem);
        problems.push(...configChecker('topic', c.topic.config, `${where}.topic.config`));
        break;
      }
      case 'heal':
      case 'electPreferredLeaders':
      case 'console':
      case 'registerSchema':
      case 'setCompatibility':
        break;
    }
  });
  // Schemas, serializers and the registry's answers, replayed in time order (schema-registry/clients.ts).
  problems.push(...schemaProblemsOf(s));
  s.steps.forEach((st, i) => {
    if (st.atMs > s.durationMs) add(`steps[${i}].atMs`, `after the end of the run (durationMs ${s.durationMs})`);
  });
  s.expect.forEach((e, i) => {
    if (e.atMs > s.durationMs) add(`expect[${i}].atMs`, `after the end of the run (durationMs ${s.durationMs})`);
  });
  return problems;
}

/**
 * A pattern that can take exponential time to match (a repeated group that itself repeats or
 * alternates, such as `(a+)+` or `(a|aa)*`, or a back-reference) could freeze the tab: a scenario
 * from a link or a file must not. Topic patterns never need those.
 */
export function slowPatternReason(pattern: string): string | null {
  if (/\\[1-9]|\\k</.test(pattern)) return 'back-references are not allowed in a topic pattern';
  // Strip escapes and character classes, then look for a quantified group with a quantifier or | inside.
  const plain = pattern.replace(/\\./g, 'x').replace(/\[[^\]]*\]/g, 'x');
  const stack: { inner: boolean }[] = [];
  for (let i = 0; i < plain.length; i++) {
    const ch = plain[i];
    if (ch === '(') stack.push({ inner: false });
    else if (ch === ')') {
      const group = stack.pop();
      const next = plain[i + 1];
      const quantified = next === '*' || next === '+' || next === '{';
      if (group?.inner === true && quantified) return 'this pattern repeats a group that itself repeats or alternates, which can take exponential time to match: write it without nesting, e.g. "orders-.*"';
      if (group?.inner === true && stack.length > 0) (stack[stack.length - 1] as { inner: boolean }).inner = true;
    } else if ((ch === '*' || ch === '+' || ch === '{' || ch === '|') && stack.length > 0) {
      (stack[stack.length - 1] as { inner: boolean }).inner = true;
    }
  }
  return null;
}
