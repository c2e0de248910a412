// The wallet's view of the chain: every payment that pays or spends a watched account, with its
// status (pending, confirmed with N confirmations, replaced, dropped), following blocks, reorgs and
// the mempool as they happen.
//
// One payment is one row. A transfer is identified by its sender and nonce: the account model lets
// exactly one transfer per (sender, nonce) ever confirm, so a fee bump (a new txid in the same slot)
// updates the row instead of adding one, on the sender's side and on the recipient's.
import { Emitter } from '../core/util/emitter';
import { toHex } from '../core/encoding/bytes';
import { txid, TX_KIND_COINBASE, type Tx } from '../core/primitives/tx';
import { spendableAt, totalOf } from '../core/state/account';
import type { Block } from '../core/primitives/block';
import type { SimpleCoinNode } from './node';

/** replaced: the sender replaced it with a transfer that no longer pays this account. */
export type HistoryStatus = 'pending' | 'confirmed' | 'replaced' | 'dropped';

export interface HistoryEntry {
  /** The current version's txid (the latest fee bump, or the one that confirmed). */
  txid: string;
  direction: 'in' | 'out' | 'self' | 'mined';
  amount: bigint;
  fee: bigint;
  /** The other side's key (hex): the recipient of a sent row, the sender of a received one. */
  counterparty: string;
  nonce: number | null;
  height: number | null;
  status: HistoryStatus;
  memo: string;
  /** Unix seconds: the block's time once confirmed, else when this node first saw it. */
  time: number | null;
  /** How many earlier versions (fee bumps) this payment replaced. */
  bumps: number;
  tx: Tx;
}

export interface WalletBalances {
  /** Everything the confirmed chain gives the account, mature or not. */
  confirmed: bigint;
  /** Part of `confirmed` that is mining rewards not yet mature. */
  locked: bigint;
  /** The height at which the next locked reward can be spent, if any. */
  nextUnlockHeight: number | null;
  /** What it can spend in the next block, pending outgoing transfers already deducted. */
  spendable: bigint;
  /** Pending transfers to the account, not yet in a block. */
  incoming: bigint;
  /** Pending transfers from the account (amount and fee), not yet in a block. */
  outgoing: bigint;
  /** The balance once every pending transfer confirms: confirmed + incoming − outgoing. */
  afterPending: bigint;
  nonce: number;
}

const decoder = new TextDecoder();

const slotOf = (tx: Tx, id: string): string => (tx.kind === TX_KIND_COINBASE ? `coinbase:${id}` : `${toHex(tx.sender)}:${tx.nonce}`);

export class WalletTracker {
  readonly events = new Emitter<{ change: void }>();
  /** Rows by payment slot (sender:nonce, or coinbase:txid). */
  private readonly entries = new Map<string, HistoryEntry>();
  /** Every txid seen, current or replaced, to its row's slot. */
  private readonly slots = new Map<string, string>();
  private scanning: Promise<void> | null = null;

  constructor(
    private readonly node: SimpleCoinNode,
    readonly keyHex: string,
  ) {
    node.chain.events.on('connect', ({ entry, block }) => this.onBlock(block, entry.height, true));
    node.chain.events.on('disconnect', ({ block }) => this.onBlock(block, null, false));
    node.mempool.events.on('added', (e) => {
      if (this.note(e.tx, null, 'pending', e.time)) this.changed();
    });
    node.mempool.events.on('removed', ({ entry, reason }) => {
      const h = this.current(entry.id);
      if (!h || reason === 'confirmed' || h.status === 'confirmed') return;
      // A replacement that still concerns us arrives as 'added' right after and takes the row over.
      h.status = reason === 'replaced' ? 'replaced' : 'dropped';
      this.changed();
    });
    for (const e of node.mempool.entries()) this.note(e.tx, null, 'pending', e.time);
  }

  /** Reads the active chain once for this account's past transactions. */
  rescan(): Promise<void> {
    this.scanning ??= (async () => {
      const { chain } = this.node;
      for (let h = 1; h <= chain.height; h++) {
        if (h > chain.height) break;
        const entry = chain.entryAt(h);
        const block = await chain.loadBlock(entry);
        if (chain.isActive(entry)) this.onBlock(block, h, true, false);
      }
      this.changed();
    })();
    return this.scanning;
  }

