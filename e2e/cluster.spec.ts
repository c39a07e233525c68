import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';

/** Plays at `speed` until `until` holds, then pauses. */
async function playUntil(page: Page, speed: string, until: () => Promise<void>): Promise<void> {
  await page.getByLabel('Speed').selectOption(speed);
  await page.getByRole('button', { name: 'Play' }).click();
  await until();
  const pauseButton = page.getByRole('button', { name: 'Pause' });
  if (await pauseButton.isVisible()) await pauseButton.click();
}

const brokerColumns = (page: Page) => page.getByRole('region', { name: /^Broker \d+:/ });

/** The broker that leads orders-0, read from the replica whose name says "leader". */
async function leaderOf(page: Page, partition: string): Promise<number> {
  const name = await page.getByRole('button', { name: new RegExp(`^${partition} on broker \\d+: leader,`) }).getAttribute('aria-label');
  const m = /on broker (\d+)/.exec(name ?? '');
  if (m === null) throw new Error(`no leader shown for ${partition}`);
  return Number(m[1]);
}

test('hello: three broker columns, the controller crowned, leaders and followers of orders', async ({ page }) => {
  await page.goto('/');
  await playUntil(page, '1', async () => {
    await expect(page.getByText('♛ controller')).toBeVisible();
    await expect(page.getByRole('button', { name: /^Record orders-0 offset 2 / }).first()).toBeVisible();
  });
  await expect(brokerColumns(page)).toHaveCount(3);
  await expect(page.getByText('♛ controller')).toHaveCount(1);
  for (const p of ['orders-0', 'orders-1', 'orders-2']) {
    await expect(page.getByRole('button', { name: new RegExp(`^${p} on broker \\d+: leader, in ISR`) })).toHaveCount(1);
    await expect(page.getByRole('button', { name: new RegExp(`^${p} on broker \\d+: follower`) })).toHaveCount(2);
  }
  const cp = page.getByRole('region', { name: 'ZooKeeper ensemble' });
  await expect(cp).toContainText('/brokers/ids: [1, 2, 3]');
  await expect(cp).toContainText(/\/controller → broker \d/);
  await expect(cp).toContainText(/broker-1: \d+\.\d s left/);
  await expect(page.getByRole('region', { name: 'Producer p1' })).toContainText('acks=all');
  await expect(page.getByRole('region', { name: 'consumer-billing-1' })).toContainText('group billing');
  await page.screenshot({ path: 'test-results/cluster-hello.png' });
});

test('crashing the broker that leads orders-0 moves leadership once its ZooKeeper session expires', async ({ page }) => {
  await page.goto('/');
  await playUntil(page, '1', () => expect(page.getByRole('button', { name: /^orders-0 on broker \d+: leader,/ })).toBeVisible());
  const before = await leaderOf(page, 'orders-0');
  // The menu opens from the keyboard too, and Escape closes it.
  const menu = page.getByRole('button', { name: `Faults for broker ${before}` });
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: `Faults for broker ${before}` })).toBeVisible();
  await expect(page.getByRole('button', { name: `Crash broker ${before}` })).toBeFocused();
  await page.screenshot({ path: 'test-results/cluster-broker-menu.png' });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(menu).toBeFocused();

  await menu.click();
  await page.getByRole('button', { name: `Crash broker ${before}` }).click();
  await expect(brokerColumns(page).filter({ hasText: `Broker ${before}` })).toContainText('crashed');
  await page.screenshot({ path: 'test-results/cluster-crashed.png' });
  await playUntil(page, '10', () =>
    expect(page.getByRole('button', { name: new RegExp(`^orders-0 on broker (?!${before}:)\\d+: leader, in ISR`) })).toBeVisible({ timeout: 20_000 }),
  );
  expect(await leaderOf(page, 'orders-0')).not.toBe(before);
  await expect(page.getByRole('button', { name: new RegExp(`^orders-0 on broker ${before}: follower \\(offline\\)`) })).toBeVisible();
  await page.screenshot({ path: 'test-results/cluster-new-leader.png' });
});

test('clicking a record shows its key, value, offset and the replicas that hold it', async ({ page }) => {
  await page.goto('/');
  await playUntil(page, '1', () => expect(page.getByRole('button', { name: /^Record orders-0 offset 3 / }).first()).toBeVisible());
  await page.getByRole('button', { name: /^Record orders-0 offset 3 / }).first().click();
  const facts = page.getByRole('dialog', { name: 'Record orders-0 offset 3' });
  await expect(facts).toBeVisible();
  await expect(facts).toContainText('Offset3');
  await expect(facts).toContainText(/Keycustomer-\d/);
  await expect(facts).toContainText(/Valuep1-\d+/);
  await expect(facts).toContainText(/Leader epoch\d/);
  await expect(facts).toContainText(/Held bybroker \d+ ★, broker \d+, broker \d+/);
  await page.screenshot({ path: 'test-results/cluster-record.png' });
  await page.keyboard.press('Escape');
  await expect(facts).toHaveCount(0);
});

