/**
 * The side panels as a person uses them: the event log (in French, filtered, clicked to move the
 * clock), the consumer groups panel through a consumer crash (rebalance, lag rising then falling),
 * the inspector (a broker's lifecycle lit), and the checker panel (a lost acknowledged write).
 * Every state is saved as a screenshot in test-results/.
 */
import { expect, test, type Page } from '@playwright/test';

function clockMs(text: string): number {
  const m = /^(?:(\d+):)?(\d+):(\d{2})\.(\d{3})$/.exec(text.trim());
  if (m === null) throw new Error(`not a clock: ${text}`);
  return ((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]);
}

async function clock(page: Page): Promise<number> {
  return clockMs(await page.getByTestId('clock').innerText());
}

/**
 * A partition's lag as its bar says it in words: kafka-consumer-groups' LAG (log end − committed)
 * and the records its owner has not fetched yet (null: unknown, e.g. nobody holds the partition).
 */
async function lagOf(page: Page, partition: string): Promise<{ lag: number | null; unread: number | null }> {
  const name = (await page.getByRole('img', { name: new RegExp(`^${partition}: lag`) }).getAttribute('aria-label')) ?? '';
  const m = /: lag (\d+|–), (\d+|–) not read yet/.exec(name);
  if (m === null) throw new Error(`not a lag bar: "${name}"`);
  const num = (x: string | undefined) => (x === undefined || x === '–' ? null : Number(x));
  return { lag: num(m[1]), unread: num(m[2]) };
}

/** Runs to the end, then clicks the newest event-log entry whose words match: the clock moves to it. */
async function goToEvent(page: Page, search: string, entry: RegExp): Promise<void> {
  await page.getByRole('button', { name: 'Run to the end' }).click();
  await page.getByRole('tab', { name: /^Events/ }).click();
  await page.getByRole('searchbox', { name: 'Search the events' }).fill(search);
  await page.getByRole('list', { name: 'Events, newest first' }).getByRole('button', { name: entry }).first().click();
}

async function loadLesson(page: Page, id: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Scenario or lesson' }).selectOption(id);
  // A lesson opens at its first step (100 ms in: the cluster has started).
  await expect(page.getByTestId('lesson-step')).toBeVisible();
}

test('the event log in French: entries in French, filters, a click moves the clock there', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Run to the end' }).click();
  await expect(page.getByTestId('clock')).toHaveText('2:00.000');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');

  const log = page.getByRole('list', { name: 'Événements, du plus récent au plus ancien' });
  const stable = log.getByRole('button', { name: /Le groupe billing est Stable à la génération 1/ });
  const reads = log.getByRole('button', { name: /Le consommateur consumer-billing-2 lit désormais orders-2/ });
  const created = log.getByRole('button', { name: /Le topic orders a été créé/ });
  await expect(stable).toBeVisible();
  await expect(reads).toBeVisible();
  // Newest first: the member starts reading after the group is stable, which comes after the topic.
  const texts = await log.getByRole('button').allInnerTexts();
  const at = (words: string) => texts.findIndex((x) => x.includes(words));
  expect(at('lit désormais orders-2')).toBeLessThan(at('est Stable à la génération 1'));
  expect(at('est Stable à la génération 1')).toBeLessThan(at('Le topic orders a été créé'));
  await page.screenshot({ path: 'test-results/panels-log-fr.png' });

  // Chatty events (auto-commits…) are hidden by default; the toggle shows them.
  const chatty = page.getByRole('checkbox', { name: 'Montrer les événements bavards' });
  await expect(chatty).not.toBeChecked();
  await expect(page.getByText(/événements bavards masqués/)).toBeVisible();
  // A category's checkbox hides its events.
  await page.getByRole('checkbox', { name: /^consommateurs/ }).uncheck();
  await expect(reads).toHaveCount(0);
  await expect(stable).toBeVisible();
  await page.getByRole('checkbox', { name: /^consommateurs/ }).check();
  // Search in words.
  await page.getByRole('searchbox', { name: 'Chercher dans les événements' }).fill('génération 1');
  await expect(stable).toBeVisible();
  await expect(created).toHaveCount(0);
  await page.screenshot({ path: 'test-results/panels-log-fr-filtered.png' });

  await expect(stable).toContainText('0:06.');
  const when = /\d+:\d{2}\.\d{3}/.exec((await stable.innerText()) ?? '')?.[0] ?? '';
  await stable.click();
  await expect(page.getByTestId('clock')).toHaveText(when);
  await expect(stable).toHaveAttribute('aria-current', 'true');
  // The log now ends at that moment: the members have not started reading yet.
  await page.getByRole('searchbox', { name: 'Chercher dans les événements' }).fill('');
  await expect(reads).toHaveCount(0);
  await expect(created).toBeVisible();
  await page.screenshot({ path: 'test-results/panels-log-fr-seeked.png' });
});

