// What the attack lab's double spends need to know about their transfers: which block of the
// active chain holds each one, how many confirmations it has, and how many it had when a reorg
// took it out again. That last number is the lesson: a payment that was undone at k
// confirmations needed k + 1 to be safe. Read from the node's own chain events, as any wallet would.
// Also the pair of transfers every double spend starts with: two real signed transfers from the
// same account with the same nonce, so at most one of them can ever be in a chain.
import { toHex } from '../core/encoding/bytes';
import { txid, type TransferTx } from '../core/primitives/tx';
import type { Chain } from '../core/chain/chain';

/** Signs transfers from one account with its next nonce, without submitting them (the node's Wallet is one). */
export interface LabPayer {
  readonly address: string;
  prepare(to: string, amount: bigint, fee: bigint, memo?: string): TransferTx;
}

export interface ConflictingPair {
  /** Pays the victim (the merchant). */
  pay: TransferTx;
  /** Pays the same coins back to the attacker, with the same nonce and fee. */
  back: TransferTx;
  nonce: number;
}

/**
 * Two transfers of `amount` with the same nonce: one to `to`, one back to the payer. Same fee and
 * same size, so neither can replace the other in a mempool (BIP125 rule 6 wants a better fee
 * rate): each node keeps whichever it heard first.
 */
export function conflictingPair(payer: LabPayer, to: string, amount: bigint, fee: bigint): ConflictingPair {
  // Neither goes into our own mempool before both are signed, so both get the same next nonce.
  const pay = payer.prepare(to, amount, fee);
  const back = payer.prepare(payer.address, amount, fee);
  if (pay.nonce !== back.nonce) throw new Error(`the two transfers got nonces ${pay.nonce} and ${back.nonce}`);
  return { pay, back, nonce: pay.nonce };
}

export const txidHex = (tx: TransferTx): string => toHex(txid(tx));

export interface Confirmation {
  height: number;
  blockHash: string;
}

/** Where the watched transfers are in the active chain, following connects and reorgs. */
export class ConfirmationWatch {
  private readonly at = new Map<string, Confirmation>();
  /** Each time a block holding a watched transfer left the active chain: which, and its confirmations then. */
  readonly reversals: Array<{ txid: string; confirmations: number }> = [];
  /** The height of the last block connected: the tip when a run of disconnects starts. */
  private top: number;
  private readonly unsubscribe: Array<() => void>;

  constructor(
    private readonly chain: Pick<Chain, 'events' | 'height'>,
    private readonly watched: ReadonlySet<string>,
    onChange: () => void,
  ) {
    this.top = chain.height;
    this.unsubscribe = [
      chain.events.on('connect', ({ entry, block }) => {
        this.top = entry.height;
        for (const tx of block.txs) {
          const id = toHex(txid(tx));
          if (watched.has(id)) this.at.set(id, { height: entry.height, blockHash: entry.hashHex });
        }
      }),
      chain.events.on('disconnect', ({ entry }) => {
        for (const [id, c] of this.at) {
          if (c.blockHash !== entry.hashHex) continue;
          this.reversals.push({ txid: id, confirmations: this.top - c.height + 1 });
          this.at.delete(id);
        }
      }),
      chain.events.on('tip', () => onChange()),
    ];
  }

  /** The block holding it in the active chain, or null. */
  confirmation(id: string): Confirmation | null {
    return this.at.get(id) ?? null;
  }

  confirmations(id: string): number {
    const c = this.at.get(id);
    return c ? this.chain.height - c.height + 1 : 0;
  }

  /**
   * How many confirmations a receiver of `id` had to wait for in this run: one more than it had
   * when it was last undone, and at least one (at zero, a conflicting transfer can still win).
   */
  needed(id: string): number {
    return 1 + Math.max(0, ...this.reversals.filter((r) => r.txid === id).map((r) => r.confirmations));
  }

  stop(): void {
    for (const off of this.unsubscribe) off();
  }
}
