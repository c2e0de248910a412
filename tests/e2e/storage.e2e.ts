import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { useBrowserAndServer } from './helpers';
import { seededRandom } from '../support/reliability';
import { MINER, mine, openNode as openRegtest } from './node-page';

// A tab is a node with its chain in IndexedDB: reloads keep it, closing mid-write never leaves it
// inconsistent, and each open tab holds its own slot.

const t = useBrowserAndServer();

const openNode = (context: BrowserContext): Promise<Page> => openRegtest(context, `${t.server.url}?net=regtest`);

const state = (page: Page) =>
  page.evaluate((miner) => {
    const { node, slot } = window.simplecoin;
    const a = node.chain.account(miner);
    const total = a ? a.balance + a.locked.reduce((n, l) => n + l.amount, 0n) : 0n;
    return { height: node.chain.height, tip: node.chain.tip.hashHex, total: total.toString(), slot: slot.index, db: slot.dbName };
  }, MINER);

describe('IndexedDB chain in Chromium', () => {
  it('keeps the tip and balances across a reload', async () => {
    const context = await t.browser.newContext();
    const page = await openNode(context);
    await mine(page, 25);
    const before = await state(page);
    expect(before.height).toBe(25);
    expect(before.total).toBe(String(25n * 50n * 100_000_000n));
    await expect.poll(() => page.getByTestId('chain-height').textContent()).toBe('25');
    await page.reload();
    await page.waitForFunction(() => Boolean(window.simplecoin?.node?.chain));
    expect(await state(page)).toEqual(before);
    await expect.poll(() => page.getByTestId('chain-height').textContent()).toBe('25');
    await context.close();
  });

  it('stays consistent when the page closes at random moments while connecting blocks (20 times)', async () => {
    const context = await t.browser.newContext();
    let lastHeight = 0;
    const random = seededRandom(12345);
    for (let i = 0; i < 20; i++) {
      const page = await openNode(context);
      const resumed = await page.evaluate(() => window.simplecoin.node.checkConsistency());
      expect(resumed.problems).toEqual([]);
      expect(resumed.ok).toBe(true);
      expect(resumed.height).toBeGreaterThanOrEqual(lastHeight);
      lastHeight = resumed.height;
      // Start connecting blocks and close the page somewhere in the middle.
      void mine(page, 400).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 20 + random() * 250));
      lastHeight = Math.max(lastHeight, (await state(page).catch(() => ({ height: lastHeight }))).height - 1);
      await page.close();
    }
    const page = await openNode(context);
    const final = await page.evaluate(() => window.simplecoin.node.checkConsistency());
    expect(final.ok).toBe(true);
    expect(final.height).toBeGreaterThan(20);
    // And the node resumes: it keeps mining on top.
    expect(await mine(page, 2)).toBe(2);
    const after = await state(page);
    expect(after.height, JSON.stringify({ final, after })).toBe(final.height + 2);
    await context.close();
  }, 300_000);

  it('gives two tabs two slots and databases, and hands a closed tab\'s slot to the next', async () => {
    const context = await t.browser.newContext();
    const first = await openNode(context);
    const second = await openNode(context);
    const [a, b] = [await state(first), await state(second)];
    expect([a.slot, b.slot]).toEqual([0, 1]);
    expect(a.db).not.toBe(b.db);
    // Two nodes: they find each other over the network like any peers and share blocks.
    await mine(first, 3);
    await expect.poll(async () => (await state(second)).height, { timeout: 20_000 }).toBe(3);
    const firstTip = (await state(first)).tip;
    await first.close();
    const third = await openNode(context);
    const c = await state(third);
    expect(c.slot).toBe(0);
    expect(c.db).toBe(a.db);
    expect(c.height).toBe(3); // reused from slot 0's database, not downloaded again
    expect(c.tip).toBe(firstTip);
    await third.evaluate(() => (window.location.hash = '#/node'));
    await expect.poll(() => third.getByTestId('node-slot').textContent()).toBe('0');
    await context.close();
  });
});

describe('storage stewardship', () => {
  it('resets the chain without touching the wallet, and notices a chain the browser wiped', async () => {
    const context = await t.browser.newContext();
    const page = await openNode(context);
    await page.evaluate(() => (window.location.hash = '#/wallet'));
    await page.getByTestId('wallet-passphrase').fill('reset passphrase');
    await page.getByTestId('wallet-passphrase-repeat').fill('reset passphrase');
    await page.getByTestId('wallet-create').click();
    const address = await page.getByTestId('wallet-address').textContent({ timeout: 20_000 });
    await mine(page, 4);
    await page.evaluate(() => (window.location.hash = '#/node'));
    await page.getByTestId('reset-chain').click();
    await page.getByTestId('reset-confirm').click();
    await page.waitForFunction(() => window.simplecoin?.node?.chain?.height === 0);
    await page.evaluate(() => (window.location.hash = '#/wallet'));
    await page.getByTestId('wallet-passphrase').fill('reset passphrase');
    await page.getByTestId('wallet-unlock').click();
    expect(await page.getByTestId('wallet-address').textContent({ timeout: 20_000 })).toBe(address);

    // The browser wipes the chain database (not the rest of the site's data): the node says so.
    await mine(page, 2);
    const db = (await state(page)).db;
    await page.goto('about:blank');
    const other = await context.newPage();
    await other.goto(`${t.server.url}favicon.svg`);
    await other.evaluate((name) => new Promise((resolve) => { const r = indexedDB.deleteDatabase(name); r.onsuccess = r.onerror = r.onblocked = () => resolve(null); }), db);
    await other.close();
    await page.goto(`${t.server.url}?net=regtest`);
    await expect.poll(() => page.getByTestId('storage-message').textContent({ timeout: 20_000 })).toMatch(/deleted this node's chain \(it had 2 blocks\)/);
    await context.close();
  });
});
