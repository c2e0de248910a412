// Block templates for this node's miners, and regtest blocks on the main thread: regtest's target
// accepts about every other hash, so a block takes microseconds. Other networks mine in Web
// Workers (src/workers, node/mining.ts).
import { createBlockTemplate, type TemplateBlock } from '../core/mining/template';
import { solveBlock } from '../core/mining/solve';
import { MAX_BLOCK_BYTES } from '../core/protocol/consensus';
import type { Chain } from '../core/chain/chain';
import type { Mempool } from '../core/mempool/mempool';
import type { Block } from '../core/primitives/block';

/** A block on the tip with the best mempool transfers that fit, paying recipient; nonce 0. */
export function templateOnTip(chain: Chain, mempool: Mempool, recipient: Uint8Array, now: number, extraNonce = 0n): TemplateBlock {
  return createBlockTemplate({
    params: chain.params,
    parent: chain.templateParent(),
    // Room for the header, the count and the coinbase.
    txs: mempool.selectForBlock(MAX_BLOCK_BYTES - 4_096),
    recipient,
    now,
    extraNonce,
  });
}

export function mineRegtestBlock(chain: Chain, mempool: Mempool, recipient: Uint8Array, now: number): Block {
  if (chain.params.retarget) throw new Error('main-thread mining is only for regtest; use the miner');
  const block = templateOnTip(chain, mempool, recipient, now);
  if (solveBlock(block, 1_000_000) === null) throw new Error('no regtest solution in a million tries');
  return block;
}
