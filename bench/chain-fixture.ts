// A regtest chain built in Node for benchmarks, with block times spaced from genesis so a browser
// node accepts them now (real-time regtest mining can only run a few minutes ahead of the clock).
import { sha256 } from '@noble/hashes/sha2.js';
import { Chain } from '../src/core/chain/chain';
import { MemoryChainStore } from '../src/core/chain/store';
import { REGTEST } from '../src/core/protocol/networks';
import { createBlockTemplate } from '../src/core/mining/template';
import { solveBlock } from '../src/core/mining/solve';
import { encodeBlock } from '../src/core/primitives/block';
import { publicKeyOf, signTransfer, TX_KIND_TRANSFER, type TransferTx } from '../src/core/primitives/tx';
import { utf8 } from '../src/core/encoding/bytes';

export interface FixtureOptions {
  blocks: number;
  /** Every this many blocks, one block carries txsPerBlock transfers (0: coinbase-only chain). */
  txEvery?: number;
  txsPerBlock?: number;
  spacing?: number;
}

export async function buildRegtestChain(o: FixtureOptions): Promise<{ blocks: Uint8Array[]; txs: number; store: MemoryChainStore }> {
  const spacing = o.spacing ?? 5;
  const store = new MemoryChainStore();
  const chain = await Chain.open(REGTEST, store, { now: () => REGTEST.genesis.header.time + spacing * (o.blocks + 10) });
  const keys = Array.from({ length: 64 }, (_, i) => sha256(utf8(`fixture key ${i}`)));
  const pubs = keys.map(publicKeyOf);
  const nonces = new Array<number>(keys.length).fill(0);
  const blocks: Uint8Array[] = [];
  let txCount = 0;
  for (let h = 1; h <= o.blocks; h++) {
    const txs: TransferTx[] = [];
    const funded = h > keys.length * 2 + REGTEST.coinbaseMaturity;
    if (funded && o.txEvery && o.txsPerBlock && h % o.txEvery === 0) {
      for (let i = 0; i < o.txsPerBlock; i++) {
        const k = (h + i) % keys.length;
        const unsigned = { kind: TX_KIND_TRANSFER as typeof TX_KIND_TRANSFER, chainId: REGTEST.genesisHash, sender: pubs[k]!, recipient: pubs[(k + 7) % keys.length]!, amount: 1_000n, fee: 2_000n, nonce: nonces[k]!, memo: new Uint8Array(0) };
        nonces[k]!++;
        txs.push(signTransfer(unsigned, keys[k]!, new Uint8Array(32)));
      }
    }
    const tip = chain.tip;
    const block = createBlockTemplate({
      params: REGTEST,
      parent: chain.templateParent(tip),
      txs,
      recipient: pubs[h % keys.length]!,
      now: REGTEST.genesis.header.time + spacing * h,
    });
    solveBlock(block);
    await chain.submitBlock(block);
    blocks.push(encodeBlock(block));
    txCount += txs.length;
  }
  return { blocks, txs: txCount, store };
}