test('a consumer crash (scripted in a lesson): the group rebalances, the lag rises then falls', async ({ page }) => {
  await loadLesson(page, 'auto-commit-redelivery');
  await goToEvent(page, 'consumer-billing-1 crashed', /Fault: consumer consumer-billing-1 crashed/);
  expect(await clock(page)).toBe(9462);
  await page.getByRole('tab', { name: 'Groups' }).click();
  const group = page.getByRole('article', { name: 'Group billing' });
  await expect(group.getByRole('list', { name: 'Group state' }).getByRole('listitem').filter({ hasText: 'Stable' })).toHaveAttribute('aria-current', 'true');
  await expect(group.getByText('crashed: still a member until its session times out')).toBeVisible();
  const atCrash = await lagOf(page, 'orders-0');
  expect(atCrash.lag).not.toBeNull();
  await page.screenshot({ path: 'test-results/panels-groups-crash.png' });

  // Six seconds later the coordinator notices: the rebalance starts.
  await goToEvent(page, 'no heartbeat', /Member consumer-billing-1 of group billing sent no heartbeat/);
  await page.getByRole('tab', { name: 'Groups' }).click();
  const beforeRebalance = await lagOf(page, 'orders-0');
  expect(beforeRebalance.lag).toBeGreaterThan(atCrash.lag ?? Infinity);

  // Eager: the surviving member gives up everything when it re-joins.
  await goToEvent(page, 'sends JoinGroup', /consumer-billing-2 sends JoinGroup/);
  await page.getByRole('tab', { name: 'Groups' }).click();
  await expect(group.getByRole('list', { name: 'Group state' }).getByRole('listitem').filter({ hasText: 'PreparingRebalance' })).toHaveAttribute('aria-current', 'true');
  await expect(group.getByRole('status')).toContainText('eager');
  await expect(group.getByRole('list', { name: 'Partitions of consumer-billing-2' }).getByRole('listitem').filter({ hasText: 'revoked' })).toHaveText(/orders-1/);
  await page.screenshot({ path: 'test-results/panels-groups-revoked.png' });

  // The new assignment: consumer-billing-2 now reads both partitions, highlighted as new.
  await goToEvent(page, 'now reads', /consumer-billing-2 now reads orders-0, orders-1/);
  await page.getByRole('tab', { name: 'Groups' }).click();
  const parts = group.getByRole('list', { name: 'Partitions of consumer-billing-2' });
  await expect(parts.getByRole('listitem').filter({ hasText: 'orders-0' })).toContainText('new');
  await expect(group.getByRole('heading', { name: 'Members (1)' })).toBeVisible();
  await page.screenshot({ path: 'test-results/panels-groups-assigned.png' });

  // And the new owner reads the backlog of orders-0 (its next auto-commit falls after the run's end).
  await page.getByRole('button', { name: 'Run to the end' }).click();
  const atEnd = await lagOf(page, 'orders-0');
  expect(atEnd.unread).not.toBeNull();
  expect(atEnd.unread).toBeLessThan(beforeRebalance.lag ?? 0);
  await page.screenshot({ path: 'test-results/panels-groups-end.png' });
});

test('a consumer crashed with the cluster view’s button: the group rebalances, the lag rises then falls', async ({ page }) => {
  // hello: billing has 2 consumers; a crashed member leaves after session.timeout.ms (45 s).
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => clock(page), { timeout: 20_000 }).toBeGreaterThan(15_000);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Faults for consumer consumer-billing-1' }).click();
  await page.getByRole('button', { name: 'Crash consumer consumer-billing-1' }).click();
  const crashedAt = await clock(page);

  await page.getByRole('tab', { name: 'Groups' }).click();
  const group = page.getByRole('article', { name: 'Group billing' });
  await expect(group.getByText('crashed: still a member until its session times out')).toBeVisible();
  const atCrash = await lagOf(page, 'orders-0');
  await page.screenshot({ path: 'test-results/panels-groups-button-crash.png' });

  await goToEvent(page, 'no heartbeat', /Member consumer-billing-1 of group billing sent no heartbeat/);
  expect(await clock(page)).toBeGreaterThan(crashedAt + 40_000);
  await page.getByRole('tab', { name: 'Groups' }).click();
  const beforeRebalance = await lagOf(page, 'orders-0');
  expect(beforeRebalance.lag).toBeGreaterThan(atCrash.lag ?? Infinity);
  await page.screenshot({ path: 'test-results/panels-groups-button-expired.png' });

  await goToEvent(page, 'now reads', /consumer-billing-2 now reads orders-0, orders-1, orders-2/);
  await page.getByRole('tab', { name: 'Groups' }).click();
  await expect(group.getByRole('list', { name: 'Partitions of consumer-billing-2' }).getByRole('listitem').filter({ hasText: 'orders-0' })).toContainText('new');
  await page.screenshot({ path: 'test-results/panels-groups-button-assigned.png' });
  await page.getByRole('button', { name: 'Run to the end' }).click();
  // consumer-billing-2 read the backlog and committed: the lag is back down.
  expect((await lagOf(page, 'orders-0')).lag).toBeLessThan(beforeRebalance.lag ?? 0);
  await page.screenshot({ path: 'test-results/panels-groups-button-end.png' });
});

