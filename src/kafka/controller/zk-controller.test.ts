/**
 * ZooKeeper-mode registration and controller election when a ZooKeeper answer is lost with its
 * connection (CONNECTION_LOSS): the broker must try again, as Kafka's retryRequestUntilConnected
 * does, and recognise a znode its own session created (checkedEphemeralCreate).
 */
import { describe, expect, it } from 'vitest';
import { buildWorld } from '../../scenario/build';
import { parseScenario } from '../../scenario/parse';
import { summarize } from '../summary';
import { zkTreeView } from '../zookeeper';

function world(timeline: Record<string, unknown>[], durationMs: number) {
  const r = parseScenario({
    version: 1,
    name: 'zk-registration',
    seed: 7,
    durationMs,
    cluster: { brokers: 3, controller: 'zookeeper', network: { latencyMs: 2, jitterMs: 0 } },
    topics: [{ name: 't', partitions: 1, replicationFactor: 3 }],
    timeline,
  });
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return buildWorld(r.scenario);
}

describe('ZooKeeper registration of a broker', () => {
  it('registers again after its registration was failed with CONNECTION_LOSS (its answer lost on a one-way cut)', () => {
    // Broker 2 restarts while its old session still holds /brokers/ids/2 (NODE_EXISTS, retried).
    // From 8 s ZooKeeper's answers to it are lost: at about 19 s its client gives up the
    // connection and fails the create in flight with CONNECTION_LOSS. The link heals at 20.5 s, the
    // client resumes its session, and the old session expires at about 23.5 s: only a new
    // attempt after the CONNECTION_LOSS can register the broker.
    const w = world(
      [
        { atMs: 5_000, do: 'crashBroker', broker: 2 },
        { atMs: 6_000, do: 'restartBroker', broker: 2 },
        { atMs: 8_000, do: 'isolate', a: ['zk-1'], b: ['broker-2'], oneWay: true },
        { atMs: 20_500, do: 'heal' },
      ],
      60_000,
    );
    w.runUntil(60_000);
    const lost = w.state.events.filter((e) => e.type === 'BrokerZkDisconnected' && e.broker === 2);
    expect(lost.length).toBeGreaterThan(0);
    // The same session throughout: nothing but the lost answer makes it register again.
    expect(w.state.events.some((e) => e.type === 'BrokerZkSessionExpired' && e.broker === 2)).toBe(false);
    const registered = w.state.events.filter((e) => e.type === 'BrokerRegistered' && e.broker === 2);
    expect(registered.at(-1)?.atMs).toBeGreaterThan(20_500);
    const zk = Object.values(w.state.model.zkServers)[0];
    expect(zk === undefined ? [] : zkTreeView(zk).map((n) => n.path)).toContain('/brokers/ids/2');
    const part = summarize(w).topics.t?.partitions['0'];
    expect([...(part?.isr ?? [])].sort()).toEqual([1, 2, 3]);
  });

  it('a broker whose /controller create went through but whose answer was lost becomes the controller once back', () => {
    const w = world([{ atMs: 5_000, do: 'crashBroker', broker: 1 }], 90_000);
    const zk = Object.values(w.state.model.zkServers)[0];
    if (zk === undefined) throw new Error('no ZooKeeper server');
    const controllerOwner = (): number | undefined => zk.disk.db.nodes['/controller']?.ephemeralOwner;
    // Broker 1's session expires (about 18.5 s) and /controller goes; brokers 2 and 3 race to
    // create it. Right when one of them has, ZooKeeper's answers to both are lost: 12 s later
    // their clients give up the connection (CONNECTION_LOSS for the creates), and the link heals
    // just after, so both resume their sessions.
    w.runUntil(10_000);
    const first = controllerOwner();
    while (controllerOwner() === first || controllerOwner() === undefined) {
      if (!w.step()) throw new Error('no new /controller');
    }
    const cutAtMs = w.nowMs;
    const node = (name: string): number => w.nodeByName(name)?.id ?? -1;
    w.isolate([node('zk-1')], [node('broker-2'), node('broker-3')], true);
    w.runUntil(cutAtMs + 12_500);
    expect(w.state.events.filter((e) => e.type === 'BrokerZkDisconnected').map((e) => e.broker).sort()).toEqual([2, 3]);
    expect(w.state.events.some((e) => e.type === 'ControllerElected' && e.atMs > cutAtMs)).toBe(false);
    w.healNetwork();
    w.runUntil(90_000);
    expect(w.state.events.some((e) => e.type === 'BrokerZkSessionExpired')).toBe(false);
    const sessions = w.state.model.brokers;
    const winner = [2, 3].find((id) => sessions[String(id)]?.zk?.sessionId === controllerOwner());
    expect(winner).toBeDefined();
    const elected = w.state.events.filter((e) => e.type === 'ControllerElected' && e.atMs > cutAtMs);
    expect(elected.map((e) => e.broker)).toEqual([winner]);
    expect(sessions[String(winner)]?.controller?.ready).toBe(true);
  });
});
