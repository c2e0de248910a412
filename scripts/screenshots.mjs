// `npm run screenshots`: every view at 1280 and 390 px, in docs/screenshots/. It builds if needed
// (server/start.mjs), serves on a free port, drives Debian's Chromium through a short session on a
// classroom network (two students, a wallet, mined blocks, a payment) so each view has content,
// and stops everything it started. Run it under the machine's browser lock:
//   flock /tmp/browser.lock npm run screenshots
import fs from 'node:fs';
import path from 'node:path';
import { root, startServer } from './serve.mjs';
import { chromium } from 'playwright-core';

const outDir = path.join(root, 'docs', 'screenshots');
const CHROME_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=en-US'];
const PASS = 'screenshot passphrase';

const ready = (page) => page.waitForFunction(() => Boolean(window.simplecoin?.node?.p2p));

async function student(browser, url, width, nickname) {
  const context = await browser.newContext({ viewport: { width, height: width > 600 ? 900 : 844 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(url);
  await ready(page);
  await page.getByLabel('Your nickname, shown to classmates').fill(nickname);
  await page.getByRole('button', { name: 'Save nickname' }).click();
  await page.evaluate(() => (window.location.hash = '#/wallet'));
  await page.getByLabel('Passphrase (at least 8 characters)').fill(PASS);
  await page.getByLabel('Repeat the passphrase').fill(PASS);
  await page.getByRole('button', { name: 'Create wallet' }).click();
  await page.getByTestId('wallet-address').waitFor({ timeout: 20_000 });
  return page;
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: CHROME_ARGS });
  try {
    const classUrl = `${server.url}?net=screenshots#/class`;
    for (const width of [1280, 390]) {
      // The first visit, before anything happened.
      const fresh = await (await browser.newContext({ viewport: { width, height: width > 600 ? 900 : 844 } })).newPage();
      await fresh.goto(server.url);
      await fresh.waitForFunction(() => Boolean(window.simplecoin?.node?.chain));
      await fresh.waitForTimeout(1500);
      await fresh.screenshot({ path: path.join(outDir, `first-visit-${width}.png`), fullPage: true });
      await fresh.evaluate(() => (window.location.hash = '#/class'));
      await fresh.getByLabel('Class name (letters, digits and hyphens)').fill('physics-7b');
      await fresh.getByRole('button', { name: 'Create the class' }).click();
      await fresh.screenshot({ path: path.join(outDir, `class-create-${width}.png`), fullPage: true });
      await fresh.context().close();
    }
    // A class in session: Ana mines, Ben watches; then the views.
    const ana = await student(browser, classUrl, 1280, 'Ana');
    const ben = await student(browser, classUrl, 390, 'Ben');
    await ana.evaluate(() => (window.location.hash = '#/mine'));
    await ana.getByRole('button', { name: 'Start mining' }).click();
    await ana.waitForFunction(() => window.simplecoin.node.chain.height >= 4, null, { timeout: 120_000 });
    await ana.waitForTimeout(1000);
    const views = [
      ['start', '#/'],
      ['wallet', '#/wallet'],
      ['mine', '#/mine'],
      ['class', '#/class'],
      ['explorer', '#/explorer'],
      ['block', '#/block/3'],
      ['network', '#/network'],
      ['learn', '#/learn'],
      ['node', '#/node'],
    ];
    for (const [page, width] of [
      [ana, 1280],
      [ben, 390],
    ]) {
      const address = await page.evaluate(async () => (await window.simplecoin.wallet()).address);
      for (const [name, hash] of [...views, ['address', `#/address/${address}`]]) {
        await page.evaluate((h) => (window.location.hash = h), hash);
        await page.waitForTimeout(600);
        await page.screenshot({ path: path.join(outDir, `${name}-${width}.png`), fullPage: true });
        console.log(`docs/screenshots/${name}-${width}.png`);
      }
    }
    await ana.getByRole('button', { name: 'Stop mining' }).click().catch(() => undefined);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
