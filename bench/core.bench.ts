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

it('core benchmarks', async () => {
  const verify = verifyBench();
  console.log(`signature verify: noble Schnorr ${verify.nobleSchnorrPerSec}/s, node:crypto ECDSA secp256k1 ${verify.nodeCryptoEcdsaPerSec}/s, ratio ${verify.ratio}`);
  const empty = await ingest(await buildRegtestChain({ blocks: 2000 }));
  console.log(`validate+connect coinbase-only blocks: ${empty.blocksPerSec} blocks/s`);
  const full = await ingest(await buildRegtestChain({ blocks: 230, txEvery: 1, txsPerBlock: 100 }), true);
  console.log(`validate+connect blocks with 100 transfers: ${full.blocksPerSec} blocks/s, ${full.txsPerSec} txs/s`);
  const result = { verify, coinbaseOnlyBlocks: empty, blocksWith100Txs: full, node: process.version };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/core.json', `${JSON.stringify(result, null, 2)}\n`);
});
