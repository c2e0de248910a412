// Block ingest from peers into IndexedDB in Chromium: tabs holding a regtest chain (every 100th
// block carries 200 signed transfers) and a fresh tab that syncs it over WebRTC. Also the syncing
// tab's JS heap afterwards, and its SigCache figures (how many signatures the worker pool proved).
// INGEST_BEFORE_DIST=<a build of the tree before> adds that build as a reference, interleaved
// round by round with this one (INGEST_ROUNDS rounds, one peer each); INGEST_PEERS=1,2,4 measures
// this build against 1, 2 and 4 source tabs (each synced joiner stays open as one more source).
// The ceiling beside the tx figures is 2 × one Chromium core's verifications per second, measured
// in the same run. Writes bench/results/ingest.json.
import { it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, type RunningServer } from '../tests/e2e/helpers';
import { height, openNode, waitFor } from '../tests/e2e/node-page';
import { buildRegtestChain } from './chain-fixture';

const BLOCKS = Number(process.env.INGEST_BLOCKS ?? 10_000);
const BEFORE_DIST = process.env.INGEST_BEFORE_DIST;
const ROUNDS = Number(process.env.INGEST_ROUNDS ?? (BEFORE_DIST ? 2 : 1));
const PEERS = (process.env.INGEST_PEERS ?? '1').split(',').map(Number).sort((a, b) => a - b);
const COINBASE = process.env.INGEST_COINBASE !== '0';

interface Synced {
  seconds: number;
  heapBytes: number;
  load1: number;
  sigs: { prefilled: number; misses: number; hits: number };
}

async function loadSource(browser: Browser, server: RunningServer, chain: Uint8Array[]): Promise<Page> {
  const source = await openNode(browser, `${server.url}?net=regtest`);
  for (let i = 0; i < chain.length; i += 500) {
    const batch = chain.slice(i, i + 500).map((b) => Buffer.from(b).toString('base64'));
    await source.evaluate(async (list) => {
      for (const b64 of list) await window.simplecoin.node.submitBlock(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    }, batch);
  }
  return source;
}

/** A fresh tab syncs the chain of length from the sources open on server; keep: it stays open (one more source). */
async function sync(browser: Browser, server: RunningServer, length: number, keep: boolean): Promise<{ synced: Synced; joiner: Page }> {
  const load1 = os.loadavg()[0]!;
  const started = Date.now();
  const joiner = await openNode(browser, `${server.url}?net=regtest`);
  await waitFor(async () => (await height(joiner)) === length, 900_000, 'sync');
  const seconds = (Date.now() - started) / 1000;
  const sigs = await joiner.evaluate(() => {
    const c = window.simplecoin.node.chain.sigCache;
    return { prefilled: c.prefilled ?? 0, misses: c.misses, hits: c.hits };
  });
  const cdp = await joiner.context().newCDPSession(joiner);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  if (!keep) await joiner.context().close();
  return { synced: { seconds, heapBytes: usedSize, load1: +load1.toFixed(2), sigs }, joiner };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

it(`ingest of ${BLOCKS} blocks`, async () => {
  const { blocks, txs } = await buildRegtestChain({ blocks: BLOCKS, txEvery: 100, txsPerBlock: 200, spacing: 5 });
  const empty = COINBASE ? await buildRegtestChain({ blocks: Math.min(BLOCKS, 5_000), spacing: 5 }) : null;
  const after = await startServer();
  const before = BEFORE_DIST ? await startServer({ DIST_DIR: BEFORE_DIST }) : null;
  const browser = await launchBrowser();
  try {
    let coinbaseOnly: Synced | null = null;
    if (empty) {
      const source = await loadSource(browser, after, empty.blocks);
      coinbaseOnly = (await sync(browser, after, empty.blocks.length, false)).synced;
      await source.context().close();
    }
    const verifyTab = await openNode(browser, `${after.url}?net=regtest`);
    await verifyTab.evaluate(() => window.simplecoin.benchVerify(500));
    const singleCore = await verifyTab.evaluate(() => window.simplecoin.benchVerify(3_000) as number);
    await verifyTab.context().close();
    const beforeSource = before ? await loadSource(browser, before, blocks) : null;
    const sources = [await loadSource(browser, after, blocks)];
    const rounds: Array<{ before?: Synced; after: Synced }> = [];
    for (let r = 0; r < ROUNDS; r++) {
      const round: { before?: Synced; after: Synced } = { after: null as unknown as Synced };
      // The order alternates, so a drift in the machine's load favours neither.
      const order = r % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
      for (const which of order) {
        if (which === 'before' && before) round.before = (await sync(browser, before, BLOCKS, false)).synced;
        if (which === 'after') round.after = (await sync(browser, after, BLOCKS, false)).synced;
      }
      rounds.push(round);
      console.log(`ingest round ${r + 1}: ${JSON.stringify(round)}`);
    }
    await beforeSource?.context().close();
    const byPeers: Array<{ peers: number } & Synced> = [{ peers: 1, ...(rounds[0] as { after: Synced }).after }];
    while (sources.length < Math.max(...PEERS)) {
      const { synced, joiner } = await sync(browser, after, BLOCKS, true);
      if (sources.length > 1) byPeers.push({ peers: sources.length, ...synced });
      sources.push(joiner);
      console.log(`ingest from ${sources.length - 1} peers: ${synced.seconds} s`);
    }
    if (PEERS.includes(sources.length) && sources.length > 1) byPeers.push({ peers: sources.length, ...(await sync(browser, after, BLOCKS, false)).synced });
    const rate = (s: Synced) => ({ seconds: +s.seconds.toFixed(2), blocksPerSec: Math.round(BLOCKS / s.seconds), txsPerSec: Math.round(txs / s.seconds), load1: s.load1, sigs: s.sigs });
    const afterSeconds = median(rounds.map((r) => r.after.seconds));
    const full = rounds[0]!.after;
    const result = {
      coinbaseOnly: coinbaseOnly && empty ? { blocks: empty.blocks.length, seconds: +coinbaseOnly.seconds.toFixed(2), blocksPerSec: Math.round(empty.blocks.length / coinbaseOnly.seconds) } : undefined,
      withTxs: { blocks: BLOCKS, txs, seconds: +afterSeconds.toFixed(2), blocksPerSec: Math.round(BLOCKS / afterSeconds), txsPerSec: Math.round(txs / afterSeconds), sigs: full.sigs },
      verifyCeiling: { singleCorePerSec: Math.round(singleCore), twoCoresPerSec: Math.round(2 * singleCore), note: '2 × one Chromium core (benchVerify), measured in this run' },
      compare: before ? { rounds: rounds.map((r) => ({ before: rate(r.before as Synced), after: rate(r.after) })), beforeTxsPerSec: Math.round(txs / median(rounds.map((r) => (r.before as Synced).seconds))), afterTxsPerSec: Math.round(txs / afterSeconds), speedup: +(median(rounds.map((r) => (r.before as Synced).seconds)) / afterSeconds).toFixed(2), speedups: rounds.map((r) => +((r.before as Synced).seconds / r.after.seconds).toFixed(2)) } : undefined,
      byPeers: byPeers.filter((p) => PEERS.includes(p.peers)).map((p) => ({ peers: p.peers, ...rate(p) })),
      heapAfterSyncBytes: full.heapBytes,
      heapAfterSyncMB: +(full.heapBytes / 1_048_576).toFixed(1),
    };
    console.log(`ingest: ${JSON.stringify(result)}`);
    fs.mkdirSync('bench/results', { recursive: true });
    fs.writeFileSync('bench/results/ingest.json', `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close();
    await after.stop();
    await before?.stop();
  }
});