test('the inspector: a broker, its lifecycle lit, crashed live; its replicas and records', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Inspector' }).click();
  const panel = page.getByRole('region', { name: 'Inspector' });
  await expect(page.getByText(/Click anything in the cluster/)).toBeVisible();
  await page.screenshot({ path: 'test-results/panels-inspector-empty.png' });

  await page.getByRole('combobox', { name: 'Speed' }).selectOption('10');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => clock(page), { timeout: 20_000 }).toBeGreaterThan(8_000);
  await page.getByRole('button', { name: 'Pause' }).click();
  await panel.getByRole('navigation', { name: 'Everything to inspect' }).getByRole('button', { name: 'Broker 2' }).click();
  await expect(panel.getByRole('heading', { name: 'Broker 2' })).toBeVisible();
  const lifecycle = panel.getByRole('list', { name: 'Broker lifecycle' });
  await expect(lifecycle.getByRole('listitem').filter({ hasText: 'running' })).toHaveAttribute('aria-current', 'true');
  await expect(panel.getByRole('list', { name: 'ZooKeeper session' }).getByRole('listitem').filter({ hasText: 'connected' })).toHaveAttribute('aria-current', 'true');
  await page.screenshot({ path: 'test-results/panels-inspector-broker-running.png' });

  await page.getByRole('button', { name: 'Faults for broker 2' }).click();
  await page.getByRole('button', { name: 'Crash broker 2' }).click();
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await expect(lifecycle.getByRole('listitem').filter({ hasText: 'crashed' })).toHaveAttribute('aria-current', 'true');
  await expect(lifecycle.getByRole('listitem').filter({ hasText: 'running' })).not.toHaveAttribute('aria-current', 'true');
  await expect(panel.getByRole('row', { name: /^Status/ })).toContainText('crashed');
  await page.screenshot({ path: 'test-results/panels-inspector-broker-crashed.png' });

  // Its replicas lead to a replica, and to its records.
  await panel.getByRole('table', { name: /Replicas on broker 2/ }).getByRole('button', { name: 'orders-1' }).click();
  await expect(panel.getByRole('heading', { name: 'Replica of orders-1 on broker 2' })).toBeVisible();
  await expect(panel.getByRole('list', { name: 'Replica role' })).toBeVisible();
  await panel.getByRole('button', { name: /^@\d+$/ }).first().click();
  await expect(panel.getByRole('heading', { name: /Record orders-1 @ offset \d+/ })).toBeVisible();
  await expect(panel.getByRole('table', { name: 'Which replicas hold it' })).toContainText('holds it');
  await page.screenshot({ path: 'test-results/panels-inspector-record.png' });
});

test('the checker panel: which checkers watch, then an acknowledged write lost', async ({ page }) => {
  await loadLesson(page, 'acks1-lost-write');
  await page.getByRole('tab', { name: /^Checks/ }).click();
  await expect(page.getByText('No anomaly so far.')).toBeVisible();
  await expect(page.getByText('Acknowledged writes lost')).toBeVisible();
  await page.screenshot({ path: 'test-results/panels-checks-watching.png' });

  await page.getByRole('button', { name: 'Run to the end' }).click();
  await expect(page.getByRole('tab', { name: /^Checks/ })).toContainText(/\d/);
  const finding = page.getByRole('list', { name: 'Findings' }).getByRole('listitem').filter({ hasText: 'Acknowledged writes lost' });
  await expect(finding).toContainText(/Count: \d+/);
  await expect(finding).toContainText('was acknowledged');
  await page.screenshot({ path: 'test-results/panels-checks-finding.png' });

  const first = finding.getByRole('button', { name: /First seen at/ });
  const when = /First seen at (\S+)/.exec((await first.textContent()) ?? '')?.[1] ?? '';
  await first.click();
  await expect(page.getByTestId('clock')).toHaveText(when);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
  await expect(page.getByRole('list', { name: 'Constats' })).toContainText('Écritures acquittées perdues');
  await page.screenshot({ path: 'test-results/panels-checks-finding-fr.png' });
});
