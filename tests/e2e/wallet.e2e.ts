import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { useBrowserAndServer } from './helpers';
import { openNode, readyPeers, sameTip, waitFor } from './node-page';

// The user journey across separate browser contexts on regtest: create wallets, mine, send,
// confirm, check the history, reload, and restore a backup in a fresh context.

const t = useBrowserAndServer();
const PASS = 'correct horse battery';

async function createWallet(page: Page): Promise<string> {
  await page.evaluate(() => (window.location.hash = '#/wallet'));
  await page.getByTestId('wallet-passphrase').fill(PASS);
  await page.getByTestId('wallet-passphrase-repeat').fill(PASS);
  await page.getByTestId('wallet-create').click();
  await expect.poll(() => page.getByTestId('wallet-address').textContent(), { timeout: 20_000 }).toMatch(/^scrt1/);
  return (await page.getByTestId('wallet-address').textContent())!;
}

async function mineBlocks(page: Page, atLeast: number): Promise<void> {
  const start = await page.evaluate(() => window.simplecoin.node.chain.height);
  await page.evaluate(() => (window.location.hash = '#/mine'));
  await expect.poll(() => page.getByLabel('Rewards go to (your address)').inputValue()).toMatch(/^scrt1/);
  await page.getByTestId('mine-toggle').click();
  await waitFor(async () => (await page.evaluate(() => window.simplecoin.node.chain.height)) >= start + atLeast, 30_000, 'mined');
  await page.getByTestId('mine-toggle').click();
  await expect.poll(() => page.getByTestId('mine-toggle').getAttribute('aria-pressed')).toBe('false');
}

/** Shows the wallet view, unlocking it if it is locked. */
async function openWallet(page: Page): Promise<void> {
  await page.evaluate(() => (window.location.hash = '#/wallet'));
  await page.waitForFunction(() => document.querySelector('[data-testid=wallet-address], [data-testid=wallet-unlock]'));
  if (await page.getByTestId('wallet-unlock').isVisible()) {
    await page.getByTestId('wallet-passphrase').fill(PASS);
    await page.getByTestId('wallet-unlock').click();
  }
  await page.getByTestId('wallet-address').waitFor({ timeout: 20_000 });
}

const row = (page: Page) => page.getByTestId('history-row').filter({ hasText: 'Sent' }).first();

describe('wallet journey', () => {
  it('creates wallets, mines, sends, confirms, reloads, and restores a backup', async () => {
    const alice = await openNode(t.browser, `${t.server.url}?net=regtest`);
    const bob = await openNode(t.browser, `${t.server.url}?net=regtest`);
    await waitFor(async () => (await readyPeers(alice)) === 1, 20_000, 'peers');
    await createWallet(alice);
    const bobAddress = await createWallet(bob);
    await expect.poll(() => alice.getByTestId('backup-card').textContent()).toMatch(/Back up your wallet before coins arrive/);

    await mineBlocks(alice, 4);
    await openWallet(alice);
    await expect.poll(async () => Number(await alice.getByTestId('balance-confirmed').textContent())).toBeGreaterThanOrEqual(200);

    // Clear errors first: a bad address, then more than she has.
    await alice.getByTestId('send-to').fill(bobAddress.slice(0, -1) + (bobAddress.endsWith('q') ? 'p' : 'q'));
    await alice.getByTestId('send-amount').fill('1.5');
    await alice.getByTestId('send-submit').click();
    await expect.poll(() => alice.getByTestId('send-to-error').textContent()).toMatch(/checksum/);
    await alice.getByTestId('send-to').fill(bobAddress);
    await alice.getByTestId('send-amount').fill('1000000');
    await alice.getByTestId('send-submit').click();
    await expect.poll(() => alice.getByTestId('send-amount-error').textContent()).toMatch(/Insufficient funds/);

    await alice.getByTestId('send-amount').fill('1.5');
    await alice.getByTestId('send-submit').click();
    await expect.poll(() => alice.getByTestId('send-confirm').isVisible()).toBe(true);
    expect(await alice.getByRole('group', { name: 'Confirm the transfer' }).textContent()).toMatch(/Total 1\.5000\d* coins|Total 1\.500/);
    await alice.getByTestId('send-confirm').click();
    await expect.poll(() => row(alice).getAttribute('data-status')).toBe('pending');
    const txid = (await row(alice).getAttribute('data-txid'))!;
    // Bob sees it pending.
    await openWallet(bob);
    await expect.poll(() => bob.getByTestId('balance-incoming').textContent(), { timeout: 20_000 }).toBe('+1.5');
    expect(await bob.getByTestId('balance-confirmed').textContent()).toBe('0');

    await mineBlocks(alice, 1);
    await sameTip([alice, bob], 20_000);
    await openWallet(bob);
    await expect.poll(() => bob.getByTestId('balance-confirmed').textContent(), { timeout: 20_000 }).toBe('1.5');
    await expect.poll(() => bob.locator(`[data-testid=history-row][data-txid="${txid}"]`).getAttribute('data-status')).toBe('confirmed');

    // Reload: locked, then the same balance and history.
    await bob.reload();
    await bob.waitForFunction(() => Boolean(window.simplecoin?.node?.chain));
    await bob.getByTestId('wallet-unlock').waitFor({ timeout: 20_000 });
    await openWallet(bob);
    await expect.poll(() => bob.getByTestId('balance-confirmed').textContent(), { timeout: 20_000 }).toBe('1.5');

    // Backup, and restore into a fresh context.
    const download = bob.waitForEvent('download');
    await bob.getByTestId('backup-download').click();
    const file = await (await download).path();
    const carol = await openNode(t.browser, `${t.server.url}?net=regtest#/wallet`);
    await carol.getByTestId('mode-import').click();
    await carol.getByTestId('import-file').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: fs.readFileSync(file) });
    await carol.getByTestId('import-passphrase').fill(PASS);
    await carol.getByTestId('import-submit').click();
    await expect.poll(() => carol.getByTestId('wallet-address').textContent(), { timeout: 20_000 }).toBe(bobAddress);
    await expect.poll(() => carol.getByTestId('balance-confirmed').textContent(), { timeout: 30_000 }).toBe('1.5');
    for (const p of [alice, bob, carol]) await p.context().close();
  }, 180_000);
});
