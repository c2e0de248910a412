// The mempool: valid transfers waiting for a block. Each sender has a chain of pending transfers
// with consecutive nonces starting at their account's next nonce, so any prefix of a chain is
// valid in a block. Policy (not consensus): a minimum relay fee rate, a size cap that evicts the
// lowest fee-rate chain tail first (eviction.ts), and replace-by-fee for the same (sender, nonce)
// that pays for everything it evicts (BIP125 rules 3, 4, 6). After every change of the chain the
// pool rechecks each sender whose state changed, so it always holds exactly what a block on the
// tip could include.
// Reading path: stop 7, the mempool (src/core/READING.md).
import { Emitter } from '../util/emitter';
import { toHex } from '../encoding/bytes';
import { VerifyError } from '../protocol/verify-error';
import { encodeTx, txid, type Tx, type TransferTx } from '../primitives/tx';
import { checkTransferSanity, isTransfer } from '../consensus/tx-rules';
import { applyTransfer, StateView } from '../consensus/connect';
import type { Chain } from '../chain/chain';
import type { Block } from '../primitives/block';
import type { IndexEntry } from '../chain/header-index';
import { spendableAt } from '../state/account';
import { higherFeeRate, planEviction } from './eviction';
import { TailHeap } from './tail-heap';

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

export class Mempool {
  readonly events = new Emitter<MempoolEvents>();
  private readonly byId = new Map<string, MempoolEntry>();
  /** Per sender, pending transfers ordered by nonce. */
  private readonly chains = new Map<string, MempoolEntry[]>();
  /** Every sender's last pending transfer, by eviction order (kept in step by setChain). */
  private readonly tails = new TailHeap<MempoolEntry>();
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
    chain.events.on('disconnect', ({ entry, block }) => this.blockDisconnected(entry, block));
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

  /** Admits a transfer, or throws VerifyError saying which rule it breaks. Changes nothing if it throws. */
  add(tx: Tx): MempoolEntry {
    const entry = this.admissible(tx);
    const pending = this.chains.get(entry.senderHex) ?? [];
    const slot = this.slotOf(entry, pending);
    const replaced = pending[slot];
    if (!replaced && pending.length >= this.maxPerSender) throw new VerifyError('mempool-chain-too-long', `${pending.length} pending from this sender`, 0);
    // The sender's chain with this transfer in its slot; later ones stay while they still pay.
    const { kept, dropped } = this.planChain(pending, slot, entry);
    if (replaced) {
      // BIP125 rules 3, 4 and 6: a better fee rate than the one replaced, and a fee that pays for
      // everything it evicts plus the relay of its own bytes (else evicting is free relay).
      const evictedFees = [replaced, ...dropped].reduce((n, e) => n + e.tx.fee, 0n);
      const needed = evictedFees + this.minFeeRate * BigInt(entry.size);
      if (!higherFeeRate(entry, replaced) || entry.tx.fee < needed) {
        const what = dropped.length > 0 ? `the ${dropped.length + 1} transfers it evicts` : 'the one it replaces';
        throw new VerifyError('mempool-rbf-fee-too-low', `replacement fee ${entry.tx.fee} is below ${needed}, needed to pay for ${what}`, 0);
      }
    }
    const freed = [replaced, ...dropped].reduce((n, e) => n + (e?.size ?? 0), 0);
    const evict = planEviction(this.tails.evictionOrder(this.chains, entry.senderHex), this.maxBytes - this.bytes + freed, entry.size, entry, this.minFeeRate);
    if (!evict) throw new VerifyError('mempool-full', 'the mempool is full of higher fee rates', 0);
    for (const e of evict) this.removeEntry(e, 'evicted');
    if (replaced) this.removeEntry(replaced, 'replaced', entry.id);
    for (const e of dropped) this.removeEntry(e, 'invalid');
    this.setChain(entry.senderHex, [...pending.slice(0, slot), entry, ...kept]);
    this.byId.set(entry.id, entry);
    this.bytes += entry.size;
    this.events.emit('added', entry);
    return entry;
  }

