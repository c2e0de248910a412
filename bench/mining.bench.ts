// Mining speed: H/s per worker in Chromium workers and in Node, scaling from 1 to N workers, and
// the native ceiling measured in the same run (node:crypto SHA-256 over a large buffer gives
// compressions/s; a midstate double hash costs two). Writes bench/results/mining.json.
import { it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import crypto from 'node:crypto';
import { launchBrowser, startServer } from '../tests/e2e/helpers';
import { openNode } from '../tests/e2e/node-page';
import { WasmKernel } from '../src/workers/wasm-kernel';
import { TsKernel } from '../src/core/mining/kernel';
import { encodeAddress } from '../src/core/primitives/address';
import { classroomNetwork } from '../src/core/protocol/networks';

const SECONDS = Number(process.env.MINE_SECONDS ?? 6);

function ceilingHps(): number {
  const buf = Buffer.alloc(256 * 1024 * 1024, 1);
  let best = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    crypto.createHash('sha256').update(buf).digest();
    best = Math.max(best, buf.length / 64 / ((performance.now() - t) / 1000));
  }
  return best / 2;
}

function nodeKernelHps(make: () => { setTemplate(h: Uint8Array, t: bigint): void; scan(s: number, c: number): unknown }, n: number): number {
  const k = make();
  k.setTemplate(new Uint8Array(80).fill(9), 1n);
  k.scan(0, 65_536);
  const t = performance.now();
  k.scan(0, n);
  return n / ((performance.now() - t) / 1000);
}

async function chromiumHps(workers: number): Promise<{ total: number; perWorker: number[]; longestTaskMs: number }> {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const net = classroomNetwork('benchmark');
    const page = await openNode(browser, `${server.url}?net=benchmark#/mine`);
    await page.getByTestId('mine-workers').fill(String(workers));
    await page.getByTestId('mine-workers').dispatchEvent('change');
    await page.getByLabel('Rewards go to (your address)').fill(encodeAddress(net.hrp, new Uint8Array(32).fill(2)));
    await page.getByTestId('mine-toggle').click();
    await page.waitForTimeout(1_500); // warm-up: workers start, kernels compile
    // The page's responsiveness while mining: the longest main-thread task (Long Tasks API).
    await page.evaluate(() => {
      const w = window as any;
      w.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
      }).observe({ type: 'longtask', buffered: false });
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
    samples.sort((a, b) => a.total - b.total);
    return { ...samples[Math.floor(samples.length / 2)]!, longestTaskMs };
  } finally {
    await browser.close();
    await server.stop();
  }
}

it('mining benchmark', async () => {
  const ceiling = ceilingHps();
  const wasmModule = new WebAssembly.Module(fs.readFileSync('src/workers/kernel/sha256d-simd.wasm'));
  const nodeWasm = nodeKernelHps(() => new WasmKernel(wasmModule), 8_000_000);
  const nodeTs = nodeKernelHps(() => new TsKernel(), 1_000_000);
  const cores = os.cpus().length;
  const workers = [];
  for (let n = 1; n <= cores; n++) {
    const r = await chromiumHps(n);
    workers.push({ n, hps: Math.round(r.total), perWorker: r.perWorker.map(Math.round), longestTaskMs: Math.round(r.longestTaskMs) });
    console.log(`chromium ${n} worker(s): ${(r.total / 1e6).toFixed(2)} MH/s; longest main-thread task ${Math.round(r.longestTaskMs)} ms (50 ms is a long task)`);
  }
  const perWorker = workers[0]!.hps;
  const result = {
    perWorkerHps: perWorker,
    ceilingHps: Math.round(ceiling),
    ratio: +(perWorker / ceiling).toFixed(3),
    workers: workers.map(({ n, hps }) => ({ n, hps })),
    longestMainThreadTaskMs: Math.max(...workers.map((w) => w.longestTaskMs)),
    scaling: workers.length > 1 ? +(workers[workers.length - 1]!.hps / perWorker).toFixed(2) : 1,
    node: { wasmSimdHps: Math.round(nodeWasm), typescriptHps: Math.round(nodeTs), wasmRatio: +(nodeWasm / ceiling).toFixed(3) },
    ceilingMethod: 'node:crypto sha256 over 256 MiB: compressions/s divided by 2 (one midstate double hash = 2 compressions)',
  };
  console.log(`per worker (Chromium): ${(perWorker / 1e6).toFixed(2)} MH/s; ceiling ${(ceiling / 1e6).toFixed(2)} MH/s; ratio ${result.ratio}; scaling x${result.scaling}`);
  console.log(`Node: WASM SIMD ${(nodeWasm / 1e6).toFixed(2)} MH/s (ratio ${result.node.wasmRatio}), TypeScript ${(nodeTs / 1e6).toFixed(2)} MH/s`);
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/mining.json', `${JSON.stringify(result, null, 2)}\n`);
});
