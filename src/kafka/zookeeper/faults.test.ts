/**
 * Randomised fault schedules (crashes, restarts, partitions, stalls, slow and lossy links) against the ensemble, then a
 * quiet phase: no acknowledged write is lost, no two leaders share an epoch, and every server
 * converges on the same tree. A failure names the seed; rerun with that seed to replay it.
 */
import { describe, expect, it } from 'vitest';
import { at, createZkWorld, server, type ZkTestCommand, type ZkTestWorld } from './testing';
import { zkEnsembleView, zkTreeView } from './index';

/** A small deterministic generator for the schedule (the world's own streams stay untouched). */
function lcg(seed: number): (bound: number) => number {
  let x = (seed * 2654435761) >>> 0 || 1;
  return (bound) => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x % bound;
  };
}

const FAULTS_UNTIL_MS = 40_000;
const END_MS = 70_000;

function chaos(seed: number, servers: number): ZkTestWorld {
  const clients = 3;
  const w = createZkWorld({
    seed,
    servers,
    clientStartIndexes: [0, 1, 2],
    sessionTimeoutMs: 6000,
    jitterMs: 5,
    autoReconnect: true,
  });
  const rand = lcg(seed);
  const names = [...Array(servers).keys()]
    .map((i) => `zk-${i + 1}`)
    .concat([...Array(clients).keys()].map((i) => `broker-${i + 1}`));
  const down = new Set<number>();
  for (let t = 2000; t < FAULTS_UNTIL_MS; t += 400 + rand(1200)) {
    let cmd: ZkTestCommand;
    const id = 1 + rand(servers);
    switch (rand(7)) {
      case 0:
        if (down.has(id)) {
          down.delete(id);
          cmd = { do: 'restartServer', server: id };
        } else {
          down.add(id);
          cmd = { do: 'crashServer', server: id, machineDown: rand(2) === 0 };
        }
        break;
      case 1:
      case 2: {
        const a = names.filter(() => rand(3) === 0);
        const b = names.filter((n) => !a.includes(n) && rand(2) === 0);
        cmd = { do: 'isolate', a, b };
        break;
      }
      case 3:
        cmd = { do: 'pause', node: names[rand(names.length)] as string, durationMs: 100 + rand(4000) };
        break;
      case 4:
        cmd = {
          do: 'degrade',
          from: names[rand(names.length)] as string,
          to: names[rand(names.length)] as string,
          extraLatencyMs: rand(300),
          lossNumerator: rand(2),
          lossDenominator: 4,
        };
        break;
      default:
        cmd = { do: 'heal' };
    }
    at(w, t, cmd);
  }
  at(w, FAULTS_UNTIL_MS, { do: 'heal' });
  for (let id = 1; id <= servers; id++) at(w, FAULTS_UNTIL_MS, { do: 'restartServer', server: id });
  // Every client writes a new persistent node every 300 ms, all along.
  for (let t = 1500, n = 0; t < END_MS - 10_000; t += 300, n++) {
    const i = n % clients;
    at(w, t, {
      do: 'submit',
      client: i,
      op: { op: 'create', path: `/w${n}`, data: `${i}`, ephemeral: false },
      tag: `w${n}`,
    });
  }
  return w;
}

function submitted(w: ZkTestWorld): number {
  return w.state.model.clients.reduce((n, c) => n + c.c.nextXid - 1, 0);
}

describe('the ensemble under random faults', () => {
  for (const servers of [3, 5]) {
    it(`${servers} servers: acknowledged writes survive, epochs have one leader, trees converge`, () => {
      const seeds = Number(process.env.ZK_FAULT_SEEDS ?? 25);
      for (let seed = 1; seed <= seeds; seed++) {
        const w = chaos(seed, servers);
        w.runUntil(END_MS);
        const where = `seed ${seed}, ${servers} servers: npx vitest run src/kafka/zookeeper/faults.test.ts`;
        const elected = w.state.events.filter((e) => e.type === 'ZkLeaderElected');
        const epochs = elected.map((e) => e.epoch as number);
        expect(new Set(epochs).size, where).toBe(epochs.length);
        const leader = zkEnsembleView(w.state.model.servers, w.nowMs).leader;
        expect(leader, where).not.toBeNull();
        const tree = zkTreeView(server(w, leader ?? 0));
        const present = new Set(tree.map((e) => e.path));
        for (let id = 1; id <= servers; id++)
          expect(zkTreeView(server(w, id)), `${where}, zk-${id}`).toEqual(tree);
        let acked = 0;
        for (const c of w.state.model.clients) {
          for (const e of c.events) {
            if (e.ev.type !== 'result' || !e.ev.result.ok) continue;
            acked++;
            expect(present.has(e.ev.op.path), `${where}: acknowledged ${e.ev.op.path} lost`).toBe(true);
          }
        }
        expect(acked, where).toBeGreaterThan(50);
        // Every request got exactly one result, whatever happened to its connection.
        for (const c of w.state.model.clients) {
          const tags = c.events.flatMap((e) => (e.ev.type === 'result' ? [e.ev.tag] : []));
          expect(new Set(tags).size, `${where}, ${c.name}: a result came twice`).toBe(tags.length);
        }
        const results = w.state.model.clients.reduce(
          (n, c) => n + c.events.filter((e) => e.ev.type === 'result').length,
          0,
        );
        expect(results, `${where}: every request answered`).toBe(submitted(w));
        // Every ephemeral node belongs to an open session.
        const db = server(w, leader ?? 0).disk.db;
        for (const e of tree)
          if (e.ephemeralOwner !== null)
            expect(Object.keys(db.sessions), where).toContain(String(e.ephemeralOwner));
      }
    });
  }
});
