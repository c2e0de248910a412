// Transaction rules that need no chain state: network, amounts, fee, memo, signature.
// Reading path: stop 4, rules (src/core/READING.md).
import { VerifyError } from '../protocol/verify-error';
import { MAX_MEMO_BYTES, MAX_MONEY, MIN_TX_FEE } from '../protocol/consensus';
import { bytesEqual } from '../encoding/bytes';
import { TX_KIND_TRANSFER, type Tx, type TransferTx } from '../primitives/tx';
import type { NetworkParams } from '../protocol/networks';
import type { SigCache } from './sig-cache';

/** Checks a transfer on its own. The signature is checked last, as it is the costly part. */
export function checkTransferSanity(tx: TransferTx, id: string, params: NetworkParams, sigs: SigCache): void {
  if (!bytesEqual(tx.chainId, params.genesisHash)) throw new VerifyError('tx-wrong-chain', 'signed for another network');
  if (tx.amount <= 0n || tx.amount > MAX_MONEY) throw new VerifyError('tx-bad-amount', `amount ${tx.amount}`);
  if (tx.fee < MIN_TX_FEE) throw new VerifyError('tx-fee-too-low', `fee ${tx.fee} is below ${MIN_TX_FEE}`);
  // The amount is at least 1 here, so this also bounds the fee on its own.
  if (tx.amount + tx.fee > MAX_MONEY) throw new VerifyError('tx-overflow', 'amount plus fee exceeds the supply cap');
  checkMemo(tx);
  if (!sigs.verify(tx, id)) throw new VerifyError('tx-bad-sig', 'signature does not verify');
}

/** Every other field has a fixed size, so the memo bound also bounds the transaction (MAX_TX_BYTES). */
export function checkMemo(tx: Tx): void {
  if (tx.memo.length > MAX_MEMO_BYTES) throw new VerifyError('tx-memo-too-long', `memo of ${tx.memo.length} bytes, limit ${MAX_MEMO_BYTES}`);
}

export const isTransfer = (tx: Tx): tx is TransferTx => tx.kind === TX_KIND_TRANSFER;
