// Low-work header spam (issue 14 item 3): an attacker with many identities, over the in-memory
// transport, sends a node everything it can: full headers messages of fresh low-work chains (what
// presync is for), then short low-work batches until the node closes the link. Measures the node's
// heap (after GC), what its store holds, and how long the chain takes to open from that store.
// Writes bench/results/header-spam.json. SPAM_IDENTITIES sets the number of identities (1,000).
import { it } from 'vitest';
import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { MemoryChainStore } from '../src/core/chain/store';
import { Chain } from '../src/core/chain/chain';
import { REGTEST } from '../src/core/protocol/networks';
import { MAX_HEADERS } from '../src/core/p2p/messages';
import type { BlockHeader } from '../src/core/primitives/header';
import { mineMany, newChain, testClock } from '../tests/unit/core/helpers';
import { makeNode, SimulatedNetwork } from '../tests/unit/node/harness';
import { headerChain, ScriptedPeer } from '../tests/unit/node/scripted-peer';

const IDENTITIES = Number(process.env.SPAM_IDENTITIES ?? 1_000);
/** Distinct spam sets; identities beyond this reuse one (for a node that keeps none, reuse is the same attack). */
const FRESH = Number(process.env.SPAM_FRESH ?? 10);
const HEIGHT = 2_100; // so a full message of headers from genesis has less work than the tip
const FULL_MESSAGES = 3;
const SHORT = 9;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heap = () => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};

function copyStore(from: MemoryChainStore): MemoryChainStore {
  const to = new MemoryChainStore();
  for (const [k, v] of from.entries) to.entries.set(k, { ...v });
  for (const [k, v] of from.blocks) to.blocks.set(k, v);
  for (const [k, v] of from.undo) to.undo.set(k, v);
  for (const [k, v] of from.accounts) to.accounts.set(k, v);
  to.bestChain.push(...from.bestChain);
  to.tip = from.tip;
  return to;
}

/** Median of 5 opens of the chain from store (the node's start-up, without the network). */
async function openMs(store: MemoryChainStore): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await Chain.open(REGTEST, store, { now: testClock });
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[2] as number;
}

it(`header spam from ${IDENTITIES} identities`, async () => {
  const { chain: honest, store } = await newChain();
  await mineMany(honest, HEIGHT);
  const genesis = { hash: REGTEST.genesisHash, time: REGTEST.genesis.header.time };
  const sets: Array<{ full: BlockHeader[][]; short: BlockHeader[][] }> = [];
  for (let s = 0; s < Math.min(FRESH, IDENTITIES); s++) {
    const full = Array.from({ length: FULL_MESSAGES }, (_, i) => headerChain(genesis, MAX_HEADERS, `full ${s} ${i}`));
    const short = Array.from({ length: Math.ceil(4_000 / SHORT) + 5 }, (_, i) => headerChain(genesis, SHORT, `short ${s} ${i}`));
    sets.push({ full, short });
  }
  const clean = copyStore(store);
  const net = new SimulatedNetwork({ discovery: false });
  const victim = await makeNode(net, REGTEST, { store });
  const entriesBefore = store.entries.size;
  const heapBefore = heap();
  let headersSent = 0;
  const started = performance.now();
  for (let id = 0; id < IDENTITIES; id++) {
    const set = sets[id % sets.length]!;
    const attacker = await ScriptedPeer.connect(net, victim.transport!.localId, { seed: `identity ${id}` });
    for (const headers of set.full) {
      if (!attacker.open) break;
      attacker.send({ type: 'headers', headers });
      headersSent += headers.length;
      await net.wait(0);
    }
    for (let i = 0; i < set.short.length && attacker.open; i++) {
      attacker.send({ type: 'headers', headers: set.short[i]! });
      headersSent += SHORT;
      if (i % 50 === 49) await net.wait(0);
    }
    await net.until(() => !attacker.open, 20_000, 'the node to close the spammer').catch(() => attacker.close());
  }
  const attackSeconds = (performance.now() - started) / 1000;
  await net.wait(100);
  const heapAfter = heap();
  const indexEntries = victim.node.chain.index.size;
  victim.node.stop();
  const storedEntries = store.entries.size - entriesBefore;
  const storedBytes = [...store.entries.values()].slice(entriesBefore).reduce((n, e) => n + e.header.length + 64 + 40, 0);
  await openMs(clean); // warm up
  const cleanOpenMs = await openMs(clean);
  const attackedOpenMs = await openMs(store);
  const result = {
    identities: IDENTITIES,
    headersSent,
    attackSeconds: +attackSeconds.toFixed(1),
    chainHeight: honest.height,
    distinctSpamSets: sets.length,
    indexEntriesAdded: indexEntries - (HEIGHT + 1),
    storedEntriesAdded: storedEntries,
    storedBytesAdded: storedBytes,
    heapGrowthBytes: heapAfter - heapBefore,
    heapGrowthPerIdentityBytes: Math.round((heapAfter - heapBefore) / IDENTITIES),
    openMsBefore: +cleanOpenMs.toFixed(1),
    openMsAfter: +attackedOpenMs.toFixed(1),
  };
  console.log('header spam', result);
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(process.env.SPAM_OUT ?? 'bench/results/header-spam.json', `${JSON.stringify(result, null, 2)}\n`);
});