  /**
   * What replacing pending transfer `old` with the same transfer paying `fee` costs under BIP125
   * rules 3 and 4: the fees of everything it evicts (itself and the follow-ons the new fee makes
   * unpayable) plus the relay of its own bytes. Throws VerifyError if it is not pending, or if
   * the sender cannot pay that fee.
   */
  replacementNeeds(old: TransferTx, fee: bigint): { needed: bigint; evicts: number } {
    const senderHex = toHex(old.sender);
    const pending = this.chains.get(senderHex) ?? [];
    const slot = old.nonce - (this.chain.account(senderHex)?.nonce ?? 0);
    const replaced = pending[slot];
    if (!replaced || replaced.tx.nonce !== old.nonce) throw new VerifyError('tx-bad-nonce', `nonce ${old.nonce} is not pending`, 0);
    const candidate = { ...replaced, tx: { ...replaced.tx, fee } };
    const { dropped } = this.planChain(pending, slot, candidate);
    const evictedFees = [replaced, ...dropped].reduce((n, e) => n + e.tx.fee, 0n);
    return { needed: evictedFees + this.minFeeRate * BigInt(replaced.size), evicts: dropped.length + 1 };
  }

  /**
   * The least fee that replaces `old`: raised until it pays for what it evicts at that fee (a
   * higher fee may leave later transfers unpayable, so each step can only add evictions; at most
   * one step per pending transfer). Rule 6 (a better fee rate) holds too: the size is unchanged.
   */
  replacementMinimum(old: TransferTx): bigint {
    let fee = old.fee + 1n;
    for (;;) {
      const { needed } = this.replacementNeeds(old, fee);
      if (needed <= fee) return fee;
      fee = needed;
    }
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
      // Every chain is payable on the tip by itself, and other senders' transfers only add funds:
      // a failure here is a bug, and it must surface rather than quietly shrink the block.
      applyTransfer(view, best.tx, height);
      out.push(best.tx);
      bytes += best.size;
      heads.set(best.senderHex, next);
    }
    return out;
  }

  /** The rules a transfer meets on its own: kind, duplicate, network, amounts, signature, relay fee. */
  private admissible(tx: Tx): MempoolEntry {
    if (!isTransfer(tx)) throw new VerifyError('mempool-coinbase', 'a coinbase is only valid inside its block', 10);
    const id = toHex(txid(tx));
    if (this.byId.has(id)) throw new VerifyError('mempool-duplicate', 'already in the mempool', 0);
    checkTransferSanity(tx, id, this.chain.params, this.chain.sigCache);
    const size = encodeTx(tx).length;
    if (tx.fee < this.minFeeRate * BigInt(size)) {
      throw new VerifyError('mempool-fee-too-low', `fee ${tx.fee} is below ${this.minFeeRate * BigInt(size)} (${this.minFeeRate}/byte)`, 0);
    }
    return { tx, id, size, senderHex: toHex(tx.sender), time: this.options.now?.() ?? 0 };
  }

  /** Where entry goes in its sender's chain: a pending nonce (a replacement) or the next one. */
  private slotOf(entry: MempoolEntry, pending: MempoolEntry[]): number {
    const base = this.chain.account(entry.senderHex)?.nonce ?? 0;
    const slot = entry.tx.nonce - base;
    if (slot < 0 || slot > pending.length) throw new VerifyError('tx-bad-nonce', `nonce ${entry.tx.nonce}; the sender's next is ${base + pending.length}`, 0);
    return slot;
  }

  /** Checks entry in its slot on the tip state; splits the later transfers into those still payable and the rest. */
  private planChain(pending: MempoolEntry[], slot: number, entry: MempoolEntry): { kept: MempoolEntry[]; dropped: MempoolEntry[] } {
    const height = this.chain.height + 1;
    const view = new StateView((k) => this.chain.account(k));
    for (const e of pending.slice(0, slot)) applyTransfer(view, e.tx, height);
    applyTransfer(view, entry.tx, height);
    const later = pending.slice(slot + 1);
    const good = payablePrefix(view, later, height);
    return { kept: later.slice(0, good), dropped: later.slice(good) };
  }

  private setChain(senderHex: string, list: MempoolEntry[]): void {
    if (list.length === 0) this.chains.delete(senderHex);
    else this.chains.set(senderHex, list);
    this.tails.set(senderHex, list[list.length - 1] ?? null);
  }

  private removeEntry(entry: MempoolEntry, reason: RemovalReason | null, by?: string): void {
    if (!this.byId.delete(entry.id)) return;
    this.bytes -= entry.size;
    const list = this.chains.get(entry.senderHex);
    if (list) this.setChain(entry.senderHex, list.filter((e) => e !== entry));
    if (reason) this.events.emit('removed', { entry, reason, by });
  }

  /**
   * Rebuilds a sender's chain from the tip state: `front` (transfers of a disconnected block,
   * not yet in the pool) then its pending ones, keeping the longest prefix that follows on from
   * the account's next nonce and pays, within the per-sender limit. Returns the new entries kept.
   */
  private rebuildSender(senderHex: string, front: MempoolEntry[] = []): MempoolEntry[] {
    const pending = this.chains.get(senderHex) ?? [];
    const all = [...front, ...pending];
    const view = new StateView((k) => this.chain.account(k));
    const good = Math.min(payablePrefix(view, all, this.chain.height + 1), this.maxPerSender);
    for (const e of all.slice(good)) this.removeEntry(e, 'invalid');
    const added = front.slice(0, good);
    for (const e of added) {
      this.byId.set(e.id, e);
      this.bytes += e.size;
    }
    this.setChain(senderHex, all.slice(0, good));
    return added;
  }

  /** Evicts the lowest fee-rate tails until the pool is within its cap again (after a reorg). */
  private trimToCap(): void {
    for (const e of planEviction(this.tails.evictionOrder(this.chains, null), this.maxBytes - this.bytes, 0, null) ?? []) this.removeEntry(e, 'evicted');
  }

  private blockConnected(block: Block): void {
    // A connected block can only lower its senders' state; recipients and maturity only gain.
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
    for (const s of senders) this.rebuildSender(s);
  }

  private blockDisconnected(entry: IndexEntry, block: Block): void {
    // Transfers of a block leaving the chain are valid again on its parent, in block order,
    // ahead of their senders' pending ones.
    const front = new Map<string, MempoolEntry[]>();
    const changed = new Set<string>();
    const coinbase = block.txs[0];
    if (coinbase) changed.add(toHex(coinbase.recipient));
    for (const tx of block.txs) {
      if (!isTransfer(tx)) continue;
      const senderHex = toHex(tx.sender);
      changed.add(senderHex).add(toHex(tx.recipient));
      const back = this.readmissible(tx);
      if (back) front.set(senderHex, [...(front.get(senderHex) ?? []), back]);
    }
    // Whoever the block paid (its coinbase, its recipients) or whose reward it had matured (the
    // next height is now one lower) may no longer afford their pending transfers.
    for (const s of this.chains.keys()) {
      const account = this.chain.account(s);
      if (account && spendableAt(account, entry.height) !== spendableAt(account, entry.height + 1)) changed.add(s);
    }
    const added: MempoolEntry[] = [];
    for (const s of new Set([...front.keys(), ...changed])) added.push(...this.rebuildSender(s, front.get(s)));
    this.trimToCap();
    for (const e of added) if (this.byId.has(e.id)) this.events.emit('added', e);
  }

  /** A disconnected block's transfer as a pool entry, or null if relay policy refuses it. */
  private readmissible(tx: TransferTx): MempoolEntry | null {
    try {
      return this.admissible(tx);
    } catch (error) {
      if (error instanceof VerifyError) return null;
      throw error;
    }
  }
}

/** How many of entries, applied in order to view at height, pay (nonce, funds, maturity). */
function payablePrefix(view: StateView, entries: readonly MempoolEntry[], height: number): number {
  for (const [i, e] of entries.entries()) {
    try {
      applyTransfer(view, e.tx, height);
    } catch (error) {
      if (error instanceof VerifyError) return i;
      throw error;
    }
  }
  return entries.length;
}
