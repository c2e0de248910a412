// Initial sync from one peer: a tab with a stored chain, and a fresh tab that joins and downloads
// it (headers first, then blocks). Writes bench/results/sync.json.
import { it } from 'vitest';
import fs from 'node:fs';
import { launchBrowser, startServer } from '../tests/e2e/helpers';
import { height, openNode, waitFor } from '../tests/e2e/node-page';
import { buildRegtestChain } from './chain-fixture';

const BLOCKS = Number(process.env.SYNC_BLOCKS ?? 3000);

it(`initial sync of ${BLOCKS} blocks from one peer`, async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const source = await openNode(browser, `${server.url}?net=regtest`);
    const { blocks } = await buildRegtestChain({ blocks: BLOCKS, txEvery: 10, txsPerBlock: 20 });
    for (let i = 0; i < blocks.length; i += 500) {
      const batch = blocks.slice(i, i + 500).map((b) => Buffer.from(b).toString('base64'));
      await source.evaluate(async (list) => {
        for (const b64 of list) await (window as any).simplecoin.node.submitBlock(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
      }, batch);
    }
    const started = Date.now();
    const joiner = await openNode(browser, `${server.url}?net=regtest`);
    await waitFor(async () => {
      if (process.env.SYNC_DEBUG) console.log(await joiner.evaluate(() => JSON.stringify({ p: (window as any).simplecoin.node.p2p?.sync.progress(), peers: (window as any).simplecoin.node.peerList(), closed: (window as any).simplecoin.node.p2p?.pool.closed })));
      return (await height(joiner)) === BLOCKS;
    }, Number(process.env.SYNC_TIMEOUT ?? 300_000), 'sync');
    const seconds = (Date.now() - started) / 1000;
    const result = { blocks: BLOCKS, seconds: +seconds.toFixed(2), blocksPerSec: Math.round(BLOCKS / seconds), note: 'every 10th block carries 20 signed transfers' };
    console.log(`initial sync from one peer: ${BLOCKS} blocks in ${result.seconds} s = ${result.blocksPerSec} blocks/s`);
    fs.mkdirSync('bench/results', { recursive: true });
    fs.writeFileSync('bench/results/sync.json', `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close();
    await server.stop();
  }
});
