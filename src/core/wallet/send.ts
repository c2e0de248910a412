// Building a transfer the user asked for: check what can be checked before signing, suggest a fee,
// and sign over every field (see primitives/tx.ts).
// Reading path: beside it, after stops 2 and 5 (src/core/READING.md).
import { MAX_MEMO_BYTES, MAX_MONEY, MIN_TX_FEE, TRANSFER_BASE_BYTES } from '../protocol/consensus';
import type { NetworkParams } from '../protocol/networks';
import { AddressError, decodeAddress, type AddressErrorCode } from '../primitives/address';
import { CodedError, type ErrorParams } from '../protocol/coded-error';
import type { AmountErrorCode } from './amount';
import { encodeTx, signTransfer, TX_KIND_TRANSFER, type TransferTx, type UnsignedTransfer } from '../primitives/tx';
import { utf8 } from '../encoding/bytes';
import { formatCoins } from './amount';

/** Why a send or a fee bump is refused before it is signed (the node's wallet adds the last six). */
export const SEND_ERRORS = [
  'send-missing-to',
  'send-missing-amount',
  'send-amount-zero',
  'send-fee-low',
  'send-too-much',
  'send-memo-long',
  'send-insufficient',
  'send-locked',
  'bump-locked',
  'bump-fee-low',
  'bump-insufficient',
  'bump-evicts',
  'bump-not-own',
  'bump-unpayable',
] as const;
export type SendErrorCode = (typeof SEND_ERRORS)[number];

/** A refused send, naming the form field to fix; a bad address or amount keeps its own code. */
export class SendError extends CodedError<SendErrorCode | AddressErrorCode | AmountErrorCode> {
  override name = 'SendError';
  constructor(
    readonly field: 'to' | 'amount' | 'fee' | 'memo' | 'wallet',
    code: SendErrorCode | AddressErrorCode | AmountErrorCode,
    message: string,
    params: ErrorParams = {},
  ) {
    super(code, message, params);
  }

  /** The same error, placed at `field`. */
  static from(field: SendError['field'], error: CodedError<AddressErrorCode | AmountErrorCode>): SendError {
    return new SendError(field, error.code, error.message, error.params);
  }
}

/** The size of every transfer with this memo, in bytes. */
export const transferSize = (memoBytes: number) => TRANSFER_BASE_BYTES + memoBytes;

/** A fee that the relay policy accepts: minFeeRate per byte, at least the consensus minimum. */
export function suggestFee(minFeeRate: bigint, memoBytes: number, busy = false): bigint {
  const base = minFeeRate * BigInt(transferSize(memoBytes));
  const fee = base > MIN_TX_FEE ? base : MIN_TX_FEE;
  // When blocks are full, offer double to get ahead of the queue.
  return busy ? fee * 2n : fee;
}

export interface SendRequest {
  params: NetworkParams;
  to: string;
  amount: bigint;
  fee: bigint;
  memo?: string;
  sender: Uint8Array;
  nonce: number;
  /** What the sender can spend now, pending outgoing transfers already deducted. */
  spendable: bigint;
}

/** Checks a send before it is signed; throws SendError naming the field and what to do. */
export function prepareTransfer(r: SendRequest): UnsignedTransfer {
  let recipient: Uint8Array;
  try {
    recipient = decodeAddress(r.params.hrp, r.to);
  } catch (error) {
    if (error instanceof AddressError) throw SendError.from('to', error);
    throw error;
  }
  if (r.amount <= 0n) throw new SendError('amount', 'send-amount-zero', 'Enter an amount greater than zero.');
  if (r.fee < MIN_TX_FEE) throw new SendError('fee', 'send-fee-low', `The fee must be at least ${MIN_TX_FEE} units (${formatCoins(MIN_TX_FEE)} coins).`, { units: MIN_TX_FEE.toString(), minimum: MIN_TX_FEE });
  if (r.amount + r.fee > MAX_MONEY) throw new SendError('amount', 'send-too-much', 'That is more than could ever exist.');
  const memo = utf8(r.memo ?? '');
  if (memo.length > MAX_MEMO_BYTES) throw new SendError('memo', 'send-memo-long', `The note is too long: at most ${MAX_MEMO_BYTES} bytes.`, { max: MAX_MEMO_BYTES });
  if (r.amount + r.fee > r.spendable) {
    throw new SendError('amount', 'send-insufficient', 'Insufficient funds: amount plus fee is more than you can spend now. Mining rewards can be spent once they mature.');
  }
  return { kind: TX_KIND_TRANSFER, chainId: r.params.genesisHash, sender: r.sender, recipient, amount: r.amount, fee: r.fee, nonce: r.nonce, memo };
}

export function signPrepared(tx: UnsignedTransfer, secret: Uint8Array, aux: Uint8Array): { tx: TransferTx; bytes: Uint8Array } {
  const signed = signTransfer(tx, secret, aux);
  return { tx: signed, bytes: encodeTx(signed) };
}