test('the wire toggles show and hide a kind of message; heartbeats start hidden', async ({ page }) => {
  await page.goto('/');
  await page.getByText('Messages on the wire').click();
  const toggles = page.getByRole('group', { name: 'Messages on the wire' });
  const produce = toggles.getByRole('checkbox', { name: 'Produce', exact: true });
  await expect(produce).toBeChecked();
  await expect(toggles.getByRole('checkbox', { name: 'Heartbeats' })).not.toBeChecked();
  const overlay = page.getByTestId('wire-overlay');
  // Step event by event until a Produce request is on its way.
  for (let i = 0; i < 400 && (await overlay.getByText('Produce', { exact: true }).count()) === 0; i++) await page.getByRole('button', { name: 'Step one event' }).click();
  await expect(overlay.getByText('Produce', { exact: true }).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/cluster-wire-produce.png' });
  await produce.uncheck();
  await expect(overlay.getByText('Produce', { exact: true })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/cluster-wire-hidden.png' });
  await produce.check();
  await expect(overlay.getByText('Produce', { exact: true }).first()).toBeVisible();
});

test('a consumer crashed from its menu is in the exported session', async ({ page }) => {
  await page.goto('/');
  await playUntil(page, '2', () => expect(page.getByRole('region', { name: 'consumer-billing-1' })).toContainText('reads orders-', { timeout: 20_000 }));
  await page.getByRole('button', { name: 'Faults for consumer consumer-billing-1' }).click();
  await page.getByRole('button', { name: 'Crash consumer consumer-billing-1' }).click();
  await expect(page.getByRole('region', { name: 'consumer-billing-1' })).toContainText('✕');
  await page.screenshot({ path: 'test-results/cluster-consumer-crashed.png' });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export the session as a scenario file' }).click()]);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as { timeline: { do: string; consumer?: string; atMs: number }[] };
  const crash = exported.timeline.find((c) => c.do === 'crashConsumer');
  expect(crash?.consumer).toBe('consumer-billing-1');
  expect(crash?.atMs).toBeGreaterThan(0);
});

test('a producer setting and a broker pause from the menus change what the screen says', async ({ page }) => {
  await page.goto('/');
  await playUntil(page, '1', () => expect(page.getByText('♛ controller')).toBeVisible());
  await page.getByRole('button', { name: 'Settings of producer p1' }).click();
  await page.getByRole('button', { name: 'Set acks=1 on producer p1' }).click();
  await expect(page.getByRole('region', { name: 'Producer p1' })).toContainText('acks=1');
  await page.getByRole('button', { name: 'Faults for broker 3' }).click();
  await page.getByRole('button', { name: 'Pause broker 3 for 10 s' }).click();
  await expect(brokerColumns(page).filter({ hasText: 'Broker 3' })).toContainText('paused');
  await page.getByRole('button', { name: 'Faults for broker 1' }).click();
  await page.getByRole('button', { name: 'Cut the link between broker-1 and broker-2' }).click();
  await expect(brokerColumns(page).filter({ hasText: 'Broker 1' })).toContainText('1 faulty links');
  await page.screenshot({ path: 'test-results/cluster-faults.png' });
  await page.getByRole('button', { name: 'Heal all faults' }).first().click();
  await expect(brokerColumns(page).filter({ hasText: 'Broker 1' })).not.toContainText('faulty links');
});

const bench = {
  version: 1,
  name: 'bench-view',
  seed: 7,
  durationMs: 20000,
  cluster: { brokers: 9, controller: 'zookeeper', zookeeperServers: 3 },
  topics: ['orders', 'payments', 'clicks'].map((name) => ({ name, partitions: 12, replicationFactor: 3 })),
  producers: [{ id: 'p1', topic: 'orders', ratePerSec: 50, key: 'k-{seq%7}' }],
  consumerGroups: [{ groupId: 'g', topics: ['orders'], members: 3 }],
};

test('nine brokers and 108 replicas stay readable: tiles, then one topic with offsets', async ({ page }) => {
  await page.goto('/');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import a scenario file' }).first().click()]);
  await chooser.setFiles({ name: 'bench.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bench)) });
  await expect(brokerColumns(page)).toHaveCount(9);
  await playUntil(page, '10', () => expect(page.getByRole('button', { name: /^clicks-11 on broker \d+: leader/ })).toBeVisible());
  await expect(page.getByRole('button', { name: / on broker \d+: (leader|follower)/ })).toHaveCount(108);
  // Nine narrow columns: every broker's fault menu, the crowned controller's too, lies whole inside its column.
  for (let id = 1; id <= 9; id++) {
    const column = await page.getByTestId(`broker-${id}`).boundingBox();
    const menu = await page.getByRole('button', { name: `Faults for broker ${id}` }).boundingBox();
    expect(column !== null && menu !== null && menu.x >= column.x && menu.x + menu.width <= column.x + column.width, `broker ${id}'s fault menu`).toBe(true);
  }
  await page.screenshot({ path: 'test-results/cluster-bench-tiles.png' });
  await page.getByLabel('Topics shown').selectOption('orders');
  await expect(page.getByRole('button', { name: / on broker \d+: (leader|follower)/ })).toHaveCount(36);
  // Each line gives the high watermark (and +n for records above it); hovering says both numbers.
  await expect(page.getByTitle(/^HW \d+ · LEO \d+$/).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/cluster-bench-orders.png' });
});

test('KRaft: the quorum with its leader and epoch beside the brokers', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Scenario or lesson').selectOption('kraft');
  // The lesson waits for an answer at its first step; the end of the run shows the quorum after controller-3 crashed.
  await page.getByRole('button', { name: 'Run to the end' }).click();
  await expect(page.getByRole('region', { name: 'KRaft quorum' })).toContainText(/leader controller-\d, epoch \d/);
  await expect(page.getByRole('region', { name: 'KRaft quorum' })).toContainText('controller-3');
  await page.screenshot({ path: 'test-results/cluster-kraft.png' });
});

test('retention: segments have visible boundaries and the log start moves on', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Scenario or lesson').selectOption('retention-time-and-size');
  await page.getByRole('button', { name: 'Run to the end' }).click();
  const metrics = page.getByRole('button', { name: /^metrics-0 on broker 1: leader, in ISR, log start [1-9]\d*,/ });
  await expect(metrics).toBeVisible();
  await expect(page.getByText(/^start [1-9]\d* · HW \d+ · LEO \d+$/).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/cluster-retention.png' });
});
