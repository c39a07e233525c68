/**
 * Browser figures, in headless Chromium (Debian's): frame time while playing the scenario
 * (9 brokers, 3 topics of 12 partitions at RF 3, two groups, 200 records per simulated second) at
 * 1x, and seek times across a 10-minute simulated run. Builds the app, serves it with
 * `vite preview`, opens the scenario through a shared link.
 */
import { execFileSync, spawn } from 'node:child_process';
import { get } from 'node:http';
import { chromium } from 'playwright-core';
import { encodeLink } from '../src/scenario/link';
import { median, percentile } from './stats';

const PORT = 4190;

export function benchScenario(): Record<string, unknown> {
  const topics = ['orders', 'payments', 'clicks'].map((name) => ({ name, partitions: 12, replicationFactor: 3 }));
  return {
    version: 1,
    name: 'bench-ui',
    seed: 7,
    durationMs: 600_000,
    cluster: { brokers: 9, controller: 'zookeeper', network: { latencyMs: 2, jitterMs: 1 } },
    topics,
    producers: topics.map((t, i) => ({ id: `p${i + 1}`, topic: t.name, ratePerSec: i === 0 ? 68 : 66, key: 'key-{seq%50}' })),
    consumerGroups: [
      { groupId: 'analytics', topics: ['orders', 'payments', 'clicks'], members: 3 },
      { groupId: 'billing', topics: ['orders'], members: 2 },
    ],
  };
}

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(1_000, () => {
      req.destroy();
      resolve(0);
    });
  });
}

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if ((await status(url)) === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`bench: ${url} did not answer`);
}

export async function benchBrowser(): Promise<Record<string, number | string>> {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  // Vite preview needs its output read (with it ignored it never answered here).
  server.stdout.resume();
  server.stderr.resume();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const base = `http://127.0.0.1:${PORT}/`;
    await waitForServer(base);
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${base}${encodeLink({ v: 1, scenario: benchScenario(), commands: [], atMs: 0 })}`);
    await page.getByTestId('clock').waitFor();
    // Warm up to a running cluster (brokers registered, groups formed), then play at 1x.
    await page.evaluate('window.__kafkascope.seek(20000)');
    await page.waitForFunction('window.__kafkascope.store.getState().computing === null');
    // In-page code as text: tsx would wrap named functions in a helper the page does not have.
    const frames = (await page.evaluate(`(async () => {
      const k = window.__kafkascope;
      k.setSpeed(1);
      k.play();
      await new Promise((r) => setTimeout(r, 1000));
      window.__kafkascopeFrameWork = [];
      const intervals = [];
      let last = performance.now();
      const until = last + 10000;
      await new Promise((done) => {
        const loop = (now) => {
          intervals.push(now - last);
          last = now;
          if (now < until) requestAnimationFrame(loop);
          else done();
        };
        requestAnimationFrame(loop);
      });
      k.pause();
      const work = window.__kafkascopeFrameWork;
      delete window.__kafkascopeFrameWork;
      return { work, intervals };
    })()`)) as { work: number[]; intervals: number[] };
    // Seeks: compute the whole 10-minute run once, then travel in it.
    const seeks = (await page.evaluate(`(async () => {
      const k = window.__kafkascope;
      const paint = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const log = [];
      const timed = async (f, label) => {
        const t0 = performance.now();
        f();
        const sync = performance.now() - t0;
        await paint();
        const ms = performance.now() - t0;
        if (label !== undefined) log.push([ms, label + ' (' + sync.toFixed(1) + ' ms before painting)']);
        return ms;
      };
      // Computing ahead goes in slices (the page stays responsive): wait for the last one.
      const t0 = performance.now();
      k.runToEnd();
      while (k.store.getState().computing !== null) await new Promise((r) => setTimeout(r, 5));
      await paint();
      const computeAll = performance.now() - t0;
      const heapMb = performance.memory ? performance.memory.usedJSHeapSize / 1e6 : -1;
      const stats = k.timeTravelStats();
      const toStart = [];
      const toEnd = [];
      const anywhere = [];
      const worstPlaced = [];
      for (let i = 0; i < 5; i++) {
        toStart.push(await timed(() => k.seek(0), 'to 0'));
        toEnd.push(await timed(() => k.seek(600000), 'to 600000'));
        anywhere.push(await timed(() => k.seek(37000 + i * 111111), 'to ' + (37000 + i * 111111)));
        anywhere.push(await timed(() => k.seek(599000 - i * 97531), 'to ' + (599000 - i * 97531)));
        // Just before a checkpoint: the longest re-run there is.
        const next = (Math.floor((60000 + i * 123457) / stats.spacingMs) + 1) * stats.spacingMs;
        worstPlaced.push(await timed(() => k.seek(next - 1), 'to ' + (next - 1)));
      }
      log.sort((a, b) => b[0] - a[0]);
      const slowest = log.slice(0, 3).map(([ms, label]) => ms.toFixed(1) + ' ms ' + label).join(', ');
      return { computeAll, heapMb, stats, toStart, toEnd, anywhere, worstPlaced, slowest };
    })()`)) as { computeAll: number; heapMb: number; stats: { checkpoints: number; spacingMs: number }; toStart: number[]; toEnd: number[]; anywhere: number[]; worstPlaced: number[]; slowest: string };
    const all = [...seeks.toStart, ...seeks.toEnd, ...seeks.anywhere, ...seeks.worstPlaced];
    const p95 = percentile(frames.work, 95);
    const worstSeek = Math.max(...all);
    return {
      frameTarget: `95th percentile under 16 ms: ${p95 < 16 ? 'met' : 'MISSED'}`,
      seekTarget: `every seek in the computed run under 100 ms: ${worstSeek < 100 ? 'met' : 'MISSED'} (the first run to the end is computeWholeRunMs)`,
      frameWorkMedianMs: Number(median(frames.work).toFixed(2)),
      frameWorkP95Ms: Number(percentile(frames.work, 95).toFixed(2)),
      frameIntervalMedianMs: Number(median(frames.intervals).toFixed(2)),
      frameIntervalP95Ms: Number(percentile(frames.intervals, 95).toFixed(2)),
      framesMeasured: frames.work.length,
      computeWholeRunMs: Math.round(seeks.computeAll),
      heapAfterWholeRunMb: Math.round(seeks.heapMb),
      seekToStartMedianMs: Number(median(seeks.toStart).toFixed(1)),
      seekToEndMedianMs: Number(median(seeks.toEnd).toFixed(1)),
      seekAnywhereMedianMs: Number(median(seeks.anywhere).toFixed(1)),
      seekJustBeforeCheckpointMedianMs: Number(median(seeks.worstPlaced).toFixed(1)),
      checkpoints: `${seeks.stats.checkpoints}, every ${seeks.stats.spacingMs / 1000} s of simulated time`,
      seekMaxMs: Number(Math.max(...all).toFixed(1)),
      seekSlowest: seeks.slowest,
    };
  } finally {
    await browser.close();
    if (server.pid !== undefined) process.kill(-server.pid);
  }
}
