import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { useBrowserAndServer } from './helpers';
import { recordReliability, seededRandom } from '../support/reliability';
import { height, mine, nodeKey, openPeer, readyPeers, sameTip, tip, waitFor } from './node-page';

// Crash recovery after Bitcoin Core's feature_dbcrash.py: the tab's renderer is killed outright
// (CDP Page.crash: no unload, no pending write finishes) at random points while it syncs, mines,
// or reorganises onto a competing chain. Each time the reopened node must find its database
// consistent (a full replay matches the stored state), still hold the block it last showed as its
// tip (what a page shows connected was committed first), and carry on. `npm test` kills it a few times; `npm run reliability` 100 times.

const KILLS = Number(process.env.CRASH_KILLS ?? 9);
const SCENARIOS = ['sync', 'mining', 'reorg'] as const;
type Scenario = (typeof SCENARIOS)[number];

const t = useBrowserAndServer();
const report = { kills: 0, byScenario: { sync: 0, mining: 0, reorg: 0 } as Record<Scenario, number>, inconsistent: 0, blocksLost: 0, finalHeight: 0, seconds: 0 };

recordReliability('crash', () => report);
const random = seededRandom(20261124);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Lets only `key` (or nobody) talk to this miner: the two miners never see each other. */
const allowOnly = (page: Page, key: string) =>
  page.evaluate((k) => window.simplecoin.pool().setPartition((other: string) => other === k), key);

async function killRenderer(page: Page): Promise<void> {
  const crashed = new Promise((r) => page.once('crash', r));
  const cdp = await page.context().newCDPSession(page);
  void cdp.send('Page.crash').catch(() => undefined);
  await crashed;
  await page.close().catch(() => undefined);
}

/**
 * Regtest blocks get max(now, median time past + 1) as their time, so mining faster than about
 * 6 blocks a second runs their times ahead of the clock, and past 12 spacings (6 minutes) our own
 * node refuses them (time-too-new). The test waits for the clock when it gets close.
 */
async function keepClockMargin(miners: Page[]): Promise<void> {
  const times = await Promise.all(miners.map((m) => m.evaluate(() => window.simplecoin.node.chain.tip.header.time)));
  const lead = Math.max(...times) - Date.now() / 1000;
  if (lead > 200) await pause((lead - 200) * 1000);
}

const stored = (page: Page, hashHex: string) => page.evaluate((h) => Boolean(window.simplecoin.node.chain.index.get(h)?.hasData), hashHex);

/**
 * Opens the victim again on its own slot (0). The browser frees a killed renderer's slot lock
 * only once it has noticed the crash; a page opened before that takes the next slot and another
 * chain database, so it is closed and the next try waits a little.
 */
async function reopen(context: BrowserContext, url: string) {
  let page = await openPeer(context, url);
  const slotOf = (p: Page) => p.evaluate(() => window.simplecoin.slot.index);
  for (let tries = 1; (await slotOf(page)) !== 0; tries++) {
    if (tries >= 50) throw new Error('the killed tab\'s slot was never freed');
    await page.close();
    await pause(200);
    page = await openPeer(context, url);
  }
  const audit = await page.evaluate(() => window.simplecoin.node.checkConsistency());
  return { page, audit };
}

describe('crash recovery', () => {
  it(`survives ${KILLS} renderer kills during sync, mining and reorgs, losing nothing`, async () => {
    const started = Date.now();
    const url = `${t.server.url}?net=regtest`;
    // Two miners on competing chains (forked at genesis), each reachable only by the victim.
    const miners = [await openPeer(t.browser, url), await openPeer(t.browser, url)];
    for (const m of miners) await allowOnly(m, '');
    await mine(miners[0]!, 40, 'aa'.repeat(32));
    await mine(miners[1]!, 20, 'bb'.repeat(32));
    const context = await t.browser.newContext();
    let page = await openPeer(context, url);
    let audit: Awaited<ReturnType<typeof reopen>>['audit'];
    const victimKey = await nodeKey(page);
    let current = 0; // the miner whose chain the victim follows
    await allowOnly(miners[0]!, victimKey);
    await sameTip([page, miners[0]!], 30_000, 'first sync');
    await page.close();

    let seenTip = '';
    for (let i = 0; i < KILLS; i++) {
      const scenario = SCENARIOS[i % SCENARIOS.length]!;
      const source = scenario === 'reorg' ? 1 - current : current;
      await keepClockMargin(miners);
      // For sync and reorgs the source gets ahead of the victim and the other miner, so there is
      // work to do; for mining the victim makes its own.
      if (scenario !== 'mining') {
        const ahead = Math.max(...(await Promise.all(miners.map(height)))) + 10 + Math.floor(random() * 30);
        await mine(miners[source]!, ahead - (await height(miners[source]!)));
      }
      await allowOnly(miners[1 - source]!, '');
      await allowOnly(miners[source]!, victimKey);

      ({ page, audit } = await reopen(context, url));
      // The victim may have mined (or connected) blocks after the tip it last showed, which the
      // miners never saw on a loaded machine; a source that is not clearly ahead would leave
      // nothing to sync or reorganise onto, so it mines past the victim's real height first.
      if (scenario !== 'mining') {
        const short = (await height(page)) + 10 - (await height(miners[source]!));
        if (short > 0) await mine(miners[source]!, short);
      }
      const sourceTip = await tip(miners[source]!);
      const kept = !seenTip || (await stored(page, seenTip));
      if (!audit.ok) report.inconsistent++;
      if (!kept) report.blocksLost++;
      expect(audit.problems, `kill ${i}: consistent after the crash`).toEqual([]);
      expect(audit.ok).toBe(true);
      expect(kept, `kill ${i}: the last tip shown is still stored`).toBe(true);

      // Resume: the node makes progress again before it is killed somewhere in the middle.
      const startTip = await tip(page);
      if (scenario === 'mining') void mine(page, 200).catch(() => undefined);
      else await waitFor(async () => (await readyPeers(page)) >= 1, 30_000, `kill ${i}: reconnected`);
      // (A short sync may already be over by the time we look: that counts as resumed too.)
      const resumed = async () => {
        const now = await tip(page);
        return now !== startTip || (scenario !== 'mining' && now === sourceTip);
      };
      await waitFor(resumed, 30_000, `kill ${i}: ${scenario} resumed`);
      await pause(random() * (scenario === 'mining' ? 150 : 250));
      seenTip = await tip(page);
      await killRenderer(page);
      current = source;
      report.kills++;
      report.byScenario[scenario]++;
    }

    ({ page, audit } = await reopen(context, url));
    expect(audit.ok).toBe(true);
    expect(await stored(page, seenTip)).toBe(true);
    // Mining from the victim may have moved the source past where it was: follow it to the end.
    await sameTip([page, miners[current]!], 60_000, 'resumed after the last kill');
    report.finalHeight = await height(page);
    report.seconds = Math.round((Date.now() - started) / 1000);
    await context.close();
    for (const m of miners) await m.context().close();
  }, 120_000 + KILLS * 20_000);
});
