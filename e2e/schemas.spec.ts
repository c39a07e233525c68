import { expect, test } from '@playwright/test';

test('the schemas lesson: the registry’s versions, the refused change and what the old reader decoded are on screen', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Scenario or lesson').selectOption('schemas');
  await page.getByRole('button', { name: 'Run to the end' }).click();
  const registry = page.getByRole('group', { name: 'Schema registry' });
  await expect(registry).toContainText('orders-value · BACKWARD');
  await expect(registry).toContainText('v1 (id 1) · v2 (id 2)');
  await expect(registry).toContainText('refused for orders-value: HTTP 409, incompatible');
  // The consumer still reads with version 1: records written with ids 1 and 2, no error.
  await expect(registry).toContainText(/consumer-billing-1 decoded id 1 ×\d+, id 2 ×\d+; errors 0/);
  await page.screenshot({ path: 'test-results/schemas-registry.png' });
});
