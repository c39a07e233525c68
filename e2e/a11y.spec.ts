import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function audit(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: axePath });
  const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as { violations: AxeViolation[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function describe(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`).join('\n');
}

test('the main screen has no serious or critical accessibility violations (axe-core), light and dark, playing a lesson', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(300);
  await page.getByRole('button', { name: 'Pause' }).click();
  let found = await audit(page);
  expect(found, describe(found)).toEqual([]);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  found = await audit(page);
  expect(found, describe(found)).toEqual([]);
  await page.screenshot({ path: 'test-results/a11y-dark.png' });
  await page.getByLabel('Scenario or lesson').selectOption('two-consumers-four-partitions');
  for (const tab of ['Groups', 'Checks', 'Inspector', 'Console', 'Events']) {
    await page.getByRole('tab', { name: tab }).click();
    found = await audit(page);
    expect(found, `${tab}:\n${describe(found)}`).toEqual([]);
  }
});

test('every control has an accessible name', async ({ page }) => {
  await page.goto('/');
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('button, select, input, [role="tab"], [role="button"]')]
      .filter((el) => {
        if (el.closest('[aria-hidden="true"]') !== null) return false;
        const label = el.getAttribute('aria-label') ?? el.getAttribute('aria-labelledby') ?? (el as HTMLElement).innerText ?? '';
        const labelled = el.id !== '' && document.querySelector(`label[for="${el.id}"]`) !== null;
        return label.trim() === '' && !labelled && el.closest('label') === null;
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  expect(unnamed).toEqual([]);
});
