// Core benchmarks: signature verification against node:crypto on the same curve, and block
// validation throughput. Writes bench/results/core.json.
import { it } from 'vitest';
import fs from 'node:fs';
import crypto from 'node:crypto';
import { schnorr } from '@noble/secp256k1';
import { sha256 } from '@noble/hashes/sha2.js';
import '../src/core/primitives/secp-setup';
import { Chain } from '../src/core/chain/chain';
import { MemoryChainStore } from '../src/core/chain/store';
import { REGTEST } from '../src/core/protocol/networks';
import { decodeBlock } from '../src/core/primitives/block';
import { utf8 } from '../src/core/encoding/bytes';
import { buildRegtestChain } from './chain-fixture';
import { evictsBefore, planEviction, type Evictable } from '../src/core/mempool/eviction';
import { TailHeap } from '../src/core/mempool/tail-heap';

function rate(fn: () => void, minMs = 1500): number {
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    fn();
    n++;
  }
  return (n * 1000) / (performance.now() - start);
}

function verifyBench() {
  const secret = sha256(utf8('bench'));
  const pub = schnorr.getPublicKey(secret);
  const msg = sha256(utf8('message'));
  const sig = schnorr.sign(msg, secret);
  const nobleSchnorr = rate(() => schnorr.verify(sig, msg, pub));
  // The native ceiling: OpenSSL ECDSA verify on secp256k1, the same curve and the same kind of
  // double scalar multiplication as a Schnorr verify. node:crypto has no BIP340.
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
  const data = Buffer.from('message');
  const der = crypto.sign('sha256', data, privateKey);
  const nativeEcdsa = rate(() => crypto.verify('sha256', data, publicKey, der));
  return { nobleSchnorrPerSec: Math.round(nobleSchnorr), nodeCryptoEcdsaPerSec: Math.round(nativeEcdsa), ratio: +(nobleSchnorr / nativeEcdsa).toFixed(3) };
}

/** Validates and connects a fixture chain on a fresh in-memory chain; only the blocks with transfers count when `onlyFull`. */
async function ingest(fixture: { blocks: Uint8Array[]; txs: number }, onlyFull = false): Promise<{ blocksPerSec: number; txsPerSec: number }> {
  const chain = await Chain.open(REGTEST, new MemoryChainStore(), { now: () => 2e9 });
  let seconds = 0;
  let counted = 0;
  for (const b of fixture.blocks) {
    const full = decodeBlock(b).txs.length > 1;
    const start = performance.now();
    await chain.submitBlock(b);
    if (!onlyFull || full) {
      seconds += (performance.now() - start) / 1000;
      counted++;
    }
  }
  return { blocksPerSec: Math.round(counted / seconds), txsPerSec: Math.round(fixture.txs / seconds) };
}

/** The scan issue 15 replaced: every sender's tail compared, once per eviction. The reference. */
function linearWorstTail(chains: Map<string, Evictable[]>, keep: string): Evictable | null {
  let worst: Evictable | null = null;
  for (const [sender, list] of chains) if (sender !== keep && (!worst || evictsBefore(list[list.length - 1]!, worst))) worst = list[list.length - 1]!;
  return worst;
}

/** Planning one eviction in a full 8 MB pool of one-transfer senders (about 45,000 of 182 bytes), heap against scan, interleaved. */
function evictionBench(senders = 45_000) {
  const chains = new Map<string, Evictable[]>();
  const heap = new TailHeap<Evictable>();
  for (let i = 0; i < senders; i++) {
    const e = { id: i.toString(16).padStart(8, '0'), senderHex: `s${i}`, size: 182, tx: { fee: BigInt(1_000 + ((i * 7_919) % 5_000)) } };
    chains.set(e.senderHex, [e]);
    heap.set(e.senderHex, e);
  }
  const entry = { id: 'new', senderHex: 'new', size: 182, tx: { fee: 100_000n } };
  const heapRates: number[] = [];
  const scanRates: number[] = [];
  for (let round = 0; round < 5; round++) {
    heapRates.push(rate(() => planEviction(heap.evictionOrder(chains, 'new'), 0, 182, entry, 5n), 300));
    scanRates.push(rate(() => linearWorstTail(chains, 'new'), 300));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2]!;
  return { senders, heapPlansPerSec: Math.round(median(heapRates)), linearScanPlansPerSec: Math.round(median(scanRates)), speedup: Math.round(median(heapRates) / median(scanRates)) };
}

it('core benchmarks', async () => {
  const verify = verifyBench();
  console.log(`signature verify: noble Schnorr ${verify.nobleSchnorrPerSec}/s, node:crypto ECDSA secp256k1 ${verify.nodeCryptoEcdsaPerSec}/s, ratio ${verify.ratio}`);
  const empty = await ingest(await buildRegtestChain({ blocks: 2000 }));
  console.log(`validate+connect coinbase-only blocks: ${empty.blocksPerSec} blocks/s`);
  const full = await ingest(await buildRegtestChain({ blocks: 230, txEvery: 1, txsPerBlock: 100 }), true);
  console.log(`validate+connect blocks with 100 transfers: ${full.blocksPerSec} blocks/s, ${full.txsPerSec} txs/s`);
  const eviction = evictionBench();
  console.log(`full-pool eviction plan, ${eviction.senders} senders: tail heap ${eviction.heapPlansPerSec}/s, linear scan ${eviction.linearScanPlansPerSec}/s (×${eviction.speedup})`);
  const result = { verify, coinbaseOnlyBlocks: empty, blocksWith100Txs: full, eviction, node: process.version };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/core.json', `${JSON.stringify(result, null, 2)}\n`);
});
