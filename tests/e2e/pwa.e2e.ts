import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, CHROME_PATH, useBrowserAndServer } from './helpers';
import { mine } from './node-page';

// The installable, offline-first app: service worker control, offline start with the stored chain
// and wallet, installability, and a safe update offered to the user.

const t = useBrowserAndServer({ server: false });
const server = (env: Record<string, string> = {}) => t.startServer(env);

const controlled = (page: import('playwright-core').Page) => page.evaluate(() => navigator.serviceWorker.controller !== null);

describe('PWA', () => {
  it('is controlled by its service worker, installable, and starts offline with chain and wallet', async () => {
    const s = await server();
    // A persistent profile: installability is never granted to an incognito context.
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'simplecoin-profile-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROME_PATH, args: CHROME_ARGS });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${s.url}?net=regtest#/wallet`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.waitForFunction(() => Boolean(window.simplecoin?.node?.chain));
    expect(await controlled(page)).toBe(true);

    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] };
    expect(installabilityErrors).toEqual([]);

    await page.getByTestId('wallet-passphrase').fill('offline passphrase');
    await page.getByTestId('wallet-passphrase-repeat').fill('offline passphrase');
    await page.getByTestId('wallet-create').click();
    const address = await page.getByTestId('wallet-address').textContent({ timeout: 20_000 });
    const walletKey = await page.evaluate(async () => (await window.simplecoin.wallet()).keyHex);
    await mine(page, 3, walletKey);

    await context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => Boolean(window.simplecoin?.node?.chain));
    await expect.poll(() => page.getByTestId('chain-height').textContent()).toBe('3');
    await page.getByTestId('wallet-passphrase').fill('offline passphrase');
    await page.getByTestId('wallet-unlock').click();
    expect(await page.getByTestId('wallet-address').textContent({ timeout: 20_000 })).toBe(address);
    await expect.poll(() => page.getByTestId('balance-confirmed').textContent()).toBe('150');
    await page.screenshot({ path: path.join(os.tmpdir(), 'simplecoin-offline.png') });
    await context.setOffline(false);
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }, 120_000);

  it('offers a new version, and applies it only when asked', async () => {
    const first = await server();
    const port = new URL(first.url).port;
    const context = await t.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${first.url}?net=regtest`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload(); // a returning visit: the service worker controls the page
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const oldBuild = await page.getByTestId('build-id').textContent();
    await first.stop();

    const second = fs.mkdtempSync(path.join(os.tmpdir(), 'simplecoin-build-'));
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', second, '--emptyOutDir', '--logLevel', 'warn'], {
      env: { ...process.env, SIMPLECOIN_BUILD_ID: 'second' },
      stdio: 'inherit',
    });
    await server({ PORT: port, DIST_DIR: second });
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await page.getByTestId('update-ready').waitFor({ timeout: 30_000 });
    // Nothing changed yet: the old code runs until the user says so.
    expect(await page.getByTestId('build-id').textContent()).toBe(oldBuild);
    await page.getByRole('button', { name: 'Reload to update' }).click();
    await expect.poll(() => page.getByTestId('build-id').textContent().catch(() => ''), { timeout: 30_000 }).toBe('second');
    await context.close();
    fs.rmSync(second, { recursive: true, force: true });
  }, 180_000);
});