  /** Newest first: pending rows, then confirmed ones by height. */
  history(): Array<HistoryEntry & { confirmations: number }> {
    const tip = this.node.chain.height;
    return [...this.entries.values()]
      .map((e) => ({ ...e, confirmations: e.height === null || e.status !== 'confirmed' ? 0 : tip - e.height + 1 }))
      .sort((a, b) => (b.height ?? Infinity) - (a.height ?? Infinity) || (b.time ?? 0) - (a.time ?? 0));
  }

  balances(): WalletBalances {
    const { chain, mempool } = this.node;
    const account = chain.account(this.keyHex);
    const confirmed = account ? totalOf(account) : 0n;
    const nextHeight = chain.height + 1;
    const spendableOnChain = account ? spendableAt(account, nextHeight) : 0n;
    const stillLocked = account?.locked.filter((l) => l.unlockHeight > nextHeight) ?? [];
    let incoming = 0n;
    let outgoing = 0n;
    for (const e of mempool.entries()) {
      if (e.senderHex === this.keyHex) outgoing += e.tx.amount + e.tx.fee;
      if (toHex(e.tx.recipient) === this.keyHex) incoming += e.tx.amount;
    }
    const spendable = spendableOnChain - outgoing;
    return {
      confirmed,
      locked: confirmed - spendableOnChain,
      nextUnlockHeight: stillLocked.length ? Math.min(...stillLocked.map((l) => l.unlockHeight)) : null,
      spendable: spendable > 0n ? spendable : 0n,
      incoming,
      outgoing,
      afterPending: confirmed + incoming - outgoing,
      nonce: mempool.nextNonce(this.keyHex),
    };
  }

  /** The row of a payment, by the txid of any of its versions. */
  get(id: string): HistoryEntry | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : this.entries.get(slot);
  }

  /** The row whose current version is `id`. */
  private current(id: string): HistoryEntry | undefined {
    const h = this.get(id);
    return h?.txid === id ? h : undefined;
  }

  private onBlock(block: Block, height: number | null, connected: boolean, notify = true): void {
    let touched = false;
    for (const tx of block.txs) {
      const id = toHex(txid(tx));
      if (connected) touched = this.note(tx, height, 'confirmed', block.header.time, id) || touched;
      else {
        const h = this.current(id);
        if (!h) continue;
        // Leaving the chain: back to pending if the mempool took it again, else dropped.
        h.height = null;
        h.status = this.node.mempool.has(id) ? 'pending' : 'dropped';
        touched = true;
      }
    }
    if (touched && notify) this.changed();
  }

  /** Records tx if it concerns the account, in its payment's row. */
  private note(tx: Tx, height: number | null, status: HistoryStatus, time: number | null, id = toHex(txid(tx))): boolean {
    const to = toHex(tx.recipient);
    const from = tx.kind === TX_KIND_COINBASE ? null : toHex(tx.sender);
    if (to !== this.keyHex && from !== this.keyHex) return false;
    if (tx.kind === TX_KIND_COINBASE && tx.amount === 0n) return false;
    const slot = slotOf(tx, id);
    const existing = this.entries.get(slot);
    // A confirmed payment stays as it is until its block leaves the chain.
    if (existing?.status === 'confirmed' && status === 'pending') return false;
    const direction = tx.kind === TX_KIND_COINBASE ? 'mined' : from === to ? 'self' : from === this.keyHex ? 'out' : 'in';
    const bumps = (existing?.bumps ?? 0) + (existing && existing.txid !== id ? 1 : 0);
    this.slots.set(id, slot);
    this.entries.set(slot, {
      txid: id,
      direction,
      amount: tx.amount,
      fee: tx.kind === TX_KIND_COINBASE ? 0n : tx.fee,
      counterparty: direction === 'out' ? to : (from ?? ''),
      nonce: tx.kind === TX_KIND_COINBASE ? null : tx.nonce,
      height,
      status,
      memo: decoder.decode(tx.memo),
      time: status === 'confirmed' ? time : (existing?.time ?? time),
      bumps,
      tx,
    });
    return true;
  }

  private changed(): void {
    this.events.emit('change', undefined);
  }
}
