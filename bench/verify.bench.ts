// Signature verification in Chromium (@noble/secp256k1 BIP340 in a tab) against node:crypto
// (OpenSSL ECDSA on secp256k1) measured in the same run. Writes bench/results/verify.json.
import { it } from 'vitest';
import fs from 'node:fs';
import crypto from 'node:crypto';
import { launchBrowser, startServer } from '../tests/e2e/helpers';
import { openNode } from '../tests/e2e/node-page';

it('signature verification', async () => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
  const data = Buffer.from('message');
  const sig = crypto.sign('sha256', data, privateKey);
  let n = 0;
  const t = performance.now();
  while (performance.now() - t < 2_000) {
    crypto.verify('sha256', data, publicKey, sig);
    n++;
  }
  const native = (n * 1000) / (performance.now() - t);
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const page = await openNode(browser, `${server.url}?net=regtest`);
    await page.evaluate(() => window.simplecoin.benchVerify(500));
    const chromium = await page.evaluate(() => window.simplecoin.benchVerify(3_000));
    const result = { chromiumPerSec: Math.round(chromium), nodeCryptoPerSec: Math.round(native), ratio: +(chromium / native).toFixed(3), note: 'Chromium: BIP340 Schnorr (@noble/secp256k1); reference: OpenSSL ECDSA secp256k1 via node:crypto (no BIP340 there)' };
    console.log(`verify: Chromium ${result.chromiumPerSec}/s, node:crypto ${result.nodeCryptoPerSec}/s, ratio ${result.ratio}`);
    fs.mkdirSync('bench/results', { recursive: true });
    fs.writeFileSync('bench/results/verify.json', `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close();
    await server.stop();
  }
});
