// Transactions in the account model. Two kinds:
//  - a transfer: from the signer's account to a recipient, with amount, fee, nonce and memo;
//  - a coinbase: the block reward, first in each block, committing to the block height.
// Both commit to the network's genesis hash, so no transaction is valid on two networks.
// The txid is double SHA-256 of the full encoding, signature included. BIP340 signatures cannot be
// changed by a third party (they are strongly unforgeable), so a broadcast transfer keeps its txid.
// Reading path: stop 2, primitives (src/core/READING.md).
import { sha256d, taggedHash } from '../crypto/hash';
import { signSchnorr, verifySchnorr } from '../crypto/schnorr';
import { Reader, decodeAll } from '../encoding/reader';
import { Writer } from '../encoding/writer';
import { CodecError } from '../encoding/codec-error';
import { MAX_MEMO_BYTES, MAX_TX_BYTES, TX_SIG_TAG } from '../protocol/consensus';

export const TX_KIND_COINBASE = 0;
export const TX_KIND_TRANSFER = 1;

export interface TransferTx {
  kind: typeof TX_KIND_TRANSFER;
  chainId: Uint8Array;
  /** BIP340 x-only public key of the sender; also the sender's account key. */
  sender: Uint8Array;
  /** 32-byte account key of the recipient (the payload of their address). */
  recipient: Uint8Array;
  amount: bigint;
  fee: bigint;
  nonce: number;
  memo: Uint8Array;
  signature: Uint8Array;
}

export interface CoinbaseTx {
  kind: typeof TX_KIND_COINBASE;
  chainId: Uint8Array;
  height: number;
  recipient: Uint8Array;
  amount: bigint;
  /** Lets a miner vary the merkle root when the header nonce space runs out. */
  extraNonce: bigint;
  memo: Uint8Array;
}

export type Tx = TransferTx | CoinbaseTx;
export type UnsignedTransfer = Omit<TransferTx, 'signature'>;

function writeUnsignedTransfer(w: Writer, tx: UnsignedTransfer): void {
  w.u8(TX_KIND_TRANSFER).fixed(tx.chainId, 32).fixed(tx.sender, 32).fixed(tx.recipient, 32);
  w.u64(tx.amount).u64(tx.fee).u32(tx.nonce).bytes8(tx.memo);
}

export function writeTx(w: Writer, tx: Tx): void {
  if (tx.kind === TX_KIND_TRANSFER) {
    writeUnsignedTransfer(w, tx);
    w.fixed(tx.signature, 64);
  } else {
    w.u8(TX_KIND_COINBASE).fixed(tx.chainId, 32).u32(tx.height).fixed(tx.recipient, 32);
    w.u64(tx.amount).u64(tx.extraNonce).bytes8(tx.memo);
  }
}

export function encodeTx(tx: Tx): Uint8Array {
  const w = new Writer(MAX_TX_BYTES);
  writeTx(w, tx);
  return w.finish();
}

/** Reads a transaction. The memo is bounded here; every other field has a fixed size. */
export function readTx(r: Reader): Tx {
  const kind = r.u8();
  if (kind === TX_KIND_TRANSFER) {
    return {
      kind,
      chainId: r.fixed(32),
      sender: r.fixed(32),
      recipient: r.fixed(32),
      amount: r.u64(),
      fee: r.u64(),
      nonce: r.u32(),
      memo: r.bytes8(MAX_MEMO_BYTES),
      signature: r.fixed(64),
    };
  }
  if (kind === TX_KIND_COINBASE) {
    return { kind, chainId: r.fixed(32), height: r.u32(), recipient: r.fixed(32), amount: r.u64(), extraNonce: r.u64(), memo: r.bytes8(MAX_MEMO_BYTES) };
  }
  throw new CodecError(`unknown transaction kind ${kind}`);
}

export const decodeTx = (bytes: Uint8Array): Tx => decodeAll(bytes, readTx);

export const txid = (tx: Tx): Uint8Array => sha256d(encodeTx(tx));

/** The message a transfer's signature covers: a BIP340 tagged hash of every field but the signature. */
export function transferSigHash(tx: UnsignedTransfer): Uint8Array {
  const w = new Writer(MAX_TX_BYTES);
  writeUnsignedTransfer(w, tx);
  return taggedHash(TX_SIG_TAG, w.finish());
}

export function signTransfer(tx: UnsignedTransfer, secretKey: Uint8Array, auxRand?: Uint8Array): TransferTx {
  return { ...tx, signature: signSchnorr(transferSigHash(tx), secretKey, auxRand) };
}

/** False for a bad signature, and for a sender that is not a valid x-only key. */
export const verifyTransferSignature = (tx: TransferTx): boolean => verifySchnorr(tx.signature, transferSigHash(tx), tx.sender);

export { publicKeyOf } from '../crypto/schnorr';
