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
import { createBlockTemplate } from '../src/core/mining/template';
import { solveBlock } from '../src/core/mining/solve';
import { encodeBlock, type Block } from '../src/core/primitives/block';
import { publicKeyOf, signTransfer, TX_KIND_TRANSFER, type TransferTx } from '../src/core/primitives/tx';
import { utf8 } from '../src/core/encoding/bytes';

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

async function buildChain(blocks: number, txsPerBlock: number): Promise<Block[]> {
  const store = new MemoryChainStore();
  const chain = await Chain.open(REGTEST, store, { now: () => 2e9 });
  const keys = Array.from({ length: 50 }, (_, i) => sha256(utf8(`k${i}`)));
  const pubs = keys.map(publicKeyOf);
  const nonces = new Array(keys.length).fill(0);
  const out: Block[] = [];
  for (let h = 1; h <= blocks; h++) {
    const txs: TransferTx[] = [];
    // Fund each key with coinbases first, then pay between them.
    if (h > keys.length + REGTEST.coinbaseMaturity) {
      for (let i = 0; i < txsPerBlock; i++) {
        const k = (h + i) % keys.length;
        const unsigned = { kind: TX_KIND_TRANSFER as typeof TX_KIND_TRANSFER, chainId: REGTEST.genesisHash, sender: pubs[k]!, recipient: pubs[(k + 1) % keys.length]!, amount: 1000n, fee: 2000n, nonce: nonces[k]++, memo: new Uint8Array(0) };
        txs.push(signTransfer(unsigned, keys[k]!, new Uint8Array(32)));
      }
    }
    const tip = chain.tip;
    const block = createBlockTemplate({ params: REGTEST, parent: chain.templateParent(tip), txs, recipient: pubs[h % keys.length]!, now: tip.header.time + 30 });
    solveBlock(block);
    await chain.submitBlock(block);
    out.push(block);
  }
  return out;
}

async function ingest(blocks: Block[]): Promise<{ blocksPerSec: number; txsPerSec: number }> {
  const bytes = blocks.map(encodeBlock);
  const chain = await Chain.open(REGTEST, new MemoryChainStore(), { now: () => 2e9 });
  const start = performance.now();
  for (const b of bytes) await chain.submitBlock(b);
  const seconds = (performance.now() - start) / 1000;
  const txs = blocks.reduce((n, b) => n + b.txs.length - 1, 0);
  return { blocksPerSec: Math.round(blocks.length / seconds), txsPerSec: Math.round(txs / seconds) };
}

it('core benchmarks', async () => {
  const verify = verifyBench();
  console.log(`signature verify: noble Schnorr ${verify.nobleSchnorrPerSec}/s, node:crypto ECDSA secp256k1 ${verify.nodeCryptoEcdsaPerSec}/s, ratio ${verify.ratio}`);
  const empty = await ingest(await buildChain(2000, 0));
  console.log(`validate+connect coinbase-only blocks: ${empty.blocksPerSec} blocks/s`);
  const full = await ingest(await buildChain(160, 100));
  console.log(`validate+connect blocks with 100 transfers: ${full.blocksPerSec} blocks/s, ${full.txsPerSec} txs/s`);
  const result = { verify, coinbaseOnlyBlocks: empty, blocksWith100Txs: full, node: process.version };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/core.json', `${JSON.stringify(result, null, 2)}\n`);
});
