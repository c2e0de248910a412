// Driving a SimpleCoin tab through its automation handle (window.simplecoin).
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const MINER = 'ab'.repeat(32);

export async function openNode(target: Browser | BrowserContext, url: string): Promise<Page> {
  const context = 'newContext' in target ? await target.newContext() : target;
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => Boolean(window.simplecoin?.node?.chain));
  return page;
}

/** Opens a node and waits until its p2p side is running too. */
export async function openPeer(target: Browser | BrowserContext, url: string): Promise<Page> {
  const page = await openNode(target, url);
  await page.waitForFunction(() => Boolean(window.simplecoin.node.p2p?.pool));
  return page;
}

export const height = (page: Page) => page.evaluate(() => window.simplecoin.node.chain.height);
export const tip = (page: Page) => page.evaluate(() => window.simplecoin.node.chain.tip.hashHex);
export const readyPeers = (page: Page) => page.evaluate(() => window.simplecoin.node.peerList().filter((p) => p.state === 'ready').length);
export const nodeKey = (page: Page) => page.evaluate(() => window.simplecoin.node.nodeKeyHex);

export const mine = (page: Page, n: number, minerHex = MINER) =>
  page.evaluate(([count, miner]) => window.simplecoin.mineRegtestBlocks(count, miner), [n, minerHex] as const);

/** Hands the tab's node a block or a transaction, as hex, the way a peer's bytes reach it. */
export const submitBlock = (page: Page, hex: string) => page.evaluate((h) => window.simplecoin.submitBlockHex(h), hex);
export const submitTx = (page: Page, hex: string) => page.evaluate((h) => window.simplecoin.submitTxHex(h), hex);

export async function waitFor(cond: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function sameTip(pages: Page[], ms: number, what = 'all tabs on one tip'): Promise<string> {
  let tips: string[] = [];
  await waitFor(async () => {
    tips = await Promise.all(pages.map(tip));
    return tips.every((t) => t === tips[0]);
  }, ms, what);
  return tips[0]!;
}
