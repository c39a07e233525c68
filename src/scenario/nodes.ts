/** The names of a scenario's nodes: the words commands and the network use to point at them. */
import type { Scenario } from './schema';

export interface BrokerSpecResolved {
  id: number;
  rack: string | null;
}

export function brokerList(s: Pick<Scenario, 'cluster'>): BrokerSpecResolved[] {
  const b = s.cluster.brokers;
  if (typeof b === 'number') return Array.from({ length: b }, (_, i) => ({ id: i + 1, rack: null }));
  return b.map((x) => (typeof x === 'number' ? { id: x, rack: null } : { id: x.id, rack: x.rack ?? null }));
}

export const brokerNodeName = (id: number): string => `broker-${id}`;
export const zookeeperNodeName = (i: number): string => `zk-${i}`;
export const controllerNodeName = (i: number): string => `controller-${i}`;
export const producerNodeName = (id: string): string => `producer-${id}`;
/** Like the Java client's default client.id, `consumer-<groupId>-<n>`, n counted per group from 1. */
export const consumerNodeName = (groupId: string, n: number): string => `consumer-${groupId}-${n}`;

/** Every node name the scenario starts with, plus consumers its timeline adds. */
export function scenarioNodeNames(s: Scenario): Set<string> {
  const names = new Set<string>();
  for (const b of brokerList(s)) names.add(brokerNodeName(b.id));
  if (s.cluster.controller === 'zookeeper') {
    for (let i = 1; i <= s.cluster.zookeeperServers; i++) names.add(zookeeperNodeName(i));
  } else {
    for (let i = 1; i <= s.cluster.kraftControllers; i++) names.add(controllerNodeName(i));
  }
  for (const p of s.producers) names.add(producerNodeName(p.id));
  const members = new Map<string, number>();
  for (const g of s.consumerGroups) members.set(g.groupId, (members.get(g.groupId) ?? 0) + g.members);
  for (const c of s.timeline) if (c.do === 'addConsumer') members.set(c.groupId, (members.get(c.groupId) ?? 0) + 1);
  for (const [groupId, n] of members) for (let i = 1; i <= n; i++) names.add(consumerNodeName(groupId, i));
  return names;
}
