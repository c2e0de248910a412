// Building a block on a parent: the coinbase (height, reward, extra nonce), the merkle root, the
// bits the difficulty algorithm demands and a valid time. The nonce is left for the miner.
// Reading path: stop 8, mining (src/core/READING.md).
import { blockSubsidy, type NetworkParams } from '../protocol/networks';
import { HEADER_VERSION } from '../protocol/consensus';
import { computeMerkleRoot, type Block } from '../primitives/block';
import { TX_KIND_COINBASE, type CoinbaseTx, type TransferTx } from '../primitives/tx';
import { nextBits, type DifficultyAnchor } from '../consensus/difficulty';

export interface TemplateInput {
  params: NetworkParams;
  parent: { hash: Uint8Array; height: number; time: number; medianTimePast: number; anchor: DifficultyAnchor | null };
  txs: TransferTx[];
  recipient: Uint8Array;
  /** The miner's clock, in seconds. */
  now: number;
  extraNonce?: bigint;
  memo?: Uint8Array;
}

/** A block as built here: the coinbase first, then the transfers (the shape the block rules check). */
export interface TemplateBlock extends Block {
  txs: [CoinbaseTx, ...TransferTx[]];
}

export function createBlockTemplate(input: TemplateInput): TemplateBlock {
  const { params, parent, txs } = input;
  const height = parent.height + 1;
  const fees = txs.reduce((n, tx) => n + tx.fee, 0n);
  const coinbase: CoinbaseTx = {
    kind: TX_KIND_COINBASE,
    chainId: params.genesisHash,
    height,
    recipient: input.recipient,
    amount: blockSubsidy(params, height) + fees,
    extraNonce: input.extraNonce ?? 0n,
    memo: input.memo ?? new Uint8Array(0),
  };
  const all: [CoinbaseTx, ...TransferTx[]] = [coinbase, ...txs];
  return {
    header: {
      version: HEADER_VERSION,
      prevHash: parent.hash,
      merkleRoot: computeMerkleRoot(all),
      // Strictly after the median time past, even when the clock lags.
      time: Math.max(input.now, parent.medianTimePast + 1),
      bits: nextBits(params, parent),
      nonce: 0,
    },
    txs: all,
  };
}
