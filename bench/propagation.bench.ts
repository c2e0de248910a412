// Block propagation between real tabs on loopback: each tab in its own context, all on the local
// PeerServer. A random tab mines a block; we time until every tab has it as its tip.
// Beside each figure: the machine's 1-minute load average before and after (16 renderers on 2
// cores are CPU-bound, so load from other work moves this figure most). Writes bench/results/propagation.json.
import { it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import type { Page } from 'playwright-core';
import { launchBrowser, startServer } from '../tests/e2e/helpers';
import { mine, openNode, readyPeers, waitFor } from '../tests/e2e/node-page';

const SIZES = (process.env.PROP_SIZES ?? '4,8').split(',').map(Number);
const BLOCKS = Number(process.env.PROP_BLOCKS ?? 30);

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function measure(n: number): Promise<{ tabs: number; blocks: number; p50Ms: number; p95Ms: number; maxMs: number; loadAverage: [number, number] }> {
  const loadBefore = os.loadavg()[0]!;
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const pages: Page[] = [];
    for (let i = 0; i < n; i++) pages.push(await openNode(browser, `${server.url}?net=regtest`));
    await waitFor(async () => (await Promise.all(pages.map(readyPeers))).every((k) => k >= Math.min(n - 1, 3)), 60_000, 'mesh');
    for (const p of pages) {
      await p.evaluate(() => {
        const w = window as any;
        w.__tipAt = {};
        w.simplecoin.node.events.on('tip', (t: { hashHex: string }) => (w.__tipAt[t.hashHex] = performance.timeOrigin + performance.now()));
      });
    }
    const samples: number[] = [];
    for (let b = 0; b < BLOCKS; b++) {
      const miner = pages[(b * 7) % n]!;
      await mine(miner, 1);
      const hash = await miner.evaluate(() => window.simplecoin.node.chain.tip.hashHex);
      await waitFor(async () => (await Promise.all(pages.map((p) => p.evaluate((h) => Boolean((window as any).__tipAt[h]), hash)))).every(Boolean), 30_000, `block ${b}`);
      const times = await Promise.all(pages.map((p) => p.evaluate((h) => (window as any).__tipAt[h] as number, hash)));
      samples.push(Math.max(...times) - Math.min(...times));
    }
    return { tabs: n, blocks: BLOCKS, p50Ms: +percentile(samples, 50).toFixed(1), p95Ms: +percentile(samples, 95).toFixed(1), maxMs: +Math.max(...samples).toFixed(1), loadAverage: [+loadBefore.toFixed(2), +os.loadavg()[0]!.toFixed(2)] };
  } finally {
    await browser.close();
    await server.stop();
  }
}

it('block propagation across tabs', async () => {
  const results = [];
  for (const n of SIZES) {
    const r = await measure(n);
    console.log(`propagation to all of ${n} tabs: p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms, max ${r.maxMs} ms (${r.blocks} blocks; load average ${r.loadAverage[0]} → ${r.loadAverage[1]} on ${os.cpus().length} cores)`);
    results.push(r);
  }
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/propagation.json', `${JSON.stringify(results, null, 2)}\n`);
});
