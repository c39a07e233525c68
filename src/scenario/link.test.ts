import fc from 'fast-check';
import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { decodeLink, decompressBounded, encodeLink, MAX_FRAGMENT_CHARS, MAX_LINK_JSON_CHARS, type LinkDoc } from './link';
import { builtinScenarios } from './builtin';
import { parseScenario } from './parse';
import { runScenario } from './run';
import { buildWorld } from './build';
import { exportSession } from './session-file';
import type { TimedCommand } from './schema';

const scenario = {
  version: 1,
  name: 'linked',
  seed: 5,
  durationMs: 3000,
  cluster: { brokers: 3, network: { latencyMs: 1, jitterMs: 1 } },
  topics: [{ name: 'orders', partitions: 2, replicationFactor: 3 }],
  producers: [{ id: 'p1', topic: 'orders', ratePerSec: 40, config: { acks: 'all' } }],
  consumerGroups: [{ groupId: 'g', topics: ['orders'], members: 1 }],
  timeline: [{ atMs: 800, do: 'crashBroker', broker: 3 }],
  steps: [
    { atMs: 0, en: 'Start', fr: 'Début' },
    { atMs: 1000, en: 'Then', fr: 'Ensuite' },
  ],
};

const commands: TimedCommand[] = [
  { atMs: 800, do: 'crashBroker', broker: 1 },
  { atMs: 1200, do: 'dropLink', from: 'broker-2', to: 'producer-p1', loss: '1/4', bothWays: true },
  { atMs: 1500, do: 'restartBroker', broker: 1 },
];

const doc: LinkDoc = { v: 1, scenario, commands, atMs: 1700, step: 1, lang: 'fr' };

function lzLink(json: string): string {
  return `#s=${LZString.compressToEncodedURIComponent(json)}`;
}

/**
 * An lz-string payload, written code by code, that stands for "a" repeated 1 + 2 + … + (codes + 1)
 * times: each code names the entry made by the one before, one character longer. The output grows
 * with the square of the input.
 */
