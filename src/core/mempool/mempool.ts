// The mempool: valid transfers waiting for a block. Each sender has a chain of pending transfers
// with consecutive nonces starting at their account's next nonce, so any prefix of a chain is
// valid in a block. Policy (not consensus): a minimum relay fee rate, a size cap that evicts the
// lowest fee rate first, and replace-by-fee for the same (sender, nonce).
import { Emitter } from '../util/emitter';
import { toHex } from '../encoding/bytes';
import { VerifyError } from '../protocol/verify-error';
import { encodeTx, txid, type Tx, type TransferTx } from '../primitives/tx';
import { checkTransferSanity, isTransfer } from '../consensus/tx-rules';
import { applyTransfer, StateView } from '../consensus/connect';
import type { Chain } from '../chain/chain';
import type { Block } from '../primitives/block';

export interface MempoolEntry {
  tx: TransferTx;
  id: string;
  size: number;
  senderHex: string;
  /** When it entered, in the caller's clock (for display). */
  time: number;
}

export type RemovalReason = 'confirmed' | 'replaced' | 'evicted' | 'invalid';

export interface MempoolEvents extends Record<string, unknown> {
  added: MempoolEntry;
  removed: { entry: MempoolEntry; reason: RemovalReason; by?: string };
}

export interface MempoolOptions {
  /** Minimum relay fee rate, base units per byte. */
  minFeeRate?: bigint;
  maxBytes?: number;
  maxPerSender?: number;
  now?: () => number;
}

/** Whether a pays a higher fee rate than b (fee/size, compared without division). */
export const higherFeeRate = (a: MempoolEntry, b: MempoolEntry): boolean => a.tx.fee * BigInt(b.size) > b.tx.fee * BigInt(a.size);

export class Mempool {
  readonly events = new Emitter<MempoolEvents>();
  private readonly byId = new Map<string, MempoolEntry>();
  /** Per sender, pending transfers ordered by nonce. */
  private readonly chains = new Map<string, MempoolEntry[]>();
  private bytes = 0;
  readonly minFeeRate: bigint;
  readonly maxBytes: number;
  readonly maxPerSender: number;

  constructor(
    private readonly chain: Chain,
    private readonly options: MempoolOptions = {},
  ) {
    this.minFeeRate = options.minFeeRate ?? 5n;
    this.maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
    this.maxPerSender = options.maxPerSender ?? 25;
    chain.events.on('connect', ({ block }) => this.blockConnected(block));
    chain.events.on('disconnect', ({ block }) => this.blockDisconnected(block));
  }

