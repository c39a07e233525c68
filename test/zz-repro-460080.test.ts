import { it } from 'vitest';
import { buildWorld } from '../src/scenario/build';
import { scenario } from './helpers';

const faults = [{"atMs":34069,"fault":{"do":"restartBroker","broker":3}},{"atMs":28506,"fault":{"do":"isolate","a":["broker-3"],"b":["broker-3","broker-2"],"oneWay":true}},{"atMs":18722,"fault":{"do":"restartBroker","broker":2}},{"atMs":35224,"fault":{"do":"crashBroker","broker":3}},{"atMs":23770,"fault":{"do":"isolate","a":["broker-1","zk-1"],"b":["broker-2","broker-2"],"oneWay":true}},{"atMs":22961,"fault":{"do":"pauseNode","node":"zk-1","durationMs":2086}},{"atMs":12190,"fault":{"do":"crashBroker","broker":2}}];

it('repro', () => {
  const timeline: Record<string, unknown>[] = faults.map((f) => ({ atMs: f.atMs, ...f.fault }));
  timeline.push({ atMs: 40001, do: 'heal' });
  for (const broker of [1, 2, 3]) timeline.push({ atMs: 40002, do: 'restartBroker', broker });
  const s = scenario({
    seed: 460080, durationMs: 85000,
    cluster: { brokers: 3, controller: 'zookeeper', network: { latencyMs: 2, jitterMs: 2 }, config: { 'min.insync.replicas': 2, 'unclean.leader.election.enable': false, 'replica.lag.time.max.ms': 10_000 } },
    topics: [{ name: 't', partitions: 2, replicationFactor: 3 }],
    producers: [{ id: 'p', topic: 't', ratePerSec: 20, key: 'k{seq%4}', stopMs: 40000, config: { acks: 'all', 'delivery.timeout.ms': 30_000 } }],
    timeline,
  });
  const world = buildWorld(s);
  const b2 = world.nodeByName('broker-2')!.id;
  const zk = world.nodeByName('zk-1')!.id;
  const lines: string[] = [];
  const origSend = world.send.bind(world);
  (world as any).send = (from: number, to: number, kind: string, payload: unknown, size?: number) => {
    const m = origSend(from, to, kind, payload, size);
    if ((from === b2 && to === zk) || (from === zk && to === b2))
      lines.push(`${world.nowMs} SEND ${from===b2?'b2->zk':'zk->b2'} ${kind} ${JSON.stringify(payload).slice(0, 200)} ${m ? 'deliver@' + m.deliverAtMs : 'DROPPED'}`);
    return m;
  };
  const origOnMsg = world.model.onMessage.bind(world.model);
  (world.model as any).onMessage = (w: any, node: number, msg: any) => {
    if ((msg.from === b2 && node === zk) || (msg.from === zk && node === b2)) lines.push(`${world.nowMs} RECV at ${node===b2?'b2':'zk'} ${msg.kind} ${JSON.stringify(msg.payload).slice(0, 200)}`);
    origOnMsg(w, node, msg);
    if (node === b2) { const c = (world.state.model as any).brokers['2']?.zk; if (c) lines.push(`   -> client status=${c.status} sid=${c.sessionId} gen=${c.gen}`); }
  };
  const origOnTimer = world.model.onTimer.bind(world.model);
  (world.model as any).onTimer = (w: any, node: number, name: string, data: unknown) => {
    const c0 = (world.state.model as any).brokers['2']?.zk;
    const before = c0 ? `${c0.status}/${c0.gen}` : '';
    origOnTimer(w, node, name, data);
    if (node === b2 && name.startsWith('zkc.')) { const c = (world.state.model as any).brokers['2']?.zk; lines.push(`${world.nowMs} TIMER b2 ${name} ${JSON.stringify(data)} ${before} -> ${c.status}/${c.gen} sid=${c.sessionId}`); }
  };
  let ev = 0;
  while ((world.nextEventAtMs() ?? Infinity) <= 85000) {
    world.step();
    for (; ev < world.state.events.length; ev++) {
      const e = world.state.events[ev]!;
      if (/Zk|Controller|Broker|Session|Isr/.test(e.type)) lines.push(`${e.atMs ?? world.nowMs} EVENT ${JSON.stringify(e).slice(0, 250)}`);
    }
  }
  const fs = require('node:fs');
  fs.writeFileSync('/tmp/scratch/trace.txt', lines.join('\n'));
  console.log(JSON.stringify((world.state.model as any).brokers['2'].zk, null, 0).slice(0, 1000));
}, 60000);
