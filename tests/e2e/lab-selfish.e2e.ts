// The attack lab, scenario 4 (selfish mining), across three real tabs on a lab network: the
// attacker starts SM1 from the Lab view while the two honest tabs are idle, so its first blocks
// stay secret (nobody's chain moves); the honest tabs then mine as usual, and an honest block
// makes the attacker release its branch, which every honest tab reorganises onto. Stopped, every
// tab is on one tip, and the view's counts are the chain's: its coinbases above the start height.
import { describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { useBrowserAndServer } from './helpers';
import { height, tip, waitFor } from './node-page';
import { createWallet, openLabTabs, screenshotAndPhone } from './lab-tabs';

const fx = useBrowserAndServer();

const HONEST_RECIPIENT = 7;

/** Counts the tab's chain reorganisations (blocks disconnected) from now on. */
const watchReorgs = (page: Page) =>
  page.evaluate(() => {
    const w = window as Window & { labDisconnects?: number };
    w.labDisconnects = 0;
    w.simplecoin.node.chain.events.on('disconnect', () => void (w.labDisconnects = (w.labDisconnects ?? 0) + 1));
  });
const disconnects = (page: Page) => page.evaluate(() => (window as Window & { labDisconnects?: number }).labDisconnects ?? 0);

/** The honest tab's own miner, as its Mine view would start it. */
const setMining = (page: Page, on: boolean) =>
  page.evaluate(
    async ([run, fill]) => {
      const mining = await window.simplecoin.mining();
      if (!run) return mining.stop();
      mining.setRecipient(new Uint8Array(32).fill(fill));
      mining.start();
    },
    [on, HONEST_RECIPIENT] as const,
  );

/** Of the active chain above `from`: the blocks whose coinbase pays `keyHex`, and all. */
const coinbaseCounts = (page: Page, from: number, keyHex: string) =>
  page.evaluate(
    async ([start, key]) => {
      const node = window.simplecoin.node;
      const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
      let mine = 0;
      const entries = node.chain.activeFrom(start + 1);
      for (const entry of entries) {
        const coinbase = (await node.chain.loadBlock(entry)).txs[0];
        if (!coinbase) throw new Error(`block ${entry.hashHex} has no coinbase`);
        if (hex(coinbase.recipient) === key) mine++;
      }
      return { mine, total: entries.length };
    },
    [from, keyHex] as const,
  );

describe('attack lab: selfish mining', () => {
  it('withholds blocks, releases them when honest blocks come, and shows shares the chain bears out', async () => {
    const { tabs } = await openLabTabs(fx.browser, fx.server.url, 3);
    const [attacker, ...honest] = tabs as [Page, Page, Page];
    const attackerKey = await createWallet(attacker);
    for (const h of honest) await watchReorgs(h);

    await attacker.evaluate(() => (window.location.hash = '#/lab'));
    await attacker.locator('#selfish-workers').fill('1');
    await attacker.getByTestId('selfish-start').click();
    const figures = attacker.getByTestId('selfish-figures');
    const attr = async (name: string) => Number(await figures.getAttribute(name));

    // The honest tabs are idle: the attacker's blocks stay on its private chain.
    await waitFor(async () => (await figures.count()) === 1 && (await attr('data-withheld')) >= 2, 300_000, 'two secret blocks');
    const start = await attr('data-start-height');
    for (const t of tabs) expect(await height(t)).toBe(start);

    // Honest mining: an honest block brings the attacker's lead down, and SM1 releases the branch.
    for (const h of honest) await setMining(h, true);
    try {
      await waitFor(async () => (await attr('data-released')) >= 2 && (await Promise.all(honest.map(disconnects))).every((n) => n >= 1), 400_000, 'a release every honest tab reorganised onto');
    } finally {
      for (const h of honest) await setMining(h, false);
    }
    expect(await attr('data-orphaned')).toBeGreaterThanOrEqual(1);

    await attacker.getByTestId('selfish-stop').click();
    await waitFor(async () => (await figures.getAttribute('data-running')) === 'no', 60_000, 'the run stopped');
    await waitFor(async () => new Set(await Promise.all(tabs.map(tip))).size === 1, 60_000, 'every tab on one tip');
    const top = await height(attacker);
    await waitFor(async () => (await attr('data-main-total')) === top - start, 20_000, "the view's count caught up with the tip");

    // The view's shares are the chain's: the attacker's coinbases above the start, on every tab.
    for (const t of tabs) expect(await coinbaseCounts(t, start, attackerKey)).toEqual({ mine: await attr('data-main-mine'), total: await attr('data-main-total') });
    expect(await attr('data-main-mine')).toBeGreaterThanOrEqual(2);
    expect(await attr('data-most-withheld')).toBeGreaterThanOrEqual(2);
    const result = attacker.getByTestId('selfish-result');
    await expect(result.textContent()).resolves.toMatch(/With \d+\.\d% of the hash rate you got \d+\.\d% of the main chain/);
    const log = attacker.getByTestId('selfish-log');
    await expect(log.textContent()).resolves.toMatch(new RegExp(`up to block ${start} into a private chain`));
    await expect(log.textContent()).resolves.toMatch(/You released \d+ secret blocks?/);
    await expect(attacker.getByTestId('selfish-rate').textContent()).resolves.toMatch(/^[\d,]+ hashes\/s$/);
    expect(await attacker.locator('[data-testid="selfish-sweep"] tr[data-nearest="yes"]').count()).toBe(1);

    const axe = await new AxeBuilder({ page: attacker }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await result.scrollIntoViewIfNeeded();
    await screenshotAndPhone(attacker, 'lab-selfish');
    for (const t of tabs) await t.context().close();
  }, 900_000);
});