function lzwBomb(codes: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
  let out = '';
  let val = 0;
  let filled = 0;
  const write = (value: number, n: number): void => {
    for (let k = 0; k < n; k++) {
      val = (val << 1) | (Math.floor(value / 2 ** k) % 2);
      if (++filled === 6) {
        out += alphabet[val];
        val = 0;
        filled = 0;
      }
    }
  };
  write(0, 2); // a literal of 8 bits
  write('a'.charCodeAt(0), 8);
  let dictSize = 4;
  let numBits = 3;
  let enlargeIn = 4;
  for (let i = 0; i < codes; i++) {
    write(dictSize, numBits); // the entry not made yet: the previous one plus its first character
    dictSize++;
    if (--enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  }
  write(2, numBits); // the end
  if (filled > 0) write(0, 6 - filled);
  return out;
}

function refused(fragment: string): string {
  const r = decodeLink(fragment);
  if (r.ok) throw new Error('expected a refusal');
  return r.message;
}

describe('share links', () => {
  it('round trip: a scenario with commands → link → the same doc, the validated scenario and commands', () => {
    const link = encodeLink(doc);
    expect(link).toMatch(/^#s=[A-Za-z0-9+\-$]+$/);
    const r = decodeLink(link);
    if (!r.ok) throw new Error(r.message);
    expect(r.doc).toStrictEqual(doc);
    expect(r.scenario.name).toBe('linked');
    expect(r.commands).toEqual(commands);
    expect(r.seed).toBe(5);
    // Without the '#', and with other parameters around it.
    expect(decodeLink(link.slice(1)).ok).toBe(true);
    expect(decodeLink(`#lang=fr&${link.slice(1)}&x=1`).ok).toBe(true);
  });

  it('a link to a built-in scenario holds its id only, and carries a seed of its own', () => {
    const d: LinkDoc = { v: 1, lesson: 'hello', commands: [{ atMs: 100, do: 'crashBroker', broker: 1 }], atMs: 200, seed: 9 };
    const link = encodeLink(d);
    expect(link.length).toBeLessThan(150);
    const r = decodeLink(link);
    if (!r.ok) throw new Error(r.message);
    expect(r.doc).toStrictEqual(d);
    expect(r.scenario.name).toBe('hello');
    expect(r.seed).toBe(9);
  });

  it('looks lessons up where it is told', () => {
    const lessons = (id: string): unknown => (id === 'mine' ? scenario : undefined);
    const r = decodeLink(encodeLink({ v: 1, lesson: 'mine', commands, atMs: 0 }), lessons);
    expect(r.ok).toBe(true);
    expect(decodeLink(encodeLink({ v: 1, lesson: 'hello', commands: [], atMs: 0 }), lessons).ok).toBe(false);
  });

  it('the session from a link replays like the session exported to a file', () => {
    const r = decodeLink(encodeLink({ ...doc, seed: 11 }));
    if (!r.ok) throw new Error(r.message);
    // As the app would: build the world, then add each command the person made.
    const world = buildWorld(r.scenario, r.seed);
    for (const { atMs, ...command } of r.commands) world.addCommand(atMs, command, 'user');
    world.runUntil(r.scenario.durationMs);
    const file = parseScenario(JSON.parse(exportSession({ scenario: r.doc.scenario, commands: r.doc.commands, seed: r.seed })));
    if (!file.ok) throw new Error(JSON.stringify(file.problems));
    expect(runScenario(file.scenario).summary.traceHash).toBe(world.traceHash);
  });

  it('says a newer Kafkascope made a link of an unknown version', () => {
    expect(refused(lzLink(JSON.stringify({ ...doc, v: 2 })))).toBe(
      'This link was made by a newer Kafkascope (format v2); this one reads links of format v1. Open it with an up-to-date Kafkascope. Your current session was kept.',
    );
    expect(refused(lzLink('{"v":"1"}'))).toContain('unknown format version "1"');
    expect(refused(lzLink('{"commands":[]}'))).toContain('no format version');
  });

  it('names an unknown lesson', () => {
    expect(refused(encodeLink({ v: 1, lesson: 'not-a-lesson', commands: [], atMs: 0 }))).toBe(
      'This link cannot be opened: it opens the lesson "not-a-lesson", which this Kafkascope does not have (it may come from another version). Your current session was kept.',
    );
    // Names of Object.prototype's members are not lessons.
    for (const id of ['constructor', 'toString', 'hasOwnProperty']) {
      expect(refused(encodeLink({ v: 1, lesson: id, commands: [], atMs: 0 }))).toContain(`"${id}", which this Kafkascope does not have`);
    }
  });

  it('says what is wrong in the scenario, with its path inside the link', () => {
    const bad = { ...scenario, topics: [{ name: 'orders', partitions: 2, replicationFactor: 4 }] };
    expect(refused(encodeLink({ ...doc, scenario: bad }))).toBe(
      'This link cannot be opened: its scenario is not valid: scenario.topics[0].replicationFactor: INVALID_REPLICATION_FACTOR: Replication factor: 4 larger than available brokers: 3. Your current session was kept.',
    );
    expect(refused(encodeLink({ ...doc, scenario: [1] }))).toContain('its scenario is not valid: scenario: a scenario is a JSON object');
  });

  it('checks the commands: their shape, their order, their times, what they name', () => {
    const withCommands = (cs: unknown[]): string => encodeLink({ ...doc, commands: cs as TimedCommand[] });
    expect(refused(withCommands([{ atMs: 10, do: 'launchMissiles' }]))).toContain('commands[0].do');
    expect(refused(withCommands([{ atMs: 10, do: 'crashBroker', broker: 'two' }]))).toContain('commands[0].broker');
    expect(refused(withCommands([{ atMs: 500, do: 'heal' }, { atMs: 400, do: 'heal' }]))).toContain(
      'commands[1].atMs: 400 ms comes before the previous command (500 ms); commands are listed in time order',
    );
    expect(refused(withCommands([{ atMs: 3001, do: 'heal' }]))).toContain('commands[0].atMs: after the end of the run (durationMs 3000)');
    expect(refused(withCommands([{ atMs: 10, do: 'crashBroker', broker: 7 }]))).toContain('commands[0].broker: no broker 7 in the cluster (brokers: 1, 2, 3)');
    expect(refused(withCommands([{ atMs: 10, do: 'stopProducer', producer: 'nobody' }]))).toContain('commands[0].producer: no producer "nobody"');
  });

  it('checks the time, the step and the rest of the document', () => {
    expect(refused(encodeLink({ ...doc, atMs: 3001 }))).toContain('atMs: 3001 ms is after the end of the run (durationMs 3000)');
    expect(refused(encodeLink({ ...doc, step: 2 }))).toContain('step: step 3 does not exist; the scenario has 2 steps');
    expect(refused(encodeLink({ ...doc, lang: 'de' as 'en' }))).toContain('lang');
    expect(refused(lzLink(JSON.stringify({ ...doc, extra: 1 })))).toContain('extra');
    expect(refused(encodeLink({ ...doc, lesson: 'hello' }))).toContain('it must name a lesson or hold a scenario, not both and not neither');
    const { scenario: _s, ...neither } = doc;
    expect(refused(encodeLink(neither as LinkDoc))).toContain('not both and not neither');
  });

  it('refuses prototype-polluting keys anywhere, and pollutes nothing', () => {
    for (const json of [
      '{"__proto__":{"polluted":1},"v":1,"lesson":"hello","commands":[],"atMs":0}',
      `{"v":1,"scenario":${JSON.stringify({ ...scenario, cluster: { brokers: 3, config: { a: { constructor: { prototype: { polluted: 1 } } } } } })},"commands":[],"atMs":0}`,
      '{"v":1,"lesson":"hello","commands":[{"atMs":1,"do":"heal","prototype":1}],"atMs":0}',
    ]) {
      expect(refused(lzLink(json))).toMatch(/it holds data Kafkascope refuses: .*the key "(__proto__|constructor|prototype)" is not allowed/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses what is not a link, is too long, unpacks too large, or is cut', () => {
    expect(refused('')).toContain('holds no Kafkascope session');
    expect(refused('#x=1')).toContain('holds no Kafkascope session');
    expect(refused('#s=')).toContain('empty');
    expect(refused('#s=abc<script>')).toContain('characters a Kafkascope link never has');
    expect(refused(`#s=${'A'.repeat(MAX_FRAGMENT_CHARS)}`)).toContain(`a Kafkascope link holds at most ${MAX_FRAGMENT_CHARS}`);
    const link = encodeLink(doc);
    expect(refused(link.slice(0, link.length - 10))).toMatch(/damaged/);
    expect(refused(lzLink('not json'))).toContain('damaged');
    expect(refused(lzLink('[1,2]'))).toContain('does not hold a Kafkascope session');
  });

  it('stops unpacking a link as soon as it passes the size cap: a 150,000-character link that stands for a billion characters', () => {
    const packed = lzwBomb(55_000);
    expect(packed.length).toBeLessThan(MAX_FRAGMENT_CHARS);
    // 1 + 2 + … + 101 characters, as lz-string itself reads it.
    expect(LZString.decompressFromEncodedURIComponent(lzwBomb(100))).toBe('a'.repeat(5151));
    expect(decompressBounded(lzwBomb(100), 1_000_000)).toBe('a'.repeat(5151));
    expect(refused(`#s=${packed}`)).toContain(`it unpacks to more than ${MAX_LINK_JSON_CHARS} characters`);
    expect(decompressBounded(LZString.compressToEncodedURIComponent('b'.repeat(50_000)), 49_999)).toBe('too-large');
    expect(decompressBounded(LZString.compressToEncodedURIComponent('b'.repeat(50_000)), 50_000)).toBe('b'.repeat(50_000));
  });

  it('the bounded decompressor gives what lz-string gives, on packed text and on random payloads', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const packed = LZString.compressToEncodedURIComponent(text);
        expect(decompressBounded(packed, 10_000)).toBe(text);
      }),
      { numRuns: 500, seed: 41 },
    );
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$'.split('');
    let agreed = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 120 }), (chars) => {
        const payload = chars.join('');
        const ours = decompressBounded(payload, 1_000_000);
        if (typeof ours === 'string' && ours !== 'too-large' && ours !== 'alphabet') {
          expect(LZString.decompressFromEncodedURIComponent(payload)).toBe(ours);
          agreed++;
        }
      }),
      { numRuns: 2000, seed: 43 },
    );
    expect(agreed).toBeGreaterThan(100);
  });

  it('the built-in scenario used in links is there', () => {
    expect(Object.hasOwn(builtinScenarios, 'hello')).toBe(true);
  });
});
