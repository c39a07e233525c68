/** The headless runner as a person uses it: a file in, a JSON summary out, clear errors. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../src/scenario/lessons';

const root = new URL('..', import.meta.url).pathname;
const tsx = join(root, 'node_modules/.bin/tsx');
const sim = (...args: string[]) => spawnSync(tsx, [join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' });

describe('npm run sim', () => {
  it('runs a scenario and prints its summary, events and a partition dump', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafkascope-'));
    const events = join(dir, 'events.jsonl');
    const r = sim('scenarios/hello.json', '--until-ms', '5000', '--events', events, '--dump', 'orders-1');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown> & { dump: { replicas: Record<string, { records: unknown[] }> } };
    expect(out.seed).toBe(42);
    expect(out.nowMs).toBe(5000);
    expect(typeof out.traceHash).toBe('string');
    const lines = readFileSync(events, 'utf8').trim().split('\n');
    expect(lines.length).toBe(out.events);
    expect(lines.map((l) => (JSON.parse(l) as { type: string }).type)).toContain('TopicCreated');
    expect(Object.keys(out.dump.replicas).sort()).toEqual(['1', '2', '3']);
    expect(out.dump.replicas['3']?.records.length).toBeGreaterThan(10);
  });

  it('the same seed twice prints the same trace hash; --seed changes it', () => {
    const hash = (...a: string[]) => (JSON.parse(execFileSync(tsx, [join(root, 'src/cli/main.ts'), 'scenarios/hello.json', '--until-ms', '3000', ...a], { cwd: root, encoding: 'utf8' })) as { traceHash: string }).traceHash;
    expect(hash()).toBe(hash());
    expect(hash('--seed', '7')).not.toBe(hash());
  });

  it('a bad scenario exits with 2 and names the field and the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafkascope-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ version: 1, name: 'x', seed: 1, cluster: { brokers: 2 }, topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }] }));
    const r = sim(file);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('topics[0].replicationFactor: INVALID_REPLICATION_FACTOR: Replication factor: 3 larger than available brokers: 2.');
  });

  it('a failed expectation exits with 1 and says what it saw', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafkascope-'));
    const file = join(dir, 'expect.json');
    writeFileSync(file, JSON.stringify({ version: 1, name: 'x', seed: 1, durationMs: 1000, cluster: { brokers: 1 }, expect: [{ atMs: 500, name: 'wrong on purpose', path: 'brokers.1.status', equals: 'crashed' }] }));
    const r = sim(file);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('wrong on purpose: brokers.1.status is "running", wanted = "crashed"');
  });

  it('unknown options and missing files are usage errors', () => {
    expect(sim('scenarios/hello.json', '--frobnicate').status).toBe(2);
    expect(sim('no/such/file.json').stderr).toMatch(/cannot read no\/such\/file.json/);
  });
});

describe('npm run sim and the lesson library', () => {
  it('--list-lessons prints one line per lesson: id, chapter, English title', () => {
    const r = sim('--list-lessons');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(LESSONS.length);
    expect(lines).toContain('batches\tmessages\tBatches: fewer, fuller requests');
    expect(lines.map((l) => l.split('\t')[0])).toEqual(LESSONS.map((l) => l.id));
  });

  it('lesson:<id> runs the lesson and reports each check with what it wanted and what it saw', () => {
    const r = sim('lesson:batches');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('lesson batches (messages): Batches: fewer, fuller requests');
    expect(r.stdout).toContain('✓ every record of patient is acknowledged (at 3000 ms, producers.patient.acknowledged): wanted = 1000, actual 1000');
    expect(r.stdout).toMatch(/✓ eager sends about one record per request \(at 3000 ms, producers\.eager\.recordsPerRequest\): wanted ≤ 1\.5, actual 1\.\d+/);
    expect(r.stdout).toContain('all 5 checks pass');
  });

  it('a lesson cut short by --until-ms has not verified its later checks: ✗ and exit code 1', () => {
    const r = sim('lesson:batches', '--until-ms', '2000');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('✗ every record of patient is acknowledged (at 3000 ms): not reached, the run stopped at 2000 ms');
    expect(r.stdout).toContain('5 of 5 checks fail');
  });

  it('an unknown lesson id exits with 2, names it and points at --list-lessons', () => {
    const r = sim('lesson:no-such-lesson');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no lesson is called "no-such-lesson"');
    expect(r.stderr).toContain('--list-lessons');
  });
});
