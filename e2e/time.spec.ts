import { expect, test, type Page } from '@playwright/test';
import { parseScenarioText } from '../src/scenario/parse';
import { runScenario } from '../src/scenario/run';
import { clock, clockMs, seekTo } from './helpers';

/** What the cluster shows, as text (the picture a person compares). */
async function picture(page: Page): Promise<string> {
  return page.locator('main').innerText();
}

test('seeking back restores the earlier picture exactly', async ({ page }) => {
  await page.goto('/');
  await seekTo(page, 0.45);
  const t1 = await clock(page);
  expect(t1).toBeGreaterThan(3_000);
  const hash1 = await page.getByTestId('trace-hash').innerText();
  const before = await picture(page);
  await page.screenshot({ path: 'test-results/time-seek-first.png' });
  await page.getByRole('button', { name: 'Run to the end' }).click();
  await expect(page.getByTestId('clock')).toHaveText('2:00.000');
  expect(await picture(page)).not.toBe(before);
  await seekTo(page, 0.45);
  expect(await clock(page)).toBe(t1);
  await expect(page.getByTestId('trace-hash')).toHaveText(hash1);
  expect(await picture(page)).toBe(before);
  await page.screenshot({ path: 'test-results/time-seek-back.png' });
  // The log lists what was already computed ahead (the group forms at about 6 s); a click on one goes there.
  await seekTo(page, 0.02);
  const early = await clock(page);
  await page.getByText(/^Later, already computed/).click();
  const ahead = page.getByRole('list', { name: 'Events after the current time, already computed' }).getByRole('button').first();
  await ahead.click();
  expect(await clock(page)).toBeGreaterThan(early);
});

test('step, step back and next interesting event', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Step one event' }).click();
  await expect(page.getByTestId('steps')).toHaveText('1');
  await page.getByRole('button', { name: 'Next interesting event' }).click();
  // In the default scenario the group billing forms in its first seconds: a rebalance marker.
  const at = await clock(page);
  expect(at).toBeGreaterThan(0);
  expect(at).toBeLessThanOrEqual(15_000);
  await page.keyboard.press('n');
  await page.keyboard.press('n');
  expect(await clock(page)).toBeGreaterThanOrEqual(at);
  const later = await clock(page);
  await page.keyboard.press('ArrowLeft');
  expect(await clock(page)).toBeLessThan(later);
});

test('acting after seeking back forks the run: the future is dropped and recomputed', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Run to the end' }).click();
  const original = await page.getByTestId('trace-hash').innerText();
  await expect(page.getByText('computed up to 2:00.000')).toBeVisible();
  await seekTo(page, 0.3);
  const forkAt = await clock(page);
  // Acting: a command typed in the Kafka console (any click on the cluster is the same kind of act).
  await page.getByRole('tab', { name: 'Console' }).click();
  const input = page.getByRole('textbox', { name: 'Kafka console command' });
  await input.fill('kafka-topics.sh --bootstrap-server localhost:9092 --create --topic audit --partitions 1 --replication-factor 1');
  await input.press('Enter');
  await expect(page.getByText('Created topic audit.')).toBeVisible();
  expect(clockMs(((await page.getByText(/computed up to/).innerText()).split('computed up to ')[1] ?? '').trim())).toBeLessThanOrEqual(forkAt + 50);
  await page.getByRole('button', { name: 'Run to the end' }).click();
  await expect(page.getByTestId('clock')).toHaveText('2:00.000');
  await expect(page.getByTestId('trace-hash')).not.toHaveText(original);
  await page.screenshot({ path: 'test-results/time-forked.png' });
});

test('a session with clicks, exported and replayed by npm run sim, gives the trace hash the browser showed', async ({ page }) => {
  await page.goto('/');
  await seekTo(page, 0.2);
  await page.getByRole('tab', { name: 'Console' }).click();
  const input = page.getByRole('textbox', { name: 'Kafka console command' });
  await input.fill('kafka-topics.sh --bootstrap-server localhost:9092 --create --topic audit --partitions 2 --replication-factor 2');
  await input.press('Enter');
  await seekTo(page, 0.6);
  await input.fill('kafka-console-producer.sh --bootstrap-server localhost:9092 --topic audit');
  await input.press('Enter');
  await input.fill('hello');
  await input.press('Enter');
  await page.getByRole('button', { name: 'Run to the end' }).click();
  const shown = await page.getByTestId('trace-hash').innerText();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export the session as a scenario file' }).click();
  const file = await download;
  const path = await file.path();
  const { readFileSync } = await import('node:fs');
  const parsed = parseScenarioText(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  expect(parsed.scenario.timeline.filter((c) => c.do === 'console')).toHaveLength(3);
  expect(runScenario(parsed.scenario).summary.traceHash).toBe(shown);
  // And through the command line, as `npm run sim -- <file>` runs it.
  const { execFileSync } = await import('node:child_process');
  const out = JSON.parse(execFileSync('node_modules/.bin/tsx', ['src/cli/main.ts', path], { encoding: 'utf8' })) as { traceHash: string };
  expect(out.traceHash).toBe(shown);
});

test('running a long busy scenario to its end shows progress, keeps the page responsive, and can be stopped', async ({ page }) => {
  await page.goto('/');
  // Ten minutes of nine brokers: several seconds of computing.
  const heavy = {
    version: 1,
    name: 'long-and-busy',
    seed: 7,
    durationMs: 600_000,
    cluster: { brokers: 9, controller: 'zookeeper' },
    topics: ['orders', 'payments', 'clicks'].map((name) => ({ name, partitions: 12, replicationFactor: 3 })),
    producers: ['orders', 'payments', 'clicks'].map((topic, i) => ({ id: `p${i + 1}`, topic, ratePerSec: 66, key: 'key-{seq%50}' })),
    consumerGroups: [{ groupId: 'analytics', topics: ['orders', 'payments', 'clicks'], members: 3 }],
  };
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import a scenario file' }).first().click()]);
  await chooser.setFiles({ name: 'long.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(heavy)) });
  await expect(page.getByTestId('scenario-name')).toHaveText('long-and-busy');

  await page.getByRole('button', { name: 'Run to the end' }).click();
  const progress = page.getByRole('progressbar', { name: 'Computing the run ahead' });
  await expect(progress).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /Computing… \d+ %/ })).toBeVisible();
  // The clock moves while it computes, and the page still answers: the language switches.
  await expect.poll(() => clock(page), { timeout: 10_000 }).toBeGreaterThan(0);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
  await expect(page.getByRole('status').filter({ hasText: /Calcul… \d+ %/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/time-computing.png' });
  await page.getByRole('button', { name: 'Arrêter le calcul' }).click();
  await expect(progress).toHaveCount(0);
  const stoppedAt = await clock(page);
  expect(stoppedAt).toBeGreaterThan(0);
  expect(stoppedAt).toBeLessThan(600_000);
  // Stopped means stopped: the clock stays.
  await page.waitForTimeout(500);
  expect(await clock(page)).toBe(stoppedAt);
});
