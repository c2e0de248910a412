// Tabs on the lab network lab-fixture for the lab's e2e tests: each starts with the fixture's
// blocks 1-7, so the fixture miner (whose wallet the attacker restores) has coins to spend.
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openPeer, readyPeers, submitBlock, waitFor } from './node-page';
import { encodeBlock } from '../../src/core/primitives/block';
import { toHex } from '../../src/core/encoding/bytes';
import { phraseOfKey } from '../../src/core/wallet/phrase';
import { LAB_FIXTURE, LAB_FIXTURE_MINER_SECRET, labFixtureChain } from '../support/lab-fixture';

export const LAB_PASS = 'lab passphrase';


/** `count` tabs on lab-fixture, each with its own browser context, holding blocks 1-7 and connected to all the others. */
export async function openLabTabs(browser: Browser, serverUrl: string, count: number): Promise<{ url: string; tabs: Page[] }> {
  const blocks = (await labFixtureChain()).map((b) => toHex(encodeBlock(b)));
  const url = `${serverUrl}?net=${LAB_FIXTURE.name}`;
  const tabs: Page[] = [];
  for (let i = 0; i < count; i++) {
    const page = await openPeer(browser, url);
    for (const b of blocks) expect(await submitBlock(page, b)).toMatch(/connected|duplicate/);
    tabs.push(page);
  }
  await waitFor(async () => (await Promise.all(tabs.map(readyPeers))).every((n) => n === count - 1), 60_000, 'every tab connected to all the others');
  return { url, tabs };
}

/** Creates a wallet through the Wallet view (its address then goes out in the tab's profile). */
export async function createWallet(page: Page): Promise<string> {
  await page.evaluate(() => (window.location.hash = '#/wallet'));
  await page.getByTestId('wallet-passphrase').fill(LAB_PASS);
  await page.getByTestId('wallet-passphrase-repeat').fill(LAB_PASS);
  await page.getByTestId('wallet-create').click();
  await expect.poll(() => page.getByTestId('wallet-address').textContent(), { timeout: 20_000 }).toMatch(/^sc/);
  return page.evaluate(async () => (await window.simplecoin.wallet()).keyHex);
}

/** Restores the fixture miner's wallet from its recovery phrase (unlocked: the lab signs with it). */
export async function restoreFixtureMiner(page: Page): Promise<string> {
  await page.evaluate(() => (window.location.hash = '#/wallet'));
  await page.getByTestId('mode-restore').click();
  await page.getByTestId('restore-phrase').fill(phraseOfKey(LAB_FIXTURE_MINER_SECRET));
  await page.getByTestId('wallet-passphrase').fill(LAB_PASS);
  await page.getByTestId('wallet-passphrase-repeat').fill(LAB_PASS);
  await page.getByTestId('restore-submit').click();
  await expect.poll(() => page.getByTestId('wallet-address').textContent(), { timeout: 20_000 }).toMatch(/^sc/);
  return page.evaluate(async () => (await window.simplecoin.wallet()).keyHex);
}

/** Mines on the tab's own miner (its workers, the classroom target) until its chain reaches `height`, then stops. */
export async function mineTo(page: Page, height: number, ms = 60_000): Promise<void> {
  await page.evaluate(async () => {
    const mining = await window.simplecoin.mining();
    mining.setRecipient(new Uint8Array(32).fill(7));
    mining.start();
  });
  try {
    await waitFor(() => page.evaluate((h) => window.simplecoin.node.chain.height >= h, height), ms, `a block at height ${height}`);
  } finally {
    await page.evaluate(async () => (await window.simplecoin.mining()).stop());
  }
}

/** The recipients (hex) of the transfers in the tab's tip block. */
export const tipTransfers = (page: Page) =>
  page.evaluate(async () => {
    const node = window.simplecoin.node;
    const block = await node.chain.loadBlock(node.chain.tip);
    const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    return (block.txs as Array<{ kind: number; recipient: Uint8Array }>).filter((t) => t.kind === 1).map((t) => hex(t.recipient));
  });

/** LAB_SCREENSHOTS=dir keeps the result view at 1280 px (the closing note shows it); then it must fit 390 px. */
export async function screenshotAndPhone(page: Page, name: string): Promise<void> {
  if (process.env.LAB_SCREENSHOTS) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `${process.env.LAB_SCREENSHOTS}/${name}-1280.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}
