import { describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { useBrowserAndServer } from './helpers';
import { recordReliability, seededRandom } from '../support/reliability';
import { height, mine, openPeer, readyPeers, sameTip, waitFor } from './node-page';
import { decodeBlock } from '../../src/core/primitives/block';
import { txid } from '../../src/core/primitives/tx';
import { fromHex, toHex } from '../../src/core/encoding/bytes';

// The soak: tabs mine and pay each other at random through their wallets, over the real network.
// At the end every tab is on one tip, every payment a wallet accepted is confirmed or still
// pending, every database passes its audit, and no heap has grown without bound.
// `npm test` runs 4 tabs for 40 s; `npm run reliability` runs 12 tabs for 10 minutes.

const TABS = Number(process.env.SOAK_TABS ?? 4);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 40);
const PASS = 'soak test passphrase';
/** A tab's JS heap after garbage collection may not exceed this. */
const HEAP_LIMIT_MB = 64;

const t = useBrowserAndServer();
const report: Record<string, unknown> = { tabs: TABS, seconds: SECONDS };

recordReliability('soak', () => report);
const random = seededRandom(1124);
const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;

interface Tab {
  page: Page;
  cdp: CDPSession;
  address: string;
  keyHex: string;
}

async function heapMB(tab: Tab): Promise<number> {
  await tab.cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await tab.cdp.send('Runtime.getHeapUsage');
  return Math.round((usedSize / 2 ** 20) * 10) / 10;
}

/** Pays `to` through the sender's wallet; the txid if the wallet and mempool accepted it. */
const pay = (from: Tab, to: Tab, amount: bigint) =>
  from.page.evaluate(
    async ([address, units]) => {
      const w = await window.simplecoin.wallet();
      try {
        return w.submit(w.prepare(address, BigInt(units), w.suggestFee())) as string;
      } catch {
        return null; // refused (not enough spendable yet, too many pending): not a payment
      }
    },
    [to.address, amount.toString()] as const,
  );

async function confirmedTxids(page: Page): Promise<Set<string>> {
  const blocks = await page.evaluate(async () => {
    const node = window.simplecoin.node;
    const out: string[] = [];
    for (const e of node.chain.activeFrom(1)) {
      const bytes = await node.chain.store.getBlock(e.hashHex);
      if (!bytes) throw new Error(`block ${e.hashHex} of the active chain is not stored`);
      out.push(Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''));
    }
    return out;
  });
  const ids = new Set<string>();
  for (const hex of blocks) for (const tx of decodeBlock(fromHex(hex)).txs) ids.add(toHex(txid(tx)));
  return ids;
}

describe('soak', () => {
  it(`${TABS} tabs mine and pay each other for ${SECONDS} s: they converge and lose no payment`, async () => {
    const url = `${t.server.url}?net=regtest`;
    const tabs: Tab[] = [];
    for (let i = 0; i < TABS; i++) {
      const page = await openPeer(t.browser, url);
      const wallet = await page.evaluate(async (pass) => {
        const w = await window.simplecoin.wallet();
        await w.create(pass, pass);
        return { address: w.address as string, keyHex: w.keyHex as string };
      }, PASS);
      tabs.push({ page, cdp: await page.context().newCDPSession(page), ...wallet });
    }
    await waitFor(async () => (await Promise.all(tabs.map((x) => readyPeers(x.page)))).every((n) => n >= Math.min(2, TABS - 1)), 60_000, 'mesh');
    const heapStart = await Promise.all(tabs.map(heapMB));
    const heapMax = [...heapStart];

    const accepted: string[] = [];
    let attempts = 0;
    let blocksMined = 0;
    const end = Date.now() + SECONDS * 1000;
    let nextHeapSample = Date.now() + 30_000;
    while (Date.now() < end) {
      if (random() < 0.25) {
        const miner = pick(tabs);
        blocksMined += (await mine(miner.page, 1, miner.keyHex)) ?? 0;
      } else {
        const from = pick(tabs);
        const to = pick(tabs.filter((x) => x !== from));
        attempts++;
        const id = await pay(from, to, BigInt(1_000_000 + Math.floor(random() * 99_000_000)));
        if (id) accepted.push(id);
      }
      if (Date.now() > nextHeapSample) {
        (await Promise.all(tabs.map(heapMB))).forEach((mb, i) => (heapMax[i] = Math.max(heapMax[i]!, mb)));
        nextHeapSample = Date.now() + 30_000;
      }
      await new Promise((r) => setTimeout(r, 100 + random() * 200));
    }

    // Let the payments settle: mine until the last of them is confirmed, then all tabs agree.
    const last = tabs[0]!;
    for (let i = 0; i < 20; i++) {
      await sameTip(tabs.map((x) => x.page), 120_000, 'converged');
      const pending = await Promise.all(tabs.map((x) => x.page.evaluate(() => window.simplecoin.node.mempool.size)));
      if (pending.every((n) => n === 0)) break;
      await mine(last.page, 1, last.keyHex);
    }
    const tip = await sameTip(tabs.map((x) => x.page), 120_000, 'converged at the end');
    const confirmed = await confirmedTxids(last.page);
    const stillPending = await last.page.evaluate((ids) => ids.filter((id) => window.simplecoin.node.mempool.has(id)), accepted);
    const lost = accepted.filter((id) => !confirmed.has(id) && !stillPending.includes(id));
    const audits = await Promise.all(tabs.map((x) => x.page.evaluate(() => window.simplecoin.node.checkConsistency())));
    const heapEnd = await Promise.all(tabs.map(heapMB));
    heapEnd.forEach((mb, i) => (heapMax[i] = Math.max(heapMax[i]!, mb)));
    Object.assign(report, {
      attempts,
      accepted: accepted.length,
      confirmed: accepted.filter((id) => confirmed.has(id)).length,
      pending: stillPending.length,
      lost: lost.length,
      blocksMined,
      finalHeight: await height(last.page),
      tip,
      consistentTabs: audits.filter((a) => a.ok).length,
      heapStartMB: heapStart,
      heapEndMB: heapEnd,
      heapMaxMB: heapMax,
    });
    expect(lost).toEqual([]);
    expect(accepted.length).toBeGreaterThan(0);
    expect(audits.every((a) => a.ok)).toBe(true);
    for (const mb of heapMax) expect(mb).toBeLessThan(HEAP_LIMIT_MB);
    for (const x of tabs) await x.page.context().close();
  }, 180_000 + SECONDS * 1000 + TABS * 10_000);
});
