// Mining kernel experiments (issue 19): variants of the generated SIMD kernel, each measured in
// Chromium workers against the native ceiling (bench/ceiling.ts), interleaved: every round measures
// the ceiling, then each variant on 1 worker and on 2, in an order that rotates from round to
// round. A variant's ratio is the median over rounds of (its H/s ÷ that round's ceiling), with the
// min–max, and its speed against the 1-group kernel in the same round; its scaling is the median of (2 workers ÷ 1 worker) within a round. Variants: the
// 1 group of 4 nonces per iteration (the kernel before issue 19), 2 interleaved groups (ILP, now
// committed: KERNEL_GROUPS in scripts/gen-kernel-wat.mjs), and relaxed SIMD where Chromium has it. Writes bench/results/kernel.json.
import { it } from 'vitest';
import fs from 'node:fs';
import wabtInit from 'wabt';
import { launchBrowser } from '../tests/e2e/helpers';
import { generateKernelWat } from '../scripts/gen-kernel-wat.mjs';
import { KERNEL_LAYOUT } from '../src/workers/kernel/layout.js';
import { ceilingHps, median } from './ceiling';

const ROUNDS = Math.max(5, Number(process.env.KERNEL_ROUNDS ?? 5));
const MS = Number(process.env.KERNEL_MS ?? 1_500);

/** A worker that compiles one kernel, then on each message hashes for `ms` and answers H/s. */
const WORKER = `
let kernel;
onmessage = async (e) => {
  const m = e.data;
  if (m.bytes) {
    let instance;
    try {
      ({ instance } = await WebAssembly.instantiate(m.bytes, {}));
    } catch (err) {
      postMessage({ error: String(err) });
      return;
    }
    kernel = instance.exports;
    const w = new Uint32Array(kernel.memory.buffer);
    for (let i = 0; i < 11; i++) w[i] = Math.imul(0x9e3779b9, i + 1) >>> 0;
    w[m.layout.target0 / 4] = 0; // a target word of 0: (almost) no candidates, pure hashing
    const end = performance.now() + 800; // tier up to the optimising compiler
    for (let n = 0; performance.now() < end; ) n += kernel.scan(n, 65536);
    postMessage(0);
    return;
  }
  let hashed = 0;
  const start = performance.now();
  let now = start;
  while (now - start < m.ms) { hashed += kernel.scan(hashed, 65536); now = performance.now(); }
  postMessage(hashed / ((now - start) / 1000));
};`;

/** relaxed_laneselect with an all-lanes mask: valid only where the engine has relaxed SIMD. */
const RELAXED_PROBE = '(module (func (result v128) (i32x4.relaxed_laneselect (v128.const i32x4 0 0 0 0) (v128.const i32x4 0 0 0 0) (v128.const i32x4 0 0 0 0))))';

