// Block rules that need no chain state: size, coinbase placement, duplicates, merkle root, and
// every transaction's own rules (signatures included).
// Reading path: stop 4, rules (src/core/READING.md).
import { VerifyError } from '../protocol/verify-error';
import { MAX_BLOCK_BYTES } from '../protocol/consensus';
import { bytesEqual, toHex } from '../encoding/bytes';
import { merkleRoot } from '../primitives/merkle';
import { txid, TX_KIND_COINBASE, type CoinbaseTx, type TransferTx } from '../primitives/tx';
import { decodeBlock, encodeBlock, type Block } from '../primitives/block';
import { CodecError } from '../encoding/codec-error';
import type { NetworkParams } from '../protocol/networks';
import type { SigCache } from './sig-cache';
import { checkMemo, checkTransferSanity } from './tx-rules';

/** A block whose body has the shape the rules demand: the coinbase first, transfers after. */
export interface CheckedBlock extends Block {
  readonly txs: [CoinbaseTx, ...TransferTx[]];
}

/** The block and its bytes, from either; an undecodable block breaks the encoding rule. */
export function decodeBlockInput(input: Uint8Array | Block): { block: Block; bytes: Uint8Array } {
  try {
    return input instanceof Uint8Array ? { block: decodeBlock(input), bytes: input } : { block: input, bytes: encodeBlock(input) };
  } catch (error) {
    if (error instanceof CodecError) throw new VerifyError('bad-encoding', error.message);
    throw error;
  }
}

/**
 * Whether the header commits to this body: no duplicate, then the merkle root. A body failing
 * here is a mutation (anyone can make one from a valid block), so it proves nothing about the
 * header; chain/orphans.ts runs it too, so a mutated copy never takes the real block's place.
 */
export function checkBodyCommitment(block: Block): { txids: Uint8Array[]; txidHex: string[] } {
  const txids = block.txs.map(txid);
  const txidHex = txids.map(toHex);
  // Before the merkle check: a duplicate can leave the root unchanged (CVE-2012-2459).
  if (new Set(txidHex).size !== txidHex.length) throw new VerifyError('bad-txns-duplicate', 'a transaction appears twice');
  if (!bytesEqual(merkleRoot(txids), block.header.merkleRoot)) throw new VerifyError('bad-merkle', 'merkle root does not match the transactions');
  return { txids, txidHex };
}

/**
 * size is the block's encoded length (the caller has the bytes). The checks that tell a mutated
 * body (one the header does not commit to) come first: a duplicate, then the merkle root. Only a
 * body the header commits to can prove the header invalid, so the size limit and every later
 * rule run after them; otherwise a peer could pad a copy of a valid block past the size limit
 * with duplicates and get the real block marked invalid (Bitcoin Core's CheckBlock order).
 */
export function checkBlockSanity(block: Block, size: number, params: NetworkParams, sigs: SigCache): CheckedBlock {
  const { txidHex } = checkBodyCommitment(block);
  // An empty body matches only a header whose root is all zeros: that header is invalid itself.
  if (block.txs.length === 0) throw new VerifyError('bad-blk-empty', 'no transactions');
  if (size > MAX_BLOCK_BYTES) throw new VerifyError('bad-blk-size', `${size} bytes, limit ${MAX_BLOCK_BYTES}`);
  const checked = checkCoinbasePlacement(block);
  const [coinbase, ...transfers] = checked.txs;
  if (!bytesEqual(coinbase.chainId, params.genesisHash)) throw new VerifyError('bad-cb-chain', 'coinbase commits to another network');
  checkMemo(coinbase);
  transfers.forEach((tx, i) => checkTransferSanity(tx, txidHex[i + 1] as string, params, sigs));
  return checked;
}

/**
 * The coinbase is the first transaction and the only one. The result's type says so, so what
 * connects the block needs no cast; the chain runs this again on a block read back from its store.
 */
export function checkCoinbasePlacement(block: Block): CheckedBlock {
  const [coinbase, ...rest] = block.txs;
  if (coinbase?.kind !== TX_KIND_COINBASE) throw new VerifyError('bad-cb-missing', 'first transaction is not a coinbase');
  const transfers: TransferTx[] = [];
  rest.forEach((tx, i) => {
    if (tx.kind === TX_KIND_COINBASE) throw new VerifyError('bad-cb-multiple', `coinbase at position ${i + 1}`);
    transfers.push(tx);
  });
  return { header: block.header, txs: [coinbase, ...transfers] };
}
