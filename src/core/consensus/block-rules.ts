// Block rules that need no chain state: size, coinbase placement, duplicates, merkle root, and
// every transaction's own rules (signatures included).
// Reading path: stop 4, rules (src/core/READING.md).
import { VerifyError } from '../protocol/verify-error';
import { MAX_BLOCK_BYTES } from '../protocol/consensus';
import { bytesEqual, toHex } from '../encoding/bytes';
import { merkleRoot } from '../primitives/merkle';
import { txid, TX_KIND_COINBASE, type Tx } from '../primitives/tx';
import type { Block } from '../primitives/block';
import type { NetworkParams } from '../protocol/networks';
import type { SigCache } from './sig-cache';
import { checkMemo, checkTransferSanity, isTransfer } from './tx-rules';

export interface CheckedBlock {
  block: Block;
  txids: Uint8Array[];
  txidHex: string[];
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
  const { txs } = block;
  const { txids, txidHex } = checkBodyCommitment(block);
  // An empty body matches only a header whose root is all zeros: that header is invalid itself.
  if (txs.length === 0) throw new VerifyError('bad-blk-empty', 'no transactions');
  if (size > MAX_BLOCK_BYTES) throw new VerifyError('bad-blk-size', `${size} bytes, limit ${MAX_BLOCK_BYTES}`);
  if ((txs[0] as Tx).kind !== TX_KIND_COINBASE) throw new VerifyError('bad-cb-missing', 'first transaction is not a coinbase');
  for (let i = 1; i < txs.length; i++) {
    if ((txs[i] as Tx).kind === TX_KIND_COINBASE) throw new VerifyError('bad-cb-multiple', `coinbase at position ${i}`);
  }
  const coinbase = txs[0] as Tx;
  if (!bytesEqual(coinbase.chainId, params.genesisHash)) throw new VerifyError('bad-cb-chain', 'coinbase commits to another network');
  checkMemo(coinbase);
  for (let i = 1; i < txs.length; i++) {
    const tx = txs[i] as Tx;
    if (isTransfer(tx)) checkTransferSanity(tx, txidHex[i] as string, params, sigs);
  }
  return { block, txids, txidHex };
}
