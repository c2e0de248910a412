// Cold start: how long a tab takes, from navigation to its chain open with height and balances on
// screen, when its IndexedDB holds a regtest chain of COLDSTART_BLOCKS (10,000 unless told).
// The chain is built in Node and its records are written straight into the tab's database in the
// schema-1 layout (the headers, blocks, undo, accounts, best and meta stores), as a tab of the
// previous version left them: submitting 100,000 blocks one by one would take minutes. The first
// reload then runs the app's own upgrade (the header snapshot is packed, src/storage/chain-db.ts);
// the five reloads after it are the measured cold starts. Writes bench/results/coldstart.json.
import { it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, startServer } from '../tests/e2e/helpers';
import { buildRegtestChain } from './chain-fixture';
import { encodeAccount } from '../src/core/state/account';
import type { MemoryChainStore } from '../src/core/chain/store';

const BLOCKS = Number(process.env.COLDSTART_BLOCKS ?? 10_000);
const DB_NAME = 'simplecoin-chain-regtest-0';
const SEED_BATCH = 5_000;
// COLDSTART_PREPARE=1 builds the chain into a cache file and stops, so a later run holding the
// browser lock only seeds and measures.
const CACHE = path.join(os.tmpdir(), `simplecoin-coldstart-${BLOCKS}.json`);

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The store's records as plain JSON values, in batches. */
function seedBatches(store: MemoryChainStore) {
  const headers = [...store.entries.values()].map((e) => ({ key: e.hashHex, header: b64(e.header), height: e.height, work: e.work.toString(), hasData: e.hasData, invalid: e.invalid, seq: e.seq }));
  const blocks = [...store.blocks].map(([key, bytes]) => ({ key, bytes: b64(bytes) }));
  const undo = [...store.undo].map(([key, bytes]) => ({ key, bytes: b64(bytes) }));
  const accounts = [...store.accounts].map(([key, account]) => ({ key, bytes: b64(encodeAccount(account)) }));
  const out = [];
  for (let i = 0; i < headers.length; i += SEED_BATCH) {
    out.push({ headers: headers.slice(i, i + SEED_BATCH), blocks: blocks.slice(i, i + SEED_BATCH), undo: undo.slice(i, i + SEED_BATCH), best: store.bestChain.slice(i, i + SEED_BATCH).map((hash, j) => ({ height: i + j, hash })) });
  }
  return { batches: out, accounts, tip: store.tip as string };
}

async function cachedSeed(): Promise<{ seed: ReturnType<typeof seedBatches>; buildSeconds: number }> {
  if (fs.existsSync(CACHE)) return JSON.parse(fs.readFileSync(CACHE, 'utf8'));
  const built = Date.now();
  const { store } = await buildRegtestChain({ blocks: BLOCKS });
  const prepared = { seed: seedBatches(store), buildSeconds: (Date.now() - built) / 1000 };
  fs.writeFileSync(CACHE, JSON.stringify(prepared));
  return prepared;
}

it(`cold start with ${BLOCKS} blocks`, async () => {
  const { seed, buildSeconds } = await cachedSeed();
  if (process.env.COLDSTART_PREPARE === '1') return;
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}?net=regtest`);
    await page.waitForFunction(() => Boolean(window.simplecoin));
    const seeded = Date.now();
    const last = seed.batches.length - 1;
    for (const [n, batch] of seed.batches.entries()) {
      await page.evaluate(
        async ({ name, batch, accounts, tip }) => {
          const bytes = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            const open = indexedDB.open(name);
            open.onsuccess = () => resolve(open.result);
            open.onerror = () => reject(open.error);
          });
          const tx = db.transaction(['headers', 'blocks', 'undo', 'accounts', 'best', 'meta'], 'readwrite');
          for (const h of batch.headers) tx.objectStore('headers').put({ header: bytes(h.header), height: h.height, work: BigInt(h.work), hasData: h.hasData, invalid: h.invalid, seq: h.seq }, h.key);
          for (const b of batch.blocks) tx.objectStore('blocks').put(bytes(b.bytes), b.key);
          for (const u of batch.undo) tx.objectStore('undo').put(bytes(u.bytes), u.key);
          for (const c of batch.best) tx.objectStore('best').put(c.hash, c.height);
          for (const a of accounts ?? []) tx.objectStore('accounts').put(bytes(a.bytes), a.key);
          if (tip) tx.objectStore('meta').put(tip, 'tip');
          await new Promise<void>((resolve, reject) => {
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          });
          db.close();
        },
        // The tip and accounts go with the last batch: until then the tab's chain is still genesis.
        { name: DB_NAME, batch, accounts: n === last ? seed.accounts : null, tip: n === last ? seed.tip : null },
      );
    }
    const seedSeconds = (Date.now() - seeded) / 1000;
    const reload = async () => {
      await page.reload();
      await page.waitForFunction(() => performance.getEntriesByName('simplecoin-node-ready').length > 0);
      const { ms, height, shown } = await page.evaluate(() => {
        const mark = performance.getEntriesByName('simplecoin-node-ready')[0] as PerformanceMark;
        return { ms: mark.startTime, height: (mark.detail as { height: number }).height, shown: document.querySelector('[data-testid=chain-height]')?.textContent };
      });
      if (height !== BLOCKS || shown?.replace(/\D/g, '') !== String(BLOCKS)) throw new Error(`reloaded at height ${height}, showing ${shown}`);
      return ms;
    };
    const firstOpenMs = Math.round(await reload());
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) samples.push(await reload());
    samples.sort((a, b) => a - b);
    const result = { blocks: BLOCKS, medianMs: Math.round(samples[2]!), minMs: Math.round(samples[0]!), maxMs: Math.round(samples[4]!), samplesMs: samples.map(Math.round), firstOpenAfterSeedMs: firstOpenMs, buildSeconds, seedSeconds };
    console.log(`cold start at ${BLOCKS} blocks: median ${result.medianMs} ms (min ${result.minMs}, max ${result.maxMs}); first open after seeding ${firstOpenMs} ms`);
    fs.mkdirSync('bench/results', { recursive: true });
    const file = BLOCKS === 10_000 ? 'bench/results/coldstart.json' : `bench/results/coldstart-${BLOCKS}.json`;
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close();
    await server.stop();
  }
});
