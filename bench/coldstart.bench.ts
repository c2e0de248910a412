// Cold start: how long a tab takes, from navigation to its chain open with height and balances on
// screen, when its IndexedDB holds a 10,000-block regtest chain. Writes bench/results/coldstart.json.
import { it } from 'vitest';
import fs from 'node:fs';
import { launchBrowser, startServer } from '../tests/e2e/helpers';
import { buildRegtestChain } from './chain-fixture';

const BLOCKS = Number(process.env.COLDSTART_BLOCKS ?? 10_000);

it(`cold start with ${BLOCKS} blocks`, async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}?net=regtest`);
    await page.waitForFunction(() => Boolean(window.simplecoin));
    const { blocks } = await buildRegtestChain({ blocks: BLOCKS });
    const started = Date.now();
    for (let done = 0; done < BLOCKS; done += 500) {
      const batch = blocks.slice(done, done + 500).map((b) => Buffer.from(b).toString('base64'));
      await page.evaluate(async (list) => {
        const node = window.simplecoin.node;
        for (const b64 of list) await node.submitBlock(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
      }, batch);
    }
    const mineSeconds = (Date.now() - started) / 1000;
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.reload();
      await page.waitForFunction(() => performance.getEntriesByName('simplecoin-node-ready').length > 0);
      const { ms, height, shown } = await page.evaluate(() => {
        const mark = performance.getEntriesByName('simplecoin-node-ready')[0] as PerformanceMark;
        return { ms: mark.startTime, height: (mark.detail as { height: number }).height, shown: document.querySelector('[data-testid=chain-height]')?.textContent };
      });
      if (height !== BLOCKS || shown !== String(BLOCKS)) throw new Error(`reloaded at height ${height}, showing ${shown}`);
      samples.push(ms);
    }
    samples.sort((a, b) => a - b);
    const result = { blocks: BLOCKS, medianMs: Math.round(samples[2]!), minMs: Math.round(samples[0]!), maxMs: Math.round(samples[4]!), samplesMs: samples.map(Math.round), ingestBlocksPerSec: Math.round(BLOCKS / mineSeconds) };
    console.log(`cold start at ${BLOCKS} blocks: median ${result.medianMs} ms (min ${result.minMs}, max ${result.maxMs}); ingested ${result.ingestBlocksPerSec} blocks/s`);
    fs.mkdirSync('bench/results', { recursive: true });
    fs.writeFileSync('bench/results/coldstart.json', `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close();
    await server.stop();
  }
});
