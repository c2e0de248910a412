// Block ingest from a peer into IndexedDB in Chromium: a tab holding a 10,000-block regtest chain
// (every 100th block carries 200 signed transfers) and a fresh tab that syncs it over WebRTC.
// Also the syncing tab's JS heap afterwards. Writes bench/results/ingest.json.
import { it } from 'vitest';
import fs from 'node:fs';
import { launchBrowser, startServer } from '../tests/e2e/helpers';
import { height, openNode, waitFor } from '../tests/e2e/node-page';
import { buildRegtestChain } from './chain-fixture';

const BLOCKS = Number(process.env.INGEST_BLOCKS ?? 10_000);
// INGEST_TXS=0 runs the coinbase-only part alone (bench/results/ingest-coinbase.json); INGEST_PROFILE=file
// writes a CPU profile of the syncing tab's coinbase-only sync (open it in Chrome DevTools).
const WITH_TXS = process.env.INGEST_TXS !== '0';
const PROFILE = process.env.INGEST_PROFILE;

it(`ingest of ${BLOCKS} blocks from one peer`, async () => {
  const { blocks, txs } = WITH_TXS ? await buildRegtestChain({ blocks: BLOCKS, txEvery: 100, txsPerBlock: 200, spacing: 5 }) : { blocks: [], txs: 0 };
  const empty = await buildRegtestChain({ blocks: Math.min(BLOCKS, 5_000), spacing: 5 });
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const run = async (chain: Uint8Array[], profile?: string) => {
      const source = await openNode(browser, `${server.url}?net=regtest`);
      for (let i = 0; i < chain.length; i += 500) {
        const batch = chain.slice(i, i + 500).map((b) => Buffer.from(b).toString('base64'));
        await source.evaluate(async (list) => {
          for (const b64 of list) await (window as any).simplecoin.node.submitBlock(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
        }, batch);
      }
      const started = Date.now();
      const joiner = await openNode(browser, `${server.url}?net=regtest`);
      const cdp = await joiner.context().newCDPSession(joiner);
      if (profile) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
      await waitFor(async () => (await height(joiner)) === chain.length, 900_000, 'sync');
      const seconds = (Date.now() - started) / 1000;
      if (profile) fs.writeFileSync(profile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      await source.context().close();
      await joiner.context().close();
      return { seconds, heapBytes: usedSize };
    };
    const coinbaseOnly = await run(empty.blocks, PROFILE);
    const coinbaseResult = { blocks: empty.blocks.length, seconds: +coinbaseOnly.seconds.toFixed(2), blocksPerSec: Math.round(empty.blocks.length / coinbaseOnly.seconds) };
    if (!WITH_TXS) {
      console.log(`ingest: coinbase-only ${coinbaseResult.blocksPerSec} blocks/s (${coinbaseResult.blocks} blocks)`);
      fs.mkdirSync('bench/results', { recursive: true });
      fs.writeFileSync('bench/results/ingest-coinbase.json', `${JSON.stringify(coinbaseResult, null, 2)}\n`);
      return;
    }
    const full = await run(blocks);
    const result = {
      coinbaseOnly: coinbaseResult,
      withTxs: { blocks: BLOCKS, txs, seconds: +full.seconds.toFixed(2), blocksPerSec: Math.round(BLOCKS / full.seconds), txsPerSec: Math.round(txs / full.seconds) },
      heapAfterSyncBytes: full.heapBytes,
      heapAfterSyncMB: +(full.heapBytes / 1_048_576).toFixed(1),
    };
    console.log(`ingest: coinbase-only ${result.coinbaseOnly.blocksPerSec} blocks/s; ${BLOCKS} blocks with ${txs} txs at ${result.withTxs.blocksPerSec} blocks/s, ${result.withTxs.txsPerSec} txs/s; heap after sync ${result.heapAfterSyncMB} MB`);
    fs.mkdirSync('bench/results', { recursive: true });
    fs.writeFileSync('bench/results/ingest.json', `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close();
    await server.stop();
  }
});
