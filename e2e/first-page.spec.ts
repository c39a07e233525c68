import { expect, test } from '@playwright/test';
import { parseScenario } from '../src/scenario/parse';
import { runScenario } from '../src/scenario/run';
import { builtinScenarios, DEFAULT_SCENARIO } from '../src/scenario/builtin';

function clockMs(text: string): number {
  const m = /^(?:(\d+):)?(\d+):(\d{2})\.(\d{3})$/.exec(text.trim());
  if (m === null) throw new Error(`not a clock: ${text}`);
  return ((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]);
}

test('the page loads the default scenario with its clock, seed and controls', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('scenario-name')).toHaveText('Hello, Kafka');
  await expect(page.getByTestId('clock')).toHaveText('0:00.000');
  await expect(page.getByTestId('seed')).toHaveText('42');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await page.screenshot({ path: 'test-results/first-page-loaded.png' });
});

test('play moves the simulated clock and pause stops it', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Speed').selectOption('10');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(async () => clockMs(await page.getByTestId('clock').innerText())).toBeGreaterThan(500);
  await page.getByRole('button', { name: 'Pause' }).click();
  const stopped = clockMs(await page.getByTestId('clock').innerText());
  await page.waitForTimeout(300);
  expect(clockMs(await page.getByTestId('clock').innerText())).toBe(stopped);
  await page.screenshot({ path: 'test-results/first-page-paused.png' });
});

test('step runs one event at a time; the space bar plays and pauses', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Step one event' }).click();
  await expect(page.getByTestId('steps')).toHaveText('1');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('steps')).toHaveText('2');
  // Events come one by one; within a few dozen the producer's first record is on its way.
  for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('steps')).toHaveText('42');
  expect(clockMs(await page.getByTestId('clock').innerText())).toBeGreaterThan(0);
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
});

test('the browser run gives the same trace hash as Node', async ({ page }) => {
  const parsed = parseScenario(builtinScenarios[DEFAULT_SCENARIO]);
  if (!parsed.ok) throw new Error('the default scenario must parse');
  const node = runScenario(parsed.scenario);
  await page.goto('/');
  await page.getByRole('button', { name: 'Run to the end' }).click();
  await expect(page.getByTestId('clock')).toHaveText('2:00.000');
  await expect(page.getByTestId('trace-hash')).toHaveText(node.summary.traceHash);
  await page.screenshot({ path: 'test-results/first-page-end.png' });
});

test('the French interface', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Language').selectOption('fr');
  await expect(page.getByRole('button', { name: 'Lecture' })).toBeVisible();
  await expect(page.getByText('Temps simulé')).toBeVisible();
});

test('the controller is crowned once the brokers have raced for /controller', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Speed').selectOption('1');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByText('♛ controller')).toBeVisible();
  await expect(page.getByTestId('control-plane')).toContainText('ZooKeeper mode · controller epoch 1');
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.screenshot({ path: 'test-results/first-page-controller.png' });
});