  get size(): number {
    return this.byId.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get(id: string): MempoolEntry | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  entries(): MempoolEntry[] {
    return [...this.byId.values()];
  }

  /** Pending transfers of a sender, by nonce. */
  pendingOf(senderHex: string): MempoolEntry[] {
    return [...(this.chains.get(senderHex) ?? [])];
  }

  /** The next nonce a new transfer from this sender should use. */
  nextNonce(senderHex: string): number {
    return (this.chain.account(senderHex)?.nonce ?? 0) + (this.chains.get(senderHex)?.length ?? 0);
  }

  /** Admits a transfer, or throws VerifyError saying which rule it breaks. */
  add(tx: Tx): MempoolEntry {
    if (!isTransfer(tx)) throw new VerifyError('mempool-coinbase', 'a coinbase is only valid inside its block', 10);
    const id = toHex(txid(tx));
    if (this.byId.has(id)) throw new VerifyError('mempool-duplicate', 'already in the mempool', 0);
    checkTransferSanity(tx, id, this.chain.params, this.chain.sigCache);
    const size = encodeTx(tx).length;
    const entry: MempoolEntry = { tx, id, size, senderHex: toHex(tx.sender), time: this.options.now?.() ?? 0 };
    if (tx.fee < this.minFeeRate * BigInt(size)) {
      throw new VerifyError('mempool-fee-too-low', `fee ${tx.fee} is below ${this.minFeeRate * BigInt(size)} (${this.minFeeRate}/byte)`, 0);
    }
    const base = this.chain.account(entry.senderHex)?.nonce ?? 0;
    const pending = this.chains.get(entry.senderHex) ?? [];
    const slot = tx.nonce - base;
    if (slot < 0 || slot > pending.length) {
      throw new VerifyError('tx-bad-nonce', `nonce ${tx.nonce}; the sender's next is ${base + pending.length}`, 0);
    }
    const replaced = pending[slot];
    if (replaced) {
      // BIP125-like: pay more in total and per byte, by at least the relay fee of the new bytes.
      if (!higherFeeRate(entry, replaced) || tx.fee < replaced.tx.fee + this.minFeeRate * BigInt(size)) {
        throw new VerifyError('mempool-rbf-fee-too-low', `replacement fee ${tx.fee} does not beat ${replaced.tx.fee} enough`, 0);
      }
    } else if (pending.length >= this.maxPerSender) {
      throw new VerifyError('mempool-chain-too-long', `${pending.length} pending from this sender`, 0);
    }
    // The sender's chain with this transfer in its slot must still be payable, in order.
    const candidate = [...pending.slice(0, slot), entry];
    this.checkPayable(candidate);
    if (!replaced && this.bytes + size > this.maxBytes) this.makeRoom(entry);
    if (replaced) {
      // Take the old one out of the index only: the new one takes its slot in the sender's chain.
      this.byId.delete(replaced.id);
      this.bytes -= replaced.size;
      this.events.emit('removed', { entry: replaced, reason: 'replaced', by: id });
    }
    this.insert(entry, slot);
    // Later transfers may no longer be payable after a costlier replacement.
    if (replaced) this.revalidateSender(entry.senderHex);
    this.events.emit('added', entry);
    return entry;
  }

  /** Transfers for a block: by fee rate across senders, each sender's in nonce order. */
  selectForBlock(maxBytes: number): TransferTx[] {
    const height = this.chain.height + 1;
    const view = new StateView((k) => this.chain.account(k));
    const heads = new Map<string, number>();
    for (const sender of this.chains.keys()) heads.set(sender, 0);
    const out: TransferTx[] = [];
    let bytes = 0;
    for (;;) {
      let best: MempoolEntry | null = null;
      for (const [sender, i] of heads) {
        const e = this.chains.get(sender)?.[i];
        if (!e) heads.delete(sender);
        else if (!best || higherFeeRate(e, best)) best = e;
      }
      if (!best) break;
      const next = (heads.get(best.senderHex) as number) + 1;
      if (bytes + best.size > maxBytes) {
        heads.delete(best.senderHex);
        continue;
      }
      try {
        applyTransfer(view, best.tx, height);
      } catch {
        heads.delete(best.senderHex);
        continue;
      }
      out.push(best.tx);
      bytes += best.size;
      heads.set(best.senderHex, next);
    }
    return out;
  }

  private checkPayable(entries: MempoolEntry[]): void {
    const view = new StateView((k) => this.chain.account(k));
    for (const e of entries) applyTransfer(view, e.tx, this.chain.height + 1);
  }

  /** Evicts the lowest fee-rate chain tails until entry fits, or rejects entry if it pays least. */
  private makeRoom(entry: MempoolEntry): void {
    while (this.bytes + entry.size > this.maxBytes) {
      let worst: MempoolEntry | null = null;
      for (const list of this.chains.values()) {
        const tail = list[list.length - 1];
        if (tail && (!worst || higherFeeRate(worst, tail))) worst = tail;
      }
      if (!worst || !higherFeeRate(entry, worst)) throw new VerifyError('mempool-full', 'the mempool is full of higher fee rates', 0);
      this.removeEntry(worst, 'evicted');
    }
  }

  private insert(entry: MempoolEntry, slot: number): void {
    const list = this.chains.get(entry.senderHex) ?? [];
    list[slot] = entry;
    this.chains.set(entry.senderHex, list);
    this.byId.set(entry.id, entry);
    this.bytes += entry.size;
  }

  private removeEntry(entry: MempoolEntry, reason: RemovalReason | null, by?: string): void {
    if (!this.byId.delete(entry.id)) return;
    this.bytes -= entry.size;
    const list = this.chains.get(entry.senderHex);
    if (list) {
      const i = list.indexOf(entry);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.chains.delete(entry.senderHex);
    }
    if (reason) this.events.emit('removed', { entry, reason, by });
  }

  /** Drops whatever of a sender's chain no longer follows from the account's state. */
  private revalidateSender(senderHex: string): void {
    const list = this.chains.get(senderHex);
    if (!list) return;
    const account = this.chain.account(senderHex);
    const view = new StateView((k) => this.chain.account(k));
    let broken = false;
    for (const [i, e] of [...list].entries()) {
      if (!broken) {
        try {
          if (e.tx.nonce !== (account?.nonce ?? 0) + i) throw new VerifyError('tx-bad-nonce', 'out of sequence');
          applyTransfer(view, e.tx, this.chain.height + 1);
          continue;
        } catch {
          broken = true;
        }
      }
      this.removeEntry(e, 'invalid');
    }
  }

  private blockConnected(block: Block): void {
    const senders = new Set<string>();
    for (const tx of block.txs) {
      if (!isTransfer(tx)) continue;
      const senderHex = toHex(tx.sender);
      senders.add(senderHex);
      const id = toHex(txid(tx));
      const mine = this.byId.get(id);
      if (mine) {
        this.removeEntry(mine, 'confirmed');
        continue;
      }
      // Another transfer with this (sender, nonce) confirmed: ours can never be.
      const clash = this.chains.get(senderHex)?.find((e) => e.tx.nonce === tx.nonce);
      if (clash) this.removeEntry(clash, 'replaced', id);
    }
    for (const s of senders) this.revalidateSender(s);
  }

  private blockDisconnected(block: Block): void {
    // Transfers of a block leaving the chain are valid again on its parent, in block order.
    const senders = new Set<string>();
    for (const tx of block.txs) {
      if (!isTransfer(tx)) continue;
      senders.add(toHex(tx.sender));
    }
    // Those senders' pending transfers follow the block's in nonce order: take them out quietly
    // and re-add everything in order. Whatever no longer fits is dropped.
    const requeue: Array<{ tx: TransferTx; was?: MempoolEntry }> = [];
    for (const tx of block.txs) if (isTransfer(tx)) requeue.push({ tx });
    for (const s of senders) {
      for (const e of this.pendingOf(s)) {
        requeue.push({ tx: e.tx, was: e });
        this.removeEntry(e, null);
      }
    }
    for (const { tx, was } of requeue) {
      try {
        this.add(tx);
      } catch {
        if (was) this.events.emit('removed', { entry: was, reason: 'invalid' });
      }
    }
  }
}
