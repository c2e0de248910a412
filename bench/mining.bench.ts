// Mining speed: H/s per worker in Chromium workers and in Node, scaling from 1 to N workers, and
// the native ceiling measured the way `openssl speed -bytes 16384 sha256` does (one 16 KiB buffer
// hashed over and over for a fixed time), interleaved with the Chromium measurement (ceiling,
// browser, ceiling, browser, …) so that both see the same machine: the ratio is the median of the
// rounds' ratios, with its min–max. Writes bench/results/mining.json.
import { it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import type { Page } from 'playwright-core';
import { launchBrowser, startServer } from '../tests/e2e/helpers';
import { openNode } from '../tests/e2e/node-page';
import { WasmKernel } from '../src/workers/wasm-kernel';
import { TsKernel } from '../src/core/mining/kernel';
import { encodeAddress } from '../src/core/primitives/address';
import { classroomNetwork } from '../src/core/protocol/networks';
import { ceilingHps, median, SPEED_BYTES } from './ceiling';

const SECONDS = Number(process.env.MINE_SECONDS ?? 6);
/** Ceiling/browser alternations the ratio is the median of (the issue asks for at least 5). */
const ROUNDS = Math.max(5, Number(process.env.MINE_ROUNDS ?? 5));
/** OpenSSL speed's (shortened) duration per measurement. */
const SPEED_SECONDS = Number(process.env.CEILING_SECONDS ?? 2);

function nodeKernelHps(make: () => { setTemplate(h: Uint8Array, t: bigint): void; scan(s: number, c: number): unknown }, n: number): number {
  const k = make();
  k.setTemplate(new Uint8Array(80).fill(9), 1n);
  k.scan(0, 65_536);
  const t = performance.now();
  k.scan(0, n);
  return n / ((performance.now() - t) / 1000);
}

/** The miner page, mining stopped: each measurement starts and stops it. */
async function openMinerPage(): Promise<{ page: Page; close(): Promise<void> }> {
  const server = await startServer();
  const browser = await launchBrowser();
  const net = classroomNetwork('benchmark');
  const page = await openNode(browser, `${server.url}?net=benchmark#/mine`);
  await page.getByLabel('Rewards go to (your address)').fill(encodeAddress(net.hrp, new Uint8Array(32).fill(2)));
  return {
    page,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}

/** Mines with `workers` for SECONDS and returns the median of the page's hash-rate readings. */
async function chromiumHps(page: Page, workers: number): Promise<{ total: number; perWorker: number[]; longestTaskMs: number }> {
  await page.getByTestId('mine-workers').fill(String(workers));
  await page.getByTestId('mine-workers').dispatchEvent('change');
  await page.getByTestId('mine-toggle').click();
  await page.waitForTimeout(1_500); // warm-up: workers start, kernels compile
  // The page's responsiveness while mining: the longest main-thread task (Long Tasks API).
  await page.evaluate(() => {
    const w = window as any;
    w.__longest = 0;
    w.__observer?.disconnect();
    w.__observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
    });
    w.__observer.observe({ type: 'longtask', buffered: false });
  });
  const samples: Array<{ total: number; perWorker: number[] }> = [];
  const end = Date.now() + SECONDS * 1000;
  while (Date.now() < end) {
    await page.waitForTimeout(500);
    samples.push(
      await page.evaluate(() => {
        const text = document.querySelector('dl')?.textContent ?? '';
        const parse = (s: string) => {
          const m = /([\d.]+) (MH|kH|H)\/s/.exec(s);
          if (!m) return 0;
          return Number(m[1]) * (m[2] === 'MH' ? 1e6 : m[2] === 'kH' ? 1e3 : 1);
        };
        const per = [...text.matchAll(/([\d.]+ (?:MH|kH|H)\/s) \(/g)].map((x) => parse(x[1]!));
        return { total: per.reduce((a, b) => a + b, 0), perWorker: per };
      }),
    );
  }
  const longestTaskMs = await page.evaluate(() => (window as any).__longest as number);
  await page.getByTestId('mine-toggle').click();
  await page.waitForTimeout(500); // workers stop before the next ceiling measurement
  samples.sort((a, b) => a.total - b.total);
  return { ...samples[Math.floor(samples.length / 2)]!, longestTaskMs };
}

it('mining benchmark', async () => {
  const wasmModule = new WebAssembly.Module(fs.readFileSync('src/workers/kernel/sha256d-simd.wasm'));
  const cores = os.cpus().length;
  const nodeWasm = nodeKernelHps(() => new WasmKernel(wasmModule), 8_000_000);
  const nodeTs = nodeKernelHps(() => new TsKernel(), 1_000_000);
  const miner = await openMinerPage();
  const rounds: Array<{ ceilingHps: number; browserHps: number; ratio: number }> = [];
  const workers: Array<{ n: number; hps: number; perWorker: number[]; longestTaskMs: number }> = [];
  try {
    // Ceiling, browser, ceiling, browser…: each round's ratio is of two figures a few seconds apart.
    for (let r = 0; r < ROUNDS; r++) {
      const ceiling = ceilingHps(SPEED_SECONDS);
      const browser = await chromiumHps(miner.page, 1);
      rounds.push({ ceilingHps: Math.round(ceiling), browserHps: Math.round(browser.total), ratio: +(browser.total / ceiling).toFixed(3) });
      if (r === 0) workers.push({ n: 1, hps: browser.total, perWorker: browser.perWorker, longestTaskMs: browser.longestTaskMs });
      console.log(`round ${r + 1}: ceiling ${(ceiling / 1e6).toFixed(2)} MH/s, Chromium 1 worker ${(browser.total / 1e6).toFixed(2)} MH/s, ratio ${(browser.total / ceiling).toFixed(3)}`);
    }
    for (let n = 2; n <= cores; n++) {
      const r = await chromiumHps(miner.page, n);
      workers.push({ n, hps: r.total, perWorker: r.perWorker, longestTaskMs: r.longestTaskMs });
    }
  } finally {
    await miner.close();
  }
  for (const w of workers) console.log(`chromium ${w.n} worker(s): ${(w.hps / 1e6).toFixed(2)} MH/s; longest main-thread task ${Math.round(w.longestTaskMs)} ms (50 ms is a long task)`);
  const ratios = rounds.map((r) => r.ratio);
  const ceiling = median(rounds.map((r) => r.ceilingHps));
  const perWorker = median(rounds.map((r) => r.browserHps));
  const result = {
    perWorkerHps: perWorker,
    ceilingHps: ceiling,
    ratio: median(ratios),
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    rounds,
    workers: workers.map(({ n, hps }) => ({ n, hps: Math.round(hps) })),
    longestMainThreadTaskMs: Math.round(Math.max(...workers.map((w) => w.longestTaskMs))),
    // Against the same round's 1-worker figure, so that both are of one minute of the machine.
    scaling: workers.length > 1 ? +(workers[workers.length - 1]!.hps / rounds[rounds.length - 1]!.browserHps).toFixed(2) : 1,
    node: { wasmSimdHps: Math.round(nodeWasm), typescriptHps: Math.round(nodeTs), wasmRatio: +(nodeWasm / ceiling).toFixed(3) },
    ceilingMethod: `node:crypto sha256 over one ${SPEED_BYTES}-byte buffer for ${SPEED_SECONDS} s (as openssl speed -bytes ${SPEED_BYTES} sha256): bytes/64 compressions per second divided by 2 (one midstate double hash = 2 compressions), interleaved with ${ROUNDS} Chromium rounds`,
  };
  console.log(`per worker (Chromium): ${(perWorker / 1e6).toFixed(2)} MH/s; ceiling ${(ceiling / 1e6).toFixed(2)} MH/s; ratio ${result.ratio} (min ${result.ratioMin}, max ${result.ratioMax}, ${ROUNDS} rounds); scaling x${result.scaling}`);
  console.log(`Node: WASM SIMD ${(nodeWasm / 1e6).toFixed(2)} MH/s (ratio ${result.node.wasmRatio}), TypeScript ${(nodeTs / 1e6).toFixed(2)} MH/s`);
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/mining.json', `${JSON.stringify(result, null, 2)}\n`);
});