it('mining kernel variants', async () => {
  const wabt = await wabtInit();
  const assemble = (wat: string) => {
    const m = wabt.parseWat('k.wat', wat, { simd: true, relaxed_simd: true });
    m.validate();
    const bytes = m.toBinary({}).buffer;
    m.destroy();
    return Array.from(bytes);
  };
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    page.on('console', (m) => console.log(`page: ${m.text()}`));
    page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
    // A blank page of its own origin: the app's CSP (worker-src 'self') would refuse blob workers.
    await page.route('http://kernel.bench/', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>kernel bench</title>' }));
    await page.goto('http://kernel.bench/');
    console.log('page open');
    const relaxedSupported = await page.evaluate((b) => WebAssembly.validate(new Uint8Array(b)), assemble(RELAXED_PROBE));
    const variants = [
      { name: '1 group (before)', wat: generateKernelWat({ groups: 1 }).wat },
      { name: '2 interleaved groups', wat: generateKernelWat({ groups: 2 }).wat },
      ...(relaxedSupported ? [{ name: '1 group, relaxed SIMD', wat: generateKernelWat({ groups: 1, relaxed: true }).wat }] : []),
    ];
    await page.evaluate(
      async ({ source, binaries, layout }) => {
        const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
        const w = window as any;
        w.__kernels = await Promise.all(
          binaries.map(async (b) => {
            const pair = [new Worker(url), new Worker(url)];
            const ready = pair.map(
              (wk) =>
                new Promise<void>((ok, fail) => {
                  wk.onerror = (e) => fail(new Error(`worker: ${e.message}`));
                  wk.onmessage = (e) => (e.data?.error ? fail(new Error(e.data.error)) : ok());
                  wk.postMessage({ bytes: new Uint8Array(b), layout });
                }),
            );
            await Promise.all(ready);
            return pair;
          }),
        );
        w.__run = (v: number, n: number, ms: number) =>
          Promise.all((w.__kernels[v] as Worker[]).slice(0, n).map((wk) => new Promise<number>((ok) => ((wk.onmessage = (e) => ok(e.data)), wk.postMessage({ ms }))))).then((r) => r.reduce((a, b) => a + b, 0));
      },
      { source: WORKER, binaries: variants.map((v) => assemble(v.wat)), layout: KERNEL_LAYOUT },
    );
    console.log(`${variants.length} variants compiled (relaxed SIMD ${relaxedSupported ? 'validates' : 'does not validate'})`);
    const run = (v: number, n: number) => page.evaluate(({ v, n, ms }) => (window as any).__run(v, n, ms) as Promise<number>, { v, n, ms: MS });
    const rounds: Array<{ ceilingHps: number; one: number[]; two: number[] }> = [];
    for (let r = 0; r < ROUNDS; r++) {
      const ceiling = ceilingHps(MS / 1000);
      const one: number[] = new Array(variants.length);
      const two: number[] = new Array(variants.length);
      for (let j = 0; j < variants.length; j++) {
        const v = (j + r) % variants.length;
        one[v] = await run(v, 1);
        two[v] = await run(v, 2);
      }
      rounds.push({ ceilingHps: Math.round(ceiling), one: one.map(Math.round), two: two.map(Math.round) });
      console.log(`round ${r + 1}: ceiling ${(ceiling / 1e6).toFixed(2)} MH/s; ${variants.map((v, i) => `${v.name} ${(one[i]! / 1e6).toFixed(2)} / ${(two[i]! / 1e6).toFixed(2)} MH/s`).join('; ')}`);
    }
    const summary = variants.map((v, i) => {
      const ratios = rounds.map((r) => r.one[i]! / r.ceilingHps);
      const vsOneGroup = rounds.map((r) => r.one[i]! / r.one[0]!);
      const scaling = rounds.map((r) => r.two[i]! / r.one[i]!);
      return {
        variant: v.name,
        perWorkerHps: median(rounds.map((r) => r.one[i]!)),
        twoWorkersHps: median(rounds.map((r) => r.two[i]!)),
        ratio: +median(ratios).toFixed(3),
        ratioMin: +Math.min(...ratios).toFixed(3),
        ratioMax: +Math.max(...ratios).toFixed(3),
        vsOneGroup: +median(vsOneGroup).toFixed(3),
        vsOneGroupMin: +Math.min(...vsOneGroup).toFixed(3),
        vsOneGroupMax: +Math.max(...vsOneGroup).toFixed(3),
        scaling: +median(scaling).toFixed(2),
        scalingMin: +Math.min(...scaling).toFixed(2),
        scalingMax: +Math.max(...scaling).toFixed(2),
      };
    });
    for (const s of summary) console.log(`${s.variant}: ${(s.perWorkerHps / 1e6).toFixed(2)} MH/s per worker, ratio ${s.ratio} (${s.ratioMin}–${s.ratioMax}), ×${s.vsOneGroup} of 1 group (${s.vsOneGroupMin}–${s.vsOneGroupMax}), 2 workers ×${s.scaling} (${s.scalingMin}–${s.scalingMax})`);
    fs.mkdirSync('bench/results', { recursive: true });
    fs.writeFileSync('bench/results/kernel.json', `${JSON.stringify({ relaxedSimdInChromium: relaxedSupported, ceilingMedianHps: median(rounds.map((r) => r.ceilingHps)), msPerMeasurement: MS, summary, rounds }, null, 2)}\n`);
  } finally {
    await browser.close();
  }
});
