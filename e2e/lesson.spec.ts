import { expect, test } from '@playwright/test';
import { clockMs } from './helpers';

test('a student steps through a lesson in French and answers its prediction before the reveal', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Language').selectOption('fr');
  await page.getByLabel('Scénario ou leçon').selectOption('hello-console');
  const step = page.getByTestId('lesson-step');
  await expect(step).toContainText('Étape 1 sur 5');
  await expect(step).toContainText('Un broker, un cluster vide');
  await page.getByRole('button', { name: 'Continuer' }).click();
  // The clock plays to the next step's time and stops there.
  await expect(step).toContainText('Étape 2 sur 5', { timeout: 15_000 });
  expect(clockMs(await page.getByTestId('clock').innerText())).toBe(1_600);
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect(step).toContainText('Étape 3 sur 5', { timeout: 15_000 });
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect(step).toContainText('Étape 4 sur 5', { timeout: 15_000 });
  await expect(step).toContainText('Dans quel ordre le consommateur affichera-t-il les trois lignes ?');
  // The prediction comes first: Continue waits for an answer.
  await expect(page.getByRole('button', { name: 'Continuer' })).toBeDisabled();
  await expect(step).toContainText('Répondez d’abord à la question');
  await page.screenshot({ path: 'test-results/lesson-fr-question.png' });
  await page.getByRole('button', { name: 'Bonjour, Hello, Hallo : l’ordre d’écriture' }).click();
  await expect(step.getByRole('status')).toContainText('Exact.');
  await page.screenshot({ path: 'test-results/lesson-fr-revealed.png' });
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect(step).toContainText('Étape 5 sur 5', { timeout: 30_000 });
  expect(clockMs(await page.getByTestId('clock').innerText())).toBe(12_000);
  // What the narration promised happened: the console shows the three lines, in order.
  await page.getByRole('tab', { name: 'Console' }).click();
  const out = page.getByRole('log');
  await expect(out).toContainText('Bonjour');
  const text = await out.innerText();
  const printed = text.split('\n').filter((l) => ['Bonjour', 'Hello', 'Hallo'].includes(l.trim()));
  expect(printed.map((l) => l.trim())).toEqual(['Bonjour', 'Hello', 'Hallo']);
  await expect(out).toContainText('Processed a total of 3 messages');
});

test('a teacher jumps to step 3, and presenter mode is keyboard only', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Scenario or lesson').selectOption('hello-console');
  await page.getByRole('button', { name: /^Go to step 3/ }).click();
  await expect(page.getByTestId('lesson-step')).toContainText('Step 3 of 5');
  expect(clockMs(await page.getByTestId('clock').innerText())).toBe(2_000);
  await page.keyboard.press('p');
  await expect(page.getByRole('button', { name: 'Presenter mode' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('lesson-step')).toContainText('Step 4 of 5', { timeout: 15_000 });
  await page.keyboard.press('PageUp');
  await expect(page.getByTestId('lesson-step')).toContainText('Step 3 of 5');
  await page.screenshot({ path: 'test-results/lesson-presenter.png' });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Presenter mode' })).toHaveAttribute('aria-pressed', 'false');
});

test('a step hours ahead in simulated time is reached in seconds: Continue plays faster and says so', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Scenario or lesson').selectOption('maintenance-catch-up');
  const step = page.getByTestId('lesson-step');
  // Answer any question on the way, then continue until the hour-long gap.
  for (let i = 0; i < 6; i++) {
    const text = await step.innerText();
    if (/Step (\d) of \1/.test(text)) break;
    const choice = step.locator('.choice').first();
    if ((await choice.count()) > 0 && (await choice.isEnabled())) await choice.click();
    const before = text.match(/Step (\d+) of/)?.[1];
    await page.getByRole('button', { name: /^(Continue|Play on)$/ }).click();
    await expect(step).not.toContainText(`Step ${before} of`, { timeout: 20_000 });
  }
  await expect(page.getByTestId('speed')).not.toHaveText('1×');
});
