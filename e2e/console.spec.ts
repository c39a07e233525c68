import { expect, test } from '@playwright/test';
import { seekTo, typeLine as type } from './helpers';

test('the console creates a topic, produces three keyed lines and consumes them from the beginning with the keys', async ({ page }) => {
  await page.goto('/');
  // The brokers start with the scenario: give them two simulated seconds to register.
  await seekTo(page, 0.2);
  await page.getByRole('tab', { name: 'Console' }).click();
  const out = page.getByRole('log');
  await type(page, 'kafka-topics.sh --bootstrap-server localhost:9092 --create --topic greetings --partitions 1 --replication-factor 3');
  await expect(out).toContainText('Created topic greetings.');
  await type(page, 'kafka-topics.sh --bootstrap-server localhost:9092 --list');
  await expect(out).toContainText('greetings');
  await type(page, 'kafka-console-producer.sh --bootstrap-server localhost:9092 --topic greetings --property parse.key=true --property key.separator=:');
  await type(page, 'fr:Bonjour');
  await type(page, 'en:Hello');
  await type(page, 'de:Hallo');
  await page.getByRole('textbox', { name: 'Kafka console command' }).press('Control+d');
  // Let the simulated cluster take the records in (the console producer lingers up to a second).
  await seekTo(page, 0.3);
  await type(page, 'kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic greetings --from-beginning --property print.key=true');
  // The consumer joins a group of its own (group.initial.rebalance.delay.ms: 3 s), then fetches.
  await page.getByRole('button', { name: 'Run to the end' }).click();
  await expect(out).toContainText('de\tHallo');
  const lines = (await out.innerText()).split('\n').map((l) => l.trim());
  const records = lines.filter((l) => /^(fr|en|de)\t/.test(l));
  expect(records).toEqual(['fr\tBonjour', 'en\tHello', 'de\tHallo']);
  await page.getByRole('textbox', { name: 'Kafka console command' }).press('Control+c');
  await expect(out).toContainText('Processed a total of 3 messages');
  await page.screenshot({ path: 'test-results/console-hands-on.png' });
});

test('--describe shows the leader change after a broker is crashed', async ({ page }) => {
  await page.goto('/');
  // A lesson whose ZooKeeper session timeout is 6 s, so the failover fits its 16 s.
  await page.getByLabel('Scenario or lesson').selectOption('a-broker-dies');
  await page.getByRole('tab', { name: 'Console' }).click();
  const out = page.getByRole('log');
  await seekTo(page, 0.15);
  await type(page, 'kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders');
  await expect(out).toContainText('Partition: 0');
  const before = /Partition: 0\s+Leader: (\d+)/.exec(await out.innerText())?.[1];
  expect(before).toBeDefined();
  await type(page, 'clear');
  await page.getByRole('button', { name: `Faults for broker ${before}` }).click();
  await page.getByRole('button', { name: `Crash broker ${before}` }).click();
  // The controller moves the leadership once the crashed broker's ZooKeeper session expires.
  await page.getByRole('button', { name: 'Run to the end' }).click();
  await type(page, 'kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders');
  await expect(out).toContainText('Partition: 0');
  const after = /Partition: 0\s+Leader: (\d+)/.exec(await out.innerText())?.[1];
  expect(after).not.toBe(before);
  expect(await out.innerText()).toMatch(new RegExp(`Partition: 0\\s+Leader: ${after}\\s+Replicas: [\\d,]+\\s+Isr: (?![^\\n]*\\b${before}\\b)`));
  await page.screenshot({ path: 'test-results/console-describe-after-crash.png' });
});
