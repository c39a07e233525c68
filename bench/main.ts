/**
 * `npm run bench [-- --json] [-- --only kernel|dataplane|browser]`: prints the performance figures that issues set
 * targets for. Figures are medians over repeated runs in one process; ratios are measured in the
 * same run. Never used as a test assertion.
 */
import { benchKernel } from './kernel';
import { benchDataPlane } from './dataplane';
import { benchBrowser } from './browser';

type Figures = Record<string, number | string>;

const args = process.argv.slice(2);
const json = args.includes('--json');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;

const suites: Record<string, () => Promise<Figures> | Figures> = {
  kernel: () => benchKernel(),
  dataplane: () => benchDataPlane(),
  browser: () => benchBrowser(),
};

const figures: Figures = {};
for (const [name, run] of Object.entries(suites)) {
  if (only !== undefined && only !== name) continue;
  if (!json) process.stdout.write(`${name}…\n`);
  const result = await run();
  for (const [k, v] of Object.entries(result)) {
    figures[k] = v;
    if (!json) process.stdout.write(`  ${k.padEnd(36)} ${typeof v === 'number' ? v.toLocaleString('en-US') : v}\n`);
  }
}
if (typeof figures.heapFloorEventsPerSec === 'number' && typeof figures.e2eRecordsPerSec === 'number') {
  figures.e2eToFloorRatio = Number((figures.heapFloorEventsPerSec / figures.e2eRecordsPerSec).toFixed(2));
  if (!json) process.stdout.write(`  ${'e2eToFloorRatio'.padEnd(36)} ${figures.e2eToFloorRatio}\n`);
}
if (json) process.stdout.write(`${JSON.stringify(figures)}\n`);
