import { expect, test } from '@playwright/test';
import { clock, seekTo } from './helpers';
import { encodeLink } from '../src/scenario/link';

test('a shared link opened in a fresh page shows the same time, state and trace hash', async ({ page, browser }) => {
  await page.goto('/');
  await seekTo(page, 0.1);
  await page.getByRole('button', { name: 'Faults for broker 2' }).click();
  await page.getByRole('button', { name: 'Crash broker 2' }).click();
  await seekTo(page, 0.35);
  await page.getByRole('tab', { name: 'Groups' }).click();
  await page.getByRole('button', { name: /^Share/ }).click();
  await expect(page.getByTestId('notice')).toContainText('link');
  const url = page.url();
  expect(url).toMatch(/#s=/);
  const time = await clock(page);
  const hash = await page.getByTestId('trace-hash').innerText();
  const picture = await page.locator('.workspace > :first-child').innerText();

  const fresh = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await fresh.goto(url);
  await expect(fresh.getByTestId('trace-hash')).toHaveText(hash);
  expect(await clock(fresh)).toBe(time);
  expect(await fresh.locator('.workspace > :first-child').innerText()).toBe(picture);
  await expect(fresh.getByText('Broker 2').first()).toBeVisible();
  await fresh.screenshot({ path: 'test-results/share-opened.png' });
  // The commands travelled too: playing on repeats the same future in both pages.
  await page.getByRole('button', { name: 'Run to the end' }).click();
  await fresh.getByRole('button', { name: 'Run to the end' }).click();
  await expect(fresh.getByTestId('trace-hash')).toHaveText(await page.getByTestId('trace-hash').innerText());
});

test('a corrupted link shows an error and the session the person had stays', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Scenario or lesson').selectOption('two-groups-one-topic');
  await seekTo(page, 0.5);
  const time = await clock(page);
  const hash = await page.getByTestId('trace-hash').innerText();
  await page.getByRole('button', { name: /^Share/ }).click();
  const good = new URL(page.url()).hash;
  // A link cut short in an e-mail, then one whose payload was tampered with.
  for (const broken of [good.slice(0, Math.floor(good.length / 2)), `${good.slice(0, 12)}@@@${good.slice(15)}`, '#s=N4Ig']) {
    await page.evaluate((h) => {
      location.hash = h;
    }, broken);
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('Your current session was kept');
    await expect(page.getByTestId('scenario-name')).toHaveText('Two groups, one topic');
    expect(await clock(page)).toBe(time);
    await expect(page.getByTestId('trace-hash')).toHaveText(hash);
    await page.getByRole('button', { name: 'Dismiss the message' }).click();
  }
  await page.screenshot({ path: 'test-results/share-corrupted.png' });
});

test('a corrupted link opened in a fresh page says so and opens the default scenario', async ({ page }) => {
  await page.goto('/#s=this-is-not-a-kafkascope-link');
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByTestId('scenario-name')).toHaveText('Hello, Kafka');
});

test('a scenario file imported by a person; a broken file is refused and the session stays', async ({ page }) => {
  await page.goto('/');
  await seekTo(page, 0.2);
  const hash = await page.getByTestId('trace-hash').innerText();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import a scenario file' }).click();
  await (await chooser).setFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "name": "x", "seed": 1, "cluster": {"brokers": 3}, "topics": [{"name": "t", "partitions": 1, "replicationFactor": 4}]}') });
  await expect(page.getByRole('alert')).toContainText('broken.json');
  await expect(page.getByRole('alert')).toContainText('topics[0].replicationFactor');
  await expect(page.getByTestId('trace-hash')).toHaveText(hash);
  const chooser2 = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import a scenario file' }).click();
  await (await chooser2).setFiles({
    name: 'tiny.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ version: 1, name: 'tiny', title: { en: 'Tiny', fr: 'Minuscule' }, seed: 5, durationMs: 5000, cluster: { brokers: 1 }, topics: [{ name: 't', partitions: 1, replicationFactor: 1 }] })),
  });
  await expect(page.getByTestId('scenario-name')).toHaveText('Tiny');
  await expect(page.getByTestId('seed')).toHaveText('5');
});

test('a link that asks for more simulation than a page can compute is refused within seconds; the session stays', async ({ page }) => {
  await page.goto('/');
  await seekTo(page, 0.1);
  const hash = await page.getByTestId('trace-hash').innerText();
  const week = 7 * 24 * 3_600_000;
  const hostile = encodeLink({
    v: 1,
    scenario: {
      version: 1,
      name: 'heavy',
      seed: 1,
      durationMs: week,
      cluster: { brokers: 3 },
      topics: [{ name: 't', partitions: 50, replicationFactor: 3 }],
      producers: Array.from({ length: 20 }, (_, i) => ({ id: `p${i}`, topic: 't', ratePerSec: 100_000 })),
    },
    commands: [],
    atMs: week,
  });
  await page.evaluate((h) => {
    location.hash = h;
  }, hostile);
  await expect(page.getByRole('alert')).toContainText('more simulation than this page can compute', { timeout: 20_000 });
  await expect(page.getByTestId('trace-hash')).toHaveText(hash);
  await expect(page.getByTestId('scenario-name')).toHaveText('Hello, Kafka');
});

test('a link shared after single steps opens the same moment', async ({ page, browser }) => {
  await page.goto('/');
  await seekTo(page, 0.04);
  for (let i = 0; i < 7; i++) await page.getByRole('button', { name: 'Step one event' }).click();
  await page.getByRole('button', { name: /^Share/ }).click();
  const url = page.url();
  const hash = await page.getByTestId('trace-hash').innerText();
  const steps = await page.getByTestId('steps').innerText();
  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto(url);
  await expect(fresh.getByTestId('trace-hash')).toHaveText(hash);
  await expect(fresh.getByTestId('steps')).toHaveText(steps);
});
