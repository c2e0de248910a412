// Signature verification in Chromium: @noble/secp256k1's BIP340 (what the node ships) against
// @noble/curves' (a candidate; it has no Schnorr batch verification to measure), with node:crypto
// (OpenSSL ECDSA on secp256k1, no BIP340 there) as the reference, interleaved over rounds whose
// order rotates, on one blank page. Also the app's own measurement in a node tab (benchVerify,
// the figure the ingest ceiling is taken from). Writes bench/results/verify.json.
import { it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import crypto from 'node:crypto';
import { build } from 'vite';
import { launchBrowser, startServer } from '../tests/e2e/helpers';
import { openNode } from '../tests/e2e/node-page';

const ROUNDS = Number(process.env.VERIFY_ROUNDS ?? 5);
const MS = 1_500;

function nodeCryptoRate(ms: number): number {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
  const data = Buffer.from('message');
  const sig = crypto.sign('sha256', data, privateKey);
  let n = 0;
  const t = performance.now();
  while (performance.now() - t < ms) {
    crypto.verify('sha256', data, publicKey, sig);
    n++;
  }
  return (n * 1000) / (performance.now() - t);
}

/** bench/verify-libs.ts as one script that leaves verifyRate on window. */
async function libsScript(): Promise<string> {
  const out = await build({ configFile: false, logLevel: 'warn', build: { write: false, minify: true, lib: { entry: 'bench/verify-libs.ts', formats: ['iife'], name: 'verifyLibs' } } });
  const chunk = (Array.isArray(out) ? out[0] : out) as { output: Array<{ type: string; code?: string }> };
  return chunk.output.find((o) => o.type === 'chunk')?.code ?? '';
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const spread = (xs: number[]) => ({ median: +median(xs).toFixed(3), min: +Math.min(...xs).toFixed(3), max: +Math.max(...xs).toFixed(3) });

it('signature verification', async () => {
  const script = await libsScript();
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const blank = await (await browser.newContext()).newPage();
    await blank.addScriptTag({ content: script });
    const inPage = (lib: string) => blank.evaluate(([l, ms]) => (window as any).verifyLibs.verifyRate(l, ms) as number, [lib, MS] as const);
    await inPage('noble-secp256k1');
    await inPage('noble-curves'); // warm both JITs
    const steps: Array<[string, () => Promise<number> | number]> = [
      ['nodeCrypto', () => nodeCryptoRate(MS)],
      ['secp256k1', () => inPage('noble-secp256k1')],
      ['curves', () => inPage('noble-curves')],
    ];
    const rounds: Array<Record<string, number>> = [];
    for (let r = 0; r < ROUNDS; r++) {
      const round: Record<string, number> = { load1: +os.loadavg()[0]!.toFixed(2) };
      for (let i = 0; i < steps.length; i++) {
        const [name, run] = steps[(i + r) % steps.length]!;
        round[name] = Math.round(await run());
      }
      rounds.push(round);
      console.log(`verify round ${r + 1}: ${JSON.stringify(round)}`);
    }
    const page = await openNode(browser, `${server.url}?net=regtest`);
    await page.evaluate(() => window.simplecoin.benchVerify(500));
    const chromium = await page.evaluate(() => window.simplecoin.benchVerify(3_000) as number);
    const native = nodeCryptoRate(2_000);
    const result = {
      chromiumPerSec: Math.round(chromium),
      nodeCryptoPerSec: Math.round(native),
      ratio: +(chromium / native).toFixed(3),
      note: 'Chromium: BIP340 Schnorr (@noble/secp256k1) in a node tab; reference: OpenSSL ECDSA secp256k1 via node:crypto (no BIP340 there), measured right after',
      libraries: {
        rounds,
        secp256k1PerSec: spread(rounds.map((r) => r.secp256k1!)),
        curvesPerSec: spread(rounds.map((r) => r.curves!)),
        nodeCryptoPerSec: spread(rounds.map((r) => r.nodeCrypto!)),
        curvesOverSecp256k1: spread(rounds.map((r) => r.curves! / r.secp256k1!)),
        secp256k1OverNodeCrypto: spread(rounds.map((r) => r.secp256k1! / r.nodeCrypto!)),
        batch: '@noble/curves 2.4.0 has no Schnorr batch verification (verifyBatch is BLS only)',
      },
    };
    console.log(`verify: Chromium ${result.chromiumPerSec}/s, node:crypto ${result.nodeCryptoPerSec}/s, ratio ${result.ratio}; curves/secp256k1 ${JSON.stringify(result.libraries.curvesOverSecp256k1)}`);
    fs.mkdirSync('bench/results', { recursive: true });
    fs.writeFileSync('bench/results/verify.json', `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close();
    await server.stop();
  }
});
