// A block: the header, then a u32 transaction count and the transactions.
// Reading path: stop 2, primitives (src/core/READING.md).
import { Reader, decodeAll } from '../encoding/reader';
import { Writer } from '../encoding/writer';
import { COINBASE_BASE_BYTES, HEADER_BYTES, MAX_BLOCK_TXS, MAX_TX_BYTES } from '../protocol/consensus';
import { headerHash, readHeader, writeHeader, type BlockHeader } from './header';
import { readTx, txid, writeTx, type Tx } from './tx';
import { merkleRoot } from './merkle';

export interface Block {
  header: BlockHeader;
  txs: Tx[];
}

/** The smallest possible encoded transaction (a coinbase with an empty memo). */
export const MIN_TX_BYTES = COINBASE_BASE_BYTES;

export function encodeBlock(block: Block): Uint8Array {
  const w = new Writer(HEADER_BYTES + 4 + block.txs.length * MAX_TX_BYTES);
  writeHeader(w, block.header);
  w.u32(block.txs.length);
  for (const tx of block.txs) writeTx(w, tx);
  return w.finish();
}

export function readBlock(r: Reader): Block {
  const header = readHeader(r);
  const n = r.count(MAX_BLOCK_TXS, MIN_TX_BYTES);
  const txs: Tx[] = [];
  for (let i = 0; i < n; i++) txs.push(readTx(r));
  return { header, txs };
}

export const decodeBlock = (bytes: Uint8Array): Block => decodeAll(bytes, readBlock);

export const blockHash = (block: Block): Uint8Array => headerHash(block.header);

export const computeMerkleRoot = (txs: Tx[]): Uint8Array => merkleRoot(txs.map(txid));
